//! Cron Triggers: at every UTC minute, runs the `scheduled()` handler of each Worker whose
//! schedule matches, on the version its current deployment picks. A run is claimed in the store
//! first, so each schedule fires once per minute even across restarts.

use crate::{select, Edge};
use hearth_model::cron::{minute_rfc3339, Cron};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn epoch_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Runs until `shutdown` resolves.
pub async fn run(edge: Arc<Edge>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        let now = epoch_millis();
        let minute = (now / 60_000) as i64;
        fire_due(&edge, minute);
        let next = (minute as u64 + 1) * 60_000;
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(next.saturating_sub(now) + 5)) => {}
            _ = &mut shutdown => return,
        }
    }
}

/// Starts the runs due at `minute` (minutes since the epoch, UTC).
pub fn fire_due(edge: &Arc<Edge>, minute: i64) {
    let store = edge.routes().store();
    let schedules = match store.all_schedules() {
        Ok(s) => s,
        Err(e) => return tracing::error!(error = %e, "cannot read schedules"),
    };
    let key = minute_rfc3339(minute);
    let mut claimed = 0;
    for s in &schedules {
        if !s.namespace.is_empty() || !Cron::parse(&s.cron).is_ok_and(|c| c.matches(minute)) {
            continue;
        }
        match store.claim_schedule_run(&s.worker_id, &s.cron, &key) {
            Ok(true) => claimed += 1,
            Ok(false) => continue,
            Err(e) => {
                tracing::error!(error = %e, script = %s.worker_name, "cannot claim a scheduled run");
                continue;
            }
        }
        let (edge, s) = (edge.clone(), s.clone());
        tokio::spawn(async move {
            let Some(route) = edge.routes().script(&s.account_id, &s.worker_name) else {
                return;
            };
            let Some(version) = select::choose(&route.deployment, &route.script_name, None, None)
                .map(str::to_string)
            else {
                return;
            };
            let Some(code) = edge.routes().code(&route, &version) else {
                return;
            };
            let Some(runtime) = edge.runtime() else {
                return;
            };
            let id = hearth_model::new_hex_id()[..16].to_string();
            let out = runtime
                .scheduled(code, &s.cron, (minute * 60_000) as f64, &id)
                .await;
            tracing::info!(script = %s.worker_name, cron = %s.cron, version = %version, request_id = %id, outcome = %out.outcome, "cron trigger ran");
        });
    }
    tracing::info!(minute = %key, schedules = schedules.len(), claimed, "cron tick");
}
