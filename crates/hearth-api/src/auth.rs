//! Authentication: API tokens (`Authorization: Bearer`, or the legacy `X-Auth-Key`), scoped to
//! the account they belong to.

use crate::envelope::ApiError;
use crate::ApiState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;
use hearth_store::{Account, Token};

/// The caller, authenticated by token.
pub struct Caller {
    pub token: Token,
    pub account: Account,
}

impl Caller {
    /// Fails unless this caller may write (non-GET methods need a token with edit rights).
    pub fn require_write(&self, method: &Method) -> Result<(), ApiError> {
        if self.token.read_only && method != Method::GET && method != Method::HEAD {
            return Err(ApiError::read_only());
        }
        Ok(())
    }
}

fn token_from(parts: &Parts) -> Option<String> {
    if let Some(v) = parts
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    {
        let v = v.trim();
        if let Some(t) = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
        {
            let t = t.trim();
            if !t.is_empty() {
                return Some(t.to_string());
            }
        }
    }
    parts
        .headers
        .get("x-auth-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let secret = token_from(parts).ok_or_else(ApiError::unauthenticated)?;
        let token = state
            .store
            .verify_token(&secret)?
            .ok_or_else(ApiError::unauthenticated)?;
        let account = state
            .store
            .get_account(&token.account_id)?
            .ok_or_else(ApiError::unauthenticated)?;
        Ok(Caller { token, account })
    }
}

/// A caller acting on the account in the path (`/accounts/{account_id}/...`), with write access
/// checked for the request's method.
pub struct AccountCaller(pub Caller);

impl FromRequestParts<ApiState> for AccountCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let path = parts.uri.path();
        let account_in_path = path
            .split('/')
            .skip_while(|s| *s != "accounts")
            .nth(1)
            .unwrap_or_default();
        if account_in_path != caller.account.id {
            return Err(ApiError::forbidden_account());
        }
        caller.require_write(&parts.method)?;
        Ok(AccountCaller(caller))
    }
}
