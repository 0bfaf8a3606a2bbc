//! A staff decision from the wire or the command line, checked once for both:
//! what each decision needs (a rejection's reason or note, a dispatch's EMS
//! number, a collection's collector, a mail return's reason), and what a
//! refused one says (every refusal in both languages, with its status).

use eport_domain::card_route::{self, Collector, RETURN_REASON_MAX};
use eport_domain::protocol::{Decision, ReviewRequest, SubmissionState};
use eport_domain::review::{self, RejectReason};
use eport_domain::timeline_event::TimelineEvent;
use eport_domain::Lang;

use crate::http::problem::ApiError;
use crate::storage::Verdict;

/// 审批意见 longer than this is refused (a page of text).
pub const MAX_NOTE_CHARS: usize = 2000;

/// A decision whose parts fit it; the store still applies its gates.
#[derive(Debug, Clone)]
pub struct Checked {
    pub decision: Decision,
    pub note: Option<String>,
    pub reasons: Vec<RejectReason>,
    pub tracking: Option<String>,
    pub collector: Option<Collector>,
}

impl Checked {
    /// The timeline's record of this decision, once it led to `state`.
    pub fn event(&self, state: SubmissionState, command_line: bool) -> TimelineEvent {
        TimelineEvent::Decided {
            decision: self.decision,
            state,
            reasons: self.reasons.clone(),
            note: self.note.clone(),
            tracking_number: self.tracking.clone(),
            collector: self.collector.clone(),
            command_line,
        }
    }
}

fn both(zh: &str, en: &str) -> String {
    format!("{zh} / {en}")
}

/// Checks what goes with the decision (not the submission's state: the store does).
pub fn check(req: &ReviewRequest) -> Result<Checked, String> {
    let d = req.decision;
    let note = req
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if d == Decision::Unknown {
        return Err("unknown decision".into());
    }
    let max = if d == Decision::MailReturned {
        RETURN_REASON_MAX
    } else {
        MAX_NOTE_CHARS
    };
    if note.as_ref().is_some_and(|n| n.chars().count() > max) {
        return Err(both(
            &format!("审批意见最多 {max} 字"),
            &format!("the note has at most {max} characters"),
        ));
    }
    if d != Decision::Reject && !req.reasons.is_empty() {
        return Err("reasons go with a rejection only".into());
    }
    if d == Decision::Reject && note.is_none() && req.reasons.is_empty() {
        return Err(both(
            "退单须选择原因或填写审批意见，告诉企业要改什么",
            "a rejection needs a reason or a note (审批意见) telling the enterprise what to fix",
        ));
    }
    if d == Decision::MailReturned && note.is_none() {
        return Err(both(
            "请填写退回原因（如地址无法投递、拒收）",
            "enter why the card came back (e.g. undeliverable address, refused)",
        ));
    }
    let tracking = match (d, req.tracking_number.as_deref()) {
        (Decision::Dispatch, Some(n)) => Some(
            review::parse_tracking_number(n)
                .map_err(|e| both(e.message(Lang::ZhCn), e.message(Lang::En)))?,
        ),
        (Decision::Dispatch, None) => {
            return Err(both(
                "标记已寄出须填写 EMS 邮件号",
                "marking as dispatched needs the EMS mail number",
            ))
        }
        (_, Some(_)) => return Err("a tracking number goes with a dispatch only".into()),
        (_, None) => None,
    };
    let collector = match (d, req.collector.as_ref()) {
        (Decision::Collect, Some(c)) => Some(
            card_route::parse_collector(&c.name, &c.id_tail).map_err(|e| e.to_string())?,
        ),
        (Decision::Collect, None) => {
            return Err(both(
                "登记领卡须填写领卡人姓名和证件号码后 4 位",
                "recording a collection needs the collector's name and the last 4 characters of their ID",
            ))
        }
        (_, Some(_)) => return Err("a collector goes with a collection only".into()),
        (_, None) => None,
    };
    Ok(Checked {
        decision: d,
        note,
        reasons: req.reasons.clone(),
        tracking,
        collector,
    })
}

/// The refusal a verdict other than `Done` stands for (`None` for `Done`).
pub fn refusal(v: &Verdict, decision: Decision) -> Option<ApiError> {
    Some(match v {
        Verdict::Done(_) => return None,
        Verdict::NotApplicable(now) => ApiError::new(
            409,
            "state-changed",
            "Conflict",
            &both(
                &format!(
                    "此申报现为“{}”，不能{}",
                    now.label(Lang::ZhCn),
                    decision.label(Lang::ZhCn)
                ),
                &format!(
                    "a {} submission cannot be given “{}” (its state or its 领卡方式 does not take it)",
                    now.as_str(),
                    decision.label(Lang::En)
                ),
            ),
        ),
        Verdict::Unclaimed => ApiError::new(
            409,
            "not-claimed",
            "Conflict",
            &both(
                "请先认领此申报，再审核通过或退单",
                "claim the submission before approving or returning it",
            ),
        ),
        Verdict::HeldBy(c) => crate::routes::staff_claim::held_by_other(c),
        Verdict::Unticked(items) => {
            let zh: Vec<String> = items.iter().map(|i| i.label(Lang::ZhCn)).collect();
            let en: Vec<String> = items.iter().map(|i| i.label(Lang::En)).collect();
            ApiError::new(
                422,
                "checklist-incomplete",
                "Unprocessable Content",
                &both(
                    &format!("审核通过前请逐项核对：{}", zh.join("；")),
                    &format!("tick every checklist line before approving: {}", en.join("; ")),
                ),
            )
        }
        Verdict::TrackingUsed(other) => ApiError::new(
            422,
            "tracking-used",
            "Unprocessable Content",
            &both(
                &format!("此 EMS 邮件号已用于申报 {other}，请核对邮件号"),
                &format!("this EMS number was already given to {other}; check the number"),
            ),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(decision: Decision) -> ReviewRequest {
        ReviewRequest {
            decision,
            note: None,
            reasons: vec![],
            tracking_number: None,
            collector: None,
        }
    }

    #[test]
    fn each_decision_takes_what_goes_with_it() {
        assert!(check(&req(Decision::Approve)).is_ok());
        assert!(check(&req(Decision::Reject)).is_err(), "reason or note");
        assert!(check(&req(Decision::Dispatch)).is_err(), "EMS number");
        assert!(check(&req(Decision::Collect)).is_err(), "collector");
        assert!(check(&req(Decision::MailReturned)).is_err(), "why");
        assert!(check(&req(Decision::CardMade)).is_ok());
        let mut r = req(Decision::Collect);
        r.collector = Some(Collector {
            name: " 李四 ".into(),
            id_tail: "001x".into(),
        });
        let c = check(&r).unwrap().collector.unwrap();
        assert_eq!((c.name.as_str(), c.id_tail.as_str()), ("李四", "001X"));
        let mut r = req(Decision::Approve);
        r.collector = Some(c);
        assert!(check(&r).is_err(), "a collector only with a collection");
        let mut r = req(Decision::MailReturned);
        r.note = Some("地址无法投递".into());
        assert!(check(&r).is_ok());
        r.note = Some("x".repeat(RETURN_REASON_MAX + 1));
        assert!(check(&r).is_err());
    }
}
