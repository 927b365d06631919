//! Workers for Platforms: dispatch namespaces, user Workers, tags, and their isolation from
//! workers.dev hosts and ordinary Workers.

mod common;
use common::Hearth;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const HELLO: &str =
    "export default { async fetch(request, env) { return new Response(env.MESSAGE) } };";

async fn user_worker(h: &Hearth, ns: &str, name: &str, message: &str) -> Value {
    let meta = json!({"main_module": "index.js", "bindings": [{"type": "plain_text", "name": "MESSAGE", "text": message}]}).to_string();
    h.upload(
        Method::PUT,
        &format!("/accounts/{{a}}/workers/dispatch/namespaces/{ns}/scripts/{name}"),
        &meta,
        &[(
            "index.js",
            "application/javascript+module",
            HELLO.as_bytes(),
        )],
    )
    .await
    .result()
    .clone()
}

#[tokio::test]
async fn seed_workers_for_platforms_curl_flow() {
    let h = Hearth::start().await;
    let out = std::process::Command::new("bash")
        .arg("seed-wfp.sh")
        .current_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients"))
        .env("HEARTH_API_BASE", format!("{}/client/v4", h.api))
        .env("CLOUDFLARE_API_TOKEN", &h.token)
        .env("CLOUDFLARE_ACCOUNT_ID", &h.account)
        .env("DISPATCH_NAMESPACE", "production")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("\"success\":true").count(), 2, "{stdout}");
    let ns = h
        .get("/accounts/{a}/workers/dispatch/namespaces/production")
        .await;
    assert_eq!(ns.result()["namespace_name"], "production");
    assert_eq!(ns.result()["script_count"], 1);
    let s = h
        .get("/accounts/{a}/workers/dispatch/namespaces/production/scripts/my-hello-world-script")
        .await;
    assert_eq!(s.result()["dispatch_namespace"], "production");
    assert_eq!(s.result()["script"]["id"], "my-hello-world-script");
}

#[tokio::test]
async fn namespaces_crud_and_bad_input() {
    let h = Hearth::start().await;
    let n = h
        .post(
            "/accounts/{a}/workers/dispatch/namespaces",
            json!({"name": "tenants"}),
        )
        .await
        .result()
        .clone();
    assert!(uuid::Uuid::parse_str(n["namespace_id"].as_str().unwrap()).is_ok());
    assert_eq!(n["script_count"], 0);
    let dup = h
        .post(
            "/accounts/{a}/workers/dispatch/namespaces",
            json!({"name": "tenants"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(
        h.post(
            "/accounts/{a}/workers/dispatch/namespaces",
            json!({"name": "bad name!"})
        )
        .await
        .error_code(),
        10021
    );
    assert_eq!(
        h.post("/accounts/{a}/workers/dispatch/namespaces", json!({}))
            .await
            .error_code(),
        10021
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/dispatch/namespaces")
            .await
            .result()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/dispatch/namespaces/nope")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    user_worker(&h, "tenants", "customer-1", "c1").await;
    // Rename keeps the user Workers.
    let r = h
        .patch(
            "/accounts/{a}/workers/dispatch/namespaces/tenants",
            json!({"name": "customers", "trusted_workers": true}),
        )
        .await;
    assert_eq!(r.result()["trusted_workers"], true);
    assert_eq!(
        h.get("/accounts/{a}/workers/dispatch/namespaces/customers/scripts/customer-1")
            .await
            .result()["script"]["id"],
        "customer-1"
    );
    // Delete removes the namespace and its Workers.
    h.delete("/accounts/{a}/workers/dispatch/namespaces/customers")
        .await
        .result();
    assert_eq!(
        h.get("/accounts/{a}/workers/dispatch/namespaces")
            .await
            .result()
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/dispatch/namespaces/customers/scripts/customer-1")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Uploading into a missing namespace changes nothing.
    let meta = r#"{"main_module":"index.js"}"#;
    let r = h
        .upload(
            Method::PUT,
            "/accounts/{a}/workers/dispatch/namespaces/ghost/scripts/x",
            meta,
            &[(
                "index.js",
                "application/javascript+module",
                HELLO.as_bytes(),
            )],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts")
            .await
            .result()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn user_worker_endpoints_and_tags() {
    let h = Hearth::start().await;
    h.post(
        "/accounts/{a}/workers/dispatch/namespaces",
        json!({"name": "ns"}),
    )
    .await
    .result();
    let up = user_worker(&h, "ns", "cust-a", "a").await;
    assert_eq!(up["id"], "cust-a");
    user_worker(&h, "ns", "cust-b", "b").await;
    user_worker(&h, "ns", "cust-c", "c").await;
    let base = "/accounts/{a}/workers/dispatch/namespaces/ns/scripts";
    // Bindings, settings, content, secrets.
    assert_eq!(
        h.get(&format!("{base}/cust-a/bindings")).await.result()[0]["text"],
        "a"
    );
    assert_eq!(
        h.get(&format!("{base}/cust-a/settings")).await.result()["bindings"][0]["name"],
        "MESSAGE"
    );
    let c = h
        .http
        .get(h.url(&format!("{base}/cust-a/content")))
        .bearer_auth(&h.token)
        .send()
        .await
        .unwrap();
    assert!(c.text().await.unwrap().contains(HELLO));
    h.put(
        &format!("{base}/cust-a/secrets"),
        json!({"name": "KEY", "text": "k", "type": "secret_text"}),
    )
    .await
    .result();
    assert_eq!(
        h.get(&format!("{base}/cust-a/secrets")).await.result(),
        &json!([{"name": "KEY", "type": "secret_text"}])
    );
    assert!(!h
        .get(&format!("{base}/cust-a/bindings"))
        .await
        .text
        .contains("\"k\""));
    h.delete(&format!("{base}/cust-a/secrets/KEY"))
        .await
        .result();
    // Tags: replace, add, remove, filter, bulk delete.
    assert_eq!(
        h.put(&format!("{base}/cust-a/tags"), json!(["plan-free", "eu"]))
            .await
            .result(),
        &json!(["plan-free", "eu"])
    );
    h.put(&format!("{base}/cust-b/tags/plan-free"), json!(null))
        .await
        .result();
    h.put(&format!("{base}/cust-c/tags/plan-pro"), json!(null))
        .await
        .result();
    h.delete(&format!("{base}/cust-a/tags/eu")).await.result();
    assert_eq!(
        h.get(&format!("{base}/cust-a/tags")).await.result(),
        &json!(["plan-free"])
    );
    assert_eq!(
        h.put(&format!("{base}/cust-a/tags"), json!(["a,b"]))
            .await
            .error_code(),
        100134
    );
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["script"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(h.get(&format!("{base}?tags=plan-free:yes")).await.result()),
        ["cust-a", "cust-b"]
    );
    assert_eq!(
        names(h.get(&format!("{base}?tags=plan-free:no")).await.result()),
        ["cust-c"]
    );
    assert_eq!(
        h.delete(base).await.error_code(),
        10021,
        "bulk delete needs a filter"
    );
    let del = h.delete(&format!("{base}?tags=plan-free:yes")).await;
    assert_eq!(del.result()["deleted_count"], 2);
    assert_eq!(names(h.get(base).await.result()), ["cust-c"]);
    h.delete(&format!("{base}/cust-c")).await.result();
    assert_eq!(h.get(&format!("{base}/cust-c")).await.error_code(), 10007);
}

#[tokio::test]
async fn user_workers_are_not_reachable_outside_dispatch() {
    let h = Hearth::start().await;
    h.post(
        "/accounts/{a}/workers/dispatch/namespaces",
        json!({"name": "ns"}),
    )
    .await
    .result();
    user_worker(&h, "ns", "tenant", "tenant-secret-output").await;
    // Not an ordinary Worker: not in the scripts list, no workers.dev host, no service binding.
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts")
            .await
            .result()
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/tenant/settings")
            .await
            .error_code(),
        10007
    );
    assert_eq!(
        h.post(
            "/accounts/{a}/workers/scripts/tenant/subdomain",
            json!({"enabled": true})
        )
        .await
        .error_code(),
        10007
    );
    assert_eq!(
        h.edge_get(&h.host("tenant"), "/").await.0,
        StatusCode::NOT_FOUND
    );
    let src = "export default { async fetch(r, env) { try { const x = await env.T.fetch('http://t/'); return new Response(await x.text()) } catch (e) { return new Response('blocked: ' + e.message, {status: 502}) } } }";
    h.put_script(
        "snoop",
        src,
        json!([{"type": "service", "name": "T", "service": "tenant"}]),
    )
    .await
    .result();
    h.enable_subdomain("snoop").await;
    let (status, body) = h.edge_get(&h.host("snoop"), "/").await;
    assert!(
        !body.contains("tenant-secret-output"),
        "an ordinary Worker reached a user Worker: {body}"
    );
    assert_ne!(status, StatusCode::OK, "{body}");
}

async fn user_worker_file(h: &Hearth, ns: &str, name: &str, message: &str) {
    let src = common::worker_source("e2e/customer.js");
    let meta = json!({"main_module": "index.js", "bindings": [{"type": "plain_text", "name": "MESSAGE", "text": message}]}).to_string();
    h.upload(
        Method::PUT,
        &format!("/accounts/{{a}}/workers/dispatch/namespaces/{ns}/scripts/{name}"),
        &meta,
        &[("index.js", "application/javascript+module", src.as_bytes())],
    )
    .await
    .result();
}

#[tokio::test]
async fn dispatcher_routes_to_user_workers_with_limits_and_isolation() {
    let h = Hearth::start().await;
    h.post(
        "/accounts/{a}/workers/dispatch/namespaces",
        json!({"name": "customers"}),
    )
    .await
    .result();
    user_worker_file(&h, "customers", "c1", "one").await;
    user_worker_file(&h, "customers", "c2", "two").await;
    // A binding to a namespace that does not exist is refused.
    let r = h
        .put_script(
            "bad-dispatcher",
            HELLO,
            json!([{"type": "dispatch_namespace", "name": "D", "namespace": "ghost"}]),
        )
        .await;
    assert_eq!(r.error_code(), 10021);
    assert!(r.text.contains("ghost"), "{}", r.text);
    let src = common::worker_source("e2e/dispatcher.js");
    h.put_script(
        "dispatcher",
        &src,
        json!([
            {"type": "dispatch_namespace", "name": "DISPATCHER", "namespace": "customers"},
            {"type": "plain_text", "name": "SECRET", "text": "dispatcher-only"}
        ]),
    )
    .await
    .result();
    h.enable_subdomain("dispatcher").await;
    let host = h.host("dispatcher");
    // By path and by hostname.
    assert_eq!(
        h.edge_get(&host, "/c1/anything").await,
        (StatusCode::OK, "[c1] one env=MESSAGE".to_string())
    );
    assert_eq!(h.edge_get(&host, "/c2").await.1, "[c2] two env=MESSAGE");
    let (_, body) = h
        .edge_request(
            &host,
            "/by-host",
            &[("x-forwarded-host", "c2.customers.example")],
        )
        .await;
    assert_eq!(body, "[c2] two env=MESSAGE");
    // A missing user Worker is an error the dispatcher can catch.
    assert_eq!(
        h.edge_get(&host, "/nobody").await,
        (
            StatusCode::NOT_FOUND,
            "no such customer: nobody".to_string()
        )
    );
    // Custom limits from get(): a busy user Worker ends with 1102; the dispatcher and the other
    // user Worker keep answering.
    let (status, body) = h.edge_get(&host, "/c1/busy?cpu=50").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("1102"), "{body}");
    assert_eq!(h.edge_get(&host, "/c2").await.1, "[c2] two env=MESSAGE");
    assert_eq!(
        h.edge_get(&host, "/c1/again").await.1,
        "[c1] one env=MESSAGE"
    );
    // User Workers see only their own bindings (env=MESSAGE above: no SECRET, no DISPATCHER), and
    // deleting one takes it out of dispatch at once.
    h.delete("/accounts/{a}/workers/dispatch/namespaces/customers/scripts/c2")
        .await
        .result();
    assert_eq!(h.edge_get(&host, "/c2").await.0, StatusCode::NOT_FOUND);
}

/// Workers for Platforms at scale: 1,000 user Workers in one namespace, each dispatched to, under
/// an isolate memory budget small enough that idle tenants are evicted and recreated. Prints the
/// upload rate, first-request latency and memory per isolate (figures, not assertions).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_user_workers_with_eviction() {
    use futures_util::stream::{self, StreamExt};
    const N: usize = 1000;
    let h = Hearth::start_with(&["--isolate-memory-mb", "48"]).await;
    h.post(
        "/accounts/{a}/workers/dispatch/namespaces",
        json!({"name": "tenants"}),
    )
    .await
    .result();
    let src = common::worker_source("e2e/customer.js");
    let started = std::time::Instant::now();
    let uploads = stream::iter(0..N)
        .map(|i| {
            let (h, src) = (&h, &src);
            async move {
                let meta = json!({"main_module": "index.js", "bindings": [{"type": "plain_text", "name": "MESSAGE", "text": format!("tenant-{i}")}]}).to_string();
                let r = h
                    .upload(Method::PUT, &format!("/accounts/{{a}}/workers/dispatch/namespaces/tenants/scripts/t{i}"), &meta, &[("index.js", "application/javascript+module", src.as_bytes())])
                    .await;
                assert!(r.status.is_success(), "t{i}: {}", r.text);
            }
        })
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await;
    assert_eq!(uploads.len(), N);
    let upload_secs = started.elapsed().as_secs_f64();
    h.put_script(
        "front",
        &common::worker_source("e2e/dispatcher.js"),
        json!([{"type": "dispatch_namespace", "name": "DISPATCHER", "namespace": "tenants"}]),
    )
    .await
    .result();
    h.enable_subdomain("front").await;
    let host = h.host("front");
    let rss_before = h.rss_kib();
    let started = std::time::Instant::now();
    for i in 0..N {
        let (status, body) = h.edge_get(&host, &format!("/t{i}")).await;
        assert_eq!(
            (status, body),
            (StatusCode::OK, format!("[t{i}] tenant-{i} env=MESSAGE"))
        );
    }
    let first_ms = started.elapsed().as_secs_f64() * 1000.0 / N as f64;
    let rss_after = h.rss_kib();
    // Every tenant again: those evicted under the 48 MB budget are recreated transparently.
    for i in (0..N).rev() {
        let (status, body) = h.edge_get(&host, &format!("/t{i}")).await;
        assert_eq!(
            (status, body),
            (StatusCode::OK, format!("[t{i}] tenant-{i} env=MESSAGE"))
        );
    }
    // Unbounded, 1,000 isolates take several hundred MB; the budget keeps the growth far below.
    assert!(
        rss_after.saturating_sub(rss_before) < 200 * 1024,
        "isolates were not evicted: RSS grew by {} KB",
        rss_after - rss_before
    );
    println!(
        "{N} user Workers: uploads {:.0}/s; first request through the dispatcher {first_ms:.2} ms each (debug build); RSS {} MB -> {} MB after touching all ({:.0} KB per tenant, bounded by the 48 MB isolate budget)",
        N as f64 / upload_secs,
        rss_before / 1024,
        rss_after / 1024,
        rss_after.saturating_sub(rss_before) as f64 / N as f64
    );
}

#[tokio::test]
async fn outbound_worker_sees_every_user_fetch() {
    let h = Hearth::start().await;
    h.post(
        "/accounts/{a}/workers/dispatch/namespaces",
        json!({"name": "ns"}),
    )
    .await
    .result();
    h.put_script(
        "platform-outbound",
        &common::worker_source("e2e/outbound.js"),
        json!([]),
    )
    .await
    .result();
    let src = common::worker_source("e2e/fetching_customer.js");
    for name in ["acme", "globex"] {
        h.upload(
            Method::PUT,
            &format!("/accounts/{{a}}/workers/dispatch/namespaces/ns/scripts/{name}"),
            r#"{"main_module":"index.js"}"#,
            &[("index.js", "application/javascript+module", src.as_bytes())],
        )
        .await
        .result();
    }
    // The outbound Worker must exist.
    let bad = json!([{"type": "dispatch_namespace", "name": "DISPATCHER", "namespace": "ns", "outbound": {"worker": {"service": "ghost"}}}]);
    assert_eq!(h.put_script("front", HELLO, bad).await.error_code(), 10021);
    let binding = json!([{
        "type": "dispatch_namespace", "name": "DISPATCHER", "namespace": "ns",
        "outbound": {"worker": {"service": "platform-outbound"}, "params": [{"name": "customer"}]}
    }]);
    h.put_script(
        "front",
        &common::worker_source("e2e/outbound_dispatcher.js"),
        binding,
    )
    .await
    .result();
    h.enable_subdomain("front").await;
    let host = h.host("front");
    // Every fetch() of a user Worker goes through the outbound Worker, with its parameters.
    assert_eq!(
        h.edge_get(&host, "/acme/api.example").await,
        (
            StatusCode::OK,
            "outbound saw GET api.example/data for acme".to_string()
        )
    );
    assert_eq!(
        h.edge_get(&host, "/globex/api.example").await.1,
        "outbound saw GET api.example/data for globex"
    );
    assert_eq!(
        h.edge_get(&host, "/acme/blocked.example").await,
        (StatusCode::FORBIDDEN, "blocked for acme".to_string())
    );
}
