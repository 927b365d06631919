//! Builds the runtime's [`WorkerCode`] from a version's stored parts. The one place where
//! Cloudflare content types and binding JSON become runtime types (used for serving and for
//! upload-time validation alike).

use bytes::Bytes;
use hearth_model::ContentKind;
use hearth_runtime::{
    Limits, ModuleKind, ModuleSource, OutboundWorker, RuntimeBinding, WorkerCode, WorkerFormat,
};
use serde_json::Value;

/// A module as stored: name, content type, body.
pub struct StoredModule<'a> {
    pub name: &'a str,
    pub content_type: &'a str,
    pub body: Bytes,
}

/// Everything about a version that the runtime needs, borrowed from the store's records.
pub struct CodeParts<'a> {
    pub account_id: &'a str,
    /// Dispatch namespace ("" for the account's own Workers).
    pub namespace: &'a str,
    pub script_name: &'a str,
    pub version_id: &'a str,
    pub service_worker: bool,
    pub main_module: &'a str,
    pub modules: Vec<StoredModule<'a>>,
    pub bindings: &'a [Value],
    pub compatibility_date: Option<&'a str>,
    pub compatibility_flags: &'a [String],
    /// The version's `limits` object (`cpu_ms`, `subrequests`), if configured.
    pub limits: Option<&'a Value>,
    /// `workers/tag` annotation and creation time, for `version_metadata`.
    pub tag: &'a str,
    pub created_on: &'a str,
}

fn module_kind(ct: &str, is_entry: bool, service_worker: bool) -> ModuleKind {
    match ContentKind::from_content_type(ct) {
        Some(ContentKind::EsModule) => ModuleKind::EsModule,
        Some(ContentKind::Classic) if is_entry && service_worker => ModuleKind::EsModule,
        Some(ContentKind::Classic) => ModuleKind::CommonJs,
        Some(ContentKind::Python) | Some(ContentKind::PythonRequirement) => ModuleKind::Python,
        Some(ContentKind::Wasm) => ModuleKind::Wasm,
        Some(ContentKind::Text) => ModuleKind::Text,
        Some(ContentKind::Json) => ModuleKind::Json,
        Some(ContentKind::SourceMap) => ModuleKind::SourceMap,
        Some(ContentKind::Data) | None => ModuleKind::Data,
    }
}

/// Converts binding JSON to runtime bindings; kinds the runtime does not materialise are skipped
/// (the API refuses them at upload).
pub fn runtime_bindings(
    bindings: &[Value],
    version_id: &str,
    tag: &str,
    created_on: &str,
) -> Vec<RuntimeBinding> {
    let s = |b: &Value, k: &str| {
        b.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    bindings
        .iter()
        .filter_map(|b| {
            let name = s(b, "name");
            Some(match b.get("type").and_then(Value::as_str)? {
                "plain_text" => RuntimeBinding::PlainText {
                    name,
                    text: s(b, "text"),
                },
                "secret_text" => RuntimeBinding::SecretText {
                    name,
                    text: s(b, "text"),
                },
                "json" => RuntimeBinding::Json {
                    name,
                    value: b.get("json").cloned().unwrap_or(Value::Null),
                },
                "version_metadata" => RuntimeBinding::VersionMetadata {
                    name,
                    id: version_id.to_string(),
                    tag: tag.to_string(),
                    timestamp: created_on.to_string(),
                },
                "dispatch_namespace" => RuntimeBinding::DispatchNamespace {
                    name,
                    namespace: s(b, "namespace"),
                    outbound: outbound_worker(b),
                },
                "service" => RuntimeBinding::Service {
                    name,
                    service: s(b, "service"),
                    entrypoint: b
                        .get("entrypoint")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                },
                _ => return None,
            })
        })
        .collect()
}

/// A dispatch namespace binding's `outbound: {worker: {service}, params: [{name}]}`.
fn outbound_worker(b: &Value) -> Option<OutboundWorker> {
    let o = b.get("outbound").filter(|o| !o.is_null())?;
    let service = o.get("worker")?.get("service")?.as_str()?.to_string();
    let params = o
        .get("params")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.get("name")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Some(OutboundWorker { service, params })
}

/// Builds the runtime's view of one version.
pub fn build_code(p: CodeParts<'_>) -> WorkerCode {
    let mut limits = Limits::default();
    if let Some(l) = p.limits {
        if let Some(cpu) = l.get("cpu_ms").and_then(Value::as_u64) {
            limits.cpu_ms = cpu.max(1);
        }
        if let Some(sr) = l.get("subrequests").and_then(Value::as_u64) {
            limits.subrequests = sr.min(u32::MAX as u64) as u32;
        }
    }
    let modules = p
        .modules
        .into_iter()
        .map(|m| ModuleSource {
            kind: module_kind(m.content_type, m.name == p.main_module, p.service_worker),
            name: m.name.to_string(),
            body: m.body,
        })
        .collect();
    WorkerCode {
        account_id: p.account_id.to_string(),
        namespace: p.namespace.to_string(),
        script_name: p.script_name.to_string(),
        version_id: p.version_id.to_string(),
        format: if p.service_worker {
            WorkerFormat::ServiceWorker
        } else {
            WorkerFormat::Modules
        },
        main_module: p.main_module.to_string(),
        modules,
        bindings: runtime_bindings(p.bindings, p.version_id, p.tag, p.created_on),
        compatibility_date: p.compatibility_date.map(str::to_string),
        compatibility_flags: p.compatibility_flags.to_vec(),
        limits,
    }
}
