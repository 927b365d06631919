//! `Blob` and `File` (W3C File API): `size`, `type`, `slice`, `text()`, `arrayBuffer()`,
//! `bytes()` and `stream()` (a byte stream). JavaScript glue in `js/12_blob.js`, loaded on
//! first use; the bytes live on the QuickJS heap, so they count against its memory limit.

use crate::glue::{glue, lazy_globals};
use rquickjs::{Ctx, Result};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["Blob", "File"];

/// Defines `Blob` and `File` (lazily: the code loads when one of them is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the code now and defines `Blob` and `File`.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    glue!("12_blob.js").run(ctx, None)
}
