//! Differential tests against the reference runtime: the same Worker runs on Hearth and on
//! workerd (npm `workerd`, installed by `.ci/run`), and their answers are compared probe by
//! probe. Intentional or known differences are listed, with reasons, in
//! `tests/expectations/workerd_diff.json`; a difference not listed fails, and so does a listed
//! difference that disappeared (so the list stays true).

mod common;
use common::Hearth;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn workerd_bin() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/clients/node_modules/@cloudflare/workerd-linux-64/bin/workerd");
    assert!(
        p.exists(),
        "{} is missing: run `bash .ci/run` (it installs npm `workerd`)",
        p.display()
    );
    p
}

/// A workerd process serving one ES-module Worker with a `MESSAGE` text binding.
struct Workerd {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Workerd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_workerd(script: &str) -> Workerd {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("worker.js"), script).unwrap();
    let port = free_port();
    let config = format!(
        r#"using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:{port}", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-08-06",
  bindings = [ (name = "MESSAGE", text = "Hello World!") ],
);
"#
    );
    std::fs::write(dir.path().join("config.capnp"), config).unwrap();
    let child = Command::new(workerd_bin())
        .args(["serve", "config.capnp"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start workerd");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "workerd did not start listening");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Workerd {
        child,
        url,
        _dir: dir,
    }
}

fn expectations() -> Map<String, Value> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expectations/workerd_diff.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

async fn answers(
    http: &reqwest::Client,
    url: &str,
    host: &str,
    method: reqwest::Method,
    body: &str,
) -> Map<String, Value> {
    let r = http
        .request(method, format!("{url}/probe?q=1"))
        .header("host", host)
        .header("x-probe", "yes")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn web_api_semantics_match_workerd() {
    let script = common::worker_source("diff/probe.js");
    let wd = start_workerd(&script).await;
    let h = Hearth::start().await;
    h.put_script(
        "probe",
        &script,
        json!([{"type": "plain_text", "name": "MESSAGE", "text": "Hello World!"}]),
    )
    .await
    .result();
    h.enable_subdomain("probe").await;
    let expected = expectations();
    let mut unexpected = vec![];
    let mut fixed = vec![];
    let mut compared = 0;
    for (method, body) in [
        (reqwest::Method::GET, ""),
        (reqwest::Method::POST, "posted body"),
    ] {
        let theirs = answers(&h.http, &wd.url, "probe.example", method.clone(), body).await;
        let ours = answers(&h.http, &h.edge, &h.host("probe"), method, body).await;
        for (k, v) in &theirs {
            compared += 1;
            let same = ours.get(k) == Some(v);
            match (same, expected.contains_key(k)) {
                (false, false)
                    if !unexpected
                        .iter()
                        .any(|u: &String| u.starts_with(&format!("{k}:"))) =>
                {
                    unexpected.push(format!(
                        "{k}: workerd {v} / hearth {}",
                        ours.get(k).unwrap_or(&Value::Null)
                    ))
                }
                (true, true) => fixed.push(k.clone()),
                _ => {}
            }
        }
    }
    println!(
        "compared {compared} probe answers with workerd; {} listed differences",
        expected.len()
    );
    fixed.dedup();
    assert!(
        unexpected.is_empty(),
        "answers that differ from workerd:\n{}",
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "listed differences that now agree with workerd (remove them from the list): {fixed:?}"
    );
}
