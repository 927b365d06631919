//! Dropping isolates (shutdown, eviction) with live JS state must never abort the process.
mod common;
use common::*;
use hearth_runtime::*;
use http_body_util::BodyExt;
use std::sync::Arc;

fn post(url: &str) -> http::Request<Body> {
    http::Request::builder()
        .method("POST")
        .uri(url)
        .body(body("request body"))
        .unwrap()
}

#[tokio::test]
async fn shutdown_with_pending_timer_reader_promise_and_stream() {
    let (rt, _) = runtime(2);
    let c = Arc::new(module_worker(
        "pending",
        &worker_file("teardown/pending.js"),
    ));
    for what in ["timer", "reader", "promise", "htmlrewriter"] {
        assert_eq!(
            call(&rt, &c, post(&format!("http://p.test/{what}")))
                .await
                .2,
            what
        );
    }
    let resp = rt.invoke(c.clone(), get("http://p.test/stream"), "r").await;
    let mut body = resp.into_body();
    body.frame().await.unwrap().unwrap(); // one chunk read, then abandoned mid-stream
    rt.shutdown();
    // The stream's producer was dropped with its isolate: the body ends with an error, not a hang.
    let mut saw_error = false;
    while let Some(frame) = body.frame().await {
        if frame.is_err() {
            saw_error = true;
            break;
        }
    }
    assert!(saw_error);
    // After shutdown, invoke answers an error page instead of hanging or panicking.
    assert_eq!(call_get(&rt, &c, "http://p.test/x").await.0, 500);
}

#[tokio::test]
async fn eviction_under_memory_budget_drops_busy_isolates() {
    // A budget too small for more than one isolate: every new version evicts the previous one.
    let (rt, _) = runtime_with(RuntimeConfig {
        threads: 1,
        memory_budget_bytes: 1,
        ..Default::default()
    });
    for i in 0..6 {
        let c = Arc::new(module_worker(
            &format!("ev{i}"),
            &worker_file("teardown/pending.js"),
        ));
        for what in ["timer", "reader", "promise", "htmlrewriter"] {
            assert_eq!(
                call(&rt, &c, post(&format!("http://p.test/{what}")))
                    .await
                    .2,
                what
            );
        }
    }
    rt.shutdown();
}

#[tokio::test]
async fn dropping_the_runtime_without_shutdown_is_safe() {
    let (rt, _) = runtime(1);
    let c = Arc::new(module_worker(
        "pending",
        &worker_file("teardown/pending.js"),
    ));
    assert_eq!(call(&rt, &c, post("http://p.test/timer")).await.2, "timer");
    drop(rt);
}
