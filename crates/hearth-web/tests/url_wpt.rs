//! WPT URL conformance (`tests/js/url_wpt.js`): the data files are read in place from the shared
//! WPT directory next to the repository; expected failures are in `tests/expectations/url.json`.

mod common;

use rquickjs::Function;

const WPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/wpt/");

#[test]
fn url_wpt_conformance() {
    let read = |name: &str| std::fs::read_to_string(format!("{WPT}{name}")).expect(name);
    let urltestdata = read("urltestdata.json");
    let setters = read("setters_tests.json");
    let toascii = read("toascii.json");
    let expectations =
        std::fs::read_to_string(common::test_path("expectations/url.json")).expect("expectations");
    common::run_js_checks("url_wpt.js", move |ctx| {
        let g = ctx.globals();
        g.set("__urltestdata", urltestdata).unwrap();
        g.set("__setters", setters).unwrap();
        g.set("__toascii", toascii).unwrap();
        g.set("__expectations", expectations).unwrap();
        let print = Function::new(ctx.clone(), |line: String| println!("{line}")).unwrap();
        g.set("__print", print).unwrap();
    })
    .assert_all_passed();
}

#[test]
fn urlpattern_wpt_conformance() {
    let data = std::fs::read_to_string(format!("{WPT}urlpatterntestdata.json")).expect("data");
    let expectations = std::fs::read_to_string(common::test_path("expectations/urlpattern.json"))
        .expect("expectations");
    common::run_js_checks("urlpattern_wpt.js", move |ctx| {
        let g = ctx.globals();
        g.set("__urlpatterntestdata", data).unwrap();
        g.set("__expectations", expectations).unwrap();
        let print = Function::new(ctx.clone(), |line: String| println!("{line}")).unwrap();
        g.set("__print", print).unwrap();
    })
    .assert_all_passed();
}
