//! The scripts API: multipart uploads, content, settings, deployments, secrets, subdomains,
//! schedules and the services view.

mod common;
use common::Hearth;
use reqwest::{multipart, Method, StatusCode};
use serde_json::{json, Value};

const HELLO: &str = "export default { async fetch(request, env, ctx) { return new Response(env.MESSAGE, { status: 200 }); } };";

#[tokio::test]
async fn seed_multipart_upload_with_relaxed_metadata() {
    let h = Hearth::start().await;
    // Exactly the seed document's single-quoted metadata.
    let meta = "{\n      'main_module': 'my-hello-world-script.mjs',\n      'bindings': [\n        {\n          'type': 'plain_text',\n          'name': 'MESSAGE',\n          'text': 'Hello World!'\n        }\n      ],\n      'compatibility_date': '$today'\n    }";
    let r = h
        .upload(
            Method::PUT,
            "/accounts/{a}/workers/scripts/my-hello-world-script",
            meta,
            &[(
                "my-hello-world-script.mjs",
                "application/javascript+module",
                HELLO.as_bytes(),
            )],
        )
        .await;
    let res = r.result();
    assert_eq!(res["id"], "my-hello-world-script");
    assert_eq!(res["handlers"], json!(["fetch"]));
    let vid = res["deployment_id"].as_str().unwrap();
    let deps = h
        .get("/accounts/{a}/workers/scripts/my-hello-world-script/deployments")
        .await;
    assert_eq!(
        deps.result()["deployments"][0]["versions"][0]["version_id"],
        vid
    );
    assert_eq!(
        deps.result()["deployments"][0]["versions"][0]["percentage"],
        100
    );
    h.enable_subdomain("my-hello-world-script").await;
    let (status, body) = h.edge_get(&h.host("my-hello-world-script"), "/").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "Hello World!"));
}

#[tokio::test]
async fn multipart_layouts_of_every_client() {
    let h = Hearth::start().await;
    // Python SDK layout: parts named `files`, metadata last, with a content type.
    let form = multipart::Form::new()
        .part("files", multipart::Part::bytes(HELLO.as_bytes().to_vec()).file_name("index.js").mime_str("application/javascript+module").unwrap())
        .part("metadata", multipart::Part::text(r#"{"main_module":"index.js","bindings":[{"type":"plain_text","name":"MESSAGE","text":"py"}]}"#).mime_str("application/json").unwrap());
    let r = h
        .http
        .put(h.url("/accounts/{a}/workers/scripts/py-layout"))
        .bearer_auth(&h.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    // wrangler layout: metadata without content type or filename; module named by path.
    // undici (wrangler) sends module paths in names unescaped.
    let form = multipart::Form::new()
        .percent_encode_noop()
        .text("metadata", r#"{"main_module":"src/index.js","bindings":[],"keep_bindings":["secret_text","secret_key"]}"#)
        .part("src/index.js", multipart::Part::bytes(b"import {m} from './lib/m.js'; export default { fetch() { return new Response(m) } }".to_vec()).file_name("src/index.js").mime_str("application/javascript+module").unwrap())
        .part("src/lib/m.js", multipart::Part::bytes(b"export const m = 'multi';".to_vec()).file_name("src/lib/m.js").mime_str("application/javascript+module").unwrap())
        .part("src/index.js.map", multipart::Part::bytes(b"{}".to_vec()).file_name("src/index.js.map").mime_str("application/source-map").unwrap());
    let r = h
        .http
        .put(h.url("/accounts/{a}/workers/scripts/wr-layout"))
        .bearer_auth(&h.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    h.enable_subdomain("wr-layout").await;
    assert_eq!(h.edge_get(&h.host("wr-layout"), "/").await.1, "multi");
    // A service worker uploaded with body_part.
    let form = multipart::Form::new()
        .text("metadata", r#"{"body_part":"script","bindings":[{"type":"plain_text","name":"GREETING","text":"sw"}]}"#)
        .part("script", multipart::Part::bytes(b"addEventListener('fetch', e => e.respondWith(new Response(GREETING)))".to_vec()).file_name("script").mime_str("application/javascript").unwrap());
    let r = h
        .http
        .put(h.url("/accounts/{a}/workers/scripts/sw"))
        .bearer_auth(&h.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let settings = h.get("/accounts/{a}/workers/scripts/sw/settings").await;
    assert!(
        settings.result().get("main_module").is_none(),
        "service workers have no main_module"
    );
    h.enable_subdomain("sw").await;
    assert_eq!(h.edge_get(&h.host("sw"), "/").await.1, "sw");
    // Listing shows all three.
    let list = h.get("/accounts/{a}/workers/scripts").await;
    let mut names: Vec<String> = list
        .result()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["py-layout", "sw", "wr-layout"]);
}

#[tokio::test]
async fn bad_uploads_are_refused_and_change_nothing() {
    let h = Hearth::start().await;
    h.put_script(
        "keep",
        HELLO,
        json!([{"type": "plain_text", "name": "MESSAGE", "text": "v1"}]),
    )
    .await
    .result();
    let before = h.snapshot().await;
    let path = "/accounts/{a}/workers/scripts/keep";
    // Malformed multipart.
    let r = h
        .send_raw(
            Method::PUT,
            path,
            "multipart/form-data; boundary=xyz",
            b"--xyz\r\nContent-Disposition: form-da".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.error_code(), 10021);
    // Multipart without a boundary, and a body that is no multipart at all.
    assert_eq!(
        h.send_raw(Method::PUT, path, "multipart/form-data", b"x".to_vec())
            .await
            .error_code(),
        10001
    );
    // Metadata that is not JSON.
    let r = h
        .upload(
            Method::PUT,
            path,
            "{not json",
            &[(
                "index.js",
                "application/javascript+module",
                HELLO.as_bytes(),
            )],
        )
        .await;
    assert_eq!(r.error_code(), 10021);
    // Missing main module.
    let r = h
        .upload(
            Method::PUT,
            path,
            r#"{"main_module":"missing.js"}"#,
            &[(
                "index.js",
                "application/javascript+module",
                HELLO.as_bytes(),
            )],
        )
        .await;
    assert!(r.text.contains("missing.js"), "{}", r.text);
    // No metadata part.
    let form = multipart::Form::new().part(
        "index.js",
        multipart::Part::bytes(HELLO.as_bytes().to_vec()).file_name("index.js"),
    );
    let r = h
        .http
        .put(h.url(path))
        .bearer_auth(&h.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Unknown binding type, unknown module content type, bad name, syntax error.
    let r = h
        .upload(
            Method::PUT,
            path,
            r#"{"main_module":"index.js","bindings":[{"type":"hologram","name":"H"}]}"#,
            &[(
                "index.js",
                "application/javascript+module",
                HELLO.as_bytes(),
            )],
        )
        .await;
    assert!(r.text.contains("hologram"), "{}", r.text);
    let r = h
        .upload(
            Method::PUT,
            path,
            r#"{"main_module":"index.js"}"#,
            &[("index.js", "application/x-cobol", HELLO.as_bytes())],
        )
        .await;
    assert!(r.text.contains("application/x-cobol"), "{}", r.text);
    let r = h
        .upload(
            Method::PUT,
            "/accounts/{a}/workers/scripts/Bad_Name!",
            r#"{"main_module":"index.js"}"#,
            &[(
                "index.js",
                "application/javascript+module",
                HELLO.as_bytes(),
            )],
        )
        .await;
    assert_eq!(r.error_code(), 10016);
    let r = h
        .upload(
            Method::PUT,
            path,
            r#"{"main_module":"index.js"}"#,
            &[(
                "index.js",
                "application/javascript+module",
                b"export default {{{",
            )],
        )
        .await;
    assert_eq!(r.error_code(), 10021);
    // A script over the size limit.
    let big = vec![b'/'; 11 << 20];
    let r = h
        .upload(
            Method::PUT,
            path,
            r#"{"main_module":"index.js"}"#,
            &[
                (
                    "index.js",
                    "application/javascript+module",
                    HELLO.as_bytes(),
                ),
                ("big.txt", "text/plain", &big),
            ],
        )
        .await;
    assert_eq!(r.error_code(), 10027);
    // Wrong token changes nothing either.
    let r = h
        .call_as("wrong-token-000000000", Method::DELETE, path, None)
        .await;
    assert_eq!(r.error_code(), 10000);
    assert_eq!(h.snapshot().await, before);
    h.enable_subdomain("keep").await;
    assert_eq!(h.edge_get(&h.host("keep"), "/").await.1, "v1");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let h = Hearth::start_with(&["--max-body-bytes", "4096"]).await;
    let r = h
        .send_raw(
            Method::POST,
            "/accounts/{a}/workers/workers",
            "application/json",
            vec![b' '; 10_000],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.error_code(), 10027);
}

#[tokio::test]
async fn deployments_split_validate_and_list_newest_first() {
    let h = Hearth::start().await;
    let v1 = h
        .put_script(
            "split",
            "export default { fetch() { return new Response('one') } }",
            json!([]),
        )
        .await
        .result()["deployment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let form_meta = r#"{"main_module":"index.js","bindings":[]}"#;
    let v2 = h
        .upload(
            Method::POST,
            "/accounts/{a}/workers/scripts/split/versions",
            form_meta,
            &[(
                "index.js",
                "application/javascript+module",
                b"export default { fetch() { return new Response('two') } }",
            )],
        )
        .await;
    let v2r = v2.result().clone();
    let v2 = v2r["id"].as_str().unwrap().to_string();
    assert!(v2r["metadata"]["created_on"].is_string());
    assert!(v2r["resources"]["script_runtime"].is_object());
    assert_eq!(v2r["resources"]["script"]["handlers"], json!(["fetch"]));
    // Not deployed by the upload.
    let deps = h
        .get("/accounts/{a}/workers/scripts/split/deployments")
        .await
        .result()["deployments"]
        .clone();
    assert_eq!(deps.as_array().unwrap().len(), 1);
    let path = "/accounts/{a}/workers/scripts/split/deployments";
    let before = h.snapshot().await;
    for bad in [
        json!({"strategy": "percentage", "versions": [{"version_id": v1, "percentage": 50}, {"version_id": v2, "percentage": 40}]}),
        json!({"strategy": "percentage", "versions": []}),
        json!({"strategy": "immediate", "versions": [{"version_id": v1, "percentage": 100}]}),
        json!({"strategy": "percentage", "versions": [{"version_id": "00000000-0000-4000-8000-000000000000", "percentage": 100}]}),
        json!({"strategy": "percentage", "versions": [{"version_id": v1, "percentage": 50}, {"version_id": v1, "percentage": 50}]}),
        json!({"strategy": "percentage", "versions": [{"version_id": v1, "percentage": 0}, {"version_id": v2, "percentage": 100}]}),
        json!({"strategy": "percentage"}),
    ] {
        let r = h.post(path, bad.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.text);
        assert_eq!(r.error_code(), 10021);
    }
    assert_eq!(h.snapshot().await, before);
    let d = h.post(path, json!({"strategy": "percentage", "versions": [{"version_id": v1, "percentage": 90}, {"version_id": v2, "percentage": 10}], "annotations": {"workers/message": "canary"}})).await;
    let d = d.result().clone();
    assert_eq!(d["annotations"]["workers/message"], "canary");
    assert_eq!(
        d["versions"][1],
        json!({"version_id": v2, "percentage": 10})
    );
    let list = h.get(path).await.result()["deployments"].clone();
    assert_eq!(list[0]["id"], d["id"], "newest first");
    assert_eq!(list.as_array().unwrap().len(), 2);
    let old = list[1]["id"].as_str().unwrap();
    assert_eq!(h.get(&format!("{path}/{old}")).await.result()["id"], old);
    // The current deployment cannot be deleted; an older one can.
    assert_eq!(
        h.delete(&format!("{path}/{}", d["id"].as_str().unwrap()))
            .await
            .error_code(),
        10021
    );
    h.delete(&format!("{path}/{old}")).await.result();
    // Script versions list (items) and detail.
    let versions = h.get("/accounts/{a}/workers/scripts/split/versions").await;
    assert_eq!(versions.result()["items"][0]["id"], v2);
    assert_eq!(
        h.get(&format!(
            "/accounts/{{a}}/workers/scripts/split/versions/{v1}"
        ))
        .await
        .result()["id"],
        v1
    );
}

#[tokio::test]
async fn secrets_carry_over_and_never_leak() {
    let h = Hearth::start().await;
    let src =
        "export default { fetch(r, env) { return new Response(`${env.MESSAGE}:${env.API_KEY}`) } }";
    h.put_script(
        "sec",
        src,
        json!([{"type": "plain_text", "name": "MESSAGE", "text": "m"}]),
    )
    .await
    .result();
    let r = h
        .put(
            "/accounts/{a}/workers/scripts/sec/secrets",
            json!({"name": "API_KEY", "text": "s3cr3t", "type": "secret_text"}),
        )
        .await;
    assert_eq!(
        r.result(),
        &json!({"name": "API_KEY", "type": "secret_text"})
    );
    let list = h.get("/accounts/{a}/workers/scripts/sec/secrets").await;
    assert_eq!(
        list.result(),
        &json!([{"name": "API_KEY", "type": "secret_text"}])
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/sec/secrets/API_KEY")
            .await
            .result()["name"],
        "API_KEY"
    );
    // The secret made a new version, deployed, triggered by "secret".
    let versions = h
        .get("/accounts/{a}/workers/scripts/sec/versions")
        .await
        .result()["items"]
        .clone();
    assert_eq!(versions[0]["annotations"]["workers/triggered_by"], "secret");
    h.enable_subdomain("sec").await;
    assert_eq!(h.edge_get(&h.host("sec"), "/").await.1, "m:s3cr3t");
    // A redeploy with keep_bindings keeps it (as wrangler does).
    let meta = json!({"main_module": "index.js", "bindings": [{"type": "plain_text", "name": "MESSAGE", "text": "m2"}], "keep_bindings": ["secret_text", "secret_key"]}).to_string();
    h.upload(
        Method::PUT,
        "/accounts/{a}/workers/scripts/sec",
        &meta,
        &[("index.js", "application/javascript+module", src.as_bytes())],
    )
    .await
    .result();
    assert_eq!(h.edge_get(&h.host("sec"), "/").await.1, "m2:s3cr3t");
    // Secret text never appears in any read.
    for path in [
        "/accounts/{a}/workers/scripts/sec/settings",
        "/accounts/{a}/workers/workers/sec/versions",
        "/accounts/{a}/workers/scripts/sec/versions/latest",
    ] {
        let r = h.get(path).await;
        assert!(r.status.is_success(), "{path}: {}", r.text);
        assert!(!r.text.contains("s3cr3t"), "{path} leaked the secret");
    }
    // Nor in the database files: secrets are sealed with a key kept outside the database.
    for f in ["hearth.db", "hearth.db-wal"] {
        let bytes = std::fs::read(h.data_dir().join("data").join(f)).unwrap_or_default();
        assert!(
            !bytes.windows(6).any(|w| w == b"s3cr3t"),
            "{f} holds the secret in plain text"
        );
    }
    assert_eq!(
        std::fs::metadata(h.data_dir().join("data/secrets.key"))
            .unwrap()
            .len(),
        32
    );
    // Delete it.
    h.delete("/accounts/{a}/workers/scripts/sec/secrets/API_KEY")
        .await
        .result();
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/sec/secrets")
            .await
            .result(),
        &json!([])
    );
    assert_eq!(h.edge_get(&h.host("sec"), "/").await.1, "m2:undefined");
    assert_eq!(
        h.delete("/accounts/{a}/workers/scripts/sec/secrets/API_KEY")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A missing Worker answers 10007 (wrangler's "create a draft Worker" signal).
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/missing/secrets")
            .await
            .error_code(),
        10007
    );
    // Secrets need the latest version deployed.
    h.upload(
        Method::POST,
        "/accounts/{a}/workers/scripts/sec/versions",
        r#"{"main_module":"index.js"}"#,
        &[("index.js", "application/javascript+module", src.as_bytes())],
    )
    .await
    .result();
    let r = h
        .put(
            "/accounts/{a}/workers/scripts/sec/secrets",
            json!({"name": "X", "text": "y", "type": "secret_text"}),
        )
        .await;
    assert_eq!(r.error_code(), 10215);
}

#[tokio::test]
async fn settings_content_subdomain_schedules_and_services() {
    let h = Hearth::start().await;
    h.put_script(
        "s",
        HELLO,
        json!([{"type": "plain_text", "name": "MESSAGE", "text": "orig"}]),
    )
    .await
    .result();
    // Script settings (unversioned).
    let p = h
        .patch(
            "/accounts/{a}/workers/scripts/s/script-settings",
            json!({"logpush": true, "tags": ["a"]}),
        )
        .await;
    assert_eq!(p.result()["logpush"], true);
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/s/settings")
            .await
            .result()["logpush"],
        true
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/s/script-settings")
            .await
            .result()["tags"],
        json!(["a"])
    );
    // Settings PATCH (multipart `settings` part) changes bindings: a new deployed version.
    let form = multipart::Form::new().part(
        "settings",
        multipart::Part::text(
            r#"{"bindings":[{"type":"plain_text","name":"MESSAGE","text":"patched"}]}"#,
        )
        .mime_str("application/json")
        .unwrap(),
    );
    let r = h
        .http
        .patch(h.url("/accounts/{a}/workers/scripts/s/settings"))
        .bearer_auth(&h.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    h.enable_subdomain("s").await;
    assert_eq!(h.edge_get(&h.host("s"), "/").await.1, "patched");
    // Content: download, v2, and a content-only PUT keeping settings.
    let c = h
        .http
        .get(h.url("/accounts/{a}/workers/scripts/s/content/v2"))
        .bearer_auth(&h.token)
        .send()
        .await
        .unwrap();
    assert_eq!(c.headers()["cf-entrypoint"], "index.js");
    assert_eq!(c.text().await.unwrap(), HELLO);
    let d = h
        .http
        .get(h.url("/accounts/{a}/workers/scripts/s"))
        .bearer_auth(&h.token)
        .send()
        .await
        .unwrap();
    assert!(d.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("multipart/form-data"));
    let new_src = "export default { fetch(r, env) { return new Response('new:' + env.MESSAGE) } }";
    let r = h
        .upload(
            Method::PUT,
            "/accounts/{a}/workers/scripts/s/content",
            r#"{"main_module":"index.js"}"#,
            &[(
                "index.js",
                "application/javascript+module",
                new_src.as_bytes(),
            )],
        )
        .await;
    r.result();
    assert_eq!(h.edge_get(&h.host("s"), "/").await.1, "new:patched");
    // Subdomain on/off.
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/s/subdomain")
            .await
            .result(),
        &json!({"enabled": true, "previews_enabled": true})
    );
    let off = h
        .post(
            "/accounts/{a}/workers/scripts/s/subdomain",
            json!({"enabled": false}),
        )
        .await;
    assert_eq!(off.result()["enabled"], false);
    assert_eq!(h.edge_get(&h.host("s"), "/").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        h.post("/accounts/{a}/workers/scripts/s/subdomain", json!({}))
            .await
            .error_code(),
        10021
    );
    // Account subdomain.
    assert_eq!(
        h.get("/accounts/{a}/workers/subdomain").await.result()["subdomain"],
        "acme"
    );
    assert_eq!(
        h.put(
            "/accounts/{a}/workers/subdomain",
            json!({"subdomain": "Bad Sub"})
        )
        .await
        .error_code(),
        10021
    );
    // Schedules.
    let s = h
        .put(
            "/accounts/{a}/workers/scripts/s/schedules",
            json!([{"cron": "*/5 * * * *"}, {"cron": "0 12 * * 1"}]),
        )
        .await;
    assert_eq!(s.result()["schedules"].as_array().unwrap().len(), 2);
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/s/schedules")
            .await
            .result()["schedules"][0]["cron"],
        "*/5 * * * *"
    );
    assert_eq!(
        h.put(
            "/accounts/{a}/workers/scripts/s/schedules",
            json!([{"cron": "every minute"}])
        )
        .await
        .error_code(),
        10021
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/s/schedules")
            .await
            .result()["schedules"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Services view: migration tag and script info; delete through services.
    let svc = h.get("/accounts/{a}/workers/services/s").await;
    assert!(svc.result()["default_environment"]["script"].is_object());
    assert_eq!(
        h.get("/accounts/{a}/workers/services/nope")
            .await
            .error_code(),
        10090
    );
    h.delete("/accounts/{a}/workers/services/s").await.result();
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/s/settings")
            .await
            .error_code(),
        10007
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/workers/s").await.error_code(),
        10007
    );
}

#[tokio::test]
async fn durable_object_migration_tags() {
    let h = Hearth::start().await;
    let meta = |m: Value| json!({"main_module": "index.js", "migrations": m}).to_string();
    let src = HELLO.as_bytes();
    let put = |m: Value| {
        let meta = meta(m);
        let h = &h;
        async move {
            h.upload(
                Method::PUT,
                "/accounts/{a}/workers/scripts/do",
                &meta,
                &[("index.js", "application/javascript+module", src)],
            )
            .await
        }
    };
    put(json!({"new_tag": "v1", "steps": [{"new_sqlite_classes": ["Counter"]}]}))
        .await
        .result();
    let tag = |v: Value| v["default_environment"]["script"]["migration_tag"].clone();
    assert_eq!(
        tag(h
            .get("/accounts/{a}/workers/services/do")
            .await
            .result()
            .clone()),
        "v1"
    );
    // Re-sending the applied migration is accepted (Terraform re-sends it on every apply).
    put(json!({"new_tag": "v1", "steps": [{"new_sqlite_classes": ["Counter"]}]}))
        .await
        .result();
    // A wrong old_tag is refused with 10079.
    let r = put(json!({"old_tag": "v0", "new_tag": "v2", "steps": []})).await;
    assert_eq!(r.error_code(), 10079);
    put(json!({"old_tag": "v1", "new_tag": "v2", "steps": [{"deleted_classes": ["Counter"]}]}))
        .await
        .result();
    assert_eq!(
        tag(h
            .get("/accounts/{a}/workers/services/do")
            .await
            .result()
            .clone()),
        "v2"
    );
    // Version uploads may not carry migrations.
    let r = h
        .upload(
            Method::POST,
            "/accounts/{a}/workers/scripts/do/versions",
            &meta(json!({"old_tag": "v2", "new_tag": "v3"})),
            &[("index.js", "application/javascript+module", src)],
        )
        .await;
    assert_eq!(r.error_code(), 10211);
}

#[tokio::test]
async fn account_and_script_subdomains() {
    let h = Hearth::start().await;
    h.put_script(
        "sd",
        HELLO,
        json!([{"type": "plain_text", "name": "MESSAGE", "text": "hi"}]),
    )
    .await
    .result();
    h.enable_subdomain("sd").await;
    assert_eq!(h.edge_get("sd.acme.workers.localhost", "/").await.1, "hi");
    // Rename the account's subdomain: the old host stops, the new one serves at once.
    assert_eq!(
        h.put(
            "/accounts/{a}/workers/subdomain",
            json!({"subdomain": "beta"})
        )
        .await
        .result()["subdomain"],
        "beta"
    );
    assert_eq!(
        h.edge_get("sd.acme.workers.localhost", "/").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(h.edge_get("sd.beta.workers.localhost", "/").await.1, "hi");
    // Availability: taken (10031) vs free (10032).
    assert_eq!(
        h.get("/accounts/{a}/workers/subdomains/beta")
            .await
            .error_code(),
        10031
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/subdomains/free-one")
            .await
            .error_code(),
        10032
    );
    // Script subdomain DELETE turns both flags off.
    assert_eq!(
        h.delete("/accounts/{a}/workers/scripts/sd/subdomain")
            .await
            .result(),
        &json!({"enabled": false, "previews_enabled": false})
    );
    assert_eq!(
        h.edge_get("sd.beta.workers.localhost", "/").await.0,
        StatusCode::NOT_FOUND
    );
    // Account subdomain DELETE: 204, then GET says none (10007, as wrangler expects).
    let r = h
        .http
        .delete(h.url("/accounts/{a}/workers/subdomain"))
        .bearer_auth(&h.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        h.get("/accounts/{a}/workers/subdomain").await.error_code(),
        10007
    );
}
