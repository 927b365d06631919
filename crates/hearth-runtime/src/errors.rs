//! Cloudflare-style error responses the runtime answers when a Worker fails.

use crate::fetch::body::{full, Body};
use http::{header, Response, StatusCode};

/// Why a request failed inside the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerError {
    /// 1101: the Worker threw an uncaught exception (or returned something that is not a Response).
    Threw,
    /// 1102: the Worker exceeded its CPU or memory limit.
    ResourceLimits,
    /// 1101 variant used when the runtime itself could not run the Worker.
    Internal,
}

impl WorkerError {
    fn parts(self) -> (StatusCode, u32, &'static str) {
        match self {
            WorkerError::Threw | WorkerError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                1101,
                "Worker threw exception",
            ),
            WorkerError::ResourceLimits => (
                StatusCode::SERVICE_UNAVAILABLE,
                1102,
                "Worker exceeded resource limits",
            ),
        }
    }
}

/// Builds the error page for `err` (HTML like Cloudflare's, with the code in a header too).
pub fn error_response(err: WorkerError, request_id: &str) -> Response<Body> {
    let (status, code, title) = err.parts();
    let body = format!(
        "<!DOCTYPE html>\n<html><head><title>Worker error | {title}</title></head>\n<body>\n\
         <h1>Error {code}</h1>\n<h2>{title}</h2>\n<p>Error {code}: {title}</p>\n\
         <p>Request ID: {rid}</p>\n</body></html>\n",
        rid = html_escape(request_id)
    );
    let mut resp = Response::new(full(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        "text/html; charset=UTF-8".parse().unwrap(),
    );
    h.insert("cf-error-code", code.into());
    resp
}

fn html_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}
