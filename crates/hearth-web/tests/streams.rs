//! Streams checks (`tests/js/streams.js`).

mod common;

#[test]
fn streams_checks() {
    common::run_js_checks("streams.js", |_| {}).assert_all_passed();
}
