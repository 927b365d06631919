//! The beta Worker resource: `/accounts/{a}/workers/workers[/{id-or-name}]`.

use crate::auth::{AccountCaller, Caller};
use crate::envelope::{ok, ok_null, ok_page, ApiError, ApiResult, PageQuery};
use crate::lookup;
use crate::render::{default_observability, merge, worker_json};
use crate::upload::{parse_json, RawBody};
use crate::ApiState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use hearth_model::validate_script_name;
use hearth_store::{NewWorker, Scope, Worker};
use serde::Deserialize;
use serde_json::{Map, Value};

pub fn routes() -> Router<ApiState> {
    Router::new()
        .route(
            "/accounts/{account_id}/workers/workers",
            get(list).post(create),
        )
        .route(
            "/accounts/{account_id}/workers/workers/{worker_id}",
            get(show).put(replace).patch(patch).delete(remove),
        )
}

/// Checks the user-settable Worker fields and returns the settings map and subdomain flags.
fn read_worker_body(
    body: &Map<String, Value>,
    base: Option<&Worker>,
) -> ApiResult<(Map<String, Value>, bool, bool)> {
    let mut settings = base.map(|w| w.settings.clone()).unwrap_or_default();
    if let Some(tags) = body.get("tags").filter(|v| !v.is_null()) {
        let list = tags
            .as_array()
            .ok_or_else(|| ApiError::invalid("'tags' must be a list of strings"))?;
        if list.len() > 8 {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                100103,
                "A Worker can have at most 8 tags",
            ));
        }
        for t in list {
            let s = t
                .as_str()
                .ok_or_else(|| ApiError::invalid("'tags' must be a list of strings"))?;
            if s.len() > 1024 {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    100102,
                    "A tag is longer than 1024 characters",
                ));
            }
            if s.contains(',') || s.contains('&') {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    100134,
                    format!("Tag '{s}' contains invalid characters"),
                ));
            }
        }
        settings.insert("tags".into(), tags.clone());
    }
    if let Some(l) = body.get("logpush").filter(|v| !v.is_null()) {
        if !l.is_boolean() {
            return Err(ApiError::invalid("'logpush' must be a boolean"));
        }
        settings.insert("logpush".into(), l.clone());
    }
    if let Some(tc) = body.get("tail_consumers").filter(|v| !v.is_null()) {
        if !tc.is_array() {
            return Err(ApiError::invalid("'tail_consumers' must be a list"));
        }
        settings.insert("tail_consumers".into(), tc.clone());
    }
    if let Some(o) = body.get("observability").filter(|v| !v.is_null()) {
        if !o.is_object() {
            return Err(ApiError::invalid("'observability' must be an object"));
        }
        let mut full = settings
            .get("observability")
            .cloned()
            .unwrap_or_else(default_observability);
        merge(&mut full, o);
        for rate in [
            &full["head_sampling_rate"],
            &full["logs"]["head_sampling_rate"],
            &full["traces"]["head_sampling_rate"],
        ] {
            if let Some(r) = rate.as_f64() {
                if !(0.0..=1.0).contains(&r) {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        100308,
                        "head_sampling_rate must be between 0 and 1",
                    ));
                }
            }
        }
        settings.insert("observability".into(), full);
    }
    let sub = body.get("subdomain").filter(|v| !v.is_null());
    let enabled_default = base.map(|w| w.subdomain_enabled).unwrap_or(false);
    let enabled = sub
        .and_then(|s| s.get("enabled"))
        .and_then(Value::as_bool)
        .unwrap_or(enabled_default);
    let previews = match sub
        .and_then(|s| s.get("previews_enabled"))
        .and_then(Value::as_bool)
    {
        Some(p) => p,
        None if sub.and_then(|s| s.get("enabled")).is_some() => enabled,
        None => base.map(|w| w.previews_enabled).unwrap_or(enabled),
    };
    Ok((settings, enabled, previews))
}

/// The account's workers.dev subdomain and the edge's workers.dev domain, if it has one. Reads
/// (GET one, list) add the derived `subdomain.url` / `preview_url_suffix` with it; write
/// responses echo the stored flags only.
fn workers_dev<'a>(state: &'a ApiState, c: &'a Caller) -> Option<(&'a str, &'a str)> {
    c.account
        .subdomain
        .as_deref()
        .map(|s| (s, state.config.workers_dev_domain.as_str()))
}

fn read_name(body: &Map<String, Value>) -> ApiResult<String> {
    let name = body.get("name").and_then(Value::as_str).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            10003,
            "Missing required field 'name'",
        )
    })?;
    validate_script_name(name).map_err(|m| ApiError::new(StatusCode::BAD_REQUEST, 10016, m))?;
    Ok(name.to_string())
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(flatten)]
    page: PageQuery,
    order_by: Option<String>,
    order: Option<String>,
}

async fn list(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let mut workers = state.store.list_workers(&Scope::account(&c.account.id))?;
    let key = q.order_by.as_deref().unwrap_or("created_on");
    let field = |w: &Worker| -> String {
        match key {
            "name" => w.name.clone(),
            "updated_on" => w.updated_on.clone(),
            "deployed_on" => w.deployed_on.clone().unwrap_or_default(),
            _ => w.created_on.clone(),
        }
    };
    workers.sort_by_key(|a| (field(a), a.id.clone()));
    if q.order.as_deref() == Some("desc") {
        workers.reverse();
    }
    let (page, info) = q.page.apply(workers, 10, 100)?;
    ok_page(
        page.iter()
            .map(|w| worker_json(w, workers_dev(&state, &c)))
            .collect(),
        info,
    )
}

async fn create(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: Map<String, Value> = parse_json(&body)?;
    let name = read_name(&body)?;
    let (settings, enabled, previews) = read_worker_body(&body, None)?;
    let w = state.store.create_worker(&NewWorker {
        scope: Scope::account(&c.account.id),
        name,
        settings,
        subdomain_enabled: enabled,
        previews_enabled: previews,
    })?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok(worker_json(&w, None))
}

async fn show(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, id)): Path<(String, String)>,
) -> ApiResult {
    ok(worker_json(
        &lookup::worker(&state, &c.account.id, &id)?,
        workers_dev(&state, &c),
    ))
}

async fn replace(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: Map<String, Value> = parse_json(&body)?;
    let mut w = lookup::worker(&state, &c.account.id, &id)?;
    let name = read_name(&body)?;
    // PUT replaces: fields left out return to their defaults.
    let blank = Worker {
        settings: Map::new(),
        subdomain_enabled: false,
        previews_enabled: false,
        ..w.clone()
    };
    let (settings, enabled, previews) = read_worker_body(&body, Some(&blank))?;
    w.name = name;
    w.settings = settings;
    w.subdomain_enabled = enabled;
    w.previews_enabled = previews;
    let w = state.store.update_worker(&w)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok(worker_json(&w, None))
}

async fn patch(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let body: Map<String, Value> = parse_json(&body)?;
    let mut w = lookup::worker(&state, &c.account.id, &id)?;
    if body.contains_key("name") {
        w.name = read_name(&body)?;
    }
    let (settings, enabled, previews) = read_worker_body(&body, Some(&w))?;
    w.settings = settings;
    w.subdomain_enabled = enabled;
    w.previews_enabled = previews;
    let w = state.store.update_worker(&w)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok(worker_json(&w, None))
}

async fn remove(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, id)): Path<(String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &id)?;
    state
        .store
        .delete_worker(&Scope::account(&c.account.id), &w.id)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok_null()
}
