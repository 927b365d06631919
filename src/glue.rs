//! Wiring between the parts: the API's validator runs the runtime's upload checks, and its change
//! notifier invalidates the edge's routing cache.

use hearth_api::{ChangeNotifier, ValidationInput, ValidationOutcome, Validator};
use hearth_edge::code::{build_code, CodeParts, StoredModule};
use hearth_edge::Edge;
use hearth_model::ModuleFormat;
use std::sync::Arc;

/// Validates uploads by compiling them and running their top-level code in a fresh isolate.
pub struct RuntimeValidator;

impl Validator for RuntimeValidator {
    fn validate(&self, input: &ValidationInput<'_>) -> Result<ValidationOutcome, String> {
        let main_is_python = input
            .modules
            .iter()
            .any(|m| m.name == input.main_module && m.content_type.starts_with("text/x-python"));
        if main_is_python {
            // Python Workers run in their own host (not built yet); nothing to compile here.
            return Ok(ValidationOutcome { handlers: vec!["fetch".into()], startup_time_ms: 0 });
        }
        let code = build_code(CodeParts {
            account_id: "",
            script_name: input.script_name,
            version_id: "00000000-0000-4000-8000-000000000000",
            service_worker: input.format == ModuleFormat::ServiceWorker,
            main_module: input.main_module,
            modules: input
                .modules
                .iter()
                .map(|m| StoredModule { name: &m.name, content_type: &m.content_type, body: bytes::Bytes::copy_from_slice(&m.body) })
                .collect(),
            bindings: input.bindings,
            compatibility_date: input.compatibility_date,
            compatibility_flags: input.compatibility_flags,
            limits: None,
            tag: "",
            created_on: "",
        });
        let report = tokio::task::block_in_place(|| hearth_runtime::validate(&code))?;
        Ok(ValidationOutcome { handlers: report.handlers, startup_time_ms: report.startup_time_ms })
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
