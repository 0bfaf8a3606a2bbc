//! What this device keeps, and letting it go: attachment bytes after the card
//! is posted, everything at once (清除本机数据), enterprise profiles one by one.
//! Offices often share one computer; the personal-information law asks for
//! the shortest retention necessary.

use rexie::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::cases::CaseRecord;
use super::codec::{all, from_js};
use super::outbox::{OutboxEntry, Phase};
use super::profiles::ProfileRecord;
use super::schema::{BLOBS, CASES, EVENTS, OUTBOX, PROFILES};
use super::{db, StoreError};

fn posted(e: &OutboxEntry) -> bool {
    e.phase == Phase::Received
        && e.remote
            .as_ref()
            .is_some_and(|r| r.state.card_delivered() || r.archived_at.is_some())
}

/// Removes the attachment bytes of every case whose latest declaration is
/// 已寄出, unless a case or declaration still in progress needs the same
/// bytes (a superseding declaration that reuses a scan, another case with the
/// same licence). The cases keep their metadata (name, size, SHA-256) and the
/// outbox its secrets, so the status can still be looked up. Returns how many
/// blobs went.
pub async fn release_posted_blobs() -> Result<usize, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[CASES, BLOBS, OUTBOX], TransactionMode::ReadWrite)?;
    let cases: Vec<CaseRecord> = all(&tx.store(CASES)?).await?;
    let outbox: Vec<OutboxEntry> = all(&tx.store(OUTBOX)?).await?;
    // A case points at its latest declaration.
    let posted_cases: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter(|c| {
            c.submission_id
                .as_ref()
                .and_then(|id| outbox.iter().find(|e| &e.id == id))
                .is_some_and(posted)
        })
        .map(|c| c.id.as_str())
        .collect();
    let is_posted = |case_id: &str| posted_cases.contains(case_id);
    let mut needed: std::collections::BTreeSet<&str> = Default::default();
    let mut releasable: std::collections::BTreeSet<&str> = Default::default();
    for c in &cases {
        let set = if is_posted(&c.id) {
            &mut releasable
        } else {
            &mut needed
        };
        set.extend(c.enrollment.attachments.iter().map(|a| a.sha256.as_str()));
    }
    for e in &outbox {
        let set = if is_posted(&e.case_id) {
            &mut releasable
        } else {
            &mut needed
        };
        set.extend(e.manifest.attachments.iter().map(|a| a.sha256.as_str()));
    }
    let blobs = tx.store(BLOBS)?;
    let mut gone = 0;
    for sha in releasable.into_iter().filter(|s| !needed.contains(s)) {
        let key = JsValue::from_str(sha);
        if blobs.get(key.clone()).await?.is_some() {
            blobs.delete(key).await?;
            gone += 1;
        }
    }
    super::commit(tx).await?;
    Ok(gone)
}

/// A declared case that has not reached the server yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsent {
    pub case_id: String,
    pub enterprise: String,
}

/// Declarations still waiting to be sent (清除本机数据 names them first).
pub async fn unsent() -> Result<Vec<Unsent>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[CASES, OUTBOX], TransactionMode::ReadOnly)?;
    let cases: Vec<CaseRecord> = all(&tx.store(CASES)?).await?;
    let outbox: Vec<OutboxEntry> = all(&tx.store(OUTBOX)?).await?;
    let mut out: Vec<Unsent> = Vec::new();
    // Only what is really on its way: not what the server has, nor what was
    // withdrawn or refused.
    for e in outbox.iter().filter(|e| e.phase.pending()) {
        if out.iter().any(|u| u.case_id == e.case_id) {
            continue;
        }
        let enterprise = cases
            .iter()
            .find(|c| c.id == e.case_id)
            .map(|c| c.enrollment.enterprise.name.clone())
            .unwrap_or_else(|| e.manifest.case.enterprise.name.clone());
        out.push(Unsent {
            case_id: e.case_id.clone(),
            enterprise,
        });
    }
    Ok(out)
}

/// Removes every case, attachment, declaration, profile and log entry from
/// this browser, in one transaction. The app itself (the service worker's
/// cache) stays, so it still opens offline.
pub async fn clear_all() -> Result<(), StoreError> {
    let db = db().await?;
    let stores = [CASES, BLOBS, OUTBOX, PROFILES, EVENTS];
    let tx = db.transaction(&stores, TransactionMode::ReadWrite)?;
    for s in stores {
        tx.store(s)?.clear().await?;
    }
    super::commit(tx).await
}

/// A saved enterprise profile, as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileSummary {
    pub uscc: String,
    pub name: String,
}

impl From<ProfileRecord> for ProfileSummary {
    fn from(p: ProfileRecord) -> ProfileSummary {
        ProfileSummary {
            uscc: p.uscc,
            name: p.profile.enterprise.name,
        }
    }
}

pub async fn list_profiles() -> Result<Vec<ProfileSummary>, StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[PROFILES], TransactionMode::ReadOnly)?;
    let mut out: Vec<ProfileSummary> = tx
        .store(PROFILES)?
        .get_all(None, None)
        .await?
        .into_iter()
        .filter_map(|v| from_js::<ProfileRecord>(v).ok())
        .map(ProfileSummary::from)
        .collect();
    out.sort_by(|a, b| a.uscc.cmp(&b.uscc));
    Ok(out)
}

pub async fn delete_profile(uscc: &str) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db.transaction(&[PROFILES], TransactionMode::ReadWrite)?;
    tx.store(PROFILES)?.delete(JsValue::from_str(uscc)).await?;
    super::commit(tx).await
}

/// The profile a deleted case leaves behind with no case of its enterprise
/// left: the home page offers to delete it too.
pub async fn orphan_profile(uscc: &str) -> Result<Option<ProfileSummary>, StoreError> {
    let Ok(info) = eport_domain::uscc::parse(uscc) else {
        return Ok(None);
    };
    let db = db().await?;
    let tx = db.transaction(&[CASES, PROFILES], TransactionMode::ReadOnly)?;
    let cases: Vec<CaseRecord> = all(&tx.store(CASES)?).await?;
    let in_use = cases.iter().any(|c| {
        eport_domain::uscc::parse(&c.enrollment.enterprise.uscc)
            .is_ok_and(|i| i.normalized == info.normalized)
    });
    if in_use {
        return Ok(None);
    }
    match tx
        .store(PROFILES)?
        .get(JsValue::from_str(&info.normalized))
        .await?
    {
        Some(v) => Ok(from_js::<ProfileRecord>(v).ok().map(ProfileSummary::from)),
        None => Ok(None),
    }
}
