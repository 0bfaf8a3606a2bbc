use eport_domain::catalog::CATALOG;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;
use crate::lang::use_lang;

/// 新建办理: every business type of the catalog, name and purpose.
#[component]
pub fn NewCase() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <h1>{t!(i18n, new_title)}</h1>
        <p class="lead">{t!(i18n, new_intro)}</p>
        <ul class="business-list">
            {CATALOG
                .iter()
                .map(|b| {
                    let online = b.forms.is_empty() || !b.mailed && b.dispatch.is_some();
                    view! {
                        <li class="business-card">
                            <h2>
                                <A href=format!("/new/{}", b.slug)>{move || b.name.get(lang())}</A>
                            </h2>
                            <p>{move || b.purpose.get(lang())}</p>
                            <p class="meta">
                                <span class=if online { "badge badge-online" } else { "badge" }>
                                    {move || if online { t_string!(i18n, online_badge) } else { t_string!(i18n, paper_badge) }}
                                </span>
                                " "
                                <span>{t!(i18n, section, n = move || b.section)}</span>
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
