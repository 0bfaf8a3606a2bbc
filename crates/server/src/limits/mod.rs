//! What one client, one network and everyone together may take: requests
//! per minute, connections, disk, bytes a day, look-up misses.

pub mod connections;
pub mod daily;
pub mod disk;
pub mod limiter;
pub mod lookup_misses;
pub mod tally;
