mod common;
use common::*;
use hearth_runtime::*;
use http_body_util::BodyExt;
use std::sync::Arc;

#[tokio::test]
async fn headers_request_response_semantics() {
    let (rt, _) = runtime(1);
    let c = Arc::new(module_worker("sem", &worker_file("fetch/semantics.js")));
    let req = http::Request::builder()
        .method("POST")
        .uri("http://sem.test/a?b=c")
        .header("x-test", "yes")
        .body(body(""))
        .unwrap();
    let (s, _, b) = call(&rt, &c, req).await;
    assert_eq!((s, b.as_str()), (200, "ok"));
    rt.shutdown();
}

fn post(path: &str, data: &str) -> http::Request<Body> {
    http::Request::builder()
        .method("POST")
        .uri(format!("http://bodies.test{path}"))
        .body(body(data.to_string()))
        .unwrap()
}

#[tokio::test]
async fn request_bodies_as_text_json_and_stream() {
    let (rt, _) = runtime(1);
    let c = Arc::new(module_worker("bodies", &worker_file("fetch/bodies.js")));
    assert_eq!(call(&rt, &c, post("/text", "hello")).await.2, "text:hello");
    assert_eq!(
        call(&rt, &c, post("/json", r#"{"n": 41}"#)).await.2,
        r#"{"got":42}"#
    );
    assert_eq!(
        call(&rt, &c, post("/stream", &"x".repeat(100_000))).await.2,
        "chunks>=1:true bytes:100000"
    );
    let (s, h, b) = call(&rt, &c, post("/passthrough", "echoed body")).await;
    assert_eq!(
        (s, b.as_str(), h.get("x-pass").unwrap().to_str().unwrap()),
        (200, "echoed body", "1")
    );
    let resp = rt
        .invoke(c.clone(), get("http://bodies.test/bytes"), "r")
        .await;
    assert_eq!(
        resp.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .as_ref(),
        &[0, 1, 2, 255]
    );
    rt.shutdown();
}

#[tokio::test]
async fn streamed_response_arrives_in_many_chunks() {
    let (rt, _) = runtime(1);
    let c = Arc::new(module_worker("bodies", &worker_file("fetch/bodies.js")));
    let resp = rt
        .invoke(c.clone(), get("http://bodies.test/many"), "r")
        .await;
    assert_eq!(resp.status(), 200);
    let mut body = resp.into_body();
    let (mut frames, mut bytes) = (0, 0);
    while let Some(frame) = body.frame().await {
        let data = frame.unwrap().into_data().unwrap();
        assert!(
            data.len() <= 1000,
            "chunks are forwarded one by one, not buffered"
        );
        frames += 1;
        bytes += data.len();
    }
    assert_eq!((frames, bytes), (100, 100_000));
    rt.shutdown();
}

#[tokio::test]
async fn console_lines_carry_request_id_and_inspect_objects() {
    let (config, logs) = capture_logs();
    let (rt, _) = runtime_with(config);
    let c = Arc::new(module_worker(
        "con",
        r#"export default { fetch() {
            console.log("a", { b: 1, c: [1, "x"], d: { e: { f: { g: 1 } } } }, 2, null, undefined);
            console.warn("%s=%d", "n", 42, new Map([["k", 1]]));
            console.error(new Error("bad thing"));
            return new Response("ok"); } }"#,
    ));
    rt.invoke(c.clone(), get("http://con.test/"), "req-123")
        .await;
    let logs = logs.lock().unwrap().clone();
    assert_eq!(
        logs[0].message,
        "a { b: 1, c: [ 1, 'x' ], d: { e: { f: [Object] } } } 2 null undefined"
    );
    assert_eq!(
        (
            logs[0].level,
            logs[0].request_id.as_str(),
            logs[0].script.as_str()
        ),
        (LogLevel::Log, "req-123", "con")
    );
    assert_eq!(logs[1].message, "n=42 Map(1) { 'k' => 1 }");
    assert_eq!(logs[1].level, LogLevel::Warn);
    assert!(
        logs[2].message.starts_with("Error: bad thing\n") && logs[2].message.contains("at "),
        "{}",
        logs[2].message
    );
    rt.shutdown();
}

#[tokio::test]
async fn timers_run_in_order_and_a_throwing_callback_does_not_stop_others() {
    let (config, logs) = capture_logs();
    let (rt, _) = runtime_with(config);
    let c = Arc::new(module_worker("timers", &worker_file("basics/timers.js")));
    let (s, b) = call_get(&rt, &c, "http://timers.test/").await;
    assert_eq!(
        (s, b.as_str()),
        (200, "sync,micro,t0,interval1,interval2,interval3,t100,late")
    );
    // The isolate's timers keep working on the next request.
    assert_eq!(
        call_get(&rt, &c, "http://timers.test/").await.1,
        "sync,micro,t0,interval1,interval2,interval3,t100,late"
    );
    assert!(logs
        .lock()
        .unwrap()
        .iter()
        .any(|l| l.message.contains("Uncaught Error: timer boom")));
    rt.shutdown();
}

#[tokio::test]
async fn uncaught_exception_is_1101_and_logged_with_stack() {
    let (config, logs) = capture_logs();
    let (rt, _) = runtime_with(config);
    let c = Arc::new(module_worker(
        "throws",
        "function inner() { throw new Error('kaboom'); }\nexport default { fetch() { inner(); } }",
    ));
    let (s, h, b) = call(&rt, &c, get("http://t.test/")).await;
    assert_eq!(s, 500);
    assert!(
        b.contains("Error 1101") && b.contains("Worker threw exception"),
        "{b}"
    );
    assert_eq!(h.get("cf-error-code").unwrap(), "1101");
    let logs = logs.lock().unwrap().clone();
    let line = &logs
        .iter()
        .find(|l| l.level == LogLevel::Error)
        .unwrap()
        .message;
    assert!(
        line.contains("Uncaught Error: kaboom") && line.contains("inner"),
        "{line}"
    );
    // Not returning a Response is an exception too; the isolate keeps serving.
    let c2 = Arc::new(module_worker(
        "notresp",
        "export default { fetch() { return 'x'; } }",
    ));
    assert_eq!(call_get(&rt, &c2, "http://t.test/").await.0, 500);
    assert_eq!(call_get(&rt, &c, "http://t.test/").await.0, 500);
    rt.shutdown();
}

#[tokio::test]
async fn unhandled_rejection_is_logged() {
    let (config, logs) = capture_logs();
    let (rt, _) = runtime_with(config);
    let c = Arc::new(module_worker(
        "rej",
        "export default { fetch() { Promise.reject(new TypeError('nobody listens')); Promise.reject(1).catch(() => {}); return new Response('ok'); } }",
    ));
    // Reported just after the job queue ran (from a timer), so wait for each line; the loop is a
    // guard, not a timing check. The rejection handled a moment later is never reported.
    for expected in 1..=2 {
        assert_eq!(call_get(&rt, &c, "http://rej.test/").await.1, "ok");
        for _ in 0..1000 {
            if logs.lock().unwrap().len() >= expected {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
    rt.shutdown();
    let logs = logs.lock().unwrap().clone();
    assert_eq!(logs.len(), 2, "{logs:?}");
    for l in &logs {
        assert!(
            l.message
                .starts_with("Uncaught (in promise) TypeError: nobody listens"),
            "{}",
            l.message
        );
    }
}
