//! The paperless enrollment wizard: task list, the three parts, check and declare.

mod attachments;
mod declared;
mod earlier;
mod enterprise;
mod layout;
mod operators;
mod paper;
mod parts;
mod review;
mod tasks;

pub use attachments::AttachmentsPage;
pub use declared::DeclaredPage;
pub use enterprise::EnterprisePage;
pub use layout::{CaseLayout, CaseParts};
pub use operators::OperatorsPage;
pub use review::ReviewPage;
pub use tasks::TaskList;

use eport_domain::catalog::BusinessKind;
use leptos::prelude::*;

use crate::editor::use_editor;

/// A case's own page: the enrollment wizard's task list, or a paper type's page.
#[component]
pub fn CaseHome() -> impl IntoView {
    let online = use_editor()
        .case
        .with_untracked(|c| c.kind == BusinessKind::PaperlessEnrollment);
    if online {
        view! { <TaskList /> }.into_any()
    } else {
        view! { <paper::PaperCase /> }.into_any()
    }
}
