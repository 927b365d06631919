//! Secrets: `secret_text` bindings of the deployed version. Changing one creates a new version
//! from the latest one and deploys it, as Cloudflare does.

use crate::auth::{AccountCaller, Caller};
use crate::envelope::{ok, ok_null, ApiError, ApiResult};
use crate::lookup;
use crate::scripts::derive_and_deploy;
use crate::upload::{parse_json, RawBody};
use crate::ApiState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::Router;
use hearth_store::{Version, Worker};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Router<ApiState> {
    let s = "/accounts/{account_id}/workers/scripts/{script_name}";
    Router::new()
        .route(&format!("{s}/secrets"), get(list).put(put))
        .route(
            &format!("{s}/secrets/{{secret_name}}"),
            get(show).delete(remove),
        )
}

fn is_secret(b: &Value) -> bool {
    matches!(
        b.get("type").and_then(Value::as_str),
        Some("secret_text") | Some("secret_key")
    )
}

fn secret_json(b: &Value) -> Value {
    json!({"name": b.get("name"), "type": b.get("type")})
}

/// The latest version, which must be the one fully deployed (else 400 / 10215).
fn latest_deployed(state: &ApiState, w: &Worker) -> ApiResult<Version> {
    let latest = lookup::version(state, w, "latest").map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            10215,
            "This Worker has no version yet: upload and deploy one before adding secrets",
        )
    })?;
    let deployed = state
        .store
        .list_deployments(&w.id)?
        .first()
        .is_some_and(|d| d.versions.len() == 1 && d.versions[0].version_id == latest.id);
    if !deployed {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            10215,
            "Secret edit failed: the latest version of this Worker is not deployed. Deploy it (or upload a new version) before changing secrets",
        ));
    }
    Ok(latest)
}

async fn list(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult {
    list_of(&state, &lookup::worker(&state, &c.account.id, &name)?)
}

/// The secrets (names and types) of a Worker's current version.
pub(crate) fn list_of(state: &ApiState, w: &Worker) -> ApiResult {
    let v = lookup::current_version(state, w)?;
    let secrets: Vec<Value> = v
        .iter()
        .flat_map(|v| v.doc.bindings.iter())
        .filter(|b| is_secret(b))
        .map(secret_json)
        .collect();
    ok(secrets)
}

async fn show(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    Path((_, name, secret)): Path<(String, String, String)>,
) -> ApiResult {
    show_of(
        &state,
        &lookup::worker(&state, &c.account.id, &name)?,
        &secret,
    )
}

/// One secret of a Worker's current version.
pub(crate) fn show_of(state: &ApiState, w: &Worker, secret: &str) -> ApiResult {
    let v = lookup::current_version(state, w)?;
    v.iter()
        .flat_map(|v| v.doc.bindings.iter())
        .find(|b| is_secret(b) && b.get("name").and_then(Value::as_str) == Some(secret))
        .map(|b| ok(secret_json(b)))
        .unwrap_or_else(|| Err(ApiError::not_found(10056, "Secret")))
}

#[derive(Deserialize)]
struct SecretBody {
    name: Option<String>,
    text: Option<String>,
    #[serde(rename = "type")]
    ty: Option<String>,
}

async fn put(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, name)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    put_of(&state, &c, &headers, &w, &body)
}

/// Adds or replaces a secret: a new version from the latest one, deployed.
pub(crate) fn put_of(
    state: &ApiState,
    c: &Caller,
    headers: &HeaderMap,
    w: &Worker,
    body: &[u8],
) -> ApiResult {
    let body: SecretBody = parse_json(body)?;
    let secret_name = body
        .name
        .ok_or_else(|| ApiError::invalid("Missing required field 'name'"))?;
    let ty = body.ty.unwrap_or_else(|| "secret_text".into());
    if ty != "secret_text" {
        return Err(ApiError::invalid(format!(
            "secret type '{ty}' is not supported by Hearth yet; use secret_text"
        )));
    }
    let text = body
        .text
        .ok_or_else(|| ApiError::invalid("Missing required field 'text'"))?;
    let binding = json!({"type": "secret_text", "name": secret_name, "text": text});
    hearth_model::validate_binding(&binding).map_err(ApiError::invalid)?;
    let base = latest_deployed(state, w)?;
    derive_and_deploy(
        state,
        c,
        headers,
        w,
        &base,
        None,
        |up| {
            let same =
                |b: &Value| b.get("name").and_then(Value::as_str) == Some(secret_name.as_str());
            if let Some(other) = up.doc.bindings.iter().find(|b| same(b) && !is_secret(b)) {
                return Err(ApiError::invalid(format!(
                    "Binding '{secret_name}' already exists with type '{}'; a secret cannot replace it",
                    other.get("type").and_then(Value::as_str).unwrap_or("?")
                )));
            }
            up.doc.bindings.retain(|b| !same(b));
            up.doc.bindings.push(binding.clone());
            up.doc.bindings_sent = true;
            Ok(())
        },
        "secret",
    )?;
    ok(json!({"name": secret_name, "type": "secret_text"}))
}

async fn remove(
    State(state): State<ApiState>,
    AccountCaller(c): AccountCaller,
    headers: HeaderMap,
    Path((_, name, secret)): Path<(String, String, String)>,
) -> ApiResult {
    let w = lookup::worker(&state, &c.account.id, &name)?;
    delete_of(&state, &c, &headers, &w, &secret)
}

/// Removes a secret: a new version from the latest one, deployed.
pub(crate) fn delete_of(
    state: &ApiState,
    c: &Caller,
    headers: &HeaderMap,
    w: &Worker,
    secret: &str,
) -> ApiResult {
    let base = latest_deployed(state, w)?;
    let present = base
        .doc
        .bindings
        .iter()
        .any(|b| is_secret(b) && b.get("name").and_then(Value::as_str) == Some(secret));
    if !present {
        return Err(ApiError::not_found(10056, "Secret"));
    }
    derive_and_deploy(
        state,
        c,
        headers,
        w,
        &base,
        None,
        |up| {
            up.doc.bindings.retain(|b| {
                !(is_secret(b) && b.get("name").and_then(Value::as_str) == Some(secret))
            });
            Ok(())
        },
        "secret",
    )?;
    ok_null()
}
