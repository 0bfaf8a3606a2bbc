//! `eport-server staff …`: staff actions straight on the database, for a
//! deployment without the web console. Same rules as the HTTP API.

use anyhow::{bail, Result};
use eport_domain::protocol::Decision;

use crate::config::StaffAction;
use crate::store::{Event, ListFilter, Storage};

pub async fn run(store: &Storage, action: StaffAction) -> Result<()> {
    match action {
        StaffAction::List => {
            let filter = ListFilter {
                limit: u32::MAX,
                ..ListFilter::default()
            };
            for i in store.run(move |s| s.list(&filter)).await? {
                let reference = i.reference.as_deref().unwrap_or("-");
                let state = i.state.as_str();
                println!("{reference}\t{state}\t{}\t{}", i.created_at, i.enterprise);
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
            let key = eport_domain::ids::SubmissionKey::parse(&reference)
                .map_err(|e| anyhow::anyhow!("{reference:?}: {e}"))?;
            let Some(row) = store.run(move |s| s.find(&key)).await? else {
                bail!("no submission {reference}");
            };
            let id = row.id.clone();
            let n = note.clone();
            let next = store
                .run(move |s| s.decide(&id, decision, n.as_deref()))
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
            store
                .run(move |s| s.record(&id, &Event::new("CLI", "staff review", 0).detail(detail)))
                .await?;
            println!(
                "{} → {}",
                row.reference.unwrap_or_else(|| row.id.to_string()),
                next.as_str()
            );
            Ok(())
        }
    }
}
