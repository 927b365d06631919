//! Crash consistency: kill -9 during a burst of uploads loses no acknowledged write and leaves
//! nothing half-written.

mod common;
use common::Hearth;
use reqwest::multipart;
use serde_json::json;
use std::sync::Arc;
use tokio::sync::mpsc;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_during_upload_burst_loses_nothing_acknowledged() {
    let mut h = Hearth::start().await;
    let http = h.http.clone();
    let url = Arc::new(h.url("/accounts/{a}/workers/scripts/"));
    let token = Arc::new(h.token.clone());
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    let mut tasks = vec![];
    for i in 0..200 {
        let (http, url, token, tx) = (http.clone(), url.clone(), token.clone(), tx.clone());
        tasks.push(tokio::spawn(async move {
            let name = format!("burst-{i}");
            let src = format!("export default {{ fetch() {{ return new Response('{name}') }} }}");
            let form = multipart::Form::new()
                .text("metadata", r#"{"main_module":"index.js","bindings":[{"type":"plain_text","name":"N","text":"x"}]}"#)
                .part("index.js", multipart::Part::bytes(src.into_bytes()).file_name("index.js").mime_str("application/javascript+module").unwrap());
            if let Ok(r) = http.put(format!("{url}{name}")).bearer_auth(&*token).multipart(form).send().await {
                if r.status().is_success() {
                    let body: serde_json::Value = r.json().await.unwrap_or_default();
                    if body["success"] == json!(true) {
                        let _ = tx.send(name);
                    }
                }
            }
        }));
    }
    drop(tx);
    let mut acked = vec![];
    while acked.len() < 25 {
        match rx.recv().await {
            Some(n) => acked.push(n),
            None => break,
        }
    }
    h.kill9();
    for t in tasks {
        let _ = t.await;
    }
    while let Ok(n) = rx.try_recv() {
        acked.push(n);
    }
    assert!(
        acked.len() >= 25,
        "only {} uploads were acknowledged before the kill",
        acked.len()
    );
    assert!(
        acked.len() < 200,
        "the kill came after the burst ended; nothing was tested"
    );

    // The database file is intact.
    {
        let conn = rusqlite::Connection::open(h.data_dir().join("data/hearth.db")).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
    h.spawn().await;
    // Every acknowledged upload is there, whole: Worker, version, modules and deployment.
    for name in &acked {
        let c = h
            .http
            .get(h.url(&format!(
                "/accounts/{{a}}/workers/scripts/{name}/content/v2"
            )))
            .bearer_auth(&h.token)
            .send()
            .await
            .unwrap();
        assert!(c.status().is_success(), "{name} lost after the crash");
        assert!(c.text().await.unwrap().contains(name.as_str()));
        let d = h
            .get(&format!(
                "/accounts/{{a}}/workers/scripts/{name}/deployments"
            ))
            .await;
        assert_eq!(
            d.result()["deployments"].as_array().unwrap().len(),
            1,
            "{name}"
        );
    }
    // Whatever else exists is whole too: no Worker without its version and deployment.
    let scripts = h
        .get("/accounts/{a}/workers/scripts")
        .await
        .result()
        .clone();
    for s in scripts.as_array().unwrap() {
        let name = s["id"].as_str().unwrap();
        let d = h
            .get(&format!(
                "/accounts/{{a}}/workers/scripts/{name}/deployments"
            ))
            .await;
        let deps = d.result()["deployments"].as_array().unwrap().clone();
        assert_eq!(deps.len(), 1, "{name} is half-written");
        let vid = deps[0]["versions"][0]["version_id"].as_str().unwrap();
        let v = h
            .get(&format!(
                "/accounts/{{a}}/workers/workers/{name}/versions/{vid}?include=modules"
            ))
            .await;
        assert_eq!(v.result()["modules"].as_array().unwrap().len(), 1, "{name}");
    }
}

#[tokio::test]
async fn sigterm_shuts_down_cleanly_and_data_survives() {
    let mut h = Hearth::start().await;
    h.put_script(
        "persist",
        "export default { fetch() { return new Response('still here') } }",
        json!([]),
    )
    .await
    .result();
    let status = h.terminate();
    assert!(status.success(), "exit status {status}");
    h.spawn().await;
    h.enable_subdomain("persist").await;
    assert_eq!(h.edge_get(&h.host("persist"), "/").await.1, "still here");
}
