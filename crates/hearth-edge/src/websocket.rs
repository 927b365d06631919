//! WebSocket upgrades through the edge.
//!
//! A request with `Upgrade: websocket` (HTTP/1.1) keeps hyper's upgrade handle aside while the
//! Worker runs. When the Worker answers 101 with a WebSocket, the runtime puts a
//! [`WebSocketLink`] in the response's extensions; the edge completes the handshake
//! (`Sec-WebSocket-Accept`), and once hyper hands over the connection a task pumps frames both
//! ways between the client and the isolate (tungstenite does the framing, answers pings and the
//! client's close). Messages and frames are capped at [`MAX_MESSAGE_BYTES`] (1009 beyond).

use futures_util::{SinkExt, StreamExt};
use hearth_runtime::websocket::{LinkEnds, MAX_MESSAGE_BYTES};
use hearth_runtime::{Body, WebSocketLink, WsFrame};
use http::request::Parts;
use http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use std::time::Duration;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::WebSocketStream;

/// How long the edge waits for the client to answer a close the Worker started.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

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

fn config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE_BYTES))
        .max_frame_size(Some(MAX_MESSAGE_BYTES))
}

fn close_message(code: u16, reason: &str) -> Message {
    if code == 1005 {
        return Message::Close(None);
    }
    Message::Close(Some(CloseFrame {
        code: CloseCode::from(code),
        reason: reason.into(),
    }))
}

/// Moves frames between the upgraded client connection and the Worker until both have closed.
async fn pump(on: OnUpgrade, ends: LinkEnds) {
    let LinkEnds {
        to_worker,
        mut from_worker,
    } = ends;
    let upgraded = match on.await {
        Ok(u) => u,
        Err(e) => {
            tracing::debug!(error = %e, "WebSocket upgrade failed");
            let _ = to_worker.send(WsFrame::Gone).await;
            return;
        }
    };
    let mut ws =
        WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config()))
            .await;
    // `worker_open`: the Worker may still send; `told`: the Worker has had the client's close
    // (or learnt that the client is gone).
    let (mut worker_open, mut told) = (true, false);
    let closing = tokio::time::sleep(CLOSE_TIMEOUT);
    tokio::pin!(closing);
    loop {
        tokio::select! {
            msg = ws.next() => {
                let (frame, over) = match msg {
                    Some(Ok(Message::Text(t))) => (WsFrame::Text(t.as_str().to_owned()), false),
                    Some(Ok(Message::Binary(b))) => (WsFrame::Binary(b), false),
                    Some(Ok(Message::Close(f))) => {
                        let (code, reason) = f
                            .map(|f| (u16::from(f.code), f.reason.as_str().to_owned()))
                            .unwrap_or((1005, String::new()));
                        (WsFrame::Close { code, reason }, false)
                    }
                    Some(Ok(_)) => continue, // ping/pong: tungstenite answers pings itself
                    Some(Err(WsError::Capacity(_))) => {
                        let _ = ws.send(close_message(1009, "Message too big")).await;
                        (WsFrame::Close { code: 1009, reason: "Message too big".into() }, true)
                    }
                    Some(Err(_)) | None => (WsFrame::Gone, true),
                };
                if !told {
                    told = matches!(frame, WsFrame::Close { .. } | WsFrame::Gone);
                    if to_worker.send(frame).await.is_err() {
                        told = true;
                    }
                }
                if over {
                    break;
                }
            }
            out = from_worker.recv(), if worker_open => {
                let msg = match out {
                    Some(WsFrame::Text(s)) => Message::Text(s.into()),
                    Some(WsFrame::Binary(b)) => Message::Binary(b),
                    Some(WsFrame::Close { code, reason }) => {
                        worker_open = false;
                        closing.as_mut().reset(tokio::time::Instant::now() + CLOSE_TIMEOUT);
                        close_message(code, &reason)
                    }
                    Some(WsFrame::Gone) | None => {
                        worker_open = false;
                        closing.as_mut().reset(tokio::time::Instant::now() + CLOSE_TIMEOUT);
                        close_message(1011, "The Worker's WebSocket ended")
                    }
                };
                if ws.send(msg).await.is_err() && told {
                    break;
                }
            }
            _ = &mut closing, if !worker_open => break,
        }
    }
    if !told {
        let _ = to_worker.send(WsFrame::Gone).await;
    }
}
