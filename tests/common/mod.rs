//! The shared end-to-end harness: starts the real `hearth` binary on port 0 with a temp data dir,
//! and talks to its API and edge over HTTP.
#![allow(dead_code)]

use reqwest::{multipart, Method, StatusCode};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Hearth with its bootstrap account and token.
pub struct Hearth {
    child: Option<Child>,
    pub api: String,
    pub edge: String,
    pub dir: tempfile::TempDir,
    pub account: String,
    pub token: String,
    pub subdomain: String,
    pub http: reqwest::Client,
    extra_args: Vec<String>,
}

/// A response: status, headers and JSON body (Null when not JSON).
pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
    pub text: String,
}

impl Resp {
    /// The `result` of a successful envelope; panics with the body otherwise.
    pub fn result(&self) -> &Value {
        assert!(
            self.status.is_success() && self.json["success"] == json!(true),
            "expected success, got {} {}",
            self.status,
            self.text
        );
        &self.json["result"]
    }
    /// The first error code of a failure envelope (checking status and `success` agree).
    pub fn error_code(&self) -> i64 {
        assert_eq!(
            self.json["success"],
            json!(false),
            "expected failure, got {} {}",
            self.status,
            self.text
        );
        assert!(
            !self.status.is_success(),
            "failure with status {}",
            self.status
        );
        assert!(self.json["result"].is_null());
        self.json["errors"][0]["code"].as_i64().expect("error code")
    }
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_hearth"))
}

fn random_hex(n: usize) -> String {
    uuid::Uuid::new_v4().simple().to_string()[..n].to_string()
}

impl Hearth {
    /// Starts Hearth with a fresh data dir.
    pub async fn start() -> Hearth {
        Self::start_with(&[]).await
    }

    /// Starts Hearth with extra `serve` flags.
    pub async fn start_with(extra: &[&str]) -> Hearth {
        let dir = tempfile::tempdir().unwrap();
        let mut h = Hearth {
            child: None,
            api: String::new(),
            edge: String::new(),
            dir,
            account: format!("{}{}", random_hex(16), random_hex(16)),
            token: format!("tok-{}", random_hex(32)),
            subdomain: "acme".into(),
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(4)
                .build()
                .unwrap(),
            extra_args: extra.iter().map(|s| s.to_string()).collect(),
        };
        h.spawn().await;
        h
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// (Re)starts the process on the same data dir and waits for its ready file.
    pub async fn spawn(&mut self) {
        let ready = self.dir.path().join("ready.json");
        let _ = std::fs::remove_file(&ready);
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("hearth.log"))
            .unwrap();
        let child = Command::new(bin())
            .arg("serve")
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args([
                "--api-listen",
                "127.0.0.1:0",
                "--edge-listen",
                "127.0.0.1:0",
                "--threads",
                "2",
            ])
            .arg("--ready-file")
            .arg(&ready)
            .args(&self.extra_args)
            .env("HEARTH_BOOTSTRAP_ACCOUNT_ID", &self.account)
            .env("HEARTH_BOOTSTRAP_TOKEN", &self.token)
            .env("HEARTH_BOOTSTRAP_SUBDOMAIN", &self.subdomain)
            .env("HEARTH_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn hearth");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(s) = std::fs::read_to_string(&ready) {
                if let Ok(v) = serde_json::from_str::<Value>(&s) {
                    self.api = v["api"].as_str().unwrap().to_string();
                    self.edge = v["edge"].as_str().unwrap().to_string();
                    return;
                }
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("hearth exited early ({status}); log:\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "hearth did not become ready; log:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("hearth.log")).unwrap_or_default()
    }

    /// Runs `hearth <args> --json --data-dir <this data dir>` (the admin CLI, while the server
    /// runs) and returns its JSON output.
    pub fn admin(&self, args: &[&str]) -> Value {
        let out = Command::new(bin())
            .args(args)
            .args(["--json", "--data-dir"])
            .arg(self.dir.path().join("data"))
            .output()
            .expect("run the admin CLI");
        assert!(
            out.status.success(),
            "hearth {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("admin JSON output")
    }

    /// Creates another account (with a workers.dev subdomain) and an edit token for it through the
    /// admin CLI; returns (account id, token).
    pub fn other_account(&self, name: &str, subdomain: &str) -> (String, String) {
        let a = self.admin(&[
            "account",
            "create",
            "--name",
            name,
            "--subdomain",
            subdomain,
        ]);
        let id = a["id"].as_str().unwrap().to_string();
        let t = self.admin(&["token", "create", "--account", &id]);
        (id, t["token"].as_str().unwrap().to_string())
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// The server's resident memory in KiB (VmRSS).
    pub fn rss_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    /// SIGKILL, no chance to clean up.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// SIGTERM and wait for a clean exit; returns the exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let mut c = self.child.take().expect("running");
        unsafe { libc::kill(c.id() as i32, libc::SIGTERM) };
        c.wait().unwrap()
    }

    /// `/client/v4` + `path`, with `{a}` replaced by the account id.
    pub fn url(&self, path: &str) -> String {
        format!(
            "{}/client/v4{}",
            self.api,
            path.replace("{a}", &self.account)
        )
    }

    /// Any API call with the bootstrap token.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Resp {
        self.call_as(&self.token.clone(), method, path, body).await
    }

    /// Any API call with a given token.
    pub async fn call_as(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Resp {
        let mut rb = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        into_resp(rb.send().await.expect("request")).await
    }

    /// A raw body with a content type.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Resp {
        let rb = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .header("content-type", content_type)
            .body(body);
        into_resp(rb.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.call(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.call(Method::POST, path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Resp {
        self.call(Method::PUT, path, Some(body)).await
    }
    pub async fn patch(&self, path: &str, body: Value) -> Resp {
        self.call(Method::PATCH, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Resp {
        self.call(Method::DELETE, path, None).await
    }

    /// Multipart upload: a metadata part (JSON text) plus module parts (name, content type, body).
    pub async fn upload(
        &self,
        method: Method,
        path: &str,
        metadata: &str,
        modules: &[(&str, &str, &[u8])],
    ) -> Resp {
        let mut form = multipart::Form::new().part(
            "metadata",
            multipart::Part::text(metadata.to_string())
                .mime_str("application/json")
                .unwrap(),
        );
        for (name, ct, body) in modules {
            form = form.part(
                name.to_string(),
                multipart::Part::bytes(body.to_vec())
                    .file_name(name.to_string())
                    .mime_str(ct)
                    .unwrap(),
            );
        }
        let rb = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .multipart(form);
        into_resp(rb.send().await.expect("request")).await
    }

    /// PUT /workers/scripts/{name} with one ES module `index.js` and the given bindings.
    pub async fn put_script(&self, name: &str, source: &str, bindings: Value) -> Resp {
        let meta = json!({"main_module": "index.js", "compatibility_date": "2025-08-06", "bindings": bindings}).to_string();
        self.upload(
            Method::PUT,
            &format!("/accounts/{{a}}/workers/scripts/{name}"),
            &meta,
            &[(
                "index.js",
                "application/javascript+module",
                source.as_bytes(),
            )],
        )
        .await
    }

    /// Turns on the workers.dev route of a script.
    pub async fn enable_subdomain(&self, name: &str) {
        self.post(
            &format!("/accounts/{{a}}/workers/scripts/{name}/subdomain"),
            json!({"enabled": true}),
        )
        .await
        .result();
    }

    /// The workers.dev host of a script.
    pub fn host(&self, script: &str) -> String {
        format!("{script}.{}.workers.localhost", self.subdomain)
    }

    /// GET on the edge with a Host header.
    pub async fn edge_get(&self, host: &str, path: &str) -> (StatusCode, String) {
        self.edge_request(host, path, &[]).await
    }

    /// GET on the edge with a Host header and extra headers.
    pub async fn edge_request(
        &self,
        host: &str,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let mut rb = self
            .http
            .get(format!("{}{}", self.edge, path))
            .header("host", host);
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let r = rb.send().await.expect("edge request");
        let status = r.status();
        (status, r.text().await.unwrap())
    }

    /// A snapshot of everything the API shows about the account's Workers (to prove that bad
    /// input changed nothing).
    pub async fn snapshot(&self) -> Value {
        let workers = self
            .get("/accounts/{a}/workers/workers?per_page=100")
            .await
            .result()
            .clone();
        let mut out = vec![];
        for w in workers.as_array().unwrap() {
            let name = w["name"].as_str().unwrap();
            let versions = self
                .get(&format!(
                    "/accounts/{{a}}/workers/workers/{name}/versions?per_page=100"
                ))
                .await
                .result()
                .clone();
            let deployments = self
                .get(&format!(
                    "/accounts/{{a}}/workers/scripts/{name}/deployments"
                ))
                .await
                .result()["deployments"]
                .clone();
            let settings = self
                .get(&format!("/accounts/{{a}}/workers/scripts/{name}/settings"))
                .await
                .result()
                .clone();
            out.push(json!({"worker": w, "versions": versions, "deployments": deployments, "settings": settings}));
        }
        json!(out)
    }
}

impl Drop for Hearth {
    fn drop(&mut self) {
        self.kill9();
    }
}

async fn into_resp(r: reqwest::Response) -> Resp {
    let status = r.status();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap_or_default();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Resp {
        status,
        headers,
        json,
        text,
    }
}

/// Reads a Worker script from `tests/workers/`.
pub fn worker_source(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/workers")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Deploys the Web-API checks Worker `tests/workers/web/<file>` (with `_checks.js` and the
/// crate's `_harness.js` beside it, and any `extra` modules from that directory) as script
/// `name` through the multipart API, turns on its workers.dev route, runs its checks with one
/// GET and asserts that all passed and at least one ran. Returns the names of the checks that
/// passed.
pub async fn run_web_checks(h: &Hearth, name: &str, file: &str, extra: &[&str]) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workers/web");
    let mut files = vec![file, "_checks.js"];
    files.extend_from_slice(extra);
    let read = |p: PathBuf| std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut modules: Vec<(String, &str, Vec<u8>)> = files
        .iter()
        .map(|f| {
            (
                f.to_string(),
                "application/javascript+module",
                read(dir.join(f)),
            )
        })
        .collect();
    let harness =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/hearth-web/tests/js/_harness.js");
    modules.push((
        "_harness.js".into(),
        "application/javascript+module",
        read(harness),
    ));
    run_checks_worker(h, name, &modules).await
}

/// Deploys `modules` (module name, content type, body; the first is the main module) as script
/// `name`, turns on its workers.dev route, GETs `/` and asserts that the `{passed, failed}`
/// report it answers has no failure and at least one pass. Returns the names that passed.
pub async fn run_checks_worker(
    h: &Hearth,
    name: &str,
    modules: &[(String, &str, Vec<u8>)],
) -> Vec<String> {
    let file = modules[0].0.as_str();
    let parts: Vec<(&str, &str, &[u8])> = modules
        .iter()
        .map(|(n, ct, b)| (n.as_str(), *ct, b.as_slice()))
        .collect();
    let meta = json!({"main_module": file, "compatibility_date": "2025-08-06"}).to_string();
    h.upload(
        Method::PUT,
        &format!("/accounts/{{a}}/workers/scripts/{name}"),
        &meta,
        &parts,
    )
    .await
    .result();
    h.enable_subdomain(name).await;
    let (status, body) = h.edge_get(&h.host(name), "/").await;
    assert_eq!(status, StatusCode::OK, "{file}: {body}\n{}", h.log());
    let report: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{file}: {body}"));
    let failed = report["failed"].as_array().expect("failed list");
    let passed: Vec<String> = report["passed"]
        .as_array()
        .expect("passed list")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{file}: {} of {} checks failed:\n{}",
        failed.len(),
        failed.len() + passed.len(),
        serde_json::to_string_pretty(failed).unwrap()
    );
    assert!(!passed.is_empty(), "{file}: no checks ran");
    println!("{file}: {} checks passed", passed.len());
    for line in report["printed"].as_array().into_iter().flatten() {
        println!("  {}", line.as_str().unwrap_or_default());
    }
    passed
}
