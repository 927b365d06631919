//! WebSockets through the edge: a Worker deployed through the API accepts a `WebSocketPair` and
//! returns the client end in a 101; a real WebSocket client (tokio-tungstenite) talks to it over
//! the edge. Also the in-isolate pair semantics (tests/workers/web/websocket_pair.js).

mod common;
use common::*;
use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// An echo Worker that keeps per-isolate statistics (sockets opened, close events seen).
const ECHO: &str = r#"
let opened = 0;
const closes = [];
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/stats") return Response.json({ opened, closes });
    if (url.pathname === "/no-upgrade") {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      return new Response(null, { status: 101, webSocket: client });
    }
    if (request.headers.get("upgrade") !== "websocket") return new Response("plain " + url.pathname);
    const id = url.searchParams.get("id") || "";
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    const n = ++opened;
    server.addEventListener("message", (e) => {
      if (typeof e.data !== "string") return server.send(e.data);
      if (e.data === "throw") throw new Error("boom from a message handler (expected)");
      if (e.data === "spin") for (;;) {}
      if (e.data.startsWith("burn:")) {
        let x = 0;
        for (let i = 0; i < Number(e.data.slice(5)); i++) x = (x + i * 7) % 1000003;
        return server.send("burnt " + x);
      }
      if (e.data === "who") return server.send(`socket ${n} of ${opened}`);
      if (e.data.startsWith("close:")) {
        const [, code, reason] = e.data.split(":");
        return server.close(Number(code), reason);
      }
      server.send("echo:" + e.data);
    });
    server.addEventListener("close", (e) => closes.push({ id, code: e.code, reason: e.reason, wasClean: e.wasClean }));
    server.send("hello " + id); // sent before the response: delivered once the socket is up
    return new Response(null, { status: 101, webSocket: client, headers: { "x-worker": "echo" } });
  },
};
"#;

async fn deploy(h: &Hearth, name: &str) {
    h.put_script(name, ECHO, json!([])).await.result();
    h.enable_subdomain(name).await;
}

/// The echo Worker with a CPU limit per invocation.
async fn deploy_limited(h: &Hearth, name: &str, cpu_ms: u64) {
    let meta = json!({"main_module": "index.js", "compatibility_date": "2025-08-06", "limits": {"cpu_ms": cpu_ms}});
    h.upload(
        reqwest::Method::PUT,
        &format!("/accounts/{{a}}/workers/scripts/{name}"),
        &meta.to_string(),
        &[("index.js", "application/javascript+module", ECHO.as_bytes())],
    )
    .await
    .result();
    h.enable_subdomain(name).await;
}

async fn connect(h: &Hearth, script: &str, id: &str) -> Ws {
    let url = format!("{}/ws?id={id}", h.edge.replacen("http://", "ws://", 1));
    let mut req = url.into_client_request().unwrap();
    req.headers_mut()
        .insert("host", h.host(script).parse().unwrap());
    let (mut ws, resp) = tokio_tungstenite::connect_async(req)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}\n{}", h.log()));
    assert_eq!(resp.status(), 101);
    assert_eq!(resp.headers()["x-worker"], "echo");
    assert_eq!(next_text(&mut ws).await, format!("hello {id}"));
    ws
}

async fn next(ws: &mut Ws) -> Option<Message> {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s");
        match m {
            Some(Ok(Message::Ping(_))) | Some(Ok(Message::Pong(_))) => continue,
            Some(Ok(m)) => return Some(m),
            Some(Err(_)) | None => return None,
        }
    }
}

async fn next_text(ws: &mut Ws) -> String {
    match next(ws).await {
        Some(Message::Text(t)) => t.as_str().to_string(),
        other => panic!("expected text, got {other:?}"),
    }
}

async fn expect_close(ws: &mut Ws) -> (u16, String) {
    match next(ws).await {
        Some(Message::Close(Some(f))) => (u16::from(f.code), f.reason.as_str().to_string()),
        other => panic!("expected a close frame, got {other:?}"),
    }
}

async fn stats(h: &Hearth, script: &str) -> Value {
    let (status, body) = h.edge_get(&h.host(script), "/stats").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// Waits until the Worker has seen the close event of socket `id`, and returns it.
async fn close_seen(h: &Hearth, script: &str, id: &str) -> Value {
    for _ in 0..100 {
        let s = stats(h, script).await;
        if let Some(c) = s["closes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
        {
            return c.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the Worker never saw socket {id} close\n{}", h.log());
}

#[tokio::test]
async fn websockets_through_the_edge() {
    let h = Hearth::start().await;
    deploy(&h, "echo").await;

    // Text and binary echo; pings are answered by the edge.
    let mut ws = connect(&h, "echo", "a").await;
    ws.send(Message::text("hi")).await.unwrap();
    assert_eq!(next_text(&mut ws).await, "echo:hi");
    let bytes = vec![0u8, 1, 2, 255, 128];
    ws.send(Message::binary(bytes.clone())).await.unwrap();
    match next(&mut ws).await {
        Some(Message::Binary(b)) => assert_eq!(b.to_vec(), bytes),
        other => panic!("expected binary, got {other:?}"),
    }
    ws.send(Message::Ping(b"are you there".to_vec().into()))
        .await
        .unwrap();
    let pong = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Pong(p))) => return p.to_vec(),
                Some(Ok(_)) => continue,
                other => panic!("expected a pong, got {other:?}"),
            }
        }
    })
    .await
    .expect("a pong");
    assert_eq!(pong, b"are you there");

    // Plain HTTP to the same Worker while a socket is open.
    let (status, body) = h.edge_get(&h.host("echo"), "/plain").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "plain /plain"));

    // A close the Worker starts, with code and reason; the Worker then sees the client's answer.
    ws.send(Message::text("close:4001:server bye"))
        .await
        .unwrap();
    assert_eq!(expect_close(&mut ws).await, (4001, "server bye".into()));
    assert!(next(&mut ws).await.is_none(), "the connection ends");
    let c = close_seen(&h, "echo", "a").await;
    assert_eq!(
        (c["code"].as_u64(), c["wasClean"].as_bool()),
        (Some(4001), Some(true))
    );

    // A close the client starts fires the Worker's close event with the client's code/reason.
    let mut ws = connect(&h, "echo", "b").await;
    ws.close(Some(CloseFrame {
        code: CloseCode::from(4002),
        reason: "client bye".into(),
    }))
    .await
    .unwrap();
    while next(&mut ws).await.is_some() {}
    let c = close_seen(&h, "echo", "b").await;
    assert_eq!(c["code"], 4002);
    assert_eq!(c["reason"], "client bye");
    assert_eq!(c["wasClean"], true);

    // A client that vanishes without a close: 1006, not clean.
    let ws = connect(&h, "echo", "c").await;
    drop(ws);
    let c = close_seen(&h, "echo", "c").await;
    assert_eq!(
        (c["code"].as_u64(), c["wasClean"].as_bool()),
        (Some(1006), Some(false))
    );

    // A message over 1 MiB closes the socket with 1009 (and the Worker learns of it).
    let mut ws = connect(&h, "echo", "d").await;
    let _ = ws.send(Message::text("x".repeat((1 << 20) + 1))).await;
    assert_eq!(expect_close(&mut ws).await.0, 1009);
    assert_eq!(close_seen(&h, "echo", "d").await["code"], 1009);
}

#[tokio::test]
async fn many_sockets_share_one_isolate_and_a_throw_closes_only_its_socket() {
    let h = Hearth::start().await;
    deploy(&h, "many").await;
    let n = 24;
    let mut sockets = Vec::new();
    for i in 0..n {
        sockets.push(connect(&h, "many", &format!("s{i}")).await);
    }
    // Every socket is served by the same isolate: all see the same count of sockets opened.
    for ws in sockets.iter_mut() {
        ws.send(Message::text("who")).await.unwrap();
    }
    for (i, ws) in sockets.iter_mut().enumerate() {
        assert_eq!(next_text(ws).await, format!("socket {} of {n}", i + 1));
    }
    // Concurrent echoes.
    let rounds =
        futures_util::future::join_all(sockets.iter_mut().enumerate().map(|(i, ws)| async move {
            for r in 0..5 {
                ws.send(Message::text(format!("{i}.{r}"))).await.unwrap();
                assert_eq!(next_text(ws).await, format!("echo:{i}.{r}"));
            }
        }));
    rounds.await;
    let s = stats(&h, "many").await;
    assert_eq!(s["opened"], n, "one isolate served them all: {s}");

    // A handler that throws: that socket closes with 1011, the others and HTTP carry on.
    let mut bad = sockets.pop().unwrap();
    bad.send(Message::text("throw")).await.unwrap();
    assert_eq!(expect_close(&mut bad).await.0, 1011);
    // The exception is logged (just after the close went out).
    let mut logged = false;
    for _ in 0..100 {
        logged = h.log().contains("boom from a message handler");
        if logged {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(logged, "the exception is logged\n{}", h.log());
    for ws in sockets.iter_mut() {
        ws.send(Message::text("still")).await.unwrap();
        assert_eq!(next_text(ws).await, "echo:still");
    }
    let (status, body) = h.edge_get(&h.host("many"), "/x").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "plain /x"));
    let mut late = connect(&h, "many", "late").await;
    late.send(Message::text("ok?")).await.unwrap();
    assert_eq!(next_text(&mut late).await, "echo:ok?");
    assert_eq!(stats(&h, "many").await["opened"], n + 1);
}

#[tokio::test]
async fn cpu_limits_apply_per_event_and_a_terminated_isolate_closes_its_sockets() {
    let h = Hearth::start().await;
    deploy_limited(&h, "cpu", 150).await;
    let mut a = connect(&h, "cpu", "a").await;
    let mut b = connect(&h, "cpu", "b").await;
    // Each message is its own invocation with its own 150 ms: together these take well over
    // 150 ms of CPU, one at a time far less.
    let started = std::time::Instant::now();
    for _ in 0..40 {
        a.send(Message::text("burn:60000")).await.unwrap();
        assert!(next_text(&mut a).await.starts_with("burnt "));
    }
    println!("40 events of work took {:?}", started.elapsed());
    // An endless loop in one handler ends the isolate: every socket it served closes with 1011.
    a.send(Message::text("spin")).await.unwrap();
    assert_eq!(expect_close(&mut a).await.0, 1011);
    assert_eq!(expect_close(&mut b).await.0, 1011);
    // A fresh isolate serves what comes next.
    let mut c = connect(&h, "cpu", "c").await;
    c.send(Message::text("who")).await.unwrap();
    assert_eq!(next_text(&mut c).await, "socket 1 of 1");
}

#[tokio::test]
async fn a_101_without_an_upgrade_request_is_an_error() {
    let h = Hearth::start().await;
    deploy(&h, "noup").await;
    let (status, body) = tokio::time::timeout(
        Duration::from_secs(10),
        h.edge_get(&h.host("noup"), "/no-upgrade"),
    )
    .await
    .expect("an answer, not a hang");
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert!(
        h.log()
            .contains("Worker tried to return a WebSocket in a response to a request which did not contain the header \"Upgrade: websocket\"."),
        "{}",
        h.log()
    );
    // The Worker is fine afterwards.
    let (status, _) = h.edge_get(&h.host("noup"), "/").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn websocket_pair_semantics() {
    let h = Hearth::start().await;
    run_web_checks(&h, "websocket-pair", "websocket_pair.js", &[]).await;
}

/// A Worker that opens an outbound WebSocket with `fetch(url, {headers: {Upgrade: "websocket"}})`.
const OUTBOUND: &str = r#"
export default {
  async fetch(request) {
    const to = new URL(request.url).searchParams.get("to");
    const resp = await fetch(to, { headers: { Upgrade: "websocket" } });
    const ws = resp.webSocket;
    if (!ws) return Response.json({ status: resp.status, webSocket: null });
    const messages = [];
    const two = new Promise((resolve) => ws.addEventListener("message", (e) => {
      messages.push(typeof e.data === "string" ? e.data : [...new Uint8Array(e.data)]);
      if (messages.length === 2) resolve();
    }));
    const closed = new Promise((resolve) => ws.addEventListener("close", (e) => resolve([e.code, e.wasClean])));
    ws.accept();
    ws.send("ping");
    ws.send(new Uint8Array([1, 2, 3]));
    await two;
    ws.close(1000, "done");
    return Response.json({ status: resp.status, messages, close: await closed, readyState: ws.readyState });
  },
};
"#;

#[tokio::test]
async fn outbound_websocket_from_a_worker() {
    // A WebSocket server in the test process: text gets a prefix, binary comes back as is.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let Ok(mut ws) = tokio_tungstenite::accept_async(s).await else {
                    return;
                };
                while let Some(Ok(m)) = ws.next().await {
                    let reply = match m {
                        Message::Text(t) => Message::text(format!("origin:{}", t.as_str())),
                        Message::Binary(b) => Message::Binary(b),
                        _ => continue, // tungstenite answers pings and the close
                    };
                    if ws.send(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    let h = Hearth::start_with(&["--allow-private-egress"]).await;
    h.put_script("outbound", OUTBOUND, json!([])).await.result();
    h.enable_subdomain("outbound").await;
    let (status, body) = tokio::time::timeout(
        Duration::from_secs(20),
        h.edge_get(
            &h.host("outbound"),
            &format!("/?to=ws://127.0.0.1:{port}/socket"),
        ),
    )
    .await
    .expect("no hang");
    assert_eq!(status, StatusCode::OK, "{body}\n{}", h.log());
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], 101);
    assert_eq!(v["messages"], json!(["origin:ping", [1, 2, 3]]));
    assert_eq!(v["close"], json!([1000, true]));
    assert_eq!(v["readyState"], 3);

    // A server that does not upgrade: an ordinary response, no webSocket.
    let edge = h.edge.clone();
    let (status, body) = h
        .edge_get(&h.host("outbound"), &format!("/?to={edge}/"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], 404, "Hearth's edge answers 'nothing here'");
    assert_eq!(v["webSocket"], Value::Null);
}

/// A Worker in front of the echo Worker: passes upgrades through its service binding, or talks
/// to the echo Worker's socket itself.
const FRONT: &str = r#"
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/talk") {
      const resp = await env.BACK.fetch("http://echo/ws?id=t", { headers: { Upgrade: "websocket" } });
      const ws = resp.webSocket;
      const got = [];
      const two = new Promise((resolve) => ws.addEventListener("message", (e) => {
        got.push(e.data);
        if (got.length === 2) resolve();
      }));
      ws.accept();
      ws.send("x");
      await two;
      ws.close(1000, "bye");
      return Response.json({ status: resp.status, got });
    }
    return env.BACK.fetch(request);
  },
};
"#;

#[tokio::test]
async fn websockets_through_a_service_binding() {
    let h = Hearth::start().await;
    deploy(&h, "echo").await;
    h.put_script(
        "front",
        FRONT,
        json!([{"type": "service", "name": "BACK", "service": "echo"}]),
    )
    .await
    .result();
    h.enable_subdomain("front").await;

    // The edge's client talks to the echo Worker through the front Worker.
    let mut ws = connect(&h, "front", "p").await;
    ws.send(Message::text("via front")).await.unwrap();
    assert_eq!(next_text(&mut ws).await, "echo:via front");
    ws.send(Message::binary(vec![9u8, 8, 7])).await.unwrap();
    match next(&mut ws).await {
        Some(Message::Binary(b)) => assert_eq!(b.to_vec(), vec![9u8, 8, 7]),
        other => panic!("expected binary, got {other:?}"),
    }
    ws.close(Some(CloseFrame {
        code: CloseCode::from(4003),
        reason: "through".into(),
    }))
    .await
    .unwrap();
    while next(&mut ws).await.is_some() {}
    let c = close_seen(&h, "echo", "p").await;
    assert_eq!(
        (c["code"].as_u64(), c["reason"].as_str()),
        (Some(4003), Some("through"))
    );

    // The front Worker uses the echo Worker's socket itself.
    let (status, body) = tokio::time::timeout(
        Duration::from_secs(20),
        h.edge_get(&h.host("front"), "/talk"),
    )
    .await
    .expect("no hang");
    assert_eq!(status, StatusCode::OK, "{body}\n{}", h.log());
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], 101);
    assert_eq!(v["got"], json!(["hello t", "echo:x"]));
    let c = close_seen(&h, "echo", "t").await;
    assert_eq!(
        (c["code"].as_u64(), c["reason"].as_str()),
        (Some(1000), Some("bye"))
    );
}
