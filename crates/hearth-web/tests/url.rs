//! URL and URLSearchParams checks (`tests/js/url.js`).

mod common;

#[test]
fn url_checks() {
    common::run_js_checks("url.js", |_| {}).assert_all_passed();
}
