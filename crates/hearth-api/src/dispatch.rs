//! Workers for Platforms: dispatch namespaces and the user Workers uploaded into them
//! (`/accounts/{a}/workers/dispatch/namespaces[/{ns}[/scripts[/{name}[/...]]]]`).
//!
//! User Workers share the upload, content, settings and secrets logic of ordinary scripts; they
//! live in their namespace's scope, so they are never reachable by workers.dev hosts or by
//! service bindings of ordinary Workers.

use crate::auth::{AccountCaller, Caller};
use crate::envelope::{ok, ok_null, ApiError, ApiResult};
use crate::lookup;
use crate::render::{public_binding, script_json, settings_json};
use crate::scripts::{download_worker, patch_settings_of, put_content_of, read_upload};
use crate::secrets;
use crate::upload::{parse_json, RawBody};
use crate::versions::{store_version_in, StoreVersion};
use crate::ApiState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, put};
use axum::Router;
use hearth_store::{Namespace, Scope, Worker};
use serde::Deserialize;
use serde_json::{json, Map, Value};

pub fn routes() -> Router<ApiState> {
    let ns = "/accounts/{account_id}/workers/dispatch/namespaces";
    let s = "/accounts/{account_id}/workers/dispatch/namespaces/{namespace}/scripts/{script_name}";
    Router::new()
        .route(ns, get(list_namespaces).post(create_namespace))
        .route(
            &format!("{ns}/{{namespace}}"),
            get(show_namespace)
                .put(update_namespace)
                .patch(update_namespace)
                .delete(delete_namespace),
        )
        .route(
            &format!("{ns}/{{namespace}}/scripts"),
            get(list_scripts).delete(delete_scripts),
        )
        .route(s, get(show_script).put(upload_script).delete(delete_script))
        .route(&format!("{s}/content"), get(content).put(put_content))
        .route(
            &format!("{s}/settings"),
            get(settings).patch(patch_settings),
        )
        .route(&format!("{s}/bindings"), get(bindings))
        .route(&format!("{s}/secrets"), get(list_secrets).put(put_secret))
        .route(
            &format!("{s}/secrets/{{secret_name}}"),
            get(show_secret).delete(delete_secret),
        )
        .route(&format!("{s}/tags"), get(get_tags).put(put_tags))
        .route(
            &format!("{s}/tags/{{tag}}"),
            put(add_tag).delete(remove_tag),
        )
}

fn namespace_json(n: &Namespace, c: &Caller) -> Value {
    json!({
        "namespace_id": n.id,
        "namespace_name": n.name,
        "script_count": n.script_count,
        "trusted_workers": n.trusted_workers,
        "created_on": n.created_on,
        "created_by": c.account.email,
        "modified_on": n.modified_on,
        "modified_by": c.account.email,
    })
}

fn namespace(state: &ApiState, c: &Caller, name: &str) -> ApiResult<Namespace> {
    state
        .store
        .get_namespace(&c.account.id, name)?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                100119,
                format!("Dispatch namespace '{name}' not found"),
            )
        })
}

fn check_namespace_name(name: &str) -> ApiResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(format!(
            "Dispatch namespace name '{name}' is invalid: use 1-63 letters, digits, dashes and underscores"
        )))
    }
}

async fn list_namespaces(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
) -> ApiResult {
    let list = state.store.list_namespaces(&c.account.id)?;
    ok(list
        .iter()
        .map(|n| namespace_json(n, &c))
        .collect::<Vec<_>>())
}

async fn create_namespace(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: Map<String, Value> = parse_json(&body)?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid("Missing required field 'name'"))?;
    check_namespace_name(name)?;
    let n = state.store.create_namespace(&c.account.id, name)?;
    ok(namespace_json(&n, &c))
}

async fn show_namespace(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns)): Path<(String, String)>,
) -> ApiResult {
    ok(namespace_json(&namespace(&state, &c, &ns)?, &c))
}

async fn update_namespace(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: Map<String, Value> = parse_json(&body)?;
    let cur = namespace(&state, &c, &ns)?;
    let new_name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(&cur.name)
        .to_string();
    check_namespace_name(&new_name)?;
    let trusted = body
        .get("trusted_workers")
        .and_then(Value::as_bool)
        .unwrap_or(cur.trusted_workers);
    let n = state
        .store
        .update_namespace(&c.account.id, &ns, &new_name, trusted)?;
    ok(namespace_json(&n, &c))
}

async fn delete_namespace(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns)): Path<(String, String)>,
) -> ApiResult {
    let n = namespace(&state, &c, &ns)?;
    let workers = state.store.list_workers(&scope(&c, &n))?;
    state.store.delete_namespace(&c.account.id, &ns)?;
    for w in workers {
        state.notifier.worker_changed(&c.account.id, &w.id);
    }
    ok_null()
}

fn scope(c: &Caller, n: &Namespace) -> Scope {
    Scope {
        account_id: c.account.id.clone(),
        namespace: n.name.clone(),
    }
}

/// The user Worker `name` in namespace `ns`.
fn user_worker(
    state: &ApiState,
    c: &Caller,
    ns: &str,
    name: &str,
) -> ApiResult<(Namespace, Worker)> {
    let n = namespace(state, c, ns)?;
    let w = lookup::worker_in(state, &scope(c, &n), name)?;
    Ok((n, w))
}

fn tags_of(w: &Worker) -> Vec<String> {
    w.settings
        .get("tags")
        .and_then(|t| serde_json::from_value(t.clone()).ok())
        .unwrap_or_default()
}

/// Does the Worker match a `tags=a:yes,b:no` filter?
fn matches_tags(w: &Worker, filter: Option<&str>) -> ApiResult<bool> {
    let Some(filter) = filter.filter(|f| !f.is_empty()) else {
        return Ok(true);
    };
    let tags = tags_of(w);
    for cond in filter.split(',') {
        let (tag, want) = match cond.rsplit_once(':') {
            Some((t, "yes")) => (t, true),
            Some((t, "no")) => (t, false),
            None => (cond, true),
            Some(_) => {
                return Err(ApiError::invalid(format!(
                    "Invalid tag filter '{cond}': use tag:yes or tag:no"
                )))
            }
        };
        if tags.iter().any(|t| t == tag) != want {
            return Ok(false);
        }
    }
    Ok(true)
}

#[derive(Deserialize, Default)]
struct TagQuery {
    tags: Option<String>,
    limit: Option<usize>,
}

fn script_entry(state: &ApiState, n: &Namespace, w: &Worker) -> ApiResult<Value> {
    let v = lookup::current_version(state, w)?;
    Ok(json!({
        "dispatch_namespace": n.name,
        "created_on": w.created_on,
        "modified_on": w.updated_on,
        "script": script_json(w, v.as_ref()),
    }))
}

async fn list_scripts(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns)): Path<(String, String)>,
    Query(q): Query<TagQuery>,
) -> ApiResult {
    let n = namespace(&state, &c, &ns)?;
    let mut out = vec![];
    for w in state.store.list_workers(&scope(&c, &n))? {
        if matches_tags(&w, q.tags.as_deref())? {
            out.push(script_entry(&state, &n, &w)?);
        }
    }
    ok(out)
}

async fn delete_scripts(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns)): Path<(String, String)>,
    Query(q): Query<TagQuery>,
) -> ApiResult {
    let n = namespace(&state, &c, &ns)?;
    if q.tags.as_deref().unwrap_or("").is_empty() {
        return Err(ApiError::invalid(
            "Bulk delete needs a 'tags' filter (e.g. tags=customer-1:yes)",
        ));
    }
    let limit = q.limit.unwrap_or(usize::MAX);
    let mut matching = vec![];
    for w in state.store.list_workers(&scope(&c, &n))? {
        if matches_tags(&w, q.tags.as_deref())? {
            matching.push(w);
        }
    }
    let has_more = matching.len() > limit;
    let mut deleted = vec![];
    for w in matching.into_iter().take(limit) {
        state.store.delete_worker(&scope(&c, &n), &w.id)?;
        state.notifier.worker_changed(&c.account.id, &w.id);
        deleted.push(json!({"id": w.name}));
    }
    ok(json!({"deleted_count": deleted.len(), "deleted": deleted, "has_more": has_more}))
}

async fn show_script(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name)): Path<(String, String, String)>,
) -> ApiResult {
    let (n, w) = user_worker(&state, &c, &ns, &name)?;
    ok(script_entry(&state, &n, &w)?)
}

async fn upload_script(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, ns, name)): Path<(String, String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let n = namespace(&state, &c, &ns)?;
    let up = read_upload(&headers, body, &name).await?;
    let how = StoreVersion {
        worker: &name,
        upsert: true,
        deploy: true,
        triggered_by: "upload",
    };
    let (w, v, _) = store_version_in(&state, &c, &headers, up, how, scope(&c, &n))?;
    let mut s = script_json(&w, Some(&v));
    s["startup_time_ms"] = json!(v.doc.startup_time_ms);
    s["entry_point"] = json!(v.doc.main_module);
    ok(s)
}

async fn delete_script(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name)): Path<(String, String, String)>,
) -> ApiResult {
    let (n, w) = user_worker(&state, &c, &ns, &name)?;
    state.store.delete_worker(&scope(&c, &n), &w.id)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok_null()
}

async fn content(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name)): Path<(String, String, String)>,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    download_worker(&state, &w)
}

async fn put_content(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, ns, name)): Path<(String, String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    put_content_of(&state, &c, &headers, &w, body).await
}

async fn settings(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name)): Path<(String, String, String)>,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    let v = lookup::current_version(&state, &w)?;
    ok(settings_json(&w, v.as_ref()))
}

async fn patch_settings(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, ns, name)): Path<(String, String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    patch_settings_of(&state, &c, &headers, w, body).await
}

async fn bindings(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name)): Path<(String, String, String)>,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    let v = lookup::current_version(&state, &w)?;
    ok(v.map(|v| {
        v.doc
            .bindings
            .iter()
            .map(public_binding)
            .collect::<Vec<_>>()
    })
    .unwrap_or_default())
}

async fn list_secrets(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name)): Path<(String, String, String)>,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    secrets::list_of(&state, &w)
}

async fn put_secret(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, ns, name)): Path<(String, String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    secrets::put_of(&state, &c, &headers, &w, &body)
}

async fn show_secret(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name, secret)): Path<(String, String, String, String)>,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    secrets::show_of(&state, &w, &secret)
}

async fn delete_secret(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, ns, name, secret)): Path<(String, String, String, String)>,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    secrets::delete_of(&state, &c, &headers, &w, &secret)
}

async fn get_tags(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name)): Path<(String, String, String)>,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    ok(tags_of(&w))
}

fn check_tag(tag: &str) -> ApiResult<()> {
    if tag.is_empty() || tag.len() > 1024 || tag.contains(',') || tag.contains('&') {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            100134,
            format!("Tag '{tag}' is invalid: 1-1024 characters, no ',' or '&'"),
        ));
    }
    Ok(())
}

fn save_tags(
    state: &ApiState,
    c: &Caller,
    mut w: Worker,
    tags: Vec<String>,
) -> ApiResult<Vec<String>> {
    if tags.len() > 8 {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            100103,
            "A Worker can have at most 8 tags",
        ));
    }
    w.settings.insert("tags".into(), json!(tags));
    let w = state.store.update_worker(&w)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    Ok(tags_of(&w))
}

async fn put_tags(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name)): Path<(String, String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let tags: Vec<String> = parse_json(&body)?;
    tags.iter().try_for_each(|t| check_tag(t))?;
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    let mut unique: Vec<String> = vec![];
    for t in tags {
        if !unique.contains(&t) {
            unique.push(t);
        }
    }
    ok(save_tags(&state, &c, w, unique)?)
}

async fn add_tag(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name, tag)): Path<(String, String, String, String)>,
) -> ApiResult {
    check_tag(&tag)?;
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    let mut tags = tags_of(&w);
    if !tags.contains(&tag) {
        tags.push(tag);
    }
    save_tags(&state, &c, w, tags)?;
    ok_null()
}

async fn remove_tag(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, ns, name, tag)): Path<(String, String, String, String)>,
) -> ApiResult {
    let (_, w) = user_worker(&state, &c, &ns, &name)?;
    let mut tags = tags_of(&w);
    tags.retain(|t| t != &tag);
    save_tags(&state, &c, w, tags)?;
    ok_null()
}
