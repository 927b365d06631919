//! Hearth's domain types, with Cloudflare's JSON shapes and rules: ids, timestamps, names,
//! bindings, module content types, deployments.
//!
//! Architecture invariant: this crate knows nothing about HTTP, SQL or JavaScript engines.

pub mod bindings;
pub mod ids;
pub mod modules;
pub mod names;

pub use bindings::{validate_binding, BindingKind, Support};
pub use ids::{new_hex_id, new_token_secret, new_uuid, now_rfc3339};
pub use modules::{ContentKind, ModuleFormat};
pub use names::{validate_script_name, validate_subdomain};
