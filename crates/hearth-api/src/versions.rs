//! Versions and deployments: the beta `/workers/workers/{id}/versions` (JSON modules) and the
//! scripts API's `/workers/scripts/{name}/versions` (multipart) and `/deployments`.

use crate::auth::{AccountCaller, Caller};
use crate::envelope::{ok, ok_null, ok_page, ApiError, ApiResult, PageQuery};
use crate::lookup;
use crate::render::{deployment_json, preview_urls, script_version_json, version_json};
use crate::upload::{
    check_version, parse_json, parse_multipart, source_of, version_from_metadata, RawBody,
    VersionUpload,
};
use crate::ApiState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use hearth_store::{
    CreateVersion, Deployment, DeploymentVersion, NewDeployment, NewModule, NewWorker, Scope,
    Version, Worker,
};
use serde::Deserialize;
use serde_json::{json, Map, Value};

pub fn routes() -> Router<ApiState> {
    Router::new()
        .route(
            "/accounts/{account_id}/workers/workers/{worker_id}/versions",
            get(beta_list).post(beta_create),
        )
        .route(
            "/accounts/{account_id}/workers/workers/{worker_id}/versions/{version_id}",
            get(beta_show).delete(beta_delete),
        )
        .route(
            "/accounts/{account_id}/workers/scripts/{script_name}/versions",
            get(script_list).post(script_create),
        )
        .route(
            "/accounts/{account_id}/workers/scripts/{script_name}/versions/{version_id}",
            get(script_show),
        )
        .route(
            "/accounts/{account_id}/workers/scripts/{script_name}/deployments",
            get(deployments_list).post(deployments_create),
        )
        .route(
            "/accounts/{account_id}/workers/scripts/{script_name}/deployments/{deployment_id}",
            get(deployment_show).delete(deployment_delete),
        )
}

/// How a new version is stored.
pub struct StoreVersion<'a> {
    /// Worker id or name.
    pub worker: &'a str,
    /// Create the Worker by this name if missing (multipart PUT).
    pub upsert: bool,
    pub deploy: bool,
    pub triggered_by: &'a str,
}

/// Validates and stores a version (and deploys it when asked), then tells the edge.
pub fn store_version(
    state: &ApiState,
    caller: &Caller,
    headers: &HeaderMap,
    up: VersionUpload,
    how: StoreVersion<'_>,
) -> ApiResult<(Worker, Version, Option<Deployment>)> {
    store_version_in(
        state,
        caller,
        headers,
        up,
        how,
        Scope::account(&caller.account.id),
    )
}

/// [`store_version`] in a given scope (an account's Workers or one dispatch namespace's).
pub fn store_version_in(
    state: &ApiState,
    caller: &Caller,
    headers: &HeaderMap,
    mut up: VersionUpload,
    how: StoreVersion<'_>,
    scope: Scope,
) -> ApiResult<(Worker, Version, Option<Deployment>)> {
    let existing = state.store.find_worker(&scope, how.worker)?;
    let script_name = match &existing {
        Some(w) => w.name.clone(),
        None if how.upsert => {
            hearth_model::validate_script_name(how.worker)
                .map_err(|m| ApiError::new(StatusCode::BAD_REQUEST, 10016, m))?;
            how.worker.to_string()
        }
        None => return Err(ApiError::script_not_found()),
    };
    check_dispatch_bindings(state, caller, &up)?;
    check_version(state, &script_name, &mut up)?;
    let source = source_of(headers);
    let upsert = how.upsert.then(|| NewWorker {
        scope: scope.clone(),
        name: script_name.clone(),
        settings: Map::new(),
        subdomain_enabled: false,
        previews_enabled: false,
    });
    let (w, v, d) = state.store.create_version(&CreateVersion {
        scope,
        worker: how.worker.to_string(),
        upsert,
        settings_patch: up.settings_patch,
        doc: up.doc,
        modules: up.modules,
        keep_bindings: up.keep_bindings,
        source,
        author_email: caller.account.email.clone(),
        deploy: how.deploy,
        triggered_by: how.triggered_by.to_string(),
    })?;
    state.notifier.worker_changed(&caller.account.id, &w.id);
    Ok((w, v, d))
}

/// `dispatch_namespace` bindings must name a namespace (and outbound Worker) of the caller's
/// account; Python dispatchers are not supported yet.
fn check_dispatch_bindings(state: &ApiState, caller: &Caller, up: &VersionUpload) -> ApiResult<()> {
    let python = up
        .modules
        .iter()
        .any(|m| m.name == up.doc.main_module && m.content_type.starts_with("text/x-python"));
    for b in &up.doc.bindings {
        if b.get("type").and_then(Value::as_str) != Some("dispatch_namespace") {
            continue;
        }
        let name = b.get("name").and_then(Value::as_str).unwrap_or_default();
        let ns = b
            .get("namespace")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if python {
            return Err(ApiError::invalid(format!(
                "binding '{name}': dispatch namespaces are not supported in Python Workers yet"
            )));
        }
        if let Some(o) = b.get("outbound").filter(|o| !o.is_null()) {
            let service = o.get("worker").and_then(|w| w.get("service")).and_then(Value::as_str).ok_or_else(|| {
                ApiError::invalid(format!("binding '{name}': 'outbound' needs 'worker': {{\"service\": \"<Worker name>\"}}"))
            })?;
            if state
                .store
                .find_worker(&Scope::account(&caller.account.id), service)?
                .is_none()
            {
                return Err(ApiError::invalid(format!(
                    "binding '{name}': outbound Worker '{service}' does not exist in this account"
                )));
            }
        }
        if state.store.get_namespace(&caller.account.id, ns)?.is_none() {
            return Err(ApiError::invalid(format!(
                "binding '{name}': dispatch namespace '{ns}' does not exist in this account"
            )));
        }
    }
    Ok(())
}

#[derive(Deserialize, Default)]
struct VersionQuery {
    deploy: Option<String>,
    include: Option<String>,
}

fn truthy(v: Option<&str>) -> bool {
    matches!(v, Some("true") | Some("1") | Some(""))
}

/// The beta version body's `modules: [{name, content_type, content_base64}]`.
fn decode_modules(body: &Map<String, Value>) -> ApiResult<Vec<NewModule>> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let list = match body.get("modules") {
        None | Some(Value::Null) => return Ok(vec![]),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(ApiError::invalid("'modules' must be a list")),
    };
    list.iter()
        .map(|m| {
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| ApiError::invalid("each module needs a 'name'"))?;
            let ct = m
                .get("content_type")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    ApiError::invalid(format!("module '{name}' needs a 'content_type'"))
                })?;
            let data = m
                .get("content_base64")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    ApiError::invalid(format!("module '{name}' needs 'content_base64'"))
                })?;
            let cleaned: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            let body = b64
                .decode(cleaned.as_bytes())
                .or_else(|_| {
                    base64::engine::general_purpose::STANDARD_NO_PAD
                        .decode(cleaned.trim_end_matches('='))
                })
                .map_err(|e| {
                    ApiError::invalid(format!(
                        "module '{name}': content_base64 is not valid base64: {e}"
                    ))
                })?;
            Ok(NewModule {
                name: name.to_string(),
                content_type: ct.to_string(),
                body,
            })
        })
        .collect()
}

/// Whether versions of this Worker get preview URLs (previews on and a workers.dev subdomain).
fn has_preview(w: &Worker, c: &Caller) -> bool {
    w.previews_enabled && c.account.subdomain.is_some()
}

fn account_subdomain(c: &Caller) -> Option<&str> {
    c.account.subdomain.as_deref()
}

async fn beta_list(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, wid)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &wid)?;
    let versions = state.store.list_versions(&w.id)?;
    let (page, info) = q.apply(versions, 10, 100)?;
    let items = page
        .iter()
        .map(|v| {
            version_json(
                v,
                None,
                preview_urls(&state, &w, v, account_subdomain(&c)),
                None,
            )
        })
        .collect();
    ok_page(items, info)
}

async fn beta_create(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, wid)): Path<(String, String)>,
    Query(q): Query<VersionQuery>,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: Map<String, Value> = parse_json(&body)?;
    let modules = decode_modules(&body)?;
    let up = version_from_metadata(&body, modules)?;
    let deploy = truthy(q.deploy.as_deref());
    let (w, v, _) = store_version(
        &state,
        &c,
        &headers,
        up,
        StoreVersion {
            worker: &wid,
            upsert: false,
            deploy,
            triggered_by: "upload",
        },
    )?;
    let tag = if deploy {
        w.migration_tag.as_deref()
    } else {
        None
    };
    ok(version_json(
        &v,
        None,
        preview_urls(&state, &w, &v, account_subdomain(&c)),
        tag,
    ))
}

async fn beta_show(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, wid, vid)): Path<(String, String, String)>,
    Query(q): Query<VersionQuery>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &wid)?;
    let v = lookup::version(&state, &w, &vid)?;
    let modules = if q.include.as_deref() == Some("modules") {
        Some(state.store.version_modules(&v.id)?)
    } else {
        None
    };
    ok(version_json(
        &v,
        modules,
        preview_urls(&state, &w, &v, account_subdomain(&c)),
        None,
    ))
}

async fn beta_delete(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, wid, vid)): Path<(String, String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &wid)?;
    let v = lookup::version(&state, &w, &vid)?;
    state.store.delete_version(&w.id, &v.id)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok_null()
}

/// Reads a multipart upload body into a version.
pub async fn multipart_version(
    headers: &HeaderMap,
    body: bytes::Bytes,
) -> ApiResult<VersionUpload> {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !ct.to_ascii_lowercase().starts_with("multipart/form-data") {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            10001,
            format!("Expected a multipart/form-data upload, got content type '{ct}'"),
        ));
    }
    let (meta, modules) = parse_multipart(ct, body).await?;
    let meta = meta.ok_or_else(|| ApiError::invalid("The upload has no 'metadata' part"))?;
    version_from_metadata(&meta, modules)
}

async fn script_list(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    let versions = state.store.list_versions(&w.id)?;
    let (page, _info) = q.apply(versions, 1000, 1000)?;
    let has_preview = has_preview(&w, &c);
    let items: Vec<Value> = page
        .iter()
        .map(|v| script_version_json(&w, v, has_preview))
        .collect();
    ok(json!({ "items": items }))
}

async fn script_create(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let up = multipart_version(&headers, body).await?;
    if up.doc.migrations.is_some() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            10211,
            "Version upload failed: migrations must be fully applied by a non-versioned deployment (PUT /workers/scripts/{name})",
        ));
    }
    let (w, v, _) = store_version(
        &state,
        &c,
        &headers,
        up,
        StoreVersion {
            worker: &name,
            upsert: false,
            deploy: false,
            triggered_by: "upload",
        },
    )?;
    let has_preview = has_preview(&w, &c);
    ok(script_version_json(&w, &v, has_preview))
}

async fn script_show(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name, vid)): Path<(String, String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    let v = lookup::version(&state, &w, &vid)?;
    let has_preview = has_preview(&w, &c);
    ok(script_version_json(&w, &v, has_preview))
}

async fn deployments_list(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    let all: Vec<Value> = state
        .store
        .list_deployments(&w.id)?
        .iter()
        .map(deployment_json)
        .collect();
    // wrangler reads `deployments` (all, newest first); the SDKs page through `items`.
    let (items, _) = q.apply(all.clone(), 100, 100)?;
    ok(json!({ "deployments": all, "items": items }))
}

#[derive(Deserialize)]
struct DeploymentBody {
    strategy: Option<String>,
    versions: Option<Vec<DeploymentVersion>>,
    #[serde(default)]
    annotations: Option<Map<String, Value>>,
}

async fn deployments_create(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: DeploymentBody = parse_json(&body)?;
    let w = lookup::worker(&state, &c.account.id, &name)?;
    let strategy = body.strategy.ok_or_else(|| {
        ApiError::invalid("Missing required field 'strategy' (use \"percentage\")")
    })?;
    let versions = body
        .versions
        .ok_or_else(|| ApiError::invalid("Missing required field 'versions'"))?;
    let mut annotations = Map::new();
    if let Some(a) = body.annotations {
        if let Some(m) = a.get("workers/message").filter(|m| !m.is_null()) {
            let s = m.as_str().ok_or_else(|| {
                ApiError::invalid("annotation 'workers/message' must be a string")
            })?;
            if s.chars().count() > 1000 {
                return Err(ApiError::invalid(
                    "annotation 'workers/message' is longer than 1000 characters",
                ));
            }
            annotations.insert("workers/message".into(), m.clone());
        }
    }
    annotations.insert("workers/triggered_by".into(), json!("deployment"));
    let d = state.store.create_deployment(
        &w.id,
        &NewDeployment {
            strategy,
            versions,
            annotations,
            source: source_of(&headers),
            author_email: c.account.email.clone(),
        },
    )?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok(deployment_json(&d))
}

async fn deployment_show(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name, id)): Path<(String, String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    let d = state
        .store
        .get_deployment(&w.id, &id)?
        .ok_or_else(|| ApiError::not_found(10007, "Deployment"))?;
    ok(deployment_json(&d))
}

async fn deployment_delete(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name, id)): Path<(String, String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    state.store.delete_deployment(&w.id, &id)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok_null()
}
