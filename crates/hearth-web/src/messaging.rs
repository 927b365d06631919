//! Event types and channel messaging: `ErrorEvent`, `MessageEvent`, `MessageChannel` and
//! `MessagePort` (HTML). Ports deliver `structuredClone`d messages asynchronously as
//! `MessageEvent`s. JavaScript glue in `js/18_messaging.js`, on top of the events family.

use crate::glue::{glue, lazy_globals};
use rquickjs::{Ctx, Result};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &[
    "ErrorEvent",
    "MessageEvent",
    "MessageChannel",
    "MessagePort",
];

/// Defines this family's globals (lazily: the code loads when one of them is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the code now and defines the globals.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    glue!("18_messaging.js").run(ctx, None)
}
