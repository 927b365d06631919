//! Whether and for how long `cache.put` keeps a response, from its status and headers, the way
//! Cloudflare's cache reads them:
//! - `Cache-Control: no-store`, `no-cache` or `private` (without field names), or a
//!   `Set-Cookie` header: not stored;
//! - otherwise the lifetime is `s-maxage`, else `max-age`, else `Expires` minus now;
//! - with none of those, Cloudflare's default edge TTL for the status: 200, 203, 206, 300, 301,
//!   410 → 2 h; 302, 303, 307 → 20 min; 404 → 3 min; any other status is not stored.

use std::time::{Duration, SystemTime};

/// The freshness lifetime of a response with `status` and `headers` (lower-case names), or
/// `None` when it must not be stored.
pub fn lifetime(status: u16, headers: &[(String, String)]) -> Option<Duration> {
    let mut max_age = None;
    let mut s_maxage = None;
    let mut expires = None;
    for (name, value) in headers {
        match name.as_str() {
            "set-cookie" => return None,
            "cache-control" => {
                for directive in value.split(',') {
                    let (k, v) = match directive.split_once('=') {
                        Some((k, v)) => (k.trim(), Some(v.trim().trim_matches('"'))),
                        None => (directive.trim(), None),
                    };
                    match k.to_ascii_lowercase().as_str() {
                        "no-store" => return None,
                        // With field names (`private="Set-Cookie"`) only those fields are private.
                        "no-cache" | "private" if v.is_none() => return None,
                        "max-age" => max_age = v.and_then(seconds),
                        "s-maxage" => s_maxage = v.and_then(seconds),
                        _ => {}
                    }
                }
            }
            "expires" => {
                expires = Some(
                    httpdate::parse_http_date(value.trim())
                        .ok()
                        .and_then(|t| t.duration_since(SystemTime::now()).ok())
                        .unwrap_or(Duration::ZERO),
                );
            }
            _ => {}
        }
    }
    let ttl = s_maxage
        .or(max_age)
        .or(expires)
        .or_else(|| default_ttl(status))?;
    (!ttl.is_zero()).then_some(ttl)
}

/// Delta-seconds (RFC 9111 §1.2.2): digits only; values past 2^31 mean "a very long time".
fn seconds(v: &str) -> Option<Duration> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Duration::from_secs(v.parse::<u64>().unwrap_or(1 << 31)))
}

fn default_ttl(status: u16) -> Option<Duration> {
    match status {
        200 | 203 | 206 | 300 | 301 | 410 => Some(Duration::from_secs(7200)),
        302 | 303 | 307 => Some(Duration::from_secs(1200)),
        404 => Some(Duration::from_secs(180)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn directives() {
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(
            lifetime(200, &h(&[("cache-control", "max-age=60")])),
            secs(60)
        );
        assert_eq!(
            lifetime(
                200,
                &h(&[("cache-control", "public, max-age=60, s-maxage=5")])
            ),
            secs(5)
        );
        assert_eq!(lifetime(200, &h(&[("cache-control", "no-store")])), None);
        assert_eq!(lifetime(200, &h(&[("cache-control", "private")])), None);
        assert_eq!(
            lifetime(200, &h(&[("cache-control", "private=\"x-a\", max-age=9")])),
            secs(9)
        );
        assert_eq!(lifetime(200, &h(&[("cache-control", "max-age=0")])), None);
        assert_eq!(
            lifetime(200, &h(&[("cache-control", "max-age=abc")])),
            secs(7200)
        );
        assert_eq!(
            lifetime(
                200,
                &h(&[("cache-control", "max-age=60"), ("set-cookie", "a=b")])
            ),
            None
        );
        assert_eq!(lifetime(200, &[]), secs(7200));
        assert_eq!(lifetime(404, &[]), secs(180));
        assert_eq!(lifetime(500, &[]), None);
        assert_eq!(
            lifetime(500, &h(&[("cache-control", "max-age=30")])),
            secs(30)
        );
    }

    #[test]
    fn expires() {
        let past = h(&[("expires", "Thu, 01 Jan 1970 00:00:00 GMT")]);
        assert_eq!(lifetime(200, &past), None);
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
        let ttl = lifetime(200, &h(&[("expires", &later)])).unwrap();
        assert!(ttl > Duration::from_secs(3500) && ttl <= Duration::from_secs(3600));
        assert_eq!(lifetime(200, &h(&[("expires", "garbage")])), None);
        // max-age wins over Expires.
        let both = h(&[("expires", &later), ("cache-control", "max-age=10")]);
        assert_eq!(lifetime(200, &both), Some(Duration::from_secs(10)));
    }
}
