mod common;
use common::*;
use hearth_runtime::WorkerFormat;
use std::sync::Arc;

#[tokio::test]
async fn cpu_limit_ends_a_busy_loop_while_another_worker_keeps_answering() {
    let (rt, _) = runtime(1); // one thread: both Workers share it
    let mut busy = module_worker("busy", &worker_file("limits/busy.js"));
    busy.limits.cpu_ms = 100;
    let busy = Arc::new(busy);
    let hello = Arc::new(module_worker(
        "hello",
        "export default { fetch() { return new Response('still here'); } }",
    ));
    let rt2 = rt.clone();
    let b2 = busy.clone();
    let looping = tokio::spawn(async move { call(&rt2, &b2, get("http://busy.test/")).await });
    for _ in 0..5 {
        assert_eq!(
            call_get(&rt, &hello, "http://hello.test/").await,
            (200, "still here".into())
        );
    }
    let (s, h, b) = looping.await.unwrap();
    assert_eq!(s, 503);
    assert_eq!(h.get("cf-error-code").unwrap(), "1102");
    assert!(
        b.contains("Error 1102: Worker exceeded resource limits"),
        "{b}"
    );
    // The terminated isolate is replaced by a fresh one.
    assert_eq!(call_get(&rt, &busy, "http://busy.test/").await.0, 503);
    assert_eq!(call_get(&rt, &hello, "http://hello.test/").await.0, 200);
    rt.shutdown();
}

#[tokio::test]
async fn runaway_timer_after_the_response_is_stopped() {
    let (rt, _) = runtime(1);
    let mut c = module_worker("timerloop", &worker_file("limits/timer_loop.js"));
    c.limits.cpu_ms = 50;
    let c = Arc::new(c);
    let hello = Arc::new(module_worker(
        "hello",
        "export default { fetch() { return new Response('ok'); } }",
    ));
    assert_eq!(
        call_get(&rt, &c, "http://t.test/").await,
        (200, "scheduled".into())
    );
    for _ in 0..3 {
        assert_eq!(call_get(&rt, &hello, "http://hello.test/").await.1, "ok");
    }
    rt.shutdown();
}

#[tokio::test]
async fn memory_bomb_is_1102_and_other_isolates_are_untouched() {
    let (rt, _) = runtime(1);
    let mut bomb = module_worker("bomb", &worker_file("limits/memory_bomb.js"));
    bomb.limits.memory_bytes = 16 << 20;
    let bomb = Arc::new(bomb);
    let counter = Arc::new(module_worker(
        "counter",
        "let n = 0; export default { fetch() { return new Response(String(++n)); } }",
    ));
    assert_eq!(call_get(&rt, &counter, "http://c.test/").await.1, "1");
    let (s, h, _) = call(&rt, &bomb, get("http://bomb.test/")).await;
    assert_eq!(
        (s, h.get("cf-error-code").unwrap().to_str().unwrap()),
        (503, "1102")
    );
    assert_eq!(
        call_get(&rt, &counter, "http://c.test/").await.1,
        "2",
        "the other isolate kept its state"
    );
    assert_eq!(call_get(&rt, &bomb, "http://bomb.test/").await.0, 503);
    rt.shutdown();
}

#[tokio::test]
async fn isolate_recreated_after_termination_loads_cached_module_bytecode() {
    let (rt, _) = runtime(1);
    let mut c = code(
        "recreate",
        WorkerFormat::Modules,
        vec![
            (
                "index.js",
                hearth_runtime::ModuleKind::EsModule,
                b"import { v } from './lib/v.js';\nconst hoard = [];\nexport default { fetch(req) {\n  if (req.url.endsWith('/bomb')) for (;;) hoard.push(new Array(100000).fill(1));\n  return new Response(v + hoard.length);\n} }".to_vec(),
            ),
            ("lib/v.js", hearth_runtime::ModuleKind::EsModule, b"export const v = 'lib-';".to_vec()),
        ],
    );
    c.limits.memory_bytes = 16 << 20;
    let c = Arc::new(c);
    assert_eq!(
        call_get(&rt, &c, "http://r.test/").await,
        (200, "lib-0".into())
    );
    assert_eq!(call_get(&rt, &c, "http://r.test/bomb").await.0, 503);
    // A fresh isolate (modules from the shared bytecode cache) with fresh state.
    assert_eq!(
        call_get(&rt, &c, "http://r.test/").await,
        (200, "lib-0".into())
    );
    rt.shutdown();
}
