//! Attachment bytes, content-addressed by SHA-256. Bytes stay a JS `Uint8Array`
//! (an ArrayBuffer in IndexedDB, never a Blob) and are not copied into wasm.

use js_sys::{Object, Reflect, Uint8Array};
use rexie::TransactionMode;
use wasm_bindgen::{JsCast, JsValue};

use super::schema::BLOBS;
use super::{db, StoreError};

#[derive(Debug, Clone)]
pub struct AttachmentBlob {
    pub sha256: String,
    pub mime: String,
    pub bytes: Uint8Array,
}

fn to_record(b: &AttachmentBlob) -> Result<JsValue, StoreError> {
    let o = Object::new();
    Reflect::set(&o, &"sha256".into(), &b.sha256.as_str().into())?;
    Reflect::set(&o, &"mime".into(), &b.mime.as_str().into())?;
    Reflect::set(&o, &"size".into(), &(b.bytes.length() as f64).into())?;
    // Store the ArrayBuffer itself: WebKit often fails to store Blobs.
    Reflect::set(&o, &"bytes".into(), &b.bytes.buffer())?;
    Ok(o.into())
}

fn from_record(v: JsValue) -> Result<AttachmentBlob, StoreError> {
    let get = |k: &str| Reflect::get(&v, &k.into());
    let buffer = get("bytes")?;
    let bytes = match buffer.dyn_into::<js_sys::ArrayBuffer>() {
        Ok(ab) => Uint8Array::new(&ab),
        Err(v) => v
            .dyn_into::<Uint8Array>()
            .map_err(|_| StoreError::Failed("attachment without bytes".into()))?,
    };
    Ok(AttachmentBlob {
        sha256: get("sha256")?.as_string().unwrap_or_default(),
        mime: get("mime")?.as_string().unwrap_or_default(),
        bytes,
    })
}

pub async fn get_blob(sha256: &str) -> Result<Option<AttachmentBlob>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[BLOBS], TransactionMode::ReadOnly)?;
    match tx.store(BLOBS)?.get(JsValue::from_str(sha256)).await? {
        Some(v) => Ok(Some(from_record(v)?)),
        None => Ok(None),
    }
}

/// Stores attachment bytes. The editor stores them before the case that
/// refers to them, so a case never points at bytes that are not there.
pub async fn put_blob(blob: &AttachmentBlob) -> Result<(), StoreError> {
    let db = db().await?;
    let record = to_record(blob)?;
    let tx = db.transaction(&[BLOBS], TransactionMode::ReadWrite)?;
    tx.store(BLOBS)?.put(&record, None).await?;
    super::commit(tx).await
}
