//! A declared case is read-only: a banner says why (and where its status
//! is), and each wizard page's fields are disabled together.

use leptos::prelude::*;

use crate::editor::use_editor;
use crate::i18n::*;
use crate::sync::status::Shown;

#[component]
pub fn CaseLockBanner() -> impl IntoView {
    let i18n = use_i18n();
    let e = use_editor();
    let id = e.case.with_untracked(|c| c.id.clone());
    move || {
        let s = e.declared.get();
        (!s.editable()).then(|| {
            let text = match s {
                Shown::InReview => t_string!(i18n, lock_in_review),
                Shown::Withdrawing => t_string!(i18n, withdrawing_body),
                Shown::Approved
                | Shown::Dispatched
                | Shown::ReadyForPickup
                | Shown::Collected
                | Shown::Superseded
                | Shown::Archived => {
                    t_string!(i18n, lock_final)
                }
                _ => t_string!(i18n, lock_declared),
            };
            view! {
                <div class="notice lock-banner" role="status" data-testid="case-locked" data-state=s.test_id()>
                    <p>{text}</p>
                    <p><a href=format!("/cases/{id}/declared")>{t!(i18n, lock_view_status)}</a></p>
                </div>
            }
        })
    }
}

/// The inputs of a wizard page, disabled while the case is read-only.
#[component]
pub fn LockedFields(children: Children) -> impl IntoView {
    let e = use_editor();
    view! {
        <fieldset class="lock" prop:disabled=move || e.locked() data-testid="locked-fields">
            {children()}
        </fieldset>
    }
}
