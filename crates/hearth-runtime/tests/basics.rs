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
