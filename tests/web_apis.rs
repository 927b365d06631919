//! The Web-API families of `crates/hearth-web` in deployed Workers: each family's checks
//! (`crates/hearth-web/tests/js/<family>.js`, the same ones the crate runs in a bare context:
//! standard examples, vectors and error cases) are uploaded through the API with
//! `tests/workers/web/family_runner.js` and run in a real isolate behind the edge. The WPT suites
//! run the same way, with the data files of `../shared/wpt/` read in place and uploaded as text
//! modules.

mod common;
use common::{run_checks_worker, Hearth};
use std::path::Path;

const ESM: &str = "application/javascript+module";

/// Deploys the checks of `family` as one Worker and asserts they all pass; `data` names globals
/// to define before the checks load, each from a file uploaded as a text module.
async fn family(family: &str, data: &[(&str, std::path::PathBuf)]) {
    let h = Hearth::start().await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let js = root.join("crates/hearth-web/tests/js");
    let read = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut setup =
        String::from("globalThis.__print = (line) => (globalThis.__printed ||= []).push(line);\n");
    let mut modules: Vec<(String, &str, Vec<u8>)> = vec![
        (
            "index.js".into(),
            ESM,
            read(&root.join("tests/workers/web/family_runner.js")),
        ),
        ("_harness.js".into(), ESM, read(&js.join("_harness.js"))),
        (
            "family.js".into(),
            ESM,
            read(&js.join(format!("{family}.js"))),
        ),
    ];
    for (global, file) in data {
        let module = format!("data/{global}.txt");
        setup.push_str(&format!(
            "import {global} from \"./{module}\";\nglobalThis.{global} = {global};\n"
        ));
        modules.push((module, "text/plain", read(file)));
    }
    modules.push(("setup.js".into(), ESM, setup.into_bytes()));
    let passed = run_checks_worker(
        &h,
        &format!("family-{}", family.replace('_', "-")),
        &modules,
    )
    .await;
    println!(
        "{family}: {} checks passed in a deployed Worker",
        passed.len()
    );
}

#[tokio::test]
async fn streams_in_a_deployed_worker() {
    family("streams", &[]).await;
}

#[tokio::test]
async fn events_and_abort_in_a_deployed_worker() {
    family("events", &[]).await;
}

#[tokio::test]
async fn url_in_a_deployed_worker() {
    family("url", &[]).await;
}

#[tokio::test]
async fn encoding_in_a_deployed_worker() {
    family("encoding", &[]).await;
}

#[tokio::test]
async fn blob_and_file_in_a_deployed_worker() {
    family("blob", &[]).await;
}

#[tokio::test]
async fn crypto_randomness_in_a_deployed_worker() {
    family("crypto", &[]).await;
}

#[tokio::test]
async fn web_crypto_vectors_in_a_deployed_worker() {
    family("subtle", &[]).await;
}

#[tokio::test]
async fn compression_formdata_messaging_in_a_deployed_worker() {
    family("misc", &[]).await;
}

fn wpt(file: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/wpt")
        .join(file)
}

fn expectations(file: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/hearth-web/tests/expectations")
        .join(file)
}

#[tokio::test]
async fn url_wpt_in_a_deployed_worker() {
    family(
        "url_wpt",
        &[
            ("__urltestdata", wpt("urltestdata.json")),
            ("__setters", wpt("setters_tests.json")),
            ("__toascii", wpt("toascii.json")),
            ("__expectations", expectations("url.json")),
        ],
    )
    .await;
}

#[tokio::test]
async fn urlpattern_wpt_in_a_deployed_worker() {
    family(
        "urlpattern_wpt",
        &[
            ("__urlpatterntestdata", wpt("urlpatterntestdata.json")),
            ("__expectations", expectations("urlpattern.json")),
        ],
    )
    .await;
}
