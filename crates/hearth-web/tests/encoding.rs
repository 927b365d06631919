//! Encoding checks (`tests/js/encoding.js`).

mod common;

#[test]
fn encoding_checks() {
    common::run_js_checks("encoding.js", |_| {}).assert_all_passed();
}
