//! The routing cache: which Worker (and deployment) serves a workers.dev host, and the built
//! [`WorkerCode`] of each version. Entries load lazily from the store and are dropped by
//! [`Routes::invalidate_worker`] / [`Routes::invalidate_account`] right after a committed change,
//! so a request sent after a deploy call returned sees the new deployment.

use crate::code::{build_code, CodeParts, StoredModule};
use hearth_runtime::WorkerCode;
use hearth_store::{DeploymentVersion, Scope, Store};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// What serves one Worker name in one account.
#[derive(Debug, Clone)]
pub struct ScriptRoute {
    pub account_id: String,
    pub worker_id: String,
    pub script_name: String,
    pub subdomain_enabled: bool,
    pub previews_enabled: bool,
    /// The current deployment's versions; empty when never deployed.
    pub deployment: Vec<DeploymentVersion>,
    /// Dispatch namespace; user Workers are never reachable by host.
    pub namespace: String,
}

/// Cached routes and code, with a generation counter that keeps stale loads out.
pub struct Routes {
    store: Arc<dyn Store>,
    generation: AtomicU64,
    /// (account, dispatch namespace or "", name) → route.
    scripts: RwLock<HashMap<(String, String, String), Arc<ScriptRoute>>>,
    subdomains: RwLock<HashMap<String, String>>,
    code: RwLock<HashMap<String, Arc<WorkerCode>>>,
}

/// Most versions' code kept built at once; beyond it the cache starts over.
const MAX_CODE_ENTRIES: usize = 50_000;

impl Routes {
    /// An empty cache over `store`.
    pub fn new(store: Arc<dyn Store>) -> Routes {
        Routes {
            store,
            generation: AtomicU64::new(0),
            scripts: RwLock::new(HashMap::new()),
            subdomains: RwLock::new(HashMap::new()),
            code: RwLock::new(HashMap::new()),
        }
    }

    /// The store behind the cache.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The account owning a workers.dev subdomain.
    pub fn account_for_subdomain(&self, sub: &str) -> Option<String> {
        if let Some(a) = self.subdomains.read().unwrap().get(sub) {
            return Some(a.clone());
        }
        let gen = self.generation.load(Ordering::Acquire);
        let account = self.store.account_by_subdomain(sub).ok().flatten()?;
        if self.generation.load(Ordering::Acquire) == gen {
            self.subdomains
                .write()
                .unwrap()
                .insert(sub.to_string(), account.id.clone());
        }
        Some(account.id)
    }

    /// The route of Worker `name` in `account_id` (ordinary Workers only).
    pub fn script(&self, account_id: &str, name: &str) -> Option<Arc<ScriptRoute>> {
        self.script_in(account_id, "", name)
    }

    /// The route of Worker `name` in a scope: an account's ordinary Workers (`namespace` empty)
    /// or one dispatch namespace's user Workers.
    pub fn script_in(
        &self,
        account_id: &str,
        namespace: &str,
        name: &str,
    ) -> Option<Arc<ScriptRoute>> {
        let key = (
            account_id.to_string(),
            namespace.to_string(),
            name.to_string(),
        );
        if let Some(r) = self.scripts.read().unwrap().get(&key) {
            return Some(r.clone());
        }
        let gen = self.generation.load(Ordering::Acquire);
        let scope = Scope {
            account_id: account_id.to_string(),
            namespace: namespace.to_string(),
        };
        let w = self.store.find_worker(&scope, name).ok().flatten()?;
        if w.name != name {
            return None; // matched by id, not by name
        }
        let deployment = self
            .store
            .list_deployments(&w.id)
            .ok()?
            .into_iter()
            .next()
            .map(|d| d.versions)
            .unwrap_or_default();
        let route = Arc::new(ScriptRoute {
            account_id: w.account_id,
            worker_id: w.id,
            script_name: w.name,
            subdomain_enabled: w.subdomain_enabled,
            previews_enabled: w.previews_enabled,
            deployment,
            namespace: w.namespace,
        });
        if self.generation.load(Ordering::Acquire) == gen {
            self.scripts.write().unwrap().insert(key, route.clone());
        }
        Some(route)
    }

    /// The built code of a version of the Worker (by full id or ≥8-char prefix).
    pub fn code(&self, route: &ScriptRoute, version: &str) -> Option<Arc<WorkerCode>> {
        if let Some(c) = self.code.read().unwrap().get(version) {
            return Some(c.clone());
        }
        let v = self
            .store
            .find_version(&route.worker_id, version)
            .ok()
            .flatten()?;
        if let Some(c) = self.code.read().unwrap().get(&v.id) {
            return Some(c.clone());
        }
        let modules = self.store.version_modules(&v.id).ok()?;
        let tag = v
            .doc
            .annotations
            .get("workers/tag")
            .and_then(|t| t.as_str())
            .unwrap_or_default();
        let code = Arc::new(build_code(CodeParts {
            account_id: &route.account_id,
            namespace: &route.namespace,
            script_name: &route.script_name,
            version_id: &v.id,
            service_worker: v.doc.format == "service-worker",
            main_module: &v.doc.main_module,
            modules: modules
                .iter()
                .map(|m| StoredModule {
                    name: &m.name,
                    content_type: &m.content_type,
                    body: bytes::Bytes::copy_from_slice(&m.body),
                })
                .collect(),
            bindings: &v.doc.bindings,
            compatibility_date: v.doc.compatibility_date.as_deref(),
            compatibility_flags: v.doc.compatibility_flags.as_deref().unwrap_or_default(),
            limits: v.doc.limits.as_ref(),
            tag,
            created_on: &v.created_on,
        }));
        let mut cache = self.code.write().unwrap();
        if cache.len() >= MAX_CODE_ENTRIES {
            cache.clear();
        }
        cache.insert(v.id.clone(), code.clone());
        Some(code)
    }

    /// Forgets a Worker's route after it changed (versions are immutable: their code stays).
    /// Worker ids are unique across accounts, so every entry of the Worker goes (under any name:
    /// a rename leaves none behind).
    pub fn invalidate_worker(&self, _account_id: &str, worker_id: &str) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.scripts
            .write()
            .unwrap()
            .retain(|_, r| r.worker_id != worker_id);
    }

    /// Forgets everything about an account's hosts (its subdomain changed).
    pub fn invalidate_account(&self, account_id: &str) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.subdomains
            .write()
            .unwrap()
            .retain(|_, a| a != account_id);
        self.scripts
            .write()
            .unwrap()
            .retain(|(a, _, _), _| a != account_id);
    }
}
