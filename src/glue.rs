//! Wiring between the parts: the API's validator runs the runtime's upload checks, and its change
//! notifier invalidates the edge's routing cache.

use hearth_api::{ChangeNotifier, ValidationInput, ValidationOutcome, Validator};
use hearth_edge::code::{build_code, CodeParts, StoredModule};
use hearth_edge::Edge;
use hearth_model::ModuleFormat;
use std::sync::Arc;

/// Validates uploads by compiling them and running their top-level code in a fresh isolate
/// (QuickJS for JavaScript, a confined Python process for Python Workers).
pub struct RuntimeValidator(pub Arc<Edge>);

impl Validator for RuntimeValidator {
    fn validate(&self, input: &ValidationInput<'_>) -> Result<ValidationOutcome, String> {
        let code = build_code(CodeParts {
            account_id: "",
            namespace: "",
            script_name: input.script_name,
            version_id: "00000000-0000-4000-8000-000000000000",
            service_worker: input.format == ModuleFormat::ServiceWorker,
            main_module: input.main_module,
            modules: input
                .modules
                .iter()
                .map(|m| StoredModule {
                    name: &m.name,
                    content_type: &m.content_type,
                    body: bytes::Bytes::copy_from_slice(&m.body),
                })
                .collect(),
            bindings: input.bindings,
            compatibility_date: input.compatibility_date,
            compatibility_flags: input.compatibility_flags,
            limits: None,
            tag: "",
            created_on: "",
        });
        if hearth_edge::is_python(&code) {
            let python = self.0.python().ok_or(
                "Hearth's Python Workers host could not start on this machine (see the log)",
            )?;
            let started = std::time::Instant::now();
            let handlers = tokio::task::block_in_place(|| python.validate(&code))?;
            return Ok(ValidationOutcome {
                handlers,
                startup_time_ms: started.elapsed().as_millis() as u64,
            });
        }
        let report = tokio::task::block_in_place(|| hearth_runtime::validate(&code))?;
        Ok(ValidationOutcome {
            handlers: report.handlers,
            startup_time_ms: report.startup_time_ms,
        })
    }
}

/// Invalidates the edge's cache after each committed change.
pub struct EdgeNotifier(pub Arc<Edge>);

impl ChangeNotifier for EdgeNotifier {
    fn worker_changed(&self, account_id: &str, worker_id: &str) {
        self.0.routes().invalidate_worker(account_id, worker_id);
    }
    fn account_changed(&self, account_id: &str) {
        self.0.routes().invalidate_account(account_id);
    }
}
