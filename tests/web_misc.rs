//! End-to-end checks of CompressionStream/DecompressionStream, FormData (and multipart bodies),
//! scheduler.wait, ErrorEvent and MessageChannel: the Workers in `tests/workers/web/` run on the
//! real server, deployed through the API and called over the edge. The echo Worker gets real
//! client bodies: a reqwest multipart form, and gzip bytes made by `flate2`.

mod common;
use common::*;
use reqwest::multipart;
use serde_json::{json, Value};
use std::io::{Read, Write};

#[tokio::test]
async fn web_misc_families() {
    let h = Hearth::start().await;
    run_web_checks(&h, "compression", "compression.js", &[]).await;
    run_web_checks(&h, "formdata", "formdata.js", &[]).await;
    run_web_checks(&h, "scheduler-events", "scheduler_events.js", &[]).await;
}

async fn deploy_echo(h: &Hearth) -> String {
    h.put_script("misc-echo", &worker_source("web/misc_echo.js"), json!([]))
        .await
        .result();
    h.enable_subdomain("misc-echo").await;
    h.host("misc-echo")
}

#[tokio::test]
async fn multipart_form_from_a_real_client() {
    let h = Hearth::start().await;
    let host = deploy_echo(&h).await;
    let content = "file body\r\nwith a CRLF and é";
    let file = multipart::Part::bytes(content.as_bytes().to_vec())
        .file_name("report.txt")
        .mime_str("text/plain")
        .unwrap();
    let form = multipart::Form::new()
        .text("title", "héllo \"quoted\"")
        .text("empty", "")
        .part("upload", file);
    let r = h
        .http
        .post(format!("{}/form", h.edge))
        .header("host", &host)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{body}\n{}", h.log());
    assert_eq!(
        body,
        json!([
            ["title", "héllo \"quoted\""],
            ["empty", ""],
            ["upload", {"file": "report.txt", "type": "text/plain", "size": content.len(), "text": content}]
        ])
    );

    // A body that is not multipart despite its Content-Type: the Worker sees a TypeError.
    let r = h
        .http
        .post(format!("{}/form", h.edge))
        .header("host", &host)
        .header("content-type", "multipart/form-data; boundary=zz")
        .body("no boundary here")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().starts_with("TypeError"),
        "{body}"
    );
}

#[tokio::test]
async fn gzip_bodies_through_the_edge() {
    let h = Hearth::start().await;
    let host = deploy_echo(&h).await;
    let text: Vec<u8> = (0..200_000u32)
        .flat_map(|i| format!("{i},").into_bytes())
        .collect();

    // Client gzip -> Worker DecompressionStream.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&text).unwrap();
    let gz = enc.finish().unwrap();
    let r = h
        .http
        .post(format!("{}/gunzip", h.edge))
        .header("host", &host)
        .body(gz)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", h.log());
    assert!(
        r.bytes().await.unwrap() == text,
        "decompressed body differs"
    );

    // Worker CompressionStream -> client gunzip.
    let r = h
        .http
        .post(format!("{}/gzip", h.edge))
        .header("host", &host)
        .body(text.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", h.log());
    let packed = r.bytes().await.unwrap();
    assert!(packed.len() < text.len() / 2, "{} bytes", packed.len());
    let mut back = Vec::new();
    flate2::read::GzDecoder::new(&packed[..])
        .read_to_end(&mut back)
        .unwrap();
    assert!(back == text, "round trip through the Worker's gzip differs");
}
