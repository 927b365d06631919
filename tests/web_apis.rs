//! The Web-API families of `crates/hearth-web` in deployed Workers: each family's checks
//! (`crates/hearth-web/tests/js/<family>.js`, the same ones the crate runs in a bare context:
//! standard examples, vectors and error cases) are uploaded through the API with
//! `tests/workers/web/family_runner.js` and run in a real isolate behind the edge.

mod common;
use common::{run_checks_worker, Hearth};
use std::path::{Path, PathBuf};

/// Deploys the checks of `family` as one Worker and asserts they all pass.
async fn family(h: &Hearth, family: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let js = root.join("crates/hearth-web/tests/js");
    let modules: Vec<(String, PathBuf)> = vec![
        (
            "index.js".into(),
            root.join("tests/workers/web/family_runner.js"),
        ),
        ("_harness.js".into(), js.join("_harness.js")),
        ("family.js".into(), js.join(format!("{family}.js"))),
    ];
    let passed = run_checks_worker(h, &format!("family-{family}"), &modules).await;
    println!(
        "{family}: {} checks passed in a deployed Worker",
        passed.len()
    );
}

#[tokio::test]
async fn streams_in_a_deployed_worker() {
    family(&Hearth::start().await, "streams").await;
}

#[tokio::test]
async fn events_and_abort_in_a_deployed_worker() {
    family(&Hearth::start().await, "events").await;
}

#[tokio::test]
async fn url_in_a_deployed_worker() {
    family(&Hearth::start().await, "url").await;
}

#[tokio::test]
async fn encoding_in_a_deployed_worker() {
    family(&Hearth::start().await, "encoding").await;
}

#[tokio::test]
async fn blob_and_file_in_a_deployed_worker() {
    family(&Hearth::start().await, "blob").await;
}

#[tokio::test]
async fn crypto_randomness_in_a_deployed_worker() {
    family(&Hearth::start().await, "crypto").await;
}
