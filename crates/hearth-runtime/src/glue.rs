//! The runtime's JS glue (`src/js/*.js`): compiled to QuickJS bytecode once per process and
//! loaded into each new isolate, so isolates do not re-parse it. Each file is a function
//! expression `(function (native, internal) { ... })` that installs its globals. Source text is
//! stripped from the bytecode (line numbers are kept for stack traces).

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

fn compile() -> Result<Vec<Vec<u8>>, String> {
    let rt = Runtime::new().map_err(|e| e.to_string())?;
    let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
    ctx.with(|ctx| {
        FILES
            .iter()
            .map(|(name, src)| {
                Module::declare(ctx.clone(), *name, format!("export default ({src});"))
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

/// Runs every glue file in `ctx` with the `native` functions and the shared `internal` object.
pub fn install<'js>(
    ctx: &rquickjs::Ctx<'js>,
    native: &Object<'js>,
    internal: &Object<'js>,
) -> rquickjs::Result<()> {
    let files = bytecode()
        .as_ref()
        .map_err(|e| rquickjs::Exception::throw_internal(ctx, e))?;
    for bytes in files {
        // SAFETY: the bytecode was produced by `compile` above, by this same QuickJS build.
        let module = unsafe { Module::load(ctx.clone(), bytes) }?;
        let (module, promise) = module.eval()?;
        promise.finish::<()>()?;
        let f: Value = module.get("default")?;
        if let Some(f) = f.as_function() {
            f.call::<_, ()>((native.clone(), internal.clone()))?;
        } else {
            return Err(rquickjs::Exception::throw_internal(
                ctx,
                "glue file is not a function",
            ));
        }
    }
    Ok(())
}
