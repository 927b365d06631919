//! `structuredClone`: the HTML structured clone of primitives, wrappers, `Date`, `RegExp`,
//! `Map`, `Set`, arrays, plain objects, `ArrayBuffer` and views (with `transfer`), errors,
//! `DOMException` and `Blob`/`File`, keeping shared references and cycles; functions, symbols
//! and non-serialisable platform objects throw a `DataCloneError`. JavaScript glue in
//! `js/03_structured_clone.js`, loaded on first use.

use crate::glue::{glue, lazy_globals};
use rquickjs::{Ctx, Result};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &["structuredClone"];

/// Defines `structuredClone` (lazily: the code loads when it is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the code now and defines `structuredClone`.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    glue!("03_structured_clone.js").run(ctx, None)
}
