//! What the edge knows about the client of an incoming request, handed to the Worker the way
//! Cloudflare does: the `CF-Connecting-IP`, `X-Real-IP`, `X-Forwarded-For`,
//! `X-Forwarded-Proto`, `CF-Visitor`, `CF-IPCountry` and `CF-Ray` request headers (any the
//! client sent itself are replaced), and `request.cf` ([`CfProperties`]) with the colo, the HTTP
//! protocol and the client's `Accept-Encoding`. Fields a self-hosted edge cannot know (geo-IP,
//! ASN, bot scores) are left out rather than invented, except `country`, which is `XX`
//! ("unknown"), as on Cloudflare for clients without country data.

use crate::EdgeConfig;
use hearth_runtime::CfProperties;
use http::header::HeaderValue;
use http::request::Parts;
use http::Version;
use std::net::{IpAddr, SocketAddr};

/// The TCP peer of the connection a request came on (set by the edge's server).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub SocketAddr);

/// Headers a client must not be able to set for the Worker: the edge sets them.
const EDGE_HEADERS: [&str; 7] = [
    "cf-connecting-ip",
    "cf-connecting-ipv6",
    "cf-ipcountry",
    "cf-ray",
    "cf-visitor",
    "cf-worker",
    "x-real-ip",
];

/// Sets the client headers and `request.cf` of an incoming request.
pub fn annotate(parts: &mut Parts, config: &EdgeConfig, request_id: &str) {
    let peer = parts.extensions.get::<ClientAddr>().map(|a| a.0.ip());
    let forwarded = parts
        .headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let client = if config.trust_forwarded_for {
        forwarded
            .as_deref()
            .and_then(|f| f.split(',').next())
            .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
            .or(peer)
    } else {
        peer
    };
    let scheme = if config.trust_forwarded_for {
        match parts.headers.get("x-forwarded-proto").map(|v| v.as_bytes()) {
            Some(b"https") => "https",
            _ => "http",
        }
    } else {
        "http"
    };
    let h = &mut parts.headers;
    for name in EDGE_HEADERS {
        h.remove(name);
    }
    if let Some(ip) = client {
        if let Ok(v) = HeaderValue::from_str(&ip.to_string()) {
            let xff = match (&forwarded, config.trust_forwarded_for) {
                (Some(f), true) => HeaderValue::from_str(f).ok(),
                (Some(f), false) => HeaderValue::from_str(&format!("{f}, {ip}")).ok(),
                (None, _) => Some(v.clone()),
            };
            if let Some(xff) = xff {
                h.insert("x-forwarded-for", xff);
            }
            h.insert("x-real-ip", v.clone());
            h.insert("cf-connecting-ip", v);
        }
    }
    let https = scheme == "https";
    h.insert(
        "x-forwarded-proto",
        HeaderValue::from_static(if https { "https" } else { "http" }),
    );
    h.insert(
        "cf-visitor",
        HeaderValue::from_static(if https {
            r#"{"scheme":"https"}"#
        } else {
            r#"{"scheme":"http"}"#
        }),
    );
    h.insert("cf-ipcountry", HeaderValue::from_static("XX"));
    if let Ok(v) = HeaderValue::from_str(&ray(request_id, &config.colo)) {
        h.insert("cf-ray", v);
    }
    let protocol = match parts.version {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_2 => "HTTP/2",
        Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/1.1",
    };
    let accept_encoding = parts
        .headers
        .get("accept-encoding")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // Written directly (this runs on every request); only the two variable strings need escaping.
    // A proxy in front terminates TLS: the edge never knows the TLS version or cipher.
    let cf = format!(
        concat!(
            r#"{{"colo":{},"country":"XX","httpProtocol":"{}","clientAcceptEncoding":{},"#,
            r#""requestPriority":"","edgeRequestKeepAliveStatus":1,"tlsVersion":"","#,
            r#""tlsCipher":"","clientTcpRtt":0}}"#
        ),
        serde_json::Value::from(config.colo.as_str()),
        protocol,
        serde_json::Value::from(accept_encoding),
    );
    parts.extensions.insert(CfProperties(cf));
}

/// The `CF-Ray` of a request: its id and the colo.
pub fn ray(request_id: &str, colo: &str) -> String {
    format!("{request_id}-{colo}")
}
