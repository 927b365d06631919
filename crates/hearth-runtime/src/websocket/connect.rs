//! Outbound WebSockets: a Worker's `fetch(url, {headers: {Upgrade: "websocket"}})`. The handshake
//! goes through the isolate's outbound HTTP client (so the egress policy applies, and only
//! `ws://`/`http://` work: Hearth has no TLS client yet); a 101 with the right
//! `Sec-WebSocket-Accept` gives the upgraded connection, anything else is an ordinary response.

use crate::config::EgressPolicy;
use crate::fetch::body::{self, Body};
use crate::fetch::client::HttpClient;
use crate::fetch::egress;
use http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use hyper::upgrade::Upgraded;
use std::net::IpAddr;
use std::sync::Arc;
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;

/// What the server answered.
pub enum Connected {
    /// 101 with a valid accept key: the response head (empty body) and the connection.
    Upgraded(Response<Body>, Upgraded),
    /// Any other answer, as an ordinary response.
    Refused(Response<Body>),
}

/// Performs the client handshake for `url` with the Worker's `headers` (its own `Upgrade`,
/// `Connection` and `Sec-WebSocket-*` headers are replaced). Errors are TypeError messages.
pub async fn connect(
    client: HttpClient,
    policy: Arc<EgressPolicy>,
    url: &str,
    mut headers: HeaderMap,
) -> Result<Connected, String> {
    let mut target =
        url::Url::parse(url).map_err(|_| format!("Fetch API cannot load: {url}: invalid URL"))?;
    match target.scheme() {
        "http" => {}
        "ws" => {
            let _ = target.set_scheme("http");
        }
        "https" | "wss" => {
            return Err(format!(
            "Fetch API cannot load: {url}: Hearth has no TLS client yet (ws:// and http:// only)"
        ))
        }
        s => {
            return Err(format!(
                "Fetch API cannot load: {url}: scheme '{s}' is not supported"
            ))
        }
    }
    let host = target
        .host_str()
        .unwrap_or("")
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    if let Ok(ip) = host.parse::<IpAddr>() {
        if !egress::allowed(&policy, ip) {
            return Err(format!(
                "Fetch API cannot load: {url}: egress to non-public address {ip} refused"
            ));
        }
    }
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
        .map_err(|e| format!("Network connection lost: {e}"))?;
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
