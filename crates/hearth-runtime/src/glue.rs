//! The runtime's JS glue (`src/js/*.js`): compiled to QuickJS bytecode once per process and
//! loaded into each new isolate, so isolates do not re-parse it. Each file is a function
//! expression `(function (native, internal) { ... })` that installs its globals. Source text is
//! stripped from the bytecode (line numbers are kept for stack traces).
//!
//! [`LAZY`] files are compiled the same way but loaded into an isolate only when its JavaScript
//! asks for them (`native.lazyGlue(name)`, from a small eager stub that defines lazy globals):
//! bytecode loaded into a QuickJS runtime lives as long as the runtime, so an idle isolate of a
//! Worker that never touches WebSockets or the Cache API does not carry their code.

use rquickjs::module::WriteOptions;
use rquickjs::{CatchResultExt, Context, Module, Object, Runtime, Value};
use std::sync::OnceLock;

const FILES: [(&str, &str); 6] = [
    ("hearth:fetch.js", include_str!("js/fetch.js")),
    ("hearth:cache.js", include_str!("js/cache.js")),
    ("hearth:websocket.js", include_str!("js/websocket.js")),
    ("hearth:console.js", include_str!("js/console.js")),
    ("hearth:timers.js", include_str!("js/timers.js")),
    ("hearth:worker.js", include_str!("js/worker.js")),
];

/// Glue loaded on demand: (name for `native.lazyGlue`, file name, source).
const LAZY: [(&str, &str, &str); 2] = [
    (
        "cache",
        "hearth:cache_impl.js",
        include_str!("js/cache_impl.js"),
    ),
    (
        "websocket",
        "hearth:websocket_impl.js",
        include_str!("js/websocket_impl.js"),
    ),
];

fn compile() -> Result<Vec<Vec<u8>>, String> {
    let rt = Runtime::new().map_err(|e| e.to_string())?;
    let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
    ctx.with(|ctx| {
        FILES
            .iter()
            .copied()
            .chain(LAZY.iter().map(|(_, file, src)| (*file, *src)))
            .map(|(name, src)| {
                Module::declare(ctx.clone(), name, format!("export default ({src});"))
                    .and_then(|m| {
                        m.write(WriteOptions {
                            strip_source: true,
                            ..WriteOptions::default()
                        })
                    })
                    .catch(&ctx)
                    .map_err(|e| format!("compiling the runtime's JS glue {name}: {e}"))
            })
            .collect::<Result<Vec<_>, String>>()
    })
}

fn bytecode() -> &'static Result<Vec<Vec<u8>>, String> {
    static BYTECODE: OnceLock<Result<Vec<Vec<u8>>, String>> = OnceLock::new();
    BYTECODE.get_or_init(compile)
}

/// Evaluates one compiled glue module and returns its default export (the file's function).
fn load_module<'js>(ctx: &rquickjs::Ctx<'js>, bytes: &[u8]) -> rquickjs::Result<Value<'js>> {
    // SAFETY: the bytecode was produced by `compile` above, by this same QuickJS build.
    let module = unsafe { Module::load(ctx.clone(), bytes) }?;
    let (module, promise) = module.eval()?;
    promise.finish::<()>()?;
    let f: Value = module.get("default")?;
    if f.is_function() {
        Ok(f)
    } else {
        Err(rquickjs::Exception::throw_internal(
            ctx,
            "glue file is not a function",
        ))
    }
}

/// Runs every eager glue file in `ctx` with the `native` functions and the shared `internal`
/// object, and adds `native.lazyGlue(name)`, which loads a [`LAZY`] file and returns its function
/// (the caller runs it once and keeps what it returns).
pub fn install<'js>(
    ctx: &rquickjs::Ctx<'js>,
    native: &Object<'js>,
    internal: &Object<'js>,
) -> rquickjs::Result<()> {
    let files = bytecode()
        .as_ref()
        .map_err(|e| rquickjs::Exception::throw_internal(ctx, e))?;
    native.set(
        "lazyGlue",
        rquickjs::Function::new(
            ctx.clone(),
            |ctx: rquickjs::Ctx<'js>, name: String| -> rquickjs::Result<Value<'js>> {
                let files = bytecode()
                    .as_ref()
                    .map_err(|e| rquickjs::Exception::throw_internal(&ctx, e))?;
                match LAZY.iter().position(|(n, _, _)| *n == name) {
                    Some(i) => load_module(&ctx, &files[FILES.len() + i]),
                    None => Err(rquickjs::Exception::throw_internal(
                        &ctx,
                        &format!("no lazy glue named {name}"),
                    )),
                }
            },
        )?,
    )?;
    for bytes in &files[..FILES.len()] {
        let f = load_module(ctx, bytes)?;
        f.as_function()
            .expect("checked by load_module")
            .call::<_, ()>((native.clone(), internal.clone()))?;
    }
    Ok(())
}
