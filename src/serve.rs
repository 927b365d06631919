//! `hearth serve`: opens the store, bootstraps the first account and token, binds the API and
//! edge listeners, writes the ready file, and shuts down gracefully on SIGTERM/SIGINT.

use crate::cli::ServeArgs;
use crate::glue::{EdgeNotifier, RuntimeValidator};
use anyhow::Context;
use hearth_api::{ApiConfig, ApiState};
use hearth_edge::{Edge, EdgeConfig, EdgeResolver};
use hearth_runtime::{EgressPolicy, Runtime, RuntimeConfig};
use hearth_store::{SqliteStore, Store};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Creates the first account and token on an empty store, from `HEARTH_BOOTSTRAP_*` or at random.
fn bootstrap(store: &dyn Store) -> anyhow::Result<()> {
    if !store.list_accounts()?.is_empty() {
        return Ok(());
    }
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let account_id = env("HEARTH_BOOTSTRAP_ACCOUNT_ID");
    if let Some(id) = &account_id {
        anyhow::ensure!(
            id.len() == 32
                && id
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
            "HEARTH_BOOTSTRAP_ACCOUNT_ID must be 32 lowercase hex characters"
        );
    }
    let subdomain = env("HEARTH_BOOTSTRAP_SUBDOMAIN")
        .unwrap_or_else(|| format!("hearth-{}", &hearth_model::new_hex_id()[..6]));
    hearth_model::validate_subdomain(&subdomain).map_err(anyhow::Error::msg)?;
    let account = store.create_account(
        account_id.as_deref(),
        "Hearth",
        "admin@hearth.local",
        Some(&subdomain),
    )?;
    let (token, secret) = store.create_token(
        &account.id,
        "bootstrap",
        false,
        env("HEARTH_BOOTSTRAP_TOKEN").as_deref(),
    )?;
    println!("Hearth bootstrap (shown once):");
    println!("  account id:  {}", account.id);
    println!("  subdomain:   {subdomain}");
    println!("  api token:   {secret}   (id {})", token.id);
    Ok(())
}

fn write_ready_file(
    path: &Path,
    api: std::net::SocketAddr,
    edge: std::net::SocketAddr,
) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    let body =
        serde_json::json!({"api": format!("http://{api}"), "edge": format!("http://{edge}")});
    std::fs::write(&tmp, body.to_string())?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = term.recv() => {},
        _ = tokio::signal::ctrl_c() => {},
    }
}

/// Runs the server until a shutdown signal.
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let egress_ca_pem = match &args.egress_ca_file {
        Some(path) => {
            let pem = std::fs::read(path)
                .with_context(|| format!("reading --egress-ca-file {}", path.display()))?;
            hearth_runtime::parse_pem_certs(&pem)
                .map_err(|e| anyhow::anyhow!("--egress-ca-file {}: {e}", path.display()))?;
            pem
        }
        None => Vec::new(),
    };
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&args.data.data_dir).context("opening the store")?);
    bootstrap(store.as_ref())?;

    let python = hearth_python::PythonConfig {
        egress_allow_private: args.allow_private_egress,
        ..Default::default()
    };
    let edge = Edge::new(
        EdgeConfig {
            workers_dev_domain: args.workers_dev_domain.clone(),
            colo: args.colo.clone(),
            trust_forwarded_for: args.trust_forwarded_for,
            egress_ca_pem: egress_ca_pem.clone(),
        },
        store.clone(),
        python,
    );
    let runtime = Arc::new(Runtime::new(
        RuntimeConfig {
            threads: args.threads,
            memory_budget_bytes: args.isolate_memory_mb << 20,
            cache_budget_bytes: args.cache_memory_mb << 20,
            egress: EgressPolicy {
                allow_private: args.allow_private_egress,
                extra_ca_pem: egress_ca_pem,
            },
            ..RuntimeConfig::default()
        },
        Arc::new(EdgeResolver(Arc::downgrade(&edge))),
    ));
    edge.set_runtime(runtime.clone());

    let api_listener = TcpListener::bind(args.api_listen)
        .await
        .with_context(|| format!("binding the API on {}", args.api_listen))?;
    let edge_listener = TcpListener::bind(args.edge_listen)
        .await
        .with_context(|| format!("binding the edge on {}", args.edge_listen))?;
    let api_addr = api_listener.local_addr()?;
    let edge_addr = edge_listener.local_addr()?;

    let state = ApiState {
        store: store.clone(),
        validator: Arc::new(RuntimeValidator(edge.clone())),
        notifier: Arc::new(EdgeNotifier(edge.clone())),
        config: Arc::new(ApiConfig {
            max_body_bytes: args.max_body_bytes,
            max_script_bytes: args.max_script_bytes,
            workers_dev_domain: args.workers_dev_domain.clone(),
            edge_url: format!("http://{edge_addr}"),
        }),
    };
    let app = hearth_api::router(state);

    let (stop_tx, stop_rx) = watch::channel(false);
    let wait_stop = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let grace = Duration::from_secs(args.shutdown_grace_secs);
    let api_task = tokio::spawn({
        let rx = stop_rx.clone();
        async move {
            axum::serve(api_listener, app)
                .with_graceful_shutdown(wait_stop(rx))
                .await
        }
    });
    let edge_task = tokio::spawn(hearth_edge::serve(
        edge.clone(),
        edge_listener,
        wait_stop(stop_rx.clone()),
        grace,
    ));

    let cron_task = tokio::spawn(hearth_edge::scheduler::run(
        edge.clone(),
        wait_stop(stop_rx.clone()),
    ));
    tracing::info!(api = %api_addr, edge = %edge_addr, domain = %args.workers_dev_domain, "hearth is serving");
    if let Some(path) = &args.ready_file {
        write_ready_file(path, api_addr, edge_addr).context("writing the ready file")?;
    }

    shutdown_signal().await;
    tracing::info!("shutting down: no new connections; finishing in-flight requests");
    let _ = stop_tx.send(true);
    let _ = tokio::time::timeout(grace, api_task).await;
    let _ = tokio::time::timeout(grace, edge_task).await;
    let _ = cron_task.await;
    runtime.shutdown();
    drop(store);
    tracing::info!("stopped");
    Ok(())
}
