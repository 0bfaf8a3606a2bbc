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
    // Focused (and scrolled to) when it appears and at every failed
    // 保存并继续, once it is drawn: a hidden element cannot take focus.
    Effect::new(move |was: Option<(bool, u32)>| {
        let shown = issues.with(|i| !i.is_empty());
        let asked = e.focus_summary.get();
        let newly = was.is_none_or(|(s, a)| !s || a != asked);
        if shown && newly {
            request_animation_frame(move || {
                if let Some(el) = node.get_untracked() {
                    let _ = el.focus();
                    el.scroll_into_view_with_bool(true);
                }
            });
        }
        (shown, asked)
    });
    view! {
        <div node_ref=node class="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title"
            hidden=move || issues.with(|i| i.is_empty())>
            // Only notes to check (nothing that must change): said so.
            <h2 id="error-summary-title">{move || if issues.with(|i| i.iter().all(|i| i.severity != Severity::Error)) {
                t_string!(i18n, error_summary_warnings_title).to_string()
            } else {
                t_string!(i18n, error_summary_title).to_string()
            }}</h2>
            <ul>
                {move || issues.get().into_iter().map(|i| {
                    let href = if other_pages {
                        let input = e.case.with_untracked(|c| i.path.input(&c.enrollment));
                        href_of(&case_id, kind, input)
                    } else {
                        format!("#{}", i.path.dom_id())
                    };
                    let class = if i.severity == Severity::Error { "" } else { "summary-warning" };
                    let target = (!other_pages).then(|| i.path.dom_id());
                    let go = move |ev: leptos::ev::MouseEvent| {
                        if let Some(id) = target.as_deref() {
                            if focus_field(id) {
                                ev.prevent_default();
                            }
                        }
                    };
                    view! { <li class=class><a href=href on:click=go>{i.message(lang())}</a></li> }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Moves focus to the field `id` with its label in view (GOV.UK's summary
/// links do the same): the label says what the field is. False when the
/// page has no such field.
fn focus_field(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(field) = doc
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    let label = doc
        .query_selector(&format!("label[for=\"{id}\"]"))
        .ok()
        .flatten();
    // The field's own label, else its group's legend, at the top of the screen.
    let anchor = label.or_else(|| field.closest("fieldset").ok().flatten());
    match anchor {
        Some(a) => a.scroll_into_view_with_bool(true),
        None => field.scroll_into_view_with_bool(true),
    }
    let opts = web_sys::FocusOptions::new();
    opts.set_prevent_scroll(true);
    let _ = field.focus_with_options(&opts);
    true
}
