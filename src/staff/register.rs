//! 导出登记簿: the register of what the list's filters select, as XLSX or
//! CSV, saved by the browser. Personal columns only when ticked; the server
//! records that against each exported submission.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, ListParams, StaffError};

#[component]
pub fn RegisterExport(asked: RwSignal<ListParams>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let format = RwSignal::new("xlsx".to_string());
    let personal = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let export = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        let (params, f, p, l) = (
            asked.get_untracked(),
            format.get_untracked(),
            personal.get_untracked(),
            lang(),
        );
        spawn_local(async move {
            let got = match staff_api::register(&params, &f, p, l).await {
                Ok(file) => {
                    // The name: the message is worded when shown, in the language then.
                    crate::files::save_file(&file.name, &file.mime, &file.bytes).map(|_| file.name)
                }
                Err(StaffError::Unprocessable(r) | StaffError::Conflict(r)) => Err(r.text(l)),
                Err(e) => Err(t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string()),
            };
            let _ = busy.try_set(false);
            let _ = outcome.try_set(Some(got));
        });
    };
    view! {
        <form class="register-export" on:submit=export aria-labelledby="register-title" data-testid="register-export">
            <h2 id="register-title">{t!(i18n, staff_register_title)}</h2>
            <p class="hint">{t!(i18n, staff_register_hint)}</p>
            <div>
                <label for="register-format" class="label">{t!(i18n, staff_register_format)}</label>
                <select id="register-format" class="input" prop:value=move || format.get()
                    on:change=move |ev| format.set(event_target_value(&ev))>
                    <option value="xlsx">{t!(i18n, staff_register_xlsx)}</option>
                    <option value="csv">{t!(i18n, staff_register_csv)}</option>
                </select>
            </div>
            <div class="checkbox">
                <input type="checkbox" id="register-personal" prop:checked=move || personal.get()
                    on:change=move |ev| personal.set(event_target_checked(&ev)) />
                <label for="register-personal">{t!(i18n, staff_register_personal)}</label>
            </div>
            <button type="submit" class="button button-secondary" aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { t_string!(i18n, staff_register_busy) } else { t_string!(i18n, staff_register_button) }}
            </button>
            <p role="status" data-testid="register-outcome">{move || outcome.get().map(|o| match o {
                Ok(name) => view! { <span class="notice">{move || t_string!(i18n, staff_register_saved, name = name.clone()).to_string()}</span> }.into_any(),
                Err(t) => view! { <span class="error-message">{t}</span> }.into_any(),
            })}</p>
        </form>
    }
}
