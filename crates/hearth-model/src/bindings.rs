//! Binding objects (`bindings[]` in upload metadata, versions and settings): which kinds exist,
//! which fields each requires, and which kinds Hearth can run today.
//!
//! Bindings are stored exactly as sent (JSON objects); this module only validates them.

use serde_json::Value;

/// Whether Hearth can run a binding kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Accepted and materialised in `env`.
    Runs,
    /// Accepted (it only copies or describes other bindings).
    Meta,
    /// A real Cloudflare kind that Hearth cannot run yet: refused with a clear error.
    NotYet,
}

/// Every binding type Cloudflare's schema defines, with its required fields and Hearth's support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindingKind {
    pub type_name: &'static str,
    pub required: &'static [&'static str],
    pub support: Support,
}

const KINDS: &[BindingKind] = &[
    k("plain_text", &["text"], Support::Runs),
    k("secret_text", &["text"], Support::Runs),
    k("json", &["json"], Support::Runs),
    k("version_metadata", &[], Support::Runs),
    k("service", &["service"], Support::Runs),
    k("inherit", &[], Support::Meta),
    k(
        "secret_key",
        &["format", "algorithm", "usages"],
        Support::NotYet,
    ),
    k("kv_namespace", &["namespace_id"], Support::NotYet),
    k("durable_object_namespace", &[], Support::NotYet),
    k("dispatch_namespace", &["namespace"], Support::Runs),
    k("d1", &[], Support::NotYet),
    k("r2_bucket", &["bucket_name"], Support::NotYet),
    k("queue", &["queue_name"], Support::NotYet),
    k("analytics_engine", &["dataset"], Support::NotYet),
    k("hyperdrive", &["id"], Support::NotYet),
    k("vectorize", &["index_name"], Support::NotYet),
    k("mtls_certificate", &["certificate_id"], Support::NotYet),
    k("pipelines", &["pipeline"], Support::NotYet),
    k("workflow", &["workflow_name"], Support::NotYet),
    k(
        "secrets_store_secret",
        &["store_id", "secret_name"],
        Support::NotYet,
    ),
    k("send_email", &[], Support::NotYet),
    k("ratelimit", &["namespace_id", "simple"], Support::NotYet),
    k("ai", &[], Support::NotYet),
    k("assets", &[], Support::NotYet),
    k("browser", &[], Support::NotYet),
    k("images", &[], Support::NotYet),
    k("ai_search", &["instance_name"], Support::NotYet),
    k("ai_search_namespace", &["namespace"], Support::NotYet),
    k("flagship", &["app_id"], Support::NotYet),
    k("vpc_service", &["service_id"], Support::NotYet),
    k("vpc_network", &[], Support::NotYet),
    k("wasm_module", &["part"], Support::NotYet),
    k("text_blob", &["part"], Support::NotYet),
    k("data_blob", &["part"], Support::NotYet),
];

const fn k(
    type_name: &'static str,
    required: &'static [&'static str],
    support: Support,
) -> BindingKind {
    BindingKind {
        type_name,
        required,
        support,
    }
}

impl BindingKind {
    /// Looks a binding type up by its `type` string.
    pub fn find(type_name: &str) -> Option<&'static BindingKind> {
        KINDS.iter().find(|k| k.type_name == type_name)
    }
}

/// Is `name` a valid JavaScript identifier-like binding name?
fn valid_binding_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' || c == '$' => {}
        _ => return false,
    }
    name.len() <= 1024 && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// Validates one binding object: a JSON object with a valid `name`, a known `type`, the fields
/// that type requires, and a type Hearth can run. The error is written for a person.
pub fn validate_binding(b: &Value) -> Result<&'static BindingKind, String> {
    let obj = b.as_object().ok_or("each binding must be a JSON object")?;
    let ty = obj
        .get("type")
        .and_then(Value::as_str)
        .ok_or("each binding needs a string field 'type'")?;
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("binding of type '{ty}' needs a string field 'name'"))?;
    if !valid_binding_name(name) {
        return Err(format!(
            "binding name '{name}' is not a valid JavaScript identifier"
        ));
    }
    let kind = BindingKind::find(ty)
        .ok_or_else(|| format!("binding '{name}' has unknown binding type '{ty}'"))?;
    for field in kind.required {
        if obj.get(*field).is_none_or(Value::is_null) {
            return Err(format!(
                "binding '{name}' of type '{ty}' is missing required field '{field}'"
            ));
        }
    }
    match ty {
        "plain_text" | "secret_text" if !obj["text"].is_string() => {
            return Err(format!(
                "binding '{name}' of type '{ty}': 'text' must be a string"
            ));
        }
        "service" if !obj["service"].is_string() => {
            return Err(format!(
                "binding '{name}' of type 'service': 'service' must be a string"
            ));
        }
        _ => {}
    }
    if kind.support == Support::NotYet {
        return Err(format!(
            "binding '{name}' has type '{ty}', which Hearth does not support yet; remove it or use a supported type (plain_text, secret_text, json, version_metadata, service, dispatch_namespace)"
        ));
    }
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn validates() {
        assert!(
            validate_binding(&json!({"type":"plain_text","name":"MESSAGE","text":"hi"})).is_ok()
        );
        assert!(validate_binding(&json!({"type":"json","name":"CFG","json":{"a":1}})).is_ok());
        let e = validate_binding(&json!({"type":"plain_text","name":"M"})).unwrap_err();
        assert!(e.contains("text"), "{e}");
        let e = validate_binding(&json!({"type":"bogus","name":"M"})).unwrap_err();
        assert!(e.contains("unknown binding type 'bogus'"), "{e}");
        let e = validate_binding(&json!({"type":"kv_namespace","name":"KV","namespace_id":"x"}))
            .unwrap_err();
        assert!(
            e.contains("kv_namespace") && e.contains("not support"),
            "{e}"
        );
        assert!(validate_binding(&json!({"type":"plain_text","name":"1x","text":""})).is_err());
    }
}
