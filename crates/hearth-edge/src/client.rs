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
    let mut set = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    };
    if let Some(ip) = client {
        set("cf-connecting-ip", ip.to_string());
        set("x-real-ip", ip.to_string());
        let xff = match (&forwarded, config.trust_forwarded_for) {
            (Some(f), true) => f.clone(),
            (Some(f), false) => format!("{f}, {ip}"),
            (None, _) => ip.to_string(),
        };
        set("x-forwarded-for", xff);
    }
    set("x-forwarded-proto", scheme.to_string());
    set("cf-visitor", format!("{{\"scheme\":\"{scheme}\"}}"));
    set("cf-ipcountry", "XX".to_string());
    set("cf-ray", ray(request_id, &config.colo));
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
    let cf = serde_json::json!({
        "colo": config.colo,
        "country": "XX",
        "httpProtocol": protocol,
        "clientAcceptEncoding": accept_encoding,
        "requestPriority": "",
        "edgeRequestKeepAliveStatus": 1,
        // A proxy in front terminates TLS: the edge never knows the version or cipher.
        "tlsVersion": "",
        "tlsCipher": "",
        "clientTcpRtt": 0,
    });
    parts.extensions.insert(CfProperties(cf.to_string()));
}

/// The `CF-Ray` of a request: its id and the colo.
pub fn ray(request_id: &str, colo: &str) -> String {
    format!("{request_id}-{colo}")
}
