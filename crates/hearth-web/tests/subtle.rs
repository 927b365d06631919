//! crypto.subtle checks (`tests/js/subtle.js`): standard vectors, round trips, formats, errors,
//! `timingSafeEqual` and `crypto.DigestStream`.

mod common;

#[test]
fn subtle_checks() {
    common::run_js_checks("subtle.js", |_| {}).assert_all_passed();
}
