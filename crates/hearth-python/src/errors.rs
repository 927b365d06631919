//! Cloudflare-style error pages (the same page `hearth-runtime` answers for JavaScript Workers).

use crate::full;
use hearth_runtime::Body;
use http::{header, Response, StatusCode};

/// Why a request to a Python Worker failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The Worker raised (at import or in its handler), or returned something not a Response.
    Threw(String),
    /// CPU time or memory limit exceeded.
    Limits(String),
    /// The host could not run the Worker (fork failed, process crashed, protocol error).
    Internal(String),
}

/// The error page for `failure`: 500 + 1101 or 503 + 1102, with the code in `cf-error-code`.
pub fn error_response(failure: &Failure, request_id: &str) -> Response<Body> {
    let (status, code, title) = match failure {
        Failure::Threw(_) | Failure::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            1101u32,
            "Worker threw exception",
        ),
        Failure::Limits(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            1102,
            "Worker exceeded resource limits",
        ),
    };
    let rid: String = request_id
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect();
    let body = format!(
        "<!DOCTYPE html>\n<html><head><title>Worker error | {title}</title></head>\n<body>\n\
         <h1>Error {code}</h1>\n<h2>{title}</h2>\n<p>Error {code}: {title}</p>\n\
         <p>Request ID: {rid}</p>\n</body></html>\n"
    );
    let mut resp = Response::new(full(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=UTF-8"),
    );
    h.insert("cf-error-code", code.into());
    resp
}
