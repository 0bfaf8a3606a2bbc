//! Work the server does on its own: recovery at start, the purge of
//! abandoned submissions, retention's erasures, handing pending attachments
//! to the object store.

pub mod pending;
pub mod purge;
pub mod recovery;
pub mod retention;

use crate::state::AppState;

/// Whether this replica runs background job `job` now: it holds the job's
/// lease (taken or renewed for `secs`), so replicas run it one at a time.
pub async fn leased(state: &AppState, job: &'static str, secs: u32) -> bool {
    let holder = state.replica.clone();
    match state
        .store
        .run(move |s| s.lease_job(job, &holder, secs))
        .await
    {
        Ok(held) => held,
        Err(e) => {
            tracing::error!(job, error = %format!("{e:#}"), "taking a job's lease failed");
            false
        }
    }
}

/// How long a periodic job's lease lasts: three of its rounds (at least
/// 15 s), after which another replica takes over from one that died.
pub fn lease_for(every: std::time::Duration) -> u32 {
    u32::try_from(every.as_secs().saturating_mul(3).max(15)).unwrap_or(u32::MAX)
}
