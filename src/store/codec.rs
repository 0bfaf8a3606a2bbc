//! Rust values ↔ IndexedDB records (JSON-compatible JS objects).

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::StoreError;

pub(super) fn to_js<T: Serialize>(v: &T) -> Result<JsValue, StoreError> {
    Ok(v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

pub(super) fn from_js<T: for<'de> Deserialize<'de>>(v: JsValue) -> Result<T, StoreError> {
    Ok(serde_wasm_bindgen::from_value(v)?)
}

/// Every record of a store that decodes as `T` (records of an unknown shape are skipped).
pub(super) async fn all<T: for<'de> Deserialize<'de>>(
    store: &rexie::Store,
) -> Result<Vec<T>, StoreError> {
    Ok(store
        .get_all(None, None)
        .await?
        .into_iter()
        .filter_map(|v| from_js(v).ok())
        .collect())
}
