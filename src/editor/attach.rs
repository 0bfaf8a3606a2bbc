//! A file accepted into an attachment slot: its bytes are stored first, then
//! the slot points at them through the case, written by the editor's one
//! writer at once. Only when the stored case holds the slot does the slot show
//! the file as stored, so a reload right after never loses it, a case never
//! points at bytes that are not stored, and two files attached in quick
//! succession never overwrite each other's slot.

use eport_domain::case::AttachmentMeta;

use super::Editor;
use crate::store::{self, AttachmentBlob, StoreError};

impl Editor {
    pub async fn attach(
        &self,
        blob: AttachmentBlob,
        meta: AttachmentMeta,
    ) -> Result<(), StoreError> {
        if self.locked_untracked() {
            return Err(StoreError::Failed("the case is declared: read-only".into()));
        }
        store::put_blob(&blob).await?;
        let stored = meta.clone();
        self.update(|c| {
            c.enrollment.attachments.retain(|a| a.slot != meta.slot);
            c.enrollment.attachments.push(meta);
        });
        super::autosave::save_and_wait(*self, move |c| {
            c.enrollment.attachment(&stored.slot) == Some(&stored)
        })
        .await
    }
}
