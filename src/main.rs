//! `hearth`: the binary. `hearth serve` runs the control-plane API and the edge; the other
//! subcommands administer accounts and tokens in a data dir (also while the server runs).

mod admin;
mod cli;
mod glue;
mod serve;

use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HEARTH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        cli::Command::Serve(args) => serve::run(args),
        cli::Command::Account(cmd) => admin::account(cmd),
        cli::Command::Token(cmd) => admin::token(cmd),
    }
}
