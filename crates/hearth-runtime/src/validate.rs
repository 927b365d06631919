//! Upload-time validation: compile every module and run the Worker's top-level code once.

use crate::code::{ModuleKind, WorkerCode};
use crate::isolate::{describe, Host, Isolate};
use crate::loader::{wasm_unsupported, VersionLoader};
use rquickjs::{CatchResultExt, Context, Module, Runtime};
use std::sync::Arc;
use std::time::Instant;

/// What validation learned about a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationReport {
    /// Handlers the Worker exports, e.g. `["fetch", "scheduled"]`.
    pub handlers: Vec<String>,
    /// Time to create the isolate and run the top-level code.
    pub startup_time_ms: u64,
}

struct NoServices;
impl crate::ServiceResolver for NoServices {
    fn resolve(&self, _: &str, _: &str) -> Option<Arc<WorkerCode>> {
        None
    }
}

/// Compiles every JS module and runs the Worker's top-level code in a fresh isolate (on a helper
/// thread; call it from a blocking context). `Err` carries the engine's message, e.g.
/// `Uncaught SyntaxError: unexpected token in expression: '}' at index.js:3:1`.
pub fn validate(code: &WorkerCode) -> Result<ValidationReport, String> {
    if let Some(m) = code.modules.iter().find(|m| m.kind == ModuleKind::Wasm) {
        return Err(wasm_unsupported(&m.name));
    }
    let main = code.modules.iter().find(|m| m.name == code.main_module);
    if main.is_some_and(|m| m.kind == ModuleKind::Python) {
        // Python Workers are validated and run by the Python host, not QuickJS.
        return Ok(ValidationReport {
            handlers: Vec::new(),
            startup_time_ms: 0,
        });
    }
    if main.is_none() {
        return Err(format!(
            "The main module \"{}\" was not found among the uploaded modules",
            code.main_module
        ));
    }
    let code = Arc::new(code.clone());
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("hearth-validate".into())
            .stack_size(8 << 20)
            .spawn_scoped(s, || validate_on_this_thread(code))
            .map_err(|e| e.to_string())?;
        handle
            .join()
            .map_err(|_| "validation panicked".to_string())?
    })
}

fn compile_all(code: &WorkerCode) -> Result<(), String> {
    let rt = Runtime::new().map_err(|e| e.to_string())?;
    rt.set_memory_limit(code.limits.memory_bytes);
    let shared = Arc::new(code.clone());
    rt.set_loader(
        VersionLoader {
            code: shared.clone(),
            cache: None,
        },
        VersionLoader {
            code: shared,
            cache: None,
        },
    );
    for m in &code.modules {
        // A fresh context per module, so each can be declared under its real name.
        let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
        ctx.with(|ctx| {
            let src = String::from_utf8_lossy(&m.body);
            let r = match (m.kind, code.format) {
                (ModuleKind::EsModule, crate::WorkerFormat::Modules) => {
                    Module::declare(ctx.clone(), m.name.clone(), src.as_bytes()).map(|_| ())
                }
                (ModuleKind::EsModule, crate::WorkerFormat::ServiceWorker) => return Ok(()),
                (ModuleKind::CommonJs, _) if m.name != code.main_module => {
                    let wrapped = format!(
                        "(function (exports, require, module, __filename, __dirname) {{{src}\n}})"
                    );
                    let mut opts = rquickjs::context::EvalOptions::default();
                    opts.filename = Some(m.name.clone());
                    opts.strict = false;
                    ctx.eval_with_options::<rquickjs::Value, _>(wrapped, opts)
                        .map(|_| ())
                }
                (ModuleKind::Json, _) => {
                    serde_json::from_slice::<serde_json::Value>(&m.body)
                        .map_err(|e| format!("Invalid JSON module \"{}\": {e}", m.name))?;
                    return Ok(());
                }
                _ => return Ok(()),
            };
            r.catch(&ctx).map_err(|e| describe(&ctx, e).uncaught())
        })?;
    }
    Ok(())
}

fn validate_on_this_thread(code: Arc<WorkerCode>) -> Result<ValidationReport, String> {
    compile_all(&code)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let local = tokio::task::LocalSet::new();
    let config = Arc::new(crate::RuntimeConfig {
        threads: 1,
        ..Default::default()
    });
    local.block_on(&rt, async move {
        let host = Host::new(
            config,
            Arc::new(NoServices),
            std::sync::Weak::new(),
            Arc::default(),
        );
        let start = Instant::now();
        let isolate = Isolate::create(code, host).await.map_err(|e| e.message)?;
        let report = ValidationReport {
            handlers: isolate.handlers.clone(),
            startup_time_ms: start.elapsed().as_millis() as u64,
        };
        drop(isolate);
        Ok(report)
    })
}
