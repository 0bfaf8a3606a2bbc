//! A second paperless enrollment for a credit code this device has already
//! declared: the user is told, with the earlier reference and a way there.

use eport_domain::catalog::BusinessKind;
use leptos::prelude::*;

use crate::components::state_label;
use crate::editor::use_editor;
use crate::i18n::*;
use crate::store;
use crate::sync::status::{shown, Shown};

#[component]
pub fn EarlierDeclaration() -> impl IntoView {
    let i18n = use_i18n();
    let e = use_editor();
    let (case_id, kind) = e.case.with_untracked(|c| (c.id.clone(), c.kind));
    let uscc = Memo::new(move |_| {
        e.case.with(|c| {
            eport_domain::uscc::parse(&c.enrollment.enterprise.uscc)
                .ok()
                .map(|i| i.normalized)
        })
    });
    let earlier = LocalResource::new(move || {
        let (uscc, case_id) = (uscc.get(), case_id.clone());
        async move {
            let uscc = uscc.filter(|_| kind == BusinessKind::PaperlessEnrollment)?;
            let all = store::earlier_declarations(&uscc, &case_id).await.ok()?;
            // Still standing (or returned to be corrected): not withdrawn, refused or replaced.
            all.into_iter().find(|(_, entry)| {
                !matches!(
                    shown(Some(entry)),
                    Shown::Withdrawn | Shown::Failed | Shown::Superseded | Shown::Draft
                )
            })
        }
    });
    move || {
        earlier.get().flatten().map(|(case, entry)| {
            let state = state_label(shown(Some(&entry)), i18n);
            let text = match entry.remote.as_ref().and_then(|d| d.reference.clone()) {
                Some(r) => t_string!(i18n, earlier_declared_ref, reference = r, state = state).to_string(),
                None => t_string!(i18n, earlier_declared, state = state).to_string(),
            };
            view! {
                <div class="callout-warning" role="status" data-testid="earlier-declaration">
                    <p>{text}</p>
                    <p><a href=format!("/cases/{}/declared", case.id)>{t!(i18n, earlier_open)}</a></p>
                </div>
            }
        })
    }
}
