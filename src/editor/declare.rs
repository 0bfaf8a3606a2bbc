//! 申报: the open case frozen into an outbox entry, written together with the
//! case's new state (the editor writes the case, as it writes every change).

use base64::Engine;
use eport_domain::manifest::{check_manifest, manifest_for};
use eport_domain::protocol::ClientInfo;
use eport_domain::Issue;
use leptos::prelude::*;

use super::{new_id, Editor};
use crate::clock;
use crate::store::{self, CaseState, OutboxEntry, StoreError};
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

impl Editor {
    /// Declares the open case. It declares again only after a 退单 or a
    /// withdrawal (the new submission supersedes the one the server holds) or
    /// a refusal.
    pub async fn declare(&self) -> Result<Declared, DeclareError> {
        let before = self.case.get_untracked();
        let mut record = before.clone();
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
                _ => return Ok(Declared::Standing),
            }
        }
        check_manifest(&entry.manifest, clock::now().date_naive())
            .map_err(DeclareError::Refused)?;
        record.state = CaseState::Queued;
        record.submission_id = Some(entry.id.clone());
        record.updated_at = now;
        let saved = store::declare(&record, &self.base.get_value(), &entry)
            .await
            .map_err(DeclareError::Store)?;
        if self.case.with_untracked(|c| *c == before) {
            self.saved(saved);
        } else {
            // Typed meanwhile: keep it; autosave merges it with what was written.
            self.base.set_value(saved.record);
            self.case.update(|c| {
                c.state = CaseState::Queued;
                c.submission_id = Some(entry.id.clone());
            });
        }
        Ok(Declared::Queued)
    }
}
