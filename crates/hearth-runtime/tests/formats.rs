mod common;
use common::*;
use hearth_runtime::*;
use std::sync::Arc;

fn with_message(mut c: WorkerCode) -> Arc<WorkerCode> {
    c.bindings.push(RuntimeBinding::PlainText {
        name: "MESSAGE".into(),
        text: "hi".into(),
    });
    Arc::new(c)
}

#[tokio::test]
async fn worker_entrypoint_class() {
    let (rt, _) = runtime(1);
    let c = with_message(module_worker("ep", &worker_file("formats/entrypoint.js")));
    assert_eq!(
        call_get(&rt, &c, "http://ep.test/").await,
        (200, "hi ctx=function same-env=true".into())
    );
    let report = validate(&c).unwrap();
    assert_eq!(
        report.handlers,
        vec!["fetch".to_string(), "scheduled".to_string()]
    );
    rt.shutdown();
}

#[tokio::test]
async fn service_worker_syntax_with_global_bindings() {
    let (rt, _) = runtime(1);
    let c = with_message(code(
        "sw",
        WorkerFormat::ServiceWorker,
        vec![(
            "worker.js",
            ModuleKind::CommonJs,
            worker_file("formats/service_worker.js").into_bytes(),
        )],
    ));
    assert_eq!(
        call_get(&rt, &c, "http://sw.test/").await,
        (201, "hi GET count=1".into())
    );
    assert_eq!(
        call_get(&rt, &c, "http://sw.test/").await,
        (201, "hi GET count=2".into()),
        "state persists"
    );
    assert_eq!(validate(&c).unwrap().handlers, vec!["fetch".to_string()]);
    rt.shutdown();
}

#[tokio::test]
async fn multi_module_relative_imports_cjs_text_data_json() {
    let (rt, _) = runtime(1);
    let m = |p: &str| worker_file(&format!("formats/multi/{p}")).into_bytes();
    let c = Arc::new(code(
        "multi",
        WorkerFormat::Modules,
        vec![
            ("index.js", ModuleKind::EsModule, m("index.js")),
            ("lib/util.js", ModuleKind::EsModule, m("lib/util.js")),
            ("lib/deep/x.js", ModuleKind::EsModule, m("lib/deep/x.js")),
            ("prefix.js", ModuleKind::EsModule, m("prefix.js")),
            ("legacy.cjs", ModuleKind::CommonJs, m("legacy.cjs")),
            ("lib/helper.cjs", ModuleKind::CommonJs, m("lib/helper.cjs")),
            ("greeting.txt", ModuleKind::Text, b"greetings\n".to_vec()),
            (
                "config.json",
                ModuleKind::Json,
                br#"{"answer": 42}"#.to_vec(),
            ),
            ("data.bin", ModuleKind::Data, vec![7, 8, 9]),
        ],
    ));
    let (s, b) = call_get(&rt, &c, "http://multi.test/").await;
    assert_eq!(
        (s, b.as_str()),
        (
            200,
            "hello multi|deep-hello|greetings|42|3|7|42|cjs-42-string"
        )
    );
    rt.shutdown();
}

#[tokio::test]
async fn missing_import_fails_validation_with_module_name() {
    let c = module_worker(
        "bad",
        "import x from './nope.js'; export default { fetch() { return new Response(x) } }",
    );
    let err = validate(&c).unwrap_err();
    assert!(err.contains("nope.js"), "{err}");
}

#[tokio::test]
async fn node_builtins_are_not_available() {
    let c = module_worker(
        "node",
        "import fs from 'node:fs'; export default { fetch() { return new Response('x') } }",
    );
    assert!(validate(&c).is_err());
    let (rt, _) = runtime(1);
    let c = Arc::new(module_worker(
        "globals",
        "export default { fetch() { return new Response([typeof process, typeof require, typeof module, typeof Deno, typeof os, typeof std].join(',')) } }",
    ));
    assert_eq!(
        call_get(&rt, &c, "http://g.test/").await.1,
        "undefined,undefined,undefined,undefined,undefined,undefined"
    );
    rt.shutdown();
}
