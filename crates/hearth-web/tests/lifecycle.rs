//! Isolate lifecycle: tearing down a runtime that still holds readers, tees, pending reads and
//! pipes must not trip QuickJS's leaked-object assertion, and the per-context cost of
//! `install_all` is printed (not asserted: timings vary between machines).

mod common;

use rquickjs::{AsyncContext, AsyncRuntime, Context, Runtime};
use std::time::Instant;

const ALL_GLOBALS: &[&[&str]] = &[
    hearth_web::events::GLOBALS,
    hearth_web::streams::GLOBALS,
    hearth_web::url::GLOBALS,
    hearth_web::encoding::GLOBALS,
    hearth_web::encoding::STREAM_GLOBALS,
];

#[test]
fn teardown_with_live_readers_and_pending_promises_does_not_abort() {
    let source = std::fs::read_to_string(common::test_path("js/teardown.js")).unwrap();
    common::block_on(async move {
        let rt = AsyncRuntime::new().unwrap();
        let ctx = AsyncContext::full(&rt).await.unwrap();
        let done = ctx
            .with(|ctx| {
                hearth_web::install_all(&ctx).unwrap();
                ctx.eval::<(), _>(source)
                    .map_err(|e| common::show(&ctx, e))
                    .unwrap();
                ctx.globals().get::<_, bool>("__done").unwrap()
            })
            .await;
        assert!(done);
        rt.idle().await;
        drop(ctx);
        drop(rt);
    });
}

#[test]
fn install_all_cost_per_context() {
    const N: u32 = 200;
    let mut install_total = 0.0;
    let mut heap_total = 0i64;
    let mut load_total = 0.0;
    let mut loaded_heap_total = 0i64;
    for _ in 0..N {
        let rt = Runtime::new().unwrap();
        let ctx = Context::full(&rt).unwrap();
        let before = rt.memory_usage().memory_used_size;
        let start = Instant::now();
        ctx.with(|ctx| hearth_web::install_all(&ctx).unwrap());
        install_total += start.elapsed().as_secs_f64();
        heap_total += rt.memory_usage().memory_used_size - before;
        // First use of every family: what a context that touches everything pays in addition.
        let start = Instant::now();
        ctx.with(|ctx| {
            let touch = ALL_GLOBALS
                .iter()
                .flat_map(|f| f.iter())
                .map(|g| format!("void globalThis.{g};"))
                .collect::<String>();
            ctx.eval::<(), _>(touch).unwrap();
        });
        load_total += start.elapsed().as_secs_f64();
        loaded_heap_total += rt.memory_usage().memory_used_size - before;
    }
    println!(
        "install_all: {:.1} us per context, {} bytes of QuickJS heap added per context",
        install_total / f64::from(N) * 1e6,
        heap_total / i64::from(N)
    );
    println!(
        "loading every family on first use: {:.1} us more, {} bytes of QuickJS heap in all",
        load_total / f64::from(N) * 1e6,
        loaded_heap_total / i64::from(N)
    );
}
