//! HTTP: the accept loop and TLS, the client's address, body timeouts, what
//! a request carries parsed into types, bearer secrets, and problem responses.

pub mod auth;
pub mod client_addr;
pub mod parse;
pub mod problem;
pub mod serve;
pub mod timed_body;
pub mod tls;
