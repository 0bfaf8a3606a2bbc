//! Bridges the UI locale (leptos_i18n) to the domain crate's language.

use crate::i18n::{use_i18n, Locale};
use eport_domain::Lang;

/// A reactive getter for the domain language of the current UI locale.
pub fn use_lang() -> impl Fn() -> Lang + Copy + 'static {
    let i18n = use_i18n();
    move || match i18n.get_locale() {
        Locale::en => Lang::En,
        _ => Lang::ZhCn,
    }
}

/// `2026年11月27日` in Chinese, `27 Nov 2026` in English.
pub fn format_date(date: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => date.format("%Y年%-m月%-d日").to_string(),
        Lang::En => date.format("%-d %b %Y").to_string(),
    }
}

/// A date and time in Asia/Shanghai as users read it.
pub fn format_date_time(at: chrono::NaiveDateTime, lang: Lang) -> String {
    format!("{} {}", format_date(at.date(), lang), at.format("%H:%M"))
}

/// The cookie leptos_i18n keeps the chosen locale in.
const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// zh-CN is the default whatever the browser's language: without a stored choice,
/// store zh-CN before the i18n context reads it (it would otherwise follow
/// `navigator.languages`). The user's own switch is then kept across reloads.
pub fn default_to_chinese() {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(html_doc) = doc.dyn_into::<web_sys::HtmlDocument>() else {
        return;
    };
    let cookies = html_doc.cookie().unwrap_or_default();
    let has_choice = cookies
        .split(';')
        .any(|c| c.trim_start().starts_with(&format!("{LOCALE_COOKIE}=")));
    if !has_choice {
        let _ = html_doc.set_cookie(&format!(
            "{LOCALE_COOKIE}=zh-CN; path=/; max-age=31536000; SameSite=Lax"
        ));
    }
}
