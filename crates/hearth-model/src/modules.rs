//! Module content types accepted in uploads and what each one means.

/// What a module's content type says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// ES module.
    EsModule,
    /// Classic script: the service-worker entry, or CommonJS.
    Classic,
    /// Python module.
    Python,
    /// Python requirements file.
    PythonRequirement,
    /// WebAssembly module.
    Wasm,
    /// Text module (string).
    Text,
    /// Binary data module (ArrayBuffer).
    Data,
    /// JSON module.
    Json,
    /// Source map (stored, never executed).
    SourceMap,
}

impl ContentKind {
    /// Parses a module part's content type (parameters such as `charset` are ignored).
    pub fn from_content_type(ct: &str) -> Option<ContentKind> {
        let base = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        Some(match base.as_str() {
            "application/javascript+module" | "text/javascript+module" => ContentKind::EsModule,
            "application/javascript" | "text/javascript" | "application/x-javascript" => {
                ContentKind::Classic
            }
            "text/x-python" => ContentKind::Python,
            "text/x-python-requirement" => ContentKind::PythonRequirement,
            "application/wasm" => ContentKind::Wasm,
            "text/plain" => ContentKind::Text,
            "application/octet-stream" => ContentKind::Data,
            "application/json" => ContentKind::Json,
            "application/source-map" => ContentKind::SourceMap,
            _ => return None,
        })
    }

    /// Guesses a content type from a module name, for parts uploaded without one.
    pub fn guess_content_type(name: &str) -> &'static str {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".mjs") || lower.ends_with(".js") {
            "application/javascript+module"
        } else if lower.ends_with(".cjs") {
            "application/javascript"
        } else if lower.ends_with(".py") {
            "text/x-python"
        } else if lower.ends_with(".wasm") {
            "application/wasm"
        } else if lower.ends_with(".json") {
            "application/json"
        } else if lower.ends_with(".map") {
            "application/source-map"
        } else if lower.ends_with(".txt") || lower.ends_with(".html") {
            "text/plain"
        } else {
            "application/octet-stream"
        }
    }
}

/// The syntax a version's entry point is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleFormat {
    /// `main_module`: ES modules (or Python).
    Modules,
    /// `body_part`: a service-worker script.
    ServiceWorker,
}

impl ModuleFormat {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleFormat::Modules => "modules",
            ModuleFormat::ServiceWorker => "service-worker",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> ModuleFormat {
        if s == "service-worker" {
            ModuleFormat::ServiceWorker
        } else {
            ModuleFormat::Modules
        }
    }
}
