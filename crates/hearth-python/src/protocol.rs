//! Frames between Hearth and an isolate: `[u32 BE header length][u32 BE body length][header
//! JSON][body bytes]`. The header's `t` field names the message. Everything an isolate sends is
//! untrusted: sizes are capped and headers are parsed into [`FromIsolate`]; anything else ends
//! the isolate.

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use tokio::io::{AsyncRead, AsyncReadExt};

/// Largest header an isolate may send.
pub const MAX_HEADER: u32 = 16 << 20;

/// A header list as it crosses the channel: `[[name, value], ...]` (repeats kept).
pub type WireHeaders = Vec<(String, String)>;

/// Messages from an isolate to Hearth.
#[derive(Debug, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum FromIsolate {
    /// The Worker's modules imported; the isolate serves requests now.
    Ready { handlers: Vec<String> },
    /// Importing the Worker failed (`kind`: `exception` or `memory`).
    InitError { kind: String, error: String },
    /// Validation passed.
    Valid { handlers: Vec<String> },
    /// Validation found a syntax error.
    Invalid { error: String },
    /// Result of a probe isolate: what confinement it applied and what it could not do.
    Probe {
        confinement: serde_json::Map<String, serde_json::Value>,
        checks: serde_json::Map<String, serde_json::Value>,
    },
    /// The response to request `rid` (body follows); `done` when no `wait_until` work remains.
    Res {
        rid: u64,
        status: u16,
        headers: WireHeaders,
        #[serde(default)]
        done: bool,
    },
    /// Request `rid` failed (`kind`: `exception` or `memory`).
    Err {
        rid: u64,
        kind: String,
        error: String,
        #[serde(default)]
        done: bool,
    },
    /// Request `rid` and its `wait_until` work are finished.
    Done { rid: u64 },
    /// A line of output (`rid` is absent during module import).
    Log {
        rid: Option<u64>,
        level: String,
        msg: String,
    },
    /// An outbound fetch (`service: None`) or a service binding call (`service: Some(binding)`).
    Fetch {
        rid: Option<u64>,
        sid: u64,
        service: Option<String>,
        method: String,
        url: String,
        headers: WireHeaders,
    },
}

/// Messages from Hearth to an isolate.
#[derive(Debug, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ToIsolate<'a> {
    /// First frame: what to do and the Worker's code.
    Init {
        mode: &'a str,
        main: &'a str,
        modules: std::collections::BTreeMap<&'a str, std::borrow::Cow<'a, str>>,
        bindings: Vec<serde_json::Value>,
    },
    /// A request to run (body follows).
    Req {
        rid: u64,
        method: &'a str,
        url: &'a str,
        headers: WireHeaders,
    },
    /// The answer to subrequest `sid` (body follows).
    FetchRes {
        sid: u64,
        status: u16,
        headers: WireHeaders,
    },
    /// Subrequest `sid` failed.
    FetchErr { sid: u64, error: String },
}

/// Encodes one frame.
pub fn encode(header: &ToIsolate<'_>, body: &[u8]) -> Vec<u8> {
    let h = serde_json::to_vec(header).expect("frame headers serialize");
    let mut out = Vec::with_capacity(8 + h.len() + body.len());
    out.extend_from_slice(&(h.len() as u32).to_be_bytes());
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(&h);
    out.extend_from_slice(body);
    out
}

fn parse(prefix: [u8; 8], max_body: usize) -> io::Result<(usize, usize)> {
    let hlen = u32::from_be_bytes(prefix[..4].try_into().unwrap());
    let blen = u32::from_be_bytes(prefix[4..].try_into().unwrap()) as usize;
    if hlen > MAX_HEADER || blen > max_body {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame too large (header {hlen}, body {blen})"),
        ));
    }
    Ok((hlen as usize, blen))
}

fn decode(header: &[u8]) -> io::Result<FromIsolate> {
    serde_json::from_slice(header).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Reads one frame; `Ok(None)` at a clean end of stream.
pub async fn read_frame<R: AsyncRead + Unpin>(
    r: &mut R,
    max_body: usize,
) -> io::Result<Option<(FromIsolate, Bytes)>> {
    let mut prefix = [0u8; 8];
    match r.read_exact(&mut prefix).await {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let (hlen, blen) = parse(prefix, max_body)?;
    let mut header = vec![0u8; hlen];
    r.read_exact(&mut header).await?;
    let mut body = vec![0u8; blen];
    r.read_exact(&mut body).await?;
    Ok(Some((decode(&header)?, Bytes::from(body))))
}

/// Blocking [`read_frame`] (used by `validate`).
pub fn read_frame_blocking<R: Read>(
    r: &mut R,
    max_body: usize,
) -> io::Result<Option<(FromIsolate, Bytes)>> {
    let mut prefix = [0u8; 8];
    match r.read_exact(&mut prefix) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let (hlen, blen) = parse(prefix, max_body)?;
    let mut header = vec![0u8; hlen];
    r.read_exact(&mut header)?;
    let mut body = vec![0u8; blen];
    r.read_exact(&mut body)?;
    Ok(Some((decode(&header)?, Bytes::from(body))))
}

/// Blocking write of one frame.
pub fn write_frame_blocking<W: Write>(w: &mut W, frame: &[u8]) -> io::Result<()> {
    w.write_all(frame)?;
    w.flush()
}

/// Converts `http` headers to the wire form (values that are not UTF-8 are decoded lossily).
pub fn wire_headers(h: &http::HeaderMap) -> WireHeaders {
    h.iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// Converts wire headers to `http` headers, dropping names or values that are not valid and the
/// framing headers (`content-length`, `transfer-encoding`, `connection`), which the HTTP layer
/// sets from the actual body.
pub fn http_headers(h: &WireHeaders) -> http::HeaderMap {
    let mut out = http::HeaderMap::with_capacity(h.len());
    for (k, v) in h {
        if ["content-length", "transfer-encoding", "connection"]
            .iter()
            .any(|f| k.eq_ignore_ascii_case(f))
        {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(k.as_bytes()),
            http::HeaderValue::from_str(v),
        ) {
            out.append(name, value);
        }
    }
    out
}
