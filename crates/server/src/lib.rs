//! E-Port Desk sync server library: configuration, storage and routes, so the
//! binary stays a thin `main` and tests can build the router.

pub mod config;
pub mod db;
pub mod problem;
pub mod routes;
