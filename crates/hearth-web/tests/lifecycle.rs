//! Isolate lifecycle: tearing down a runtime that still holds readers, tees, pending reads and
//! pipes must not trip QuickJS's leaked-object assertion, and the per-context cost of
//! `install_all` is printed (not asserted: timings vary between machines).

mod common;

use rquickjs::{AsyncContext, AsyncRuntime, Context, Function, Runtime};
use std::time::Instant;

const ALL_GLOBALS: &[&[&str]] = &[
    hearth_web::events::GLOBALS,
    hearth_web::structured_clone::GLOBALS,
    hearth_web::streams::GLOBALS,
    hearth_web::url::GLOBALS,
    hearth_web::urlpattern::GLOBALS,
    hearth_web::encoding::GLOBALS,
    hearth_web::encoding::STREAM_GLOBALS,
    hearth_web::crypto::GLOBALS,
    hearth_web::blob::GLOBALS,
    hearth_web::performance::GLOBALS,
    hearth_web::html_rewriter::GLOBALS,
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
    const N: usize = 200;
    let (mut bare, mut install, mut load) = (vec![], vec![], vec![]);
    let (mut install_heap, mut loaded_heap) = (0, 0);
    let touch: String = ALL_GLOBALS
        .iter()
        .flat_map(|family| family.iter())
        .map(|g| format!("void globalThis.{g};"))
        .collect();
    for _ in 0..N {
        let start = Instant::now();
        let rt = Runtime::new().unwrap();
        let ctx = Context::full(&rt).unwrap();
        bare.push(start.elapsed().as_secs_f64());
        let before = rt.memory_usage().memory_used_size;
        let start = Instant::now();
        ctx.with(|ctx| hearth_web::install_all(&ctx).unwrap());
        install.push(start.elapsed().as_secs_f64());
        install_heap = rt.memory_usage().memory_used_size - before;
        // First use of every family: what a context that touches everything pays on top.
        let start = Instant::now();
        ctx.with(|ctx| ctx.eval::<(), _>(touch.as_str()).unwrap());
        load.push(start.elapsed().as_secs_f64());
        loaded_heap = rt.memory_usage().memory_used_size - before;
    }
    // Each family's first use on its own, in a fresh context.
    let mut per_family = String::new();
    for family in ALL_GLOBALS {
        let mut times = vec![];
        let mut heap = 0;
        for _ in 0..20 {
            let rt = Runtime::new().unwrap();
            let ctx = Context::full(&rt).unwrap();
            ctx.with(|ctx| hearth_web::install_all(&ctx).unwrap());
            let before = rt.memory_usage().memory_used_size;
            let start = Instant::now();
            ctx.with(|ctx| {
                ctx.eval::<(), _>(format!("void globalThis.{}", family[0]))
                    .unwrap()
            });
            times.push(start.elapsed().as_secs_f64());
            heap = rt.memory_usage().memory_used_size - before;
        }
        times.sort_by(f64::total_cmp);
        per_family.push_str(&format!(
            " {} {:.0} us/{} KB;",
            family[0],
            times[times.len() / 2] * 1e6,
            heap / 1024
        ));
    }
    println!("first use per family (with what it loads):{per_family}");
    // The SubtleCrypto operations load on their first call, after `crypto` itself.
    let mut times = vec![];
    let mut heap = 0;
    for _ in 0..20 {
        let rt = Runtime::new().unwrap();
        let ctx = Context::full(&rt).unwrap();
        ctx.with(|ctx| {
            hearth_web::install_all(&ctx).unwrap();
            ctx.eval::<(), _>("void crypto.subtle").unwrap();
        });
        let before = rt.memory_usage().memory_used_size;
        let start = Instant::now();
        ctx.with(|ctx| {
            ctx.eval::<(), _>("crypto.subtle.timingSafeEqual(new Uint8Array(1), new Uint8Array(1))")
                .unwrap()
        });
        times.push(start.elapsed().as_secs_f64());
        heap = rt.memory_usage().memory_used_size - before;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "first SubtleCrypto call (js/19_subtle.js and its natives): {:.0} us/{} KB",
        times[times.len() / 2] * 1e6,
        heap / 1024
    );
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2] * 1e6
    };
    println!(
        "new runtime + full context: {:.1} us (median of {N})",
        median(&mut bare)
    );
    println!(
        "install_all: {:.1} us per context (median), {install_heap} bytes of QuickJS heap",
        median(&mut install)
    );
    println!(
        "first use of every family: {:.1} us more (median), {loaded_heap} bytes of QuickJS heap in all",
        median(&mut load)
    );
}

#[test]
fn hot_path_timings() {
    let report = common::run_js_checks("hot_paths.js", |ctx| {
        let print = Function::new(ctx.clone(), |line: String| println!("{line}")).unwrap();
        ctx.globals().set("__print", print).unwrap();
    });
    report.assert_all_passed();
}

#[test]
fn quickjs_builtins_of_the_same_name_are_replaced() {
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let before: bool = ctx
            .eval("typeof DOMException === 'function' && typeof atob === 'function'")
            .unwrap();
        assert!(before, "quickjs-ng defines these itself");
        hearth_web::install_all(&ctx).unwrap();
        let ours: bool = ctx
            .eval(
                "new DOMException('m', 'AbortError').code === 20 \
                 && (() => { try { atob(); } catch (e) { return e instanceof TypeError; } })() \
                 && performance instanceof Performance",
            )
            .unwrap();
        assert!(ours);
    });
}
