//! Runtime-wide configuration.

use std::sync::Arc;

/// Where outbound `fetch` may go.
#[derive(Debug, Clone, Default)]
pub struct EgressPolicy {
    /// Allow loopback, private (RFC 1918 / ULA), link-local and other non-global destinations.
    /// Default `false`: Workers may only reach public addresses.
    pub allow_private: bool,
    /// Extra CA certificates (PEM) that `https://` fetches trust besides the host's CA store.
    pub extra_ca_pem: Vec<u8>,
}

/// Severity of a Worker's `console.*` call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Debug,
    Log,
    Info,
    Warn,
    Error,
}

/// One line a Worker logged (or the runtime logged about a Worker, e.g. an uncaught exception).
#[derive(Debug, Clone)]
pub struct LogEvent {
    pub level: LogLevel,
    pub script: String,
    pub version_id: String,
    /// The request being served when the line was logged (empty outside any request).
    pub request_id: String,
    pub message: String,
}

/// Receives every [`LogEvent`] in addition to the `tracing` event (e.g. for `wrangler tail`).
pub type LogSink = Arc<dyn Fn(&LogEvent) + Send + Sync>;

/// Configuration of a [`crate::Runtime`].
#[derive(Clone)]
pub struct RuntimeConfig {
    /// Number of isolate threads (0 = number of CPUs).
    pub threads: usize,
    /// Total memory for cached isolates across all threads; idle isolates are evicted LRU beyond it.
    pub memory_budget_bytes: usize,
    /// Outbound `fetch` policy.
    pub egress: EgressPolicy,
    /// How long `ctx.waitUntil` work may continue after the response was sent.
    pub wait_until_ms: u64,
    /// Largest request/response body `text()`/`arrayBuffer()` may buffer in an isolate.
    pub max_buffered_body_bytes: usize,
    /// Optional extra receiver of Worker logs.
    pub log_sink: Option<LogSink>,
    /// Memory for the Cache API's entries (`caches.default`, `caches.open`), all accounts
    /// together; least recently used entries are evicted beyond it.
    pub cache_budget_bytes: usize,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            threads: 0,
            memory_budget_bytes: 512 << 20,
            egress: EgressPolicy::default(),
            wait_until_ms: 30_000,
            max_buffered_body_bytes: 128 << 20,
            log_sink: None,
            cache_budget_bytes: 64 << 20,
        }
    }
}

impl std::fmt::Debug for RuntimeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuntimeConfig")
            .field("threads", &self.threads)
            .field("memory_budget_bytes", &self.memory_budget_bytes)
            .field("egress", &self.egress)
            .field("wait_until_ms", &self.wait_until_ms)
            .field("max_buffered_body_bytes", &self.max_buffered_body_bytes)
            .field("log_sink", &self.log_sink.is_some())
            .field("cache_budget_bytes", &self.cache_budget_bytes)
            .finish()
    }
}
