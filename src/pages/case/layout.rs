use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

use crate::components::TabConflicts;
use crate::editor::Editor;
use crate::i18n::*;
use crate::store;

/// Loads the case named in the URL and provides its editor to the wizard pages.
#[component]
pub fn CaseLayout() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let record = LocalResource::new(move || {
        let id = id();
        async move { store::get_case(&id).await }
    });
    move || match record.get() {
        None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
        Some(Ok(Some(r))) => {
            provide_context(Editor::new(r));
            view! { <TabConflicts /> <Outlet /> }.into_any()
        }
        Some(Ok(None)) => view! {
            <h1>{t!(i18n, case_not_found)}</h1>
            <p><a href="/">{t!(i18n, back_home)}</a></p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <h1>{t!(i18n, case_not_found)}</h1>
            <p class="error-message">{t!(i18n, store_failed, error = e.to_string())}</p>
        }
        .into_any(),
    }
}
