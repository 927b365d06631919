//! Python Workers deployed through the API and served by the edge: both handler forms, bindings,
//! a Python Worker calling a JavaScript Worker through a service binding, upload validation,
//! exceptions, and confinement of hostile code.

mod common;
use common::{worker_source, Hearth};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn deploy_py(
    h: &Hearth,
    name: &str,
    source: &str,
    bindings: serde_json::Value,
) -> common::Resp {
    let meta = json!({"main_module": "main.py", "compatibility_flags": ["python_workers"], "bindings": bindings}).to_string();
    let r = h
        .upload(
            Method::PUT,
            &format!("/accounts/{{a}}/workers/scripts/{name}"),
            &meta,
            &[("main.py", "text/x-python", source.as_bytes())],
        )
        .await;
    if r.status.is_success() {
        h.enable_subdomain(name).await;
    }
    r
}

#[tokio::test]
async fn python_calls_javascript_through_a_service_binding() {
    let h = Hearth::start().await;
    h.put_script("js-backend", "export default { async fetch(r) { return new Response(`js saw ${r.method} ${new URL(r.url).pathname} ${await r.text()}`) } }", json!([]))
        .await
        .result();
    let src = "from workers import Response, WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        r = await self.env.BACKEND.fetch('http://backend/from-python', method='POST', body='hi')\n        return Response('python got: ' + await r.text(), headers={'x-lang': 'py'})\n";
    deploy_py(
        &h,
        "py-front",
        src,
        json!([{"type": "service", "name": "BACKEND", "service": "js-backend"}]),
    )
    .await
    .result();
    let (status, body) = h.edge_get(&h.host("py-front"), "/").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "python got: js saw POST /from-python hi")
    );
}

#[tokio::test]
async fn python_bindings_and_errors() {
    let h = Hearth::start().await;
    let src = "from workers import Response\n\ndef on_fetch(request, env):\n    if request.url.endswith('/boom'):\n        raise ValueError('python failure')\n    return Response.json({'msg': env.MSG, 'cfg': env.CFG, 'secret': env.S})\n";
    deploy_py(
        &h,
        "py-b",
        src,
        json!([
            {"type": "plain_text", "name": "MSG", "text": "m"},
            {"type": "json", "name": "CFG", "json": {"n": [1, 2]}},
            {"type": "secret_text", "name": "S", "text": "s"}
        ]),
    )
    .await
    .result();
    let (status, body) = h.edge_get(&h.host("py-b"), "/").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v, json!({"msg": "m", "cfg": {"n": [1, 2]}, "secret": "s"}));
    let (status, body) = h.edge_get(&h.host("py-b"), "/boom").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.contains("1101"), "{body}");
    assert!(
        h.log().contains("python failure"),
        "the traceback is logged"
    );
    assert_eq!(
        h.edge_get(&h.host("py-b"), "/").await.0,
        StatusCode::OK,
        "healthy after an exception"
    );
}

#[tokio::test]
async fn python_upload_validation() {
    let h = Hearth::start().await;
    let r = deploy_py(
        &h,
        "py-bad",
        "def on_fetch(request, env)\n    return 1\n",
        json!([]),
    )
    .await;
    assert_eq!(r.error_code(), 10021);
    assert!(r.text.contains("SyntaxError"), "{}", r.text);
    let r = deploy_py(
        &h,
        "py-bad",
        "import module_that_does_not_exist\n",
        json!([]),
    )
    .await;
    assert_eq!(r.error_code(), 10021);
    assert!(r.text.contains("module_that_does_not_exist"), "{}", r.text);
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/py-bad/settings")
            .await
            .error_code(),
        10007,
        "nothing was created"
    );
}

#[tokio::test]
async fn hostile_python_is_confined_and_hearth_stays_healthy() {
    let h = Hearth::start().await;
    deploy_py(
        &h,
        "hostile",
        &worker_source("python/confinement.py"),
        json!([]),
    )
    .await
    .result();
    h.put_script(
        "bystander",
        "export default { fetch() { return new Response('still fine') } }",
        json!([]),
    )
    .await
    .result();
    h.enable_subdomain("bystander").await;
    for path in [
        "/write",
        "/read",
        "/socket",
        "/subprocess",
        "/system",
        "/fork",
    ] {
        let (_, body) = h.edge_get(&h.host("hostile"), path).await;
        // os.system may report the shell's failure (exit 127) instead of raising: nothing ran.
        let ran = body.starts_with("ALLOWED") && !(path == "/system" && body != "ALLOWED 0");
        assert!(!ran, "{path} was allowed: {body}");
        assert_eq!(h.edge_get(&h.host("bystander"), "/").await.1, "still fine");
    }
    assert!(!std::path::Path::new("/tmp/hearth-python-escape.txt").exists());
}

/// A tiny HTTP server on loopback answering every request with `origin says hi`.
async fn origin() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let _ = s.read(&mut buf).await;
                let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 14\r\nconnection: close\r\n\r\norigin says hi").await;
            });
        }
    });
    format!("http://{addr}/data")
}

#[tokio::test]
async fn python_fetch_follows_the_egress_policy() {
    let src = |url: &str| {
        format!(
            "from workers import Response, fetch\n\nasync def on_fetch(request, env):\n    try:\n        r = await fetch('{url}')\n        return Response('fetched: ' + await r.text())\n    except Exception as e:\n        return Response('refused: %s' % e, status=502)\n"
        )
    };
    let url = origin().await;
    // Default policy: loopback is not reachable.
    let h = Hearth::start().await;
    deploy_py(&h, "py-out", &src(&url), json!([]))
        .await
        .result();
    let (status, body) = h.edge_get(&h.host("py-out"), "/").await;
    assert!(
        !body.contains("origin says hi"),
        "reached loopback under the default policy: {body}"
    );
    assert_ne!(status, StatusCode::OK);
    // Allowed for tests with --allow-private-egress.
    let h = Hearth::start_with(&["--allow-private-egress"]).await;
    deploy_py(&h, "py-out", &src(&url), json!([]))
        .await
        .result();
    let (status, body) = h.edge_get(&h.host("py-out"), "/").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "fetched: origin says hi")
    );
}

#[tokio::test]
async fn javascript_calls_python_through_a_service_binding() {
    let h = Hearth::start().await;
    let py = "from workers import Response\n\nasync def on_fetch(request, env):\n    return Response('python saw ' + request.method + ' ' + await request.text())\n";
    deploy_py(&h, "py-backend", py, json!([])).await.result();
    h.put_script(
        "js-front",
        "export default { async fetch(r, env) { const x = await env.PY.fetch('http://py/', {method: 'POST', body: 'from js'}); return new Response('js got: ' + await x.text()) } }",
        json!([{"type": "service", "name": "PY", "service": "py-backend"}]),
    )
    .await
    .result();
    h.enable_subdomain("js-front").await;
    let (status, body) = h.edge_get(&h.host("js-front"), "/").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "js got: python saw POST from js"),
        "{}",
        h.log()
    );
}
