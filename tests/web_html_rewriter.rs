//! HTMLRewriter end to end: tests/workers/web/html_rewriter.js deployed through the API and run
//! over the edge (each handler type and mutation, async handlers, token-splitting input chunks,
//! error cases).

mod common;
use common::*;

#[tokio::test]
async fn html_rewriter_checks() {
    let h = Hearth::start().await;
    run_web_checks(&h, "html-rewriter", "html_rewriter.js", &[]).await;
}
