//! Work the server does on its own: recovery at start, the purge of
//! abandoned submissions, retention's erasures, handing pending attachments
//! to the object store.

pub mod pending;
pub mod purge;
pub mod recovery;
pub mod retention;
