//! Blob, File, performance and navigator checks (`tests/js/blob.js`).

mod common;

#[test]
fn blob_checks() {
    common::run_js_checks("blob.js", |_| {}).assert_all_passed();
}
