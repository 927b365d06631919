//! Shared harness for the JavaScript checks in `tests/js/`: a fresh QuickJS runtime and full
//! context per file, `hearth_web::install_all`, the assertion helpers of `tests/js/_harness.js`,
//! then every exported function of the test module, driven until the runtime is idle. The
//! runtime is dropped at the end, so a teardown that would trip QuickJS's leak assertion aborts
//! the test.

#![allow(dead_code)]

use rquickjs::{AsyncContext, AsyncRuntime, Ctx, Function, Module, Value};
use std::future::Future;
use std::path::PathBuf;

/// Path of a file under this crate's `tests/` directory.
pub fn test_path(relative: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests")).join(relative)
}

/// Runs `f` to completion on a current-thread tokio runtime.
pub fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(f)
}

/// The outcome of one JS test file.
pub struct Report {
    pub passed: Vec<String>,
    pub failed: Vec<String>,
}

impl Report {
    /// Panics with every failure when any check failed.
    pub fn assert_all_passed(&self) {
        println!("{} checks passed", self.passed.len());
        assert!(
            self.failed.is_empty(),
            "{} of {} checks failed:\n{}",
            self.failed.len(),
            self.failed.len() + self.passed.len(),
            self.failed.join("\n")
        );
        assert!(!self.passed.is_empty(), "no checks ran");
    }
}

/// Runs the checks exported by `tests/js/<file>` in a fresh context; `setup` runs first (after
/// `install_all`) and can add globals the checks need.
pub fn run_js_checks(file: &str, setup: impl for<'js> FnOnce(&Ctx<'js>)) -> Report {
    let source = std::fs::read_to_string(test_path(&format!("js/{file}"))).expect("test file");
    let harness = std::fs::read_to_string(test_path("js/_harness.js")).expect("harness");
    block_on(async move {
        let rt = AsyncRuntime::new().expect("runtime");
        let ctx = AsyncContext::full(&rt).await.expect("context");
        ctx.with(|ctx| {
            hearth_web::install_all(&ctx).expect("install_all");
            setup(&ctx);
            ctx.eval::<(), _>(harness)
                .map_err(|e| show(&ctx, e))
                .expect("harness");
            let (module, evaluated) = Module::declare(ctx.clone(), file, source)
                .and_then(|m| m.eval())
                .map_err(|e| show(&ctx, e))
                .expect("test module");
            let run: Function = ctx.globals().get("__runTests").unwrap();
            let ns = module.namespace().unwrap();
            run.call::<_, Value>((ns, evaluated))
                .map_err(|e| show(&ctx, e))
                .unwrap();
        })
        .await;
        rt.idle().await;
        let report = ctx
            .with(|ctx| {
                let results: Option<String> = ctx.globals().get("__results").unwrap();
                let current: Option<String> = ctx.globals().get("__current").unwrap();
                match results {
                    Some(text) => parse(&text),
                    None => {
                        let partial: Vec<String> =
                            ctx.globals().get("__partial").unwrap_or_default();
                        let mut report = parse(&partial.join("\n"));
                        report
                            .failed
                            .push(format!("{current:?}: never settled (the run stopped here)"));
                        report
                    }
                }
            })
            .await;
        drop(ctx);
        drop(rt);
        report
    })
}

fn parse(text: &str) -> Report {
    let mut report = Report {
        passed: vec![],
        failed: vec![],
    };
    let mut last_failed = false;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("PASS ") {
            report.passed.push(name.to_string());
            last_failed = false;
        } else if let Some(rest) = line.strip_prefix("FAIL ") {
            report.failed.push(rest.to_string());
            last_failed = true;
        } else if last_failed {
            let last = report.failed.last_mut().unwrap();
            last.push('\n');
            last.push_str(line);
        }
    }
    report
}

/// Turns a pending JS exception into a readable error message.
pub fn show(ctx: &Ctx<'_>, e: rquickjs::Error) -> String {
    if let rquickjs::Error::Exception = e {
        let v = ctx.catch();
        if let Some(obj) = v.as_object() {
            let msg: String = obj.get("message").unwrap_or_default();
            let stack: String = obj.get("stack").unwrap_or_default();
            return format!("{msg}\n{stack}");
        }
        return format!("{v:?}");
    }
    e.to_string()
}
