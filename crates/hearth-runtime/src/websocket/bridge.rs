//! WebSockets across Worker-to-Worker calls (service bindings, dispatch namespaces): a 101 with a
//! WebSocket from the called Worker becomes a socket of the calling isolate, its channels bridged
//! to the callee's, so the caller can accept() it or return it to the edge in turn.

use super::{deliver, LinkEnds, SocketTable, SocketTask, WebSocketLink, WsFrame};
use crate::fetch::body::Body;
use http::{Response, StatusCode};
use rquickjs::{Ctx, Function};
use std::rc::Rc;

/// Takes the WebSocket out of a called Worker's 101 (if any) and bridges it to a new socket of
/// this isolate, kept until JS claims it (`native.wsListen`). Returns the new socket's id. A
/// WebSocket on any other status is dropped (the callee sees it gone).
pub(crate) fn adopt(table: &Rc<SocketTable>, resp: &mut Response<Body>) -> Option<u32> {
    let link = resp.extensions_mut().remove::<WebSocketLink>()?;
    if resp.status() != StatusCode::SWITCHING_PROTOCOLS {
        return None;
    }
    let theirs = link.take()?;
    let (mine, task) = table.new_socket();
    let id = task.id;
    tokio::spawn(bridge(theirs, mine));
    table.unclaimed.borrow_mut().insert(id, task);
    Some(id)
}

/// Delivers a socket's frames to JS from a future the QuickJS runtime owns (charged like other
/// background work; dropped with the isolate), then forgets the socket.
pub(crate) fn spawn_delivery<'js>(
    ctx: &Ctx<'js>,
    table: &Rc<SocketTable>,
    task: SocketTask,
    deliver_fn: Function<'js>,
) {
    let (c, table) = (ctx.clone(), table.clone());
    ctx.spawn(async move {
        let SocketTask { id, mut rx } = task;
        loop {
            let frame = rx.recv().await.unwrap_or(WsFrame::Gone);
            let last = matches!(frame, WsFrame::Close { .. } | WsFrame::Gone);
            if deliver(&c, &deliver_fn, id, frame).is_err() {
                let _ = c.catch();
            }
            if last {
                break;
            }
        }
        table.forget(id);
    });
}

/// Moves frames between two isolates' socket channels until both directions have ended (a
/// close, or a side gone, which the other side learns as `Gone`).
async fn bridge(a: LinkEnds, b: LinkEnds) {
    let LinkEnds {
        to_worker: a_in,
        from_worker: mut a_out,
    } = a;
    let LinkEnds {
        to_worker: b_in,
        from_worker: mut b_out,
    } = b;
    let (mut a_open, mut b_open) = (true, true);
    while a_open || b_open {
        tokio::select! {
            f = a_out.recv(), if a_open => {
                let f = f.unwrap_or(WsFrame::Gone);
                a_open = !matches!(f, WsFrame::Close { .. } | WsFrame::Gone);
                if b_in.send(f).await.is_err() {
                    a_open = false;
                }
            }
            f = b_out.recv(), if b_open => {
                let f = f.unwrap_or(WsFrame::Gone);
                b_open = !matches!(f, WsFrame::Close { .. } | WsFrame::Gone);
                if a_in.send(f).await.is_err() {
                    b_open = false;
                }
            }
        }
    }
}
