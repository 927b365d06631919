//! Compression streams, FormData and messaging checks (`tests/js/misc.js`).

mod common;

#[test]
fn misc_checks() {
    common::run_js_checks("misc.js", |_| {}).assert_all_passed();
}
