//! What a page going away had not yet stored. IndexedDB writes are
//! asynchronous and a page being unloaded may never see theirs finish, so the
//! editor keeps its newest version here, synchronously (localStorage), when
//! the page is hidden or left; the next opening of the database writes it,
//! merged with whatever was stored since, and forgets it.

use gloo::storage::{LocalStorage, Storage};
use rexie::{Rexie, TransactionMode};
use serde::{Deserialize, Serialize};

use super::cases::{put_case_in, CaseRecord};
use super::schema::{CASES, PROFILES};
use super::StoreError;

const PREFIX: &str = "eport-unsaved:";

#[derive(Serialize, Deserialize)]
struct Unsaved {
    case: CaseRecord,
    /// What the editor last knew stored: the ancestor for the merge.
    base: CaseRecord,
}

fn key(case_id: &str) -> String {
    format!("{PREFIX}{}:{case_id}", super::conn::database_name())
}

/// Keeps `case`, edited from `base`, until it is stored.
pub fn keep(case: &CaseRecord, base: &CaseRecord) {
    let unsaved = Unsaved {
        case: case.clone(),
        base: base.clone(),
    };
    let _ = LocalStorage::set(key(&case.id), &unsaved);
}

/// The case is stored: nothing to keep.
pub fn forget(case_id: &str) {
    LocalStorage::delete(key(case_id));
}

/// Writes every kept version of this database's cases (merged, as a save
/// is), then forgets them. Called as the database opens.
pub(super) async fn write_kept(db: &Rexie) -> Result<(), StoreError> {
    let prefix = key("");
    let storage = LocalStorage::raw();
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(&prefix))
        .collect();
    for k in keys {
        if let Ok(u) = LocalStorage::get::<Unsaved>(&k) {
            let tx = db.transaction(&[CASES, PROFILES], TransactionMode::ReadWrite)?;
            // A case deleted meanwhile stays deleted.
            if tx
                .store(CASES)?
                .get(wasm_bindgen::JsValue::from_str(&u.case.id))
                .await?
                .is_some()
            {
                put_case_in(&tx, &u.case, Some(&u.base)).await?;
            }
            super::commit(tx).await?;
        }
        LocalStorage::delete(&k);
    }
    Ok(())
}
