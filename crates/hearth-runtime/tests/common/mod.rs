//! Shared helpers for the runtime's integration tests.
#![allow(dead_code)]

use bytes::Bytes;
use hearth_runtime::*;
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Reads `tests/workers/<path>` from the repository root.
pub fn worker_file(path: &str) -> String {
    let p = format!("{}/../../tests/workers/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// A WorkerCode with one ES module `index.js`.
pub fn module_worker(name: &str, src: &str) -> WorkerCode {
    code(
        name,
        WorkerFormat::Modules,
        vec![("index.js", ModuleKind::EsModule, src.as_bytes().to_vec())],
    )
}

pub fn code(
    name: &str,
    format: WorkerFormat,
    modules: Vec<(&str, ModuleKind, Vec<u8>)>,
) -> WorkerCode {
    WorkerCode {
        account_id: "acct".into(),
        namespace: String::new(),
        script_name: name.into(),
        version_id: format!("{name}-{}", uuid::Uuid::new_v4()),
        format,
        main_module: modules[0].0.to_string(),
        modules: modules
            .into_iter()
            .map(|(n, kind, body)| ModuleSource {
                name: n.into(),
                kind,
                body: Bytes::from(body),
            })
            .collect(),
        bindings: vec![],
        compatibility_date: Some("2025-01-01".into()),
        compatibility_flags: vec![],
        limits: Limits::default(),
    }
}

#[derive(Default)]
pub struct MapResolver(pub Mutex<HashMap<String, Arc<WorkerCode>>>);
impl ServiceResolver for MapResolver {
    fn resolve(&self, account_id: &str, service: &str) -> Option<Arc<WorkerCode>> {
        self.0
            .lock()
            .unwrap()
            .get(&format!("{account_id}/{service}"))
            .cloned()
    }
}

pub fn runtime(threads: usize) -> (Runtime, Arc<MapResolver>) {
    runtime_with(RuntimeConfig {
        threads,
        ..Default::default()
    })
}

pub fn runtime_with(mut config: RuntimeConfig) -> (Runtime, Arc<MapResolver>) {
    if config.log_sink.is_none() {
        config.log_sink = Some(Arc::new(|e: &LogEvent| {
            eprintln!(
                "[{:?} {} {}] {}",
                e.level, e.script, e.request_id, e.message
            )
        }));
    }
    let resolver = Arc::new(MapResolver::default());
    (Runtime::new(config, resolver.clone()), resolver)
}

pub fn body(b: impl Into<Bytes>) -> Body {
    http_body_util::Full::new(b.into())
        .map_err(|e| match e {})
        .boxed()
}

pub fn get(url: &str) -> http::Request<Body> {
    http::Request::builder()
        .uri(url)
        .body(body(Bytes::new()))
        .unwrap()
}

pub async fn call(
    rt: &Runtime,
    code: &Arc<WorkerCode>,
    req: http::Request<Body>,
) -> (u16, http::HeaderMap, String) {
    let resp = rt.invoke(code.clone(), req, "test-req").await;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

pub async fn call_get(rt: &Runtime, code: &Arc<WorkerCode>, url: &str) -> (u16, String) {
    let (s, _, b) = call(rt, code, get(url)).await;
    (s, b)
}

/// A local HTTP server on 127.0.0.1 that answers `METHOD PATH BODY` and reports every request
/// on the returned channel. `/redirect` answers 302 to `/final`.
pub async fn echo_server() -> (
    std::net::SocketAddr,
    tokio::sync::mpsc::UnboundedReceiver<String>,
) {
    use hyper::service::service_fn;
    use hyper_util::rt::TokioIo;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let tx = tx.clone();
                    async move {
                        let method = req.method().to_string();
                        let path = req.uri().path().to_string();
                        let hdr = req
                            .headers()
                            .get("x-test")
                            .map(|v| v.to_str().unwrap_or("").to_string())
                            .unwrap_or_default();
                        let body = req
                            .into_body()
                            .collect()
                            .await
                            .map(|c| c.to_bytes())
                            .unwrap_or_default();
                        let line = format!("{method} {path} {}", String::from_utf8_lossy(&body));
                        let _ = tx.send(format!("{line} x-test={hdr}"));
                        let mut resp = http::Response::builder().header("x-echo", "yes");
                        if path == "/redirect" {
                            resp = resp.status(302).header("location", "/final");
                        }
                        Ok::<_, std::convert::Infallible>(
                            resp.body(http_body_util::Full::new(Bytes::from(line)))
                                .unwrap(),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    (addr, rx)
}

/// Collects log lines from a runtime's log sink.
pub fn capture_logs() -> (RuntimeConfig, Arc<Mutex<Vec<LogEvent>>>) {
    let logs: Arc<Mutex<Vec<LogEvent>>> = Arc::default();
    let l = logs.clone();
    let config = RuntimeConfig {
        threads: 1,
        log_sink: Some(Arc::new(move |e: &LogEvent| {
            eprintln!("[{:?}] {}", e.level, e.message);
            l.lock().unwrap().push(e.clone());
        })),
        ..Default::default()
    };
    (config, logs)
}
