//! Workers (scripts) and their cron schedules.

use super::opt;
use crate::{NewWorker, Result, Schedule, ScheduleTarget, Scope, StoreError, Worker};
use hearth_model::{new_hex_id, now_rfc3339};
use rusqlite::{params, Connection, Row};

pub(super) const WORKER_COLS: &str =
    "id, account_id, namespace, name, settings, subdomain_enabled, previews_enabled, \
     migration_tag, last_deployed_from, created_on, updated_on, deployed_on";

pub(super) fn worker_row(r: &Row) -> rusqlite::Result<Worker> {
    let settings: String = r.get(4)?;
    Ok(Worker {
        id: r.get(0)?,
        account_id: r.get(1)?,
        namespace: r.get(2)?,
        name: r.get(3)?,
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        subdomain_enabled: r.get(5)?,
        previews_enabled: r.get(6)?,
        migration_tag: r.get(7)?,
        last_deployed_from: r.get(8)?,
        created_on: r.get(9)?,
        updated_on: r.get(10)?,
        deployed_on: r.get(11)?,
    })
}

fn name_taken(c: &Connection, scope: &Scope, name: &str, except_id: &str) -> Result<bool> {
    let n: i64 = c.query_row(
        "SELECT COUNT(*) FROM workers WHERE account_id = ?1 AND namespace = ?2 AND name = ?3 AND id != ?4",
        params![scope.account_id, scope.namespace, name, except_id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

pub fn create(c: &Connection, new: &NewWorker) -> Result<Worker> {
    if name_taken(c, &new.scope, &new.name, "")? {
        return Err(StoreError::Conflict(format!(
            "A Worker named '{}' already exists in this account",
            new.name
        )));
    }
    let id = new_hex_id();
    let now = now_rfc3339();
    c.execute(
        "INSERT INTO workers (id, account_id, namespace, name, settings, subdomain_enabled, previews_enabled, created_on, updated_on) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            id,
            new.scope.account_id,
            new.scope.namespace,
            new.name,
            serde_json::to_string(&new.settings)?,
            new.subdomain_enabled,
            new.previews_enabled,
            now
        ],
    )?;
    get_by_id(c, &id)?.ok_or(StoreError::NotFound("worker"))
}

pub(super) fn get_by_id(c: &Connection, id: &str) -> Result<Option<Worker>> {
    opt(c.query_row(
        &format!("SELECT {WORKER_COLS} FROM workers WHERE id = ?1"),
        [id],
        worker_row,
    ))
}

pub fn find(c: &Connection, scope: &Scope, id_or_name: &str) -> Result<Option<Worker>> {
    let by_id = opt(c.query_row(
        &format!("SELECT {WORKER_COLS} FROM workers WHERE account_id = ?1 AND namespace = ?2 AND id = ?3"),
        params![scope.account_id, scope.namespace, id_or_name],
        worker_row,
    ))?;
    if by_id.is_some() {
        return Ok(by_id);
    }
    opt(c.query_row(
        &format!("SELECT {WORKER_COLS} FROM workers WHERE account_id = ?1 AND namespace = ?2 AND name = ?3"),
        params![scope.account_id, scope.namespace, id_or_name],
        worker_row,
    ))
}

pub fn list(c: &Connection, scope: &Scope) -> Result<Vec<Worker>> {
    let mut st = c.prepare(&format!(
        "SELECT {WORKER_COLS} FROM workers WHERE account_id = ?1 AND namespace = ?2 ORDER BY created_on, id"
    ))?;
    let rows = st
        .query_map(params![scope.account_id, scope.namespace], worker_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn update(c: &Connection, w: &Worker) -> Result<Worker> {
    let scope = Scope {
        account_id: w.account_id.clone(),
        namespace: w.namespace.clone(),
    };
    if name_taken(c, &scope, &w.name, &w.id)? {
        return Err(StoreError::Conflict(format!(
            "A Worker named '{}' already exists in this account",
            w.name
        )));
    }
    let n = c.execute(
        "UPDATE workers SET name = ?2, settings = ?3, subdomain_enabled = ?4, previews_enabled = ?5, updated_on = ?6 WHERE id = ?1",
        params![w.id, w.name, serde_json::to_string(&w.settings)?, w.subdomain_enabled, w.previews_enabled, now_rfc3339()],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound("worker"));
    }
    get_by_id(c, &w.id)?.ok_or(StoreError::NotFound("worker"))
}

pub fn delete(c: &Connection, scope: &Scope, id: &str) -> Result<()> {
    let n = c.execute(
        "DELETE FROM workers WHERE id = ?1 AND account_id = ?2 AND namespace = ?3",
        params![id, scope.account_id, scope.namespace],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound("worker"));
    }
    // Module bodies no other version uses.
    c.execute(
        "DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM version_modules)",
        [],
    )?;
    Ok(())
}

pub fn set_schedules(c: &Connection, worker_id: &str, crons: &[String]) -> Result<Vec<Schedule>> {
    let existing = schedules(c, worker_id)?;
    c.execute("DELETE FROM schedules WHERE worker_id = ?1", [worker_id])?;
    let now = now_rfc3339();
    for cron in crons {
        let created = existing
            .iter()
            .find(|s| &s.cron == cron)
            .map(|s| s.created_on.clone())
            .unwrap_or_else(|| now.clone());
        c.execute(
            "INSERT OR IGNORE INTO schedules (worker_id, cron, created_on, modified_on) VALUES (?1, ?2, ?3, ?4)",
            params![worker_id, cron, created, now],
        )?;
    }
    schedules(c, worker_id)
}

pub fn schedules(c: &Connection, worker_id: &str) -> Result<Vec<Schedule>> {
    let mut st = c.prepare("SELECT cron, created_on, modified_on FROM schedules WHERE worker_id = ?1 ORDER BY created_on, cron")?;
    let rows = st
        .query_map([worker_id], |r| {
            Ok(Schedule {
                cron: r.get(0)?,
                created_on: r.get(1)?,
                modified_on: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn all_schedules(c: &Connection) -> Result<Vec<ScheduleTarget>> {
    let mut st = c.prepare(
        "SELECT w.account_id, w.namespace, w.id, w.name, s.cron FROM schedules s JOIN workers w ON w.id = s.worker_id \
         ORDER BY w.id, s.cron",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(ScheduleTarget {
                account_id: r.get(0)?,
                namespace: r.get(1)?,
                worker_id: r.get(2)?,
                worker_name: r.get(3)?,
                cron: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn claim_schedule_run(
    c: &Connection,
    worker_id: &str,
    cron: &str,
    minute: &str,
) -> Result<bool> {
    let n = c.execute(
        "UPDATE schedules SET last_run = ?3 WHERE worker_id = ?1 AND cron = ?2 AND (last_run IS NULL OR last_run < ?3)",
        params![worker_id, cron, minute],
    )?;
    Ok(n == 1)
}
