//! A hostile Python Worker: every escape attempt fails, limits end the request with 1102, and
//! the host keeps serving.

mod common;

use common::*;
use std::sync::Arc;

async fn text(
    host: &hearth_python::PythonHost,
    code: &Arc<hearth_runtime::WorkerCode>,
    path: &str,
) -> (u16, String) {
    let (s, _, t) = read(host.invoke(code.clone(), get(path), path).await).await;
    (s, t)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escapes_are_denied_and_the_isolate_survives() {
    let (host, _) = host();
    let code = simple(&fixture("confinement.py"));
    let (_, pid) = text(&host, &code, "/pid").await;
    for (path, expect) in [
        ("/write", "denied PermissionError"),
        ("/read", "denied PermissionError"),
        ("/socket", "denied PermissionError"),
        ("/unix-socket", "denied PermissionError"),
        ("/subprocess", "denied PermissionError"),
        ("/fork", "denied PermissionError"),
        ("/kill-parent", "denied PermissionError"),
    ] {
        let (s, t) = text(&host, &code, path).await;
        assert_eq!(s, 200, "{path}: {t}");
        assert!(t.starts_with(expect), "{path}: {t}");
    }
    // os.system reports failure through its exit status instead of raising.
    let (_, t) = text(&host, &code, "/system").await;
    assert!(
        t.starts_with("ALLOWED") && !t.contains("ALLOWED 0"),
        "/system: {t}"
    );
    assert!(!std::path::Path::new("/tmp/hearth-python-escape.txt").exists());
    // Still the same process, still answering.
    assert_eq!(text(&host, &code, "/pid").await.1, pid);
    assert_eq!(text(&host, &code, "/").await, (200, "ok".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unbounded_allocation_gets_1102_and_a_fresh_process() {
    let (host, _) = host();
    let code = simple(&fixture("confinement.py"));
    let (_, pid) = text(&host, &code, "/pid").await;
    let (s, h, t) = read(host.invoke(code.clone(), get("/memory"), "mem").await).await;
    assert_eq!(
        (s, h["cf-error-code"].to_str().unwrap()),
        (503, "1102"),
        "{t}"
    );
    assert!(t.contains("Error 1102: Worker exceeded resource limits"));
    let (s, pid2) = text(&host, &code, "/pid").await;
    assert_eq!(s, 200);
    assert_ne!(pid, pid2, "a fresh process after the memory breach");
    // Many small allocations: the handler's frames are released before the error is reported.
    let (s, h, t) = read(
        host.invoke(code.clone(), get("/memory-small"), "mem2")
            .await,
    )
    .await;
    assert_eq!(
        (s, h["cf-error-code"].to_str().unwrap()),
        (503, "1102"),
        "{t}"
    );
    let (s, pid3) = text(&host, &code, "/pid").await;
    assert_eq!(s, 200);
    assert_ne!(pid2, pid3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn busy_loop_gets_1102_and_the_next_request_works() {
    let (host, _) = host();
    let mut code = (*simple(&fixture("confinement.py"))).clone();
    code.limits.cpu_ms = 200;
    let code = Arc::new(code);
    let (_, pid) = text(&host, &code, "/pid").await;
    let t0 = std::time::Instant::now();
    let (s, h, _) = read(host.invoke(code.clone(), get("/busy"), "busy").await).await;
    assert_eq!((s, h["cf-error-code"].to_str().unwrap()), (503, "1102"));
    eprintln!(
        "busy loop stopped after {:?} (cpu limit 200 ms)",
        t0.elapsed()
    );
    let (s, pid2) = text(&host, &code, "/pid").await;
    assert_eq!(s, 200);
    assert_ne!(pid, pid2);
    assert_eq!(
        text(&host, &code, "/sleep").await,
        (200, "slept".to_string())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_process_fails_only_its_own_requests() {
    let (host, _) = host();
    let mut hostile = (*simple(&fixture("confinement.py"))).clone();
    hostile.limits.cpu_ms = 300;
    let hostile = Arc::new(hostile);
    let other = simple("from workers import Response\ndef on_fetch(request, env):\n    return Response(env.MESSAGE)\n");
    assert_eq!(text(&host, &other, "/").await.1, "Hello World!");
    let busy = {
        let code = hostile.clone();
        let h = &host;
        async move { read(h.invoke(code, get("/busy"), "busy").await).await.0 }
    };
    let others = async {
        let mut ok = 0;
        for _ in 0..10 {
            if text(&host, &other, "/").await == (200, "Hello World!".to_string()) {
                ok += 1;
            }
        }
        ok
    };
    let (busy_status, ok) = tokio::join!(busy, others);
    assert_eq!(busy_status, 503);
    assert_eq!(ok, 10);
    assert_eq!(text(&host, &other, "/").await.1, "Hello World!");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_runs_import_confined() {
    let (host, _) = host();
    // Import-time escape attempts fail inside validate too.
    let code = simple("open('/tmp/hearth-validate-escape', 'w')\n");
    let err = host.validate(&code).unwrap_err();
    assert!(err.contains("PermissionError"), "{err}");
    let code = simple("while True:\n    pass\n");
    let cfg = hearth_python::PythonConfig {
        startup_timeout: std::time::Duration::from_millis(500),
        ..Default::default()
    };
    let host2 = hearth_python::PythonHost::new(cfg, Arc::new(TestOutbound::default())).unwrap();
    let err = host2.validate(&code).unwrap_err();
    assert!(err.contains("took longer"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashing_process_fails_its_request_and_is_replaced() {
    let (host, _) = host();
    let code = simple(&fixture("confinement.py"));
    let (_, pid) = text(&host, &code, "/pid").await;
    let (s, h, _) = read(host.invoke(code.clone(), get("/crash"), "crash").await).await;
    assert_eq!((s, h["cf-error-code"].to_str().unwrap()), (500, "1101"));
    let (s, pid2) = text(&host, &code, "/pid").await;
    assert_eq!(s, 200);
    assert_ne!(pid, pid2);
}
