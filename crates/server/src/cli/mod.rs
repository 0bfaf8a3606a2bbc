//! The command line: flags and settings (`config`), and the commands that
//! work on a data directory (accounts, calendars, retention, staff, moving it
//! into PostgreSQL), and the lock that keeps one server per data directory.

pub mod account;
pub mod calendar;
pub mod config;
pub mod migrate;
pub mod retention;
pub mod server_lock;
pub mod staff;
