//! Outbound WebSockets: a Worker's `fetch(url, {headers: {Upgrade: "websocket"}})`. The handshake
//! goes through the isolate's HTTP/1.1 outbound client (so the egress policy and the TLS trust
//! of `https://` fetches apply to `ws://`/`http://` and `wss://`/`https://`); a 101 with the right
//! `Sec-WebSocket-Accept` gives the upgraded connection, anything else is an ordinary response.

use super::pump;
use crate::config::EgressPolicy;
use crate::fetch::body::{self, Body};
use crate::fetch::client::{charge_subrequest, error_chain, response_to_js, HttpClient};
use crate::fetch::egress;
use crate::isolate::IsolateShared;
use http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use hyper::upgrade::Upgraded;
use rquickjs::{Array, Ctx, Exception, Promise, Result};
use std::rc::Rc;
use std::sync::Arc;
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;

/// What the server answered.
enum Connected {
    /// 101 with a valid accept key: the response head (empty body) and the connection.
    Upgraded(Response<Body>, Upgraded),
    /// Any other answer, as an ordinary response.
    Refused(Response<Body>),
}

/// Performs the client handshake for `url` with the Worker's `headers` (its own `Upgrade`,
/// `Connection` and `Sec-WebSocket-*` headers are replaced). Errors are TypeError messages.
async fn connect(
    client: HttpClient,
    policy: Arc<EgressPolicy>,
    url: &str,
    mut headers: HeaderMap,
) -> std::result::Result<Connected, String> {
    let mut target =
        url::Url::parse(url).map_err(|_| format!("Fetch API cannot load: {url}: invalid URL"))?;
    match target.scheme() {
        "http" | "https" => {}
        "ws" => {
            let _ = target.set_scheme("http");
        }
        "wss" => {
            let _ = target.set_scheme("https");
        }
        s => {
            return Err(format!(
                "Fetch API cannot load: {url}: scheme '{s}' is not supported"
            ))
        }
    }
    egress::check_ip_literal(&policy, &target)?;
    for h in [
        header::HOST,
        header::CONNECTION,
        header::UPGRADE,
        header::TRANSFER_ENCODING,
        header::CONTENT_LENGTH,
        header::SEC_WEBSOCKET_KEY,
        header::SEC_WEBSOCKET_VERSION,
        header::SEC_WEBSOCKET_EXTENSIONS,
    ] {
        headers.remove(h);
    }
    let key = generate_key();
    headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    headers.insert(
        header::SEC_WEBSOCKET_VERSION,
        HeaderValue::from_static("13"),
    );
    let key_value = HeaderValue::from_str(&key).map_err(|e| e.to_string())?;
    headers.insert(header::SEC_WEBSOCKET_KEY, key_value);
    let mut req = Request::builder()
        .method(Method::GET)
        .uri(target.as_str())
        .body(body::empty())
        .map_err(|e| format!("Invalid request: {e}"))?;
    *req.headers_mut() = headers;
    let mut resp = client
        .request(req)
        .await
        .map_err(|e| format!("Network connection lost: {}", error_chain(&e)))?;
    let as_body = |r: Response<hyper::body::Incoming>| {
        r.map(|b| {
            http_body_util::BodyExt::boxed(http_body_util::BodyExt::map_err(
                b,
                |e| -> body::BoxError { Box::new(e) },
            ))
        })
    };
    if resp.status() != StatusCode::SWITCHING_PROTOCOLS {
        return Ok(Connected::Refused(as_body(resp)));
    }
    let expected = derive_accept_key(key.as_bytes());
    let accepted = resp
        .headers()
        .get(header::SEC_WEBSOCKET_ACCEPT)
        .is_some_and(|v| v.as_bytes() == expected.as_bytes());
    if !accepted {
        return Err(format!(
            "Fetch API cannot load: {url}: the server's WebSocket handshake is invalid (Sec-WebSocket-Accept)"
        ));
    }
    let upgraded = hyper::upgrade::on(&mut resp)
        .await
        .map_err(|e| format!("Network connection lost: {e}"))?;
    let (parts, _) = resp.into_parts();
    Ok(Connected::Upgraded(
        Response::from_parts(parts, body::empty()),
        upgraded,
    ))
}

/// `native.wsConnect(url, flatHeaders)`: counts a subrequest, runs the handshake and resolves to
/// fetch's response tuple, with the socket's id at index 6 after a 101. The connection is pumped
/// by a task of its own; JS then starts delivery with `native.wsListen` (a future the QuickJS
/// runtime owns, so frames are charged like other background work and stop with the isolate).
pub(crate) fn start<'js>(
    ctx: &Ctx<'js>,
    shared: &Rc<IsolateShared>,
    url: String,
    flat: Vec<String>,
) -> Result<Promise<'js>> {
    let via_outbound_worker = shared
        .meter
        .attributed()
        .is_some_and(|b| b.outbound.borrow().is_some());
    if via_outbound_worker {
        return Err(Exception::throw_type(
            ctx,
            "fetch() with 'Upgrade: websocket' is not supported in a Worker with an outbound Worker",
        ));
    }
    charge_subrequest(ctx, shared)?;
    let mut headers = HeaderMap::new();
    for pair in flat.chunks(2) {
        if let [n, v] = pair {
            let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(n.as_bytes()),
                HeaderValue::from_str(v),
            ) else {
                return Err(Exception::throw_type(ctx, "Invalid header"));
            };
            headers.append(n, v);
        }
    }
    let (client, policy) = (shared.host.ws_client(), shared.host.policy.clone());
    let table = shared.sockets.clone();
    let ctx2 = ctx.clone();
    Promise::wrap_future(ctx, async move {
        let (resp, upgraded) = match connect(client, policy, &url, headers).await {
            Err(msg) => return Err(Exception::throw_type(&ctx2, &msg)),
            Ok(Connected::Refused(resp)) => (resp, None),
            Ok(Connected::Upgraded(resp, upgraded)) => (resp, Some(upgraded)),
        };
        let out: Array = response_to_js(&ctx2, resp, &url, false)?;
        let Some(upgraded) = upgraded else {
            return Ok(out);
        };
        let (ends, task) = table.new_socket();
        out.set(6, task.id)?;
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(upgraded);
            pump::pump(pump::stream(io, Role::Client).await, ends).await;
        });
        table.unclaimed.borrow_mut().insert(task.id, task);
        Ok(out)
    })
}
