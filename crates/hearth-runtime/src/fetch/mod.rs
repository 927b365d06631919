//! Fetch API: Headers/Request/Response (JS glue in `js/fetch.js`), the Rust body handles behind
//! incoming and fetched bodies, the outbound client and the egress policy.

pub mod body;
pub mod client;
pub mod egress;
pub mod tls;

use crate::isolate::IsolateShared;
use body::{Body, Chunk};
use rquickjs::class::Trace;
use rquickjs::function::This;
use rquickjs::{
    ArrayBuffer, CatchResultExt, Class, Ctx, Exception, Function, JsLifetime, Object, Promise,
    Result, TypedArray, Value,
};
use std::cell::RefCell;
use std::rc::Rc;

/// A Rust body (incoming request, fetched response) as JS holds it until it is read or passed on.
#[derive(Trace, JsLifetime)]
#[rquickjs::class(rename = "HearthBody")]
pub struct BodyHandle {
    #[qjs(skip_trace)]
    body: RefCell<Option<Body>>,
}

impl BodyHandle {
    pub fn new(body: Body) -> Self {
        BodyHandle {
            body: RefCell::new(Some(body)),
        }
    }

    /// Takes the body out (for passing it on unread); `None` if it was taken or is being read.
    pub fn take(&self) -> Option<Body> {
        self.body.borrow_mut().take()
    }
}

/// The headers of an incoming request, kept in Rust until JS reads `request.headers`.
#[derive(Trace, JsLifetime)]
#[rquickjs::class(rename = "HearthHead")]
pub struct RequestHead {
    #[qjs(skip_trace)]
    pub headers: http::HeaderMap,
}

/// Wraps `body` for JS, or `null` when it is known to be empty.
pub fn body_to_js<'js>(ctx: &Ctx<'js>, body: Body) -> Result<Value<'js>> {
    use http_body::Body as _;
    if body.is_end_stream() {
        return Ok(Value::new_null(ctx.clone()));
    }
    Ok(Class::instance(ctx.clone(), BodyHandle::new(body))?.into_value())
}

/// Copies the bytes of a Uint8Array / ArrayBuffer / other view.
pub fn bytes_of(v: &Value<'_>) -> Option<Vec<u8>> {
    if let Ok(ta) = TypedArray::<u8>::from_value(v.clone()) {
        // SAFETY: the bytes are copied before any JS can run and detach the buffer.
        return unsafe { ta.as_bytes() }.map(|b| b.to_vec());
    }
    if let Some(ab) = ArrayBuffer::from_value(v.clone()) {
        // SAFETY: as above.
        return unsafe { ab.as_bytes() }.map(|b| b.to_vec());
    }
    let obj = v.as_object()?;
    let buffer: ArrayBuffer = obj.get("buffer").ok()?;
    let off: usize = obj.get("byteOffset").ok()?;
    let len: usize = obj.get("byteLength").ok()?;
    // SAFETY: as above.
    let all = unsafe { buffer.as_bytes() }?;
    all.get(off..off + len).map(|b| b.to_vec())
}

fn type_error(ctx: &Ctx<'_>, msg: &str) -> rquickjs::Error {
    Exception::throw_type(ctx, msg)
}

/// Adds the body and URL natives the fetch glue uses.
pub fn install<'js>(
    ctx: &Ctx<'js>,
    native: &Object<'js>,
    shared: &Rc<IsolateShared>,
) -> Result<()> {
    Class::<BodyHandle>::define(&ctx.globals())?;
    ctx.globals().remove("HearthBody")?;
    native.set(
        "headerList",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, head: Class<'js, RequestHead>| -> Result<rquickjs::Array<'js>> {
                let flat = rquickjs::Array::new(ctx)?;
                let mut i = 0;
                for (n, v) in head.borrow().headers.iter() {
                    flat.set(i, n.as_str())?;
                    flat.set(i + 1, String::from_utf8_lossy(v.as_bytes()).as_ref())?;
                    i += 2;
                }
                Ok(flat)
            },
        )?,
    )?;

    native.set(
        "utf8Encode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, s: rquickjs::String<'js>| {
            TypedArray::<u8>::new(ctx, s.to_string()?.into_bytes())
        })?,
    )?;
    native.set(
        "utf8Decode",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, v: Value<'js>| -> Result<String> {
                let bytes = bytes_of(&v).ok_or_else(|| type_error(&ctx, "expected bytes"))?;
                Ok(match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                })
            },
        )?,
    )?;
    native.set(
        "parseUrl",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, s: String| -> Result<String> {
            match url::Url::parse(&s) {
                Ok(u) => Ok(u.to_string()),
                Err(_) => Err(type_error(&ctx, &format!("Invalid URL: {s}"))),
            }
        })?,
    )?;
    let limit = shared.host.config.max_buffered_body_bytes;
    native.set(
        "readChunk",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, h: Class<'js, BodyHandle>| -> Result<Promise<'js>> {
                let taken = h.borrow().take();
                let ctx2 = ctx.clone();
                Promise::wrap_future(&ctx, async move {
                    let Some(mut body) = taken else {
                        return Err(type_error(
                            &ctx2,
                            "This ReadableStream is being read by another reader.",
                        ));
                    };
                    match body::next_chunk(&mut body).await {
                        Ok(Some(chunk)) => {
                            *h.borrow().body.borrow_mut() = Some(body);
                            Ok(TypedArray::<u8>::new(ctx2.clone(), chunk.to_vec())?.into_value())
                        }
                        Ok(None) => Ok(Value::new_undefined(ctx2.clone())),
                        Err(e) => Err(type_error(&ctx2, &format!("Network connection lost: {e}"))),
                    }
                })
            },
        )?,
    )?;
    native.set(
        "readAll",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, h: Class<'js, BodyHandle>| -> Result<Promise<'js>> {
                let taken = h.borrow().take();
                let ctx2 = ctx.clone();
                Promise::wrap_future(&ctx, async move {
                    let Some(mut body) = taken else {
                        return Err(type_error(&ctx2, "Body has already been used."));
                    };
                    match body::collect(&mut body, limit).await {
                        Ok(bytes) => TypedArray::<u8>::new(ctx2.clone(), bytes),
                        Err(e) => Err(type_error(&ctx2, &format!("Failed to read body: {e}"))),
                    }
                })
            },
        )?,
    )?;
    native.set(
        "cancelBody",
        Function::new(ctx.clone(), |h: Class<'js, BodyHandle>| {
            drop(h.borrow().take());
        })?,
    )?;
    client::install(ctx, native, shared)
}

/// Takes a body from what the glue hands to Rust: a string, bytes, a Rust body handle
/// (passed through untouched) or a stream reader (pumped into a channel, chunk by chunk).
pub fn js_to_body<'js>(ctx: &Ctx<'js>, v: Value<'js>) -> rquickjs::Result<Body> {
    if v.is_null() || v.is_undefined() {
        return Ok(body::empty());
    }
    if let Some(s) = v.as_string() {
        return Ok(body::full(s.to_string()?));
    }
    let Some(obj) = v.as_object() else {
        return Ok(body::empty());
    };
    if let Some(h) = Class::<BodyHandle>::from_object(obj) {
        return Ok(h.borrow().take().unwrap_or_else(body::empty));
    }
    if let Some(bytes) = bytes_of(&v).filter(|_| !obj.contains_key("read").unwrap_or(false)) {
        return Ok(body::full(bytes));
    }
    let (tx, rx) = body::channel(4);
    ctx.spawn(pump(ctx.clone(), obj.clone(), tx));
    Ok(http_body_util::BodyExt::boxed(rx))
}

/// Moves chunks from a JS reader into a channel body; cancels the reader if the client is gone.
async fn pump<'js>(ctx: Ctx<'js>, reader: Object<'js>, tx: tokio::sync::mpsc::Sender<Chunk>) {
    let read: Function = match reader.get("read") {
        Ok(f) => f,
        Err(_) => {
            let _ = tx
                .send(Chunk::Error("response body is not a stream".into()))
                .await;
            return;
        }
    };
    loop {
        let step: rquickjs::Result<Option<Vec<u8>>> = async {
            let res: Object = read
                .call::<_, Promise>((This(reader.clone()),))?
                .into_future()
                .await?;
            if res.get::<_, bool>("done")? {
                return Ok(None);
            }
            let value: Value = res.get("value")?;
            if let Some(s) = value.as_string() {
                return Ok(Some(s.to_string()?.into_bytes()));
            }
            match bytes_of(&value) {
                Some(b) => Ok(Some(b)),
                None => Err(rquickjs::Exception::throw_type(
                    &ctx,
                    "response stream chunks must be Uint8Array",
                )),
            }
        }
        .await;
        match step.catch(&ctx) {
            Ok(Some(bytes)) => {
                if tx.send(Chunk::Data(bytes.into())).await.is_err() {
                    if let Ok(cancel) = reader.get::<_, Function>("cancel") {
                        let _ = cancel.call::<_, Value>((This(reader.clone()),)).catch(&ctx);
                    }
                    return;
                }
            }
            Ok(None) => {
                let _ = tx.send(Chunk::End).await;
                return;
            }
            Err(e) => {
                let f = crate::isolate::describe(&ctx, e);
                let _ = tx
                    .send(Chunk::Error(format!("{}: {}", f.name, f.message)))
                    .await;
                return;
            }
        }
    }
}
