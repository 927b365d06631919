//! Command-line interface: flags with `HEARTH_*` environment equivalents.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Hearth: self-hosted, Cloudflare Workers compatible.
#[derive(Parser, Debug)]
#[command(name = "hearth", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the control-plane API and the edge.
    Serve(ServeArgs),
    /// Manage accounts.
    #[command(subcommand)]
    Account(AccountCmd),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCmd),
}

/// Where the data lives (shared by every subcommand).
#[derive(Args, Debug, Clone)]
pub struct DataDir {
    /// Data directory (SQLite database and keys).
    #[arg(long, env = "HEARTH_DATA_DIR", default_value = "./hearth-data")]
    pub data_dir: PathBuf,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataDir,
    /// Address of the management API (`/client/v4/...`).
    #[arg(long, env = "HEARTH_API_LISTEN", default_value = "127.0.0.1:8787")]
    pub api_listen: SocketAddr,
    /// Address of the edge (Worker traffic).
    #[arg(long, env = "HEARTH_EDGE_LISTEN", default_value = "127.0.0.1:8080")]
    pub edge_listen: SocketAddr,
    /// Domain under which Workers answer: `<script>.<account-subdomain>.<domain>`.
    #[arg(
        long,
        env = "HEARTH_WORKERS_DEV_DOMAIN",
        default_value = "workers.localhost"
    )]
    pub workers_dev_domain: String,
    /// The `request.cf.colo` Workers see (an IATA-style code naming this site).
    #[arg(long, env = "HEARTH_COLO", default_value = "HRTH")]
    pub colo: String,
    /// Take the client's address from the `X-Forwarded-For` header set by a proxy in front of
    /// the edge (e.g. one terminating TLS) instead of from the TCP peer. Only turn this on when
    /// every request reaches the edge through such a proxy: clients could forge it otherwise.
    #[arg(long, env = "HEARTH_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,
    /// Once both listeners are bound, write `{"api": "http://IP:PORT", "edge": "http://IP:PORT"}` here.
    #[arg(long, env = "HEARTH_READY_FILE")]
    pub ready_file: Option<PathBuf>,
    /// Largest API request body in bytes.
    #[arg(long, env = "HEARTH_MAX_BODY_BYTES", default_value_t = 100 << 20)]
    pub max_body_bytes: usize,
    /// Largest total size of one version's modules in bytes (Cloudflare's paid limit: 10 MB).
    #[arg(long, env = "HEARTH_MAX_SCRIPT_BYTES", default_value_t = 10 << 20)]
    pub max_script_bytes: usize,
    /// Isolate threads (0 = one per CPU).
    #[arg(long, env = "HEARTH_THREADS", default_value_t = 0)]
    pub threads: usize,
    /// Memory budget for cached isolates, in MiB (idle isolates are evicted beyond it).
    #[arg(long, env = "HEARTH_ISOLATE_MEMORY_MB", default_value_t = 1024)]
    pub isolate_memory_mb: usize,
    /// Memory for the Cache API (`caches.default`, `caches.open`) across all accounts, in MiB.
    #[arg(long, env = "HEARTH_CACHE_MEMORY_MB", default_value_t = 64)]
    pub cache_memory_mb: usize,
    /// Let Workers' outbound fetch reach loopback, private and link-local addresses (off by default).
    #[arg(long, env = "HEARTH_ALLOW_PRIVATE_EGRESS", default_value_t = false)]
    pub allow_private_egress: bool,
    /// PEM file of extra CA certificates that Workers' `https://` fetches trust, besides the
    /// host's CA store (e.g. an internal CA).
    #[arg(long, env = "HEARTH_EGRESS_CA_FILE")]
    pub egress_ca_file: Option<PathBuf>,
    /// Seconds to let in-flight requests finish on shutdown.
    #[arg(long, env = "HEARTH_SHUTDOWN_GRACE_SECS", default_value_t = 10)]
    pub shutdown_grace_secs: u64,
}

#[derive(Subcommand, Debug)]
pub enum AccountCmd {
    /// Create an account (with a workers.dev subdomain when given).
    Create {
        #[command(flatten)]
        data: DataDir,
        #[arg(long)]
        name: String,
        #[arg(long)]
        subdomain: Option<String>,
        /// E-mail shown by `/user` (wrangler whoami).
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List accounts.
    List {
        #[command(flatten)]
        data: DataDir,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCmd {
    /// Create an API token for an account (printed once).
    Create {
        #[command(flatten)]
        data: DataDir,
        #[arg(long)]
        account: String,
        #[arg(long, default_value = "api token")]
        name: String,
        /// Reads only: writes get 403.
        #[arg(long)]
        read_only: bool,
        #[arg(long)]
        json: bool,
    },
    /// List tokens (never their secrets).
    List {
        #[command(flatten)]
        data: DataDir,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token by id.
    Revoke {
        #[command(flatten)]
        data: DataDir,
        id: String,
        #[arg(long)]
        json: bool,
    },
}
