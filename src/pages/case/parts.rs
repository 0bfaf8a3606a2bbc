//! The parts of the enrollment and their status in the task list.

use eport_domain::case::EnrollmentCase;
use eport_domain::{Code, Issue};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::editor::Editor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Enterprise,
    Operators,
    Attachments,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartStatus {
    NotStarted,
    InProgress,
    Done,
    HasErrors,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Enterprise, Part::Operators, Part::Attachments];

    pub fn slug(self) -> &'static str {
        match self {
            Part::Enterprise => "enterprise",
            Part::Operators => "operators",
            Part::Attachments => "attachments",
        }
    }

    /// Where 保存并继续 leads.
    pub fn next_slug(self) -> &'static str {
        match self {
            Part::Enterprise => "operators",
            Part::Operators => "attachments",
            Part::Attachments => "review",
        }
    }

    /// The 保存并继续 handler of this part's page: shows every error of the part
    /// (summary and fields), or moves on to the next page when there is none.
    pub fn on_continue(self, e: Editor) -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static {
        let navigate = use_navigate();
        let case_id = e.case.with_untracked(|c| c.id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            e.show_all.set(true);
            let blocked = e
                .issues
                .with_untracked(|i| i.iter().any(|i| self.owns(i) && i.blocks()));
            if !blocked {
                e.show_all.set(false);
                navigate(
                    &format!("/cases/{case_id}/{}", self.next_slug()),
                    Default::default(),
                );
            }
        }
    }

    /// The findings of this part the page shows now (for its error summary).
    pub fn visible_issues(self, e: Editor) -> Signal<Vec<Issue>> {
        Signal::derive(move || {
            e.visible_issues(self.prefixes())
                .into_iter()
                .filter(|i| self.owns(i))
                .collect()
        })
    }

    /// Whether an issue belongs to this part.
    pub fn owns(self, issue: &Issue) -> bool {
        let p = issue.path.as_str();
        let is_attachment =
            p.starts_with("attachments.") || p.ends_with(".id_front") || p.ends_with(".id_back");
        match self {
            Part::Enterprise => ["enterprise.", "legal_person.", "agent.", "pickup."]
                .iter()
                .any(|x| p.starts_with(x)),
            Part::Operators => p.starts_with("operators") && !is_attachment,
            Part::Attachments => is_attachment,
        }
    }

    /// The issue-path prefixes of this part's page (for its error summary).
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Part::Enterprise => &["enterprise", "legal_person", "agent", "pickup"],
            Part::Operators => &["operators"],
            Part::Attachments => &["attachments", "operators"],
        }
    }

    fn started(self, c: &EnrollmentCase) -> bool {
        match self {
            Part::Enterprise => {
                let e = &c.enterprise;
                [
                    &e.uscc,
                    &e.name,
                    &e.address,
                    &c.legal_person.name,
                    &c.legal_person.id_number,
                    &c.agent.name,
                ]
                .iter()
                .any(|s| !s.trim().is_empty())
                    || c.pickup.method.is_some()
            }
            Part::Operators => !c.operators.is_empty(),
            Part::Attachments => !c.attachments.is_empty(),
        }
    }

    pub fn status(self, c: &EnrollmentCase, issues: &[Issue]) -> PartStatus {
        if !self.started(c) {
            return PartStatus::NotStarted;
        }
        let mine: Vec<&Issue> = issues
            .iter()
            .filter(|i| self.owns(i) && i.blocks())
            .collect();
        if mine.is_empty() {
            PartStatus::Done
        } else if mine.iter().all(|i| {
            matches!(
                i.code,
                Code::Required | Code::AttachmentMissing | Code::OperatorsEmpty
            )
        }) {
            PartStatus::InProgress
        } else {
            PartStatus::HasErrors
        }
    }
}

impl PartStatus {
    pub fn class(self) -> &'static str {
        match self {
            PartStatus::NotStarted => "tag tag-grey",
            PartStatus::InProgress => "tag tag-blue",
            PartStatus::Done => "tag tag-green",
            PartStatus::HasErrors => "tag tag-red",
        }
    }
}
