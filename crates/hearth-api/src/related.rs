//! Account resources that clients look up around a Worker: its dependants (service bindings and
//! Tail Workers pointing at it), and the resource kinds Hearth does not host yet (Workers KV,
//! Durable Object namespaces, Containers). wrangler lists those before deleting or provisioning;
//! Hearth answers with the real (empty) lists, and refuses creation with a readable error.

use crate::auth::AccountCaller;
use crate::envelope::{ok, ok_page, ApiError, ApiResult, PageQuery};
use crate::lookup;
use crate::ApiState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Router;
use hearth_store::{Scope, Worker};
use serde_json::{json, Value};

pub fn routes() -> Router<ApiState> {
    Router::new()
        .route(
            "/accounts/{account_id}/workers/scripts/{script_name}/references",
            get(references),
        )
        .route(
            "/accounts/{account_id}/workers/tails/by-consumer/{script_name}",
            get(tail_producers),
        )
        .route(
            "/accounts/{account_id}/workers/durable_objects/namespaces",
            get(durable_object_namespaces),
        )
        .route(
            "/accounts/{account_id}/storage/kv/namespaces",
            get(kv_namespaces).post(kv_create),
        )
        .route(
            "/accounts/{account_id}/containers/applications",
            get(container_applications),
        )
}

/// The names of the Workers that the bindings of `w`'s deployed versions call as services.
fn outgoing_services(state: &ApiState, w: &Worker) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    let deployments = state.store.list_deployments(&w.id)?;
    let Some(current) = deployments.first() else {
        return Ok(out);
    };
    for dv in &current.versions {
        let Some(v) = state.store.find_version(&w.id, &dv.version_id)? else {
            continue;
        };
        for b in &v.doc.bindings {
            if b.get("type").and_then(Value::as_str) == Some("service") {
                if let Some(s) = b.get("service").and_then(Value::as_str) {
                    if !out.iter().any(|o| o == s) {
                        out.push(s.to_string());
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The names of the other Workers of the account whose deployed code binds `w` as a service.
fn incoming_services(state: &ApiState, account_id: &str, w: &Worker) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for other in state.store.list_workers(&Scope::account(account_id))? {
        if other.id != w.id && outgoing_services(state, &other)?.contains(&w.name) {
            out.push(other.name);
        }
    }
    Ok(out)
}

/// Refuses to delete a Worker that other Workers bind as a service unless `force` is set, as
/// Cloudflare does (wrangler reads `/references` first, asks, then sends `force=true`).
pub fn check_delete(
    state: &ApiState,
    account_id: &str,
    w: &Worker,
    force: Option<&str>,
) -> ApiResult<()> {
    if matches!(force, Some("true") | Some("1")) {
        return Ok(());
    }
    let users = incoming_services(state, account_id, w)?;
    if users.is_empty() {
        return Ok(());
    }
    Err(ApiError::invalid(format!(
        "Worker '{}' is still used by other Workers through service bindings ({}); deleting it would break them. Remove those bindings, or delete with ?force=true",
        w.name,
        users.join(", ")
    )))
}

/// `GET …/scripts/{name}/references`: the Workers whose deployed code binds this one as a service
/// (`services.incoming`), and the services this one binds (`services.outgoing`).
async fn references(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    let incoming: Vec<Value> = incoming_services(&state, &c.account.id, &w)?
        .into_iter()
        .map(|s| json!({"service": s, "environment": "production"}))
        .collect();
    let outgoing: Vec<Value> = outgoing_services(&state, &w)?
        .into_iter()
        .map(|s| json!({"service": s, "environment": "production"}))
        .collect();
    ok(json!({
        "services": {"incoming": incoming, "outgoing": outgoing, "pages_function": false},
        "durable_objects": [],
        "dispatch_outbounds": [],
    }))
}

/// `GET /workers/tails/by-consumer/{name}`: the Workers whose `tail_consumers` name this one.
async fn tail_producers(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    let mut out = Vec::new();
    for w in state.store.list_workers(&Scope::account(&c.account.id))? {
        let consumers = w.settings.get("tail_consumers").and_then(Value::as_array);
        if consumers.is_some_and(|list| {
            list.iter()
                .any(|t| t.get("service").and_then(Value::as_str) == Some(name.as_str()))
        }) {
            out.push(json!({"producer": {"script": w.name}, "consumer": {"script": name}}));
        }
    }
    ok(out)
}

/// Durable Objects are not hosted by Hearth: the account has no namespaces.
async fn durable_object_namespaces(
    AccountCaller(_c): AccountCaller,
    Query(q): Query<PageQuery>,
) -> ApiResult {
    let (items, info) = q.apply(Vec::<Value>::new(), 20, 1000)?;
    ok_page(items, info)
}

/// Workers KV is not hosted by Hearth: the account has no namespaces.
async fn kv_namespaces(AccountCaller(_c): AccountCaller, Query(q): Query<PageQuery>) -> ApiResult {
    let (items, info) = q.apply(Vec::<Value>::new(), 20, 1000)?;
    ok_page(items, info)
}

async fn kv_create(AccountCaller(_c): AccountCaller) -> ApiResult {
    Err(ApiError::invalid(
        "Workers KV is not supported by Hearth yet, so a KV namespace cannot be created; remove the kv_namespaces binding",
    ))
}

/// Containers are not hosted by Hearth: the account has no applications.
async fn container_applications(AccountCaller(_c): AccountCaller) -> ApiResult {
    ok(Vec::<Value>::new())
}
