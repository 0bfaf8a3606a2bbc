use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;

/// 首页: the case list. Until cases are stored, it shows the empty state.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, home_title)}</h1>
        <p class="lead">{t!(i18n, home_intro)}</p>
        <section class="empty-state" aria-labelledby="empty-title">
            <h2 id="empty-title">{t!(i18n, home_empty_title)}</h2>
            <p>{t!(i18n, home_empty_body)}</p>
            <A href="/new" attr:class="button">{t!(i18n, home_empty_action)}</A>
        </section>
    }
}
