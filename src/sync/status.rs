//! What the user sees of a declared case: its state from the outbox entry.

use eport_domain::protocol::SubmissionState;

use crate::store::{OutboxEntry, Phase};

/// The states of product.md, in the order a case goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Draft,
    /// 待发送
    Queued,
    /// 发送中
    Sending,
    /// The server refused the submission (not a network problem).
    Failed,
    /// 已提交
    Submitted,
    /// 审核中
    InReview,
    /// 审核通过
    Approved,
    /// 退单
    Rejected,
    /// 已寄出
    Dispatched,
    /// 可以领卡: the card waits at the hall (窗口领卡, or mail that came back).
    ReadyForPickup,
    /// 已领卡
    Collected,
    /// A state of a newer server: said so, never a failure.
    Unknown,
    Superseded,
    /// 撤回中: asked for; the server may hold it and is told when the network allows.
    Withdrawing,
    /// 已撤回: the case can be corrected and declared again.
    Withdrawn,
    /// 已归档: the server erased the personal data after the retention period.
    Archived,
}

pub fn shown(entry: Option<&OutboxEntry>) -> Shown {
    let Some(e) = entry else { return Shown::Draft };
    match e.phase {
        Phase::Withdrawing => return Shown::Withdrawing,
        Phase::Withdrawn => return Shown::Withdrawn,
        _ => {}
    }
    if let Some(remote) = e.remote.as_ref().filter(|_| e.phase == Phase::Received) {
        if remote.archived_at.is_some() {
            return Shown::Archived;
        }
        return match remote.state {
            SubmissionState::AwaitingAttachments => Shown::Sending,
            SubmissionState::Received => Shown::Submitted,
            SubmissionState::InReview => Shown::InReview,
            SubmissionState::Approved => Shown::Approved,
            SubmissionState::Rejected => Shown::Rejected,
            SubmissionState::Dispatched => Shown::Dispatched,
            SubmissionState::Superseded => Shown::Superseded,
            SubmissionState::Withdrawn => Shown::Withdrawn,
            SubmissionState::ReadyForPickup => Shown::ReadyForPickup,
            SubmissionState::Collected => Shown::Collected,
            SubmissionState::Unknown => Shown::Unknown,
        };
    }
    match e.phase {
        Phase::Sending { .. } => Shown::Sending,
        Phase::Refused { .. } => Shown::Failed,
        _ => Shown::Queued,
    }
}

impl Shown {
    pub fn test_id(self) -> &'static str {
        match self {
            Shown::Draft => "draft",
            Shown::Queued => "queued",
            Shown::Sending => "sending",
            Shown::Failed => "failed",
            Shown::Submitted => "submitted",
            Shown::InReview => "in_review",
            Shown::Approved => "approved",
            Shown::Rejected => "rejected",
            Shown::Dispatched => "dispatched",
            Shown::ReadyForPickup => "ready_for_pickup",
            Shown::Collected => "collected",
            Shown::Unknown => "unknown",
            Shown::Superseded => "superseded",
            Shown::Withdrawing => "withdrawing",
            Shown::Withdrawn => "withdrawn",
            Shown::Archived => "archived",
        }
    }

    /// The case may be edited: never declared, refused, returned or withdrawn.
    pub fn editable(self) -> bool {
        matches!(
            self,
            Shown::Draft | Shown::Failed | Shown::Rejected | Shown::Withdrawn
        )
    }

    /// The state's tag colour: trouble is red, done is green, under way blue.
    pub fn tag_class(self) -> &'static str {
        match self {
            Shown::Rejected | Shown::Failed => "tag tag-red",
            Shown::Approved | Shown::Dispatched | Shown::ReadyForPickup | Shown::Collected => {
                "tag tag-green"
            }
            Shown::Queued
            | Shown::Sending
            | Shown::Submitted
            | Shown::InReview
            | Shown::Withdrawing => "tag tag-blue",
            Shown::Draft
            | Shown::Withdrawn
            | Shown::Superseded
            | Shown::Archived
            | Shown::Unknown => "tag tag-grey",
        }
    }

    /// A mark before the state's words where it needs the user (退单, refused).
    pub fn icon(self) -> &'static str {
        match self {
            Shown::Rejected | Shown::Failed => "⚠ ",
            _ => "",
        }
    }

    /// 撤回申报 is offered: the review has not begun.
    pub fn withdrawable(self) -> bool {
        matches!(self, Shown::Queued | Shown::Sending | Shown::Submitted)
    }

    /// Still waiting for the review: worth refreshing from the server.
    pub fn open(self) -> bool {
        matches!(
            self,
            Shown::Submitted
                | Shown::InReview
                | Shown::Approved
                | Shown::ReadyForPickup
                | Shown::Unknown
        )
    }
}
