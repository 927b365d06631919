//! Moves frames between a WebSocket connection (tungstenite) and a Worker's socket channels, for
//! both the edge (server role, an upgraded client connection) and outbound sockets (client role).

use super::{LinkEnds, WsFrame, MAX_MESSAGE_BYTES};
use futures_util::{SinkExt, StreamExt};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::WebSocketStream;

/// How long a Worker's close waits for the other side's answer before the connection is dropped.
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

fn config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE_BYTES))
        .max_frame_size(Some(MAX_MESSAGE_BYTES))
}

/// Wraps an established connection (the handshake is done) with Hearth's limits.
pub async fn stream<S: AsyncRead + AsyncWrite + Unpin>(io: S, role: Role) -> WebSocketStream<S> {
    WebSocketStream::from_raw_socket(io, role, Some(config())).await
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

/// Pumps frames both ways until both sides have closed (or one is gone): the peer's messages
/// and close go to the Worker (`Gone` if the connection ends without a close; a message over
/// [`MAX_MESSAGE_BYTES`] closes with 1009); the Worker's go to the peer (a Worker end that
/// disappears without closing is closed with 1011). tungstenite answers pings and the peer's
/// close itself.
pub async fn pump<S: AsyncRead + AsyncWrite + Unpin>(mut ws: WebSocketStream<S>, ends: LinkEnds) {
    let LinkEnds {
        to_worker,
        mut from_worker,
    } = ends;
    // `worker_open`: the Worker may still send; `told`: the Worker has had the peer's close (or
    // learnt that the peer is gone).
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
