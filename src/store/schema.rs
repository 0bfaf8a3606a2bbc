//! Every object store and index, declared in one place with its history.
//! rexie deletes stores that are not declared when the version rises, so a
//! store is never removed from this list, and every upgrade is tested.
//!
//! - v1: `cases` (key `id`), `blobs` (content-addressed attachment bytes, key
//!   `sha256`), `outbox` (key `id`), `meta` (key `key`).
//! - v2: `profiles` (enterprise data reused by later cases, key `uscc`) and the
//!   `cases.by_updated` index for the home list.
//! - v3: `events` (the bounded event log for the help desk, auto-increment keys).
//! - v4: no new store: `outbox` records carry a typed `phase` instead of a
//!   `state` string (eport-app-core); the records of v3 are rewritten on open
//!   (`outbox::rewrite_earlier_records`), and every read understands both.

use rexie::{Index, ObjectStore, Rexie};

use super::StoreError;

pub const VERSION: u32 = 4;
pub const CASES: &str = "cases";
pub const BLOBS: &str = "blobs";
pub const OUTBOX: &str = "outbox";
pub const META: &str = "meta";
pub const PROFILES: &str = "profiles";
pub const EVENTS: &str = "events";

/// Opens (creating or upgrading) the database `name` at the current version.
pub async fn open(name: &str) -> Result<Rexie, StoreError> {
    Rexie::builder(name)
        .version(VERSION)
        .add_object_store(
            ObjectStore::new(CASES)
                .key_path("id")
                .add_index(Index::new("by_updated", "updated_at")),
        )
        .add_object_store(ObjectStore::new(BLOBS).key_path("sha256"))
        .add_object_store(ObjectStore::new(OUTBOX).key_path("id"))
        .add_object_store(ObjectStore::new(META).key_path("key"))
        .add_object_store(ObjectStore::new(PROFILES).key_path("uscc"))
        .add_object_store(ObjectStore::new(EVENTS).auto_increment(true))
        .build()
        .await
        .map_err(|e| StoreError::Unavailable(format!("{e:?}")))
}

/// Opens the database at whatever version it has, without upgrading (when a
/// newer deployment in another tab already upgraded it past [`VERSION`]).
pub async fn open_current(name: &str) -> Result<Rexie, StoreError> {
    Rexie::builder(name)
        .build()
        .await
        .map_err(|e| StoreError::Unavailable(format!("{e:?}")))
}

/// The v1 schema exactly as the first release created it. Only tests use it, to
/// build an old database and check that [`open`] upgrades it without loss.
pub async fn open_v1_for_tests(name: &str) -> Result<Rexie, StoreError> {
    Rexie::builder(name)
        .version(1)
        .add_object_store(ObjectStore::new(CASES).key_path("id"))
        .add_object_store(ObjectStore::new(BLOBS).key_path("sha256"))
        .add_object_store(ObjectStore::new(OUTBOX).key_path("id"))
        .add_object_store(ObjectStore::new(META).key_path("key"))
        .build()
        .await
        .map_err(|e| StoreError::Unavailable(format!("{e:?}")))
}
