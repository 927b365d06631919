//! Finding the Worker and version a request addresses, with Cloudflare's not-found codes.

use crate::envelope::{ApiError, ApiResult};
use crate::ApiState;
use hearth_store::{Scope, Version, Worker};

/// The Worker named (or with the id) `id_or_name` in the account, or 404 / 10007.
pub fn worker(state: &ApiState, account_id: &str, id_or_name: &str) -> ApiResult<Worker> {
    state
        .store
        .find_worker(&Scope::account(account_id), id_or_name)?
        .ok_or_else(ApiError::script_not_found)
}

/// The Worker `id_or_name` in a scope (an account's Workers or a dispatch namespace's), or 404 / 10007.
pub fn worker_in(state: &ApiState, scope: &Scope, id_or_name: &str) -> ApiResult<Worker> {
    state
        .store
        .find_worker(scope, id_or_name)?
        .ok_or_else(ApiError::script_not_found)
}

/// The version serving most traffic in the Worker's current deployment; if never deployed, the
/// latest version.
pub fn current_version(state: &ApiState, w: &Worker) -> ApiResult<Option<Version>> {
    let deployments = state.store.list_deployments(&w.id)?;
    if let Some(d) = deployments.first() {
        let top = d
            .versions
            .iter()
            .max_by(|a, b| a.percentage.total_cmp(&b.percentage))
            .map(|v| v.version_id.clone());
        if let Some(id) = top {
            return Ok(state.store.find_version(&w.id, &id)?);
        }
    }
    Ok(state.store.find_version(&w.id, "latest")?)
}

/// A version of the Worker by id, ≥8-char prefix or `latest`, or 404.
pub fn version(state: &ApiState, w: &Worker, id: &str) -> ApiResult<Version> {
    state
        .store
        .find_version(&w.id, id)?
        .ok_or_else(|| ApiError::not_found(10201, "Version"))
}
