//! Rust-side HTTP bodies: the boxed [`Body`] type, and a channel-backed body fed by an isolate
//! (used to stream a Worker's `ReadableStream` response without buffering it).

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use http_body_util::{BodyExt, Empty, Full};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// Error type carried by bodies.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The body type of requests and responses crossing the runtime boundary (`Send + Sync`).
pub type Body = http_body_util::combinators::BoxBody<Bytes, BoxError>;

/// An empty body.
pub fn empty() -> Body {
    Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed()
}

/// A body holding `bytes`.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed()
}

/// One message from the producer of a [`ChannelBody`].
pub enum Chunk {
    Data(Bytes),
    /// The producer finished normally.
    End,
    /// The producer failed.
    Error(String),
}

/// A body whose chunks arrive over a bounded channel. If the producer goes away without sending
/// [`Chunk::End`], the body ends with an error instead of looking complete.
pub struct ChannelBody {
    rx: mpsc::Receiver<Chunk>,
    done: bool,
}

/// Creates a channel body with room for `capacity` chunks in flight.
pub fn channel(capacity: usize) -> (mpsc::Sender<Chunk>, ChannelBody) {
    let (tx, rx) = mpsc::channel(capacity);
    (tx, ChannelBody { rx, done: false })
}

#[derive(Debug)]
struct StreamError(String);
impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for StreamError {}

/// Builds a body error from a message.
pub fn error(msg: impl Into<String>) -> BoxError {
    Box::new(StreamError(msg.into()))
}

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.rx.poll_recv(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Chunk::Data(b))) => Poll::Ready(Some(Ok(Frame::data(b)))),
            Poll::Ready(Some(Chunk::End)) => {
                self.done = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(Chunk::Error(e))) => {
                self.done = true;
                Poll::Ready(Some(Err(error(e))))
            }
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(Some(Err(error("Worker response stream was aborted"))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

/// Reads the next data chunk of `body`, skipping trailers. `Ok(None)` at the end.
pub async fn next_chunk(body: &mut Body) -> Result<Option<Bytes>, BoxError> {
    loop {
        match body.frame().await {
            None => return Ok(None),
            Some(Err(e)) => return Err(e),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    if !data.is_empty() {
                        return Ok(Some(data));
                    }
                }
            }
        }
    }
}

/// Reads `body` to the end, failing beyond `limit` bytes.
pub async fn collect(body: &mut Body, limit: usize) -> Result<Vec<u8>, BoxError> {
    let mut out = Vec::new();
    while let Some(chunk) = next_chunk(body).await? {
        if out.len() + chunk.len() > limit {
            return Err(error(format!("body exceeds the {limit}-byte limit")));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
