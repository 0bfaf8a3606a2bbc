//! What a row of a submission's request log records, as data: the server keeps
//! it beside its own English audit line, and the console says it in the
//! reviewer's language (the log and the decision history read the same rows).

use serde::{Deserialize, Serialize};

use crate::card_route::Collector;
use crate::lang::Lang;
use crate::protocol::{Decision, SubmissionState};
use crate::review::RejectReason;
use crate::staff_session::StaffActor;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimelineEvent {
    /// The declaration arrived.
    Created,
    Withdrawn,
    /// 撤回 came too late: the review had begun.
    WithdrawRefused {
        state: SubmissionState,
    },
    /// An attachment holds this many verified bytes (a resume's question or
    /// an accepted chunk).
    Offset {
        offset: u64,
    },
    /// A chunk for an attachment that was already complete.
    AlreadyComplete,
    /// A chunk sent for the wrong place: the client resumes from `expected`.
    OffsetMismatch {
        claimed: u64,
        expected: u64,
    },
    ChunkTooLarge,
    /// The bytes did not match the declared digest, or were not the declared
    /// file type; the upload starts again.
    DigestMismatch,
    TypeMismatch,
    /// The link stalled mid-chunk; the bytes up to `offset` were kept.
    Cut {
        offset: u64,
    },
    Claimed,
    TakenOver {
        from: StaffActor,
        reason: String,
    },
    Released,
    /// Claimed for `to` by another staff member (批量分配).
    Assigned {
        to: StaffActor,
    },
    /// Another reviewer's claim ended, with the reason (批量释放).
    ReleasedFrom {
        from: StaffActor,
        reason: String,
    },
    Decided {
        decision: Decision,
        state: SubmissionState,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        reasons: Vec<RejectReason>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tracking_number: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        collector: Option<Collector>,
        /// Recorded with `eport-server staff review`, not in the console.
        #[serde(default)]
        command_line: bool,
    },
    /// A kind a newer server records.
    #[serde(other)]
    Unknown,
}

impl TimelineEvent {
    /// Staff actions, which the decision history lists.
    pub fn is_staff_action(&self) -> bool {
        matches!(
            self,
            TimelineEvent::Claimed
                | TimelineEvent::TakenOver { .. }
                | TimelineEvent::Released
                | TimelineEvent::Assigned { .. }
                | TimelineEvent::ReleasedFrom { .. }
                | TimelineEvent::Decided { .. }
        )
    }

    /// What happened, in a word or two: "审核通过", "Claimed".
    pub fn headline(&self, lang: Lang) -> String {
        use TimelineEvent::*;
        let s = match self {
            Created => lang.pick("收到申报", "Declaration received"),
            Withdrawn => lang.pick("企业已撤回", "Withdrawn by the enterprise"),
            WithdrawRefused { .. } => lang.pick("撤回被拒绝", "Withdrawal refused"),
            Offset { .. } => lang.pick("已接收", "Kept"),
            AlreadyComplete => lang.pick("附件已完整", "Already complete"),
            OffsetMismatch { .. } => lang.pick("续传位置不符", "Wrong resume position"),
            ChunkTooLarge => lang.pick("分块超过上限", "Chunk over the limit"),
            DigestMismatch => lang.pick("内容与摘要不符，已重置", "Digest mismatch, reset"),
            TypeMismatch => lang.pick("文件类型不符，已重置", "Wrong file type, reset"),
            Cut { .. } => lang.pick("传输中断", "Transfer cut"),
            Claimed => lang.pick("认领", "Claimed"),
            TakenOver { .. } => lang.pick("接手认领", "Took the claim over"),
            Released => lang.pick("放弃认领", "Released the claim"),
            Assigned { .. } => lang.pick("分配审核", "Assigned"),
            ReleasedFrom { .. } => lang.pick("解除他人认领", "Released another's claim"),
            Decided {
                decision: Decision::MailReturned,
                ..
            } => lang.pick("邮件退回", "Mail returned"),
            Decided { state, .. } => state.label(lang),
            Unknown => lang.pick("其他", "Other"),
        };
        s.to_string()
    }

    /// What was said with it (reasons, note, EMS number, collector, from
    /// whom a claim was taken and why, byte offsets); empty when nothing.
    pub fn particulars(&self, lang: Lang) -> String {
        use TimelineEvent::*;
        match self {
            WithdrawRefused { state } => state.label(lang).to_string(),
            Offset { offset } | Cut { offset } => bytes_at(*offset, lang),
            OffsetMismatch { claimed, expected } => match lang {
                Lang::ZhCn => format!("发来 {claimed}，应为 {expected}"),
                Lang::En => format!("sent {claimed}, expected {expected}"),
            },
            TakenOver { from, reason } => match lang {
                Lang::ZhCn => format!("原认领人 {}；{reason}", from.name),
                Lang::En => format!("from {}; {reason}", from.name),
            },
            Assigned { to } => match lang {
                Lang::ZhCn => format!("分配给 {}", to.name),
                Lang::En => format!("to {}", to.name),
            },
            ReleasedFrom { from, reason } => match lang {
                Lang::ZhCn => format!("原认领人 {}；{reason}", from.name),
                Lang::En => format!("from {}; {reason}", from.name),
            },
            Decided {
                reasons,
                note,
                tracking_number,
                collector,
                command_line,
                ..
            } => {
                let mut said: Vec<String> = reasons.iter().map(|r| r.text(lang)).collect();
                said.extend(note.clone());
                said.extend(tracking_number.as_ref().map(|t| format!("EMS {t}")));
                said.extend(collector.as_ref().map(|c| match lang {
                    Lang::ZhCn => format!("领卡人 {}（证件尾号 {}）", c.name, c.id_tail),
                    Lang::En => format!("collected by {} (ID ending {})", c.name, c.id_tail),
                }));
                if *command_line {
                    said.push(lang.pick("命令行", "command line").to_string());
                }
                said.join(lang.pick("；", "; "))
            }
            _ => String::new(),
        }
    }
}

fn bytes_at(offset: u64, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("至第 {offset} 字节"),
        Lang::En => format!("up to byte {offset}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::review::ReasonCode;

    fn wang() -> StaffActor {
        StaffActor {
            login: "wang.li".into(),
            name: "王丽".into(),
        }
    }

    #[test]
    fn a_return_reads_in_either_language_with_its_reasons_and_note() {
        let e = TimelineEvent::Decided {
            decision: Decision::Reject,
            state: SubmissionState::Rejected,
            reasons: vec![RejectReason {
                code: ReasonCode::Unclear,
                field: Field::BusinessLicence.into(),
            }],
            note: Some("请重新扫描".into()),
            tracking_number: None,
            collector: None,
            command_line: false,
        };
        assert_eq!(e.headline(Lang::ZhCn), "退单");
        assert_eq!(e.headline(Lang::En), "Returned");
        let zh = e.particulars(Lang::ZhCn);
        assert!(
            zh.starts_with("营业执照") && zh.ends_with("；请重新扫描"),
            "{zh}"
        );
        assert!(e.particulars(Lang::En).contains("; 请重新扫描"));
        assert!(e.is_staff_action());
    }

    #[test]
    fn an_assignment_and_a_release_for_another_say_whose() {
        let a = TimelineEvent::Assigned { to: wang() };
        assert_eq!(a.headline(Lang::ZhCn), "分配审核");
        assert_eq!(a.particulars(Lang::ZhCn), "分配给 王丽");
        let r = TimelineEvent::ReleasedFrom {
            from: wang(),
            reason: "休假".into(),
        };
        assert_eq!(r.particulars(Lang::En), "from 王丽; 休假");
        assert!(a.is_staff_action() && r.is_staff_action());
    }

    #[test]
    fn a_mail_return_is_named_as_such_not_by_the_state_it_leads_to() {
        let e = TimelineEvent::Decided {
            decision: Decision::MailReturned,
            state: SubmissionState::ReadyForPickup,
            reasons: vec![],
            note: Some("查无此人".into()),
            tracking_number: None,
            collector: None,
            command_line: true,
        };
        assert_eq!(e.headline(Lang::ZhCn), "邮件退回");
        assert_eq!(e.particulars(Lang::ZhCn), "查无此人；命令行");
    }

    #[test]
    fn the_wire_form_is_tagged_and_a_newer_kind_reads_as_unknown() {
        let e = TimelineEvent::TakenOver {
            from: wang(),
            reason: "休假".into(),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"taken_over","from":{"login":"wang.li","name":"王丽"},"reason":"休假"}"#
        );
        assert_eq!(serde_json::from_str::<TimelineEvent>(&json).unwrap(), e);
        let later: TimelineEvent =
            serde_json::from_str(r#"{"kind":"printed","copies":2}"#).unwrap();
        assert_eq!(later, TimelineEvent::Unknown);
        assert!(!later.is_staff_action());
        assert_eq!(
            TimelineEvent::Offset { offset: 42 }.particulars(Lang::En),
            "up to byte 42"
        );
    }
}
