//! E-Port Desk sync server library: configuration, storage and routes, so the
//! binary stays a thin `main` and tests can build the router.

pub mod auth;
pub mod blobs;
pub mod config;
pub mod db;
pub mod faults;
pub mod limiter;
pub mod parse;
pub mod problem;
pub mod recovery;
pub mod routes;
pub mod sqlite;
pub mod staff_cli;
pub mod store;
