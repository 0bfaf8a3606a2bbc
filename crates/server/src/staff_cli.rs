//! `eport-server staff …`: staff actions straight on the database, for a
//! deployment without the web console. Same rules as the HTTP API.

use anyhow::{bail, Result};
use eport_domain::protocol::Decision;
use eport_domain::review::parse_tracking_number;
use eport_domain::Lang;

use crate::config::StaffAction;
use crate::staff_store::Login;
use crate::store::{decision_detail, Decided, Event, ListFilter, Storage};

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
            by,
            reference,
            decision,
            note,
            tracking,
        } => {
            let login = Login::parse(&by).map_err(|e| anyhow::anyhow!("--as {by:?}: {e}"))?;
            let l = login.clone();
            let Some(account) = store.run(move |s| s.account(&l)).await? else {
                bail!("--as {by}: no such staff account (see `eport-server account list`)");
            };
            if account.disabled {
                bail!("--as {by}: the account is disabled");
            }
            let who = account.who;
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
            let tracking = match (decision, tracking) {
                (Decision::Dispatch, Some(t)) => {
                    Some(parse_tracking_number(&t).map_err(|e| {
                        anyhow::anyhow!("--tracking {t:?}: {}", e.message(Lang::En))
                    })?)
                }
                (Decision::Dispatch, None) => {
                    bail!("dispatching needs --tracking with the EMS mail number")
                }
                (_, Some(_)) => bail!("--tracking goes with dispatch only"),
                (_, None) => None,
            };
            let key = eport_domain::ids::SubmissionKey::parse(&reference)
                .map_err(|e| anyhow::anyhow!("{reference:?}: {e}"))?;
            let Some(row) = store.run(move |s| s.find(&key)).await? else {
                bail!("no submission {reference}");
            };
            let id = row.id.clone();
            let (n, t) = (note.clone(), tracking.clone());
            let w = who.clone();
            let next = store
                .run(move |s| {
                    let d = Decided {
                        decision,
                        note: n.as_deref(),
                        reasons: &[],
                        tracking_number: t.as_deref(),
                    };
                    s.decide(&id, &d, &w)
                })
                .await?;
            let Some(next) = next else {
                bail!(
                    "{decision:?} does not apply to a {} submission",
                    row.state.as_str()
                );
            };
            let id = row.id.clone();
            let detail = decision_detail(next, &who, " (command line)", note.as_deref());
            let event = Event::new("CLI", "staff review", 0).detail(detail).by(&who);
            store.run(move |s| s.record(&id, &event)).await?;
            println!(
                "{} → {}",
                row.reference.unwrap_or_else(|| row.id.to_string()),
                next.as_str()
            );
            Ok(())
        }
    }
}
