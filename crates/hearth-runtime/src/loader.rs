//! The module graph of one version: resolving import specifiers against the importer's name and
//! turning each uploaded module (ES, CommonJS, text, data, JSON) into a QuickJS module.

use crate::code::{ModuleKind, ModuleSource, WorkerCode};
use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::{Declared, WriteOptions};
use rquickjs::{Ctx, Error, Module, Result};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// Name of the built-in module exposing `WorkerEntrypoint`, `DurableObject` and `env`.
pub const CLOUDFLARE_WORKERS: &str = "cloudflare:workers";
const CLOUDFLARE_WORKERS_JS: &str = include_str!("js/cloudflare_workers.js");

/// Joins `spec` to the directory of `base` and normalises `.`/`..` segments.
pub fn join(base: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = if spec.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = base.split('/').collect();
        p.pop();
        p
    };
    for seg in spec.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(
        parts
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Finds the module `spec` names, imported from `base`. Err carries a Cloudflare-like message.
pub fn resolve_name<'a>(
    code: &'a WorkerCode,
    base: &str,
    spec: &str,
) -> std::result::Result<&'a ModuleSource, String> {
    let not_found = || format!("No such module \"{spec}\".\n  imported from \"{base}\"");
    let name = if spec.starts_with("./") || spec.starts_with("../") || spec.starts_with('/') {
        join(base, spec).ok_or_else(not_found)?
    } else {
        spec.to_string()
    };
    code.modules
        .iter()
        .find(|m| m.name == name)
        .ok_or_else(not_found)
}

/// Bytecode of tenant ES modules, compiled once per version and shared by every thread's
/// isolates (keyed by version id, then module name; the oldest versions are forgotten first).
#[derive(Default)]
pub struct ModuleCache {
    inner: Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    versions: HashMap<String, HashMap<String, Arc<Vec<u8>>>>,
    order: VecDeque<String>,
}

const CACHED_VERSIONS: usize = 512;

impl ModuleCache {
    fn get(&self, version: &str, name: &str) -> Option<Arc<Vec<u8>>> {
        let inner = self.inner.lock().ok()?;
        inner.versions.get(version)?.get(name).cloned()
    }

    fn put(&self, version: &str, name: &str, bytecode: Vec<u8>) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if !inner.versions.contains_key(version) {
            inner.order.push_back(version.to_string());
            if inner.order.len() > CACHED_VERSIONS {
                if let Some(old) = inner.order.pop_front() {
                    inner.versions.remove(&old);
                }
            }
        }
        inner
            .versions
            .entry(version.to_string())
            .or_default()
            .insert(name.to_string(), Arc::new(bytecode));
    }
}

/// Resolver + loader over one version's modules.
pub struct VersionLoader {
    pub code: Arc<WorkerCode>,
    /// Shared bytecode cache (None: always compile from source).
    pub cache: Option<Arc<ModuleCache>>,
}

impl Resolver for VersionLoader {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        if name == CLOUDFLARE_WORKERS {
            return Ok(name.to_string());
        }
        match resolve_name(&self.code, base, name) {
            Ok(m) => Ok(m.name.clone()),
            Err(msg) => Err(Error::new_resolving_message(base, name, msg)),
        }
    }
}

impl Loader for VersionLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        if name == CLOUDFLARE_WORKERS {
            return Module::declare(ctx.clone(), name, CLOUDFLARE_WORKERS_JS);
        }
        let m = self
            .code
            .modules
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| Error::new_loading_message(name, "no such module"))?;
        let quoted = serde_json::to_string(&m.name).unwrap_or_default();
        let source: Vec<u8> = match m.kind {
            ModuleKind::EsModule => {
                let Some(cache) = &self.cache else {
                    return Module::declare(ctx.clone(), name, m.body.to_vec());
                };
                if let Some(bytes) = cache.get(&self.code.version_id, name) {
                    // SAFETY: the bytecode was written below by this QuickJS build from this module.
                    return unsafe { Module::load(ctx.clone(), &bytes) };
                }
                let module = Module::declare(ctx.clone(), name, m.body.to_vec())?;
                if let Ok(bytes) = module.write(WriteOptions::default()) {
                    cache.put(&self.code.version_id, name, bytes);
                }
                return Ok(module);
            }
            ModuleKind::CommonJs => {
                format!("export default globalThis[Symbol.for(\"hearth.modules\")].load({quoted});")
                    .into_bytes()
            }
            ModuleKind::Text => {
                let text = String::from_utf8_lossy(&m.body);
                format!(
                    "export default {};",
                    serde_json::to_string(&text).unwrap_or_default()
                )
                .into_bytes()
            }
            ModuleKind::Json => {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(&m.body) {
                    return Err(Error::new_loading_message(
                        name,
                        format!("invalid JSON module: {e}"),
                    ));
                }
                let mut s = b"export default (".to_vec();
                s.extend_from_slice(&m.body);
                s.extend_from_slice(b"\n);");
                s
            }
            ModuleKind::Data => {
                format!("export default globalThis[Symbol.for(\"hearth.modules\")].data({quoted});")
                    .into_bytes()
            }
            ModuleKind::Wasm => {
                return Err(Error::new_loading_message(name, wasm_unsupported(name)));
            }
            ModuleKind::Python | ModuleKind::SourceMap => {
                return Err(Error::new_loading_message(
                    name,
                    "this module kind cannot be imported from JavaScript",
                ));
            }
        };
        Module::declare(ctx.clone(), name, source)
    }
}

/// The message for a version that contains WebAssembly.
pub fn wasm_unsupported(name: &str) -> String {
    format!("WebAssembly modules are not supported yet (module \"{name}\")")
}

/// Kind name used by the CommonJS `require` glue.
pub fn kind_name(kind: ModuleKind) -> &'static str {
    match kind {
        ModuleKind::EsModule => "esm",
        ModuleKind::CommonJs => "cjs",
        ModuleKind::Text => "text",
        ModuleKind::Data => "data",
        ModuleKind::Json => "json",
        ModuleKind::Wasm => "wasm",
        ModuleKind::Python => "python",
        ModuleKind::SourceMap => "sourcemap",
    }
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn joins_relative_paths() {
        assert_eq!(
            join("index.js", "./lib/util.js").as_deref(),
            Some("lib/util.js")
        );
        assert_eq!(join("lib/a/b.js", "../x.js").as_deref(), Some("lib/x.js"));
        assert_eq!(join("lib/b.js", "../../x.js"), None);
        assert_eq!(join("lib/b.js", "/x.js").as_deref(), Some("x.js"));
    }
}
