//! Admin subcommands on a data dir: accounts and tokens.

use crate::cli::{AccountCmd, TokenCmd};
use anyhow::Context;
use hearth_store::{SqliteStore, Store};
use serde_json::json;

fn print(json_out: bool, value: serde_json::Value, human: String) {
    if json_out {
        println!("{value}");
    } else {
        println!("{human}");
    }
}

/// `hearth account ...`
pub fn account(cmd: AccountCmd) -> anyhow::Result<()> {
    match cmd {
        AccountCmd::Create {
            data,
            name,
            subdomain,
            email,
            json,
        } => {
            if let Some(s) = &subdomain {
                hearth_model::validate_subdomain(s).map_err(anyhow::Error::msg)?;
            }
            let store = SqliteStore::open(&data.data_dir)?;
            let email = email.unwrap_or_else(|| "admin@hearth.local".into());
            let a = store
                .create_account(None, &name, &email, subdomain.as_deref())
                .context("creating the account")?;
            print(
                json,
                serde_json::to_value(&a)?,
                format!(
                    "account {} created (name '{}', subdomain {:?})",
                    a.id, a.name, a.subdomain
                ),
            );
        }
        AccountCmd::List { data, json } => {
            let store = SqliteStore::open(&data.data_dir)?;
            let list = store.list_accounts()?;
            let human = list
                .iter()
                .map(|a| {
                    format!(
                        "{}  {}  {}",
                        a.id,
                        a.name,
                        a.subdomain.as_deref().unwrap_or("-")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(json, serde_json::to_value(&list)?, human);
        }
    }
    Ok(())
}

/// `hearth token ...`
pub fn token(cmd: TokenCmd) -> anyhow::Result<()> {
    match cmd {
        TokenCmd::Create {
            data,
            account,
            name,
            read_only,
            json,
        } => {
            let store = SqliteStore::open(&data.data_dir)?;
            let (t, secret) = store
                .create_token(&account, &name, read_only, None)
                .context("creating the token")?;
            print(
                json,
                json!({"id": t.id, "account_id": t.account_id, "name": t.name, "read_only": t.read_only, "token": secret}),
                format!(
                    "token {} created for account {}{}\n{}",
                    t.id,
                    t.account_id,
                    if read_only { " (read-only)" } else { "" },
                    secret
                ),
            );
        }
        TokenCmd::List { data, json } => {
            let store = SqliteStore::open(&data.data_dir)?;
            let list = store.list_tokens()?;
            let human = list
                .iter()
                .map(|t| {
                    format!(
                        "{}  {}  {}  {}{}",
                        t.id,
                        t.account_id,
                        t.name,
                        if t.read_only { "read-only" } else { "edit" },
                        if t.revoked_on.is_some() {
                            "  revoked"
                        } else {
                            ""
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(json, serde_json::to_value(&list)?, human);
        }
        TokenCmd::Revoke { data, id, json } => {
            let store = SqliteStore::open(&data.data_dir)?;
            let t = store.revoke_token(&id).context("revoking the token")?;
            print(
                json,
                serde_json::to_value(&t)?,
                format!("token {} revoked", t.id),
            );
        }
    }
    Ok(())
}
