//! E-Port Desk sync server library, in rooms: `storage` (the store traits and
//! SQLite), `blobs` (attachment bytes), `http` (serving, parsing, problems),
//! `limits` (what a client may take), `jobs` (recovery, retention, purge),
//! `review` (the staff's decisions and registers), `cli` (flags and
//! commands), `state` (what every request shares), `routes` and `staff_auth`; the binary stays a thin `main` and
//! tests can build the router.

pub mod blobs;
pub mod cli;
pub mod faults;
pub mod http;
pub mod jobs;
pub mod limits;
pub mod review;
pub mod routes;
pub mod staff_auth;
pub mod state;
pub mod storage;
