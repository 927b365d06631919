//! WebSockets between the edge, other Workers, outbound connections and an isolate.
//!
//! A fetch handler that answers `new Response(null, {status: 101, webSocket: client})` hands the
//! client end to Rust (`native.wsOpen`, called by `internal.wsAttach` in `js/websocket.js`). That
//! opens two channels: frames the server end sends go to the edge (unbounded, but capped at
//! [`MAX_QUEUED_BYTES`] waiting), and frames from the edge come back to the isolate (bounded, so
//! a slow Worker slows the client's reads). The edge finds the other ends in the 101 response's
//! extensions ([`WebSocketLink`]); the isolate thread runs `Isolate::serve_socket` for the
//! isolate's end, which holds the isolate alive and delivers each frame as an event with its own
//! CPU budget.
//!
//! Outbound sockets (`fetch()` with `Upgrade: websocket`, `connect.rs`) and sockets from a called
//! Worker's 101 (`bridge.rs`) use the same channels. A connection's frames are moved by [`pump`]
//! (the edge: server role; outbound: client role).

pub(crate) mod bridge;
pub(crate) mod connect;
pub mod pump;

use crate::isolate::IsolateShared;
use bytes::Bytes;
use rquickjs::{ArrayBuffer, Ctx, Exception, Function, Object, Result, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub(crate) use bridge::adopt;
use tokio::sync::mpsc;

/// The largest message accepted from a client, and the largest frame (as Cloudflare: 1 MiB).
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;
/// Bytes a Worker may have queued for one client before `send()` throws.
pub const MAX_QUEUED_BYTES: usize = 16 << 20;
/// Frames from a client waiting for the isolate before the edge stops reading the connection.
const INBOUND_QUEUE: usize = 64;

/// One WebSocket message or event crossing between the edge and an isolate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WsFrame {
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Bytes),
    /// A close frame (1005: none given, sent without a body).
    Close { code: u16, reason: String },
    /// The other side went away without a close handshake.
    Gone,
}

/// Frames a Worker sent, for the edge to write to the client.
pub struct FromWorker {
    rx: mpsc::UnboundedReceiver<WsFrame>,
    queued: Arc<AtomicUsize>,
}

impl FromWorker {
    /// The next frame; `None` once the isolate's end is gone.
    pub async fn recv(&mut self) -> Option<WsFrame> {
        let f = self.rx.recv().await?;
        self.queued.fetch_sub(frame_len(&f), Ordering::Relaxed);
        Some(f)
    }
}

/// The edge's ends of one socket's channels.
pub struct LinkEnds {
    /// Frames from the client, delivered to the Worker in order (`Close`/`Gone` end the socket).
    pub to_worker: mpsc::Sender<WsFrame>,
    /// Frames from the Worker.
    pub from_worker: FromWorker,
}

/// Put in the extensions of a 101 response whose Worker returned a WebSocket: the edge takes the
/// ends once and pumps frames between them and the upgraded connection.
#[derive(Clone)]
pub struct WebSocketLink(Arc<Mutex<Option<LinkEnds>>>);

impl WebSocketLink {
    /// Takes the channel ends (`None` if already taken).
    pub fn take(&self) -> Option<LinkEnds> {
        self.0.lock().ok()?.take()
    }
}

/// The isolate's side of one attached socket, run by `Isolate::serve_socket`.
pub struct SocketTask {
    /// The attach id `internal.wsDeliver` knows the socket by.
    pub id: u32,
    /// Frames from the edge.
    pub rx: mpsc::Receiver<WsFrame>,
}

struct Outgoing {
    tx: mpsc::UnboundedSender<WsFrame>,
    queued: Arc<AtomicUsize>,
}

/// The sockets of one isolate: channels to the edge by attach id, and links opened by the
/// running handler and not yet returned in a response.
#[derive(Default)]
pub struct SocketTable {
    next: Cell<u32>,
    open: RefCell<HashMap<u32, Outgoing>>,
    pending: RefCell<HashMap<u32, (WebSocketLink, SocketTask)>>,
    /// Sockets adopted from a called Worker's answer or opened by `fetch()`, until JS claims them
    /// (`native.wsListen`).
    unclaimed: RefCell<HashMap<u32, SocketTask>>,
    live: Cell<usize>,
}

impl SocketTable {
    /// Sockets being served (they keep the isolate out of eviction).
    pub fn live(&self) -> usize {
        self.live.get()
    }

    /// Takes the link opened for `id` by the handler that just returned.
    pub fn take_pending(&self, id: u32) -> Option<(WebSocketLink, SocketTask)> {
        self.pending.borrow_mut().remove(&id)
    }

    /// Marks a socket served until [`SocketTable::finish`].
    pub fn start(&self) {
        self.live.set(self.live.get() + 1);
    }

    /// Forgets a socket: its channel to the edge closes (the edge ends the connection, with 1011
    /// if the Worker never closed it).
    pub fn finish(&self, id: u32) {
        self.open.borrow_mut().remove(&id);
        self.live.set(self.live.get().saturating_sub(1));
    }

    /// A new socket's channels, registered for `wsSend`/`wsClose`: the ends for the connection's
    /// pump and the isolate's receiving end.
    pub(crate) fn new_socket(&self) -> (LinkEnds, SocketTask) {
        let id = self.next.get().wrapping_add(1).max(1);
        self.next.set(id);
        let (in_tx, in_rx) = mpsc::channel(INBOUND_QUEUE);
        let (out_tx, out_rx) = mpsc::unbounded_channel();
        let queued = Arc::new(AtomicUsize::new(0));
        let ends = LinkEnds {
            to_worker: in_tx,
            from_worker: FromWorker {
                rx: out_rx,
                queued: queued.clone(),
            },
        };
        self.open
            .borrow_mut()
            .insert(id, Outgoing { tx: out_tx, queued });
        (ends, SocketTask { id, rx: in_rx })
    }

    /// Opens a socket for the edge; the handler's response takes it with `take_pending`.
    fn open(&self) -> u32 {
        let (ends, task) = self.new_socket();
        let id = task.id;
        let link = WebSocketLink(Arc::new(Mutex::new(Some(ends))));
        self.pending.borrow_mut().insert(id, (link, task));
        id
    }

    /// Forgets an outbound socket once its last frame was delivered.
    pub(crate) fn forget(&self, id: u32) {
        self.open.borrow_mut().remove(&id);
    }

    fn send(&self, ctx: &Ctx<'_>, id: u32, frame: WsFrame) -> Result<()> {
        let open = self.open.borrow();
        let Some(out) = open.get(&id) else {
            return Ok(()); // the client is gone: sends are dropped, as on Workers
        };
        let len = frame_len(&frame);
        if out.queued.load(Ordering::Relaxed) + len > MAX_QUEUED_BYTES {
            return Err(Exception::throw_range(
                ctx,
                &format!(
                    "WebSocket send() would queue more than {MAX_QUEUED_BYTES} bytes for a client that is not reading"
                ),
            ));
        }
        out.queued.fetch_add(len, Ordering::Relaxed);
        if out.tx.send(frame).is_err() {
            out.queued.fetch_sub(len, Ordering::Relaxed);
        }
        Ok(())
    }
}

fn frame_len(f: &WsFrame) -> usize {
    match f {
        WsFrame::Text(s) => s.len(),
        WsFrame::Binary(b) => b.len(),
        WsFrame::Close { reason, .. } => reason.len(),
        WsFrame::Gone => 0,
    }
}

/// Does a version with this compatibility date and these flags default `binaryType` to `"blob"`
/// (workerd's `websocket_standard_binary_type`, on from compatibility date 2026-03-17)?
fn blob_default(date: Option<&str>, flags: &[String]) -> bool {
    let has = |f: &str| flags.iter().any(|x| x == f);
    if has("no_websocket_standard_binary_type") {
        return false;
    }
    has("websocket_standard_binary_type") || date.is_some_and(|d| d >= "2026-03-17")
}

/// Adds `native.wsOpen()`, `native.wsSend(id, data)`, `native.wsClose(id, code, reason)`,
/// `native.wsAbort(id)` (the far side vanished), `native.wsListen(id, deliver)` (start delivering
/// an adopted socket's frames),
/// `native.wsConnect(url, flatHeaders)` and `native.wsBlobDefault`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    native: &Object<'js>,
    shared: &Rc<IsolateShared>,
) -> Result<()> {
    let table = &shared.sockets;
    let code = &shared.code;
    let blob = blob_default(
        code.compatibility_date.as_deref(),
        &code.compatibility_flags,
    );
    native.set("wsBlobDefault", blob)?;
    let sh = shared.clone();
    native.set(
        "wsConnect",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, url: String, flat: Vec<String>| {
                connect::start(&ctx, &sh, url, flat)
            },
        )?,
    )?;
    let t = table.clone();
    native.set("wsOpen", Function::new(ctx.clone(), move || t.open())?)?;
    let t = table.clone();
    native.set(
        "wsListen",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, id: u32, deliver_fn: Function<'js>| {
                if let Some(task) = t.unclaimed.borrow_mut().remove(&id) {
                    bridge::spawn_delivery(&ctx, &t, task, deliver_fn);
                }
            },
        )?,
    )?;
    let t = table.clone();
    native.set(
        "wsAbort",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, id: u32| -> Result<()> {
            t.send(&ctx, id, WsFrame::Gone)?;
            t.forget(id);
            Ok(())
        })?,
    )?;
    let t = table.clone();
    native.set(
        "wsSend",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, id: u32, data: Value<'js>| -> Result<()> {
                let frame = if let Some(s) = data.as_string() {
                    WsFrame::Text(s.to_string()?)
                } else if let Some(ab) = ArrayBuffer::from_value(data.clone()) {
                    // SAFETY: copied at once, before any JS can run and detach the buffer.
                    let bytes = unsafe { ab.as_bytes() }
                        .map(|b| b.to_vec())
                        .unwrap_or_default();
                    WsFrame::Binary(Bytes::from(bytes))
                } else {
                    return Err(Exception::throw_type(
                        &ctx,
                        "WebSocket data must be a string or an ArrayBuffer",
                    ));
                };
                t.send(&ctx, id, frame)
            },
        )?,
    )?;
    let t = table.clone();
    native.set(
        "wsClose",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, id: u32, code: u16, mut reason: String| -> Result<()> {
                // A close frame's reason has room for 123 bytes; workerd accepts longer ones.
                if reason.len() > 123 {
                    let mut end = 123;
                    while !reason.is_char_boundary(end) {
                        end -= 1;
                    }
                    reason.truncate(end);
                }
                t.send(&ctx, id, WsFrame::Close { code, reason })?;
                t.open.borrow_mut().remove(&id);
                Ok(())
            },
        )?,
    )?;
    Ok(())
}

/// Calls `internal.wsDeliver(id, kind, data, reason)` for one frame from the edge.
pub(crate) fn deliver<'js>(
    ctx: &Ctx<'js>,
    f: &Function<'js>,
    id: u32,
    frame: WsFrame,
) -> Result<()> {
    match frame {
        WsFrame::Text(s) => f.call((id, 0, s)),
        WsFrame::Binary(b) => f.call((id, 1, ArrayBuffer::new(ctx.clone(), b.to_vec())?)),
        WsFrame::Close { code, reason } => f.call((id, 2, code, reason)),
        WsFrame::Gone => f.call((id, 3)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_type_default_follows_compatibility() {
        let flags = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(!blob_default(Some("2025-08-06"), &[]));
        assert!(!blob_default(None, &[]));
        assert!(blob_default(Some("2026-03-17"), &[]));
        assert!(blob_default(
            Some("2024-01-01"),
            &flags(&["websocket_standard_binary_type"])
        ));
        assert!(!blob_default(
            Some("2026-06-01"),
            &flags(&["no_websocket_standard_binary_type"])
        ));
    }

    #[test]
    fn queued_bytes_are_capped_and_released_as_the_edge_reads() {
        let rt = rquickjs::Runtime::new().unwrap();
        let ctx = rquickjs::Context::full(&rt).unwrap();
        ctx.with(|ctx| {
            let table = SocketTable::default();
            let id = table.open();
            let (link, _task) = table.take_pending(id).unwrap();
            let mut ends = link.take().unwrap();
            assert!(link.take().is_none(), "the ends are taken once");
            let big = WsFrame::Binary(Bytes::from(vec![0u8; MAX_QUEUED_BYTES / 2]));
            table.send(&ctx, id, big.clone()).unwrap();
            table.send(&ctx, id, big.clone()).unwrap();
            assert!(table.send(&ctx, id, WsFrame::Text("x".into())).is_err());
            let _ = ctx.catch();
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            assert_eq!(rt.block_on(ends.from_worker.recv()), Some(big));
            table.send(&ctx, id, WsFrame::Text("x".into())).unwrap();
            table.forget(id);
            table
                .send(&ctx, id, WsFrame::Text("dropped".into()))
                .unwrap();
        });
    }
}
