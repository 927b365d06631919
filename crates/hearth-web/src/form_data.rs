//! `FormData` (WHATWG XMLHttpRequest): entries of USVStrings and Files, with live iterators.
//! JavaScript glue in `js/17_form_data.js` (on top of the blob family's `Blob` and `File`);
//! `multipart/form-data` bodies are parsed by [`crate::multipart`] and written by
//! `hearth-runtime`'s fetch glue.

use crate::glue::{glue, lazy_globals};
use rquickjs::{Ctx, Result};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["FormData"];

/// Defines `FormData` (lazily: the code loads when it is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the code now and defines `FormData`.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    glue!("17_form_data.js").run(ctx, None)
}
