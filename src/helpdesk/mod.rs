//! The help desk's tools in the browser: the diagnostics bundle a user
//! exports, and the sandbox in which staff open one. Reads and writes go
//! through `store`; nothing here talks to the network.

pub mod bundle;
pub mod panics;
pub mod sandbox;

pub use sandbox::in_sandbox;
