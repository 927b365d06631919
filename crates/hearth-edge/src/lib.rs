//! Hearth's data plane: serves HTTP traffic on `--edge-listen` to deployed Workers.
//!
//! A request's `Host` names a Worker (`<script>.<account-subdomain>.<workers-dev-domain>`) or one
//! of its versions (`<first 8 of version id>-<script>.<sub>.<domain>`); [`routes`] finds the
//! current deployment, [`select`] picks the version by percentages, and the runtime runs it.
//! HTTP/1.1 WebSocket upgrades answered by a Worker's 101 are completed and pumped by
//! `websocket.rs`.
//!
//! Architecture invariant: the edge reads the store only through its cache ([`routes::Routes`]),
//! which the control plane invalidates after each committed change.

pub mod client;
pub mod code;
pub mod routes;
pub mod scheduler;
pub mod select;
mod server;
mod websocket;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use hearth_python::{Outbound, OutboundTarget, PythonConfig, PythonHost};
use hearth_runtime::{Body, ModuleKind, Runtime, ServiceResolver, WorkerCode};
use hearth_store::Store;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use routes::{Routes, ScriptRoute};
use std::sync::{Arc, OnceLock, Weak};

pub use server::serve;

/// Edge settings.
#[derive(Debug, Clone)]
pub struct EdgeConfig {
    /// The workers.dev domain (e.g. `workers.localhost`).
    pub workers_dev_domain: String,
    /// `request.cf.colo`.
    pub colo: String,
    /// Take the client address from `X-Forwarded-For` (a trusted proxy in front) rather than
    /// from the TCP peer.
    pub trust_forwarded_for: bool,
    /// Extra CA certificates (PEM) trusted by Python Workers' `https://` fetches.
    pub egress_ca_pem: Vec<u8>,
}

/// The edge: routing cache plus the runtimes that run Workers (QuickJS for JavaScript, the
/// Python host for `text/x-python` Workers, started on first use).
pub struct Edge {
    config: EdgeConfig,
    routes: Arc<Routes>,
    runtime: OnceLock<Arc<Runtime>>,
    python_config: PythonConfig,
    python: OnceLock<Option<Arc<PythonHost>>>,
    /// Outbound HTTP for Python Workers' `fetch()`, under the same egress policy as JavaScript's.
    egress: OnceLock<hearth_runtime::HttpClient>,
    me: Weak<Edge>,
}

/// Is this version a Python Worker (its main module `text/x-python`)?
pub fn is_python(code: &WorkerCode) -> bool {
    code.modules
        .iter()
        .any(|m| m.name == code.main_module && m.kind == ModuleKind::Python)
}

/// A small text response with Cloudflare's error-page tone.
pub fn text_response(status: StatusCode, text: impl Into<String>) -> Response<Body> {
    let body = Full::new(Bytes::from(text.into()))
        .map_err(|never| match never {})
        .boxed();
    let mut r = Response::new(body);
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// What a host names.
#[derive(Debug, PartialEq, Eq)]
pub struct HostTarget<'a> {
    pub script: &'a str,
    pub subdomain: &'a str,
    /// Set for version preview hosts: the version id prefix.
    pub preview: Option<&'a str>,
}

/// Parses `Host` (port ignored) against the workers.dev domain.
pub fn parse_host<'a>(host: &'a str, domain: &str) -> Option<HostTarget<'a>> {
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let rest = host.strip_suffix(domain)?.strip_suffix('.')?;
    let (first, subdomain) = rest.split_once('.')?;
    if subdomain.contains('.') || first.is_empty() || subdomain.is_empty() {
        return None;
    }
    if let Some((prefix, script)) = first.split_once('-') {
        if prefix.len() == 8 && prefix.bytes().all(|b| b.is_ascii_hexdigit()) && !script.is_empty()
        {
            return Some(HostTarget {
                script: first,
                subdomain,
                preview: Some(prefix),
            })
            .map(|mut t| {
                t.script = script;
                t
            });
        }
    }
    Some(HostTarget {
        script: first,
        subdomain,
        preview: None,
    })
}

fn nothing_here() -> Response<Body> {
    text_response(
        StatusCode::NOT_FOUND,
        "There is nothing here yet. Error 1042: no Worker is deployed on this host, or its workers.dev route is disabled.\n",
    )
}

impl Edge {
    /// An edge over `store`; call [`Edge::set_runtime`] before serving.
    pub fn new(
        config: EdgeConfig,
        store: Arc<dyn Store>,
        python_config: PythonConfig,
    ) -> Arc<Edge> {
        Arc::new_cyclic(|me| Edge {
            config,
            routes: Arc::new(Routes::new(store)),
            runtime: OnceLock::new(),
            python_config,
            python: OnceLock::new(),
            egress: OnceLock::new(),
            me: me.clone(),
        })
    }

    /// The Python host, started on first use (`None`, logged once, if it cannot start here).
    pub fn python(&self) -> Option<Arc<PythonHost>> {
        self.python
            .get_or_init(|| {
                let outbound = Arc::new(EdgeOutbound(self.me.clone()));
                let start = || PythonHost::new(self.python_config.clone(), outbound);
                let host = match tokio::runtime::Handle::try_current() {
                    Ok(_) => tokio::task::block_in_place(start),
                    Err(_) => start(),
                };
                host.map(Arc::new)
                    .map_err(
                        |e| tracing::error!(error = %e, "the Python Workers host cannot start"),
                    )
                    .ok()
            })
            .clone()
    }

    /// Attaches the runtime (it needs the edge as its service resolver, hence two steps).
    pub fn set_runtime(&self, runtime: Arc<Runtime>) {
        let _ = self.runtime.set(runtime);
    }

    /// The QuickJS runtime, once attached.
    pub fn runtime(&self) -> Option<&Arc<Runtime>> {
        self.runtime.get()
    }

    /// The routing cache (for invalidation by the control plane).
    pub fn routes(&self) -> &Routes {
        &self.routes
    }

    /// Serves one request.
    pub async fn handle(&self, req: Request<Body>) -> Response<Body> {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            .or_else(|| req.uri().authority().map(|a| a.to_string()))
            .unwrap_or_default();
        let Some(target) = parse_host(&host, &self.config.workers_dev_domain) else {
            return nothing_here();
        };
        let Some(account) = self.routes.account_for_subdomain(target.subdomain) else {
            return nothing_here();
        };
        let Some(route) = self.routes.script(&account, target.script) else {
            return nothing_here();
        };
        if !route.namespace.is_empty() {
            return nothing_here();
        }
        let version = match target.preview {
            Some(prefix) if route.previews_enabled => prefix.to_string(),
            Some(_) => return nothing_here(),
            None if route.subdomain_enabled => {
                let key = req
                    .headers()
                    .get(select::VERSION_KEY)
                    .and_then(|v| v.to_str().ok());
                let ov = req
                    .headers()
                    .get(select::VERSION_OVERRIDES)
                    .and_then(|v| v.to_str().ok());
                match select::choose(&route.deployment, &route.script_name, key, ov) {
                    Some(v) => v.to_string(),
                    None => return nothing_here(),
                }
            }
            None => return nothing_here(),
        };
        let Some(code) = self.routes.code(&route, &version) else {
            return nothing_here();
        };
        self.run(code, req, &host).await
    }

    async fn run(&self, code: Arc<WorkerCode>, req: Request<Body>, host: &str) -> Response<Body> {
        let (mut parts, body) = req.into_parts();
        let upgrade = websocket::take_upgrade(&mut parts);
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        if let Ok(uri) = format!("http://{host}{path}").parse() {
            parts.uri = uri;
        }
        let request_id = hearth_model::new_hex_id()[..16].to_string();
        client::annotate(&mut parts, &self.config, &request_id);
        let resp = self
            .invoke(code, Request::from_parts(parts, body), &request_id)
            .await;
        let mut resp = websocket::finish(resp, upgrade);
        if let Ok(v) = HeaderValue::from_str(&client::ray(&request_id, &self.config.colo)) {
            resp.headers_mut().insert("cf-ray", v);
        }
        resp
    }

    /// Runs one request on the right runtime for the code (JavaScript or Python).
    async fn invoke(
        &self,
        code: Arc<WorkerCode>,
        req: Request<Body>,
        request_id: &str,
    ) -> Response<Body> {
        if is_python(&code) {
            return match self.python() {
                Some(p) => p.invoke(code, req, request_id).await,
                None => text_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Error 1101: this is a Python Worker, and Hearth's Python host could not start (see the log).\n",
                ),
            };
        }
        match self.runtime.get() {
            Some(runtime) => runtime.invoke(code, req, request_id).await,
            None => text_response(
                StatusCode::SERVICE_UNAVAILABLE,
                "Hearth's runtime is not started\n",
            ),
        }
    }

    /// A Python Worker's `fetch()` to the internet (`http://` and `https://`, as for JavaScript
    /// Workers), with loopback, private and link-local destinations refused unless allowed.
    async fn egress_fetch(&self, req: Request<Body>) -> Response<Body> {
        if !matches!(req.uri().scheme_str(), Some("http" | "https")) {
            return text_response(
                StatusCode::BAD_GATEWAY,
                format!(
                    "fetch() to {} is not supported: http:// and https:// only\n",
                    req.uri()
                ),
            );
        }
        let client = self.egress.get_or_init(|| {
            let policy = hearth_runtime::EgressPolicy {
                allow_private: self.python_config.egress_allow_private,
                extra_ca_pem: self.config.egress_ca_pem.clone(),
            };
            hearth_runtime::egress_client(Arc::new(policy))
        });
        match client.request(req).await {
            Ok(resp) => resp.map(|b| {
                b.map_err(|e| Box::new(e) as hearth_runtime::BoxError)
                    .boxed()
            }),
            Err(e) => text_response(StatusCode::BAD_GATEWAY, format!("fetch() failed: {e}\n")),
        }
    }

    /// Resolves a service binding to the current code of a Worker of the same account.
    fn resolve_service(&self, account_id: &str, service: &str) -> Option<Arc<WorkerCode>> {
        let route: Arc<ScriptRoute> = self.routes.script(account_id, service)?;
        if !route.namespace.is_empty() {
            return None;
        }
        let v = select::choose(&route.deployment, &route.script_name, None, None)?.to_string();
        self.routes.code(&route, &v)
    }
}

/// The Python host's view of the edge: service bindings run the target Worker (JavaScript or
/// Python) of the same account.
pub struct EdgeOutbound(pub Weak<Edge>);

impl Outbound for EdgeOutbound {
    fn fetch(
        &self,
        code: &WorkerCode,
        target: OutboundTarget,
        req: Request<Body>,
    ) -> BoxFuture<'static, Response<Body>> {
        let edge = self.0.upgrade();
        let account = code.account_id.clone();
        Box::pin(async move {
            let Some(edge) = edge else {
                return text_response(StatusCode::SERVICE_UNAVAILABLE, "Hearth is shutting down\n");
            };
            match target {
                OutboundTarget::Service { service, .. } => {
                    match edge.resolve_service(&account, &service) {
                        Some(code) => {
                            let request_id = hearth_model::new_hex_id()[..16].to_string();
                            edge.invoke(code, req, &request_id).await
                        }
                        None => text_response(
                            StatusCode::BAD_GATEWAY,
                            format!("Service binding target '{service}' is not deployed\n"),
                        ),
                    }
                }
                OutboundTarget::Internet => edge.egress_fetch(req).await,
            }
        })
    }
}

/// The runtime's view of the edge for service bindings.
pub struct EdgeResolver(pub std::sync::Weak<Edge>);

impl ServiceResolver for EdgeResolver {
    fn resolve(&self, account_id: &str, service: &str) -> Option<Arc<WorkerCode>> {
        self.0.upgrade()?.resolve_service(account_id, service)
    }

    fn run_elsewhere(
        &self,
        code: &Arc<WorkerCode>,
        req: Request<Body>,
        request_id: &str,
    ) -> Result<BoxFuture<'static, Response<Body>>, Request<Body>> {
        let edge = match self.0.upgrade() {
            Some(edge) if is_python(code) => edge,
            _ => return Err(req),
        };
        let (code, request_id) = (code.clone(), request_id.to_string());
        Ok(Box::pin(async move {
            edge.invoke(code, req, &request_id).await
        }))
    }

    fn resolve_dispatch(
        &self,
        account_id: &str,
        namespace: &str,
        script: &str,
    ) -> Option<Arc<WorkerCode>> {
        if namespace.is_empty() {
            return None;
        }
        let edge = self.0.upgrade()?;
        let route = edge.routes.script_in(account_id, namespace, script)?;
        let v = select::choose(&route.deployment, &route.script_name, None, None)?.to_string();
        edge.routes.code(&route, &v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let d = "workers.localhost";
        assert_eq!(
            parse_host("my-worker.acme.workers.localhost:8080", d),
            Some(HostTarget {
                script: "my-worker",
                subdomain: "acme",
                preview: None
            })
        );
        assert_eq!(
            parse_host("1a2b3c4d-my-worker.acme.workers.localhost", d),
            Some(HostTarget {
                script: "my-worker",
                subdomain: "acme",
                preview: Some("1a2b3c4d")
            })
        );
        assert_eq!(parse_host("acme.workers.localhost", d), None);
        assert_eq!(parse_host("a.b.acme.workers.localhost", d), None);
        assert_eq!(parse_host("x.acme.evilworkers.localhost", d), None);
    }
}
