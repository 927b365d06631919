//! Hearth's Worker runtime: QuickJS isolates (one `rquickjs::AsyncRuntime` per isolate), the
//! Web-API layer, bindings and limits.
//!
//! The edge hands this crate an immutable [`WorkerCode`] (one deployed version) and an HTTP
//! request; the runtime picks an isolate thread, creates or reuses the isolate for that version and
//! returns the Worker's HTTP response. The control plane calls [`validate`] before accepting a
//! version.
//!
//! Architecture invariant: this crate knows nothing about the store, the API or routing. Everything
//! it needs arrives in [`WorkerCode`] and [`RuntimeConfig`]; other Workers (service bindings) are
//! reached through the [`ServiceResolver`] the embedder supplies.
//!
//! Code map: [`pool`] (isolate threads, [`Runtime`]), `isolate` (one QuickJS runtime per version),
//! `loader` (module graph), `limits` (CPU/memory), `fetch/` (Headers/Request/Response, bodies,
//! outbound client, egress policy), `timers`, `console`, `bindings`, `cache` (the Cache API's
//! shared store), `websocket` (WebSockets handed to the edge), `errors` (error pages),
//! `validate` (upload-time checks). JS glue lives in `src/js/`.

mod bindings;
pub mod cache;
pub mod code;
mod config;
mod console;
mod errors;
mod fetch;
mod form_data;
mod glue;
mod isolate;
mod limits;
mod loader;
pub mod pool;
mod timers;
mod validate;
pub mod websocket;

pub use code::*;
pub use config::{EgressPolicy, LogEvent, LogLevel, LogSink, RuntimeConfig};
pub use fetch::body::{Body, BoxError};
/// Outbound HTTP under an egress policy, for other Worker hosts (the Python host's `fetch`).
pub use fetch::client::{new_client as egress_client, HttpClient};
/// Parses PEM CA certificates (to check `EgressPolicy::extra_ca_pem` at start-up).
pub use fetch::tls::parse_pem_certs;
pub use isolate::ScheduledOutcome;
pub use pool::Runtime;
pub use validate::{validate, ValidationReport};
pub use websocket::{LinkEnds, WebSocketLink, WsFrame};
