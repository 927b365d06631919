//! Prints rough cost figures of the runtime (not assertions): per-request cost through
//! `Runtime::invoke`, cold start of an isolate, and memory per idle isolate.
//! Run: `cargo run -p hearth-runtime --example measure [--release]`.

use bytes::Bytes;
use hearth_runtime::*;
use http_body_util::BodyExt;
use std::sync::Arc;
use std::time::Instant;

struct NoServices;
impl ServiceResolver for NoServices {
    fn resolve(&self, _: &str, _: &str) -> Option<Arc<WorkerCode>> {
        None
    }
}

const HELLO: &str =
    "export default { async fetch(req, env) { return new Response(env.MESSAGE); } }";

fn hello(version: &str) -> Arc<WorkerCode> {
    Arc::new(WorkerCode {
        account_id: "a".into(),
        namespace: String::new(),
        script_name: "hello".into(),
        version_id: version.into(),
        format: WorkerFormat::Modules,
        main_module: "index.js".into(),
        modules: vec![ModuleSource {
            name: "index.js".into(),
            kind: ModuleKind::EsModule,
            body: Bytes::from_static(HELLO.as_bytes()),
        }],
        bindings: vec![RuntimeBinding::PlainText {
            name: "MESSAGE".into(),
            text: "Hello World!".into(),
        }],
        compatibility_date: None,
        compatibility_flags: vec![],
        limits: Limits::default(),
    })
}

fn req() -> http::Request<Body> {
    http::Request::builder()
        .uri("http://hello.example.workers.localhost/")
        .header("accept", "*/*")
        .header("user-agent", "measure")
        .header("host", "hello.example.workers.localhost")
        .header("x-forwarded-for", "127.0.0.1")
        .body(
            http_body_util::Empty::<Bytes>::new()
                .map_err(|e| match e {})
                .boxed(),
        )
        .unwrap()
}

/// CPU time of the whole process (all threads), robust against a busy machine.
fn cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e6 + ts.tv_nsec as f64 / 1e3
}

fn rss_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Reference figures from a bare QuickJS runtime on this machine right now, to compare against
/// perf-baselines.md on a shared, noisy VM: object allocations in a loop, a minimal handler call,
/// and a bare runtime + context.
fn calibrate() {
    let rt = rquickjs::Runtime::new().unwrap();
    let ctx = rquickjs::Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let t = Instant::now();
        let _: i32 = ctx.eval("let n = 0; for (let i = 0; i < 1000000; i++) { const o = { a: i }; n += o.a & 1; } n").unwrap();
        println!("calibration: bare QuickJS object allocation loop {:.1} ns/iteration", t.elapsed().as_secs_f64() * 1e9 / 1e6);
        let f: rquickjs::Function = ctx
            .eval("(function (req, env) { return { status: 200, body: env.MESSAGE, headers: { 'content-type': 'text/plain' } }; })")
            .unwrap();
        let env = rquickjs::Object::new(ctx.clone()).unwrap();
        env.set("MESSAGE", "Hello World!").unwrap();
        let t = Instant::now();
        for _ in 0..100_000 {
            let req = rquickjs::Object::new(ctx.clone()).unwrap();
            req.set("url", "http://hello.example.workers.localhost/").unwrap();
            req.set("method", "GET").unwrap();
            let r: rquickjs::Object = f.call((req, env.clone())).unwrap();
            let _: String = r.get("body").unwrap();
        }
        println!("calibration: minimal plain-object handler call from Rust {:.2} µs", t.elapsed().as_secs_f64() * 1e6 / 1e5);
    });
    drop(ctx);
    drop(rt);
    let t = Instant::now();
    for _ in 0..100 {
        let rt = rquickjs::Runtime::new().unwrap();
        let ctx = rquickjs::Context::full(&rt).unwrap();
        drop(ctx);
        drop(rt);
    }
    println!(
        "calibration: bare runtime + Context::full {:.0} µs",
        t.elapsed().as_secs_f64() * 1e6 / 100.0
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    calibrate();
    let rt = Runtime::new(
        RuntimeConfig {
            threads: 1,
            memory_budget_bytes: 4 << 30,
            ..Default::default()
        },
        Arc::new(NoServices),
    );
    let code = hello("v-hot");
    let t = Instant::now();
    let r = rt.invoke(code.clone(), req(), "r").await;
    r.into_body().collect().await.unwrap();
    println!(
        "first request (cold isolate, incl. thread warm-up): {:?}",
        t.elapsed()
    );

    // Sequential requests: includes the channel hop to the isolate thread and back.
    for _ in 0..2000 {
        rt.invoke(code.clone(), req(), "r")
            .await
            .into_body()
            .collect()
            .await
            .unwrap();
    }
    let n = 20_000;
    let t = Instant::now();
    let c0 = cpu();
    for _ in 0..n {
        rt.invoke(code.clone(), req(), "r")
            .await
            .into_body()
            .collect()
            .await
            .unwrap();
    }
    println!(
        "sequential invoke, hello world: {:.2} µs/request wall, {:.2} µs/request process CPU",
        t.elapsed().as_secs_f64() * 1e6 / n as f64,
        (cpu() - c0) / n as f64
    );

    // 64 concurrent callers keep the isolate thread busy (closer to its CPU cost per request).
    let t = Instant::now();
    let c0 = cpu();
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let (rt, code) = (rt.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..n / 64 {
                rt.invoke(code.clone(), req(), "r")
                    .await
                    .into_body()
                    .collect()
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    println!(
        "64 concurrent callers: {:.2} µs/request wall, {:.2} µs/request process CPU",
        t.elapsed().as_secs_f64() * 1e6 / (n / 64 * 64) as f64,
        (cpu() - c0) / (n / 64 * 64) as f64
    );

    if std::env::var("MEASURE_HOT_ONLY").is_ok() {
        rt.shutdown();
        return;
    }
    // Cold starts: a new version per request, kept cached (idle) afterwards.
    let count = 300;
    let before = rss_kb();
    let mut times = Vec::new();
    let c0 = cpu();
    for i in 0..count {
        let c = hello(&format!("v-cold-{i}"));
        let t = Instant::now();
        rt.invoke(c, req(), "r")
            .await
            .into_body()
            .collect()
            .await
            .unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "cold start (new isolate + first request): p50 {:.0} µs, p90 {:.0} µs",
        times[count / 2],
        times[count * 9 / 10]
    );
    println!(
        "cold start CPU (process): {:.0} µs per new isolate + first request",
        (cpu() - c0) / count as f64
    );
    let after = rss_kb();
    println!(
        "RSS per idle isolate: {:.0} KB ({} isolates, {} KB -> {} KB)",
        (after - before) as f64 / count as f64,
        count,
        before,
        after
    );
    rt.shutdown();
}
