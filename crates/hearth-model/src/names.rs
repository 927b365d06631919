//! Name rules for scripts and subdomains.

/// Cloudflare's Worker (script) names: lowercase letters, digits, `-` and `_`, not starting or
/// ending with `-`, at most 63 characters (so the name fits one DNS label on workers.dev).
pub fn validate_script_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("Worker name must not be empty".into());
    }
    if name.len() > 63 {
        return Err(format!(
            "Worker name '{name}' is too long: at most 63 characters"
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err(format!(
            "Worker name '{name}' is invalid: use only lowercase letters (a-z), digits (0-9), dashes (-) and underscores (_)"
        ));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(format!(
            "Worker name '{name}' must not start or end with a dash"
        ));
    }
    Ok(())
}

/// An account's workers.dev subdomain: one DNS label, lowercase letters, digits and `-`.
pub fn validate_subdomain(sub: &str) -> Result<(), String> {
    let ok = !sub.is_empty()
        && sub.len() <= 63
        && sub
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !sub.starts_with('-')
        && !sub.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "Subdomain '{sub}' is invalid: use 1-63 lowercase letters, digits and dashes"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_names() {
        assert!(validate_script_name("my-hello-world-worker").is_ok());
        assert!(validate_script_name("this-is_my_script-01").is_ok());
        assert!(validate_script_name("Bad").is_err());
        assert!(validate_script_name("a b").is_err());
        assert!(validate_script_name("-x").is_err());
        assert!(validate_script_name("../etc").is_err());
        assert!(validate_script_name(&"a".repeat(64)).is_err());
        assert!(validate_subdomain("acme").is_ok());
        assert!(validate_subdomain("a.b").is_err());
    }
}
