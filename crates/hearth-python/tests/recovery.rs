//! The template process dies: running isolates keep serving, the next cold start starts a new
//! template. (Own test binary: it kills every python child of this process.)

mod common;

use common::*;

fn python_children() -> Vec<i32> {
    let mut pids = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        let children = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
        for pid in children.split_whitespace().filter_map(|p| p.parse().ok()) {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmdline).contains("python") {
                pids.push(pid);
            }
        }
    }
    pids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn template_death_is_recovered() {
    let (host, _) = host();
    let running = simple("from workers import Response\ndef on_fetch(request, env):\n    return Response(env.MESSAGE)\n");
    let (s, _, _) = read(host.invoke(running.clone(), get("/"), "a").await).await;
    assert_eq!(s, 200);
    let templates = python_children();
    assert_eq!(templates.len(), 1, "{templates:?}");
    // SAFETY: plain kill(2) of our own child.
    unsafe { libc::kill(templates[0], libc::SIGKILL) };
    std::thread::sleep(std::time::Duration::from_millis(100));
    // The running isolate was forked before and is not affected.
    let (s, _, t) = read(host.invoke(running, get("/"), "b").await).await;
    assert_eq!((s, t.as_str()), (200, "Hello World!"));
    // A new version needs a fork: a new template is started.
    let fresh = simple(
        "from workers import Response\ndef on_fetch(request, env):\n    return Response('fresh')\n",
    );
    let (s, _, t) = read(host.invoke(fresh, get("/"), "c").await).await;
    assert_eq!((s, t.as_str()), (200, "fresh"));
    let now = python_children();
    assert_eq!(now.len(), 1);
    assert_ne!(now[0], templates[0]);
}
