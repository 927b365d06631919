//! The records the store keeps, as plain data.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An account (tenant).
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    /// E-mail shown by `/user` for this account's tokens.
    pub email: String,
    /// workers.dev subdomain, if registered.
    pub subdomain: Option<String>,
    pub created_on: String,
}

/// An API token (the secret itself is never stored).
#[derive(Debug, Clone, Serialize)]
pub struct Token {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub read_only: bool,
    pub created_on: String,
    pub revoked_on: Option<String>,
}

/// Which Workers an operation sees: an account's own, or one dispatch namespace's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub account_id: String,
    /// Dispatch namespace name; empty for ordinary Workers.
    pub namespace: String,
}

impl Scope {
    /// The ordinary Workers of an account.
    pub fn account(account_id: &str) -> Scope {
        Scope {
            account_id: account_id.to_string(),
            namespace: String::new(),
        }
    }
}

/// A Worker (script): its identity and script-level (unversioned) settings.
#[derive(Debug, Clone)]
pub struct Worker {
    pub id: String,
    pub account_id: String,
    pub namespace: String,
    pub name: String,
    /// Script-level settings as JSON: `logpush`, `observability`, `tags`, `tail_consumers`.
    pub settings: Map<String, Value>,
    pub subdomain_enabled: bool,
    pub previews_enabled: bool,
    pub migration_tag: Option<String>,
    pub last_deployed_from: Option<String>,
    pub created_on: String,
    pub updated_on: String,
    pub deployed_on: Option<String>,
}

/// What creating a Worker needs.
#[derive(Debug, Clone)]
pub struct NewWorker {
    pub scope: Scope,
    pub name: String,
    pub settings: Map<String, Value>,
    pub subdomain_enabled: bool,
    pub previews_enabled: bool,
}

/// One module of a version (metadata; the body is in the blob table).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModuleRec {
    pub name: String,
    pub content_type: String,
    pub sha256: String,
    pub size: u64,
}

/// A module with its body.
#[derive(Debug, Clone)]
pub struct ModuleBody {
    pub name: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// The versioned settings of a Worker version, stored as one JSON document. Optional fields are
/// `None` when the client did not send them, so reads echo exactly what was configured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VersionDoc {
    /// `modules` or `service-worker`.
    pub format: String,
    /// Entry module (`main_module`), or the `body_part` for service workers.
    pub main_module: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_flags: Option<Vec<String>>,
    /// Binding objects as sent (secret text included; never returned by the API).
    #[serde(default)]
    pub bindings: Vec<Value>,
    /// Whether the client sent `bindings` at all (to omit them on read when it did not).
    #[serde(default)]
    pub bindings_sent: bool,
    #[serde(default)]
    pub annotations: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrations: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_model: Option<String>,
    /// Other version fields to echo verbatim (containers, assets config, cache_options, ...).
    #[serde(default)]
    pub extra: Map<String, Value>,
    #[serde(default)]
    pub modules: Vec<ModuleRec>,
    /// Exported handlers found at validation (`fetch`, `scheduled`, ...).
    #[serde(default)]
    pub handlers: Vec<String>,
    #[serde(default)]
    pub startup_time_ms: u64,
}

/// An immutable Worker version.
#[derive(Debug, Clone)]
pub struct Version {
    pub id: String,
    pub worker_id: String,
    pub number: i64,
    pub created_on: String,
    /// Who created it: `api`, `wrangler`, `terraform`, ...
    pub source: String,
    pub author_email: String,
    pub doc: VersionDoc,
}

/// A module to store with a new version.
#[derive(Debug, Clone)]
pub struct NewModule {
    pub name: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// What creating a version needs.
#[derive(Debug, Clone)]
pub struct CreateVersion {
    pub scope: Scope,
    /// Worker id or name.
    pub worker: String,
    /// Create the Worker (by name) if it does not exist, with these settings.
    pub upsert: Option<NewWorker>,
    /// Script-level settings to merge into the Worker (multipart PUT metadata: logpush, tags, ...).
    pub settings_patch: Map<String, Value>,
    pub doc: VersionDoc,
    pub modules: Vec<NewModule>,
    /// Binding types to copy from the latest version when not given (`keep_bindings`).
    pub keep_bindings: Vec<String>,
    pub source: String,
    pub author_email: String,
    /// Deploy at 100% in the same transaction.
    pub deploy: bool,
    /// `workers/triggered_by` annotation for the version (and deployment).
    pub triggered_by: String,
}

/// One version's share of a deployment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DeploymentVersion {
    pub version_id: String,
    pub percentage: f64,
}

/// A deployment: the traffic split over one or two versions.
#[derive(Debug, Clone)]
pub struct Deployment {
    pub id: String,
    pub worker_id: String,
    pub created_on: String,
    pub source: String,
    pub author_email: String,
    pub strategy: String,
    pub versions: Vec<DeploymentVersion>,
    pub annotations: Map<String, Value>,
}

/// What creating a deployment needs.
#[derive(Debug, Clone)]
pub struct NewDeployment {
    pub strategy: String,
    pub versions: Vec<DeploymentVersion>,
    pub annotations: Map<String, Value>,
    pub source: String,
    pub author_email: String,
}

/// A cron schedule of a Worker.
#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    pub cron: String,
    pub created_on: String,
    pub modified_on: String,
}

/// A Workers for Platforms dispatch namespace.
#[derive(Debug, Clone, Serialize)]
pub struct Namespace {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub trusted_workers: bool,
    pub created_on: String,
    pub modified_on: String,
    /// Number of user Workers in it.
    pub script_count: i64,
}
