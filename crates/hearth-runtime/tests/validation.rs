mod common;
use common::*;
use hearth_runtime::*;

#[test]
fn valid_worker_reports_handlers_and_startup_time() {
    let c = module_worker(
        "ok",
        "export default { fetch() {}, scheduled() {}, helper: 1 }",
    );
    let r = validate(&c).unwrap();
    assert_eq!(
        r.handlers,
        vec!["fetch".to_string(), "scheduled".to_string()]
    );
    assert!(r.startup_time_ms < 60_000);
}

#[test]
fn syntax_error_has_engine_message_and_location() {
    let c = module_worker("syn", "export default {\n  fetch() {\n    return }\n  }}\n");
    let err = validate(&c).unwrap_err();
    assert!(err.starts_with("Uncaught SyntaxError: "), "{err}");
    assert!(err.contains("index.js:"), "{err}");
}

#[test]
fn syntax_error_in_an_unimported_module_is_found() {
    let c = code(
        "syn2",
        WorkerFormat::Modules,
        vec![
            (
                "index.js",
                ModuleKind::EsModule,
                b"export default { fetch() {} }".to_vec(),
            ),
            (
                "lib/broken.js",
                ModuleKind::EsModule,
                b"export const x = ;".to_vec(),
            ),
        ],
    );
    let err = validate(&c).unwrap_err();
    assert!(
        err.contains("SyntaxError") && err.contains("lib/broken.js"),
        "{err}"
    );
}

#[test]
fn top_level_throw_is_reported() {
    let c = module_worker(
        "top",
        "throw new RangeError('bad config');\nexport default {}",
    );
    assert_eq!(
        validate(&c).unwrap_err().split(" at ").next().unwrap(),
        "Uncaught RangeError: bad config"
    );
}

#[test]
fn wasm_modules_are_refused() {
    let mut c = module_worker("wasm", "export default { fetch() {} }");
    c.modules.push(ModuleSource {
        name: "m.wasm".into(),
        kind: ModuleKind::Wasm,
        body: bytes::Bytes::from_static(b"\0asm"),
    });
    assert!(validate(&c)
        .unwrap_err()
        .starts_with("WebAssembly modules are not supported yet"));
}

#[test]
fn python_modules_are_skipped() {
    let mut c = module_worker("py", "export default { fetch() {} }");
    c.modules.push(ModuleSource {
        name: "x.py".into(),
        kind: ModuleKind::Python,
        body: bytes::Bytes::from_static(b"def f(:"),
    });
    assert!(validate(&c).is_ok());
}

#[test]
fn startup_infinite_loop_is_stopped() {
    let mut c = module_worker("loop", "while (true) {}\nexport default {}");
    c.limits.cpu_ms = 10;
    let err = validate(&c).unwrap_err();
    assert!(err.contains("CPU"), "{err}");
}

#[tokio::test]
async fn validate_from_spawn_blocking() {
    let c = module_worker("sb", "export default { fetch() {} }");
    let r = tokio::task::spawn_blocking(move || validate(&c))
        .await
        .unwrap();
    assert_eq!(r.unwrap().handlers, vec!["fetch".to_string()]);
}

#[test]
fn python_main_module_is_left_to_the_python_host() {
    let c = code(
        "pyw",
        WorkerFormat::Modules,
        vec![(
            "main.py",
            ModuleKind::Python,
            b"from workers import Response".to_vec(),
        )],
    );
    assert_eq!(validate(&c).unwrap().handlers, Vec::<String>::new());
}
