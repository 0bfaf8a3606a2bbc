use std::fmt;

/// What went wrong while reading or writing the local database.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// The browser refused the write for lack of space.
    QuotaExceeded,
    /// IndexedDB is not available (private mode in some browsers, disabled storage).
    Unavailable(String),
    /// Anything else, with the browser's message.
    Failed(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::QuotaExceeded => write!(f, "storage quota exceeded"),
            StoreError::Unavailable(m) => write!(f, "local database unavailable: {m}"),
            StoreError::Failed(m) => write!(f, "local database error: {m}"),
        }
    }
}

impl From<rexie::Error> for StoreError {
    fn from(e: rexie::Error) -> Self {
        let text = format!("{e:?}");
        if text.contains("QuotaExceeded") {
            StoreError::QuotaExceeded
        } else {
            StoreError::Failed(text)
        }
    }
}

impl From<wasm_bindgen::JsValue> for StoreError {
    fn from(e: wasm_bindgen::JsValue) -> Self {
        StoreError::Failed(format!("{e:?}"))
    }
}
