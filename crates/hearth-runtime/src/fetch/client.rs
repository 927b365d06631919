//! Outbound `fetch`: Hearth's own hyper-util client behind the egress policy, with redirects,
//! the per-request subrequest limit and streaming bodies in both directions.

use super::body::{self, Body};
use super::egress::{self, PolicyResolver};
use super::{body_to_js, bytes_of, BodyHandle};
use crate::isolate::IsolateShared;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rquickjs::{Array, Class, Ctx, Exception, Function, Object, Promise, Result, Value};
use std::rc::Rc;
use std::sync::Arc;

/// The outbound HTTP(S) client of one isolate thread.
pub type HttpClient = Client<HttpsConnector<HttpConnector<PolicyResolver>>, Body>;

/// Builds a client whose DNS answers pass through the egress policy, speaking `http://` and
/// `https://` (rustls; see `tls.rs`), HTTP/2 when the server offers it.
pub fn new_client(policy: Arc<crate::config::EgressPolicy>) -> HttpClient {
    build_client(policy, true)
}

/// Like [`new_client`] but HTTP/1.1 only, for WebSocket handshakes (an `Upgrade` needs
/// HTTP/1.1; a TLS server must not pick h2 by ALPN).
pub fn new_http1_client(policy: Arc<crate::config::EgressPolicy>) -> HttpClient {
    build_client(policy, false)
}

fn build_client(policy: Arc<crate::config::EgressPolicy>, http2: bool) -> HttpClient {
    let tls = super::tls::client_config(&policy);
    let mut connector = HttpConnector::new_with_resolver(PolicyResolver { policy });
    connector.set_nodelay(true);
    connector.set_connect_timeout(Some(std::time::Duration::from_secs(30)));
    connector.enforce_http(false);
    let builder = HttpsConnectorBuilder::new()
        .with_tls_config((*tls).clone())
        .https_or_http();
    let https = if http2 {
        builder
            .enable_http1()
            .enable_http2()
            .wrap_connector(connector)
    } else {
        builder.enable_http1().wrap_connector(connector)
    };
    Client::builder(TokioExecutor::new()).build(https)
}

/// The body of an outbound request as JS handed it over.
pub enum OutBody {
    Empty,
    Bytes(Bytes),
    Stream(Body),
}

impl OutBody {
    fn from_js<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> Result<OutBody> {
        if v.is_null() || v.is_undefined() {
            return Ok(OutBody::Empty);
        }
        if let Some(s) = v.as_string() {
            return Ok(OutBody::Bytes(Bytes::from(s.to_string()?)));
        }
        if let Some(obj) = v.as_object() {
            if let Some(h) = Class::<BodyHandle>::from_object(obj) {
                return match h.borrow().take() {
                    Some(b) => Ok(OutBody::Stream(b)),
                    None => Err(Exception::throw_type(ctx, "Body has already been used.")),
                };
            }
        }
        if let Some(obj) = v.as_object() {
            if obj.contains_key("read").unwrap_or(false) {
                // A stream reader: streamed out chunk by chunk.
                return Ok(OutBody::Stream(super::js_to_body(ctx, v.clone())?));
            }
        }
        match bytes_of(v) {
            Some(b) => Ok(OutBody::Bytes(Bytes::from(b))),
            None => Err(Exception::throw_type(ctx, "unsupported body type")),
        }
    }

    /// A body for one attempt, and what is left for a replay after a 307/308 redirect.
    fn attempt(&mut self) -> Body {
        match std::mem::replace(self, OutBody::Empty) {
            OutBody::Empty => body::empty(),
            OutBody::Bytes(b) => {
                *self = OutBody::Bytes(b.clone());
                body::full(b)
            }
            OutBody::Stream(s) => s,
        }
    }
}

/// An outbound request as parsed from JS.
pub struct OutRequest {
    pub method: Method,
    pub url: url::Url,
    pub headers: HeaderMap,
    pub body: OutBody,
    pub redirect: String,
}

/// Parses the arguments the glue passes to `native.fetch` / `native.serviceFetch`.
pub fn parse_request<'js>(
    ctx: &Ctx<'js>,
    method: String,
    url: String,
    headers: Vec<String>,
    body: Value<'js>,
    redirect: Option<String>,
) -> Result<OutRequest> {
    let method = Method::from_bytes(method.as_bytes()).map_err(|_| {
        Exception::throw_type(ctx, &format!("Invalid HTTP method string: {method}"))
    })?;
    let url = url::Url::parse(&url)
        .map_err(|_| Exception::throw_type(ctx, &format!("Invalid URL: {url}")))?;
    let mut map = HeaderMap::new();
    for pair in headers.chunks(2) {
        if let [n, v] = pair {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(n.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                map.append(n, v);
            }
        }
    }
    let body = OutBody::from_js(ctx, &body)?;
    Ok(OutRequest {
        method,
        url,
        headers: map,
        body,
        redirect: redirect.unwrap_or_else(|| "follow".into()),
    })
}

/// Counts one subrequest against the request currently running in the isolate.
pub fn charge_subrequest(ctx: &Ctx<'_>, shared: &IsolateShared) -> Result<()> {
    let Some(budget) = shared.meter.attributed() else {
        return Ok(()); // background work (timers) is not attributed to a request
    };
    let left = budget.subrequests_left.get();
    if left == 0 {
        return Err(Exception::throw_type(
            ctx,
            "Too many subrequests by single Worker invocation. To configure this limit, refer to https://developers.cloudflare.com/workers/wrangler/configuration/#limits",
        ));
    }
    budget.subrequests_left.set(left - 1);
    Ok(())
}

/// Converts a response into the `[status, statusText, flatHeaders, body, url, redirected]` tuple
/// the glue expects.
pub fn response_to_js<'js>(
    ctx: &Ctx<'js>,
    resp: Response<Body>,
    url: &str,
    redirected: bool,
) -> Result<Array<'js>> {
    let (parts, body) = resp.into_parts();
    let out = Array::new(ctx.clone())?;
    out.set(0, parts.status.as_u16())?;
    out.set(1, parts.status.canonical_reason().unwrap_or(""))?;
    let flat = Array::new(ctx.clone())?;
    let mut i = 0;
    for (n, v) in parts.headers.iter() {
        flat.set(i, n.as_str())?;
        flat.set(i + 1, String::from_utf8_lossy(v.as_bytes()).as_ref())?;
        i += 2;
    }
    out.set(2, flat)?;
    out.set(3, body_to_js(ctx, body)?)?;
    out.set(4, url)?;
    out.set(5, redirected)?;
    Ok(out)
}

enum FetchError {
    Type(String),
}

async fn send(
    client: HttpClient,
    policy: Arc<crate::config::EgressPolicy>,
    mut req: OutRequest,
) -> std::result::Result<(Response<Body>, String, bool), FetchError> {
    let mut redirected = false;
    for _ in 0..20 {
        match req.url.scheme() {
            "http" | "https" => {}
            s => {
                return Err(FetchError::Type(format!(
                    "Fetch API cannot load: {}: scheme '{s}' is not supported",
                    req.url
                )))
            }
        }
        egress::check_ip_literal(&policy, &req.url).map_err(FetchError::Type)?;
        let mut builder = Request::builder()
            .method(req.method.clone())
            .uri(req.url.as_str());
        if let Some(h) = builder.headers_mut() {
            *h = req.headers.clone();
            h.remove(http::header::HOST);
            h.remove(http::header::CONNECTION);
            h.remove(http::header::TRANSFER_ENCODING);
        }
        let r = builder
            .body(req.body.attempt())
            .map_err(|e| FetchError::Type(format!("Invalid request: {e}")))?;
        let resp = client.request(r).await.map_err(|e| {
            FetchError::Type(format!("Network connection lost: {}", error_chain(&e)))
        })?;
        let status = resp.status();
        let location = resp
            .headers()
            .get(http::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        if !status.is_redirection()
            || location.is_none()
            || req.redirect == "manual"
            || status == StatusCode::NOT_MODIFIED
        {
            return Ok((
                resp.map(|b| {
                    http_body_util::BodyExt::boxed(http_body_util::BodyExt::map_err(
                        b,
                        |e| -> body::BoxError { Box::new(e) },
                    ))
                }),
                req.url.to_string(),
                redirected,
            ));
        }
        if req.redirect == "error" {
            return Err(FetchError::Type(
                "Redirect occurred but request redirect mode was 'error'".into(),
            ));
        }
        let next = req
            .url
            .join(location.as_deref().unwrap_or(""))
            .map_err(|_| FetchError::Type("Invalid redirect location".into()))?;
        if status == StatusCode::SEE_OTHER
            || ((status == StatusCode::MOVED_PERMANENTLY || status == StatusCode::FOUND)
                && req.method == Method::POST)
        {
            if req.method != Method::HEAD {
                req.method = Method::GET;
            }
            req.body = OutBody::Empty;
            req.headers.remove(http::header::CONTENT_TYPE);
            req.headers.remove(http::header::CONTENT_LENGTH);
        } else if matches!(req.body, OutBody::Stream(_)) {
            return Err(FetchError::Type(
                "Cannot follow a redirect with a streamed request body".into(),
            ));
        }
        req.url = next;
        redirected = true;
    }
    Err(FetchError::Type("Too many redirects".into()))
}

/// An error and its sources, `: `-separated (e.g. a TLS failure under "client error (Connect)").
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Adds `native.fetch`.
pub fn install<'js>(
    ctx: &Ctx<'js>,
    native: &Object<'js>,
    shared: &Rc<IsolateShared>,
) -> Result<()> {
    let shared = shared.clone();
    native.set(
        "fetch",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  method: String,
                  url: String,
                  headers: Vec<String>,
                  body: Value<'js>,
                  redirect: Option<String>|
                  -> Result<Promise<'js>> {
                charge_subrequest(&ctx, &shared)?;
                let req = parse_request(&ctx, method, url, headers, body, redirect)?;
                // Workers for Platforms: a user Worker's fetch() goes through the outbound Worker.
                let attributed = shared.meter.attributed();
                if let Some(out) = attributed
                    .as_ref()
                    .and_then(|b| b.outbound.borrow().clone())
                {
                    let req = crate::bindings::to_request(req)
                        .map_err(|e| Exception::throw_type(&ctx, &e))?;
                    let runtime = shared.host.runtime();
                    let request_id = attributed
                        .as_ref()
                        .map(|b| b.request_id.clone())
                        .unwrap_or_default();
                    let depth = attributed.as_ref().map(|b| b.depth.get()).unwrap_or(0) + 1;
                    let ctx2 = ctx.clone();
                    return Promise::wrap_future(&ctx, async move {
                        let Some(runtime) = runtime else {
                            return Err(Exception::throw_type(
                                &ctx2,
                                "the runtime is shutting down",
                            ));
                        };
                        let url = req.uri().to_string();
                        let resp = runtime
                            .invoke_nested(out, None, req, &request_id, depth, Default::default())
                            .await;
                        response_to_js(&ctx2, resp, &url, false)
                    });
                }
                let client = shared.host.client();
                let policy = shared.host.policy.clone();
                let ctx2 = ctx.clone();
                Promise::wrap_future(&ctx, async move {
                    match send(client, policy, req).await {
                        Ok((resp, url, redirected)) => {
                            response_to_js(&ctx2, resp, &url, redirected)
                        }
                        Err(FetchError::Type(msg)) => Err(Exception::throw_type(&ctx2, &msg)),
                    }
                })
            },
        )?,
    )?;
    Ok(())
}
