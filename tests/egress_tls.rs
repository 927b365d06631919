//! Workers' `https://` fetches and `wss://` WebSockets through the real binary: certificates are
//! verified against the host's CA store plus `--egress-ca-file`; an unknown issuer or a name
//! mismatch is a TypeError in the Worker, never a silent success. The servers are in-process,
//! with a throw-away CA made by the openssl CLI.

mod common;
use common::Hearth;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::path::Path;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_tungstenite::tungstenite::Message;

/// A CA and a server certificate it signed for `localhost` only: (CA PEM, chain PEM, key PEM).
fn test_pki(dir: &Path) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let run = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the openssl CLI (apt package openssl)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let ca = [
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Hearth Test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ];
    run(&[&["req", "-x509"][..], &ec, &ca].concat());
    let csr = [
        "-keyout",
        "srv.key",
        "-out",
        "srv.csr",
        "-subj",
        "/CN=localhost",
    ];
    run(&[&["req"][..], &ec, &csr].concat());
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "srv.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "srv.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    (read("ca.pem"), read("srv.pem"), read("srv.key"))
}

fn acceptor(cert_pem: &[u8], key_pem: &[u8], alpn: &[&[u8]]) -> tokio_rustls::TlsAcceptor {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(key_pem).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

/// Accepts TLS connections on 127.0.0.1 and hands each to `serve` on its own task; the port.
async fn tls_server<F, Fut>(acceptor: tokio_rustls::TlsAcceptor, serve: F) -> u16
where
    F: Fn(tokio_rustls::server::TlsStream<tokio::net::TcpStream>) -> Fut + Send + Copy + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(tcp).await {
                    serve(tls).await;
                }
            });
        }
    });
    port
}

/// HTTPS: answers `secure <request line>` and closes (HTTP/1.1 by ALPN).
async fn answer_https(mut tls: tokio_rustls::server::TlsStream<tokio::net::TcpStream>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match tls.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let line = String::from_utf8_lossy(&head);
    let body = format!("secure {}", line.lines().next().unwrap_or_default());
    let resp = format!(
        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tls.write_all(resp.as_bytes()).await;
    let _ = tls.shutdown().await;
}

/// WSS: text comes back prefixed with `tls:`.
async fn answer_wss(tls: tokio_rustls::server::TlsStream<tokio::net::TcpStream>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(tls).await else {
        return;
    };
    while let Some(Ok(m)) = ws.next().await {
        if let Message::Text(t) = m {
            let reply = Message::text(format!("tls:{}", t.as_str()));
            if ws.send(reply).await.is_err() {
                break;
            }
        }
    }
}

const CLIENT: &str = r#"
export default {
  async fetch(request) {
    const to = new URL(request.url).searchParams.get("to");
    try {
      if (to.startsWith("wss:")) {
        const resp = await fetch(to, { headers: { Upgrade: "websocket" } });
        const ws = resp.webSocket;
        ws.accept();
        const got = new Promise((resolve) => ws.addEventListener("message", (e) => resolve(e.data)));
        ws.send("hello");
        const data = await got;
        ws.close(1000, "done");
        return new Response(`${resp.status} ${data}`);
      }
      const r = await fetch(to);
      return new Response(`${r.status} ${await r.text()}`);
    } catch (e) {
      return new Response(`${e.name}: ${e.message}`, { status: 502 });
    }
  },
};
"#;

/// Asks the `client` Worker of `h` to reach `to`.
async fn get(h: &Hearth, to: String) -> (reqwest::StatusCode, String) {
    h.edge_get(&h.host("client"), &format!("/?to={to}")).await
}

#[tokio::test]
async fn https_and_wss_egress_verify_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = test_pki(dir.path());
    let https = tls_server(acceptor(&cert, &key, &[b"http/1.1"]), answer_https).await;
    let wss = tls_server(acceptor(&cert, &key, &[]), answer_wss).await;
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca).unwrap();

    let trusting = Hearth::start_with(&[
        "--allow-private-egress",
        "--egress-ca-file",
        ca_file.to_str().unwrap(),
    ])
    .await;
    let untrusting = Hearth::start_with(&["--allow-private-egress"]).await;
    for h in [&trusting, &untrusting] {
        h.put_script("client", CLIENT, json!([])).await.result();
        h.enable_subdomain("client").await;
    }
    let (s, b) = get(&trusting, format!("https://localhost:{https}/path?q=1")).await;
    assert_eq!(
        (s.as_u16(), b.as_str()),
        (200, "200 secure GET /path?q=1 HTTP/1.1")
    );
    let (s, b) = get(&trusting, format!("wss://localhost:{wss}/socket")).await;
    assert_eq!(
        (s.as_u16(), b.as_str()),
        (200, "101 tls:hello"),
        "{}",
        trusting.log()
    );

    // The certificate names localhost, not 127.0.0.1.
    let (s, b) = get(&trusting, format!("https://127.0.0.1:{https}/")).await;
    assert_eq!(s.as_u16(), 502, "{b}");
    assert!(
        b.starts_with("TypeError:") && b.contains("certificate"),
        "{b}"
    );
    // Without the CA the chain does not verify, for fetch and for WebSockets alike.
    for to in [
        format!("https://localhost:{https}/"),
        format!("wss://localhost:{wss}/socket"),
    ] {
        let (s, b) = get(&untrusting, to).await;
        assert_eq!(s.as_u16(), 502, "{b}");
        assert!(
            b.starts_with("TypeError:") && b.contains("certificate"),
            "{b}"
        );
    }
}
