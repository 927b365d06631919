//! Reading version uploads: multipart bodies (every client's layout), the beta JSON shape, the
//! relaxed metadata JSON users paste from the docs, and the checks a version passes before it is
//! stored (content types, entry module, bindings, size, and compiling the code).

use crate::envelope::{ApiError, ApiResult};
use crate::{ApiState, ValidationOutcome};
use axum::extract::FromRequest;
use axum::http::StatusCode;
use bytes::Bytes;
use hearth_model::{validate_binding, ContentKind, ModuleFormat};
use hearth_store::{NewModule, VersionDoc};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// What the validator sees of a version.
pub struct ValidationInput<'a> {
    pub script_name: &'a str,
    pub format: ModuleFormat,
    pub main_module: &'a str,
    pub modules: &'a [NewModule],
    pub bindings: &'a [Value],
    pub compatibility_date: Option<&'a str>,
    pub compatibility_flags: &'a [String],
}

/// A request body read whole, within the configured limit; too large → 413 / 10027.
pub struct RawBody(pub Bytes);

impl FromRequest<ApiState> for RawBody {
    type Rejection = ApiError;

    async fn from_request(
        req: axum::extract::Request,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let limit = state.config.max_body_bytes;
        let body = req.into_body();
        match axum::body::to_bytes(body, limit).await {
            Ok(b) => Ok(RawBody(b)),
            Err(_) => Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                10027,
                format!(
                    "Request body is too large or could not be read: the limit is {limit} bytes"
                ),
            )),
        }
    }
}

/// Parses a JSON body (an empty body counts as `{}`); malformed JSON → 400 / 10021.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid(format!("Could not parse the request body as JSON: {e}")))
}

/// Parses upload metadata: strict JSON, else the relaxed JSON5 form (single quotes) that the
/// Cloudflare docs' own curl examples send.
pub fn parse_metadata(text: &[u8]) -> ApiResult<Map<String, Value>> {
    let parsed: Value = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(strict) => {
            let s = std::str::from_utf8(text)
                .map_err(|_| ApiError::invalid("metadata is not valid UTF-8"))?;
            json5::from_str(s).map_err(|_| {
                ApiError::invalid(format!(
                    "Could not parse the 'metadata' part as JSON: {strict}"
                ))
            })?
        }
    };
    match parsed {
        Value::Object(m) => Ok(m),
        _ => Err(ApiError::invalid(
            "the 'metadata' part must be a JSON object",
        )),
    }
}

/// Reads a multipart upload: the `metadata` part (anywhere, with or without a content type or
/// filename) and one module per other part, named by filename, else by part name.
pub async fn parse_multipart(
    content_type: &str,
    body: Bytes,
) -> ApiResult<(Option<Map<String, Value>>, Vec<NewModule>)> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            10001,
            format!("Invalid multipart content type: {e}"),
        )
    })?;
    let stream =
        futures_util::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(body) });
    let mut mp = multer::Multipart::new(stream, boundary);
    let mut metadata = None;
    let mut modules: Vec<NewModule> = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(ApiError::invalid(format!("Malformed multipart body: {e}"))),
        };
        let part_name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let ct = field.content_type().map(|m| m.to_string());
        let data = field
            .bytes()
            .await
            .map_err(|e| ApiError::invalid(format!("Malformed multipart body: {e}")))?;
        if part_name == "metadata" {
            metadata = Some(parse_metadata(&data)?);
            continue;
        }
        let name = file_name.filter(|f| !f.is_empty()).unwrap_or(part_name);
        if name.is_empty() {
            return Err(ApiError::invalid(
                "a multipart part has neither a name nor a filename",
            ));
        }
        if modules.iter().any(|m| m.name == name) {
            return Err(ApiError::invalid(format!(
                "module '{name}' is uploaded twice"
            )));
        }
        let content_type = ct.unwrap_or_else(|| ContentKind::guess_content_type(&name).to_string());
        modules.push(NewModule {
            name,
            content_type,
            body: data.to_vec(),
        });
    }
    Ok((metadata, modules))
}

/// A version ready to store: its document, modules and inheritance rules.
pub struct VersionUpload {
    pub doc: VersionDoc,
    pub modules: Vec<NewModule>,
    pub keep_bindings: Vec<String>,
    /// Script-level settings carried by upload metadata (logpush, observability, tags, tail_consumers).
    pub settings_patch: Map<String, Value>,
}

/// Script-level keys of upload metadata (not versioned).
const SCRIPT_KEYS: &[&str] = &["logpush", "observability", "tags", "tail_consumers"];
/// Metadata keys read into the version document or ignored on purpose.
const KNOWN_KEYS: &[&str] = &[
    "main_module",
    "body_part",
    "bindings",
    "compatibility_date",
    "compatibility_flags",
    "keep_bindings",
    "migrations",
    "annotations",
    "limits",
    "placement",
    "usage_model",
    "code_update_strategy",
    "keep_assets",
    "modules",
    "id",
    "number",
    "created_on",
    "source",
    "urls",
    "startup_time_ms",
    "migration_tag",
    "main_script_base64",
];

fn string_list(v: Option<&Value>, what: &str) -> ApiResult<Option<Vec<String>>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| ApiError::invalid(format!("'{what}' must be a list of strings")))
            })
            .collect::<ApiResult<Vec<_>>>()
            .map(Some),
        Some(_) => Err(ApiError::invalid(format!(
            "'{what}' must be a list of strings"
        ))),
    }
}

fn opt_string(v: Option<&Value>, what: &str) -> ApiResult<Option<String>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::invalid(format!("'{what}' must be a string"))),
    }
}

/// Builds a version from upload metadata (multipart or beta JSON) and its modules.
pub fn version_from_metadata(
    meta: &Map<String, Value>,
    modules: Vec<NewModule>,
) -> ApiResult<VersionUpload> {
    let main_module = opt_string(meta.get("main_module"), "main_module")?;
    let body_part = opt_string(meta.get("body_part"), "body_part")?;
    let (format, entry) = match (main_module, body_part) {
        (Some(m), _) => (ModuleFormat::Modules, m),
        (None, Some(b)) => (ModuleFormat::ServiceWorker, b),
        (None, None) if modules.len() == 1 => {
            let m = &modules[0];
            let kind = ContentKind::from_content_type(&m.content_type);
            if kind == Some(ContentKind::Classic) {
                (ModuleFormat::ServiceWorker, m.name.clone())
            } else {
                (ModuleFormat::Modules, m.name.clone())
            }
        }
        (None, None) => {
            return Err(ApiError::invalid(
                "metadata must name the entry point: 'main_module' (ES modules) or 'body_part' (service worker)",
            ))
        }
    };
    let bindings = match meta.get("bindings") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) => Some(a.clone()),
        Some(_) => return Err(ApiError::invalid("'bindings' must be a list")),
    };
    let mut annotations = Map::new();
    match meta.get("annotations") {
        None | Some(Value::Null) => {}
        Some(Value::Object(a)) => {
            for (k, v) in a {
                if k == "workers/triggered_by" {
                    continue;
                }
                let s = v.as_str().ok_or_else(|| {
                    ApiError::invalid(format!("annotation '{k}' must be a string"))
                })?;
                let max = if k == "workers/message" { 1000 } else { 100 };
                if s.chars().count() > max {
                    return Err(ApiError::invalid(format!(
                        "annotation '{k}' is longer than {max} characters"
                    )));
                }
                if !s.is_empty() || k == "workers/message" {
                    annotations.insert(k.clone(), v.clone());
                }
            }
        }
        Some(_) => return Err(ApiError::invalid("'annotations' must be an object")),
    }
    let migrations = match meta.get("migrations") {
        None | Some(Value::Null) => None,
        Some(m @ Value::Object(_)) => Some(m.clone()),
        Some(_) => return Err(ApiError::invalid("'migrations' must be an object")),
    };
    if meta.get("assets").is_some_and(|a| !a.is_null()) {
        return Err(ApiError::invalid(
            "Static assets ('assets') are not supported by Hearth yet",
        ));
    }
    let mut extra = Map::new();
    let mut settings_patch = Map::new();
    for (k, v) in meta {
        if SCRIPT_KEYS.contains(&k.as_str()) {
            settings_patch.insert(k.clone(), v.clone());
        } else if !KNOWN_KEYS.contains(&k.as_str()) && k != "assets" && !v.is_null() {
            extra.insert(k.clone(), v.clone());
        }
    }
    let doc = VersionDoc {
        format: format.as_str().to_string(),
        main_module: entry,
        compatibility_date: opt_string(meta.get("compatibility_date"), "compatibility_date")?,
        compatibility_flags: string_list(meta.get("compatibility_flags"), "compatibility_flags")?,
        bindings_sent: bindings.is_some(),
        bindings: bindings.unwrap_or_default(),
        annotations,
        migrations,
        limits: meta.get("limits").filter(|v| !v.is_null()).cloned(),
        placement: meta.get("placement").filter(|v| !v.is_null()).cloned(),
        usage_model: opt_string(meta.get("usage_model"), "usage_model")?,
        extra,
        ..Default::default()
    };
    Ok(VersionUpload {
        doc,
        modules,
        keep_bindings: string_list(meta.get("keep_bindings"), "keep_bindings")?.unwrap_or_default(),
        settings_patch,
    })
}

/// Checks a version before it is stored and runs the validator on its code.
pub fn check_version(
    state: &ApiState,
    script_name: &str,
    up: &mut VersionUpload,
) -> ApiResult<ValidationOutcome> {
    let doc = &up.doc;
    if up.modules.is_empty() {
        return Err(ApiError::invalid(
            "No modules were uploaded: a version needs at least its main module",
        ));
    }
    if !up.modules.iter().any(|m| m.name == doc.main_module) {
        let what = if doc.format == "service-worker" {
            "body_part"
        } else {
            "main_module"
        };
        return Err(ApiError::invalid(format!(
            "{what} '{}' does not match any uploaded module (uploaded: {})",
            doc.main_module,
            up.modules
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let flags = doc.compatibility_flags.clone().unwrap_or_default();
    let mut total = 0usize;
    let mut python = false;
    for m in &up.modules {
        total += m.body.len();
        let kind = ContentKind::from_content_type(&m.content_type).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                10021,
                format!(
                    "Module '{}' has unsupported content type '{}'",
                    m.name, m.content_type
                ),
            )
        })?;
        match kind {
            ContentKind::Python | ContentKind::PythonRequirement => python = true,
            ContentKind::Wasm => {
                return Err(ApiError::invalid(format!(
                "Module '{}' is WebAssembly (application/wasm), which Hearth does not support yet",
                m.name
            )))
            }
            _ => {}
        }
    }
    if python && !flags.iter().any(|f| f == "python_workers") {
        return Err(ApiError::invalid(
            "Python Workers (text/x-python modules) require the compatibility flag 'python_workers'",
        ));
    }
    if total > state.config.max_script_bytes {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            10027,
            format!(
                "Script is too large: {total} bytes, the limit is {} bytes",
                state.config.max_script_bytes
            ),
        ));
    }
    for b in &doc.bindings {
        validate_binding(b).map_err(ApiError::invalid)?;
    }
    let mut names = std::collections::HashSet::new();
    for b in &doc.bindings {
        let name = b.get("name").and_then(Value::as_str).unwrap_or_default();
        if !names.insert(name) {
            return Err(ApiError::invalid(format!(
                "binding name '{name}' is used twice"
            )));
        }
    }
    let input = ValidationInput {
        script_name,
        format: ModuleFormat::parse(&doc.format),
        main_module: &doc.main_module,
        modules: &up.modules,
        bindings: &doc.bindings,
        compatibility_date: doc.compatibility_date.as_deref(),
        compatibility_flags: &flags,
    };
    let outcome = state
        .validator
        .validate(&input)
        .map_err(ApiError::invalid)?;
    up.doc.handlers = outcome.handlers.clone();
    up.doc.startup_time_ms = outcome.startup_time_ms;
    Ok(outcome)
}

/// The `source` recorded for a request, from its User-Agent.
pub fn source_of(headers: &axum::http::HeaderMap) -> String {
    let ua = headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ua.starts_with("wrangler") {
        "wrangler".into()
    } else if ua.starts_with("terraform") {
        "terraform".into()
    } else {
        "api".into()
    }
}
