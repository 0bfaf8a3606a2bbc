//! The staff list's notice of what the server set aside at start-up
//! (records recovery could not finish), so a person looks at them.

use leptos::prelude::*;

use crate::i18n::*;
use crate::staff::api as staff_api;

#[component]
pub fn QuarantineNotice(count: u64) -> impl IntoView {
    let i18n = use_i18n();
    let items = LocalResource::new(staff_api::quarantine);
    view! {
        <details class="notice" data-testid="staff-quarantine">
            <summary>{t_string!(i18n, staff_quarantine_title, n = count).to_string()}</summary>
            <p class="hint">{t!(i18n, staff_quarantine_hint)}</p>
            {move || items.get().and_then(Result::ok).map(|list| view! {
                <table class="cases">
                    <caption class="visually-hidden">{t_string!(i18n, staff_quarantine_title, n = count).to_string()}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, staff_quarantine_at)}</th>
                        <th scope="col">{t!(i18n, staff_quarantine_what)}</th>
                        <th scope="col">{t!(i18n, staff_quarantine_reason)}</th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|q| view! { <tr>
                            <td>{q.at.get(..19).unwrap_or(&q.at).replace('T', " ")}</td>
                            <td>{q.what}{q.submission_id.map(|id| format!(" · {id}"))}</td>
                            <td>{q.reason}{q.moved_to.map(|m| format!(" → quarantine/{m}"))}</td>
                        </tr> }).collect_view()}
                    </tbody>
                </table>
            })}
        </details>
    }
}
