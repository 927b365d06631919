//! Hearth's Web-API families that need nothing from the isolate's event loop or the network:
//! each family is one module with one `install(ctx)` entry point, and [`install_all`] is the list
//! of what they add to a Worker's global scope. `hearth-runtime` calls [`install_all`] and adds
//! the families that need its engine (fetch, timers, console).
//!
//! Where an API is simpler in JavaScript (streams, events, WebIDL argument handling) its code
//! lives in `src/js/`, numbered by load order, embedded with `include_str!` and compiled to
//! bytecode once per process; Rust natives do the byte and parsing work. `README.md` describes
//! the design, the measured costs and the known gaps.

pub mod blob;
pub mod compression;
pub mod crypto;
pub mod encoding;
pub mod events;
pub mod form_data;
mod glue;
pub mod html_rewriter;
pub mod messaging;
pub mod multipart;
pub mod performance;
pub mod streams;
pub mod structured_clone;
mod subtle;
pub mod url;
pub mod urlpattern;

use rquickjs::Ctx;

/// Installs every family of this crate into `ctx`'s global object.
///
/// Each family is installed lazily: its globals exist at once (as accessors), and its code loads
/// the first time one of them is read (see `README.md`). Globals defined:
/// - events: `DOMException`, `Event`, `CustomEvent`, `EventTarget`, `AbortController`,
///   `AbortSignal`, `reportError`
/// - structured_clone: `structuredClone`
/// - streams: `ReadableStream`, `ReadableStreamDefaultReader`, `ReadableStreamBYOBReader`,
///   `ReadableStreamDefaultController`, `ReadableByteStreamController`,
///   `ReadableStreamBYOBRequest`, `WritableStream`, `WritableStreamDefaultWriter`,
///   `WritableStreamDefaultController`, `TransformStream`, `TransformStreamDefaultController`,
///   `ByteLengthQueuingStrategy`, `CountQueuingStrategy`
/// - url: `URL`, `URLSearchParams`
/// - urlpattern: `URLPattern`
/// - encoding: `TextEncoder`, `TextDecoder`, `atob`, `btoa`, `TextEncoderStream`,
///   `TextDecoderStream`
/// - crypto: `crypto`, `Crypto`, `SubtleCrypto`, `CryptoKey` (`crypto.subtle`'s operations and
///   `crypto.DigestStream` load on their first use)
/// - blob: `Blob`, `File`
/// - performance: `performance`, `Performance`, `navigator`, `Navigator`
/// - compression: `CompressionStream`, `DecompressionStream`
/// - form_data: `FormData`
/// - messaging: `ErrorEvent`, `MessageEvent`, `MessageChannel`, `MessagePort`
/// - html_rewriter: `HTMLRewriter`
pub fn install_all(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    events::install(ctx)?;
    structured_clone::install(ctx)?;
    streams::install(ctx)?;
    url::install(ctx)?;
    urlpattern::install(ctx)?;
    encoding::install(ctx)?;
    crypto::install(ctx)?;
    blob::install(ctx)?;
    performance::install(ctx)?;
    compression::install(ctx)?;
    form_data::install(ctx)?;
    messaging::install(ctx)?;
    html_rewriter::install(ctx)?;
    Ok(())
}
