//! `eport-server staff …`: staff actions straight on the database, for a
//! deployment without the web console. Same rules as the HTTP API.

use anyhow::{bail, Result};
use eport_domain::card_route::Collector;
use eport_domain::protocol::{Decision, Manifest, ReviewRequest};
use eport_domain::review;

use crate::cli::config::StaffAction;
use crate::storage::staff::Login;
use crate::storage::{decision_detail, Decided, Event, ListFilter, Storage, Verdict};

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
        StaffAction::Log { limit } => {
            for e in store.run(move |s| s.work_log(limit)).await? {
                let (at, login, action) = (e.at, e.who.login, e.action.as_str());
                println!("{at}\t{login}\t{action}\t{}", e.detail);
            }
            Ok(())
        }
        StaffAction::Review {
            by,
            reference,
            decision,
            note,
            tracking,
            collector,
            collector_id_tail,
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
            let Some(decision) = Decision::parse(&decision) else {
                bail!("unknown decision {decision:?}: use in_review, approve, reject, dispatch, card_made, mail_returned or collect")
            };
            let req = ReviewRequest {
                decision,
                note,
                reasons: Vec::new(),
                tracking_number: tracking,
                collector: match (collector, collector_id_tail) {
                    (None, None) => None,
                    (name, tail) => Some(Collector {
                        name: name.unwrap_or_default(),
                        id_tail: tail.unwrap_or_default(),
                    }),
                },
            };
            let checked =
                crate::review::decision::check(&req).map_err(|e| anyhow::anyhow!("{e}"))?;
            let key = eport_domain::ids::SubmissionKey::parse(&reference)
                .map_err(|e| anyhow::anyhow!("{reference:?}: {e}"))?;
            let Some(row) = store.run(move |s| s.find(&key)).await? else {
                bail!("no submission {reference}");
            };
            // The same gates as the console: a verdict is made by the holder
            // of the claim, and an approval after every line was checked.
            if decision.is_verdict() || decision == Decision::InReview {
                let (id, w) = (row.id.clone(), who.clone());
                let claimed = store
                    .run(move |s| {
                        let event = |before: Option<&eport_domain::protocol::Claim>| {
                            crate::routes::staff_claim::claim_event(
                                Event::new("CLI", "staff claim", 0),
                                &w,
                                before,
                                None,
                            )
                        };
                        s.claim(&id, &w, false, &event)
                    })
                    .await?;
                if let Err(held) = claimed {
                    bail!(
                        "{} ({}) holds this submission since {}",
                        held.holder.name,
                        held.holder.login,
                        held.at
                    );
                }
            }
            if decision == Decision::InReview {
                println!(
                    "{} → claimed by {}",
                    row.reference.unwrap_or_else(|| row.id.to_string()),
                    who.login
                );
                return Ok(());
            }
            if decision == Decision::Approve {
                let case = serde_json::from_str::<Manifest>(&row.manifest)
                    .map_err(|_| anyhow::anyhow!("the submission was archived"))?
                    .case;
                let (id, w) = (row.id.clone(), who.clone());
                store
                    .run(move |s| {
                        for item in review::checklist(&case) {
                            if s.set_check(&id, item, true, &w)?.is_err() {
                                bail!("the claim changed while ticking the checklist");
                            }
                        }
                        Ok(())
                    })
                    .await?;
            }
            let id = row.id.clone();
            let c = checked.clone();
            let w = who.clone();
            let verdict = store
                .run(move |s| {
                    let d = Decided {
                        decision: c.decision,
                        note: c.note.as_deref(),
                        reasons: &[],
                        tracking_number: c.tracking.as_deref(),
                        collector: c.collector.as_ref(),
                    };
                    let event = |next| {
                        let detail =
                            decision_detail(next, &w, " (command line)", c.note.as_deref());
                        Event::new("CLI", "staff review", 0)
                            .detail(detail)
                            .event(c.event(next, true))
                            .by(&w)
                    };
                    s.decide(&id, &d, &w, &event)
                })
                .await?;
            if let Some(refused) = crate::review::decision::refusal(&verdict, decision) {
                bail!("{}", refused.problem.detail);
            }
            let Verdict::Done(next) = verdict else {
                unreachable!("refusal() covers every other verdict")
            };
            println!(
                "{} → {}",
                row.reference.unwrap_or_else(|| row.id.to_string()),
                next.as_str()
            );
            Ok(())
        }
    }
}
