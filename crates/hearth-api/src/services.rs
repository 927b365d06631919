//! The legacy services view of a Worker: `/accounts/{a}/workers/services/{name}`, which wrangler
//! reads on every deploy (`default_environment.script.migration_tag` drives its migration logic).

use crate::auth::AccountCaller;
use crate::envelope::{ok, ok_null, ApiError, ApiResult};
use crate::lookup;
use crate::render::script_json;
use crate::scripts::ForceQuery;
use crate::ApiState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Router;
use hearth_store::Scope;
use serde_json::json;

pub fn routes() -> Router<ApiState> {
    Router::new().route(
        "/accounts/{account_id}/workers/services/{service}",
        get(show).delete(remove),
    )
}

async fn show(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    let w =
        lookup::worker(&state, &c.account.id, &name).map_err(|_| ApiError::service_not_found())?;
    let v = lookup::current_version(&state, &w)?;
    let mut script = script_json(&w, v.as_ref());
    script["tag"] = json!(w.id);
    ok(json!({
        "id": w.name,
        "created_on": w.created_on,
        "modified_on": w.updated_on,
        "default_environment": {
            "environment": "production",
            "created_on": w.created_on,
            "modified_on": w.updated_on,
            "script": script,
        },
        "environments": [{"environment": "production", "created_on": w.created_on, "modified_on": w.updated_on}],
    }))
}

async fn remove(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
    Query(q): Query<ForceQuery>,
) -> ApiResult {
    let w =
        lookup::worker(&state, &c.account.id, &name).map_err(|_| ApiError::service_not_found())?;
    crate::related::check_delete(&state, &c.account.id, &w, q.force.as_deref())?;
    state
        .store
        .delete_worker(&Scope::account(&c.account.id), &w.id)?;
    state.notifier.worker_changed(&c.account.id, &w.id);
    ok_null()
}
