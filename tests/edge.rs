//! The edge: host routing, workers.dev and preview hosts, percentage splits, sticky keys and
//! version overrides, and instant visibility of deploys.

mod common;
use common::Hearth;
use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn two_versions(h: &Hearth, name: &str) -> (String, String) {
    let v1 = h
        .put_script(
            name,
            "export default { fetch() { return new Response('one') } }",
            json!([]),
        )
        .await
        .result()["deployment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let v2 = h
        .upload(
            Method::POST,
            &format!("/accounts/{{a}}/workers/scripts/{name}/versions"),
            r#"{"main_module":"index.js"}"#,
            &[(
                "index.js",
                "application/javascript+module",
                b"export default { fetch() { return new Response('two') } }",
            )],
        )
        .await
        .result()["id"]
        .as_str()
        .unwrap()
        .to_string();
    (v1, v2)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn percentage_split_is_within_three_points() {
    let h = Hearth::start().await;
    let (v1, v2) = two_versions(&h, "split").await;
    h.enable_subdomain("split").await;
    h.post(
        "/accounts/{a}/workers/scripts/split/deployments",
        json!({"strategy": "percentage", "versions": [{"version_id": v1, "percentage": 90}, {"version_id": v2, "percentage": 10}]}),
    )
    .await
    .result();
    let host = h.host("split");
    let mut two = 0;
    for _ in 0..50 {
        let batch = join_all((0..40).map(|_| h.edge_get(&host, "/"))).await;
        for (status, body) in batch {
            assert_eq!(status, StatusCode::OK);
            if body == "two" {
                two += 1;
            } else {
                assert_eq!(body, "one");
            }
        }
    }
    let pct = two as f64 / 2000.0 * 100.0;
    assert!(
        (7.0..=13.0).contains(&pct),
        "version two served {pct}% of 2000 requests, expected 10 ± 3"
    );
}

#[tokio::test]
async fn sticky_keys_and_overrides() {
    let h = Hearth::start().await;
    let (v1, v2) = two_versions(&h, "pin").await;
    h.enable_subdomain("pin").await;
    h.post(
        "/accounts/{a}/workers/scripts/pin/deployments",
        json!({"strategy": "percentage", "versions": [{"version_id": v1, "percentage": 50}, {"version_id": v2, "percentage": 50}]}),
    )
    .await
    .result();
    let host = h.host("pin");
    // Same key, same version, every time; different keys reach both versions.
    let mut seen = std::collections::HashSet::new();
    for k in 0..40 {
        let key = format!("user-{k}");
        let (_, first) = h
            .edge_request(&host, "/", &[("Cloudflare-Workers-Version-Key", &key)])
            .await;
        for _ in 0..3 {
            let (_, again) = h
                .edge_request(&host, "/", &[("Cloudflare-Workers-Version-Key", &key)])
                .await;
            assert_eq!(again, first, "key {key} moved between versions");
        }
        seen.insert(first);
    }
    assert_eq!(
        seen.len(),
        2,
        "40 keys all landed on one version of a 50/50 split"
    );
    // Overrides pin a version of the deployment.
    let ov = format!("pin=\"{v2}\"");
    for _ in 0..20 {
        assert_eq!(
            h.edge_request(&host, "/", &[("Cloudflare-Workers-Version-Overrides", &ov)])
                .await
                .1,
            "two"
        );
    }
    let ov = format!("other=\"{v2}\", pin=\"{v1}\"");
    for _ in 0..20 {
        assert_eq!(
            h.edge_request(&host, "/", &[("Cloudflare-Workers-Version-Overrides", &ov)])
                .await
                .1,
            "one"
        );
    }
}

#[tokio::test]
async fn hosts_previews_and_instant_deploys() {
    let h = Hearth::start().await;
    let (v1, v2) = two_versions(&h, "web").await;
    let host = h.host("web");
    // workers.dev route disabled: nothing here.
    assert_eq!(h.edge_get(&host, "/").await.0, StatusCode::NOT_FOUND);
    h.enable_subdomain("web").await;
    assert_eq!(h.edge_get(&host, "/").await.1, "one");
    // Preview host of the undeployed version.
    let preview = format!("{}-web.{}.workers.localhost", &v2[..8], h.subdomain);
    assert_eq!(h.edge_get(&preview, "/").await.1, "two");
    // Previews off: preview hosts answer 404, the main host still serves.
    h.post(
        "/accounts/{a}/workers/scripts/web/subdomain",
        json!({"enabled": true, "previews_enabled": false}),
    )
    .await
    .result();
    assert_eq!(h.edge_get(&preview, "/").await.0, StatusCode::NOT_FOUND);
    assert_eq!(h.edge_get(&host, "/").await.1, "one");
    // Unknown hosts and scripts.
    assert_eq!(
        h.edge_get("nope.acme.workers.localhost", "/").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.edge_get("web.other.workers.localhost", "/").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.edge_get("example.com", "/").await.0,
        StatusCode::NOT_FOUND
    );
    // A request right after each deploy call sees the new deployment.
    for (i, v) in [&v2, &v1, &v2, &v1, &v2].iter().enumerate() {
        h.post(
            "/accounts/{a}/workers/scripts/web/deployments",
            json!({"strategy": "percentage", "versions": [{"version_id": v, "percentage": 100}]}),
        )
        .await
        .result();
        let expect = if *v == &v2 { "two" } else { "one" };
        assert_eq!(h.edge_get(&host, "/").await.1, expect, "deploy #{i}");
    }
    // Deleting the Worker takes it off the edge at once.
    h.delete("/accounts/{a}/workers/scripts/web").await.result();
    assert_eq!(h.edge_get(&host, "/").await.0, StatusCode::NOT_FOUND);
}

/// What the edge tells a Worker about its client: Cloudflare's client headers (ones the client
/// forged are replaced) and `request.cf`; with `--trust-forwarded-for`, the address a proxy in
/// front reports.
#[tokio::test]
async fn client_headers_and_request_cf() {
    const ECHO: &str = r#"export default { fetch(r) {
        const h = {};
        for (const k of ["cf-connecting-ip", "x-real-ip", "x-forwarded-for", "x-forwarded-proto", "cf-visitor", "cf-ipcountry", "cf-ray"]) h[k] = r.headers.get(k);
        return Response.json({ h, cf: r.cf });
    } };"#;
    for trust in [false, true] {
        let mut h = if trust {
            Hearth::start_with(&["--trust-forwarded-for", "--colo", "AMS"]).await
        } else {
            Hearth::start().await
        };
        h.put_script("echo", ECHO, json!([])).await.result();
        h.enable_subdomain("echo").await;
        let r = h
            .http
            .get(format!("{}/x", h.edge))
            .header("host", h.host("echo"))
            .header("cf-connecting-ip", "6.6.6.6")
            .header("x-forwarded-for", "203.0.113.7")
            .header("x-forwarded-proto", "https")
            .header("accept-encoding", "gzip, br")
            .send()
            .await
            .unwrap();
        let ray = r.headers()["cf-ray"].to_str().unwrap().to_string();
        let v: serde_json::Value = r.json().await.unwrap();
        let (h_, cf) = (&v["h"], &v["cf"]);
        let colo = if trust { "AMS" } else { "HRTH" };
        assert!(ray.ends_with(&format!("-{colo}")), "{ray}");
        assert_eq!(
            h_["cf-ray"],
            ray.as_str(),
            "the Worker sees the ray the client gets"
        );
        assert_eq!(cf["colo"], colo);
        assert_eq!(cf["country"], "XX");
        assert_eq!(h_["cf-ipcountry"], "XX");
        assert_eq!(cf["httpProtocol"], "HTTP/1.1");
        assert_eq!(cf["clientAcceptEncoding"], "gzip, br");
        if trust {
            assert_eq!(h_["cf-connecting-ip"], "203.0.113.7");
            assert_eq!(h_["x-forwarded-for"], "203.0.113.7");
            assert_eq!(h_["x-forwarded-proto"], "https");
            assert_eq!(h_["cf-visitor"], r#"{"scheme":"https"}"#);
        } else {
            // The forged CF-Connecting-IP is replaced; the peer is appended to X-Forwarded-For.
            assert_eq!(h_["cf-connecting-ip"], "127.0.0.1");
            assert_eq!(h_["x-real-ip"], "127.0.0.1");
            assert_eq!(h_["x-forwarded-for"], "203.0.113.7, 127.0.0.1");
            assert_eq!(h_["x-forwarded-proto"], "http");
            assert_eq!(h_["cf-visitor"], r#"{"scheme":"http"}"#);
        }
        h.terminate();
    }
}
