//! Earlier declarations of the same enterprise on this device: a second
//! paperless enrollment for a credit code already declared here is warned.

use eport_domain::catalog::BusinessKind;
use rexie::TransactionMode;

use super::codec::all;
use super::schema::{CASES, OUTBOX};
use super::{db, CaseRecord, OutboxEntry, StoreError};

/// Every other paperless enrollment of `uscc` on this device that was
/// declared, with its latest declaration, newest first.
pub async fn earlier_declarations(
    uscc: &str,
    except_case: &str,
) -> Result<Vec<(CaseRecord, OutboxEntry)>, StoreError> {
    let Ok(info) = eport_domain::uscc::parse(uscc) else {
        return Ok(Vec::new());
    };
    let db = db().await?;
    let tx = db.transaction(&[CASES, OUTBOX], TransactionMode::ReadOnly)?;
    let cases: Vec<CaseRecord> = all(&tx.store(CASES)?).await?;
    let outbox: Vec<OutboxEntry> = all(&tx.store(OUTBOX)?).await?;
    let mut out: Vec<(CaseRecord, OutboxEntry)> = cases
        .into_iter()
        .filter(|c| c.id != except_case && c.kind == BusinessKind::PaperlessEnrollment)
        .filter(|c| {
            eport_domain::uscc::parse(&c.enrollment.enterprise.uscc)
                .is_ok_and(|i| i.normalized == info.normalized)
        })
        .filter_map(|c| {
            let entry = outbox
                .iter()
                .find(|e| Some(&e.id) == c.submission_id.as_ref())?
                .clone();
            Some((c, entry))
        })
        .collect();
    out.sort_by(|a, b| b.1.created_at.cmp(&a.1.created_at));
    Ok(out)
}
