//! Everything that talks to the network. Pages read signals from here.

pub mod api;
mod lock;
pub mod network;
pub mod outbox;
pub mod status;
pub mod withdraw;
