mod common;
use common::*;
use hearth_runtime::*;
use std::sync::Arc;

#[tokio::test]
async fn hello_world_with_env_message() {
    let (rt, _) = runtime(1);
    let mut c = module_worker(
        "hello",
        "export default { async fetch(req, env) { return new Response(env.MESSAGE + ' ' + new URL(req.url).pathname, {headers: {'x-a': '1'}}); } }",
    );
    c.bindings.push(RuntimeBinding::PlainText {
        name: "MESSAGE".into(),
        text: "Hello from Hearth".into(),
    });
    let c = Arc::new(c);
    let (s, h, b) = call(
        &rt,
        &c,
        get("http://hello.example.workers.localhost/path?q=1"),
    )
    .await;
    assert_eq!((s, b.as_str()), (200, "Hello from Hearth /path"));
    assert_eq!(h.get("x-a").unwrap(), "1");
    assert_eq!(h.get("content-type").unwrap(), "text/plain;charset=UTF-8");
    rt.shutdown();
}

#[tokio::test]
async fn many_requests_interleave_in_one_isolate() {
    let (rt, resolver) = runtime(1);
    let echo = Arc::new(module_worker(
        "echo",
        "export default { async fetch(req) { await new Promise((r) => setTimeout(r, 1)); return new Response(new URL(req.url).pathname); } }",
    ));
    resolver.0.lock().unwrap().insert("acct/echo".into(), echo);
    let mut c = module_worker("inter", &worker_file("basics/interleave.js"));
    c.bindings.push(RuntimeBinding::Service {
        name: "ECHO".into(),
        service: "echo".into(),
        entrypoint: None,
    });
    let c = Arc::new(c);
    let mut tasks = Vec::new();
    for id in 0..60 {
        let (rt, c) = (rt.clone(), c.clone());
        tasks.push(tokio::spawn(async move {
            call_get(&rt, &c, &format!("http://inter.test/?id={id}")).await
        }));
    }
    let all = async {
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    };
    // A guard against hangs (lost wake-ups), not a timing assertion.
    let results = tokio::time::timeout(std::time::Duration::from_secs(120), all)
        .await
        .expect("requests hung");
    for (id, (s, b)) in results.into_iter().enumerate() {
        assert_eq!((s, b), (200, format!("{id}:/{id}")));
    }
    rt.shutdown();
}

#[tokio::test]
async fn worker_cannot_set_framing_headers() {
    let (rt, _) = runtime(1);
    let c = Arc::new(module_worker(
        "framing",
        "export default { fetch() { return new Response('four', { headers: { 'content-length': '99', 'transfer-encoding': 'chunked', connection: 'close', 'x-kept': '1' } }); } }",
    ));
    let (s, h, b) = call(&rt, &c, get("http://f.test/")).await;
    assert_eq!((s, b.as_str()), (200, "four"));
    assert!(
        h.get("content-length").is_none()
            && h.get("transfer-encoding").is_none()
            && h.get("connection").is_none()
    );
    assert_eq!(h.get("x-kept").unwrap(), "1");
    rt.shutdown();
}
