//! A path the other bundle renders (see `routes`): the app and the tools are
//! two wasm files, so moving between them is a full page load.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::*;

/// Followed from inside this bundle (`first` false): pending saves are written
/// and the page loads from the server or the service worker, which sends the
/// right bundle. This bundle opened on such a path (`first`) means the right
/// one could not be had: offline before the tools were cached.
#[component]
pub fn Elsewhere(first: bool) -> impl IntoView {
    let i18n = use_i18n();
    let reload = || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    if !first {
        spawn_local(async move {
            crate::editor::flush_all().await;
            reload();
        });
        return view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any();
    }
    view! {
        <h1>{t!(i18n, elsewhere_title)}</h1>
        <p>{t!(i18n, elsewhere_body)}</p>
        <p><button type="button" class="button" on:click=move |_| reload()>{t!(i18n, elsewhere_retry)}</button></p>
    }
    .into_any()
}
