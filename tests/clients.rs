//! Real clients against a real Hearth: the seed document's curl scripts, its JavaScript SDK
//! script (npm `cloudflare`), and the Python SDK (PyPI `cloudflare`). `.ci/run` installs them.

mod common;
use common::Hearth;
use reqwest::StatusCode;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients")
}

/// Runs a client program with Hearth's base URL, account and token in the environment.
fn run(h: &Hearth, program: &str, args: &[&str]) -> Output {
    let out = Command::new(program)
        .args(args)
        .current_dir(clients_dir())
        .env("HEARTH_API_BASE", format!("{}/client/v4", h.api))
        .env("CLOUDFLARE_BASE_URL", format!("{}/client/v4", h.api))
        .env("CLOUDFLARE_API_TOKEN", &h.token)
        .env("CLOUDFLARE_ACCOUNT_ID", &h.account)
        .env("CLOUDFLARE_SUBDOMAIN", &h.subdomain)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program}: {e} (run `bash .ci/run` to install the test clients)")
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed\nstdout:\n{}\nstderr:\n{}\nhearth log:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        h.log()
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The id printed after `label` by the seed scripts (`\nWorker ID: <id>\n`).
fn printed_id(out: &str, label: &str) -> String {
    let i = out
        .find(label)
        .unwrap_or_else(|| panic!("'{label}' not printed in:\n{out}"))
        + label.len();
    out[i..]
        .split(|c: char| c == '\\' || c.is_whitespace())
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn seed_beta_api_curl_script_es_module() {
    let h = Hearth::start().await;
    let out = stdout(&run(&h, "bash", &["seed-beta-esm.sh"]));
    let worker_id = printed_id(&out, "Worker ID: ");
    let version_id = printed_id(&out, "Version ID: ");
    let deployment_id = printed_id(&out, "Deployment ID: ");
    assert_eq!(worker_id.len(), 32, "{out}");
    assert!(uuid::Uuid::parse_str(&version_id).is_ok(), "{out}");
    assert!(uuid::Uuid::parse_str(&deployment_id).is_ok(), "{out}");
    let d = h
        .get(&format!(
            "/accounts/{{a}}/workers/scripts/my-hello-world-worker/deployments/{deployment_id}"
        ))
        .await;
    assert_eq!(d.result()["versions"][0]["version_id"], version_id.as_str());
    h.enable_subdomain("my-hello-world-worker").await;
    let (status, body) = h.edge_get(&h.host("my-hello-world-worker"), "/").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "Hello World!"));
}

#[tokio::test]
async fn seed_beta_api_curl_script_python() {
    let h = Hearth::start().await;
    let out = stdout(&run(&h, "bash", &["seed-beta-python.sh"]));
    let version_id = printed_id(&out, "Version ID: ");
    let deployment_id = printed_id(&out, "Deployment ID: ");
    assert!(uuid::Uuid::parse_str(&version_id).is_ok(), "{out}");
    assert!(uuid::Uuid::parse_str(&deployment_id).is_ok(), "{out}");
    let v = h
        .get(&format!(
            "/accounts/{{a}}/workers/workers/my-hello-world-worker/versions/{version_id}"
        ))
        .await;
    assert_eq!(v.result()["compatibility_flags"][0], "python_workers");
    h.enable_subdomain("my-hello-world-worker").await;
    let (status, body) = h.edge_get(&h.host("my-hello-world-worker"), "/").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "Hello World!"));
}

#[tokio::test]
async fn seed_multipart_curl_scripts() {
    let h = Hearth::start().await;
    let out = stdout(&run(&h, "bash", &["seed-multipart-esm.sh"]));
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["success"], true, "{out}");
    assert_eq!(v["result"]["id"], "my-hello-world-script");
    h.enable_subdomain("my-hello-world-script").await;
    assert_eq!(
        h.edge_get(&h.host("my-hello-world-script"), "/").await.1,
        "Hello World!"
    );

    let out = stdout(&run(&h, "bash", &["seed-multipart-python.sh"]));
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["success"], true, "{out}");
    let settings = h
        .get("/accounts/{a}/workers/scripts/my-hello-world-script/settings")
        .await;
    assert_eq!(
        settings.result()["compatibility_flags"][0],
        "python_workers"
    );
    assert_eq!(settings.result()["main_module"], "my-hello-world-script.py");
    // The Python WorkerEntrypoint version replaced the JavaScript one on the same host.
    let (status, body) = h.edge_get(&h.host("my-hello-world-script"), "/").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "Hello World!"));
}

#[tokio::test]
async fn seed_javascript_sdk_script() {
    let h = Hearth::start().await;
    let out = stdout(&run(&h, "node", &["sdk-seed.mjs"]));
    assert!(out.contains("Deployment successful"), "{out}");
    let worker_id = printed_id(&out, "Worker id: ");
    let version_id = printed_id(&out, "Version id: ");
    let w = h
        .get("/accounts/{a}/workers/workers/my-hello-world-worker")
        .await;
    assert_eq!(w.result()["id"], worker_id.as_str());
    assert_eq!(
        w.result()["subdomain"]["enabled"],
        true,
        "CLOUDFLARE_SUBDOMAIN was set"
    );
    let deps = h
        .get("/accounts/{a}/workers/scripts/my-hello-world-worker/deployments")
        .await;
    assert_eq!(
        deps.result()["deployments"][0]["versions"][0]["version_id"],
        version_id.as_str()
    );
    let (status, body) = h.edge_get(&h.host("my-hello-world-worker"), "/").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "Hello World!"));
    // Run again: the script finds the existing Worker and adds a version.
    let out = stdout(&run(&h, "node", &["sdk-seed.mjs"]));
    assert!(out.contains("already exists"), "{out}");
    let versions = h
        .get("/accounts/{a}/workers/workers/my-hello-world-worker/versions")
        .await;
    assert_eq!(versions.result().as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn python_sdk_beta_flow_with_auto_pagination() {
    let h = Hearth::start().await;
    let python = std::env::var("HEARTH_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = stdout(&run(&h, &python, &["python_sdk_flow.py"]));
    let v: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(
        v["workers"],
        serde_json::json!(["py-sdk-worker", "py-sdk-second"])
    );
    assert_eq!(v["versions"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["scripts"],
        serde_json::json!(["py-sdk-second", "py-sdk-worker"])
    );
    let (status, body) = h.edge_get(&h.host("py-sdk-worker"), "/").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "Hello from Python SDK")
    );
    let d = h
        .get(&format!(
            "/accounts/{{a}}/workers/scripts/py-sdk-worker/deployments/{}",
            v["deployment_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(d.result()["versions"][0]["version_id"], v["version_id"]);
}

#[tokio::test]
async fn both_sdks_deploy_python_workers() {
    let h = Hearth::start().await;
    run(&h, "node", &["sdk_python_worker.mjs"]);
    let python = std::env::var("HEARTH_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    run(&h, &python, &["sdk_python_worker.py"]);
    let (status, body) = h.edge_get(&h.host("js-sdk-python"), "/").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "js sdk python ok")
    );
    let (status, body) = h.edge_get(&h.host("py-sdk-python"), "/").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "py sdk python ok")
    );
}

/// Runs tests/clients/sdk_flows.mjs with the TypeScript SDK installed in `dir` (7.x in
/// tests/clients, 6.x in tests/clients/sdk6) and checks what it printed and what Hearth serves.
async fn typescript_sdk_flows(dir: &str) {
    let h = Hearth::start().await;
    let script = if dir.is_empty() {
        "sdk_flows.mjs".to_string()
    } else {
        format!("{dir}/sdk_flows.mjs")
    };
    // --preserve-symlinks: sdk6/sdk_flows.mjs is a link, and must resolve `cloudflare` from sdk6.
    let out = stdout(&run(
        &h,
        "node",
        &["--preserve-symlinks", "--preserve-symlinks-main", &script],
    ));
    let v: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["notFound"], true, "a missing Worker is a NotFoundError");
    assert_eq!(
        v["workers"],
        serde_json::json!(["sdk-flows", "sdk-flows-2"])
    );
    assert_eq!(v["betaVersions"].as_array().unwrap().len(), 2);
    assert_eq!(v["scriptVersions"].as_array().unwrap().len(), 2);
    assert!(
        !v["deploymentItems"].as_array().unwrap().is_empty(),
        "deployments.list yields items"
    );
    assert_eq!(
        v["scripts"],
        serde_json::json!(["sdk-flows", "sdk-flows-2"])
    );
    assert_eq!(v["secrets"], serde_json::json!(["TOKEN"]));
    assert_eq!(v["accountSubdomain"], "acme");
    assert_eq!(v["scriptSubdomain"]["enabled"], true);
    assert_eq!(v["version"], v["betaVersions"][1]);
    let (status, body) = h.edge_get(&h.host("sdk-flows"), "/").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "v2:t0k3n"));
}

#[tokio::test]
async fn typescript_sdk_7_flows() {
    typescript_sdk_flows("").await;
}

#[tokio::test]
async fn typescript_sdk_6_flows() {
    typescript_sdk_flows("sdk6").await;
}
