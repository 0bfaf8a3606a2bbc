use leptos::prelude::*;

use crate::i18n::*;

/// Switches between 中文 and English, and remembers the choice on this device.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |_| {
        let next = match i18n.get_locale() {
            Locale::en => Locale::zh_CN,
            _ => Locale::en,
        };
        i18n.set_locale(next);
        crate::lang::remember(next);
    };
    let target_lang = move || match i18n.get_locale() {
        Locale::en => "zh-CN",
        _ => "en",
    };
    view! {
        <button type="button" class="lang-switch" on:click=toggle lang=target_lang
            aria-label=move || format!("{}: {}", t_string!(i18n, language_label), t_string!(i18n, switch_language))>
            {t!(i18n, switch_language)}
        </button>
    }
}
