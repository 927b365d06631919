//! Workers for Platforms dispatch namespaces.

use super::opt;
use crate::{Namespace, Result, StoreError};
use hearth_model::{new_uuid, now_rfc3339};
use rusqlite::{params, Connection, Row};

const COLS: &str = "n.id, n.account_id, n.name, n.trusted_workers, n.created_on, n.modified_on, \
     (SELECT COUNT(*) FROM workers w WHERE w.account_id = n.account_id AND w.namespace = n.name)";

fn row(r: &Row) -> rusqlite::Result<Namespace> {
    Ok(Namespace {
        id: r.get(0)?,
        account_id: r.get(1)?,
        name: r.get(2)?,
        trusted_workers: r.get(3)?,
        created_on: r.get(4)?,
        modified_on: r.get(5)?,
        script_count: r.get(6)?,
    })
}

pub fn get(c: &Connection, account_id: &str, name: &str) -> Result<Option<Namespace>> {
    opt(c.query_row(
        &format!(
            "SELECT {COLS} FROM dispatch_namespaces n WHERE n.account_id = ?1 AND n.name = ?2"
        ),
        params![account_id, name],
        row,
    ))
}

pub fn list(c: &Connection, account_id: &str) -> Result<Vec<Namespace>> {
    let mut st = c.prepare(&format!(
        "SELECT {COLS} FROM dispatch_namespaces n WHERE n.account_id = ?1 ORDER BY n.created_on, n.name"
    ))?;
    let rows = st
        .query_map([account_id], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn create(c: &Connection, account_id: &str, name: &str) -> Result<Namespace> {
    if get(c, account_id, name)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "A dispatch namespace named '{name}' already exists"
        )));
    }
    let now = now_rfc3339();
    c.execute(
        "INSERT INTO dispatch_namespaces (id, account_id, name, created_on, modified_on) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![new_uuid(), account_id, name, now],
    )?;
    get(c, account_id, name)?.ok_or(StoreError::NotFound("namespace"))
}

pub fn update(
    c: &Connection,
    account_id: &str,
    name: &str,
    new_name: &str,
    trusted: bool,
) -> Result<Namespace> {
    let ns = get(c, account_id, name)?.ok_or(StoreError::NotFound("namespace"))?;
    if new_name != name && get(c, account_id, new_name)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "A dispatch namespace named '{new_name}' already exists"
        )));
    }
    c.execute(
        "UPDATE dispatch_namespaces SET name = ?2, trusted_workers = ?3, modified_on = ?4 WHERE id = ?1",
        params![ns.id, new_name, trusted, now_rfc3339()],
    )?;
    c.execute(
        "UPDATE workers SET namespace = ?3 WHERE account_id = ?1 AND namespace = ?2",
        params![account_id, name, new_name],
    )?;
    get(c, account_id, new_name)?.ok_or(StoreError::NotFound("namespace"))
}

pub fn delete(c: &Connection, account_id: &str, name: &str) -> Result<()> {
    let ns = get(c, account_id, name)?.ok_or(StoreError::NotFound("namespace"))?;
    c.execute(
        "DELETE FROM workers WHERE account_id = ?1 AND namespace = ?2",
        params![account_id, name],
    )?;
    c.execute("DELETE FROM dispatch_namespaces WHERE id = ?1", [ns.id])?;
    c.execute(
        "DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM version_modules)",
        [],
    )?;
    Ok(())
}
