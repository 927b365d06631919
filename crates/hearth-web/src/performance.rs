//! `performance` (`now()`, `timeOrigin`, `toJSON()`) and `navigator` (`userAgent` is
//! "Cloudflare-Workers"). The time origin is taken when the family is installed, that is when
//! the context is set up; it is kept in the context's user data (plain Rust data, no JavaScript
//! references), so the lazily loaded glue can read it later.

use crate::glue::{glue, lazy_globals};
use rquickjs::{Ctx, Function, JsLifetime, Object, Result};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["performance", "Performance", "navigator", "Navigator"];

/// When this context was created, as a monotonic instant and in Unix milliseconds.
#[derive(JsLifetime)]
struct TimeOrigin {
    instant: Instant,
    unix_ms: f64,
}

/// Records the context's time origin and defines this family's globals (lazily).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    let unix_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1e3)
        .unwrap_or(0.0);
    // Installing twice keeps the first origin.
    if ctx.userdata::<TimeOrigin>().is_none() {
        let origin = TimeOrigin {
            instant: Instant::now(),
            unix_ms,
        };
        ctx.store_userdata(origin)
            .map_err(|e| rquickjs::Error::new_loading_message("performance", e.to_string()))?;
    }
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the code now and defines `performance` and `navigator`.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    let natives = Object::new(ctx.clone())?;
    natives.set("now", Function::new(ctx.clone(), now)?)?;
    natives.set("timeOrigin", Function::new(ctx.clone(), time_origin)?)?;
    glue!("13_performance.js").run(ctx, Some(natives))
}

/// Milliseconds since the time origin.
fn now(ctx: Ctx<'_>) -> f64 {
    ctx.userdata::<TimeOrigin>()
        .map(|o| o.instant.elapsed().as_secs_f64() * 1e3)
        .unwrap_or(0.0)
}

/// The time origin in Unix milliseconds.
fn time_origin(ctx: Ctx<'_>) -> f64 {
    ctx.userdata::<TimeOrigin>()
        .map(|o| o.unix_ms)
        .unwrap_or(0.0)
}
