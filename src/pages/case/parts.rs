//! The parts of the enrollment and their status in the task list. Which part
//! a field belongs to is the registry's (`eport_domain::field::Part`).

use eport_domain::case::EnrollmentCase;
pub use eport_domain::field::Part;
use eport_domain::{Code, Issue};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::editor::Editor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartStatus {
    NotStarted,
    InProgress,
    Done,
    HasErrors,
}

/// The three parts of the online wizard, in order.
pub const WIZARD: [Part; 3] = [Part::Enterprise, Part::Operators, Part::Attachments];

/// What a wizard part's page does with the registry's part.
pub trait WizardPart: Copy + 'static {
    /// Where 保存并继续 leads.
    fn next_slug(self) -> &'static str;
    /// Whether an issue belongs to this part.
    fn owns(self, issue: &Issue) -> bool;
    /// The findings of this part the page shows now (for its error summary).
    fn visible_issues(self, e: Editor) -> Signal<Vec<Issue>>;
    /// The 保存并继续 handler: shows every error of the part (summary and
    /// fields), or moves on to the next page when there is none.
    fn on_continue(self, e: Editor) -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static;
    fn status(self, c: &EnrollmentCase, issues: &[Issue]) -> PartStatus;
}

fn started(part: Part, c: &EnrollmentCase) -> bool {
    match part {
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
        Part::Paper | Part::Nowhere => false,
    }
}

impl WizardPart for Part {
    fn next_slug(self) -> &'static str {
        match self {
            Part::Enterprise => "operators",
            Part::Operators => "attachments",
            _ => "review",
        }
    }

    fn owns(self, issue: &Issue) -> bool {
        issue.path.info().part == self
    }

    fn visible_issues(self, e: Editor) -> Signal<Vec<Issue>> {
        Signal::derive(move || e.visible_issues(&[self]))
    }

    fn on_continue(self, e: Editor) -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static {
        let navigate = use_navigate();
        let case_id = e.case.with_untracked(|c| c.id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            e.show_all.set(true);
            let blocked = e
                .issues
                .with_untracked(|i| i.iter().any(|i| self.owns(i) && i.blocks()));
            if blocked {
                e.focus_summary.update(|n| *n += 1);
            } else {
                e.show_all.set(false);
                navigate(
                    &format!("/cases/{case_id}/{}", self.next_slug()),
                    Default::default(),
                );
            }
        }
    }

    fn status(self, c: &EnrollmentCase, issues: &[Issue]) -> PartStatus {
        if !started(self, c) {
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
