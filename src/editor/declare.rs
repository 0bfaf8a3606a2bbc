//! 申报: the open case frozen into an outbox entry, written together with the
//! case's new state by the case's one writer (`writer.rs`), as every change is.

use base64::Engine;
use eport_app_core::writer::Job;
use eport_domain::manifest::{check_manifest, manifest_for};
use eport_domain::protocol::ClientInfo;
use eport_domain::Issue;

use super::{new_id, Editor};
use crate::clock;
use crate::store::{self, CaseRecord, CaseState, OutboxEntry, StoreError};
use crate::sync::status::{self as sync_status, Shown};

/// 32 random bytes, base64url without padding: the submission's bearer secret.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .expect("crypto available");
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .expect("random bytes");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[derive(Debug, Clone, PartialEq)]
pub enum Declared {
    /// A new submission is queued.
    Queued,
    /// The case's declaration stands (it is on its way or on the server).
    Standing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeclareError {
    /// The manifest fails the server's own check: nothing was queued.
    Refused(Vec<Issue>),
    Store(StoreError),
}

/// What a declaring write found (its case write is reported as every write is).
pub(super) type DeclareOutcome = Result<Declared, DeclareError>;

impl Editor {
    /// Declares the open case: the writer commits its newest version with the
    /// declaration frozen from exactly that version, in one transaction,
    /// after the file still being prepared for a slot (if any). It declares
    /// again only after a 退单 or a withdrawal (the new submission supersedes
    /// the one the server holds) or a refusal.
    pub async fn declare(&self) -> Result<Declared, DeclareError> {
        let Some(d) = self.driver() else {
            return Err(DeclareError::Store(StoreError::Failed(
                "the case is closed".into(),
            )));
        };
        let ticket = d.core.with(|w| w.declare(super::writer::now_ms()));
        d.pump();
        let stored = d.core.acknowledged(ticket).await;
        let found = d.declared.borrow_mut().take();
        match (stored, found) {
            (Err(e), _) => Err(DeclareError::Store(e)),
            (Ok(()), Some(found)) => found,
            // Another tab stored this very version (its own 申报 included).
            (Ok(()), None) => Ok(Declared::Standing),
        }
    }
}

/// The writer's declaring write of `job`: the case with its new state and
/// the outbox entry, together; or, when there is nothing to declare (it
/// stands) or the manifest fails the server's own check, the case alone.
pub(super) async fn write_declaration(
    job: &Job<CaseRecord>,
) -> (Result<store::Saved, StoreError>, DeclareOutcome) {
    let mut record = job.value.clone();
    let now = clock::now().to_rfc3339();
    let mut entry = OutboxEntry::queued(
        new_id(),
        record.id.clone(),
        new_secret(),
        manifest_for(
            &record.enrollment,
            ClientInfo {
                app_version: env!("CARGO_PKG_VERSION").into(),
                declared_at: now.clone(),
            },
            None,
        ),
        now.clone(),
    );
    let case_only =
        |outcome| async move { (store::save_case(&job.value, Some(&job.base)).await, outcome) };
    if let Some(prev) = record.submission_id.clone() {
        let old = store::get_outbox_entry(&prev).await.ok().flatten();
        match (sync_status::shown(old.as_ref()), old) {
            // The server holds the earlier one (returned, or withdrawn there):
            // the new submission supersedes it.
            (Shown::Rejected, Some(old))
            | (
                Shown::Withdrawn,
                Some(
                    old @ OutboxEntry {
                        remote: Some(_), ..
                    },
                ),
            ) => {
                entry.manifest.supersedes = Some(old.id.clone());
                entry.supersedes_secret = Some(old.secret);
            }
            (Shown::Failed | Shown::Draft | Shown::Withdrawn, _) => {}
            _ => return case_only(Ok(Declared::Standing)).await,
        }
    }
    if let Err(issues) = check_manifest(&entry.manifest, clock::now().date_naive()) {
        return case_only(Err(DeclareError::Refused(issues))).await;
    }
    record.state = CaseState::Queued;
    record.submission_id = Some(entry.id.clone());
    record.updated_at = now;
    let stored = store::declare(&record, &job.base, &entry).await;
    let outcome = match &stored {
        Ok(_) => Ok(Declared::Queued),
        Err(e) => Err(DeclareError::Store(e.clone())),
    };
    (stored, outcome)
}
