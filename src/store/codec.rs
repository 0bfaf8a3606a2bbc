//! Rust values ↔ IndexedDB records (plain JS objects), through JSON text: the
//! app already carries serde_json for the network, and one serde path to JS
//! instead of a second (serde-wasm-bindgen) keeps the wasm smaller.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::StoreError;

fn encoding(e: impl std::fmt::Display) -> StoreError {
    StoreError::Failed(format!("record encoding: {e}"))
}

pub(super) fn to_js<T: Serialize>(v: &T) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(v).map_err(encoding)?;
    js_sys::JSON::parse(&text).map_err(|e| encoding(format!("{e:?}")))
}

pub(super) fn from_js<T: for<'de> Deserialize<'de>>(v: JsValue) -> Result<T, StoreError> {
    let text: String = js_sys::JSON::stringify(&v)
        .map_err(|e| encoding(format!("{e:?}")))?
        .into();
    serde_json::from_str(&text).map_err(encoding)
}

/// A value as a `serde_json::Value` (for the field-by-field merge), through
/// JSON text like every other conversion here (one deserializer per type).
pub fn to_value<T: Serialize>(v: &T) -> Result<serde_json::Value, StoreError> {
    let text = serde_json::to_string(v).map_err(encoding)?;
    serde_json::from_str(&text).map_err(encoding)
}

pub fn from_value<T: for<'de> Deserialize<'de>>(v: &serde_json::Value) -> Result<T, StoreError> {
    serde_json::from_str(&v.to_string()).map_err(encoding)
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
