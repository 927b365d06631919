//! `HTMLRewriter` (Cloudflare Workers): streaming HTML rewriting with CSS-selector handlers, on
//! the `lol_html` crate (the parser Cloudflare's own runtime uses).
//!
//! - [`coroutine`] runs lol_html on a stackful coroutine so JavaScript handlers, which may be
//!   async, run on the normal stack between suspensions (see its module docs for the design and
//!   why it is sound).
//! - [`units`] is what the JavaScript content tokens do to the unit behind the pending event.
//! - `js/15_html_rewriter.js` is the public API: `HTMLRewriter`, the token classes, and the
//!   `transform()` pump that reads the input body, feeds the rewriter and streams its output.

mod coroutine;
mod units;

use crate::glue::{glue, lazy_globals};
use coroutine::{Entry, Session, Step};
use lol_html::{AsciiCompatibleEncoding, Selector};
use rquickjs::{
    class::Trace, Array, Class, Ctx, Exception, Function, JsLifetime, Object, Result, TypedArray,
    Value,
};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["HTMLRewriter"];

/// Defines `HTMLRewriter` (lazily: the code loads when it is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the code now and defines `HTMLRewriter`.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    let natives = Object::new(ctx.clone())?;
    natives.set("checkSelector", Function::new(ctx.clone(), check_selector)?)?;
    natives.set("create", Function::new(ctx.clone(), create)?)?;
    glue!("15_html_rewriter.js").run(ctx, Some(natives))
}

/// Parses a selector the way lol_html will, or throws workerd's TypeError.
fn parse_selector(ctx: &Ctx<'_>, selector: &str) -> Result<Selector> {
    selector
        .parse::<Selector>()
        .map_err(|e| Exception::throw_type(ctx, &format!("Parser error: {e}")))
}

/// `checkSelector(selector)`: throws a TypeError unless lol_html accepts the selector.
fn check_selector(ctx: Ctx<'_>, selector: String) -> Result<()> {
    parse_selector(&ctx, &selector).map(|_| ())
}

/// `create(encoding, entries)`: a rewriter for `entries` (`[selector or null, slot bits]` each,
/// see [`Entry`]), reading and writing the document in `encoding` (a charset label). Throws a
/// TypeError for a charset lol_html cannot rewrite (unknown or not ASCII-compatible).
fn create<'js>(
    ctx: Ctx<'js>,
    encoding: String,
    entries: Array<'js>,
) -> Result<Class<'js, NativeRewriter>> {
    // workerd's messages (lol_html's C API) for the two ways a charset can be refused.
    let encoding = match encoding_rs::Encoding::for_label(encoding.trim().as_bytes()) {
        None => Err("Unknown character encoding has been provided."),
        Some(e) => AsciiCompatibleEncoding::new(e).ok_or("Expected ASCII-compatible encoding."),
    }
    .map_err(|m| Exception::throw_type(&ctx, &format!("Parser error: {m}")))?;
    let mut list = Vec::with_capacity(entries.len());
    for entry in entries.iter::<Array>() {
        let entry = entry?;
        let selector: Option<String> = entry.get(0)?;
        let slots: u8 = entry.get(1)?;
        let selector = match selector {
            Some(s) => Some(parse_selector(&ctx, &s)?),
            None => None,
        };
        list.push(Entry { selector, slots });
    }
    let session = Session::new(list, encoding).map_err(|e| {
        Exception::throw_range(&ctx, &format!("HTMLRewriter: cannot allocate a stack: {e}"))
    })?;
    Class::instance(ctx, NativeRewriter { session })
}

/// The native half of one `transform()`: the rewriting session the glue drives.
#[derive(Trace, JsLifetime)]
#[rquickjs::class]
pub struct NativeRewriter {
    #[qjs(skip_trace)]
    session: Session,
}

impl NativeRewriter {
    /// A step as one number, so an event costs JavaScript no second call: `-1` = send more
    /// input, `-2` = done, otherwise the pending event as `handler id * 8 + kind`. (The event's
    /// generation is not in it: it is bumped by one per event, and the glue counts along.)
    fn outcome(&self, ctx: &Ctx<'_>, step: std::result::Result<Step, String>) -> Result<f64> {
        match step {
            Ok(Step::NeedInput) => Ok(-1.0),
            Ok(Step::Done) => Ok(-2.0),
            Ok(Step::Event) => match self.session.event() {
                Some((_, event)) => {
                    Ok(f64::from(event.handler) * 8.0 + f64::from(event.kind as u8))
                }
                None => Err(Exception::throw_type(ctx, "Parser error: no pending event")),
            },
            Err(e) => Err(Exception::throw_type(ctx, &format!("Parser error: {e}"))),
        }
    }
}

#[rquickjs::methods]
impl NativeRewriter {
    /// Feeds a chunk: returns the next step (see `outcome`) or throws a TypeError.
    pub fn write(&mut self, ctx: Ctx<'_>, bytes: TypedArray<'_, u8>) -> Result<f64> {
        // Copied: handlers run JavaScript (which may change this buffer) while lol_html is still
        // inside `write` with these bytes.
        // SAFETY: the slice is copied before any JavaScript can run again.
        let bytes = unsafe { bytes.as_bytes().map(<[u8]>::to_vec) }
            .ok_or_else(|| Exception::throw_type(&ctx, "the chunk's buffer is detached"))?;
        let step = self.session.write(bytes);
        self.outcome(&ctx, step)
    }

    /// Ends the document: returns the next step, or throws.
    pub fn end(&mut self, ctx: Ctx<'_>) -> Result<f64> {
        let step = self.session.end();
        self.outcome(&ctx, step)
    }

    /// The pending event's handler finished (`ok`) or threw; returns the next step, or throws.
    pub fn resume(&mut self, ctx: Ctx<'_>, ok: bool) -> Result<f64> {
        let step = self.session.resume(ok);
        self.outcome(&ctx, step)
    }

    /// The rewritten bytes produced since the last call (a `Uint8Array`), or `undefined`.
    #[qjs(rename = "takeOutput")]
    pub fn take_output<'js>(&mut self, ctx: Ctx<'js>) -> Result<Value<'js>> {
        let bytes = self.session.take_output();
        if bytes.is_empty() {
            return Ok(Value::new_undefined(ctx));
        }
        Ok(TypedArray::<u8>::new(ctx, bytes)?.into_value())
    }

    /// Runs a content-token operation (see [`units`]) for the token of `generation`.
    pub fn op<'js>(
        &mut self,
        ctx: Ctx<'js>,
        generation: u32,
        code: u32,
        a: Option<String>,
        b: Option<String>,
        html: Option<bool>,
    ) -> Result<Value<'js>> {
        let args = units::Args {
            a,
            b,
            html: html.unwrap_or(false),
        };
        units::apply(&ctx, &mut self.session, generation, code, args)
    }
}
