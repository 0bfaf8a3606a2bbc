//! Enterprise profiles: what one enterprise entered once, keyed by credit code.

use eport_domain::case::{EnrollmentCase, EnterpriseProfile};
use eport_domain::uscc;
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::cases::{from_js, to_js};
use super::schema::PROFILES;
use super::{db, StoreError};

#[derive(Serialize, Deserialize)]
struct ProfileRecord {
    uscc: String,
    profile: EnterpriseProfile,
}

/// The record to store for a case, when its credit code is well formed.
pub(super) fn profile_record(case: &EnrollmentCase) -> Result<Option<JsValue>, StoreError> {
    let Ok(info) = uscc::parse(&case.enterprise.uscc) else {
        return Ok(None);
    };
    Ok(Some(to_js(&ProfileRecord {
        uscc: info.normalized,
        profile: case.profile(),
    })?))
}

/// The profile saved for a credit code (normalised first).
pub async fn get_profile(code: &str) -> Result<Option<EnterpriseProfile>, StoreError> {
    let Ok(info) = uscc::parse(code) else {
        return Ok(None);
    };
    let db = db().await?;
    let tx = db.transaction(&[PROFILES], TransactionMode::ReadOnly)?;
    match tx
        .store(PROFILES)?
        .get(JsValue::from_str(&info.normalized))
        .await?
    {
        Some(v) => Ok(Some(from_js::<ProfileRecord>(v)?.profile)),
        None => Ok(None),
    }
}
