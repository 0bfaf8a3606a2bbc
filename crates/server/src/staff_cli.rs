//! `eport-server staff …`: staff actions straight on the database, for a
//! deployment without the web console. Same rules as the HTTP API.

use anyhow::{bail, Result};
use eport_domain::protocol::Decision;

use crate::config::StaffAction;
use crate::db::Db;
use crate::submissions;

pub async fn run(db: &Db, action: StaffAction) -> Result<()> {
    match action {
        StaffAction::List => {
            let rows = db
                .with(|c| {
                    let mut stmt = c.prepare(
                        "SELECT COALESCE(reference, '-'), state, enterprise, created_at FROM submissions ORDER BY created_at DESC",
                    )?;
                    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?;
                    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
                })
                .await?;
            for (reference, state, enterprise, at) in rows {
                println!("{reference}\t{state}\t{at}\t{enterprise}");
            }
            Ok(())
        }
        StaffAction::Review {
            reference,
            decision,
            note,
        } => {
            let decision = match decision.as_str() {
                "in_review" => Decision::InReview,
                "approve" => Decision::Approve,
                "reject" => Decision::Reject,
                "dispatch" => Decision::Dispatch,
                other => {
                    bail!("unknown decision {other:?}: use in_review, approve, reject or dispatch")
                }
            };
            let note = note.filter(|n| !n.trim().is_empty());
            if decision == Decision::Reject && note.is_none() {
                bail!("a rejection needs --note with the 审批意见");
            }
            let key = reference.clone();
            let Some(row) = db.with(move |c| submissions::find(c, &key)).await? else {
                bail!("no submission {reference}");
            };
            let id = row.id.clone();
            let n = note.clone();
            let next = db
                .with(move |c| submissions::decide(c, &id, decision, n.as_deref()))
                .await?;
            let Some(next) = next else {
                bail!(
                    "{decision:?} does not apply to a {} submission",
                    row.state.as_str()
                );
            };
            let id = row.id.clone();
            let detail = format!(
                "staff (command line): {} {}",
                next.as_str(),
                note.unwrap_or_default()
            );
            db.with(move |c| {
                submissions::record(c, &id, "CLI", "staff review", 0, 0, false, &detail)
            })
            .await?;
            println!("{} → {}", row.reference.unwrap_or(row.id), next.as_str());
            Ok(())
        }
    }
}
