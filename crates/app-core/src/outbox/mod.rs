//! A declared case on its way to the server: [`Phase`] says where it is,
//! [`Phase::step`] is the only way from one phase to the next, [`retry`]
//! decides when to try again and how much to send at once, and [`entry`] is
//! the stored record.

pub mod entry;
pub mod phase;
pub mod retry;

pub use entry::OutboxEntry;
pub use phase::{Cause, Event, Illegal, Phase};
