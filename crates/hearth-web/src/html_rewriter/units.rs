//! The operations JavaScript content tokens (Element, EndTag, Text, Comment, Doctype,
//! DocumentEnd) perform on the lol_html unit behind the pending event. Each operation is one
//! code; [`apply`] runs it on the unit when the token's generation matches the pending event,
//! and throws workerd's TypeError otherwise.

use super::coroutine::{Event, Kind, Session};
use lol_html::html_content::{
    Comment, ContentType, Doctype, DocumentEnd, Element, EndTag, TextChunk,
};
use rquickjs::{Array, Ctx, Exception, IntoJs, Result, Value};

/// workerd's message for a token used outside its handler.
const STALE: &str = "This content token is no longer valid. Content tokens are only valid during \
                     the execution of the relevant content handler.";

/// The arguments of one operation (strings converted by the glue).
pub struct Args {
    /// First string argument (name, content, text).
    pub a: Option<String>,
    /// Second string argument (attribute value).
    pub b: Option<String>,
    /// `{html: true}`.
    pub html: bool,
}

impl Args {
    fn a(&self) -> &str {
        self.a.as_deref().unwrap_or("")
    }
    fn b(&self) -> &str {
        self.b.as_deref().unwrap_or("")
    }
    fn content_type(&self) -> ContentType {
        if self.html {
            ContentType::Html
        } else {
            ContentType::Text
        }
    }
}

/// Runs operation `code` for the token of generation `generation` (of a session that has not
/// finished: `None` once it has).
pub fn apply<'js>(
    ctx: &Ctx<'js>,
    session: Option<&mut Session>,
    generation: u32,
    code: u32,
    args: Args,
) -> Result<Value<'js>> {
    let Some(session) = session else {
        return Err(Exception::throw_type(ctx, STALE));
    };
    let event = match session.event() {
        Some((g, event)) if g == generation => event,
        _ => return Err(Exception::throw_type(ctx, STALE)),
    };
    match event.kind {
        // SAFETY (each arm): the event is pending, so the coroutine is suspended inside the
        // lol_html handler that lent this unit, and the unit's frame is alive and not otherwise
        // borrowed until the next resume; the reference does not outlive this call.
        Kind::Element => element(ctx, session, unsafe { unit(&event) }, code, args),
        Kind::EndTag => end_tag(ctx, unsafe { unit(&event) }, code, args),
        Kind::Text => text(ctx, unsafe { unit(&event) }, code, args),
        Kind::Comment => comment(ctx, unsafe { unit(&event) }, code, args),
        Kind::Doctype => doctype(ctx, unsafe { unit(&event) }, code),
        Kind::End => document_end(ctx, unsafe { unit(&event) }, code, args),
    }
}

/// The unit behind `event`, as the type its kind says it is.
///
/// # Safety
/// `T` must be the type lol_html lent for `event.kind`, and the event must be pending.
unsafe fn unit<'a, T>(event: &Event) -> &'a mut T {
    &mut *(event.unit as *mut T)
}

/// A lol_html error as workerd reports it.
fn parser_error(ctx: &Ctx<'_>, e: impl std::fmt::Display) -> rquickjs::Error {
    Exception::throw_type(ctx, &format!("Parser error: {e}"))
}

fn unknown(ctx: &Ctx<'_>, code: u32) -> rquickjs::Error {
    Exception::throw_type(ctx, &format!("Illegal invocation (operation {code})"))
}

/// A string, or `null` when absent (what workerd returns for a missing value).
fn nullable<'js>(ctx: &Ctx<'js>, value: Option<String>) -> Result<Value<'js>> {
    match value {
        Some(s) => s.into_js(ctx),
        None => Ok(Value::new_null(ctx.clone())),
    }
}

fn undefined<'js>(ctx: &Ctx<'js>) -> Result<Value<'js>> {
    Ok(Value::new_undefined(ctx.clone()))
}

/// Element operations: 1 tagName, 2 set tagName, 3 attributes, 4 getAttribute, 5 hasAttribute,
/// 6 setAttribute, 7 removeAttribute, 8 before, 9 after, 10 prepend, 11 append, 12 replace,
/// 13 setInnerContent, 14 remove, 15 removeAndKeepContent, 16 removed, 17 namespaceURI,
/// 18 onEndTag (returns the new end-tag handler id).
fn element<'js>(
    ctx: &Ctx<'js>,
    session: &mut Session,
    el: &mut Element<'_, '_>,
    code: u32,
    args: Args,
) -> Result<Value<'js>> {
    let ct = args.content_type();
    match code {
        1 => el.tag_name().into_js(ctx),
        2 => {
            el.set_tag_name(args.a())
                .map_err(|e| parser_error(ctx, e))?;
            undefined(ctx)
        }
        3 => {
            let list = Array::new(ctx.clone())?;
            for (i, attr) in el.attributes().iter().enumerate() {
                let pair = Array::new(ctx.clone())?;
                pair.set(0, attr.name())?;
                pair.set(1, attr.value())?;
                list.set(i, pair)?;
            }
            Ok(list.into_value())
        }
        4 => nullable(ctx, el.get_attribute(args.a())),
        5 => el.has_attribute(args.a()).into_js(ctx),
        6 => {
            el.set_attribute(args.a(), args.b())
                .map_err(|e| parser_error(ctx, e))?;
            undefined(ctx)
        }
        7 => {
            el.remove_attribute(args.a());
            undefined(ctx)
        }
        8 => {
            el.before(args.a(), ct);
            undefined(ctx)
        }
        9 => {
            el.after(args.a(), ct);
            undefined(ctx)
        }
        10 => {
            el.prepend(args.a(), ct);
            undefined(ctx)
        }
        11 => {
            el.append(args.a(), ct);
            undefined(ctx)
        }
        12 => {
            el.replace(args.a(), ct);
            undefined(ctx)
        }
        13 => {
            el.set_inner_content(args.a(), ct);
            undefined(ctx)
        }
        14 => {
            el.remove();
            undefined(ctx)
        }
        15 => {
            el.remove_and_keep_content();
            undefined(ctx)
        }
        16 => el.removed().into_js(ctx),
        17 => el.namespace_uri().into_js(ctx),
        18 => {
            let Some(handlers) = el.end_tag_handlers() else {
                return Err(parser_error(ctx, "No end tag."));
            };
            // Like workerd: a new onEndTag handler replaces the previous one.
            handlers.clear();
            let id = session.next_end_tag_id();
            handlers.push(session.end_tag_handler(id));
            id.into_js(ctx)
        }
        _ => Err(unknown(ctx, code)),
    }
}

/// EndTag operations: 20 name, 21 set name, 22 before, 23 after, 24 remove.
fn end_tag<'js>(ctx: &Ctx<'js>, end: &mut EndTag<'_>, code: u32, args: Args) -> Result<Value<'js>> {
    let ct = args.content_type();
    match code {
        20 => end.name().into_js(ctx),
        21 => {
            end.set_name_str(args.a.unwrap_or_default());
            undefined(ctx)
        }
        22 => {
            end.before(args.a(), ct);
            undefined(ctx)
        }
        23 => {
            end.after(args.a(), ct);
            undefined(ctx)
        }
        24 => {
            end.remove();
            undefined(ctx)
        }
        _ => Err(unknown(ctx, code)),
    }
}

/// Text operations: 30 text, 31 lastInTextNode, 32 removed, 33 before, 34 after, 35 replace,
/// 36 remove.
fn text<'js>(ctx: &Ctx<'js>, t: &mut TextChunk<'_>, code: u32, args: Args) -> Result<Value<'js>> {
    let ct = args.content_type();
    match code {
        30 => t.as_str().into_js(ctx),
        31 => t.last_in_text_node().into_js(ctx),
        32 => t.removed().into_js(ctx),
        33 => {
            t.before(args.a(), ct);
            undefined(ctx)
        }
        34 => {
            t.after(args.a(), ct);
            undefined(ctx)
        }
        35 => {
            t.replace(args.a(), ct);
            undefined(ctx)
        }
        36 => {
            t.remove();
            undefined(ctx)
        }
        _ => Err(unknown(ctx, code)),
    }
}

/// Comment operations: 40 text, 41 set text, 42 removed, 43 before, 44 after, 45 replace,
/// 46 remove.
fn comment<'js>(ctx: &Ctx<'js>, c: &mut Comment<'_>, code: u32, args: Args) -> Result<Value<'js>> {
    let ct = args.content_type();
    match code {
        40 => c.text().into_js(ctx),
        41 => {
            c.set_text(args.a()).map_err(|e| parser_error(ctx, e))?;
            undefined(ctx)
        }
        42 => c.removed().into_js(ctx),
        43 => {
            c.before(args.a(), ct);
            undefined(ctx)
        }
        44 => {
            c.after(args.a(), ct);
            undefined(ctx)
        }
        45 => {
            c.replace(args.a(), ct);
            undefined(ctx)
        }
        46 => {
            c.remove();
            undefined(ctx)
        }
        _ => Err(unknown(ctx, code)),
    }
}

/// Doctype operations: 50 name, 51 publicId, 52 systemId (`null` when absent).
fn doctype<'js>(ctx: &Ctx<'js>, d: &mut Doctype<'_>, code: u32) -> Result<Value<'js>> {
    match code {
        50 => nullable(ctx, d.name()),
        51 => nullable(ctx, d.public_id()),
        52 => nullable(ctx, d.system_id()),
        _ => Err(unknown(ctx, code)),
    }
}

/// DocumentEnd operations: 60 append.
fn document_end<'js>(
    ctx: &Ctx<'js>,
    e: &mut DocumentEnd<'_>,
    code: u32,
    args: Args,
) -> Result<Value<'js>> {
    match code {
        60 => {
            e.append(args.a(), args.content_type());
            undefined(ctx)
        }
        _ => Err(unknown(ctx, code)),
    }
}
