//! The only code that touches IndexedDB (rexie). Pages call these functions and
//! get plain Rust values back.

mod after_save;
mod blobs;
mod calendar_years;
mod cases;
pub mod codec;
mod conn;
pub mod durability;
mod earlier;
mod error;
pub mod events;
mod local_data;
mod outbox;
mod profiles;
pub mod schema;
mod tabs;
pub mod unsaved;

pub use blobs::{get_blob, put_blob, AttachmentBlob};
pub use calendar_years::{cache_calendar_miss, cache_calendar_year, cached_calendar_years};
pub use cases::{
    delete_case, get_case, list_cases, merge_records, put_case, save_case, CaseRecord, CaseState,
    RecordedIssue, Saved,
};
pub use conn::{db, delete_database, use_database_name, DEFAULT_DB};
pub use earlier::earlier_declarations;
pub use error::StoreError;
pub use local_data::{
    clear_all, delete_profile, list_profiles, orphan_profile, release_posted_blobs, unsent,
    ProfileSummary, Unsent,
};
pub use outbox::{
    declare, get_outbox_entry, list_outbox, put_outbox_entry, put_withdrawal, Cause, Event,
    OutboxEntry, Phase,
};
pub use profiles::get_profile;
pub use tabs::{watch_case, CaseWatch};

/// Waits for a read-write transaction and turns an abort into an error.
///
/// A request that fails (bad key, bad value) is an error before this point;
/// an abort at commit with no failed request is how IndexedDB reports a full
/// quota (rexie does not pass the reason on), otherwise a disk failure, for
/// which the advice to the user is the same: free space, nothing earlier lost.
async fn commit(tx: rexie::Transaction) -> Result<(), StoreError> {
    match tx.done().await? {
        rexie::TransactionResult::Committed => Ok(()),
        rexie::TransactionResult::Aborted => Err(StoreError::QuotaExceeded),
    }
}
