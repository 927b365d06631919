//! Hearth's management API: the Cloudflare v4 REST API for Workers under `/client/v4`, served by
//! axum. One module per resource; [`envelope`] is the one place where errors become Cloudflare
//! codes and statuses.
//!
//! Architecture invariant: the API talks to the [`hearth_store::Store`] trait only; it validates
//! Worker code through the [`Validator`] the binary supplies and tells the edge about changes
//! through [`ChangeNotifier`] after each committed write, before answering.

pub mod auth;
mod dispatch;
pub mod envelope;
mod identity;
mod lookup;
mod related;
mod render;
mod scripts;
mod secrets;
mod services;
mod subdomain;
mod upload;
mod versions;
mod workers;

use axum::routing::get;
use axum::Router;
use hearth_store::Store;
use std::sync::Arc;

pub use upload::ValidationInput;

/// The outcome of validating a version's code.
#[derive(Debug, Clone, Default)]
pub struct ValidationOutcome {
    /// Handlers the Worker exports (`fetch`, `scheduled`, ...).
    pub handlers: Vec<String>,
    /// Time to compile and run the top-level code.
    pub startup_time_ms: u64,
}

/// Compiles a version's code and runs its top-level scope before the version is accepted.
pub trait Validator: Send + Sync + 'static {
    /// `Err` carries the engine's message, returned to the client as 400 / 10021.
    fn validate(&self, input: &ValidationInput<'_>) -> Result<ValidationOutcome, String>;
}

/// Told after every committed change, so that the edge serves it before the API answers.
pub trait ChangeNotifier: Send + Sync + 'static {
    /// A Worker was created, changed, deployed or deleted.
    fn worker_changed(&self, account_id: &str, worker_id: &str);
    /// An account's workers.dev subdomain changed.
    fn account_changed(&self, account_id: &str);
}

/// API settings.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Largest total size of a version's modules, in bytes (Cloudflare: 10 MB).
    pub max_script_bytes: usize,
    /// The workers.dev domain served by the edge (e.g. `workers.localhost`).
    pub workers_dev_domain: String,
    /// The edge's public base, for URLs in responses (e.g. `http://127.0.0.1:8080`).
    pub edge_url: String,
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct ApiState {
    pub store: Arc<dyn Store>,
    pub validator: Arc<dyn Validator>,
    pub notifier: Arc<dyn ChangeNotifier>,
    pub config: Arc<ApiConfig>,
}

/// The whole `/client/v4` router.
pub fn router(state: ApiState) -> Router {
    let v4 = Router::new()
        .merge(identity::routes())
        .merge(workers::routes())
        .merge(versions::routes())
        .merge(scripts::routes())
        .merge(secrets::routes())
        .merge(services::routes())
        .merge(subdomain::routes())
        .merge(dispatch::routes())
        .merge(related::routes())
        .method_not_allowed_fallback(identity::method_not_allowed);
    Router::new()
        .nest("/client/v4", v4)
        .route("/health", get(|| async { "ok" }))
        .fallback(identity::no_route)
        .with_state(state)
}
