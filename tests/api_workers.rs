//! The beta Worker resource and its versions.

mod common;
use base64::Engine;
use common::Hearth;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

fn hello_version(date: &str) -> Value {
    json!({
        "compatibility_date": date,
        "main_module": "w.mjs",
        "modules": [{"name": "w.mjs", "content_type": "application/javascript+module",
                     "content_base64": b64("export default { async fetch(r, env) { return new Response(env.MESSAGE) } }")}],
        "bindings": [{"type": "plain_text", "name": "MESSAGE", "text": "Hello World!"}],
    })
}

#[tokio::test]
async fn worker_crud_defaults_and_lookup_by_id_or_name() {
    let h = Hearth::start().await;
    let w = h
        .post(
            "/accounts/{a}/workers/workers",
            json!({"name": "my-worker"}),
        )
        .await;
    let w = w.result().clone();
    let id = w["id"].as_str().unwrap();
    assert_eq!(id.len(), 32);
    assert_eq!(w["logpush"], false);
    assert_eq!(w["tags"], json!([]));
    assert_eq!(w["tail_consumers"], json!([]));
    assert_eq!(
        w["subdomain"],
        json!({"enabled": false, "previews_enabled": false})
    );
    assert_eq!(w["observability"]["logs"]["destinations"], json!([]));
    assert_eq!(w["observability"]["head_sampling_rate"], 1);
    assert!(w["deployed_on"].is_null());
    assert!(w["created_on"].as_str().unwrap().ends_with('Z'));
    // The same Worker by id and by name.
    assert_eq!(
        h.get(&format!("/accounts/{{a}}/workers/workers/{id}"))
            .await
            .result()["name"],
        "my-worker"
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/workers/my-worker")
            .await
            .result()["id"],
        id
    );
    // ...and through the scripts and services families.
    assert_eq!(
        h.get("/accounts/{a}/workers/services/my-worker")
            .await
            .result()["id"],
        "my-worker"
    );
    // Conflict on the same name, without retry.
    let c = h
        .post(
            "/accounts/{a}/workers/workers",
            json!({"name": "my-worker"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CONFLICT);
    assert_eq!(c.error_code(), 10040);
    assert_eq!(c.headers["x-should-retry"], "false");
    // PATCH merges; PUT replaces (and can rename, keeping the id).
    let p = h
        .patch(
            "/accounts/{a}/workers/workers/my-worker",
            json!({"tags": ["env=prod"], "observability": {"enabled": true}}),
        )
        .await;
    assert_eq!(p.result()["tags"], json!(["env=prod"]));
    assert_eq!(p.result()["observability"]["enabled"], true);
    assert_eq!(p.result()["observability"]["logs"]["invocation_logs"], true);
    let r = h
        .put(
            &format!("/accounts/{{a}}/workers/workers/{id}"),
            json!({"name": "renamed", "subdomain": {"enabled": true}}),
        )
        .await;
    let r = r.result().clone();
    assert_eq!(r["id"], id);
    assert_eq!(r["tags"], json!([]), "PUT resets omitted fields");
    assert_eq!(
        r["subdomain"],
        json!({"enabled": true, "previews_enabled": true})
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/workers/my-worker")
            .await
            .error_code(),
        10007
    );
    // Delete, then every family says it is gone.
    h.delete(&format!("/accounts/{{a}}/workers/workers/{id}"))
        .await
        .result();
    let g = h.get("/accounts/{a}/workers/workers/renamed").await;
    assert_eq!(g.status, StatusCode::NOT_FOUND);
    assert_eq!(g.error_code(), 10007);
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/renamed/settings")
            .await
            .error_code(),
        10007
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/services/renamed")
            .await
            .error_code(),
        10090
    );
}

#[tokio::test]
async fn invalid_worker_bodies_change_nothing() {
    let h = Hearth::start().await;
    let before = h.snapshot().await;
    let bad_name = h
        .post(
            "/accounts/{a}/workers/workers",
            json!({"name": "Not Valid"}),
        )
        .await;
    assert_eq!(bad_name.error_code(), 10016);
    assert_eq!(
        h.post("/accounts/{a}/workers/workers", json!({}))
            .await
            .error_code(),
        10003
    );
    let many_tags: Vec<String> = (0..9).map(|i| format!("t{i}")).collect();
    assert_eq!(
        h.post(
            "/accounts/{a}/workers/workers",
            json!({"name": "x", "tags": many_tags})
        )
        .await
        .error_code(),
        100103
    );
    assert_eq!(
        h.post(
            "/accounts/{a}/workers/workers",
            json!({"name": "x", "observability": {"head_sampling_rate": 2}})
        )
        .await
        .error_code(),
        100308
    );
    let malformed = h
        .send_raw(
            reqwest::Method::POST,
            "/accounts/{a}/workers/workers",
            "application/json",
            b"{\"name\": ".to_vec(),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.error_code(), 10021);
    assert_eq!(h.snapshot().await, before);
}

#[tokio::test]
async fn list_paginates_until_an_empty_page() {
    let h = Hearth::start().await;
    for i in 0..3 {
        h.post(
            "/accounts/{a}/workers/workers",
            json!({"name": format!("w{i}")}),
        )
        .await
        .result();
    }
    let mut names = vec![];
    for page in 1..=4 {
        let r = h
            .get(&format!(
                "/accounts/{{a}}/workers/workers?per_page=1&page={page}"
            ))
            .await;
        let items = r.result().as_array().unwrap().clone();
        assert_eq!(r.json["result_info"]["total_count"], 3);
        if page == 4 {
            assert!(items.is_empty());
        } else {
            names.push(items[0]["name"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(names, ["w0", "w1", "w2"]);
    let desc = h
        .get("/accounts/{a}/workers/workers?order_by=name&order=desc")
        .await;
    assert_eq!(desc.result()[0]["name"], "w2");
    assert_eq!(
        h.get("/accounts/{a}/workers/workers?page=0")
            .await
            .error_code(),
        10004
    );
}

#[tokio::test]
async fn versions_by_uuid_prefix_latest_and_deploy_flag() {
    let h = Hearth::start().await;
    let id = h
        .post("/accounts/{a}/workers/workers", json!({"name": "v"}))
        .await
        .result()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let v1 = h
        .post(
            &format!("/accounts/{{a}}/workers/workers/{id}/versions"),
            hello_version("2025-08-06"),
        )
        .await
        .result()
        .clone();
    let vid = v1["id"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(vid).unwrap().get_version_num(), 4);
    assert_eq!(v1["number"], 1);
    assert_eq!(v1["main_module"], "w.mjs");
    assert_eq!(v1["compatibility_date"], "2025-08-06");
    assert_eq!(v1["annotations"]["workers/triggered_by"], "upload");
    assert!(
        v1.get("compatibility_flags").is_none(),
        "unset fields are omitted"
    );
    assert!(v1.get("modules").is_none());
    let by_prefix = h
        .get(&format!(
            "/accounts/{{a}}/workers/workers/v/versions/{}",
            &vid[..8]
        ))
        .await;
    assert_eq!(by_prefix.result()["id"], vid);
    let with_modules = h
        .get(&format!(
            "/accounts/{{a}}/workers/workers/v/versions/{vid}?include=modules"
        ))
        .await;
    let m = &with_modules.result()["modules"][0];
    assert_eq!(
        m["content_base64"],
        hello_version("x")["modules"][0]["content_base64"]
    );
    assert_eq!(m["content_type"], "application/javascript+module");
    // Not deployed yet.
    assert!(h.get("/accounts/{a}/workers/workers/v").await.result()["deployed_on"].is_null());
    let v2 = h
        .post(
            &format!("/accounts/{{a}}/workers/workers/{id}/versions?deploy=true"),
            hello_version("2025-09-01"),
        )
        .await
        .result()
        .clone();
    assert_eq!(v2["number"], 2);
    assert_eq!(
        h.get("/accounts/{a}/workers/workers/v/versions/latest")
            .await
            .result()["id"],
        v2["id"]
    );
    let deps = h.get("/accounts/{a}/workers/scripts/v/deployments").await;
    let d = &deps.result()["deployments"][0];
    assert_eq!(
        d["versions"],
        json!([{"version_id": v2["id"], "percentage": 100}])
    );
    assert!(!h.get("/accounts/{a}/workers/workers/v").await.result()["deployed_on"].is_null());
    // Newest first, paginated.
    let list = h
        .get("/accounts/{a}/workers/workers/v/versions?per_page=1")
        .await;
    assert_eq!(list.result()[0]["id"], v2["id"]);
    assert!(h
        .get("/accounts/{a}/workers/workers/v/versions?per_page=1&page=3")
        .await
        .result()
        .as_array()
        .unwrap()
        .is_empty());
    // The deployed version cannot be deleted; the other can.
    let del = h
        .delete(&format!(
            "/accounts/{{a}}/workers/workers/v/versions/{}",
            v2["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(del.error_code(), 10021);
    h.delete(&format!("/accounts/{{a}}/workers/workers/v/versions/{vid}"))
        .await
        .result();
    assert_eq!(
        h.get(&format!("/accounts/{{a}}/workers/workers/v/versions/{vid}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_versions_are_refused_and_change_nothing() {
    let h = Hearth::start().await;
    h.post("/accounts/{a}/workers/workers", json!({"name": "v"}))
        .await
        .result();
    let before = h.snapshot().await;
    let path = "/accounts/{a}/workers/workers/v/versions";
    let mut missing_main = hello_version("2025-08-06");
    missing_main["main_module"] = json!("nope.mjs");
    assert_eq!(h.post(path, missing_main).await.error_code(), 10021);
    let mut bad_binding = hello_version("2025-08-06");
    bad_binding["bindings"] = json!([{"type": "telepathy", "name": "X"}]);
    let r = h.post(path, bad_binding).await;
    assert_eq!(r.error_code(), 10021);
    assert!(r.text.contains("telepathy"), "{}", r.text);
    let mut unsupported = hello_version("2025-08-06");
    unsupported["bindings"] =
        json!([{"type": "kv_namespace", "name": "KV", "namespace_id": "abc"}]);
    let r = h.post(path, unsupported).await;
    assert!(r.text.contains("kv_namespace"), "{}", r.text);
    let mut syntax = hello_version("2025-08-06");
    syntax["modules"][0]["content_base64"] = json!(b64("export default { fetch( { "));
    let r = h.post(path, syntax).await;
    assert_eq!(r.error_code(), 10021);
    let mut throws = hello_version("2025-08-06");
    throws["modules"][0]["content_base64"] =
        json!(b64("throw new Error('boom at startup'); export default {}"));
    let r = h.post(path, throws).await;
    assert_eq!(r.error_code(), 10021);
    assert!(r.text.contains("boom at startup"), "{}", r.text);
    let mut python_no_flag = hello_version("2025-08-06");
    python_no_flag["main_module"] = json!("w.py");
    python_no_flag["modules"] = json!([{"name": "w.py", "content_type": "text/x-python", "content_base64": b64("def on_fetch(r, env): pass")}]);
    let r = h.post(path, python_no_flag).await;
    assert!(r.text.contains("python_workers"), "{}", r.text);
    let mut bad_b64 = hello_version("2025-08-06");
    bad_b64["modules"][0]["content_base64"] = json!("!!!not base64!!!");
    assert_eq!(h.post(path, bad_b64).await.error_code(), 10021);
    let mut wasm = hello_version("2025-08-06");
    wasm["modules"] = json!([hello_version("x")["modules"][0], {"name": "m.wasm", "content_type": "application/wasm", "content_base64": b64("\0asm")}]);
    assert!(h.post(path, wasm).await.text.contains("WebAssembly"));
    assert_eq!(
        h.post(
            "/accounts/{a}/workers/workers/nope/versions",
            hello_version("2025-08-06")
        )
        .await
        .error_code(),
        10007
    );
    assert_eq!(h.snapshot().await, before);
}

#[tokio::test]
async fn python_versions_are_stored_with_the_flag() {
    let h = Hearth::start().await;
    h.post("/accounts/{a}/workers/workers", json!({"name": "py"}))
        .await
        .result();
    let body = json!({
        "compatibility_date": "2025-08-06", "compatibility_flags": ["python_workers"], "main_module": "py.py",
        "modules": [{"name": "py.py", "content_type": "text/x-python", "content_base64": b64("from workers import Response\ndef on_fetch(request, env):\n    return Response(env.MESSAGE)\n")}],
        "bindings": [{"type": "plain_text", "name": "MESSAGE", "text": "Hello World!"}],
    });
    let v = h
        .post("/accounts/{a}/workers/workers/py/versions", body)
        .await;
    assert_eq!(v.result()["compatibility_flags"], json!(["python_workers"]));
}
