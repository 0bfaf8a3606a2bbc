//! How a submission arrived, when it was not one person filing once: the
//! domain's signs (`arrival`), as a notice on the review page and tags in
//! the queue. Staff decide; junk is returned as 非真实申报.

use eport_domain::arrival::ArrivalSign;
use leptos::prelude::*;

use crate::lang::use_lang;

/// The signs as a notice, each with what to do (nothing when there are none).
#[component]
pub fn ArrivalNotice(signs: Vec<ArrivalSign>) -> impl IntoView {
    let lang = use_lang();
    (!signs.is_empty()).then(|| {
        view! {
            <ul class="notice notice-warning" data-testid="staff-arrival">
                {signs.into_iter().map(|s| view! { <li>{move || s.message(lang())}</li> }).collect_view()}
            </ul>
        }
    })
}

/// The signs as short tags for a queue row.
#[component]
pub fn ArrivalTags(signs: Vec<ArrivalSign>) -> impl IntoView {
    let lang = use_lang();
    signs
        .into_iter()
        .map(|s| {
            view! { " "<span class="tag-warning" data-testid="arrival-tag" title=move || s.message(lang())>{move || s.tag(lang())}</span> }
        })
        .collect_view()
}
