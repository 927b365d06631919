//! Crypto checks (`tests/js/crypto.js`).

mod common;

#[test]
fn crypto_checks() {
    common::run_js_checks("crypto.js", |_| {}).assert_all_passed();
}
