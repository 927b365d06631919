//! Accounts and API tokens.

use super::opt;
use crate::{Account, Result, StoreError, Token};
use hearth_model::{new_hex_id, new_token_secret, now_rfc3339};
use rusqlite::{params, Connection, Row};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

fn account_row(r: &Row) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        subdomain: r.get(3)?,
        created_on: r.get(4)?,
    })
}

const ACCOUNT_COLS: &str = "id, name, email, subdomain, created_on";

pub fn create_account(
    c: &Connection,
    id: Option<&str>,
    name: &str,
    email: &str,
    subdomain: Option<&str>,
) -> Result<Account> {
    let id = id.map(str::to_string).unwrap_or_else(new_hex_id);
    if let Some(s) = subdomain {
        if by_subdomain(c, s)?.is_some() {
            return Err(StoreError::Conflict(format!(
                "subdomain '{s}' is already taken"
            )));
        }
    }
    if get_account(c, &id)?.is_some() {
        return Err(StoreError::Conflict(format!("account {id} already exists")));
    }
    c.execute(
        "INSERT INTO accounts (id, name, email, subdomain, created_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, email, subdomain, now_rfc3339()],
    )?;
    get_account(c, &id)?.ok_or(StoreError::NotFound("account"))
}

pub fn get_account(c: &Connection, id: &str) -> Result<Option<Account>> {
    opt(c.query_row(
        &format!("SELECT {ACCOUNT_COLS} FROM accounts WHERE id = ?1"),
        [id],
        account_row,
    ))
}

pub fn by_subdomain(c: &Connection, sub: &str) -> Result<Option<Account>> {
    opt(c.query_row(
        &format!("SELECT {ACCOUNT_COLS} FROM accounts WHERE subdomain = ?1"),
        [sub],
        account_row,
    ))
}

pub fn list_accounts(c: &Connection) -> Result<Vec<Account>> {
    let mut st = c.prepare(&format!(
        "SELECT {ACCOUNT_COLS} FROM accounts ORDER BY created_on, id"
    ))?;
    let rows = st
        .query_map([], account_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn set_subdomain(c: &Connection, id: &str, sub: Option<&str>) -> Result<Account> {
    if let Some(s) = sub {
        if let Some(other) = by_subdomain(c, s)? {
            if other.id != id {
                return Err(StoreError::Conflict(format!(
                    "subdomain '{s}' is already taken"
                )));
            }
        }
    }
    let n = c.execute(
        "UPDATE accounts SET subdomain = ?2 WHERE id = ?1",
        params![id, sub],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound("account"));
    }
    get_account(c, id)?.ok_or(StoreError::NotFound("account"))
}

fn token_row(r: &Row) -> rusqlite::Result<Token> {
    Ok(Token {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        read_only: r.get(3)?,
        created_on: r.get(4)?,
        revoked_on: r.get(5)?,
    })
}

const TOKEN_COLS: &str = "id, account_id, name, read_only, created_on, revoked_on";

fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

pub fn create_token(
    c: &Connection,
    account_id: &str,
    name: &str,
    read_only: bool,
    secret: Option<&str>,
) -> Result<(Token, String)> {
    if get_account(c, account_id)?.is_none() {
        return Err(StoreError::NotFound("account"));
    }
    let secret = secret.map(str::to_string).unwrap_or_else(new_token_secret);
    if secret.len() < 16 {
        return Err(StoreError::Invalid(
            "a token must be at least 16 characters long".into(),
        ));
    }
    let id = new_hex_id();
    let hash = hash_secret(&secret);
    c.execute(
        "INSERT INTO tokens (id, account_id, name, hash, read_only, created_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, account_id, name, hash, read_only, now_rfc3339()],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            StoreError::Conflict("this token already exists".into())
        }
        e => e.into(),
    })?;
    let t = opt(c.query_row(
        &format!("SELECT {TOKEN_COLS} FROM tokens WHERE id = ?1"),
        [&id],
        token_row,
    ))?;
    Ok((t.ok_or(StoreError::NotFound("token"))?, secret))
}

pub fn list_tokens(c: &Connection) -> Result<Vec<Token>> {
    let mut st = c.prepare(&format!(
        "SELECT {TOKEN_COLS} FROM tokens ORDER BY created_on, id"
    ))?;
    let rows = st
        .query_map([], token_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn revoke_token(c: &Connection, id: &str) -> Result<Token> {
    let n = c.execute(
        "UPDATE tokens SET revoked_on = COALESCE(revoked_on, ?2) WHERE id = ?1",
        params![id, now_rfc3339()],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound("token"));
    }
    opt(c.query_row(
        &format!("SELECT {TOKEN_COLS} FROM tokens WHERE id = ?1"),
        [id],
        token_row,
    ))?
    .ok_or(StoreError::NotFound("token"))
}

pub fn verify_token(c: &Connection, secret: &str) -> Result<Option<Token>> {
    let hash = hash_secret(secret);
    let found = opt(c.query_row(
        &format!("SELECT {TOKEN_COLS}, hash FROM tokens WHERE hash = ?1"),
        [&hash],
        |r| Ok((token_row(r)?, r.get::<_, String>(6)?)),
    ))?;
    Ok(match found {
        Some((t, stored))
            if bool::from(stored.as_bytes().ct_eq(hash.as_bytes())) && t.revoked_on.is_none() =>
        {
            Some(t)
        }
        _ => None,
    })
}
