//! `console.*`: formatting happens in `js/console.js`; each call arrives here as one line and
//! becomes a `tracing` event with the script, version and request id (and goes to the log sink).

use crate::code::WorkerCode;
use crate::config::{LogEvent, LogLevel, RuntimeConfig};
use crate::isolate::IsolateShared;
use rquickjs::{Ctx, Function, Object, Result};
use std::rc::Rc;

/// Emits one Worker log line, attributed to the request it most likely belongs to.
pub fn emit(shared: &IsolateShared, level: LogLevel, message: String) {
    let request_id = shared
        .meter
        .attributed()
        .map(|b| b.request_id.clone())
        .unwrap_or_default();
    emit_for(
        &shared.host.config,
        &shared.code,
        request_id,
        level,
        message,
    );
}

/// Emits one log line about `code` (also used when no isolate exists, e.g. a failed startup).
pub fn emit_for(
    config: &RuntimeConfig,
    code: &WorkerCode,
    request_id: String,
    level: LogLevel,
    message: String,
) {
    macro_rules! ev {
        ($lvl:expr) => {
            tracing::event!(target: "hearth::worker", $lvl, script = %code.script_name, version = %code.version_id, request_id = %request_id, "{}", message)
        };
    }
    match level {
        LogLevel::Debug => ev!(tracing::Level::DEBUG),
        LogLevel::Log | LogLevel::Info => ev!(tracing::Level::INFO),
        LogLevel::Warn => ev!(tracing::Level::WARN),
        LogLevel::Error => ev!(tracing::Level::ERROR),
    }
    if let Some(sink) = &config.log_sink {
        sink(&LogEvent {
            level,
            script: code.script_name.clone(),
            version_id: code.version_id.clone(),
            request_id,
            message,
        });
    }
}

/// Adds `native.log(level, message)`.
pub fn install<'js>(
    ctx: &Ctx<'js>,
    native: &Object<'js>,
    shared: &Rc<IsolateShared>,
) -> Result<()> {
    let shared = shared.clone();
    native.set(
        "log",
        Function::new(ctx.clone(), move |level: u32, message: String| {
            let level = match level {
                0 => LogLevel::Debug,
                1 => LogLevel::Log,
                2 => LogLevel::Info,
                3 => LogLevel::Warn,
                _ => LogLevel::Error,
            };
            emit(&shared, level, message);
        })?,
    )?;
    Ok(())
}
