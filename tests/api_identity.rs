//! Identity, authentication and account isolation.

mod common;
use common::Hearth;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn identity_endpoints_answer_as_clients_expect() {
    let h = Hearth::start().await;
    let v = h.get("/user/tokens/verify").await;
    assert_eq!(v.result()["status"], "active");
    let v = h.get("/accounts/{a}/tokens/verify").await;
    assert_eq!(v.result()["status"], "active");
    let u = h.get("/user").await;
    assert!(u.result()["email"].as_str().unwrap().contains('@'));
    let a = h.get("/accounts?page=1").await;
    assert_eq!(a.result()[0]["id"], h.account.as_str());
    assert_eq!(a.json["result_info"]["total_count"], 1);
    let a2 = h.get("/accounts?page=2").await;
    assert_eq!(
        a2.result().as_array().unwrap().len(),
        0,
        "pages past the end are empty"
    );
    let m = h.get("/memberships?page=1").await;
    assert_eq!(m.result()[0]["account"]["id"], h.account.as_str());
    let one = h.get("/accounts/{a}").await;
    assert_eq!(one.result()["id"], h.account.as_str());
}

#[tokio::test]
async fn missing_bad_and_revoked_tokens_are_refused() {
    let h = Hearth::start().await;
    let r = h
        .http
        .get(h.url("/user/tokens/verify"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["x-should-retry"], "false");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], 10000);
    let bad = h
        .call_as(
            "not-a-real-token-at-all",
            Method::GET,
            "/accounts/{a}/workers/workers",
            None,
        )
        .await;
    assert_eq!(bad.error_code(), 10000);
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);

    // A token made with the admin CLI while the server runs, then revoked.
    let t = h.admin(&["token", "create", "--account", &h.account]);
    let secret = t["token"].as_str().unwrap();
    assert!(h
        .call_as(secret, Method::GET, "/user/tokens/verify", None)
        .await
        .status
        .is_success());
    h.admin(&["token", "revoke", t["id"].as_str().unwrap()]);
    assert_eq!(
        h.call_as(secret, Method::GET, "/user/tokens/verify", None)
            .await
            .error_code(),
        10000
    );
    // Listing shows it revoked, never its secret.
    let list = h.admin(&["token", "list"]).to_string();
    assert!(list.contains("revoked_on") && !list.contains(secret));
}

#[tokio::test]
async fn read_only_tokens_cannot_write() {
    let h = Hearth::start().await;
    let t = h.admin(&["token", "create", "--read-only", "--account", &h.account]);
    let ro = t["token"].as_str().unwrap();
    let list = h
        .call_as(ro, Method::GET, "/accounts/{a}/workers/workers", None)
        .await;
    list.result();
    let w = h
        .call_as(
            ro,
            Method::POST,
            "/accounts/{a}/workers/workers",
            Some(json!({"name": "nope"})),
        )
        .await;
    assert_eq!(w.status, StatusCode::FORBIDDEN);
    assert_eq!(w.error_code(), 10000);
    assert_eq!(
        h.get("/accounts/{a}/workers/workers")
            .await
            .result()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn another_account_is_invisible() {
    let h = Hearth::start().await;
    h.put_script(
        "secret-sauce",
        "export default { fetch() { return new Response('x') } }",
        json!([]),
    )
    .await
    .result();
    // A second account with its own token.
    let (other_id, tok) = h.other_account("other", "other");
    let tok = tok.as_str();
    // The other account's token sees the first account's paths as forbidden, revealing nothing.
    for path in [
        "/accounts/{a}/workers/scripts/secret-sauce",
        "/accounts/{a}/workers/scripts/does-not-exist",
        "/accounts/{a}/workers/workers",
    ] {
        let r = h.call_as(tok, Method::GET, path, None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(r.error_code(), 9109);
    }
    let r = h
        .call_as(
            tok,
            Method::DELETE,
            "/accounts/{a}/workers/scripts/secret-sauce",
            None,
        )
        .await;
    assert_eq!(r.error_code(), 9109);
    // And its own account is empty.
    let own = h
        .call_as(
            tok,
            Method::GET,
            &format!("/accounts/{other_id}/workers/workers"),
            None,
        )
        .await;
    assert_eq!(own.result().as_array().unwrap().len(), 0);
    // The first account still has its Worker.
    assert_eq!(
        h.get("/accounts/{a}/workers/workers")
            .await
            .result()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn unknown_routes_answer_an_envelope() {
    let h = Hearth::start().await;
    let r = h.get("/accounts/{a}/workers/nothing-here").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error_code(), 7003);
}
