//! The command line: flags and settings (`config`), and the commands that
//! work on a data directory (accounts, calendars, retention, staff).

pub mod account;
pub mod calendar;
pub mod config;
pub mod retention;
pub mod staff;
