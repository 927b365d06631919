//! Cloudflare's JSON shapes for Workers, versions, scripts and deployments, built from store
//! records. Reads echo what was configured and omit what was not.

use crate::ApiState;
use base64::Engine;
use hearth_store::{Deployment, Version, Worker};
use serde_json::{json, Map, Value};

/// Cloudflare's default observability object, into which partial settings are merged.
pub fn default_observability() -> Value {
    json!({
        "enabled": false,
        "head_sampling_rate": 1,
        "logs": {"destinations": [], "enabled": false, "head_sampling_rate": 1, "invocation_logs": true, "persist": true},
        "traces": {"destinations": [], "enabled": false, "head_sampling_rate": 1, "persist": true},
    })
}

/// Deep-merges `patch` into `base` (objects merge; everything else replaces; null leaves base).
pub fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ if v.is_null() => {}
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, p) if !p.is_null() => *b = p.clone(),
        _ => {}
    }
}

fn setting<'a>(w: &'a Worker, key: &str) -> Option<&'a Value> {
    w.settings.get(key).filter(|v| !v.is_null())
}

/// The beta Worker resource (`/workers/workers/{id}`). With the account's workers.dev subdomain
/// and domain, `subdomain` also carries the Worker's `url` and `preview_url_suffix` (wrangler
/// prints the hostname of `url` and `https://<version-prefix><preview_url_suffix>`).
pub fn worker_json(w: &Worker, workers_dev: Option<(&str, &str)>) -> Value {
    let mut subdomain =
        json!({"enabled": w.subdomain_enabled, "previews_enabled": w.previews_enabled});
    if let Some((sub, domain)) = workers_dev.filter(|_| w.namespace.is_empty()) {
        subdomain["url"] = json!(format!("https://{}.{sub}.{domain}", w.name));
        subdomain["preview_url_suffix"] = json!(format!("-{}.{sub}.{domain}", w.name));
    }
    let mut obs = default_observability();
    if let Some(o) = setting(w, "observability") {
        merge(&mut obs, o);
    }
    json!({
        "id": w.id,
        "name": w.name,
        "created_on": w.created_on,
        "updated_on": w.updated_on,
        "deployed_on": w.deployed_on,
        "logpush": setting(w, "logpush").cloned().unwrap_or(json!(false)),
        "tags": setting(w, "tags").cloned().unwrap_or(json!([])),
        "tail_consumers": setting(w, "tail_consumers").cloned().unwrap_or(json!([])),
        "observability": obs,
        "subdomain": subdomain,
        "references": {"workers": [], "domains": [], "durable_objects": [], "queues": [], "dispatch_namespace_outbounds": []},
    })
}

/// A binding as returned on reads: secret values are never returned.
pub fn public_binding(b: &Value) -> Value {
    let mut b = b.clone();
    if let Some(o) = b.as_object_mut() {
        if matches!(
            o.get("type").and_then(Value::as_str),
            Some("secret_text") | Some("secret_key")
        ) {
            o.remove("text");
            o.remove("key_base64");
            o.remove("key_jwk");
        }
    }
    b
}

fn public_bindings(v: &Version) -> Vec<Value> {
    v.doc.bindings.iter().map(public_binding).collect()
}

/// The preview URL of a version, when the Worker has previews and the account a subdomain.
pub fn preview_urls(
    state: &ApiState,
    w: &Worker,
    v: &Version,
    subdomain: Option<&str>,
) -> Vec<String> {
    match subdomain {
        Some(sub) if w.previews_enabled && w.namespace.is_empty() => {
            vec![format!(
                "https://{}-{}.{}.{}",
                &v.id[..8],
                w.name,
                sub,
                state.config.workers_dev_domain
            )]
        }
        _ => vec![],
    }
}

/// The beta Version resource. `modules` carries the bodies when asked (`include=modules`).
pub fn version_json(
    v: &Version,
    modules: Option<Vec<hearth_store::ModuleBody>>,
    urls: Vec<String>,
    migration_tag: Option<&str>,
) -> Value {
    let d = &v.doc;
    let mut o = Map::new();
    for (k, val) in &d.extra {
        o.insert(k.clone(), val.clone());
    }
    o.insert("id".into(), json!(v.id));
    o.insert("number".into(), json!(v.number));
    o.insert("created_on".into(), json!(v.created_on));
    o.insert("source".into(), json!(v.source));
    o.insert("urls".into(), json!(urls));
    o.insert("startup_time_ms".into(), json!(d.startup_time_ms));
    o.insert("annotations".into(), Value::Object(d.annotations.clone()));
    o.insert(
        "usage_model".into(),
        json!(d.usage_model.clone().unwrap_or_else(|| "standard".into())),
    );
    if d.format == "service-worker" {
        o.insert("body_part".into(), json!(d.main_module));
    } else {
        o.insert("main_module".into(), json!(d.main_module));
    }
    if let Some(x) = &d.compatibility_date {
        o.insert("compatibility_date".into(), json!(x));
    }
    if let Some(x) = &d.compatibility_flags {
        o.insert("compatibility_flags".into(), json!(x));
    }
    if d.bindings_sent {
        o.insert("bindings".into(), json!(public_bindings(v)));
    }
    for (k, x) in [
        ("migrations", &d.migrations),
        ("limits", &d.limits),
        ("placement", &d.placement),
    ] {
        if let Some(x) = x {
            o.insert(k.into(), x.clone());
        }
    }
    if let Some(tag) = migration_tag {
        o.insert("migration_tag".into(), json!(tag));
    }
    if let Some(mods) = modules {
        let b64 = base64::engine::general_purpose::STANDARD;
        let list: Vec<Value> = mods
            .iter()
            .map(|m| json!({"name": m.name, "content_type": m.content_type, "content_base64": b64.encode(&m.body)}))
            .collect();
        o.insert("modules".into(), json!(list));
    }
    Value::Object(o)
}

/// The etag of a version's code: sha256 over its modules' names and hashes.
pub fn etag(v: &Version) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for m in &v.doc.modules {
        h.update(m.name.as_bytes());
        h.update(b":");
        h.update(m.sha256.as_bytes());
        h.update(b";");
    }
    hex::encode(h.finalize())
}

/// `ScriptResponse`: a Worker seen through the scripts API, from its current version.
pub fn script_json(w: &Worker, current: Option<&Version>) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(w.name));
    o.insert("created_on".into(), json!(w.created_on));
    o.insert("modified_on".into(), json!(w.updated_on));
    o.insert(
        "logpush".into(),
        setting(w, "logpush").cloned().unwrap_or(json!(false)),
    );
    o.insert(
        "tags".into(),
        setting(w, "tags").cloned().unwrap_or(json!([])),
    );
    o.insert(
        "tail_consumers".into(),
        setting(w, "tail_consumers").cloned().unwrap_or(json!([])),
    );
    if let Some(obs) = setting(w, "observability") {
        o.insert("observability".into(), obs.clone());
    }
    o.insert("usage_model".into(), json!("standard"));
    o.insert("has_assets".into(), json!(false));
    o.insert("placement".into(), json!({}));
    o.insert("migration_tag".into(), json!(w.migration_tag));
    o.insert(
        "last_deployed_from".into(),
        json!(w.last_deployed_from.clone().unwrap_or_else(|| "api".into())),
    );
    if let Some(v) = current {
        o.insert("etag".into(), json!(etag(v)));
        o.insert("handlers".into(), json!(v.doc.handlers));
        o.insert("named_handlers".into(), json!([]));
        o.insert(
            "has_modules".into(),
            json!(v.doc.format != "service-worker"),
        );
        o.insert(
            "compatibility_date".into(),
            json!(v.doc.compatibility_date.clone().unwrap_or_default()),
        );
        o.insert(
            "compatibility_flags".into(),
            json!(v.doc.compatibility_flags.clone().unwrap_or_default()),
        );
        if let Some(p) = &v.doc.placement {
            o.insert("placement".into(), p.clone());
        }
    } else {
        o.insert("handlers".into(), json!([]));
        o.insert("named_handlers".into(), json!([]));
        o.insert("has_modules".into(), json!(false));
        o.insert("compatibility_date".into(), json!(""));
        o.insert("compatibility_flags".into(), json!([]));
    }
    Value::Object(o)
}

/// The scripts API's version shape (`/scripts/{name}/versions/{id}`).
pub fn script_version_json(w: &Worker, v: &Version, has_preview: bool) -> Value {
    let d = &v.doc;
    json!({
        "id": v.id,
        "number": v.number,
        "metadata": {
            "author_id": "",
            "author_email": v.author_email,
            "created_on": v.created_on,
            "modified_on": v.created_on,
            "source": v.source,
            "hasPreview": has_preview,
            "has_preview": has_preview,
        },
        "annotations": d.annotations,
        "resources": {
            "bindings": public_bindings(v),
            "script": {
                "etag": etag(v),
                "handlers": d.handlers,
                "named_handlers": [],
                "last_deployed_from": w.last_deployed_from.clone().unwrap_or_else(|| "api".into()),
            },
            "script_runtime": {
                "compatibility_date": d.compatibility_date.clone().unwrap_or_default(),
                "compatibility_flags": d.compatibility_flags.clone().unwrap_or_default(),
                "limits": d.limits.clone().unwrap_or_else(|| json!({})),
                "migration_tag": w.migration_tag,
                "usage_model": d.usage_model.clone().unwrap_or_else(|| "standard".into()),
            },
        },
        "startup_time_ms": d.startup_time_ms,
    })
}

/// A deployment.
pub fn deployment_json(d: &Deployment) -> Value {
    json!({
        "id": d.id,
        "created_on": d.created_on,
        "source": d.source,
        "strategy": d.strategy,
        "author_email": d.author_email,
        "annotations": d.annotations,
        "versions": d.versions.iter().map(|v| json!({"version_id": v.version_id, "percentage": number(v.percentage)})).collect::<Vec<_>>(),
    })
}

/// `/scripts/{name}/settings`: the versioned settings of the current version plus script-level ones.
pub fn settings_json(w: &Worker, v: Option<&Version>) -> Value {
    let mut o = Map::new();
    o.insert(
        "logpush".into(),
        setting(w, "logpush").cloned().unwrap_or(json!(false)),
    );
    o.insert(
        "tags".into(),
        setting(w, "tags").cloned().unwrap_or(json!([])),
    );
    o.insert(
        "tail_consumers".into(),
        setting(w, "tail_consumers").cloned().unwrap_or(json!([])),
    );
    if let Some(obs) = setting(w, "observability") {
        o.insert("observability".into(), obs.clone());
    }
    o.insert("usage_model".into(), json!("standard"));
    match v {
        Some(v) => {
            let d = &v.doc;
            o.insert("bindings".into(), json!(public_bindings(v)));
            o.insert(
                "compatibility_date".into(),
                json!(d.compatibility_date.clone().unwrap_or_default()),
            );
            o.insert(
                "compatibility_flags".into(),
                json!(d.compatibility_flags.clone().unwrap_or_default()),
            );
            for (k, x) in [("limits", &d.limits), ("placement", &d.placement)] {
                if let Some(x) = x {
                    o.insert(k.into(), x.clone());
                }
            }
            if d.format != "service-worker" {
                o.insert("main_module".into(), json!(d.main_module));
            }
        }
        None => {
            o.insert("bindings".into(), json!([]));
            o.insert("compatibility_date".into(), json!(""));
            o.insert("compatibility_flags".into(), json!([]));
        }
    }
    Value::Object(o)
}

/// The script-level settings (`/scripts/{name}/script-settings`).
pub fn script_settings_json(w: &Worker) -> Value {
    let mut obs = default_observability();
    if let Some(o) = setting(w, "observability") {
        merge(&mut obs, o);
    }
    json!({
        "logpush": setting(w, "logpush").cloned().unwrap_or(json!(false)),
        "tags": setting(w, "tags").cloned().unwrap_or(json!([])),
        "tail_consumers": setting(w, "tail_consumers").cloned().unwrap_or(json!([])),
        "observability": obs,
    })
}

/// A percentage as JSON: an integer when whole (`100`, not `100.0`), as clients send it.
fn number(p: f64) -> Value {
    if p.fract() == 0.0 && p.abs() < 1e15 {
        json!(p as i64)
    } else {
        json!(p)
    }
}
