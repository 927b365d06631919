//! Events and errors: `DOMException`, `Event`, `CustomEvent`, `EventTarget`,
//! `AbortController`, `AbortSignal` (with `abort`, `any`, and `timeout`, which calls the global
//! `setTimeout` that `hearth-runtime` installs), and `reportError`. JavaScript glue in
//! `js/01_dom_exception.js` and `js/02_event.js`, loaded on first use.

use crate::glue::{glue, lazy_globals};
use rquickjs::{Ctx, Result};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &[
    "DOMException",
    "Event",
    "CustomEvent",
    "EventTarget",
    "AbortController",
    "AbortSignal",
    "reportError",
];

/// Defines this family's globals (lazily: the code loads when one of them is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the family's code now and defines its globals.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    glue!("01_dom_exception.js").run(ctx, None)?;
    glue!("02_event.js").run(ctx, None)
}
