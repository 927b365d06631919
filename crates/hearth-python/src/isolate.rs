//! One Python isolate: a confined process forked from the template, serving one Worker version
//! over its channel. A reader task dispatches what the process sends (responses, logs,
//! subrequests); a writer task serialises what Hearth sends.

use crate::errors::Failure;
use crate::protocol::{self, FromIsolate, ToIsolate};
use crate::{full, Outbound, OutboundTarget, Shared};
use bytes::Bytes;
use hearth_runtime::{LogEvent, LogLevel, LogSink, RuntimeBinding, WorkerCode};
use std::collections::HashMap;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::unix::OwnedReadHalf;
use tokio::sync::{mpsc, oneshot};

/// Why an isolate process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Death {
    /// Killed: a request exceeded its CPU time.
    Cpu,
    /// Killed: the process ran out of memory.
    Memory,
    /// Exited or crashed on its own, or broke the protocol.
    Crashed,
    /// Stopped by Hearth (eviction, shutdown).
    Stopped,
}

impl Death {
    /// The failure in-flight requests of a process that died this way get.
    pub fn failure(self) -> Failure {
        match self {
            Death::Cpu => Failure::Limits("the Python process exceeded its CPU time limit".into()),
            Death::Memory => Failure::Limits("the Python process ran out of memory".into()),
            Death::Crashed => Failure::Internal("the Python process exited unexpectedly".into()),
            Death::Stopped => Failure::Internal("the Python process was stopped".into()),
        }
    }
}

/// What became of one request.
pub enum Outcome {
    Response {
        status: u16,
        headers: protocol::WireHeaders,
        body: Bytes,
    },
    Failed(Failure),
}

struct ReqState {
    request_id: Arc<str>,
    responder: Option<oneshot::Sender<Outcome>>,
    subrequests: u32,
}

#[derive(Default)]
struct State {
    requests: HashMap<u64, ReqState>,
    dead: Option<Death>,
    kill_reason: Option<Death>,
}

/// A running isolate.
pub struct Isolate {
    pub code: Arc<WorkerCode>,
    pub pid: i32,
    pidfd: Option<OwnedFd>,
    tx: mpsc::UnboundedSender<Vec<u8>>,
    state: Mutex<State>,
    next_rid: AtomicU64,
    /// Logical time of last use (for LRU eviction).
    pub last_used: AtomicU64,
    /// Handlers the Worker defines (`fetch`, …).
    pub handlers: Vec<String>,
    /// Time from the fork request to the isolate being ready.
    pub started_in: Duration,
}

/// Builds the `init` frame for `code` in `mode` (`serve`, `validate` or `probe`).
pub fn init_frame(code: &WorkerCode, mode: &str) -> Vec<u8> {
    use hearth_runtime::ModuleKind;
    use serde_json::json;
    let modules = code
        .modules
        .iter()
        .filter(|m| m.kind == ModuleKind::Python)
        .map(|m| (m.name.as_str(), String::from_utf8_lossy(&m.body)))
        .collect();
    let bindings = code
        .bindings
        .iter()
        .map(|b| match b {
            RuntimeBinding::PlainText { name, text } => {
                json!({"type": "plain_text", "name": name, "text": text})
            }
            RuntimeBinding::SecretText { name, text } => {
                json!({"type": "secret_text", "name": name, "text": text})
            }
            RuntimeBinding::Json { name, value } => {
                json!({"type": "json", "name": name, "value": value})
            }
            RuntimeBinding::VersionMetadata {
                name,
                id,
                tag,
                timestamp,
            } => json!({"type": "version_metadata", "name": name, "id": id, "tag": tag,
                        "timestamp": timestamp}),
            RuntimeBinding::Service { name, service, .. } => {
                json!({"type": "service", "name": name, "service": service})
            }
            // Refused for Python Workers at upload; never reaches an isolate.
            RuntimeBinding::DispatchNamespace { name, .. } => {
                json!({"type": "json", "name": name, "value": null})
            }
        })
        .collect();
    protocol::encode(
        &ToIsolate::Init {
            mode,
            main: &code.main_module,
            modules,
            bindings,
        },
        &[],
    )
}

/// Forks and initialises an isolate for `code`; logs the Worker's import-time output.
pub async fn start(shared: &Arc<Shared>, code: Arc<WorkerCode>) -> Result<Arc<Isolate>, Failure> {
    let t0 = Instant::now();
    let (ours, theirs) = std::os::unix::net::UnixStream::pair()
        .map_err(|e| Failure::Internal(format!("socketpair: {e}")))?;
    let budget = shared.memory_budget(&code);
    let s = shared.clone();
    let forked = tokio::task::spawn_blocking(move || s.fork(OwnedFd::from(theirs), budget))
        .await
        .map_err(|e| Failure::Internal(format!("fork task: {e}")))?
        .map_err(Failure::Internal)?;
    let kill = |forked: &crate::template::Forked| signal(forked.pidfd.as_ref());
    ours.set_nonblocking(true)
        .map_err(|e| Failure::Internal(e.to_string()))?;
    let stream =
        tokio::net::UnixStream::from_std(ours).map_err(|e| Failure::Internal(e.to_string()))?;
    let (mut rd, mut wr) = stream.into_split();
    if let Err(e) = wr.write_all(&init_frame(&code, "serve")).await {
        kill(&forked);
        return Err(Failure::Internal(format!("sending the Worker's code: {e}")));
    }
    let deadline = tokio::time::Instant::now() + shared.config.startup_timeout;
    let max_body = shared.config.max_body_bytes;
    let handlers = loop {
        let frame =
            tokio::time::timeout_at(deadline, protocol::read_frame(&mut rd, max_body)).await;
        match frame {
            Err(_) => {
                kill(&forked);
                return Err(Failure::Limits(format!(
                    "importing the Worker took longer than {:?}",
                    shared.config.startup_timeout
                )));
            }
            Ok(Ok(Some((FromIsolate::Log { level, msg, .. }, _)))) => {
                console(shared.config.log_sink.as_ref(), &code, "-", &level, &msg);
            }
            Ok(Ok(Some((FromIsolate::Ready { handlers }, _)))) => break handlers,
            Ok(Ok(Some((FromIsolate::InitError { kind, error }, _)))) => {
                kill(&forked);
                return Err(if kind == "memory" {
                    Failure::Limits(format!("out of memory while importing the Worker: {error}"))
                } else {
                    Failure::Threw(error)
                });
            }
            Ok(Ok(Some((other, _)))) => {
                kill(&forked);
                return Err(Failure::Internal(format!(
                    "unexpected message from the Python process: {other:?}"
                )));
            }
            Ok(Ok(None)) => {
                return Err(Failure::Internal(
                    "the Python process exited during start (see its stderr in the log)".into(),
                ))
            }
            Ok(Err(e)) => {
                kill(&forked);
                return Err(Failure::Internal(format!(
                    "reading from the Python process: {e}"
                )));
            }
        }
    };
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
    tokio::spawn(async move {
        // Frames queued while a write was in progress go out in one write.
        let mut batch = Vec::new();
        while let Some(frame) = rx.recv().await {
            batch.clear();
            batch.extend_from_slice(&frame);
            while batch.len() < 256 << 10 {
                match rx.try_recv() {
                    Ok(more) => batch.extend_from_slice(&more),
                    Err(_) => break,
                }
            }
            if wr.write_all(&batch).await.is_err() {
                break;
            }
        }
    });
    let iso = Arc::new(Isolate {
        code,
        pid: forked.pid,
        pidfd: forked.pidfd,
        tx,
        state: Mutex::new(State::default()),
        next_rid: AtomicU64::new(1),
        last_used: AtomicU64::new(0),
        handlers,
        started_in: t0.elapsed(),
    });
    tracing::debug!(
        script = %iso.code.script_name,
        version = %iso.code.version_id,
        pid = iso.pid,
        handlers = ?iso.handlers,
        "python isolate started in {:?}",
        iso.started_in
    );
    tokio::spawn(reader(iso.clone(), Arc::downgrade(shared), rd));
    Ok(iso)
}

/// SIGKILL through the pidfd. Without one the child had already exited when the template looked
/// (`pidfd_open` failed); its pid may be recycled, so it is never signalled by number.
pub(crate) fn signal(pidfd: Option<&OwnedFd>) {
    if let Some(fd) = pidfd {
        // SAFETY: plain syscall on a pidfd we own.
        unsafe {
            libc::syscall(
                libc::SYS_pidfd_send_signal,
                fd.as_raw_fd(),
                libc::SIGKILL,
                std::ptr::null::<libc::siginfo_t>(),
                0,
            );
        }
    }
}

impl Isolate {
    /// Whether the process has ended or is being killed.
    pub fn is_dead(&self) -> bool {
        let st = self.state.lock().unwrap();
        st.dead.is_some() || st.kill_reason.is_some()
    }

    /// Requests whose response has not arrived yet.
    pub fn in_flight(&self) -> usize {
        self.state
            .lock()
            .unwrap()
            .requests
            .values()
            .filter(|r| r.responder.is_some())
            .count()
    }

    /// Kills the process; in-flight requests fail as `reason` says.
    pub fn kill(&self, reason: Death) {
        {
            let mut st = self.state.lock().unwrap();
            if st.dead.is_some() {
                return;
            }
            st.kill_reason.get_or_insert(reason);
        }
        signal(self.pidfd.as_ref());
    }

    /// CPU time (user + system) the process has used so far.
    pub fn cpu_time(&self) -> Duration {
        let mut clk: libc::clockid_t = 0;
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: out-pointers are valid.
        unsafe {
            if libc::clock_getcpuclockid(self.pid, &mut clk) != 0
                || libc::clock_gettime(clk, &mut ts) != 0
            {
                return Duration::ZERO;
            }
        }
        Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
    }

    /// Sends a request; the receiver yields its outcome. `Err` if the process is gone.
    pub fn send_request(
        &self,
        request_id: &str,
        method: &str,
        url: &str,
        headers: protocol::WireHeaders,
        body: &[u8],
    ) -> Result<oneshot::Receiver<Outcome>, Death> {
        let rid = self.next_rid.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        {
            let mut st = self.state.lock().unwrap();
            if let Some(d) = st.dead.or(st.kill_reason) {
                return Err(d);
            }
            st.requests.insert(
                rid,
                ReqState {
                    request_id: request_id.into(),
                    responder: Some(tx),
                    subrequests: 0,
                },
            );
        }
        let frame = protocol::encode(
            &ToIsolate::Req {
                rid,
                method,
                url,
                headers,
            },
            body,
        );
        self.tx.send(frame).map_err(|_| Death::Crashed)?;
        Ok(rx)
    }

    /// Delivers the outcome of `rid`; `done` forgets the request (no `wait_until` work left).
    fn respond(&self, rid: u64, outcome: Outcome, done: bool) {
        let responder = {
            let mut st = self.state.lock().unwrap();
            if done {
                st.requests.remove(&rid).and_then(|r| r.responder)
            } else {
                st.requests.get_mut(&rid).and_then(|r| r.responder.take())
            }
        };
        if let Some(tx) = responder {
            let _ = tx.send(outcome);
        }
    }

    fn request_id(&self, rid: Option<u64>) -> Arc<str> {
        rid.and_then(|rid| {
            self.state
                .lock()
                .unwrap()
                .requests
                .get(&rid)
                .map(|r| r.request_id.clone())
        })
        .unwrap_or_else(|| "-".into())
    }

    fn send(&self, header: &ToIsolate<'_>, body: &[u8]) {
        let _ = self.tx.send(protocol::encode(header, body));
    }
}

/// Logs one line of the Worker's output (`print`, `logging`) with its script, version and request.
fn console(sink: Option<&LogSink>, code: &WorkerCode, request_id: &str, level: &str, msg: &str) {
    if let Some(sink) = sink {
        sink(&LogEvent {
            level: match level {
                "error" => LogLevel::Error,
                "warn" => LogLevel::Warn,
                "debug" => LogLevel::Debug,
                "info" => LogLevel::Info,
                _ => LogLevel::Log,
            },
            script: code.script_name.clone(),
            version_id: code.version_id.clone(),
            request_id: if request_id == "-" {
                String::new()
            } else {
                request_id.to_owned()
            },
            message: msg.to_owned(),
        });
    }
    let script = code.script_name.as_str();
    let version = code.version_id.as_str();
    match level {
        "error" => {
            tracing::error!(target: "hearth_python::console", script, version, request_id, "{msg}")
        }
        "warn" => {
            tracing::warn!(target: "hearth_python::console", script, version, request_id, "{msg}")
        }
        "debug" => {
            tracing::debug!(target: "hearth_python::console", script, version, request_id, "{msg}")
        }
        _ => tracing::info!(target: "hearth_python::console", script, version, request_id, "{msg}"),
    }
}

async fn reader(iso: Arc<Isolate>, shared: Weak<Shared>, mut rd: OwnedReadHalf) {
    let max_body = shared
        .upgrade()
        .map(|s| s.config.max_body_bytes)
        .unwrap_or(0);
    let end = loop {
        let (frame, body) = match protocol::read_frame(&mut rd, max_body).await {
            Ok(Some(f)) => f,
            Ok(None) => break None,
            Err(e) => break Some(format!("reading from the Python process: {e}")),
        };
        match frame {
            FromIsolate::Res {
                rid,
                status,
                headers,
                done,
            } => iso.respond(
                rid,
                Outcome::Response {
                    status,
                    headers,
                    body,
                },
                done,
            ),
            FromIsolate::Err {
                rid,
                kind,
                error,
                done,
            } => {
                if kind == "memory" {
                    iso.kill(Death::Memory);
                    iso.respond(rid, Outcome::Failed(Death::Memory.failure()), done);
                } else {
                    iso.respond(rid, Outcome::Failed(Failure::Threw(error)), done);
                }
            }
            FromIsolate::Done { rid } => {
                iso.state.lock().unwrap().requests.remove(&rid);
            }
            FromIsolate::Log { rid, level, msg } => {
                let sink = shared.upgrade().and_then(|s| s.config.log_sink.clone());
                console(sink.as_ref(), &iso.code, &iso.request_id(rid), &level, &msg);
            }
            FromIsolate::Fetch {
                rid,
                sid,
                service,
                method,
                url,
                headers,
            } => {
                let Some(shared) = shared.upgrade() else {
                    break None;
                };
                subrequest(&iso, &shared, rid, sid, service, method, url, headers, body);
            }
            other => {
                break Some(format!(
                    "unexpected message from the Python process: {other:?}"
                ))
            }
        }
    };
    if let Some(err) = &end {
        tracing::warn!(script = %iso.code.script_name, version = %iso.code.version_id, "{err}");
        iso.kill(Death::Crashed);
    }
    let (reason, pending) = {
        let mut st = iso.state.lock().unwrap();
        let reason = st.kill_reason.unwrap_or(Death::Crashed);
        st.dead = Some(reason);
        (reason, std::mem::take(&mut st.requests))
    };
    if reason == Death::Crashed && end.is_none() {
        tracing::warn!(
            script = %iso.code.script_name,
            version = %iso.code.version_id,
            pid = iso.pid,
            in_flight = pending.len(),
            "python isolate exited unexpectedly"
        );
    }
    for (_, r) in pending {
        if let Some(tx) = r.responder {
            let _ = tx.send(Outcome::Failed(reason.failure()));
        }
    }
    // Make sure the process is gone even if it only closed its channel.
    signal(iso.pidfd.as_ref());
    if let Some(shared) = shared.upgrade() {
        shared.forget(&iso);
    }
}

#[allow(clippy::too_many_arguments)]
fn subrequest(
    iso: &Arc<Isolate>,
    shared: &Arc<Shared>,
    rid: Option<u64>,
    sid: u64,
    service: Option<String>,
    method: String,
    url: String,
    headers: protocol::WireHeaders,
    body: Bytes,
) {
    let fail = |error: String| iso.send(&ToIsolate::FetchErr { sid, error }, &[]);
    let Some(rid) = rid else {
        return fail(
            "fetch() and service bindings can only be used while handling a request".into(),
        );
    };
    {
        let mut st = iso.state.lock().unwrap();
        let Some(req) = st.requests.get_mut(&rid) else {
            return fail("the request this subrequest belongs to has finished".into());
        };
        req.subrequests += 1;
        if req.subrequests > iso.code.limits.subrequests {
            drop(st);
            return fail("Too many subrequests.".into());
        }
    }
    let target = match service {
        None => OutboundTarget::Internet,
        Some(binding) => {
            let found = iso.code.bindings.iter().find_map(|b| match b {
                RuntimeBinding::Service { name, service, .. } if *name == binding => {
                    Some(service.clone())
                }
                _ => None,
            });
            match found {
                Some(service) => OutboundTarget::Service { binding, service },
                None => return fail(format!("env.{binding} is not a service binding")),
            }
        }
    };
    let uri: http::Uri = match url.parse() {
        Ok(u) => u,
        Err(e) => return fail(format!("invalid URL {url:?}: {e}")),
    };
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return fail(format!(
            "fetch() supports http and https URLs only, not {url:?}"
        ));
    }
    if matches!(target, OutboundTarget::Internet) && !shared.config.egress_allow_private {
        if let Some(host) = uri.host() {
            if is_private_host(host) {
                return fail(format!(
                    "fetch() to a private address is not allowed: {host}"
                ));
            }
        }
    }
    let method = match http::Method::from_bytes(method.as_bytes()) {
        Ok(m) => m,
        Err(_) => return fail(format!("invalid method {method:?}")),
    };
    let mut req = http::Request::new(full(body));
    *req.method_mut() = method;
    *req.uri_mut() = uri;
    *req.headers_mut() = protocol::http_headers(&headers);
    let outbound: Arc<dyn Outbound> = shared.outbound.clone();
    let iso = iso.clone();
    let max_body = shared.config.max_body_bytes;
    tokio::spawn(async move {
        let resp = outbound.fetch(&iso.code, target, req).await;
        let (parts, body) = resp.into_parts();
        match crate::collect(body, max_body).await {
            Ok(collected) => iso.send(
                &ToIsolate::FetchRes {
                    sid,
                    status: parts.status.as_u16(),
                    headers: protocol::wire_headers(&parts.headers),
                },
                &collected,
            ),
            Err(e) => iso.send(
                &ToIsolate::FetchErr {
                    sid,
                    error: format!("reading the response body: {e}"),
                },
                &[],
            ),
        }
    });
}

/// Literal loopback, private, link-local or unspecified addresses, and `localhost`.
fn is_private_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") || h.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    match h.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(a)) => {
            a.is_loopback()
                || a.is_private()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || a.octets()[0] == 100 && (a.octets()[1] & 0xC0) == 64
        }
        Ok(std::net::IpAddr::V6(a)) => {
            let s = a.segments();
            a.is_loopback()
                || a.is_unspecified()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || a.to_ipv4_mapped()
                    .is_some_and(|v4| is_private_host(&v4.to_string()))
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn private_hosts() {
        for h in [
            "127.0.0.1",
            "10.1.2.3",
            "[::1]",
            "localhost",
            "169.254.169.254",
            "[fd00::1]",
        ] {
            assert!(super::is_private_host(h), "{h}");
        }
        for h in ["example.com", "93.184.216.34", "[2606:4700::1]"] {
            assert!(!super::is_private_host(h), "{h}");
        }
    }
}
