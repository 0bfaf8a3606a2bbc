//! A file accepted into an attachment slot: its bytes are stored first, then
//! the slot points at them through the case, written by the case's one writer
//! at once. Only when the stored case holds the slot does the slot show the
//! file as stored, so a reload right after never loses it, a case never
//! points at bytes that are not stored, and two files attached in quick
//! succession never overwrite each other's slot. While a file is being read
//! and hashed, 申报 waits for it.

use eport_domain::case::AttachmentMeta;

use super::writer::Driver;
use super::Editor;
use crate::store::{self, AttachmentBlob, StoreError};

/// A file being prepared for a slot: a declaration waits until it is in the
/// case or refused (when this is dropped).
pub struct Preparing(Option<Driver>);

impl Drop for Preparing {
    fn drop(&mut self) {
        if let Some(d) = self.0.take() {
            d.core.with(|w| w.release());
            d.pump();
        }
    }
}

impl Editor {
    /// Marks a file as being prepared for a slot, until the mark is dropped.
    pub fn preparing_file(&self) -> Preparing {
        let d = self.driver();
        if let Some(d) = &d {
            d.core.with(|w| w.hold());
        }
        Preparing(d)
    }

    pub async fn attach(
        &self,
        blob: AttachmentBlob,
        meta: AttachmentMeta,
        preparing: Preparing,
    ) -> Result<(), StoreError> {
        if self.locked_untracked() {
            return Err(StoreError::Failed("the case is declared: read-only".into()));
        }
        store::put_blob(&blob).await?;
        self.update(|c| {
            c.enrollment.attachments.retain(|a| a.slot != meta.slot);
            c.enrollment.attachments.push(meta);
        });
        // In the case now: a declaration waiting for it may go.
        drop(preparing);
        match self.driver() {
            Some(d) => d.flush().await,
            None => Err(StoreError::Failed("the case is closed".into())),
        }
    }
}
