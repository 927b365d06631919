//! Hearth's store: accounts, tokens, Workers, immutable versions, deployments and schedules.
//!
//! [`Store`] is the interface the API and the edge use; [`sqlite::SqliteStore`] is the embedded
//! default (WAL, `synchronous=FULL`, every write one transaction, module bodies stored once by
//! sha256). A PostgreSQL implementation can follow behind the same trait.
//!
//! Architecture invariant: the store knows nothing about HTTP; it enforces the data rules
//! (uniqueness, deployment validity, migration tags) and reports violations as [`StoreError`].

pub mod records;
pub mod sqlite;

pub use records::*;
pub use sqlite::SqliteStore;

/// What a store operation can fail with. The API maps each variant to a Cloudflare error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The named thing does not exist (or belongs to another account).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness rule was violated (e.g. a Worker name is taken).
    #[error("{0}")]
    Conflict(String),
    /// The request breaks a data rule (e.g. deployment percentages).
    #[error("{0}")]
    Invalid(String),
    /// A Durable Object migration tag does not match the Worker's current tag.
    #[error("{0}")]
    MigrationTag(String),
    /// The database failed.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// Stored JSON could not be decoded.
    #[error("corrupt stored JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result alias for store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The store interface. Every method that writes is one transaction.
pub trait Store: Send + Sync + 'static {
    // --- accounts and tokens ---
    /// Creates an account; `id` may be fixed (bootstrap) or random.
    fn create_account(
        &self,
        id: Option<&str>,
        name: &str,
        email: &str,
        subdomain: Option<&str>,
    ) -> Result<Account>;
    /// Looks an account up by id.
    fn get_account(&self, id: &str) -> Result<Option<Account>>;
    /// All accounts, oldest first.
    fn list_accounts(&self) -> Result<Vec<Account>>;
    /// Sets or clears an account's workers.dev subdomain (Conflict if another account has it).
    fn set_account_subdomain(&self, id: &str, subdomain: Option<&str>) -> Result<Account>;
    /// Finds the account owning a workers.dev subdomain.
    fn account_by_subdomain(&self, subdomain: &str) -> Result<Option<Account>>;
    /// Creates a token; `secret` may be fixed (bootstrap) or random. Returns the record and the
    /// secret, which is never stored.
    fn create_token(
        &self,
        account_id: &str,
        name: &str,
        read_only: bool,
        secret: Option<&str>,
    ) -> Result<(Token, String)>;
    /// All tokens (revoked ones included), oldest first.
    fn list_tokens(&self) -> Result<Vec<Token>>;
    /// Revokes a token by id.
    fn revoke_token(&self, id: &str) -> Result<Token>;
    /// Finds the live token with this secret (constant-time comparison of its hash).
    fn verify_token(&self, secret: &str) -> Result<Option<Token>>;

    // --- Workers ---
    /// Creates a Worker (Conflict with code 10040 semantics if the name is taken).
    fn create_worker(&self, new: &NewWorker) -> Result<Worker>;
    /// Finds a Worker by 32-hex id or by name.
    fn find_worker(&self, scope: &Scope, id_or_name: &str) -> Result<Option<Worker>>;
    /// Lists a scope's Workers.
    fn list_workers(&self, scope: &Scope) -> Result<Vec<Worker>>;
    /// Replaces a Worker's name, settings and subdomain flags.
    fn update_worker(&self, worker: &Worker) -> Result<Worker>;
    /// Deletes a Worker with its versions, deployments and schedules.
    fn delete_worker(&self, scope: &Scope, worker_id: &str) -> Result<()>;

    // --- versions and deployments ---
    /// Creates a version of an existing Worker; with `deploy`, also deploys it at 100% in the
    /// same transaction. With `upsert`, creates the Worker first if needed (the multipart PUT).
    fn create_version(&self, req: &CreateVersion) -> Result<(Worker, Version, Option<Deployment>)>;
    /// A version by UUID, unique prefix of at least 8 characters, or `latest`.
    fn find_version(&self, worker_id: &str, id: &str) -> Result<Option<Version>>;
    /// Versions of a Worker, newest first.
    fn list_versions(&self, worker_id: &str) -> Result<Vec<Version>>;
    /// Deletes a version that no current deployment uses.
    fn delete_version(&self, worker_id: &str, version_id: &str) -> Result<()>;
    /// Module bodies of a version, in upload order.
    fn version_modules(&self, version_id: &str) -> Result<Vec<ModuleBody>>;
    /// Creates a deployment (validating versions and percentages, applying migrations).
    fn create_deployment(&self, worker_id: &str, new: &NewDeployment) -> Result<Deployment>;
    /// Deployments of a Worker, newest first.
    fn list_deployments(&self, worker_id: &str) -> Result<Vec<Deployment>>;
    /// One deployment by id.
    fn get_deployment(&self, worker_id: &str, id: &str) -> Result<Option<Deployment>>;
    /// Deletes a deployment that is not the current one.
    fn delete_deployment(&self, worker_id: &str, id: &str) -> Result<()>;

    // --- schedules ---
    /// Replaces a Worker's cron schedules.
    fn set_schedules(&self, worker_id: &str, crons: &[String]) -> Result<Vec<Schedule>>;
    /// A Worker's cron schedules.
    fn schedules(&self, worker_id: &str) -> Result<Vec<Schedule>>;

    // --- Workers for Platforms ---
    /// Creates a dispatch namespace (Conflict if the name is taken in the account).
    fn create_namespace(&self, account_id: &str, name: &str) -> Result<Namespace>;
    /// An account's dispatch namespaces, oldest first, with their script counts.
    fn list_namespaces(&self, account_id: &str) -> Result<Vec<Namespace>>;
    /// One dispatch namespace by name.
    fn get_namespace(&self, account_id: &str, name: &str) -> Result<Option<Namespace>>;
    /// Renames a namespace (its user Workers move with it) and sets `trusted_workers`.
    fn update_namespace(
        &self,
        account_id: &str,
        name: &str,
        new_name: &str,
        trusted_workers: bool,
    ) -> Result<Namespace>;
    /// Deletes a namespace with all its user Workers.
    fn delete_namespace(&self, account_id: &str, name: &str) -> Result<()>;
}
