//! Events, errors and structuredClone checks (`tests/js/events.js`).

mod common;

#[test]
fn events_checks() {
    common::run_js_checks("events.js", |_| {}).assert_all_passed();
}
