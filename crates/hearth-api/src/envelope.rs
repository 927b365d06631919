//! The Cloudflare v4 response envelope and the one place where errors map to codes and statuses.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hearth_store::StoreError;
use serde::Serialize;
use serde_json::{json, Value};

/// An API failure: HTTP status plus one Cloudflare error `{code, message}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: u32,
    pub message: String,
}

impl ApiError {
    /// Any status and code.
    pub fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
    /// 400 / 10021: the request failed validation.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 10021, message)
    }
    /// 404 / 10007: the Worker (script) does not exist.
    pub fn script_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            10007,
            "This Worker does not exist on your account. (workers.api.error.script_not_found)",
        )
    }
    /// 404 / 10090: the service (legacy name of a Worker) does not exist.
    pub fn service_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            10090,
            "This Worker service does not exist on your account. (workers.api.error.service_not_found)",
        )
    }
    /// 404 with a resource-specific message.
    pub fn not_found(code: u32, what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, format!("{what} not found"))
    }
    /// 401 / 10000: no or bad credentials.
    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 10000, "Authentication error")
    }
    /// 403 / 9109: the token may not access this account (reveals nothing about it).
    pub fn forbidden_account() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            9109,
            "Unauthorized to access requested resource",
        )
    }
    /// 403 / 10000: a read-only token attempted a write.
    pub fn read_only() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            10000,
            "Authentication error: this API token is read-only",
        )
    }
    /// 409 / 10040: a name is already taken.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, 10040, message)
    }
    /// 500 / 10002: an internal failure (logged).
    pub fn internal(message: impl std::fmt::Display) -> Self {
        tracing::error!(error = %message, "internal API error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            10002,
            "An internal error occurred; see the Hearth log",
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound("worker") => ApiError::script_not_found(),
            StoreError::NotFound("version") => ApiError::not_found(10201, "Version"),
            StoreError::NotFound(what) => ApiError::not_found(10007, what),
            StoreError::Conflict(m) => ApiError::conflict(m),
            StoreError::Invalid(m) => ApiError::invalid(m),
            StoreError::MigrationTag(m) => ApiError::new(StatusCode::BAD_REQUEST, 10079, m),
            e @ (StoreError::Db(_) | StoreError::Json(_)) => ApiError::internal(e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "success": false,
            "errors": [{"code": self.code, "message": self.message}],
            "messages": [],
            "result": null,
        });
        let mut resp = (self.status, axum::Json(body)).into_response();
        if self.status.is_client_error() && self.status != StatusCode::TOO_MANY_REQUESTS {
            resp.headers_mut()
                .insert("x-should-retry", HeaderValue::from_static("false"));
        }
        resp
    }
}

/// Result alias for handlers.
pub type ApiResult<T = Response> = Result<T, ApiError>;

/// `{success: true, result}` with status 200.
pub fn ok<T: Serialize>(result: T) -> ApiResult {
    Ok(
        axum::Json(json!({"success": true, "errors": [], "messages": [], "result": result}))
            .into_response(),
    )
}

/// `{success: true, result, result_info}` for a page of a list.
pub fn ok_page(items: Vec<Value>, info: ResultInfo) -> ApiResult {
    Ok(axum::Json(json!({
        "success": true, "errors": [], "messages": [], "result": items,
        "result_info": info,
    }))
    .into_response())
}

/// Page-based pagination info.
#[derive(Debug, Clone, Serialize)]
pub struct ResultInfo {
    pub page: usize,
    pub per_page: usize,
    pub count: usize,
    pub total_count: usize,
    pub total_pages: usize,
}

/// Query of page-based lists.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    pub page: Option<String>,
    pub per_page: Option<String>,
}

impl PageQuery {
    /// Slices `items` for this page. Pages past the end are empty (clients page until then).
    pub fn apply<T>(
        &self,
        items: Vec<T>,
        default_per_page: usize,
        max_per_page: usize,
    ) -> ApiResult<(Vec<T>, ResultInfo)> {
        let page = parse_pos(self.page.as_deref(), 1, "page")?;
        let per_page =
            parse_pos(self.per_page.as_deref(), default_per_page, "per_page")?.min(max_per_page);
        let total = items.len();
        let start = (page - 1).saturating_mul(per_page);
        let slice: Vec<T> = items.into_iter().skip(start).take(per_page).collect();
        let info = ResultInfo {
            page,
            per_page,
            count: slice.len(),
            total_count: total,
            total_pages: total.div_ceil(per_page.max(1)),
        };
        Ok((slice, info))
    }
}

fn parse_pos(v: Option<&str>, default: usize, what: &str) -> ApiResult<usize> {
    match v {
        None | Some("") => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                10004,
                format!("'{what}' must be a positive integer, not '{s}'"),
            )),
        },
    }
}

/// An empty successful delete: `{success: true, result: null}`.
pub fn ok_null() -> ApiResult {
    ok(Value::Null)
}

/// A raw (non-JSON) 200 response with a content type.
pub fn raw(content_type: &str, body: impl Into<axum::body::Body>) -> Response {
    let mut r = Response::new(body.into());
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}
