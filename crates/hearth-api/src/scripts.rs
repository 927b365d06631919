//! The scripts API: `/accounts/{a}/workers/scripts[/{name}]` with the multipart upload, content,
//! settings, script-settings and schedules (references: `related`).

use crate::auth::{AccountCaller, Caller};
use crate::envelope::{ok, ok_null, raw, ApiError, ApiResult};
use crate::lookup;
use crate::render::{script_json, script_settings_json, settings_json};
use crate::upload::{parse_json, parse_metadata, parse_multipart, RawBody, VersionUpload};
use crate::versions::{multipart_version, store_version, store_version_in, StoreVersion};
use crate::ApiState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use hearth_store::{NewModule, Scope, Version, Worker};
use serde::Deserialize;
use serde_json::{json, Map, Value};

pub fn routes() -> Router<ApiState> {
    let s = "/accounts/{account_id}/workers/scripts/{script_name}";
    Router::new()
        .route("/accounts/{account_id}/workers/scripts", get(list))
        .route(s, get(download).put(upload).delete(remove))
        .route(&format!("{s}/content"), get(download).put(put_content))
        .route(&format!("{s}/content/v2"), get(content_v2))
        .route(
            &format!("{s}/settings"),
            get(get_settings).patch(patch_settings),
        )
        .route(
            &format!("{s}/script-settings"),
            get(get_script_settings).patch(patch_script_settings),
        )
        .route(
            &format!("{s}/schedules"),
            get(get_schedules).put(put_schedules),
        )
}

async fn list(State(state): State<ApiState>, AccountCaller(c): AccountCaller) -> ApiResult {
    let workers = state.store.list_workers(&Scope::account(&c.account.id))?;
    let mut out = Vec::with_capacity(workers.len());
    for w in &workers {
        let v = lookup::current_version(&state, w)?;
        let mut s = script_json(w, v.as_ref());
        s["routes"] = json!([]);
        out.push(s);
    }
    ok(out)
}

/// The upload response: the script plus the new version's details.
fn upload_result(w: &Worker, v: &Version) -> Value {
    let mut s = script_json(w, Some(v));
    s["deployment_id"] = json!(v.id);
    s["startup_time_ms"] = json!(v.doc.startup_time_ms);
    s["entry_point"] = json!(v.doc.main_module);
    s
}

/// Reads the upload body: multipart, or a bare service-worker script (`application/javascript`).
pub(crate) async fn read_upload(
    headers: &HeaderMap,
    body: bytes::Bytes,
    name: &str,
) -> ApiResult<VersionUpload> {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ct.starts_with("application/javascript") || ct.starts_with("text/javascript") {
        let part = format!("{name}.js");
        let mut meta = Map::new();
        meta.insert("body_part".into(), json!(part));
        return crate::upload::version_from_metadata(
            &meta,
            vec![NewModule {
                name: part.clone(),
                content_type: "application/javascript".into(),
                body: body.to_vec(),
            }],
        );
    }
    multipart_version(headers, body).await
}

async fn upload(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let up = read_upload(&headers, body, &name).await?;
    let (w, v, _) = store_version(
        &state,
        &c,
        &headers,
        up,
        StoreVersion {
            worker: &name,
            upsert: true,
            deploy: true,
            triggered_by: "upload",
        },
    )?;
    ok(upload_result(&w, &v))
}

#[derive(Deserialize, Default)]
pub(crate) struct ForceQuery {
    pub force: Option<String>,
}

async fn remove(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
    Query(q): Query<ForceQuery>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    crate::related::check_delete(&state, &c.account.id, &w, q.force.as_deref())?;
    state
        .store
        .delete_worker(&Scope::account(&c.account.id), &w.id)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok_null()
}

fn current(state: &ApiState, w: &Worker) -> ApiResult<Version> {
    lookup::current_version(state, w)?
        .ok_or_else(|| ApiError::not_found(10007, "This Worker has no version yet; its content"))
}

/// GET script (and `/content`): every module as multipart/form-data.
async fn download(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    download_worker(&state, &lookup::worker(&state, &c.account.id, &name)?)
}

/// A Worker's current modules as multipart/form-data, with `CF-Entrypoint`.
pub(crate) fn download_worker(state: &ApiState, w: &Worker) -> ApiResult {
    let v = current(state, w)?;
    let modules = state.store.version_modules(&v.id)?;
    let boundary = format!("hearth-{}", &v.id[..8]);
    let mut body = Vec::new();
    for m in &modules {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{0}\"; filename=\"{0}\"\r\nContent-Type: {1}\r\n\r\n",
                m.name, m.content_type
            )
            .as_bytes(),
        );
        body.extend_from_slice(&m.body);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut r = raw(&format!("multipart/form-data; boundary={boundary}"), body);
    entrypoint_header(&mut r, &v);
    Ok(r)
}

fn entrypoint_header(r: &mut Response, v: &Version) {
    if let Ok(h) = HeaderValue::from_str(&v.doc.main_module) {
        r.headers_mut().insert("cf-entrypoint", h);
    }
}

/// GET content/v2: the main module's text.
async fn content_v2(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    main_module_of(&state, &lookup::worker(&state, &c.account.id, &name)?)
}

/// A Worker's main module, raw, with `CF-Entrypoint`.
pub(crate) fn main_module_of(state: &ApiState, w: &Worker) -> ApiResult {
    let v = current(state, w)?;
    let modules = state.store.version_modules(&v.id)?;
    let main = modules
        .into_iter()
        .find(|m| m.name == v.doc.main_module)
        .ok_or_else(|| ApiError::internal("main module missing"))?;
    let mut r = raw(&main.content_type, main.body);
    entrypoint_header(&mut r, &v);
    Ok(r)
}

/// Creates and deploys a version derived from the Worker's current one.
#[allow(clippy::too_many_arguments)]
pub fn derive_and_deploy(
    state: &ApiState,
    c: &Caller,
    headers: &HeaderMap,
    w: &Worker,
    base: &Version,
    modules: Option<Vec<NewModule>>,
    change: impl FnOnce(&mut VersionUpload) -> ApiResult<()>,
    triggered_by: &str,
) -> ApiResult<(Worker, Version)> {
    let modules = match modules {
        Some(m) => m,
        None => state
            .store
            .version_modules(&base.id)?
            .into_iter()
            .map(|m| NewModule {
                name: m.name,
                content_type: m.content_type,
                body: m.body,
            })
            .collect(),
    };
    let mut doc = base.doc.clone();
    doc.annotations.remove("workers/triggered_by");
    doc.annotations.remove("workers/message");
    doc.annotations.remove("workers/tag");
    // Migrations were applied when the base was deployed; the derived version carries none.
    doc.migrations = None;
    let mut up = VersionUpload {
        doc,
        modules,
        keep_bindings: vec![],
        settings_patch: Map::new(),
    };
    change(&mut up)?;
    let scope = Scope {
        account_id: w.account_id.clone(),
        namespace: w.namespace.clone(),
    };
    let (w, v, _) = store_version_in(
        state,
        c,
        headers,
        up,
        StoreVersion {
            worker: &w.id,
            upsert: false,
            deploy: true,
            triggered_by,
        },
        scope,
    )?;
    Ok((w, v))
}

async fn put_content(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    put_content_of(&state, &c, &headers, &w, body).await
}

/// PUT content: new code (multipart modules) with the current settings, deployed.
pub(crate) async fn put_content_of(
    state: &ApiState,
    c: &Caller,
    headers: &HeaderMap,
    w: &Worker,
    body: bytes::Bytes,
) -> ApiResult {
    let base = current(state, w)?;
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (meta, modules) = parse_multipart(ct, body).await?;
    let meta = meta.unwrap_or_default();
    let header_entry = |h: &str| {
        headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let main = meta
        .get("main_module")
        .and_then(Value::as_str)
        .map(|s| (s.to_string(), "modules"))
        .or_else(|| header_entry("cf-worker-main-module-part").map(|s| (s, "modules")))
        .or_else(|| {
            meta.get("body_part")
                .and_then(Value::as_str)
                .map(|s| (s.to_string(), "service-worker"))
        })
        .or_else(|| header_entry("cf-worker-body-part").map(|s| (s, "service-worker")));
    let (w, v) = derive_and_deploy(
        state,
        c,
        headers,
        w,
        &base,
        Some(modules),
        |up| {
            if let Some((m, format)) = main {
                up.doc.main_module = m;
                up.doc.format = format.into();
            }
            Ok(())
        },
        "upload",
    )?;
    ok(script_json(&w, Some(&v)))
}

async fn get_settings(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    let v = lookup::current_version(&state, &w)?;
    ok(settings_json(&w, v.as_ref()))
}

/// Versioned keys of a settings PATCH (changing one creates and deploys a new version).
const VERSIONED: &[&str] = &[
    "bindings",
    "compatibility_date",
    "compatibility_flags",
    "limits",
    "placement",
    "usage_model",
    "migrations",
];

async fn patch_settings(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    patch_settings_of(&state, &c, &headers, w, body).await
}

/// PATCH settings of a Worker: script-level keys update the Worker; versioned keys create and
/// deploy a new version.
pub(crate) async fn patch_settings_of(
    state: &ApiState,
    c: &Caller,
    headers: &HeaderMap,
    mut w: Worker,
    body: bytes::Bytes,
) -> ApiResult {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let patch: Map<String, Value> = if ct.to_ascii_lowercase().starts_with("multipart/form-data") {
        let boundary_body = body.clone();
        let (meta, parts) = parse_multipart(&ct, boundary_body).await?;
        match (meta, parts.into_iter().find(|p| p.name == "settings")) {
            (_, Some(p)) => parse_metadata(&p.body)?,
            (Some(m), None) => m,
            (None, None) => {
                return Err(ApiError::invalid(
                    "The settings PATCH needs a part named 'settings'",
                ))
            }
        }
    } else {
        parse_json(&body)?
    };
    let script_patch: Map<String, Value> = patch
        .iter()
        .filter(|(k, _)| {
            ["logpush", "observability", "tags", "tail_consumers"].contains(&k.as_str())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !script_patch.is_empty() {
        for (k, v) in script_patch {
            w.settings.insert(k, v);
        }
        w = state.store.update_worker(&w)?;
        state.notifier.worker_changed(&c.account.id, &w.id);
    }
    let mut v = lookup::current_version(state, &w)?;
    if VERSIONED.iter().any(|k| patch.contains_key(*k)) {
        let base = v
            .clone()
            .ok_or_else(|| ApiError::invalid("This Worker has no version to change settings of"))?;
        let (w2, v2) = derive_and_deploy(
            state,
            c,
            headers,
            &w,
            &base,
            None,
            |up| {
                let d = &mut up.doc;
                if let Some(b) = patch.get("bindings") {
                    let list = b
                        .as_array()
                        .ok_or_else(|| ApiError::invalid("'bindings' must be a list"))?;
                    // Secrets are not re-sent: keep them unless a binding of that name is given.
                    let mut out = list.clone();
                    for old in &d.bindings {
                        let n = old.get("name").and_then(Value::as_str);
                        let secret = old.get("type").and_then(Value::as_str) == Some("secret_text");
                        let given = list
                            .iter()
                            .any(|x| x.get("name").and_then(Value::as_str) == n);
                        let inherits_text = given && secret;
                        if inherits_text {
                            if let Some(pos) = out
                                .iter()
                                .position(|x| x.get("name").and_then(Value::as_str) == n)
                            {
                                if out[pos].get("text").is_none() {
                                    out[pos] = old.clone();
                                }
                            }
                        }
                    }
                    d.bindings = out;
                    d.bindings_sent = true;
                }
                if let Some(x) = patch.get("compatibility_date") {
                    d.compatibility_date = x.as_str().map(str::to_string);
                }
                if let Some(x) = patch.get("compatibility_flags") {
                    d.compatibility_flags = serde_json::from_value(x.clone())
                        .map_err(|e| ApiError::invalid(e.to_string()))?;
                }
                if let Some(x) = patch.get("limits") {
                    d.limits = Some(x.clone()).filter(|x| !x.is_null());
                }
                if let Some(x) = patch.get("placement") {
                    d.placement = Some(x.clone()).filter(|x| !x.is_null());
                }
                if let Some(x) = patch.get("migrations") {
                    d.migrations = Some(x.clone()).filter(|x| !x.is_null());
                }
                Ok(())
            },
            "upload",
        )?;
        w = w2;
        v = Some(v2);
    }
    ok(settings_json(&w, v.as_ref()))
}

async fn get_script_settings(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    ok(script_settings_json(&w))
}

async fn patch_script_settings(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let patch: Map<String, Value> = parse_json(&body)?;
    let mut w = lookup::worker(&state, &c.account.id, &name)?;
    for (k, v) in patch {
        match k.as_str() {
            "logpush" if !v.is_boolean() && !v.is_null() => {
                return Err(ApiError::invalid("'logpush' must be a boolean"))
            }
            "tags" | "tail_consumers" if !v.is_array() && !v.is_null() => {
                return Err(ApiError::invalid(format!("'{k}' must be a list")))
            }
            "observability" if !v.is_object() && !v.is_null() => {
                return Err(ApiError::invalid("'observability' must be an object"))
            }
            "logpush" | "tags" | "tail_consumers" | "observability" => {
                w.settings.insert(k, v);
            }
            _ => {}
        }
    }
    let w = state.store.update_worker(&w)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok(script_settings_json(&w))
}

async fn get_schedules(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    ok(json!({"schedules": state.store.schedules(&w.id)?}))
}

async fn put_schedules(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let v: Value = parse_json(&body)?;
    let list = match &v {
        Value::Array(a) => a.clone(),
        Value::Object(o) => o
            .get("schedules")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => {
            return Err(ApiError::invalid(
                "schedules must be a list of {\"cron\": \"...\"}",
            ))
        }
    };
    let mut crons = Vec::new();
    for s in list {
        let cron = s
            .get("cron")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::invalid("each schedule needs a 'cron' string"))?;
        hearth_model::cron::Cron::parse(cron).map_err(ApiError::invalid)?;
        crons.push(cron.to_string());
    }
    let w = lookup::worker(&state, &c.account.id, &name)?;
    let schedules = state.store.set_schedules(&w.id, &crons)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok(json!({ "schedules": schedules }))
}
