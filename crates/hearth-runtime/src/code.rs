//! The runtime's input types: what one Worker version is, as the runtime sees it.

use bytes::Bytes;
use std::sync::Arc;

/// How the Worker's entry point is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerFormat {
    /// ES modules: `export default { fetch }` or a `WorkerEntrypoint` class.
    Modules,
    /// Service-worker syntax: `addEventListener("fetch", ...)`, bindings as globals.
    ServiceWorker,
}

/// The kind of one uploaded module, derived from its content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleKind {
    /// `application/javascript+module`, `text/javascript+module`.
    EsModule,
    /// `application/javascript`, `text/javascript` when not the service-worker entry: CommonJS.
    CommonJs,
    /// `text/plain`: imported as a string.
    Text,
    /// `application/octet-stream`: imported as an ArrayBuffer.
    Data,
    /// `application/json`: imported as the parsed value.
    Json,
    /// `application/wasm` (refused at validation until WebAssembly is supported).
    Wasm,
    /// `text/x-python` (run by the Python host, not QuickJS).
    Python,
    /// `application/source-map`: stored, never executed.
    SourceMap,
}

/// One module of a version.
#[derive(Debug, Clone)]
pub struct ModuleSource {
    /// The module's path, e.g. `index.js` or `lib/util.mjs`.
    pub name: String,
    pub kind: ModuleKind,
    pub body: Bytes,
}

/// A binding as the runtime materialises it in `env` (or as a global for service workers).
#[derive(Debug, Clone)]
pub enum RuntimeBinding {
    /// `plain_text`: a string.
    PlainText { name: String, text: String },
    /// `secret_text`: a string.
    SecretText { name: String, text: String },
    /// `json`: the parsed JSON value.
    Json {
        name: String,
        value: serde_json::Value,
    },
    /// `version_metadata`: `{id, tag, timestamp}`.
    VersionMetadata {
        name: String,
        id: String,
        tag: String,
        timestamp: String,
    },
    /// `service`: an object with `fetch()` that calls another Worker of the same account in
    /// process, resolved through [`ServiceResolver`].
    Service {
        name: String,
        service: String,
        entrypoint: Option<String>,
    },
    /// `dispatch_namespace` (Workers for Platforms): an object with `get(name, args, options)`
    /// returning a fetcher for user Worker `name` of the namespace, resolved through
    /// [`ServiceResolver::resolve_dispatch`].
    DispatchNamespace {
        name: String,
        namespace: String,
        /// Outbound Worker: every `fetch()` of the user Workers goes through it.
        outbound: Option<OutboundWorker>,
    },
}

/// Per-version limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// CPU time per request, in milliseconds (Cloudflare's standard default is 30 000).
    pub cpu_ms: u64,
    /// Memory limit of one isolate's heap, in bytes (default 128 MiB).
    pub memory_bytes: usize,
    /// Subrequests (outbound `fetch` + service calls) per request (default 50, as Cloudflare free;
    /// paid is 1000).
    pub subrequests: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            cpu_ms: 30_000,
            memory_bytes: 128 << 20,
            subrequests: 1000,
        }
    }
}

/// One immutable Worker version, everything the runtime needs to run it. Isolates are keyed by
/// `version_id`, so a `WorkerCode` never changes after it is built.
#[derive(Debug, Clone)]
pub struct WorkerCode {
    pub account_id: String,
    /// The Workers for Platforms dispatch namespace of a user Worker ("" for an account's own
    /// Workers): with the account, it partitions what the Worker can reach (e.g. its cache).
    pub namespace: String,
    pub script_name: String,
    pub version_id: String,
    pub format: WorkerFormat,
    /// Name of the entry module (`main_module`, or `body_part` for service workers).
    pub main_module: String,
    pub modules: Vec<ModuleSource>,
    pub bindings: Vec<RuntimeBinding>,
    pub compatibility_date: Option<String>,
    pub compatibility_flags: Vec<String>,
    pub limits: Limits,
}

/// `request.cf` of an incoming request, as JSON: put in the `http::Request`'s extensions by the
/// embedder (the edge), read when the Worker first touches `request.cf`.
#[derive(Debug, Clone)]
pub struct CfProperties(pub String);

/// Finds the code a service binding points at: the version chosen by the embedder's routing
/// (deployment percentages) for `service` in `account_id`. `None` if no such Worker is deployed.
pub trait ServiceResolver: Send + Sync + 'static {
    fn resolve(&self, account_id: &str, service: &str) -> Option<Arc<WorkerCode>>;

    /// Runs `code` if the embedder hosts it outside QuickJS (Python Workers): returns the
    /// response future, or gives the request back when QuickJS should run it.
    #[allow(clippy::result_large_err)]
    fn run_elsewhere(
        &self,
        _code: &Arc<WorkerCode>,
        req: http::Request<crate::Body>,
        _request_id: &str,
    ) -> Result<
        futures_util::future::BoxFuture<'static, http::Response<crate::Body>>,
        http::Request<crate::Body>,
    > {
        Err(req)
    }

    /// Finds user Worker `script` of dispatch namespace `namespace` in `account_id`.
    fn resolve_dispatch(
        &self,
        _account_id: &str,
        _namespace: &str,
        _script: &str,
    ) -> Option<Arc<WorkerCode>> {
        None
    }
}

/// A dispatch namespace's outbound Worker: a Worker of the same account, and the names of the
/// parameters the dispatcher passes to it (`get(name, args, {outbound: {param: value}})`).
#[derive(Debug, Clone)]
pub struct OutboundWorker {
    pub service: String,
    pub params: Vec<String>,
}

/// What a caller sets for one call (Workers for Platforms `get(name, args, {limits, outbound})`):
/// limits, each capped by the version's own, and the outbound Worker its `fetch()`es go through.
#[derive(Debug, Clone, Default)]
pub struct CallLimits {
    pub cpu_ms: Option<u64>,
    pub subrequests: Option<u32>,
    pub outbound: Option<Arc<WorkerCode>>,
}
