//! WHATWG Streams: `ReadableStream` (default and byte streams, BYOB readers, `tee`, async
//! iteration, `from`), `WritableStream`, `TransformStream`, their readers, writers and
//! controllers, and the two queuing strategies. Written in JavaScript (`js/06_streams.js`)
//! because the standard is specified as JavaScript-observable promise choreography; every
//! object lives on the QuickJS heap, so nothing here outlives the runtime.

use crate::glue::{glue, lazy_globals};
use rquickjs::{Ctx, Result};

/// The globals this family defines.
pub const GLOBALS: &[&str] = &[
    "ReadableStream",
    "ReadableStreamDefaultReader",
    "ReadableStreamBYOBReader",
    "ReadableStreamDefaultController",
    "ReadableByteStreamController",
    "ReadableStreamBYOBRequest",
    "WritableStream",
    "WritableStreamDefaultWriter",
    "WritableStreamDefaultController",
    "TransformStream",
    "TransformStreamDefaultController",
    "ByteLengthQueuingStrategy",
    "CountQueuingStrategy",
];

/// Defines this family's globals (lazily: the code loads when one of them is first read).
pub fn install(ctx: &Ctx<'_>) -> Result<()> {
    lazy_globals(ctx, GLOBALS, load)
}

/// Loads the family's code now and defines its globals.
pub fn load(ctx: &Ctx<'_>) -> Result<()> {
    glue!("06_streams.js").run(ctx, None)
}
