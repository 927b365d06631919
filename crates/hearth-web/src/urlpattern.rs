//! `URLPattern` (WHATWG URL Pattern Standard). The `urlpattern` crate parses patterns and
//! canonicalises inputs; it hands back each component's pattern string, ECMAScript regular
//! expression and group names, and `js/14_urlpattern.js` compiles and runs those regular
//! expressions with QuickJS's own `RegExp`, as the standard specifies.

use crate::glue::{glue, lazy_globals};
use rquickjs::{Array, Ctx, Exception, Function, Object, Result, Value};
use std::borrow::Cow;
use urlpattern::quirks::{self, EcmaRegexp, StringOrInit, UrlPatternInit};
use urlpattern::{RegexSyntax, UrlPatternOptions};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["URLPattern"];

/// The component names, in the order the standard lists them.
const COMPONENTS: [&str; 8] = [
    "protocol", "username", "password", "hostname", "port", "pathname", "search", "hash",
];

/// Defines `URLPattern` (lazily: the code loads when it is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the code now and defines `URLPattern`.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    let natives = Object::new(ctx.clone())?;
    natives.set("parse", Function::new(ctx.clone(), parse)?)?;
    natives.set("matchInput", Function::new(ctx.clone(), match_input)?)?;
    glue!("14_urlpattern.js").run(ctx, Some(natives))
}

/// A pattern or match input: a string, or a URLPatternInit already converted by the JS side
/// (an object whose members are strings or undefined).
fn input_of<'js>(value: Value<'js>) -> Result<StringOrInit<'static>> {
    if let Some(s) = value.as_string() {
        return Ok(StringOrInit::String(Cow::Owned(s.to_string()?)));
    }
    let object = value
        .into_object()
        .unwrap_or_else(|| unreachable!("checked by the caller"));
    let field = |name: &str| object.get::<_, Option<String>>(name);
    Ok(StringOrInit::Init(UrlPatternInit {
        protocol: field("protocol")?,
        username: field("username")?,
        password: field("password")?,
        hostname: field("hostname")?,
        port: field("port")?,
        pathname: field("pathname")?,
        search: field("search")?,
        hash: field("hash")?,
        base_url: field("baseURL")?,
    }))
}

/// `parse(input, baseURL?, ignoreCase)`: `{hasRegExpGroups, <component>: [pattern, regexp,
/// groupNames]}`, or a TypeError.
fn parse<'js>(
    ctx: Ctx<'js>,
    input: Value<'js>,
    base_url: Option<String>,
    ignore_case: bool,
) -> Result<Object<'js>> {
    let input = input_of(input)?;
    let options = UrlPatternOptions {
        regex_syntax: RegexSyntax::EcmaScript,
        ignore_case,
    };
    let pattern = quirks::process_construct_pattern_input(input, base_url.as_deref())
        .and_then(|init| quirks::parse_pattern::<EcmaRegexp>(init, options))
        .map_err(|e| Exception::throw_type(&ctx, &format!("URLPattern: {e}")))?;
    let out = Object::new(ctx.clone())?;
    out.set("hasRegExpGroups", pattern.has_regexp_groups)?;
    let parts = [
        pattern.protocol,
        pattern.username,
        pattern.password,
        pattern.hostname,
        pattern.port,
        pattern.pathname,
        pattern.search,
        pattern.hash,
    ];
    for (name, component) in COMPONENTS.into_iter().zip(parts) {
        let entry = Array::new(ctx.clone())?;
        entry.set(0, component.pattern_string)?;
        entry.set(1, component.regexp_string)?;
        entry.set(2, component.group_name_list)?;
        out.set(name, entry)?;
    }
    Ok(out)
}

/// `matchInput(input, baseURL?)`: the canonical component values to match against, `null` when
/// the input is not a URL, or a TypeError (an init object together with a base URL).
fn match_input<'js>(
    ctx: Ctx<'js>,
    input: Value<'js>,
    base_url: Option<String>,
) -> Result<Value<'js>> {
    let input = input_of(input)?;
    let processed = quirks::process_match_input(input, base_url.as_deref())
        .map_err(|e| Exception::throw_type(&ctx, &format!("URLPattern: {e}")))?;
    let Some(values) = processed.and_then(|(input, _)| quirks::parse_match_input(input)) else {
        return Ok(Value::new_null(ctx));
    };
    let out = Object::new(ctx.clone())?;
    let fields = [
        values.protocol,
        values.username,
        values.password,
        values.hostname,
        values.port,
        values.pathname,
        values.search,
        values.hash,
    ];
    for (name, value) in COMPONENTS.into_iter().zip(fields) {
        out.set(name, value)?;
    }
    Ok(out.into_value())
}
