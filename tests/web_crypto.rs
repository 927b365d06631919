//! End-to-end Web Crypto: `tests/workers/web/crypto.js` runs on the real server, deployed through
//! the API and called over the edge — standard vectors, errors, `timingSafeEqual`,
//! `crypto.DigestStream` over a streamed body, and verifying RFC 7515's HS256/RS256/ES256 JWTs as
//! a Worker would. The exhaustive checks are `crates/hearth-web/tests/js/subtle.js`.

mod common;
use common::*;

#[tokio::test]
async fn web_crypto() {
    let h = Hearth::start().await;
    let passed = run_web_checks(&h, "web-crypto", "crypto.js", &[]).await;
    for name in [
        "JWT: verify RFC 7515's HS256, RS256 and ES256 tokens",
        "DigestStream hashes a streamed body",
        "timingSafeEqual",
        "errors",
    ] {
        assert!(passed.iter().any(|p| p == name), "{name} did not run");
    }
}
