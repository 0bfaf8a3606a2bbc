//! Cases: one business of one enterprise, stored whole as one record.

use eport_domain::case::EnrollmentCase;
use eport_domain::catalog::BusinessKind;
use eport_domain::paper::PaperDetails;
use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::codec::{all, from_js, to_js};
use super::schema::{BLOBS, CASES, OUTBOX, PROFILES};
use super::{db, StoreError};

/// Where a case stands, as the home list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    #[default]
    Draft,
    /// 待发送: declared, frozen into the outbox, not yet on the server.
    Queued,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub id: String,
    pub kind: BusinessKind,
    #[serde(default)]
    pub state: CaseState,
    /// RFC 3339, Asia/Shanghai.
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub enrollment: EnrollmentCase,
    /// The paper business types' extra fields, ticks and acceptance date.
    #[serde(default)]
    pub paper: PaperDetails,
    /// The outbox entry of the latest declaration.
    #[serde(default)]
    pub submission_id: Option<String>,
    /// Help-desk sandbox only: the problems the user's own app found when the
    /// bundle was made. Redacted values cannot be checked again, so these are
    /// shown instead of a recount. Never set on a user's device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_issues: Option<Vec<RecordedIssue>>,
}

/// A problem as a diagnostics bundle records it: plain strings, read back
/// through the domain's own parsers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedIssue {
    pub path: String,
    pub code: String,
    pub blocks: bool,
    /// The value the message needs (absent in bundles of earlier versions).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl RecordedIssue {
    pub fn of(i: &eport_domain::Issue) -> RecordedIssue {
        RecordedIssue {
            path: i.path.to_string(),
            code: i.code.as_str().into(),
            blocks: i.blocks(),
            detail: i.detail.clone(),
        }
    }

    /// The problem it names; `None` for a field or code this version lacks.
    pub fn issue(&self) -> Option<eport_domain::Issue> {
        use eport_domain::issue::{Code, Severity};
        Some(eport_domain::Issue {
            path: eport_domain::FieldPath::parse(&self.path)?,
            code: Code::parse(&self.code)?,
            severity: if self.blocks {
                Severity::Error
            } else {
                Severity::Warning
            },
            detail: self.detail.clone(),
        })
    }
}

impl CaseRecord {
    /// The case's problems as the user sees them: checked now, or in the
    /// sandbox as recorded in the bundle.
    pub fn issues(&self, today: chrono::NaiveDate) -> Vec<eport_domain::Issue> {
        match &self.recorded_issues {
            Some(recorded) => recorded.iter().filter_map(RecordedIssue::issue).collect(),
            None => eport_domain::validate_case(self.kind, &self.enrollment, &self.paper, today),
        }
    }

    pub fn new(
        id: String,
        kind: BusinessKind,
        now: String,
        enrollment: EnrollmentCase,
    ) -> CaseRecord {
        CaseRecord {
            id,
            kind,
            state: CaseState::Draft,
            created_at: now.clone(),
            updated_at: now,
            enrollment,
            paper: PaperDetails::default(),
            submission_id: None,
            recorded_issues: None,
        }
    }
}

pub async fn list_cases() -> Result<Vec<CaseRecord>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[CASES], TransactionMode::ReadOnly)?;
    let mut cases: Vec<CaseRecord> = all(&tx.store(CASES)?).await?;
    cases.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    Ok(cases)
}

pub async fn get_case(id: &str) -> Result<Option<CaseRecord>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[CASES], TransactionMode::ReadOnly)?;
    match tx.store(CASES)?.get(JsValue::from_str(id)).await? {
        Some(v) => Ok(Some(from_js(v)?)),
        None => Ok(None),
    }
}

/// What a save wrote: the case as stored now (merged with another tab's
/// save when there was one) and the fields both tabs changed differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub record: CaseRecord,
    pub conflicts: Vec<String>,
}

/// Saves a new case, and the enterprise profile when its credit code is well
/// formed, in one transaction.
pub async fn put_case(case: &CaseRecord) -> Result<(), StoreError> {
    save_case(case, None).await.map(|_| ())
}

/// Saves `case`, edited from `base` (what this tab last loaded or saved).
/// If another tab saved the case in between, the two edits are merged field
/// by field first (see [`eport_domain::merge`]), so neither is lost silently.
pub async fn save_case(case: &CaseRecord, base: Option<&CaseRecord>) -> Result<Saved, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[CASES, PROFILES], TransactionMode::ReadWrite)?;
    let saved = put_case_in(&tx, case, base).await?;
    super::commit(tx).await?;
    super::after_save::case_saved(&case.id);
    Ok(saved)
}

/// Writes the case (merged as [`save_case`] says) and its profile inside `tx`
/// (which must cover both stores).
pub(super) async fn put_case_in(
    tx: &rexie::Transaction,
    case: &CaseRecord,
    base: Option<&CaseRecord>,
) -> Result<Saved, StoreError> {
    let cases = tx.store(CASES)?;
    let mut saved = Saved {
        record: case.clone(),
        conflicts: Vec::new(),
    };
    if let Some(base) = base {
        if let Some(v) = cases.get(JsValue::from_str(&case.id)).await? {
            let stored: CaseRecord = from_js(v)?;
            if stored != *base {
                saved = merge_records(base, case, &stored)?;
            }
        }
    }
    let profile = super::profiles::profile_record(&saved.record.id, &saved.record.enrollment)?;
    cases.put(&to_js(&saved.record)?, None).await?;
    if let Some(p) = profile {
        tx.store(PROFILES)?.put(&p, None).await?;
    }
    Ok(saved)
}

/// `ours` and `theirs`, both edited from `base`, merged field by field.
pub fn merge_records(
    base: &CaseRecord,
    ours: &CaseRecord,
    theirs: &CaseRecord,
) -> Result<Saved, StoreError> {
    // Every save stamps `updated_at`: not a field the user edits.
    let json = |c: &CaseRecord| {
        let mut c = c.clone();
        c.updated_at = String::new();
        crate::store::codec::to_value(&c)
    };
    let (merged, conflicts) =
        eport_domain::merge::merge3(&json(base)?, &json(ours)?, &json(theirs)?);
    let mut record: CaseRecord = crate::store::codec::from_value(&merged)?;
    record.updated_at = ours.updated_at.clone().max(theirs.updated_at.clone());
    Ok(Saved { record, conflicts })
}

/// Deletes a case and the attachment bytes no other case or outbox entry uses.
pub async fn delete_case(id: &str) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[CASES, BLOBS, OUTBOX], TransactionMode::ReadWrite)?;
    let cases = tx.store(CASES)?;
    let all_cases: Vec<CaseRecord> = all(&cases).await?;
    let outbox: Vec<super::OutboxEntry> = all(&tx.store(OUTBOX)?).await?;
    let Some(doomed) = all_cases.iter().find(|c| c.id == id) else {
        return super::commit(tx).await;
    };
    // Deleting a case withdraws its declarations that are still waiting here.
    let outbox_store = tx.store(OUTBOX)?;
    for o in outbox.iter().filter(|o| o.case_id == id) {
        outbox_store.delete(JsValue::from_str(&o.id)).await?;
    }
    let still_used = |sha: &str| {
        all_cases
            .iter()
            .filter(|c| c.id != id)
            .any(|c| c.enrollment.attachments.iter().any(|a| a.sha256 == sha))
            || outbox
                .iter()
                .filter(|o| o.case_id != id)
                .any(|o| o.manifest.attachments.iter().any(|a| a.sha256 == sha))
    };
    let blobs = tx.store(BLOBS)?;
    let mut doomed_blobs: Vec<&str> = doomed
        .enrollment
        .attachments
        .iter()
        .map(|a| a.sha256.as_str())
        .collect();
    doomed_blobs.extend(
        outbox
            .iter()
            .filter(|o| o.case_id == id)
            .flat_map(|o| o.manifest.attachments.iter().map(|a| a.sha256.as_str())),
    );
    doomed_blobs.sort_unstable();
    doomed_blobs.dedup();
    for sha in doomed_blobs {
        if !still_used(sha) {
            blobs.delete(JsValue::from_str(sha)).await?;
        }
    }
    cases.delete(JsValue::from_str(id)).await?;
    super::commit(tx).await
}
