//! Enterprise profiles: what one enterprise entered once, keyed by credit code.

use eport_domain::case::{EnrollmentCase, EnterpriseProfile};
use eport_domain::uscc;
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::codec::{from_js, to_js};
use super::schema::PROFILES;
use super::{db, StoreError};

#[derive(Serialize, Deserialize)]
pub(super) struct ProfileRecord {
    pub(super) uscc: String,
    pub(super) profile: EnterpriseProfile,
    /// The case it was last saved from: a case never pre-fills from itself.
    #[serde(default)]
    case_id: String,
}

/// The record to store for a case, when its credit code is well formed.
pub(super) fn profile_record(
    case_id: &str,
    case: &EnrollmentCase,
) -> Result<Option<JsValue>, StoreError> {
    let Ok(info) = uscc::parse(&case.enterprise.uscc) else {
        return Ok(None);
    };
    Ok(Some(to_js(&ProfileRecord {
        uscc: info.normalized,
        profile: case.profile(),
        case_id: case_id.to_string(),
    })?))
}

/// The profile saved for a credit code (normalised first) by a case other than `for_case`.
pub async fn get_profile(
    code: &str,
    for_case: &str,
) -> Result<Option<EnterpriseProfile>, StoreError> {
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
        Some(v) => {
            let r = from_js::<ProfileRecord>(v)?;
            Ok((r.case_id != for_case).then_some(r.profile))
        }
        None => Ok(None),
    }
}
