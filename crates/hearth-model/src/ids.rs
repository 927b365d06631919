//! Identifier and timestamp formats as Cloudflare returns them.

use rand::{distributions::Alphanumeric, Rng, RngCore};

/// A 32-character lowercase hex id (accounts, Workers, tokens).
pub fn new_hex_id() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// A random UUID v4 in its hyphenated form (versions, deployments, namespaces).
pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A 40-character API token secret, shaped like Cloudflare's.
pub fn new_token_secret() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect()
}

/// Now as RFC 3339 with microseconds, e.g. `2022-05-05T05:15:11.602148Z`.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let h = new_hex_id();
        assert_eq!(h.len(), 32);
        assert!(h
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(new_uuid().len(), 36);
        assert_eq!(new_token_secret().len(), 40);
        let t = now_rfc3339();
        assert!(t.ends_with('Z') && t.len() == 27, "{t}");
    }
}
