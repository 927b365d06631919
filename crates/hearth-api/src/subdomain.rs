//! workers.dev subdomains: the account's (`/workers/subdomain`) and each script's
//! (`/workers/scripts/{name}/subdomain`).

use crate::auth::AccountCaller;
use crate::envelope::{ok, ApiError, ApiResult};
use crate::lookup;
use crate::upload::{parse_json, RawBody};
use crate::ApiState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use hearth_model::validate_subdomain;
use serde_json::{json, Map, Value};

pub fn routes() -> Router<ApiState> {
    Router::new()
        .route(
            "/accounts/{account_id}/workers/subdomain",
            get(account_get).put(account_put).delete(account_delete),
        )
        .route(
            "/accounts/{account_id}/workers/subdomains/{candidate}",
            get(availability),
        )
        .route(
            "/accounts/{account_id}/workers/scripts/{script_name}/subdomain",
            get(script_get).post(script_post).delete(script_delete),
        )
}

async fn account_get(AccountCaller(c): AccountCaller) -> ApiResult {
    match &c.account.subdomain {
        Some(s) => ok(json!({"subdomain": s})),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            10007,
            "This account has no workers.dev subdomain yet: register one with PUT /accounts/{account_id}/workers/subdomain",
        )),
    }
}

async fn account_put(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: Map<String, Value> = parse_json(&body)?;
    let sub = body
        .get("subdomain")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid("Missing required field 'subdomain'"))?;
    validate_subdomain(sub).map_err(ApiError::invalid)?;
    let a = state
        .store
        .set_account_subdomain(&c.account.id, Some(sub))
        .map_err(|e| match e {
            hearth_store::StoreError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, 10031, m),
            e => e.into(),
        })?;
    state.notifier.account_changed(&c.account.id);
    ok(json!({"subdomain": a.subdomain}))
}

async fn account_delete(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
) -> Result<axum::response::Response, ApiError> {
    state.store.set_account_subdomain(&c.account.id, None)?;
    state.notifier.account_changed(&c.account.id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn availability(
    State(state): State<ApiState>,
    AccountCaller(_c): AccountCaller,
    Path((_, candidate)): Path<(String, String)>,
) -> ApiResult {
    validate_subdomain(&candidate).map_err(ApiError::invalid)?;
    if state.store.account_by_subdomain(&candidate)?.is_some() {
        Err(ApiError::new(
            StatusCode::CONFLICT,
            10031,
            format!("Subdomain '{candidate}' is unavailable"),
        ))
    } else {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            10032,
            format!("Subdomain '{candidate}' is available"),
        ))
    }
}

async fn script_get(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    ok(json!({"enabled": w.subdomain_enabled, "previews_enabled": w.previews_enabled}))
}

async fn script_post(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: Map<String, Value> = parse_json(&body)?;
    let enabled = body
        .get("enabled")
        .and_then(Value::as_bool)
        .ok_or_else(|| ApiError::invalid("Missing required boolean field 'enabled'"))?;
    let mut w = lookup::worker(&state, &c.account.id, &name)?;
    w.subdomain_enabled = enabled;
    w.previews_enabled = match body.get("previews_enabled") {
        Some(Value::Bool(p)) => *p,
        Some(Value::Null) | None => enabled,
        Some(_) => return Err(ApiError::invalid("'previews_enabled' must be a boolean")),
    };
    let w = state.store.update_worker(&w)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok(json!({"enabled": w.subdomain_enabled, "previews_enabled": w.previews_enabled}))
}

async fn script_delete(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    let mut w = lookup::worker(&state, &c.account.id, &name)?;
    w.subdomain_enabled = false;
    w.previews_enabled = false;
    let w = state.store.update_worker(&w)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok(json!({"enabled": false, "previews_enabled": false}))
}
