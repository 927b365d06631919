//! Python Workers through `PythonHost::invoke` and `validate`: handlers, requests, responses,
//! bindings, modules, subrequests, logging, errors.

mod common;

use common::*;

const SEED_ON_FETCH: &str = "from workers import Response\n\ndef on_fetch(request, env):\n    return Response(env.MESSAGE)\n";

const SEED_ENTRYPOINT: &str = "from workers import Response, WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(self.env.MESSAGE)\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_workers_answer_hello_world() {
    let (host, _) = host();
    let decorated = "from workers import Response, handler\n\n@handler\nasync def on_fetch(request, env, ctx):\n    return Response(env.MESSAGE)\n";
    for src in [SEED_ON_FETCH, SEED_ENTRYPOINT, decorated] {
        let code = simple(src);
        assert_eq!(host.validate(&code), Ok(vec!["fetch".to_string()]));
        let (status, headers, text) = read(host.invoke(code.clone(), get("/"), "r1").await).await;
        assert_eq!((status, text.as_str()), (200, "Hello World!"));
        assert_eq!(headers["content-type"], "text/plain;charset=UTF-8");
        // Second request: same isolate.
        let (status, _, text) = read(host.invoke(code, get("/"), "r2").await).await;
        assert_eq!((status, text.as_str()), (200, "Hello World!"));
    }
    host.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_fields_and_bodies() {
    let (host, _) = host();
    let code = simple(&fixture("request_fields.py"));
    let req = request("POST", "/echo?a=1&b=2", &[("X-Test", "yes")], "hello body");
    let (status, _, text) = read(host.invoke(code.clone(), req, "r1").await).await;
    assert_eq!(status, 200, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["url"], "http://py.sub.workers.localhost/echo?a=1&b=2");
    assert_eq!(v["method"], "POST");
    assert_eq!(v["x_test"], "yes");
    assert_eq!(v["has_x_test"], true);
    assert_eq!(v["query"]["a"][0], "1");
    assert_eq!(v["body"], "hello body");

    let req = request("PUT", "/json", &[], r#"{"k": [1, 2]}"#);
    let (_, headers, text) = read(host.invoke(code.clone(), req, "r2").await).await;
    assert_eq!(headers["content-type"], "application/json");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"got": {"k": [1, 2]}, "method": "PUT"})
    );

    let req = request("POST", "/bytes", &[], "abc");
    let (_, _, text) = read(host.invoke(code, req, "r3").await).await;
    assert_eq!(text, "cba");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn response_json_redirect_status_headers() {
    let (host, _) = host();
    let code = simple(&fixture("responses.py"));
    let (s, h, t) = read(host.invoke(code.clone(), get("/json"), "r").await).await;
    assert_eq!(
        (s, h["content-type"].to_str().unwrap()),
        (201, "application/json")
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&t).unwrap(),
        serde_json::json!({"ok": true, "n": [1, 2, 3]})
    );
    let (s, h, _) = read(host.invoke(code.clone(), get("/redirect"), "r").await).await;
    assert_eq!(
        (s, h["location"].to_str().unwrap()),
        (301, "https://example.com/elsewhere")
    );
    let (s, h, _) = read(
        host.invoke(code.clone(), get("/redirect-default"), "r")
            .await,
    )
    .await;
    assert_eq!((s, h["location"].to_str().unwrap()), (302, "/next"));
    let (s, h, t) = read(host.invoke(code.clone(), get("/teapot"), "r").await).await;
    assert_eq!(
        (s, h["x-kind"].to_str().unwrap(), t.as_str()),
        (418, "teapot", "short and stout")
    );
    let (s, h, t) = read(host.invoke(code.clone(), get("/multi"), "r").await).await;
    assert_eq!(s, 200);
    let cookies: Vec<_> = h
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(cookies, ["a=1", "b=2"]);
    assert_eq!(t.as_bytes(), b"\x00\x01binary");
    let (s, h, t) = read(host.invoke(code.clone(), get("/wrong-length"), "r").await).await;
    assert_eq!((s, t.as_str()), (200, "four"));
    assert!(
        h.get("content-length").is_none(),
        "framing headers come from the body"
    );
    let (s, _, t) = read(host.invoke(code.clone(), get("/empty"), "r").await).await;
    assert_eq!((s, t.as_str()), (204, ""));
    let (s, h, t) = read(
        host.invoke(code.clone(), get("/not-a-response"), "r-bad")
            .await,
    )
    .await;
    assert_eq!(
        (s, h["cf-error-code"].to_str().unwrap()),
        (500, "1101"),
        "{t}"
    );
    assert!(t.contains("Error 1101: Worker threw exception"));
    let (s, _, _) = read(host.invoke(code, get("/other"), "r").await).await;
    assert_eq!(s, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bindings_in_env() {
    use hearth_runtime::RuntimeBinding::*;
    let (host, _) = host();
    let code = worker(
        &[("bindings.py", &fixture("bindings.py"))],
        vec![
            PlainText {
                name: "PLAIN".into(),
                text: "plain value".into(),
            },
            SecretText {
                name: "SECRET".into(),
                text: "s3cret".into(),
            },
            Json {
                name: "CONFIG".into(),
                value: serde_json::json!({"a": [1, {"b": null}]}),
            },
            VersionMetadata {
                name: "VERSION".into(),
                id: "ver-id".into(),
                tag: "v1".into(),
                timestamp: "2026-01-01T00:00:00Z".into(),
            },
            Service {
                name: "OTHER".into(),
                service: "other-worker".into(),
                entrypoint: None,
            },
        ],
    );
    let (s, _, t) = read(host.invoke(code, get("/"), "r").await).await;
    assert_eq!(s, 200, "{t}");
    let v: serde_json::Value = serde_json::from_str(&t).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "plain": "plain value", "secret": "s3cret", "secret_item": "s3cret",
            "config": {"a": [1, {"b": null}]}, "config_type": "dict",
            "version": {"id": "ver-id", "tag": "v1", "timestamp": "2026-01-01T00:00:00Z"},
            "service": "<Fetcher OTHER>", "missing": false,
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_module_worker_with_vendored_package() {
    let (host, _) = host();
    let files = [
        "multi/src/entry.py",
        "multi/src/helper.py",
        "multi/src/lib/__init__.py",
        "multi/src/lib/greet.py",
        "multi/python_modules/tinypkg/__init__.py",
        "multi/python_modules/tinypkg/util.py",
        "multi/python_modules/tinypkg/data.py",
    ];
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.trim_start_matches("multi/").to_string(), fixture(f)))
        .collect();
    let modules: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let code = worker(&modules, vec![]);
    assert_eq!(host.validate(&code), Ok(vec!["fetch".to_string()]));
    let (s, _, t) = read(host.invoke(code, get("/"), "r").await).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(
        t,
        "helper | hello py | tinypkg-1.0 | VENDORED! | TINYPKG! has 3 items"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbound_fetch_and_service_binding() {
    use hearth_python::OutboundTarget;
    let (host, outbound) = host();
    let mut code = (*worker(
        &[("outbound.py", &fixture("outbound.py"))],
        vec![hearth_runtime::RuntimeBinding::Service {
            name: "OTHER".into(),
            service: "other-worker".into(),
            entrypoint: None,
        }],
    ))
    .clone();
    code.limits.subrequests = 4;
    let code = std::sync::Arc::new(code);

    let (s, _, t) = read(host.invoke(code.clone(), get("/fetch"), "r1").await).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(
        t,
        "201 yes internet POST https://example.com/data?x=1 payload"
    );

    let (_, _, t) = read(host.invoke(code.clone(), get("/service"), "r2").await).await;
    assert_eq!(
        t,
        "service other-worker PUT /hello svc-body || service other-worker GET /forwarded "
    );
    {
        let seen = outbound.seen.lock().unwrap();
        assert!(seen.calls.iter().any(|c| c.0
            == OutboundTarget::Service {
                binding: "OTHER".into(),
                service: "other-worker".into()
            }));
    }

    let (_, _, t) = read(host.invoke(code.clone(), get("/gather"), "r3").await).await;
    assert_eq!(t, "201,201,201");

    let (_, _, t) = read(host.invoke(code.clone(), get("/limit"), "r4").await).await;
    assert_eq!(t, "after 4: FetchError: Too many subrequests.");

    let (_, _, t) = read(host.invoke(code.clone(), get("/private"), "r5").await).await;
    assert!(
        t.starts_with("FetchError: fetch() to a private address"),
        "{t}"
    );

    let (_, _, t) = read(host.invoke(code.clone(), get("/wait-until"), "r6").await).await;
    assert_eq!(t, "responded");
    for _ in 0..100 {
        if outbound
            .seen
            .lock()
            .unwrap()
            .calls
            .iter()
            .any(|c| c.2.ends_with("/after-response"))
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the wait_until fetch never happened");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_logging_and_exceptions() {
    let (host, _) = host();
    let code = simple(&fixture("logging_errors.py"));
    let (s, _, t) = read(
        host.invoke(code.clone(), get("/print"), "req-print-1")
            .await,
    )
    .await;
    assert_eq!((s, t.as_str()), (200, "printed"));
    let (s, h, t) = read(
        host.invoke(code.clone(), get("/raise"), "req-raise-1")
            .await,
    )
    .await;
    assert_eq!((s, h["cf-error-code"].to_str().unwrap()), (500, "1101"));
    assert!(t.contains("Error 1101: Worker threw exception") && t.contains("req-raise-1"));
    let (s, _, _) = read(host.invoke(code.clone(), get("/exit"), "req-exit-1").await).await;
    assert_eq!(s, 500);
    // The isolate survived its exceptions.
    let (s, _, t) = read(host.invoke(code.clone(), get("/"), "req-ok").await).await;
    assert_eq!((s, t.as_str()), (200, "ok"));
    let logs = logs();
    let line = |needle: &str| {
        logs.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no log line with {needle:?} in:\n{logs}"))
            .to_string()
    };
    assert!(line("imported logging_errors").contains("script=\"py-test\""));
    let l = line("hello from print 42");
    assert!(
        l.contains("request_id=\"req-print-1\"") && l.contains(&code.version_id),
        "{l}"
    );
    assert!(line("a warning via logging").contains("WARN"));
    assert!(line("an error via logging").contains("ERROR"));
    line("python worker threw an exception");
    let expected = format!(
        "ValueError: boom from the worker\n script=\"py-test\" version=\"{}\" request_id=\"req-raise-1\"",
        code.version_id
    );
    assert!(logs.contains(&expected), "{logs}");
    assert!(logs.contains("in helper_that_fails"));
    assert!(
        !logs.contains("File \"<string>\""),
        "host frames are trimmed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_reports_syntax_errors_and_import_failures() {
    let (host, _) = host();
    let bad = worker(
        &[
            ("entry.py", "import util\nfrom workers import Response\ndef on_fetch(r, env):\n    return Response('x')\n"),
            ("util.py", "def f(:\n    pass\n"),
        ],
        vec![],
    );
    let err = host.validate(&bad).unwrap_err();
    assert!(
        err.contains("SyntaxError") && err.contains("util.py, line 1"),
        "{err}"
    );

    let raises = simple("raise RuntimeError('at import')\n");
    let err = host.validate(&raises).unwrap_err();
    assert!(err.contains("RuntimeError: at import"), "{err}");

    let missing = simple("import no_such_module_here\n");
    let err = host.validate(&missing).unwrap_err();
    assert!(err.contains("ModuleNotFoundError"), "{err}");

    let none = simple("X = 1\n");
    assert!(host.validate(&none).unwrap_err().contains("no handler"));

    // A Worker whose import raises answers 1101 at request time too.
    let (s, _, _) = read(host.invoke(raises, get("/"), "r").await).await;
    assert_eq!(s, 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_isolates_are_evicted_over_max_processes_and_shutdown_stops_all() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<hearth_python::PythonHost>();
    init_tracing();
    let config = hearth_python::PythonConfig {
        max_processes: 2,
        template_max_forks: 2, // also exercises template recycling
        ..Default::default()
    };
    let host = hearth_python::PythonHost::new(config, std::sync::Arc::new(TestOutbound::default()))
        .unwrap();
    let versions: Vec<_> = (0..4).map(|_| simple(SEED_ON_FETCH)).collect();
    for code in &versions {
        let (s, _, t) = read(host.invoke(code.clone(), get("/"), "r").await).await;
        assert_eq!((s, t.as_str()), (200, "Hello World!"));
        assert!(host.processes() <= 2, "{} processes", host.processes());
    }
    // An evicted version simply starts again.
    let (s, _, _) = read(host.invoke(versions[0].clone(), get("/"), "r").await).await;
    assert_eq!(s, 200);
    assert!(logs().contains("recycling the python template"));
    host.shutdown();
    assert_eq!(host.processes(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_interleave_in_one_isolate() {
    let (host, _) = host();
    let code = simple(
        "import asyncio\nfrom workers import Response\nasync def on_fetch(request, env):\n    await asyncio.sleep(0.2)\n    return Response(request.path)\n",
    );
    let t0 = std::time::Instant::now();
    let futs = (0..20).map(|i| {
        let code = code.clone();
        let host = &host;
        async move { read(host.invoke(code, get(&format!("/{i}")), "r").await).await }
    });
    let results = futures_util::future::join_all(futs).await;
    for (i, (s, _, t)) in results.into_iter().enumerate() {
        assert_eq!((s, t), (200, format!("/{i}")));
    }
    // 20 sleeps of 200 ms overlapped (generous bound for a loaded machine).
    assert!(
        t0.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(host.processes(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standard_library_imports_inside_the_sandbox() {
    let (host, _) = host();
    let code = simple(&fixture("stdlib.py"));
    let (s, _, t) = read(host.invoke(code, get("/"), "r").await).await;
    assert_eq!(s, 200, "{t}");
    let v: serde_json::Value = serde_json::from_str(&t).unwrap();
    println!("stdlib results: {v}");
    assert_eq!(v["fraction"], "1");
    assert_eq!(v["decimal"], "3.30");
    assert_eq!(v["sha256"], "fe586323e9793abc");
    assert_eq!(v["b64"], "aGk=");
    assert_eq!(v["uuid_len"], 36);
    assert_eq!(v["zlib"], true);
    assert_eq!(v["year"], 1970);
    assert_eq!(v["thread"], 45, "threads work under the seccomp filter");
    // A C extension from lib-dynload linking a shared library from /usr/lib.
    assert_eq!(v["sqlite"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_sink_gets_output_and_wait_until_is_bounded() {
    use std::sync::{Arc, Mutex};
    init_tracing();
    let events: Arc<Mutex<Vec<hearth_runtime::LogEvent>>> = Arc::default();
    let sink_events = events.clone();
    let config = hearth_python::PythonConfig {
        wait_until_ms: 200,
        log_sink: Some(Arc::new(move |e: &hearth_runtime::LogEvent| {
            sink_events.lock().unwrap().push(e.clone())
        })),
        ..Default::default()
    };
    let outbound = Arc::new(TestOutbound::default());
    let host = hearth_python::PythonHost::new(config, outbound.clone()).unwrap();
    let code = simple(
        "import asyncio\nfrom workers import Response, fetch\n\nasync def slow():\n    await asyncio.sleep(5)\n    await fetch('https://example.com/too-late')\n\nasync def on_fetch(request, env, ctx):\n    print('handling', request.path)\n    ctx.wait_until(slow())\n    if request.path == '/raise':\n        raise KeyError('nope')\n    return Response('ok')\n",
    );
    let (s, _, _) = read(host.invoke(code.clone(), get("/a"), "sink-1").await).await;
    assert_eq!(s, 200);
    let (s, _, _) = read(host.invoke(code.clone(), get("/raise"), "sink-2").await).await;
    assert_eq!(s, 500);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let events = events.lock().unwrap();
    let find = |needle: &str| events.iter().find(|e| e.message.contains(needle)).cloned();
    let e = find("handling /a").expect("print reached the sink");
    assert_eq!(
        (e.level, e.request_id.as_str()),
        (hearth_runtime::LogLevel::Log, "sink-1")
    );
    assert_eq!(e.script, "py-test");
    let e = find("KeyError: 'nope'").expect("exception reached the sink");
    assert_eq!(
        (e.level, e.request_id.as_str()),
        (hearth_runtime::LogLevel::Error, "sink-2")
    );
    assert!(find("wait_until work cancelled").is_some());
    assert!(!outbound
        .seen
        .lock()
        .unwrap()
        .calls
        .iter()
        .any(|c| c.2.contains("too-late")));
}
