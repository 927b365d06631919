//! The Cache API through real Workers deployed by the API: semantics (`tests/workers/web/cache.js`)
//! and partitioning: Workers of one account share `caches.default`, another account and the user
//! Workers of a dispatch namespace each see only their own entries.

mod common;
use common::{run_web_checks, worker_source, Hearth};
use reqwest::{Method, StatusCode};
use serde_json::json;

const ESM: &str = "application/javascript+module";

#[tokio::test]
async fn cache_api_semantics() {
    let h = Hearth::start().await;
    run_web_checks(&h, "cache-checks", "cache.js", &[]).await;
}

/// Deploys `web/cache_probe.js` as `name` in this account with workers.dev on.
async fn probe(h: &Hearth, name: &str) -> String {
    h.put_script(name, &worker_source("web/cache_probe.js"), json!([]))
        .await
        .result();
    h.enable_subdomain(name).await;
    h.host(name)
}

#[tokio::test]
async fn caches_are_partitioned_by_account_and_dispatch_namespace() {
    let h = Hearth::start().await;
    let p1 = probe(&h, "probe-one").await;
    let p2 = probe(&h, "probe-two").await;
    assert_eq!(h.edge_get(&p1, "/put?k=k1&v=account-a").await.1, "stored");
    // Another Worker of the same account shares the cache (as Workers of one zone do).
    assert_eq!(h.edge_get(&p2, "/get?k=k1").await.1, "account-a");

    // Another account: same script name, same key, its own (empty) cache.
    let (other_id, other_token) = h.other_account("other", "othersub");
    let form = reqwest::multipart::Form::new()
        .text("metadata", r#"{"main_module":"index.js"}"#)
        .part(
            "index.js",
            reqwest::multipart::Part::text(worker_source("web/cache_probe.js"))
                .file_name("index.js")
                .mime_str(ESM)
                .unwrap(),
        );
    let base = format!(
        "{}/client/v4/accounts/{other_id}/workers/scripts/probe-one",
        h.api
    );
    let r = h
        .http
        .put(&base)
        .bearer_auth(&other_token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let r = h
        .http
        .post(format!("{base}/subdomain"))
        .bearer_auth(&other_token)
        .json(&json!({"enabled": true}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let other = "probe-one.othersub.workers.localhost";
    assert_eq!(h.edge_get(other, "/get?k=k1").await.1, "MISS");
    assert_eq!(h.edge_get(other, "/put?k=k1&v=account-b").await.1, "stored");
    assert_eq!(h.edge_get(&p1, "/get?k=k1").await.1, "account-a");

    // A user Worker of a dispatch namespace: its own partition, not the account's.
    h.post(
        "/accounts/{a}/workers/dispatch/namespaces",
        json!({"name": "tenants"}),
    )
    .await
    .result();
    for tenant in ["t1", "t2"] {
        h.upload(
            Method::PUT,
            &format!("/accounts/{{a}}/workers/dispatch/namespaces/tenants/scripts/{tenant}"),
            r#"{"main_module":"index.js"}"#,
            &[(
                "index.js",
                ESM,
                worker_source("web/cache_probe.js").as_bytes(),
            )],
        )
        .await
        .result();
    }
    h.put_script(
        "dispatcher",
        &worker_source("e2e/dispatcher.js"),
        json!([{"type": "dispatch_namespace", "name": "DISPATCHER", "namespace": "tenants"}]),
    )
    .await
    .result();
    h.enable_subdomain("dispatcher").await;
    let d = h.host("dispatcher");
    let (status, body) = h.edge_get(&d, "/t1/get?k=k1").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "[t1] MISS"));
    assert_eq!(
        h.edge_get(&d, "/t1/put?k=k1&v=tenant").await.1,
        "[t1] stored"
    );
    // Tenants of one namespace share it (one "zone"); the account's Workers do not see it.
    assert_eq!(h.edge_get(&d, "/t2/get?k=k1").await.1, "[t2] tenant");
    assert_eq!(h.edge_get(&p1, "/get?k=k1").await.1, "account-a");
}
