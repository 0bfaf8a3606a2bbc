use eport_domain::{Issue, Severity};
use leptos::prelude::*;

use crate::editor::{field_id, page_of};
use crate::i18n::*;
use crate::lang::use_lang;

/// The GOV.UK-style summary at the top of a page: every visible problem, each a
/// link to its field. Focused when it appears so screen readers announce it.
#[component]
pub fn ErrorSummary(
    #[prop(into)] issues: Signal<Vec<Issue>>,
    /// When set, links lead to the field's wizard page of this case (review page).
    #[prop(optional)]
    case_id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |was_shown: Option<bool>| {
        let shown = issues.with(|i| !i.is_empty());
        if shown && was_shown != Some(true) {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        }
        shown
    });
    view! {
        <div node_ref=node class="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title"
            hidden=move || issues.with(|i| i.is_empty())>
            <h2 id="error-summary-title">{t!(i18n, error_summary_title)}</h2>
            <ul>
                {move || issues.get().into_iter().map(|i| {
                    let href = match &case_id {
                        Some(id) => format!("/cases/{id}/{}#{}", page_of(&i.path), field_id(&i.path)),
                        None => format!("#{}", field_id(&i.path)),
                    };
                    let class = if i.severity == Severity::Error { "" } else { "summary-warning" };
                    view! { <li class=class><a href=href>{i.message(lang())}</a></li> }
                }).collect_view()}
            </ul>
        </div>
    }
}
