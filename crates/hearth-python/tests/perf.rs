//! Prints the measured cold start (fork of the template → first response) and hello-world
//! throughput of one isolate. No timed assertions: the numbers depend on the machine.

mod common;

use common::*;
use std::time::{Duration, Instant};

const HELLO: &str = "from workers import Response\n\ndef on_fetch(request, env):\n    return Response(env.MESSAGE)\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cold_start_and_requests_per_second() {
    let (host, _) = host();
    // Cold start: a new version each time, so each first request forks a new isolate.
    let mut cold = Vec::new();
    let mut ready = Vec::new();
    for _ in 0..20 {
        let code = simple(HELLO);
        let t0 = Instant::now();
        let (s, _, t) = read(host.invoke(code.clone(), get("/"), "cold").await).await;
        cold.push(t0.elapsed());
        assert_eq!((s, t.as_str()), (200, "Hello World!"));
        ready.push(host.cold_start(&code).unwrap());
    }
    cold.sort();
    ready.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "python cold start (first request to a new version, fork → response): median {:.1} ms, min {:.1} ms, max {:.1} ms; fork → ready: median {:.1} ms",
        ms(cold[cold.len() / 2]),
        ms(cold[0]),
        ms(cold[cold.len() - 1]),
        ms(ready[ready.len() / 2]),
    );

    // Throughput: 64 concurrent clients against one warm isolate for 2 s.
    let code = simple(HELLO);
    read(host.invoke(code.clone(), get("/"), "warm").await).await;
    let host = std::sync::Arc::new(host);
    let deadline = Instant::now() + Duration::from_secs(2);
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let host = host.clone();
        let code = code.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                let (s, _, _) = read(host.invoke(code.clone(), get("/"), "rps").await).await;
                assert_eq!(s, 200);
                n += 1;
            }
            n
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "python hello-world throughput (one isolate, 64 concurrent, in process): {:.0} requests/s ({} in {:.2} s)",
        total as f64 / secs,
        total,
        secs
    );
}
