//! 批量分配 / 批量释放: claims changed for several submissions chosen in the
//! list. Unclaimed open cases may be assigned to a reviewer; one's own claims
//! released; another reviewer's claim only with a reason, as taking over
//! needs one. Decisions stay one at a time (they need the checklist).

use serde::{Deserialize, Serialize};

use crate::protocol::{Claim, SubmissionState};
use crate::staff_session::StaffActor;

/// Submissions one request may change.
pub const MAX_KEYS: usize = 100;
/// The longest reason, as for taking a claim over.
pub const MAX_REASON_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BulkClaimAction {
    /// Claim each unclaimed one for the reviewer with this login.
    Assign { to: String },
    /// End the claims; another reviewer's needs `reason`.
    Release,
}

/// `POST /staff/claims`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkClaimRequest {
    /// References or ids, at most 100.
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub keys: Vec<String>,
    #[serde(flatten)]
    pub action: BulkClaimAction,
    /// Why another reviewer's claims are released (recorded on each).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// What became of one submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum BulkOutcome {
    /// Now claimed for this reviewer.
    Assigned {
        to: StaffActor,
    },
    /// The claim ended (`from`: whose it was).
    Released {
        from: StaffActor,
    },
    /// Nothing to do: it is already as asked (held by the assignee, or by nobody).
    Unchanged,
    /// Its review is over (or not begun): no claim to change.
    NotOpen {
        state: SubmissionState,
    },
    /// Another reviewer holds it: not assigned over them; not released without a reason.
    HeldBy {
        holder: StaffActor,
    },
    NotFound,
}

impl BulkOutcome {
    /// Whether it changed something.
    pub fn changed(&self) -> bool {
        matches!(
            self,
            BulkOutcome::Assigned { .. } | BulkOutcome::Released { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResult {
    pub key: String,
    #[serde(flatten)]
    pub outcome: BulkOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkClaimAnswer {
    pub results: Vec<BulkResult>,
}

/// What to do with one submission, decided from what it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Claim it for `to` (nobody holds it).
    Claim { to: StaffActor },
    /// End the claim `from` holds.
    Release {
        from: StaffActor,
        reason: Option<String>,
    },
    /// Change nothing; say this.
    Say(BulkOutcome),
}

/// The step for a submission in `state` held by `held`, asked `action` by
/// `me` (with `reason` for others' claims); `to` is the assignee's account.
pub fn step(
    action: &BulkClaimAction,
    to: Option<&StaffActor>,
    state: SubmissionState,
    held: Option<&Claim>,
    me: &StaffActor,
    reason: Option<&str>,
) -> Step {
    if !state.under_review() {
        return Step::Say(BulkOutcome::NotOpen { state });
    }
    match (action, held) {
        (BulkClaimAction::Assign { .. }, None) => match to {
            Some(to) => Step::Claim { to: to.clone() },
            None => Step::Say(BulkOutcome::NotFound),
        },
        (BulkClaimAction::Assign { to: login }, Some(c)) if &c.holder.login == login => {
            Step::Say(BulkOutcome::Unchanged)
        }
        (BulkClaimAction::Assign { .. }, Some(c)) => Step::Say(BulkOutcome::HeldBy {
            holder: c.holder.clone(),
        }),
        (BulkClaimAction::Release, None) => Step::Say(BulkOutcome::Unchanged),
        (BulkClaimAction::Release, Some(c)) if c.holder.login == me.login => Step::Release {
            from: c.holder.clone(),
            reason: None,
        },
        (BulkClaimAction::Release, Some(c)) => match reason {
            Some(r) => Step::Release {
                from: c.holder.clone(),
                reason: Some(r.to_string()),
            },
            None => Step::Say(BulkOutcome::HeldBy {
                holder: c.holder.clone(),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(login: &str) -> StaffActor {
        StaffActor {
            login: login.into(),
            name: login.to_uppercase(),
        }
    }

    fn held(login: &str) -> Claim {
        Claim {
            holder: who(login),
            at: "2026-12-07T09:00:00+08:00".into(),
        }
    }

    const OPEN: SubmissionState = SubmissionState::Received;

    #[test]
    fn only_an_unclaimed_open_case_is_assigned() {
        let assign = BulkClaimAction::Assign { to: "b".into() };
        let (me, b) = (who("a"), who("b"));
        assert_eq!(
            step(&assign, Some(&b), OPEN, None, &me, None),
            Step::Claim { to: b.clone() }
        );
        assert_eq!(
            step(&assign, Some(&b), OPEN, Some(&held("b")), &me, None),
            Step::Say(BulkOutcome::Unchanged)
        );
        assert_eq!(
            step(
                &assign,
                Some(&b),
                SubmissionState::InReview,
                Some(&held("c")),
                &me,
                Some("why")
            ),
            Step::Say(BulkOutcome::HeldBy { holder: who("c") }),
            "assigning never takes a claim over, reason or not"
        );
        assert_eq!(
            step(
                &assign,
                Some(&b),
                SubmissionState::Approved,
                None,
                &me,
                None
            ),
            Step::Say(BulkOutcome::NotOpen {
                state: SubmissionState::Approved
            })
        );
        assert_eq!(
            step(&assign, None, OPEN, None, &me, None),
            Step::Say(BulkOutcome::NotFound),
            "no such reviewer"
        );
    }

    #[test]
    fn releasing_anothers_claim_needs_a_reason() {
        let me = who("a");
        let r = BulkClaimAction::Release;
        assert_eq!(
            step(&r, None, OPEN, Some(&held("a")), &me, None),
            Step::Release {
                from: me.clone(),
                reason: None
            }
        );
        assert_eq!(
            step(&r, None, OPEN, Some(&held("c")), &me, None),
            Step::Say(BulkOutcome::HeldBy { holder: who("c") })
        );
        assert_eq!(
            step(&r, None, OPEN, Some(&held("c")), &me, Some("休假")),
            Step::Release {
                from: who("c"),
                reason: Some("休假".into())
            }
        );
        assert_eq!(
            step(&r, None, OPEN, None, &me, None),
            Step::Say(BulkOutcome::Unchanged)
        );
    }

    #[test]
    fn the_wire_form() {
        let req: BulkClaimRequest = serde_json::from_str(
            r#"{"keys":["XM20261207-000001"],"action":"assign","to":"wang.li"}"#,
        )
        .unwrap();
        assert_eq!(
            req.action,
            BulkClaimAction::Assign {
                to: "wang.li".into()
            }
        );
        let res = BulkResult {
            key: "XM20261207-000001".into(),
            outcome: BulkOutcome::HeldBy { holder: who("c") },
        };
        assert_eq!(
            serde_json::to_string(&res).unwrap(),
            r#"{"key":"XM20261207-000001","outcome":"held_by","holder":{"login":"c","name":"C"}}"#
        );
    }
}
