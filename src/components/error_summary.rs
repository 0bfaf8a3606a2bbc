use eport_domain::{Issue, Severity};
use leptos::prelude::*;

use crate::editor::{href_of, use_editor};
use crate::i18n::*;
use crate::lang::use_lang;

/// The GOV.UK-style summary at the top of a page: every visible problem, each a
/// link to its field. Focused when it appears so screen readers announce it.
#[component]
pub fn ErrorSummary(
    #[prop(into)] issues: Signal<Vec<Issue>>,
    /// Links lead to the page that holds each field (the review page); else
    /// to the field on this page.
    #[prop(optional)]
    other_pages: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let (case_id, kind) = e.case.with_untracked(|c| (c.id.clone(), c.kind));
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
                    let href = if other_pages {
                        let input = e.case.with_untracked(|c| i.path.input(&c.enrollment));
                        href_of(&case_id, kind, input)
                    } else {
                        format!("#{}", i.path.dom_id())
                    };
                    let class = if i.severity == Severity::Error { "" } else { "summary-warning" };
                    view! { <li class=class><a href=href>{i.message(lang())}</a></li> }
                }).collect_view()}
            </ul>
        </div>
    }
}
