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
use std::cell::Cell;
use std::rc::Rc;

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["HTMLRewriter"];

/// Most unfinished `transform()`s one runtime (isolate) may hold at once. Each holds a coroutine
/// stack and up to 3 MiB of lol_html buffers outside the QuickJS heap (and its memory limit), so
/// this bounds what a script can pin there; a finished or dropped rewriter frees its share.
pub const MAX_LIVE_REWRITERS: usize = 128;

/// The runtime's count of unfinished rewriters.
#[derive(JsLifetime)]
struct LiveRewriters(Rc<Cell<usize>>);

/// One unit of [`LiveRewriters`], given back when dropped.
struct LiveSlot(Rc<Cell<usize>>);

impl LiveSlot {
    /// Takes a slot, or throws a RangeError when the runtime already has the most allowed.
    fn take(ctx: &Ctx<'_>) -> Result<LiveSlot> {
        if ctx.userdata::<LiveRewriters>().is_none() {
            ctx.store_userdata(LiveRewriters(Rc::new(Cell::new(0))))
                .map_err(|e| rquickjs::Error::new_loading_message("HTMLRewriter", e.to_string()))?;
        }
        let count = match ctx.userdata::<LiveRewriters>() {
            Some(live) => live.0.clone(),
            None => {
                return Err(Exception::throw_internal(
                    ctx,
                    "HTMLRewriter: no runtime state",
                ))
            }
        };
        if count.get() >= MAX_LIVE_REWRITERS {
            return Err(Exception::throw_range(
                ctx,
                &format!(
                    "HTMLRewriter: too many transforms in progress at once (at most {MAX_LIVE_REWRITERS}); \
                     read or cancel the bodies of earlier ones first"
                ),
            ));
        }
        count.set(count.get() + 1);
        Ok(LiveSlot(count))
    }
}

impl Drop for LiveSlot {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

/// Defines `HTMLRewriter` (lazily: the code loads when it is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the code now and defines `HTMLRewriter`.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    let natives = Object::new(ctx.clone())?;
    natives.set("checkSelector", Function::new(ctx.clone(), check_selector)?)?;
    natives.set("checkEncoding", Function::new(ctx.clone(), check_encoding)?)?;
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

/// The encoding a charset label names, or workerd's TypeError (lol_html's C API messages) when
/// lol_html cannot rewrite it (unknown, or not ASCII-compatible).
fn encoding_of(ctx: &Ctx<'_>, label: &str) -> Result<AsciiCompatibleEncoding> {
    match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
        None => Err("Unknown character encoding has been provided."),
        Some(e) => AsciiCompatibleEncoding::new(e).ok_or("Expected ASCII-compatible encoding."),
    }
    .map_err(|m| Exception::throw_type(ctx, &format!("Parser error: {m}")))
}

/// `checkEncoding(label)`: throws the TypeError `create` would throw for this charset.
fn check_encoding(ctx: Ctx<'_>, label: String) -> Result<()> {
    encoding_of(&ctx, &label).map(|_| ())
}

/// `create(encoding, entries)`: a rewriter for `entries` (`[selector or null, slot bits]` each,
/// see [`Entry`]), reading and writing the document in `encoding` (a charset label). Throws a
/// TypeError for a charset lol_html cannot rewrite (unknown or not ASCII-compatible).
fn create<'js>(
    ctx: Ctx<'js>,
    encoding: String,
    entries: Array<'js>,
) -> Result<Class<'js, NativeRewriter>> {
    let encoding = encoding_of(&ctx, &encoding)?;
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
    let slot = LiveSlot::take(&ctx)?;
    let session = Session::new(list, encoding).map_err(|e| {
        Exception::throw_range(&ctx, &format!("HTMLRewriter: cannot allocate a stack: {e}"))
    })?;
    Class::instance(
        ctx,
        NativeRewriter {
            session: Some((session, slot)),
            tail: None,
        },
    )
}

/// The native half of one `transform()`: the rewriting session the glue drives, and its slot
/// in the runtime's count; both are dropped (freeing the stack) as soon as the session ends.
#[derive(Trace, JsLifetime)]
#[rquickjs::class]
pub struct NativeRewriter {
    #[qjs(skip_trace)]
    session: Option<(Session, LiveSlot)>,
    /// Output left when the session finished, until taken.
    #[qjs(skip_trace)]
    tail: Option<Vec<u8>>,
}

impl NativeRewriter {
    /// Runs one step of the session and returns it as one number, so an event costs JavaScript
    /// no second call: `-1` = send more input, `-2` = done, otherwise the pending event as
    /// `handler id * 8 + kind`. (The event's generation is not in it: it is bumped by one per
    /// event, and the glue counts along.) A finished or failed session is dropped at once.
    fn step(
        &mut self,
        ctx: &Ctx<'_>,
        run: impl FnOnce(&mut Session) -> std::result::Result<Step, String>,
    ) -> Result<f64> {
        let Some((session, _)) = self.session.as_mut() else {
            return Err(Exception::throw_type(
                ctx,
                "Parser error: the rewriter has already finished",
            ));
        };
        let code = match run(session) {
            Ok(Step::NeedInput) => return Ok(-1.0),
            Ok(Step::Event) => match session.event() {
                Some((_, event)) => {
                    return Ok(f64::from(event.handler) * 8.0 + f64::from(event.kind as u8))
                }
                None => Err("no pending event".to_string()),
            },
            Ok(Step::Done) => Ok(-2.0),
            Err(e) => Err(e),
        };
        // Finished, one way or the other: keep the last output, give back the stack and the slot.
        if let Some((mut session, _slot)) = self.session.take() {
            self.tail = Some(session.take_output());
        }
        code.map_err(|e| Exception::throw_type(ctx, &format!("Parser error: {e}")))
    }
}

#[rquickjs::methods]
impl NativeRewriter {
    /// Feeds a chunk: returns the next step (see `step`) or throws a TypeError.
    pub fn write(&mut self, ctx: Ctx<'_>, bytes: TypedArray<'_, u8>) -> Result<f64> {
        // Copied: handlers run JavaScript (which may change this buffer) while lol_html is still
        // inside `write` with these bytes.
        // SAFETY: the slice is copied before any JavaScript can run again.
        let bytes = unsafe { bytes.as_bytes().map(<[u8]>::to_vec) }
            .ok_or_else(|| Exception::throw_type(&ctx, "the chunk's buffer is detached"))?;
        self.step(&ctx, |s| s.write(bytes))
    }

    /// Ends the document: returns the next step, or throws.
    pub fn end(&mut self, ctx: Ctx<'_>) -> Result<f64> {
        self.step(&ctx, Session::end)
    }

    /// The pending event's handler finished (`ok`) or threw; returns the next step, or throws.
    pub fn resume(&mut self, ctx: Ctx<'_>, ok: bool) -> Result<f64> {
        self.step(&ctx, |s| s.resume(ok))
    }

    /// Drops the session now (its coroutine is stopped, its tokens go stale); output not yet
    /// taken is discarded.
    pub fn abort(&mut self) {
        self.session = None;
        self.tail = None;
    }

    /// The rewritten bytes produced since the last call (a `Uint8Array`), or `undefined`.
    #[qjs(rename = "takeOutput")]
    pub fn take_output<'js>(&mut self, ctx: Ctx<'js>) -> Result<Value<'js>> {
        let bytes = match self.session.as_mut() {
            Some((session, _)) => session.take_output(),
            None => self.tail.take().unwrap_or_default(),
        };
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
        units::apply(
            &ctx,
            self.session.as_mut().map(|(s, _)| s),
            generation,
            code,
            args,
        )
    }
}
