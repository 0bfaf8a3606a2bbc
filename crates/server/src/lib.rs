//! E-Port Desk sync server library: configuration, storage and routes, so the
//! binary stays a thin `main` and tests can build the router.

pub mod account_cli;
pub mod auth;
pub mod blobs;
pub mod calendar_cli;
pub mod calendar_store;
pub mod client_addr;
pub mod config;
pub mod connections;
pub mod daily;
pub mod db;
pub mod decision;
pub mod disk;
pub mod faults;
pub mod limiter;
pub mod lookup_misses;
pub mod parse;
pub mod problem;
pub mod purge;
pub mod recovery;
pub mod register;
pub mod retention;
pub mod retention_cli;
pub mod routes;
pub mod serve;
pub mod sqlite;
mod sqlite_staff;
mod sqlite_statistics;
pub mod staff_auth;
pub mod staff_cli;
pub mod staff_store;
pub mod statistics_sheet;
pub mod store;
pub mod timed_body;
pub mod tls;
pub mod upload_locks;
