//! Versions (immutable), their module bodies, and deployments.

use super::workers::{self, get_by_id};
use crate::{
    CreateVersion, Deployment, DeploymentVersion, ModuleBody, ModuleRec, NewDeployment, Result,
    StoreError, Version, VersionDoc, Worker,
};
use hearth_model::{new_uuid, now_rfc3339};
use rusqlite::{params, Connection, Row};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

const VERSION_COLS: &str = "id, worker_id, number, created_on, source, author_email, doc";

fn version_row(r: &Row) -> rusqlite::Result<(Version, String)> {
    let doc: String = r.get(6)?;
    Ok((
        Version {
            id: r.get(0)?,
            worker_id: r.get(1)?,
            number: r.get(2)?,
            created_on: r.get(3)?,
            source: r.get(4)?,
            author_email: r.get(5)?,
            doc: VersionDoc::default(),
        },
        doc,
    ))
}

fn decode(rows: Vec<(Version, String)>) -> Result<Vec<Version>> {
    rows.into_iter()
        .map(|(mut v, doc)| {
            v.doc = serde_json::from_str(&doc)?;
            Ok(v)
        })
        .collect()
}

pub fn find_version(c: &Connection, worker_id: &str, id: &str) -> Result<Option<Version>> {
    let rows = if id == "latest" {
        let mut st = c.prepare(&format!(
            "SELECT {VERSION_COLS} FROM versions WHERE worker_id = ?1 ORDER BY number DESC LIMIT 1"
        ))?;
        let r = st
            .query_map([worker_id], version_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        r
    } else if id.len() >= 8
        && id.len() < 36
        && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
    {
        let mut st = c.prepare(&format!(
            "SELECT {VERSION_COLS} FROM versions WHERE worker_id = ?1 AND substr(id, 1, ?3) = ?2 LIMIT 2"
        ))?;
        let r = st
            .query_map(params![worker_id, id, id.len() as i64], version_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if r.len() > 1 {
            return Err(StoreError::Invalid(format!(
                "version id prefix '{id}' is ambiguous"
            )));
        }
        r
    } else {
        let mut st = c.prepare(&format!(
            "SELECT {VERSION_COLS} FROM versions WHERE worker_id = ?1 AND id = ?2"
        ))?;
        let r = st
            .query_map(params![worker_id, id], version_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        r
    };
    Ok(decode(rows)?.into_iter().next())
}

pub fn list_versions(c: &Connection, worker_id: &str) -> Result<Vec<Version>> {
    let mut st = c.prepare(&format!(
        "SELECT {VERSION_COLS} FROM versions WHERE worker_id = ?1 ORDER BY number DESC"
    ))?;
    let rows = st
        .query_map([worker_id], version_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    decode(rows)
}

pub fn modules(c: &Connection, version_id: &str) -> Result<Vec<ModuleBody>> {
    let mut st = c.prepare(
        "SELECT m.name, m.content_type, b.data FROM version_modules m JOIN blobs b ON b.sha256 = m.sha256 \
         WHERE m.version_id = ?1 ORDER BY m.idx",
    )?;
    let rows = st
        .query_map([version_id], |r| {
            Ok(ModuleBody {
                name: r.get(0)?,
                content_type: r.get(1)?,
                body: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Versions referenced by the Worker's current (newest) deployment.
fn current_deployment(c: &Connection, worker_id: &str) -> Result<Option<Deployment>> {
    Ok(list_deployments(c, worker_id)?.into_iter().next())
}

pub fn delete_version(c: &Connection, worker_id: &str, version_id: &str) -> Result<()> {
    let v = find_version(c, worker_id, version_id)?.ok_or(StoreError::NotFound("version"))?;
    if let Some(d) = current_deployment(c, worker_id)? {
        if d.versions.iter().any(|dv| dv.version_id == v.id) {
            return Err(StoreError::Invalid(format!(
                "version {} is part of the current deployment and cannot be deleted",
                v.id
            )));
        }
    }
    c.execute("DELETE FROM versions WHERE id = ?1", [&v.id])?;
    c.execute(
        "DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM version_modules)",
        [],
    )?;
    Ok(())
}

/// Checks a version's migrations against the Worker's current tag. Returns whether they still
/// need applying (false when `new_tag` is already the current tag: a re-sent migration).
fn check_migrations(migrations: &Value, current: Option<&str>) -> Result<bool> {
    let new_tag = migrations.get("new_tag").and_then(Value::as_str);
    let old_tag = migrations.get("old_tag").and_then(Value::as_str);
    if new_tag.is_some() && new_tag == current {
        return Ok(false);
    }
    if old_tag != current {
        return Err(StoreError::MigrationTag(format!(
            "Migration tag precondition failed; current tag is {}, but the migration's old_tag is {}",
            current.map(|t| format!("'{t}'")).unwrap_or_else(|| "unset".into()),
            old_tag.map(|t| format!("'{t}'")).unwrap_or_else(|| "unset".into()),
        )));
    }
    Ok(true)
}

/// Resolves `inherit` bindings and `keep_bindings` against the Worker's latest version.
fn inherit_bindings(c: &Connection, worker_id: &str, req: &CreateVersion) -> Result<Vec<Value>> {
    let needs_prev = !req.keep_bindings.is_empty()
        || req
            .doc
            .bindings
            .iter()
            .any(|b| b.get("type").and_then(Value::as_str) == Some("inherit"));
    if !needs_prev {
        return Ok(req.doc.bindings.clone());
    }
    let latest = find_version(c, worker_id, "latest")?;
    let mut out = Vec::new();
    for b in &req.doc.bindings {
        if b.get("type").and_then(Value::as_str) != Some("inherit") {
            out.push(b.clone());
            continue;
        }
        let name = b.get("name").and_then(Value::as_str).unwrap_or_default();
        let old_name = b.get("old_name").and_then(Value::as_str).unwrap_or(name);
        let from = match b.get("version_id").and_then(Value::as_str) {
            Some(v) if v != "latest" => find_version(c, worker_id, v)?,
            _ => latest.clone(),
        };
        let found = from.and_then(|v| {
            v.doc
                .bindings
                .into_iter()
                .find(|pb| pb.get("name").and_then(Value::as_str) == Some(old_name))
        });
        match found {
            Some(mut pb) => {
                pb["name"] = Value::String(name.to_string());
                out.push(pb);
            }
            None => {
                return Err(StoreError::Invalid(format!(
                    "binding '{name}' of type 'inherit' cannot be resolved: no binding named '{old_name}' in the previous version"
                )))
            }
        }
    }
    if let Some(prev) = latest {
        for pb in prev.doc.bindings {
            let ty = pb.get("type").and_then(Value::as_str).unwrap_or_default();
            let name = pb.get("name").and_then(Value::as_str).unwrap_or_default();
            let given = out
                .iter()
                .any(|b| b.get("name").and_then(Value::as_str) == Some(name));
            if !given && req.keep_bindings.iter().any(|k| k == ty) {
                out.push(pb);
            }
        }
    }
    Ok(out)
}

pub fn create_version(
    c: &Connection,
    req: &CreateVersion,
) -> Result<(Worker, Version, Option<Deployment>)> {
    let mut worker = match workers::find(c, &req.scope, &req.worker)? {
        Some(w) => w,
        None => match &req.upsert {
            Some(new) => workers::create(c, new)?,
            None => return Err(StoreError::NotFound("worker")),
        },
    };
    if !req.settings_patch.is_empty() {
        for (k, v) in &req.settings_patch {
            worker.settings.insert(k.clone(), v.clone());
        }
        worker = workers::update(c, &worker)?;
    }
    if let Some(m) = &req.doc.migrations {
        check_migrations(m, worker.migration_tag.as_deref())?;
    }
    let mut doc = req.doc.clone();
    doc.bindings = inherit_bindings(c, &worker.id, req)?;
    if !doc.bindings.is_empty() {
        doc.bindings_sent = true;
    }
    doc.annotations
        .entry("workers/triggered_by".to_string())
        .or_insert_with(|| Value::String(req.triggered_by.clone()));
    doc.modules = Vec::with_capacity(req.modules.len());
    for m in &req.modules {
        let sha = hex::encode(Sha256::digest(&m.body));
        c.execute(
            "INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?1, ?2)",
            params![sha, m.body],
        )?;
        doc.modules.push(ModuleRec {
            name: m.name.clone(),
            content_type: m.content_type.clone(),
            sha256: sha,
            size: m.body.len() as u64,
        });
    }
    let number: i64 = c.query_row(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE worker_id = ?1",
        [&worker.id],
        |r| r.get(0),
    )?;
    let id = new_uuid();
    let now = now_rfc3339();
    c.execute(
        "INSERT INTO versions (id, worker_id, number, created_on, source, author_email, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, worker.id, number, now, req.source, req.author_email, serde_json::to_string(&doc)?],
    )?;
    for (idx, m) in doc.modules.iter().enumerate() {
        c.execute(
            "INSERT INTO version_modules (version_id, idx, name, content_type, sha256, size) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, idx as i64, m.name, m.content_type, m.sha256, m.size as i64],
        )?;
    }
    let deployment = if req.deploy {
        let mut annotations = Map::new();
        annotations.insert(
            "workers/triggered_by".into(),
            Value::String(req.triggered_by.clone()),
        );
        if let Some(msg) = doc.annotations.get("workers/message") {
            annotations.insert("workers/message".into(), msg.clone());
        }
        Some(create_deployment(
            c,
            &worker.id,
            &NewDeployment {
                strategy: "percentage".into(),
                versions: vec![DeploymentVersion {
                    version_id: id.clone(),
                    percentage: 100.0,
                }],
                annotations,
                source: req.source.clone(),
                author_email: req.author_email.clone(),
            },
        )?)
    } else {
        None
    };
    let worker = get_by_id(c, &worker.id)?.ok_or(StoreError::NotFound("worker"))?;
    let version = find_version(c, &worker.id, &id)?.ok_or(StoreError::NotFound("version"))?;
    Ok((worker, version, deployment))
}

const DEPLOYMENT_COLS: &str =
    "id, worker_id, created_on, source, author_email, strategy, versions, annotations";

fn deployment_row(r: &Row) -> rusqlite::Result<(Deployment, String, String)> {
    Ok((
        Deployment {
            id: r.get(0)?,
            worker_id: r.get(1)?,
            created_on: r.get(2)?,
            source: r.get(3)?,
            author_email: r.get(4)?,
            strategy: r.get(5)?,
            versions: Vec::new(),
            annotations: Map::new(),
        },
        r.get(6)?,
        r.get(7)?,
    ))
}

fn decode_deployments(rows: Vec<(Deployment, String, String)>) -> Result<Vec<Deployment>> {
    rows.into_iter()
        .map(|(mut d, versions, annotations)| {
            d.versions = serde_json::from_str(&versions)?;
            d.annotations = serde_json::from_str(&annotations)?;
            Ok(d)
        })
        .collect()
}

pub fn list_deployments(c: &Connection, worker_id: &str) -> Result<Vec<Deployment>> {
    let mut st = c.prepare(&format!(
        "SELECT {DEPLOYMENT_COLS} FROM deployments WHERE worker_id = ?1 ORDER BY seq DESC"
    ))?;
    let rows = st
        .query_map([worker_id], deployment_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    decode_deployments(rows)
}

pub fn get_deployment(c: &Connection, worker_id: &str, id: &str) -> Result<Option<Deployment>> {
    let mut st = c.prepare(&format!(
        "SELECT {DEPLOYMENT_COLS} FROM deployments WHERE worker_id = ?1 AND id = ?2"
    ))?;
    let rows = st
        .query_map(params![worker_id, id], deployment_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(decode_deployments(rows)?.into_iter().next())
}

pub fn delete_deployment(c: &Connection, worker_id: &str, id: &str) -> Result<()> {
    let d = get_deployment(c, worker_id, id)?.ok_or(StoreError::NotFound("deployment"))?;
    if current_deployment(c, worker_id)?.is_some_and(|cur| cur.id == d.id) {
        return Err(StoreError::Invalid(
            "the current (latest) deployment cannot be deleted".into(),
        ));
    }
    c.execute("DELETE FROM deployments WHERE id = ?1", [id])?;
    Ok(())
}

pub fn create_deployment(
    c: &Connection,
    worker_id: &str,
    new: &NewDeployment,
) -> Result<Deployment> {
    let worker = get_by_id(c, worker_id)?.ok_or(StoreError::NotFound("worker"))?;
    if new.strategy != "percentage" {
        return Err(StoreError::Invalid(format!(
            "deployment strategy '{}' is not supported: use \"percentage\"",
            new.strategy
        )));
    }
    if new.versions.is_empty() || new.versions.len() > 2 {
        return Err(StoreError::Invalid(
            "a deployment must list one or two versions".into(),
        ));
    }
    if new.versions.len() == 2 && new.versions[0].version_id == new.versions[1].version_id {
        return Err(StoreError::Invalid(
            "a deployment cannot list the same version twice".into(),
        ));
    }
    let mut total = 0.0;
    let mut resolved = Vec::new();
    let mut tag = worker.migration_tag.clone();
    for dv in &new.versions {
        if !(dv.percentage > 0.0 && dv.percentage <= 100.0) {
            return Err(StoreError::Invalid(format!(
                "percentage {} for version {} must be greater than 0 and at most 100",
                dv.percentage, dv.version_id
            )));
        }
        total += dv.percentage;
        let v = find_version(c, worker_id, &dv.version_id)?.ok_or_else(|| {
            StoreError::Invalid(format!(
                "version {} does not exist for Worker '{}'",
                dv.version_id, worker.name
            ))
        })?;
        if let Some(m) = &v.doc.migrations {
            if check_migrations(m, tag.as_deref())? {
                tag = m
                    .get("new_tag")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or(tag);
            }
        }
        resolved.push(DeploymentVersion {
            version_id: v.id,
            percentage: dv.percentage,
        });
    }
    if (total - 100.0).abs() > 1e-6 {
        return Err(StoreError::Invalid(format!(
            "version percentages must add up to 100, not {total}"
        )));
    }
    let id = new_uuid();
    let now = now_rfc3339();
    let seq: i64 = c.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM deployments WHERE worker_id = ?1",
        [worker_id],
        |r| r.get(0),
    )?;
    c.execute(
        "INSERT INTO deployments (id, worker_id, seq, created_on, source, author_email, strategy, versions, annotations) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            worker_id,
            seq,
            now,
            new.source,
            new.author_email,
            new.strategy,
            serde_json::to_string(&resolved)?,
            serde_json::to_string(&new.annotations)?
        ],
    )?;
    c.execute(
        "UPDATE workers SET deployed_on = ?2, migration_tag = ?3, last_deployed_from = ?4, updated_on = ?2 WHERE id = ?1",
        params![worker_id, now, tag, new.source],
    )?;
    get_deployment(c, worker_id, &id)?.ok_or(StoreError::NotFound("deployment"))
}
