//! Runs the embedded JavaScript glue files (`src/js/NN_name.js`).
//!
//! Each glue file is one function expression `(function (globalThis, natives) { ... })` that
//! returns the family's globals as an object; running a file evaluates that expression, calls it
//! with the context's global object and an object of Rust-implemented helpers for that family
//! (or `undefined`), and defines what it returned with `js/00_webidl.js` (WebIDL property
//! attributes, enumerable members, `Symbol.toStringTag`).
//!
//! Parsing is the expensive part, so each file is compiled to QuickJS bytecode once per process
//! (by the first context that installs it) and every later context only reads that bytecode.
//! The cache is write-once immutable bytes; it holds no reference into any runtime.

use rquickjs::{
    object::{AsProperty, Property, PropertyFlags},
    prelude::Rest,
    qjs, Ctx, Error, Function, Object, Result, Value,
};
use std::sync::OnceLock;

/// One embedded glue file: its name (for stack traces), its source and its bytecode cache.
pub(crate) struct Glue {
    pub name: &'static str,
    pub source: &'static str,
    pub bytecode: &'static OnceLock<Vec<u8>>,
}

/// Declares a [`Glue`] for `src/js/<file>`, with its own process-wide bytecode cache.
macro_rules! glue {
    ($file:literal) => {{
        static BYTECODE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        $crate::glue::Glue {
            name: concat!("hearth:", $file),
            source: include_str!(concat!("js/", $file)),
            bytecode: &BYTECODE,
        }
    }};
}
pub(crate) use glue;

impl Glue {
    /// Evaluates the file, calls its function with `globalThis` and `natives`, and defines the
    /// globals it returns.
    pub(crate) fn run<'js>(&self, ctx: &Ctx<'js>, natives: Option<Object<'js>>) -> Result<()> {
        let natives = match natives {
            Some(n) => n.into_value(),
            None => Value::new_undefined(ctx.clone()),
        };
        let exports: Object = self.function(ctx)?.call((ctx.globals(), natives))?;
        let define_globals: Function = glue!("00_webidl.js")
            .function(ctx)?
            .call((ctx.globals(),))?;
        define_globals.call((exports,))
    }

    /// Evaluates the file and calls its function with `globalThis` and `natives`, returning what
    /// it returns (for a file whose exports are not globals).
    pub(crate) fn call<'js>(&self, ctx: &Ctx<'js>, natives: Object<'js>) -> Result<Value<'js>> {
        self.function(ctx)?.call((ctx.globals(), natives))
    }

    /// The function the file evaluates to (compiled on first use in this process).
    fn function<'js>(&self, ctx: &Ctx<'js>) -> Result<Function<'js>> {
        let bytecode = match self.bytecode.get() {
            Some(b) => b,
            None => {
                let compiled = compile(ctx, self.name, self.source)?;
                self.bytecode.get_or_init(|| compiled)
            }
        };
        evaluate(ctx, bytecode)?
            .into_function()
            .ok_or_else(|| Error::new_loading_message(self.name, "must evaluate to a function"))
    }
}

/// Installs a family lazily: each of `names` becomes a configurable accessor on the global
/// object whose getter runs `load` (which defines the real, writable data properties, replacing
/// the accessors) and returns the loaded value; assigning first just stores the value. A context
/// that never touches the family never pays for its code. Existing globals of the same name are
/// replaced: QuickJS's own `DOMException`, `atob`, `btoa` and `performance` give way to these.
pub(crate) fn lazy_globals<'js>(
    ctx: &Ctx<'js>,
    names: &'static [&'static str],
    load: for<'a> fn(&Ctx<'a>) -> Result<()>,
) -> Result<()> {
    let globals = ctx.globals();
    for &name in names {
        // One function serves as both getter (no argument) and setter (one argument): half the
        // function objects per context.
        let accessor = move |ctx: Ctx<'js>, args: Rest<Value<'js>>| -> Result<Value<'js>> {
            let globals = ctx.globals();
            if let Some(value) = args.0.into_iter().next() {
                globals.prop(name, Property::from(value).writable().configurable())?;
                return Ok(Value::new_undefined(ctx));
            }
            load(&ctx)?;
            // Read the new data property through its descriptor: if `load` did not replace this
            // accessor, a plain get would call this getter again, forever.
            let object: Object = globals.get("Object")?;
            let describe: Function = object.get("getOwnPropertyDescriptor")?;
            let descriptor: Object = describe.call((globals, name))?;
            match descriptor.contains_key("value")? {
                true => descriptor.get("value"),
                false => Err(Error::new_loading_message(
                    name,
                    "its family did not define it",
                )),
            }
        };
        let accessor = Function::new(ctx.clone(), accessor)?;
        globals.prop(name, GetSet(accessor))?;
    }
    Ok(())
}

/// A configurable, non-enumerable accessor property whose getter and setter are one function.
struct GetSet<'js>(Function<'js>);

impl<'js> AsProperty<'js, ()> for GetSet<'js> {
    fn config(self, ctx: &Ctx<'js>) -> Result<(PropertyFlags, Value<'js>, Value<'js>, Value<'js>)> {
        let flags = qjs::JS_PROP_HAS_GET
            | qjs::JS_PROP_HAS_SET
            | qjs::JS_PROP_HAS_CONFIGURABLE
            | qjs::JS_PROP_CONFIGURABLE
            | qjs::JS_PROP_HAS_ENUMERABLE;
        let f = self.0.into_value();
        Ok((
            flags as PropertyFlags,
            Value::new_undefined(ctx.clone()),
            f.clone(),
            f,
        ))
    }
}

/// Checks a raw result for QuickJS's exception marker, taking ownership of the value.
fn checked<'js>(ctx: &Ctx<'js>, value: qjs::JSValue) -> Result<Value<'js>> {
    // SAFETY: `value` is a fresh, owned value produced in `ctx`.
    let value = unsafe { Value::from_raw(ctx.clone(), value) };
    if value.is_exception() {
        return Err(Error::Exception);
    }
    Ok(value)
}

/// Compiles `source` as a global script and serialises the resulting function to bytecode.
fn compile(ctx: &Ctx<'_>, name: &str, source: &str) -> Result<Vec<u8>> {
    let mut input = Vec::with_capacity(source.len() + 1);
    input.extend_from_slice(source.as_bytes());
    input.push(0); // QuickJS reads one byte past the end
    let filename = std::ffi::CString::new(name)?;
    let flags =
        qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_STRICT | qjs::JS_EVAL_FLAG_COMPILE_ONLY;
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: `input` is NUL-terminated and outlives the call; the result is checked.
    let function = checked(ctx, unsafe {
        qjs::JS_Eval(
            raw,
            input.as_ptr().cast(),
            source.len() as _,
            filename.as_ptr(),
            flags as i32,
        )
    })?;
    let mut len = 0;
    // SAFETY: `function` is a live compiled function of this context; the buffer is copied and
    // then released with the context's allocator.
    unsafe {
        let buf = qjs::JS_WriteObject(
            raw,
            &mut len,
            function.as_raw(),
            (qjs::JS_WRITE_OBJ_BYTECODE | qjs::JS_WRITE_OBJ_STRIP_SOURCE) as i32,
        );
        if buf.is_null() {
            return Err(Error::Exception);
        }
        let bytes = std::slice::from_raw_parts(buf, len as usize).to_vec();
        qjs::js_free(raw, buf.cast());
        Ok(bytes)
    }
}

/// Reads bytecode written by [`compile`] and runs it, returning the script's completion value.
fn evaluate<'js>(ctx: &Ctx<'js>, bytecode: &[u8]) -> Result<Value<'js>> {
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: `bytecode` was produced by `JS_WriteObject` of this same QuickJS build.
    let function = checked(ctx, unsafe {
        qjs::JS_ReadObject(
            raw,
            bytecode.as_ptr(),
            bytecode.len() as _,
            qjs::JS_READ_OBJ_BYTECODE as i32,
        )
    })?;
    // SAFETY: JS_EvalFunction consumes one reference, so it gets its own (`function` still
    // releases the one it holds when dropped).
    checked(ctx, unsafe {
        qjs::JS_EvalFunction(raw, qjs::JS_DupValue(raw, function.as_raw()))
    })
}
