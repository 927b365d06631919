//! `URL` and `URLSearchParams` (WHATWG URL Standard) on the `url` crate.
//!
//! The classes are JavaScript (`js/09_url.js`) so that getters read cached strings without
//! crossing into Rust; parsing, the setters and `application/x-www-form-urlencoded` go through
//! the natives below, which use `url::quirks` (the crate's exact WHATWG setter semantics).

use crate::glue::{glue, lazy_globals};
use rquickjs::{prelude::Opt, Array, Ctx, Function, Object, Result, Value};
use url::{form_urlencoded, quirks, Url};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["URL", "URLSearchParams"];

/// Defines this family's globals (lazily: the code loads when one of them is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the family's code now and defines its globals.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    let natives = Object::new(ctx.clone())?;
    natives.set("parse", Function::new(ctx.clone(), parse)?)?;
    natives.set("set", Function::new(ctx.clone(), set)?)?;
    natives.set("formParse", Function::new(ctx.clone(), form_parse)?)?;
    natives.set("formSerialize", Function::new(ctx.clone(), form_serialize)?)?;
    glue!("09_url.js").run(ctx, Some(natives))
}

/// The components `js/09_url.js` caches, in this order.
fn components<'js>(ctx: &Ctx<'js>, url: &Url) -> Result<Value<'js>> {
    let parts = [
        quirks::href(url),
        &origin(url),
        quirks::protocol(url),
        quirks::username(url),
        quirks::password(url),
        quirks::host(url),
        quirks::hostname(url),
        quirks::port(url),
        quirks::pathname(url),
        quirks::search(url),
        quirks::hash(url),
    ];
    let array = Array::new(ctx.clone())?;
    for (i, part) in parts.into_iter().enumerate() {
        array.set(i, part)?;
    }
    Ok(array.into_value())
}

/// The URL's origin. The `url` crate gives a blob URL the origin of any inner URL; the standard
/// only does so for inner `http:`/`https:` URLs, and says "null" otherwise.
fn origin(url: &Url) -> String {
    if url.scheme() == "blob" {
        match Url::parse(url.path()) {
            Ok(inner) if matches!(inner.scheme(), "http" | "https") => quirks::origin(&inner),
            _ => "null".to_string(),
        }
    } else {
        quirks::origin(url)
    }
}

/// `parse(input, base?)`: the components of the parsed URL, or `null` on failure.
fn parse<'js>(ctx: Ctx<'js>, input: String, base: Opt<String>) -> Result<Value<'js>> {
    let parsed = match base.0 {
        Some(base) => {
            Url::parse(&base).and_then(|base| base.join(&collapse_slashes(&base, &input)))
        }
        None => Url::parse(&input),
    };
    match parsed {
        Ok(url) => components(&ctx, &url),
        Err(_) => Ok(Value::new_null(ctx)),
    }
}

/// Relative input that starts with three or more slashes against a special (non-file) base is
/// scheme-relative: the standard skips every slash before the host, but the `url` crate rejects
/// it, so the run of slashes is shortened to the two it accepts.
fn collapse_slashes<'a>(base: &Url, input: &'a str) -> std::borrow::Cow<'a, str> {
    let special = matches!(base.scheme(), "http" | "https" | "ws" | "wss" | "ftp");
    let trimmed = input.trim_start_matches(|c: char| c <= ' ');
    let slashes = trimmed.len() - trimmed.trim_start_matches(['/', '\\']).len();
    if special && slashes >= 3 {
        format!("//{}", &trimmed[slashes..]).into()
    } else {
        input.into()
    }
}

/// `set(href, attribute, value)`: the components after the attribute's setter ran (an invalid
/// value leaves the URL unchanged, as the standard says), or `null` when `href` is set to
/// something that does not parse.
fn set<'js>(ctx: Ctx<'js>, href: String, attribute: String, value: String) -> Result<Value<'js>> {
    let Ok(mut url) = Url::parse(&href) else {
        return Ok(Value::new_null(ctx));
    };
    // Invalid values leave the URL as it was, so the setters' errors are deliberately dropped.
    match attribute.as_str() {
        "href" => {
            if quirks::set_href(&mut url, &value).is_err() {
                return Ok(Value::new_null(ctx));
            }
        }
        "protocol" => drop(quirks::set_protocol(&mut url, &value)),
        "username" => drop(quirks::set_username(&mut url, &value)),
        "password" => drop(quirks::set_password(&mut url, &value)),
        "host" => drop(quirks::set_host(&mut url, &value)),
        "hostname" => drop(quirks::set_hostname(&mut url, &value)),
        "port" => drop(quirks::set_port(&mut url, &value)),
        "pathname" => quirks::set_pathname(&mut url, &value),
        "search" => quirks::set_search(&mut url, &value),
        "hash" => quirks::set_hash(&mut url, &value),
        _ => return Ok(Value::new_null(ctx)),
    }
    components(&ctx, &url)
}

/// `formParse(query)`: the name/value pairs of an urlencoded string, flattened.
fn form_parse<'js>(ctx: Ctx<'js>, query: String) -> Result<Array<'js>> {
    let array = Array::new(ctx)?;
    let mut i = 0;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        array.set(i, name.as_ref())?;
        array.set(i + 1, value.as_ref())?;
        i += 2;
    }
    Ok(array)
}

/// `formSerialize(pairs)`: the urlencoded serialisation of flattened name/value pairs.
fn form_serialize(pairs: Vec<String>) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for pair in pairs.chunks(2) {
        if let [name, value] = pair {
            serializer.append_pair(name, value);
        }
    }
    serializer.finish()
}
