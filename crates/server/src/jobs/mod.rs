//! Work the server does on its own: recovery at start, the purge of
//! abandoned submissions, retention's erasures.

pub mod purge;
pub mod recovery;
pub mod retention;
