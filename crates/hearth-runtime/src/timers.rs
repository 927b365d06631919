//! Timers. Callbacks stay in JS (`js/timers.js`); Rust sleeps on the isolate thread's tokio timer
//! inside a future owned by the isolate's QuickJS runtime, then calls `fire(id)`. Pending timers
//! are dropped with the runtime before it is freed, so teardown with live timers is safe.

use rquickjs::{Ctx, Function, Object, Result};
use std::time::Duration;

/// Adds `native.timer(id, ms, repeat, fire)`.
pub fn install<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> Result<()> {
    native.set(
        "timer",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, id: f64, ms: f64, repeat: bool, fire: Function<'js>| {
                let period = Duration::from_micros((ms.max(0.0) * 1000.0) as u64);
                let period = if repeat {
                    period.max(Duration::from_millis(1))
                } else {
                    period
                };
                ctx.spawn(async move {
                    let mut next = tokio::time::Instant::now() + period;
                    loop {
                        tokio::time::sleep_until(next).await;
                        let keep: bool = fire.call((id,)).unwrap_or(false);
                        if !repeat || !keep {
                            break;
                        }
                        next = (next + period).max(tokio::time::Instant::now());
                    }
                });
            },
        )?,
    )?;
    Ok(())
}
