mod common;
use common::*;
use hearth_runtime::*;
use std::sync::Arc;
use std::time::Duration;

fn allow_private() -> RuntimeConfig {
    RuntimeConfig {
        threads: 1,
        egress: EgressPolicy {
            allow_private: true,
            ..Default::default()
        },
        ..Default::default()
    }
}

#[tokio::test]
async fn outbound_fetch_to_local_server_when_allowed() {
    let (addr, mut hits) = echo_server().await;
    let (rt, _) = runtime_with(allow_private());
    let c = Arc::new(module_worker("out", &worker_file("fetch/outbound.js")));
    let url = |p: &str| format!("http://out.test/{p}?target=http://{addr}");
    assert_eq!(
        call_get(&rt, &c, &url("post")).await,
        (200, "200 yes POST /echo ping".into())
    );
    assert_eq!(hits.recv().await.unwrap(), "POST /echo ping x-test=t1");
    assert_eq!(
        call_get(&rt, &c, &url("redirect")).await.1,
        "200 true true GET /final "
    );
    assert_eq!(call_get(&rt, &c, &url("manual")).await.1, "302 /final");
    let req = http::Request::builder()
        .method("PUT")
        .uri(url("proxy"))
        .body(body("streamed through"))
        .unwrap();
    assert_eq!(call(&rt, &c, req).await.2, "PUT /proxied streamed through");
    assert_eq!(
        call_get(&rt, &c, &url("upload")).await.1,
        "POST /upload chunk0;chunk1;chunk2;"
    );
    rt.shutdown();
}

#[tokio::test]
async fn default_policy_refuses_loopback() {
    let (addr, _hits) = echo_server().await;
    let (rt, _) = runtime(1);
    let c = Arc::new(module_worker("out", &worker_file("fetch/outbound.js")));
    let (s, b) = call_get(
        &rt,
        &c,
        &format!("http://out.test/plain?target=http://{addr}"),
    )
    .await;
    assert_eq!(s, 502);
    assert!(b.starts_with("TypeError:") && b.contains("refused"), "{b}");
    let (s, b) = call_get(
        &rt,
        &c,
        &format!(
            "http://out.test/plain?target=http://localhost:{}",
            addr.port()
        ),
    )
    .await;
    assert_eq!(s, 502);
    assert!(b.contains("refused"), "{b}");
    rt.shutdown();
}

#[tokio::test]
async fn subrequest_limit_per_request() {
    let (addr, _hits) = echo_server().await;
    let (rt, _) = runtime_with(allow_private());
    let mut c = module_worker("many", &worker_file("fetch/outbound.js"));
    c.limits.subrequests = 2;
    let c = Arc::new(c);
    let url = format!("http://out.test/many?target=http://{addr}");
    assert_eq!(
        call_get(&rt, &c, &url).await.1,
        "ok,ok,Too many subrequests by single Worker invocation"
    );
    // The count is per request.
    assert_eq!(
        call_get(&rt, &c, &url).await.1,
        "ok,ok,Too many subrequests by single Worker invocation"
    );
    rt.shutdown();
}

#[tokio::test]
async fn service_binding_and_other_binding_kinds() {
    let (rt, resolver) = runtime(2);
    let mut backend = module_worker("backend", &worker_file("bindings/backend.js"));
    backend.bindings.push(RuntimeBinding::PlainText {
        name: "NAME".into(),
        text: "backend".into(),
    });
    resolver
        .0
        .lock()
        .unwrap()
        .insert("acct/backend".into(), Arc::new(backend));
    let mut front = module_worker("front", &worker_file("bindings/frontend.js"));
    front.bindings = vec![
        RuntimeBinding::Service {
            name: "BACKEND".into(),
            service: "backend".into(),
            entrypoint: None,
        },
        RuntimeBinding::SecretText {
            name: "SECRET".into(),
            text: "s3cret".into(),
        },
        RuntimeBinding::Json {
            name: "CONFIG".into(),
            value: serde_json::json!({"nested": {"list": [1, "two"]}}),
        },
        RuntimeBinding::VersionMetadata {
            name: "META".into(),
            id: "v-1".into(),
            tag: "t".into(),
            timestamp: "2026-01-01T00:00:00Z".into(),
        },
    ];
    let front = Arc::new(front);
    let (s, b) = call_get(&rt, &front, "http://front.test/").await;
    assert_eq!(s, 200);
    let v: serde_json::Value = serde_json::from_str(&b).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"status": 203, "text": "backend: POST http://backend/hello 1 from-front", "header": "yes",
            "secret": "s3cret", "json": "two", "meta": "v-1/t"})
    );
    // A binding to a Worker that is not deployed throws inside the caller.
    resolver.0.lock().unwrap().clear();
    assert_eq!(call_get(&rt, &front, "http://front.test/").await.0, 500);
    rt.shutdown();
}

#[tokio::test]
async fn wait_until_runs_after_the_response() {
    let (addr, mut hits) = echo_server().await;
    let (rt, _) = runtime_with(allow_private());
    let c = Arc::new(module_worker("wait", &worker_file("basics/wait_until.js")));
    let (s, b) = call_get(&rt, &c, &format!("http://w.test/?target=http://{addr}")).await;
    assert_eq!((s, b.as_str()), (200, "sent first"));
    let hit = tokio::time::timeout(Duration::from_secs(30), hits.recv())
        .await
        .expect("waitUntil work never ran");
    assert_eq!(hit.unwrap(), "POST /after waited x-test=");
    rt.shutdown();
}

#[tokio::test]
async fn service_binding_to_a_named_entrypoint() {
    let (rt, resolver) = runtime(1);
    let mut backend = module_worker("multi-ep", &worker_file("bindings/entrypoints.js"));
    backend.bindings.push(RuntimeBinding::PlainText {
        name: "NAME".into(),
        text: "be".into(),
    });
    resolver
        .0
        .lock()
        .unwrap()
        .insert("acct/multi-ep".into(), Arc::new(backend));
    let mut front = module_worker(
        "front2",
        "export default { async fetch(req, env) { const a = await env.ADMIN.fetch('http://x/p'); const d = await env.DEF.fetch('http://x/'); return new Response((await a.text()) + ' ' + (await d.text())); } }",
    );
    front.bindings = vec![
        RuntimeBinding::Service {
            name: "ADMIN".into(),
            service: "multi-ep".into(),
            entrypoint: Some("Admin".into()),
        },
        RuntimeBinding::Service {
            name: "DEF".into(),
            service: "multi-ep".into(),
            entrypoint: None,
        },
    ];
    assert_eq!(
        call_get(&rt, &Arc::new(front), "http://front.test/").await,
        (200, "admin:be:/p default".into())
    );
    rt.shutdown();
}

#[tokio::test]
async fn scheduled_handler_with_wait_until_and_no_retry() {
    let (addr, mut hits) = echo_server().await;
    let (rt, _) = runtime_with(allow_private());
    let mut c = module_worker("cron", &worker_file("basics/scheduled.js"));
    c.bindings.push(RuntimeBinding::PlainText {
        name: "TARGET".into(),
        text: format!("http://{addr}"),
    });
    let c = Arc::new(c);
    let out = rt
        .scheduled(c.clone(), "*/5 * * * *", 1_700_000_000_000.0, "cron-1")
        .await;
    assert_eq!(
        out,
        ScheduledOutcome {
            outcome: "ok".into(),
            no_retry: true
        }
    );
    // waitUntil work finished before the outcome was reported.
    assert_eq!(
        hits.try_recv().unwrap(),
        "POST /cron */5 * * * * 1700000000000 scheduled x-test="
    );
    assert_eq!(
        rt.scheduled(c.clone(), "boom", 0.0, "cron-2").await.outcome,
        "exception"
    );
    let fetch_only = Arc::new(module_worker(
        "nocron",
        "export default { fetch() { return new Response('x') } }",
    ));
    assert_eq!(
        rt.scheduled(fetch_only, "* * * * *", 0.0, "cron-3")
            .await
            .outcome,
        "exception"
    );
    rt.shutdown();
}

#[tokio::test]
async fn service_binding_recursion_is_bounded() {
    let (rt, resolver) = runtime(2);
    let mut c = module_worker(
        "selfcall",
        "export default { async fetch(req, env) {\n  const n = Number(new URL(req.url).searchParams.get('n') || 0);\n  try { const r = await env.SELF.fetch(`http://self/?n=${n + 1}`); return new Response(await r.text()); }\n  catch (e) { return new Response(`stopped at ${n}: ${e.message}`); }\n} }",
    );
    c.bindings.push(RuntimeBinding::Service {
        name: "SELF".into(),
        service: "selfcall".into(),
        entrypoint: None,
    });
    let c = Arc::new(c);
    resolver
        .0
        .lock()
        .unwrap()
        .insert("acct/selfcall".into(), c.clone());
    let (s, b) = call_get(&rt, &c, "http://selfcall.test/").await;
    assert_eq!(s, 200);
    assert!(
        b.starts_with("stopped at 16: Subrequest depth limit exceeded"),
        "{b}"
    );
    rt.shutdown();
}
