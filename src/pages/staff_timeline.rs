//! A submission's request timeline for staff: the first page comes with the
//! detail, further pages on request. A run of identical requests is one row
//! with its count.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::*;
use crate::sync::staff_api::{self, TimelineEntry};

fn time(at: &str) -> String {
    at.get(..19).unwrap_or(at).replace('T', " ")
}

#[component]
pub fn StaffTimelineTable(key: String, first: Vec<TimelineEntry>, total: u64) -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(first);
    let page = RwSignal::new(1u32);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let more = move |_| {
        let key = key.clone();
        loading.set(true);
        spawn_local(async move {
            let next = page.get_untracked() + 1;
            match staff_api::timeline(&key, next).await {
                Ok(t) => {
                    rows.update(|r| r.extend(t.items));
                    page.set(next);
                    failed.set(None);
                }
                Err(e) => failed.set(Some(format!("{e:?}"))),
            }
            loading.set(false);
        });
    };
    view! {
        <h3>{t!(i18n, staff_timeline)}</h3>
        <table class="cases" data-testid="staff-timeline">
            <caption class="visually-hidden">{t!(i18n, staff_timeline)}</caption>
            <thead><tr>
                <th scope="col">{t!(i18n, diag_col_time)}</th>
                <th scope="col">{t!(i18n, staff_col_request)}</th>
                <th scope="col">{t!(i18n, staff_col_status)}</th>
                <th scope="col">{t!(i18n, staff_col_bytes)}</th>
                <th scope="col">{t!(i18n, staff_col_detail)}</th>
            </tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|e| {
                    let replay = if e.replay { t_string!(i18n, staff_replay).to_string() } else { String::new() };
                    let repeated = (e.count > 1).then(|| {
                        let last = time(e.last_at.as_deref().unwrap_or(&e.at));
                        t_string!(i18n, staff_timeline_count, n = e.count, last = last).to_string()
                    });
                    view! { <tr>
                        <td>{time(&e.at)}</td>
                        <td>{format!("{} {}", e.method, e.endpoint)}</td>
                        <td>{format!("{}{replay}", e.status)}</td>
                        <td>{e.bytes}</td>
                        <td>{e.detail}{repeated.map(|r| view! { <br /><span class="hint" data-testid="timeline-count">{r}</span> })}</td>
                    </tr> }
                }).collect_view()}
            </tbody>
        </table>
        {move || failed.get().map(|e| view! { <p class="error-message" role="alert">{t_string!(i18n, staff_failed, error = e).to_string()}</p> })}
        {move || {
            let shown = rows.with(|r| r.len() as u64);
            (shown < total).then(|| view! {
                <p><button type="button" class="button button-secondary" data-testid="timeline-more"
                    disabled=move || loading.get() on:click=more.clone()>
                    {t_string!(i18n, staff_timeline_more, shown = shown, total = total).to_string()}
                </button></p>
            })
        }}
    }
}
