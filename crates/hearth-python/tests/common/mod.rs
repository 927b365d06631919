//! Shared helpers: building `WorkerCode` values, a test `Outbound`, a host, requests.

#![allow(dead_code)]

use bytes::Bytes;
use futures_util::future::BoxFuture;
use hearth_python::{Outbound, OutboundTarget, PythonConfig, PythonHost};
use hearth_runtime::{
    Body, Limits, ModuleKind, ModuleSource, RuntimeBinding, WorkerCode, WorkerFormat,
};
use http_body_util::{BodyExt, Full};
use std::sync::{Arc, Mutex, Once};

/// Reads a fixture from `tests/workers/python/`.
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/workers/python/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A Worker made of `(name, source)` Python modules; the first is the main module.
pub fn worker(modules: &[(&str, &str)], bindings: Vec<RuntimeBinding>) -> Arc<WorkerCode> {
    Arc::new(WorkerCode {
        account_id: "acc".into(),
        namespace: String::new(),
        script_name: "py-test".into(),
        version_id: uuid(),
        format: WorkerFormat::Modules,
        main_module: modules[0].0.into(),
        modules: modules
            .iter()
            .map(|(n, s)| ModuleSource {
                name: (*n).into(),
                kind: ModuleKind::Python,
                body: Bytes::copy_from_slice(s.as_bytes()),
            })
            .collect(),
        bindings,
        compatibility_date: Some("2024-04-01".into()),
        compatibility_flags: vec!["python_workers".into()],
        limits: Limits::default(),
    })
}

/// A single-module Worker.
pub fn simple(src: &str) -> Arc<WorkerCode> {
    worker(&[("entry.py", src)], vec![message()])
}

/// `MESSAGE = "Hello World!"`.
pub fn message() -> RuntimeBinding {
    RuntimeBinding::PlainText {
        name: "MESSAGE".into(),
        text: "Hello World!".into(),
    }
}

fn uuid() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "v-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub fn body(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed()
}

/// What the test `Outbound` saw.
#[derive(Default)]
pub struct Seen {
    pub calls: Vec<(OutboundTarget, String, String, String)>,
}

/// Answers `fetch` with `internet <method> <url> <body>` and service calls with
/// `service <name> <method> <path> <body>`, and records every call.
#[derive(Default)]
pub struct TestOutbound {
    pub seen: Arc<Mutex<Seen>>,
}

impl Outbound for TestOutbound {
    fn fetch(
        &self,
        _code: &WorkerCode,
        target: OutboundTarget,
        req: http::Request<Body>,
    ) -> BoxFuture<'static, http::Response<Body>> {
        let (parts, b) = req.into_parts();
        let method = parts.method.to_string();
        let url = parts.uri.to_string();
        let seen_target = target.clone();
        let seen = self.seen.clone();
        Box::pin(async move {
            let b = b.collect().await.unwrap().to_bytes();
            let text = String::from_utf8_lossy(&b).into_owned();
            seen.lock().unwrap().calls.push((
                seen_target,
                method.clone(),
                url.clone(),
                text.clone(),
            ));
            let answer = match &target {
                OutboundTarget::Internet => format!("internet {method} {url} {text}"),
                OutboundTarget::Service { service, .. } => {
                    let path = url.parse::<http::Uri>().unwrap().path().to_string();
                    format!("service {service} {method} {path} {text}")
                }
            };
            let mut resp = http::Response::new(body(answer));
            resp.headers_mut()
                .insert("x-outbound", http::HeaderValue::from_static("yes"));
            *resp.status_mut() = http::StatusCode::CREATED;
            resp
        })
    }
}

static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct Capture;

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGS.lock().unwrap().extend_from_slice(buf);
        eprint!("{}", String::from_utf8_lossy(buf));
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs a tracing subscriber once; its output is kept for [`logs`] and echoed to stderr.
pub fn init_tracing() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                std::env::var("RUST_LOG").unwrap_or_else(|_| "info,hearth_python=debug".into()),
            )
            .with_ansi(false)
            .with_writer(|| Capture)
            .try_init();
    });
}

/// Everything logged so far by this test binary.
pub fn logs() -> String {
    String::from_utf8_lossy(&LOGS.lock().unwrap()).into_owned()
}

/// A host with the default configuration and a fresh test `Outbound`.
pub fn host() -> (PythonHost, Arc<TestOutbound>) {
    init_tracing();
    let outbound = Arc::new(TestOutbound::default());
    let host = PythonHost::new(PythonConfig::default(), outbound.clone()).expect("python host");
    (host, outbound)
}

/// A request with a method, path, headers and body.
pub fn request(method: &str, path: &str, headers: &[(&str, &str)], b: &str) -> http::Request<Body> {
    let mut r = http::Request::builder()
        .method(method)
        .uri(format!("http://py.sub.workers.localhost{path}"));
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.body(body(b.to_string())).unwrap()
}

/// A GET request to `path` on a workers.dev-style host.
pub fn get(path: &str) -> http::Request<Body> {
    http::Request::builder()
        .uri(format!("http://py.sub.workers.localhost{path}"))
        .body(body(Bytes::new()))
        .unwrap()
}

/// Status, headers and body text of a response.
pub async fn read(resp: http::Response<Body>) -> (u16, http::HeaderMap, String) {
    let (parts, b) = resp.into_parts();
    let b = b.collect().await.unwrap().to_bytes();
    (
        parts.status.as_u16(),
        parts.headers,
        String::from_utf8_lossy(&b).into_owned(),
    )
}
