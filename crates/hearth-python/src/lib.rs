//! Hearth's Python Workers host: runs `text/x-python` Workers in confined CPython processes.
//!
//! One process per isolate (per Worker version), forked from a pre-started template process
//! that already has the interpreter and the `workers` module loaded. Each child confines itself
//! (rlimits, no capabilities, `no_new_privs`, Landlock, seccomp) before it sees tenant code and
//! talks to Hearth over one inherited socket. See the crate's README for the design and the
//! protocol.

#![warn(missing_docs)]

mod errors;
mod isolate;
mod protocol;
mod seccomp;
mod template;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use hearth_runtime::{Body, LogEvent, LogLevel, LogSink, ModuleKind, WorkerCode};
use http_body_util::{BodyExt, Full};
use isolate::{Death, Isolate, Outcome};
use std::collections::HashMap;
use std::os::fd::OwnedFd;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use template::Template;
use tokio::sync::OnceCell;

use errors::Failure;

/// Configuration of the Python host.
#[derive(Clone)]
pub struct PythonConfig {
    /// The interpreter; `None` resolves `python3` on `PATH` once (through pyenv shims too).
    pub python: Option<PathBuf>,
    /// Isolate processes kept alive; beyond this the least recently used idle one is stopped.
    pub max_processes: usize,
    /// Address space a process may add to what it inherits from the template (`RLIMIT_AS` is set
    /// to the inherited size plus the smaller of this and the version's `limits.memory_bytes`).
    pub memory_bytes: u64,
    /// Let `fetch()` reach literal private, loopback and link-local addresses (the edge's
    /// egress policy still applies; this is an early refusal for obvious cases).
    pub egress_allow_private: bool,
    /// Run isolates even when the seccomp filter cannot be installed (never in production).
    pub allow_unconfined: bool,
    /// Wall-clock limit for importing a Worker's modules (start of an isolate, `validate`).
    pub startup_timeout: Duration,
    /// Largest request, response or subrequest body passed through.
    pub max_body_bytes: usize,
    /// Directories or files isolates may read besides the standard library (shared libraries
    /// and the dynamic loader's cache are added by default).
    pub extra_read_paths: Vec<PathBuf>,
    /// Start a new template after this many forks (0: never). Everything forked from one
    /// template shares its string hash seed; recycling bounds how many isolates share one.
    pub template_max_forks: u64,
    /// How long `ctx.wait_until` work may run after the response (then it is cancelled).
    pub wait_until_ms: u64,
    /// Optional extra receiver of Worker logs (`print`, `logging`, uncaught exceptions), as for
    /// JavaScript Workers (e.g. for `wrangler tail`).
    pub log_sink: Option<LogSink>,
}

impl std::fmt::Debug for PythonConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PythonConfig")
            .field("python", &self.python)
            .field("max_processes", &self.max_processes)
            .field("memory_bytes", &self.memory_bytes)
            .field("egress_allow_private", &self.egress_allow_private)
            .field("allow_unconfined", &self.allow_unconfined)
            .field("startup_timeout", &self.startup_timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("extra_read_paths", &self.extra_read_paths)
            .field("template_max_forks", &self.template_max_forks)
            .field("wait_until_ms", &self.wait_until_ms)
            .field("log_sink", &self.log_sink.is_some())
            .finish()
    }
}

impl Default for PythonConfig {
    fn default() -> Self {
        PythonConfig {
            python: None,
            max_processes: 64,
            memory_bytes: 128 << 20,
            egress_allow_private: false,
            allow_unconfined: false,
            startup_timeout: Duration::from_secs(10),
            max_body_bytes: 32 << 20,
            extra_read_paths: [
                "/lib",
                "/lib64",
                "/usr/lib",
                "/usr/lib64",
                "/usr/local/lib",
                "/etc/ld.so.cache",
                "/etc/localtime",
                "/usr/share/zoneinfo",
                "/dev/urandom",
            ]
            .into_iter()
            .map(PathBuf::from)
            .collect(),
            template_max_forks: 1000,
            wait_until_ms: 30_000,
            log_sink: None,
        }
    }
}

/// Where a Python Worker's subrequest goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboundTarget {
    /// `fetch(url)`: the internet, through the edge's egress policy.
    Internet,
    /// `env.<binding>.fetch(...)`: the Worker `service` of the same account.
    Service {
        /// The binding's name in `env`.
        binding: String,
        /// The Worker (script) the binding points at.
        service: String,
    },
}

/// Runs a Python Worker's outbound `fetch` and its service binding calls. The embedder (the
/// edge) applies egress policy and routes service calls to JavaScript or Python Workers. The
/// subrequest limit is counted before this is called.
pub trait Outbound: Send + Sync + 'static {
    /// Answers `req` (absolute URI) made by the Worker `code` towards `target`.
    fn fetch(
        &self,
        code: &WorkerCode,
        target: OutboundTarget,
        req: http::Request<Body>,
    ) -> BoxFuture<'static, http::Response<Body>>;
}

/// The Python Workers host: a template process and the isolate processes forked from it.
pub struct PythonHost {
    shared: Arc<Shared>,
}

type Key = (String, String);

/// State shared with isolate tasks.
pub(crate) struct Shared {
    config: PythonConfig,
    python: PathBuf,
    outbound: Arc<dyn Outbound>,
    filter: Vec<u8>,
    template_config: serde_json::Value,
    template: Mutex<Option<Template>>,
    forks: AtomicU64,
    slots: Mutex<HashMap<Key, Arc<OnceCell<Arc<Isolate>>>>>,
    tick: AtomicU64,
}

/// The body of a response built here.
pub(crate) fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed()
}

impl PythonHost {
    /// Starts the template, runs a probe isolate and logs what confinement the kernel enforces.
    /// Fails if `python3` cannot be found or started, or if isolates cannot be confined (unless
    /// `allow_unconfined`).
    pub fn new(config: PythonConfig, outbound: Arc<dyn Outbound>) -> Result<PythonHost, String> {
        let python = match &config.python {
            Some(p) => p.clone(),
            None => resolve_python()?,
        };
        let (filter, seccomp_desc) = match seccomp::filter() {
            Some(f) => f,
            None if config.allow_unconfined => (Vec::new(), "unsupported architecture".into()),
            None => return Err("no seccomp filter for this CPU architecture".into()),
        };
        let template_config = serde_json::json!({
            "memory_bytes": config.memory_bytes,
            "allow_unconfined": config.allow_unconfined,
            "extra_read_paths": config.extra_read_paths,
            "sys_capset": libc::SYS_capset,
            "wait_until_ms": config.wait_until_ms,
            "seccomp_desc": seccomp_desc,
        });
        let template = Template::spawn(&python, &filter, &template_config)
            .map_err(|e| format!("starting the python template ({}): {e}", python.display()))?;
        let shared = Arc::new(Shared {
            config,
            python,
            outbound,
            filter,
            template_config,
            template: Mutex::new(Some(template)),
            forks: AtomicU64::new(0),
            slots: Mutex::new(HashMap::new()),
            tick: AtomicU64::new(1),
        });
        let probe = shared.probe()?;
        tracing::info!(
            python = %shared.python.display(),
            "python workers: isolate confinement: {probe}"
        );
        Ok(PythonHost { shared })
    }

    /// Runs `req` on the Python Worker `code`. Never panics: failures become Cloudflare error
    /// pages (500 + 1101 for exceptions, 503 + 1102 for CPU or memory limits), logged with the
    /// script, version and request id.
    pub async fn invoke(
        &self,
        code: Arc<WorkerCode>,
        req: http::Request<Body>,
        request_id: &str,
    ) -> http::Response<Body> {
        let fut = AssertUnwindSafe(self.shared.clone().invoke(code.clone(), req, request_id));
        let failure = match fut.catch_unwind().await {
            Ok(Ok(resp)) => return resp,
            Ok(Err(f)) => f,
            Err(_) => Failure::Internal("the python host panicked".into()),
        };
        let script = code.script_name.as_str();
        let version = code.version_id.as_str();
        match &failure {
            Failure::Threw(m) => {
                tracing::error!(
                    script,
                    version,
                    request_id,
                    "python worker threw an exception:\n{m}"
                );
                if let Some(sink) = &self.shared.config.log_sink {
                    sink(&LogEvent {
                        level: LogLevel::Error,
                        script: script.to_owned(),
                        version_id: version.to_owned(),
                        request_id: request_id.to_owned(),
                        message: m.clone(),
                    });
                }
            }
            Failure::Limits(m) => tracing::warn!(
                script,
                version,
                request_id,
                "python worker exceeded resource limits: {m}"
            ),
            Failure::Internal(m) => {
                tracing::error!(script, version, request_id, "python worker failed: {m}")
            }
        }
        errors::error_response(&failure, request_id)
    }

    /// Upload-time check: compiles every Python module (a syntax error gives `Err` with Python's
    /// message, module and line) and imports the main module in a confined process. `Ok` lists
    /// the handlers found (`fetch` for `on_fetch` or a `Default` class with `fetch`). Blocks for
    /// the duration of a fork and import (call it from `spawn_blocking` in async code).
    pub fn validate(&self, code: &WorkerCode) -> Result<Vec<String>, String> {
        let main = code
            .modules
            .iter()
            .find(|m| m.name == code.main_module)
            .ok_or_else(|| {
                format!(
                    "main module {:?} is not among the modules",
                    code.main_module
                )
            })?;
        if main.kind != ModuleKind::Python {
            return Err(format!(
                "main module {:?} is not a Python module",
                main.name
            ));
        }
        for m in code.modules.iter().filter(|m| m.kind == ModuleKind::Python) {
            if std::str::from_utf8(&m.body).is_err() {
                return Err(format!("module {:?} is not valid UTF-8", m.name));
            }
        }
        let frame = isolate::init_frame(code, "validate");
        match self
            .shared
            .exchange(&frame, code.limits.memory_bytes as u64)?
        {
            protocol::FromIsolate::Valid { handlers } => {
                if handlers.is_empty() {
                    Err("the Worker defines no handler (on_fetch or class Default)".into())
                } else {
                    Ok(handlers)
                }
            }
            protocol::FromIsolate::Invalid { error } => Err(error),
            protocol::FromIsolate::InitError { error, .. } => {
                Err(format!("importing the main module failed:\n{error}"))
            }
            other => Err(format!(
                "unexpected answer from the Python process: {other:?}"
            )),
        }
    }

    /// Time the isolate of `code` took from fork to ready, if one is running.
    pub fn cold_start(&self, code: &WorkerCode) -> Option<Duration> {
        let key = (code.account_id.clone(), code.version_id.clone());
        let cell = self.shared.slots.lock().unwrap().get(&key).cloned()?;
        cell.get().map(|i| i.started_in)
    }

    /// Number of isolate processes alive.
    pub fn processes(&self) -> usize {
        let slots = self.shared.slots.lock().unwrap();
        slots
            .values()
            .filter(|c| c.get().is_some_and(|i| !i.is_dead()))
            .count()
    }

    /// Stops every isolate and the template.
    pub fn shutdown(&self) {
        let slots: Vec<_> = self.shared.slots.lock().unwrap().drain().collect();
        for (_, cell) in slots {
            if let Some(iso) = cell.get() {
                iso.kill(Death::Stopped);
            }
        }
        self.shared.template.lock().unwrap().take();
    }
}

impl Drop for PythonHost {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl Shared {
    fn memory_budget(&self, code: &WorkerCode) -> u64 {
        self.config
            .memory_bytes
            .min(code.limits.memory_bytes as u64)
    }

    /// Forks an isolate from the template (restarting the template once if it died).
    fn fork(&self, channel: OwnedFd, budget: u64) -> Result<template::Forked, String> {
        let mut guard = self.template.lock().unwrap();
        let mut last = String::new();
        let max = self.config.template_max_forks;
        if max > 0 && self.forks.fetch_add(1, Ordering::Relaxed) % max == max - 1 {
            // A fresh template rotates the hash seed (shared by everything forked from one).
            tracing::debug!(forks = max, "recycling the python template");
            guard.take();
        }
        for _ in 0..2 {
            if !guard.as_mut().is_some_and(|t| t.alive()) {
                if guard.is_some() {
                    tracing::warn!("python template is not running; starting a new one");
                }
                *guard = Some(
                    Template::spawn(&self.python, &self.filter, &self.template_config)
                        .map_err(|e| format!("starting the python template: {e}"))?,
                );
            }
            match guard.as_ref().unwrap().fork(&channel, budget) {
                Ok(f) => return Ok(f),
                Err(e) => {
                    last = format!("forking a python isolate: {e}");
                    guard.take();
                }
            }
        }
        Err(last)
    }

    /// Blocking one-shot exchange with a fresh isolate: sends `init`, returns its first answer
    /// that is not a log line, and kills the process.
    fn exchange(&self, init: &[u8], budget: u64) -> Result<protocol::FromIsolate, String> {
        let (mut ours, theirs) =
            std::os::unix::net::UnixStream::pair().map_err(|e| format!("socketpair: {e}"))?;
        let forked = self.fork(OwnedFd::from(theirs), budget.min(self.config.memory_bytes))?;
        let deadline = std::time::Instant::now() + self.config.startup_timeout;
        let result = (|| {
            ours.set_write_timeout(Some(self.config.startup_timeout))
                .map_err(|e| e.to_string())?;
            protocol::write_frame_blocking(&mut ours, init).map_err(|e| e.to_string())?;
            loop {
                // One deadline for the whole exchange, however many log lines arrive.
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                ours.set_read_timeout(Some(left.max(Duration::from_millis(1))))
                    .map_err(|e| e.to_string())?;
                match protocol::read_frame_blocking(&mut ours, self.config.max_body_bytes) {
                    Ok(Some((protocol::FromIsolate::Log { level, msg, .. }, _))) => {
                        tracing::debug!(level, "python (validate): {msg}")
                    }
                    Ok(Some((frame, _))) => return Ok(frame),
                    Ok(None) => {
                        return Err("the Python process exited (see its stderr in the log)".into())
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) =>
                    {
                        return Err(format!(
                            "importing the Worker took longer than {:?}",
                            self.config.startup_timeout
                        ))
                    }
                    Err(e) => return Err(format!("reading from the Python process: {e}")),
                }
            }
        })();
        isolate::signal(forked.pidfd.as_ref());
        result
    }

    /// Runs a probe isolate: it confines itself and tries what a hostile Worker would.
    fn probe(&self) -> Result<String, String> {
        let frame = protocol::encode(
            &protocol::ToIsolate::Init {
                mode: "probe",
                main: "",
                modules: Default::default(),
                bindings: Vec::new(),
            },
            &[],
        );
        match self.exchange(&frame, self.config.memory_bytes)? {
            protocol::FromIsolate::Probe {
                confinement,
                checks,
            } => {
                let layers: Vec<String> = confinement
                    .iter()
                    .map(|(k, v)| {
                        format!("{k}: {}", v.as_str().map_or(v.to_string(), str::to_owned))
                    })
                    .collect();
                let tried: Vec<String> = checks
                    .iter()
                    .map(|(k, v)| format!("{k} → {}", v.as_str().unwrap_or("?")))
                    .collect();
                let leaked: Vec<&String> = checks
                    .iter()
                    .filter(|(k, v)| *k != "read stdlib" && v.as_str() == Some("ALLOWED"))
                    .map(|(k, _)| k)
                    .collect();
                if !leaked.is_empty() && !self.config.allow_unconfined {
                    return Err(format!(
                        "python isolates are not confined: allowed {leaked:?} ({})",
                        layers.join("; ")
                    ));
                }
                Ok(format!(
                    "{}; probe: {}",
                    layers.join("; "),
                    tried.join(", ")
                ))
            }
            other => Err(format!("unexpected probe answer: {other:?}")),
        }
    }

    async fn isolate(self: &Arc<Self>, code: &Arc<WorkerCode>) -> Result<Arc<Isolate>, Failure> {
        let key = (code.account_id.clone(), code.version_id.clone());
        for _ in 0..3 {
            let cell = {
                let mut slots = self.slots.lock().unwrap();
                match slots.get(&key) {
                    Some(c) => c.clone(),
                    None => {
                        self.evict(&mut slots);
                        let c = Arc::new(OnceCell::new());
                        slots.insert(key.clone(), c.clone());
                        c
                    }
                }
            };
            let res = cell
                .get_or_try_init(|| isolate::start(self, code.clone()))
                .await;
            match res {
                Ok(iso) if !iso.is_dead() => {
                    iso.last_used
                        .store(self.tick.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
                    return Ok(iso.clone());
                }
                Ok(_) => self.remove_slot(&key, &cell),
                Err(e) => {
                    self.remove_slot(&key, &cell);
                    return Err(e);
                }
            }
        }
        Err(Failure::Internal(
            "the Python process keeps exiting at start".into(),
        ))
    }

    fn remove_slot(&self, key: &Key, cell: &Arc<OnceCell<Arc<Isolate>>>) {
        let mut slots = self.slots.lock().unwrap();
        if slots.get(key).is_some_and(|c| Arc::ptr_eq(c, cell)) {
            slots.remove(key);
        }
    }

    /// Called by an isolate's reader task when its process is gone.
    fn forget(&self, iso: &Arc<Isolate>) {
        let key = (iso.code.account_id.clone(), iso.code.version_id.clone());
        let mut slots = self.slots.lock().unwrap();
        if slots
            .get(&key)
            .and_then(|c| c.get())
            .is_some_and(|i| Arc::ptr_eq(i, iso))
        {
            slots.remove(&key);
        }
    }

    /// Makes room for one more isolate: stops least recently used idle ones over the limit.
    fn evict(&self, slots: &mut HashMap<Key, Arc<OnceCell<Arc<Isolate>>>>) {
        while slots.len() >= self.config.max_processes.max(1) {
            let victim = slots
                .iter()
                .filter_map(|(k, c)| c.get().map(|i| (k, i)))
                .filter(|(_, i)| i.in_flight() == 0)
                .min_by_key(|(_, i)| i.last_used.load(Ordering::Relaxed))
                .map(|(k, i)| (k.clone(), i.clone()));
            let Some((key, iso)) = victim else {
                tracing::warn!(
                    max_processes = self.config.max_processes,
                    "every python isolate is busy; going over the process limit"
                );
                return;
            };
            slots.remove(&key);
            iso.kill(Death::Stopped);
        }
    }

    async fn invoke(
        self: Arc<Self>,
        code: Arc<WorkerCode>,
        req: http::Request<Body>,
        request_id: &str,
    ) -> Result<http::Response<Body>, Failure> {
        let (parts, body) = req.into_parts();
        let body = collect(body, self.config.max_body_bytes)
            .await
            .map_err(|e| Failure::Internal(format!("reading the request body: {e}")))?;
        let url = parts.uri.to_string();
        let headers = protocol::wire_headers(&parts.headers);
        let mut attempts = 0;
        let (iso, rx) = loop {
            attempts += 1;
            let iso = self.isolate(&code).await?;
            match iso.send_request(
                request_id,
                parts.method.as_str(),
                &url,
                headers.clone(),
                &body,
            ) {
                Ok(rx) => break (iso, rx),
                // The process ended between lookup and send: try a fresh one.
                Err(_) if attempts < 3 => continue,
                Err(d) => return Err(d.failure()),
            }
        };
        let limit = Duration::from_millis(code.limits.cpu_ms.max(1));
        let cpu_start = iso.cpu_time();
        let watchdog = async {
            // CPU time never runs ahead of wall time, so sleeping for the remaining budget
            // before each check is exact enough and costs one timer per request.
            let mut wait = limit;
            loop {
                tokio::time::sleep(wait).await;
                let used = iso.cpu_time().saturating_sub(cpu_start);
                if used >= limit {
                    return used;
                }
                wait = (limit - used).max(Duration::from_millis(1));
            }
        };
        let outcome = tokio::select! {
            outcome = rx => outcome.unwrap_or(Outcome::Failed(Death::Crashed.failure())),
            used = watchdog => {
                iso.kill(Death::Cpu);
                return Err(Failure::Limits(format!(
                    "CPU time limit of {} ms exceeded ({} ms used)",
                    code.limits.cpu_ms,
                    used.as_millis()
                )));
            }
        };
        match outcome {
            Outcome::Response {
                status,
                headers,
                body,
            } => {
                let mut resp = http::Response::new(full(body));
                *resp.status_mut() = http::StatusCode::from_u16(status).map_err(|_| {
                    Failure::Threw(format!("the Worker returned an invalid status {status}"))
                })?;
                *resp.headers_mut() = protocol::http_headers(&headers);
                Ok(resp)
            }
            Outcome::Failed(f) => Err(f),
        }
    }
}

/// Reads a whole body, refusing more than `max` bytes.
pub(crate) async fn collect(mut body: Body, max: usize) -> Result<Bytes, String> {
    let mut buf = bytes::BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| e.to_string())?;
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > max {
                return Err(format!("body larger than {max} bytes"));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf.freeze())
}

/// Finds the real interpreter behind `python3` (pyenv shims are shell scripts).
fn resolve_python() -> Result<PathBuf, String> {
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .map_err(|e| format!("running python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "python3 failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if path.as_os_str().is_empty() {
        return Err("python3 did not report sys.executable".into());
    }
    Ok(path)
}
