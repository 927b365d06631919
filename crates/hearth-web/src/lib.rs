//! Hearth's Web-API families that need nothing from the isolate's event loop or the network:
//! each family is one module with one `install(ctx)` entry point, and [`install_all`] is the list
//! of what they add to a Worker's global scope. `hearth-runtime` calls [`install_all`] and adds
//! the families that need its engine (fetch, timers, console).

use rquickjs::Ctx;

/// Installs every family of this crate into `ctx`'s global object.
pub fn install_all(_ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    Ok(())
}
