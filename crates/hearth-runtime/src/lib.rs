//! Hearth's Worker runtime: QuickJS isolates (one `rquickjs::Runtime` per isolate), the Web-API
//! layer, bindings and limits.
//!
//! The edge hands this crate an immutable [`WorkerCode`] (one deployed version) and an HTTP
//! request; the runtime picks an isolate thread, creates or reuses the isolate for that version and
//! returns the Worker's HTTP response. The control plane calls [`validate`] before accepting a
//! version.
//!
//! Architecture invariant: this crate knows nothing about the store, the API or routing. Everything
//! it needs arrives in [`WorkerCode`] and [`RuntimeConfig`]; other Workers (service bindings) are
//! reached through the [`ServiceResolver`] the embedder supplies.

pub mod code;


pub use code::*;
