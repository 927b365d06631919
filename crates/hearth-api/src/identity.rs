//! Identity endpoints that clients probe first: token verify, `/user`, `/accounts`,
//! `/memberships`; and the answer for paths that match no route.

use crate::auth::{AccountCaller, Caller};
use crate::envelope::{ok, ok_page, ApiError, ApiResult, PageQuery};
use crate::ApiState;
use axum::extract::Query;
use axum::http::{StatusCode, Uri};
use axum::routing::get;
use axum::Router;
use hearth_store::Account;
use serde_json::{json, Value};

pub fn routes() -> Router<ApiState> {
    Router::new()
        .route("/user/tokens/verify", get(verify))
        .route("/accounts/{account_id}/tokens/verify", get(verify_account))
        .route("/user", get(user))
        .route("/accounts", get(accounts))
        .route("/accounts/{account_id}", get(account))
        .route("/memberships", get(memberships))
}

fn verify_json(c: &Caller) -> Value {
    json!({"id": c.token.id, "status": "active", "expires_on": null, "not_before": null})
}

async fn verify(c: Caller) -> ApiResult {
    ok(verify_json(&c))
}

async fn verify_account(AccountCaller(c): AccountCaller) -> ApiResult {
    ok(verify_json(&c))
}

async fn user(c: Caller) -> ApiResult {
    ok(json!({
        "id": c.token.account_id,
        "email": c.account.email,
        "first_name": null, "last_name": null, "username": c.account.email,
        "telephone": null, "country": null, "zipcode": null,
        "two_factor_authentication_enabled": false, "suspended": false,
        "has_pro_zones": false, "has_business_zones": false, "has_enterprise_zones": false,
        "organizations": [], "betas": [],
        "created_on": c.account.created_on, "modified_on": c.account.created_on,
    }))
}

/// An account in Cloudflare's shape.
pub fn account_json(a: &Account) -> Value {
    json!({
        "id": a.id, "name": a.name, "type": "standard", "created_on": a.created_on,
        "settings": {"enforce_twofactor": false, "abuse_contact_email": null},
    })
}

async fn accounts(c: Caller, Query(q): Query<PageQuery>) -> ApiResult {
    let (items, info) = q.apply(vec![account_json(&c.account)], 20, 50)?;
    ok_page(items, info)
}

async fn account(AccountCaller(c): AccountCaller) -> ApiResult {
    ok(account_json(&c.account))
}

async fn memberships(c: Caller, Query(q): Query<PageQuery>) -> ApiResult {
    let m = json!({
        "id": c.token.id,
        "status": "accepted",
        "account": account_json(&c.account),
        "roles": [if c.token.read_only { "Administrator Read Only" } else { "Administrator" }],
        "permissions": {},
        "api_access_enabled": true,
    });
    let (items, info) = q.apply(vec![m], 20, 50)?;
    ok_page(items, info)
}

/// 405 / 10405 for a method a path does not support, as a JSON envelope clients can print.
pub async fn method_not_allowed(method: axum::http::Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        10405,
        format!("Method {method} is not allowed for {}", uri.path()),
    )
}

/// 404 / 7003 for paths no route matches, as Cloudflare answers them.
pub async fn no_route(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        7003,
        format!(
            "Could not route to {}, perhaps your object identifier is invalid?",
            uri.path()
        ),
    )
}
