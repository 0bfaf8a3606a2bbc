use eport_domain::FieldPath;
use leptos::prelude::*;

use crate::editor::use_editor;
use crate::i18n::*;
use crate::lang::use_lang;

/// Tells the user which fields another tab changed at the same time (this
/// tab's entries were kept), so a merge is never silent.
#[component]
pub fn TabConflicts() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let editor = use_editor();
    let fields = move || {
        editor.conflicts.with(|paths| {
            paths
                .iter()
                .map(|p| {
                    let field = p.strip_prefix("enrollment.").unwrap_or(p);
                    FieldPath::parse(field).map_or_else(|| field.to_string(), |f| f.label(lang()))
                })
                .collect::<Vec<_>>()
                .join("、")
        })
    };
    view! {
        <Show when=move || editor.conflicts.with(|c| !c.is_empty())>
            <div class="notice" role="alert" data-testid="tab-conflicts">
                <p>{move || t_string!(i18n, tab_conflicts, fields = fields())}</p>
                <button type="button" class="button-secondary button" on:click=move |_| editor.conflicts.set(Vec::new())>
                    {t!(i18n, dismiss)}
                </button>
            </div>
        </Show>
    }
}
