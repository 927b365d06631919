//! WebSocket upgrades through the edge.
//!
//! A request with `Upgrade: websocket` (HTTP/1.1) keeps hyper's upgrade handle aside while the
//! Worker runs. When the Worker answers 101 with a WebSocket, the runtime puts a
//! [`WebSocketLink`] in the response's extensions; the edge completes the handshake
//! (`Sec-WebSocket-Accept`), and once hyper hands over the connection a task pumps frames both
//! ways between the client and the isolate ([`hearth_runtime::websocket::pump`]: tungstenite does
//! the framing, answers pings and the client's close; messages and frames are capped at 1 MiB).

use hearth_runtime::websocket::{self, LinkEnds};
use hearth_runtime::{Body, WebSocketLink, WsFrame};
use http::request::Parts;
use http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;

/// An upgrade the client asked for, kept while the Worker runs.
pub struct PendingUpgrade {
    on: OnUpgrade,
    key: HeaderValue,
}

fn has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers.get_all(name).iter().any(|v| {
        v.to_str()
            .map(|s| s.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
            .unwrap_or(false)
    })
}

/// Takes hyper's upgrade handle when the request is a WebSocket handshake (HTTP/1.1 `GET` with
/// `Upgrade: websocket`, `Connection: upgrade`, version 13 and a key).
pub fn take_upgrade(parts: &mut Parts) -> Option<PendingUpgrade> {
    let h = &parts.headers;
    let wanted = parts.method == http::Method::GET
        && has_token(h, header::UPGRADE, "websocket")
        && has_token(h, header::CONNECTION, "upgrade")
        && h.get(header::SEC_WEBSOCKET_VERSION).map(|v| v.as_bytes()) == Some(b"13");
    let key = h.get(header::SEC_WEBSOCKET_KEY)?.clone();
    if !wanted {
        return None;
    }
    let on = parts.extensions.remove::<OnUpgrade>()?;
    Some(PendingUpgrade { on, key })
}

/// Turns the Worker's response into what the client gets: a completed handshake (and a pump task)
/// for a 101 with a WebSocket, an error for a 101 the edge cannot honour, else the response as is.
pub fn finish(mut resp: Response<Body>, upgrade: Option<PendingUpgrade>) -> Response<Body> {
    let link = resp.extensions_mut().remove::<WebSocketLink>();
    let status = resp.status();
    match (link, upgrade) {
        (Some(link), Some(up)) if status == StatusCode::SWITCHING_PROTOCOLS => {
            let Some(ends) = link.take() else {
                return crate::text_response(StatusCode::INTERNAL_SERVER_ERROR, "WebSocket already taken\n");
            };
            let accept = derive_accept_key(up.key.as_bytes());
            let h = resp.headers_mut();
            h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
            h.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
            if let Ok(v) = HeaderValue::from_str(&accept) {
                h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
            }
            h.remove(header::CONTENT_LENGTH);
            tokio::spawn(pump(up.on, ends));
            resp
        }
        // Dropping the link tells the Worker's socket that the client is gone.
        (Some(_), _) if status == StatusCode::SWITCHING_PROTOCOLS => crate::text_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Error 1101: the Worker returned a WebSocket, but this request cannot be upgraded (only HTTP/1.1 requests with \"Upgrade: websocket\" can)\n",
        ),
        (_, _) if status == StatusCode::SWITCHING_PROTOCOLS => crate::text_response(
            StatusCode::BAD_GATEWAY,
            "Error 1101: the Worker answered 101 Switching Protocols without a WebSocket\n",
        ),
        _ => resp,
    }
}

/// Waits for hyper to hand over the connection, then pumps frames until both sides closed.
async fn pump(on: OnUpgrade, ends: LinkEnds) {
    match on.await {
        Ok(upgraded) => {
            let ws = websocket::pump::stream(TokioIo::new(upgraded), Role::Server).await;
            websocket::pump::pump(ws, ends).await;
        }
        Err(e) => {
            tracing::debug!(error = %e, "WebSocket upgrade failed");
            let _ = ends.to_worker.send(WsFrame::Gone).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Request;

    #[test]
    fn upgrade_tokens() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONNECTION,
            HeaderValue::from_static("keep-alive, Upgrade"),
        );
        h.insert(header::UPGRADE, HeaderValue::from_static("WebSocket"));
        assert!(has_token(&h, header::CONNECTION, "upgrade"));
        assert!(has_token(&h, header::UPGRADE, "websocket"));
        assert!(!has_token(&h, header::UPGRADE, "h2c"));
    }

    #[test]
    fn no_upgrade_without_hypers_handle_or_the_headers() {
        let req = Request::get("/")
            .header("upgrade", "websocket")
            .header("connection", "upgrade")
            .header("sec-websocket-version", "13")
            .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
            .body(())
            .unwrap();
        let (mut parts, _) = req.into_parts();
        assert!(
            take_upgrade(&mut parts).is_none(),
            "not an upgradable connection"
        );
        let (mut parts, _) = Request::get("/").body(()).unwrap().into_parts();
        assert!(take_upgrade(&mut parts).is_none());
    }

    #[test]
    fn a_101_without_a_websocket_is_a_502_and_others_pass() {
        let mut r = crate::text_response(StatusCode::OK, "x");
        *r.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        assert_eq!(finish(r, None).status(), StatusCode::BAD_GATEWAY);
        let r = crate::text_response(StatusCode::OK, "x");
        assert_eq!(finish(r, None).status(), StatusCode::OK);
    }
}
