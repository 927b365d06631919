//! Choosing the version that serves a request from a deployment's percentages, with
//! Cloudflare's sticky key and override headers.

use hearth_store::DeploymentVersion;

/// `Cloudflare-Workers-Version-Key`: requests with the same key get the same version.
pub const VERSION_KEY: &str = "cloudflare-workers-version-key";
/// `Cloudflare-Workers-Version-Overrides: <script>="<version-id>"` pins a deployed version.
pub const VERSION_OVERRIDES: &str = "cloudflare-workers-version-overrides";

/// A point in [0, 100) from a key, stable across processes (FNV-1a).
fn point_for_key(key: &str) -> f64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in key.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    (h % 1_000_000) as f64 / 10_000.0
}

/// Parses the overrides header (a dictionary of `script="version-id"` entries) for `script`.
pub fn override_for<'a>(header: &'a str, script: &str) -> Option<&'a str> {
    header.split(',').find_map(|entry| {
        let (k, v) = entry.split_once('=')?;
        (k.trim() == script).then(|| v.trim().trim_matches('"'))
    })
}

/// Picks a version id of the deployment for one request.
pub fn choose<'a>(
    versions: &'a [DeploymentVersion],
    script: &str,
    key: Option<&str>,
    overrides: Option<&str>,
) -> Option<&'a str> {
    if let Some(pinned) = overrides.and_then(|h| override_for(h, script)) {
        if let Some(v) = versions.iter().find(|v| {
            v.version_id == pinned || (pinned.len() >= 8 && v.version_id.starts_with(pinned))
        }) {
            return Some(&v.version_id);
        }
    }
    if versions.len() == 1 {
        return Some(&versions[0].version_id);
    }
    let point = match key {
        Some(k) => point_for_key(k),
        None => rand::random::<f64>() * 100.0,
    };
    let mut acc = 0.0;
    for v in versions {
        acc += v.percentage;
        if point < acc {
            return Some(&v.version_id);
        }
    }
    versions.last().map(|v| v.version_id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dv(id: &str, p: f64) -> DeploymentVersion {
        DeploymentVersion {
            version_id: id.into(),
            percentage: p,
        }
    }

    #[test]
    fn split_and_pins() {
        let vs = [dv("aaaaaaaa-1", 90.0), dv("bbbbbbbb-2", 10.0)];
        let mut b = 0;
        for _ in 0..10_000 {
            if choose(&vs, "w", None, None) == Some("bbbbbbbb-2") {
                b += 1;
            }
        }
        assert!((700..1300).contains(&b), "{b}");
        let k1 = choose(&vs, "w", Some("user-1"), None);
        for _ in 0..10 {
            assert_eq!(choose(&vs, "w", Some("user-1"), None), k1);
        }
        assert_eq!(
            choose(&vs, "w", None, Some(r#"w="bbbbbbbb-2""#)),
            Some("bbbbbbbb-2")
        );
        assert_eq!(
            choose(
                &vs,
                "w",
                Some("x"),
                Some(r#"other="bbbbbbbb-2", w="bbbbbbbb""#)
            ),
            Some("bbbbbbbb-2")
        );
        // An override naming a version outside the deployment is ignored.
        assert!(choose(&vs, "w", None, Some(r#"w="cccccccc""#)).is_some());
    }
}
