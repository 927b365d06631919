//! Workers deployed through the API and run by the edge: formats, module kinds, streaming bodies,
//! bindings, service bindings, limits and error pages. Worker scripts: `tests/workers/e2e/`.

mod common;
use common::{worker_source, Hearth};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Uploads files from `tests/workers/e2e/` as a new Worker (multipart PUT, 100% deployed, workers.dev on).
async fn deploy(h: &Hearth, name: &str, main: &str, files: &[(&str, &str)], meta_extra: Value) {
    let mut meta = json!({"main_module": main, "compatibility_date": "2025-08-06"});
    for (k, v) in meta_extra.as_object().unwrap() {
        meta[k] = v.clone();
    }
    let bodies: Vec<(String, String, Vec<u8>)> = files
        .iter()
        .map(|(file, ct)| {
            let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/workers/e2e")
                .join(file);
            (file.to_string(), ct.to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    let parts: Vec<(&str, &str, &[u8])> = bodies
        .iter()
        .map(|(n, c, b)| (n.as_str(), c.as_str(), b.as_slice()))
        .collect();
    let r = h
        .upload(
            Method::PUT,
            &format!("/accounts/{{a}}/workers/scripts/{name}"),
            &meta.to_string(),
            &parts,
        )
        .await;
    r.result();
    h.enable_subdomain(name).await;
}

const ESM: &str = "application/javascript+module";

#[tokio::test]
async fn entrypoint_class_format() {
    let h = Hearth::start().await;
    deploy(
        &h,
        "ep",
        "entrypoint.js",
        &[("entrypoint.js", ESM)],
        json!({"bindings": [{"type": "plain_text", "name": "MESSAGE", "text": "m"}]}),
    )
    .await;
    assert_eq!(
        h.edge_get(&h.host("ep"), "/p").await,
        (StatusCode::OK, "entrypoint:m:/p".to_string())
    );
}

#[tokio::test]
async fn every_module_kind_imports() {
    let h = Hearth::start().await;
    deploy(
        &h,
        "mods",
        "modules_main.js",
        &[
            ("modules_main.js", ESM),
            ("lib/greet.js", ESM),
            ("lib/suffix.js", ESM),
            ("lib/legacy.cjs", "application/javascript"),
            ("assets/hello.txt", "text/plain"),
            ("assets/bytes.bin", "application/octet-stream"),
            ("assets/config.json", "application/json"),
        ],
        json!({}),
    )
    .await;
    let (status, body) = h.edge_get(&h.host("mods"), "/").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v,
        json!({"greet": "hello e2e!", "cjs": 42, "text": "plain text module", "dataLength": 5, "dataIsArrayBuffer": true, "config": "json module"})
    );
}

#[tokio::test]
async fn request_and_response_bodies_stream() {
    let h = Hearth::start().await;
    deploy(
        &h,
        "streams",
        "streams.js",
        &[("streams.js", ESM)],
        json!({}),
    )
    .await;
    // A 4 MiB request body sent in 64 KiB chunks arrives as a stream of chunks.
    let chunk = vec![b'z'; 64 << 10];
    let stream =
        futures_util::stream::iter((0..64).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
    let r = h
        .http
        .post(format!("{}/echo-count", h.edge))
        .header("host", h.host("streams"))
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["bytes"], 4 << 20);
    assert!(
        v["chunks"].as_u64().unwrap() > 1,
        "the body arrived in one piece: {v}"
    );
    // A 10 MiB response body generated on demand arrives in many chunks.
    let mut r = h
        .http
        .get(format!("{}/stream?n=160&size=65536", h.edge))
        .header("host", h.host("streams"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (mut total, mut chunks) = (0usize, 0usize);
    while let Some(c) = r.chunk().await.unwrap() {
        assert!(c.iter().all(|b| *b == b'a'));
        total += c.len();
        chunks += 1;
    }
    assert_eq!(total, 160 * 65536);
    assert!(chunks > 1);
}

#[tokio::test]
async fn bindings_and_service_bindings() {
    let h = Hearth::start().await;
    deploy(
        &h,
        "backend",
        "backend.js",
        &[("backend.js", ESM)],
        json!({"bindings": [{"type": "plain_text", "name": "NAME", "text": "backend"}]}),
    )
    .await;
    deploy(
        &h,
        "front",
        "bindings.js",
        &[("bindings.js", ESM)],
        json!({
            "bindings": [
                {"type": "plain_text", "name": "MESSAGE", "text": "plain"},
                {"type": "secret_text", "name": "SECRET", "text": "hidden"},
                {"type": "json", "name": "CONFIG", "json": {"list": [1, 2], "on": true}},
                {"type": "version_metadata", "name": "META"},
                {"type": "service", "name": "BACKEND", "service": "backend"}
            ],
            "annotations": {"workers/tag": "v-one"}
        }),
    )
    .await;
    let vid = h
        .get("/accounts/{a}/workers/scripts/front/deployments")
        .await
        .result()["deployments"][0]["versions"][0]["version_id"]
        .clone();
    let (status, body) = h.edge_get(&h.host("front"), "/").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["message"], "plain");
    assert_eq!(v["secret"], "hidden");
    assert_eq!(v["config"], json!({"list": [1, 2], "on": true}));
    assert_eq!(
        v["meta"],
        json!({"id": vid, "tag": "v-one", "hasTimestamp": true})
    );
    assert_eq!(
        v["backend"],
        json!({"status": 200, "text": "backend got POST /path ping"})
    );
}

#[tokio::test]
async fn service_bindings_stay_inside_the_account() {
    let h = Hearth::start().await;
    // A second account with a Worker named "backend".
    let (other_id, other_token) = h.other_account("other", "other");
    let form = reqwest::multipart::Form::new()
        .text("metadata", r#"{"main_module":"backend.js","bindings":[{"type":"plain_text","name":"NAME","text":"other-tenant"}]}"#)
        .part("backend.js", reqwest::multipart::Part::text(worker_source("e2e/backend.js")).file_name("backend.js").mime_str(ESM).unwrap());
    let r = h
        .http
        .put(format!(
            "{}/client/v4/accounts/{}/workers/scripts/backend",
            h.api, other_id
        ))
        .bearer_auth(&other_token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    // This account's front binds "backend", which exists only in the other account.
    deploy(
        &h,
        "front",
        "bindings.js",
        &[("bindings.js", ESM)],
        json!({"bindings": [{"type": "service", "name": "BACKEND", "service": "backend"}]}),
    )
    .await;
    let (status, body) = h.edge_get(&h.host("front"), "/").await;
    assert!(
        !body.contains("other-tenant"),
        "reached another tenant's Worker: {body}"
    );
    assert_ne!(status, StatusCode::OK, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn limits_end_only_the_offending_request() {
    let h = Hearth::start().await;
    deploy(
        &h,
        "backend",
        "backend.js",
        &[("backend.js", ESM)],
        json!({"bindings": [{"type": "plain_text", "name": "NAME", "text": "b"}]}),
    )
    .await;
    deploy(
        &h,
        "bad",
        "limits.js",
        &[("limits.js", ESM)],
        json!({"limits": {"cpu_ms": 100, "subrequests": 3}, "bindings": [{"type": "service", "name": "BACKEND", "service": "backend"}]}),
    )
    .await;
    deploy(
        &h,
        "good",
        "backend.js",
        &[("backend.js", ESM)],
        json!({"bindings": [{"type": "plain_text", "name": "NAME", "text": "good"}]}),
    )
    .await;
    let bad = h.host("bad");
    let good = h.host("good");
    // A busy loop ends with 1102 while another Worker keeps answering meanwhile.
    let busy = h.edge_get(&bad, "/busy");
    let others = async {
        let mut ok = 0;
        for _ in 0..5 {
            if h.edge_get(&good, "/").await.0 == StatusCode::OK {
                ok += 1;
            }
        }
        ok
    };
    let ((status, body), ok) = tokio::join!(busy, others);
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("1102"), "{body}");
    assert_eq!(ok, 5);
    assert_eq!(
        h.edge_get(&bad, "/").await.1,
        "alive",
        "the Worker recovers after a limit"
    );
    // A memory bomb ends with 1102.
    let (status, body) = h.edge_get(&bad, "/memory").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("1102"), "{body}");
    assert_eq!(h.edge_get(&bad, "/").await.1, "alive");
    // An uncaught exception gives 1101.
    let (status, body) = h.edge_get(&bad, "/throw").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.contains("1101"), "{body}");
    // Subrequests: 3 allowed, the 4th fails.
    assert_eq!(
        h.edge_get(&bad, "/subrequests?n=3").await,
        (StatusCode::OK, "made 3".to_string())
    );
    let (status, _) = h.edge_get(&bad, "/subrequests?n=4").await;
    assert_ne!(status, StatusCode::OK);
    assert_eq!(h.edge_get(&good, "/").await.0, StatusCode::OK);
    assert!(
        h.log().contains("deliberate failure"),
        "uncaught exceptions are logged"
    );
}

/// Lines of the log that a scheduled handler printed (`cron-fired <cron> <scheduledTime>`).
fn fired(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| {
            let words: Vec<&str> = l[l.find("cron-fired ")?..]
                .split_whitespace()
                .take(7)
                .collect();
            let time: String = words
                .get(6)?
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            Some(format!("{} {time}", words[..6].join(" ")))
        })
        .collect()
}

#[tokio::test]
async fn cron_triggers_run_once_per_minute_across_restarts() {
    let mut h = Hearth::start_with(&[]).await;
    let src = "export default { fetch() { return new Response('ok') }, async scheduled(controller, env, ctx) { console.log(`cron-fired ${controller.cron} ${controller.scheduledTime}`) } }";
    h.put_script("ticker", src, json!([])).await.result();
    h.put(
        "/accounts/{a}/workers/scripts/ticker/schedules",
        json!([{"cron": "* * * * *"}]),
    )
    .await
    .result();
    // Within at most a minute (bounded wait), the every-minute schedule fires.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(75);
    while fired(&h.log()).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the schedule never fired:\n{}",
            h.log()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let first = fired(&h.log());
    assert!(first[0].starts_with("cron-fired * * * * * "), "{first:?}");
    let t: f64 = first[0].rsplit(' ').next().unwrap().parse().unwrap();
    assert_eq!(
        t % 60_000.0,
        0.0,
        "scheduledTime is the minute it fired for"
    );
    // Restart at once: the new process checks the current minute again, and must not run it twice.
    let ticks_before = h.log().matches("cron tick").count();
    h.kill9();
    h.spawn().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while h.log().matches("cron tick").count() == ticks_before {
        assert!(
            std::time::Instant::now() < deadline,
            "the restarted scheduler never ticked"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let all = fired(&h.log());
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(all.len(), unique.len(), "a minute ran twice: {all:?}");
}
