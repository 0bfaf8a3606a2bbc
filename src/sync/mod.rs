//! Everything that talks to the network. Pages read signals from here.

pub mod network;
