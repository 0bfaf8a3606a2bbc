//! A submission's request log for staff, folded at the end of the review page
//! and grouped as a reviewer reads it: the declaration itself, each
//! attachment's upload, and the decisions; each group collapsed with a
//! one-line summary. Each row says what happened in the reviewer's language
//! (the server's English line only for rows recorded before events were
//! kept). The first page comes with the detail, further pages on request. A
//! run of identical requests is one row with its count.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, TimelineEntry};

fn time(at: &str) -> String {
    at.get(..19).unwrap_or(at).replace('T', " ")
}

#[derive(Clone, PartialEq)]
enum Group {
    Declaration,
    Attachment(String),
    Decisions,
}

fn group_of(e: &TimelineEntry) -> Group {
    match &e.target {
        Some(sha) => Group::Attachment(sha.clone()),
        None if e.actor.is_some() || e.event.as_ref().is_some_and(|v| v.is_staff_action()) => {
            Group::Decisions
        }
        None => Group::Declaration,
    }
}

/// The rows in groups, each group in the order of its first request.
fn grouped(rows: Vec<TimelineEntry>) -> Vec<(Group, Vec<TimelineEntry>)> {
    let mut out: Vec<(Group, Vec<TimelineEntry>)> = Vec::new();
    for e in rows {
        let g = group_of(&e);
        match out.iter_mut().find(|(k, _)| *k == g) {
            Some((_, v)) => v.push(e),
            None => out.push((g, vec![e])),
        }
    }
    out
}

#[component]
pub fn StaffTimelineTable(
    key: String,
    first: Vec<TimelineEntry>,
    total: u64,
    /// SHA-256 → the slot label(s) of that attachment, in the language on screen.
    attachments: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
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
    let title = move |g: &Group| match g {
        Group::Declaration => t_string!(i18n, staff_timeline_declaration).to_string(),
        Group::Decisions => t_string!(i18n, staff_timeline_decisions).to_string(),
        Group::Attachment(sha) => attachments.with(|a| {
            a.iter()
                .find(|(s, _)| s == sha)
                .map(|(_, label)| label.clone())
                .unwrap_or_else(|| sha.get(..12).unwrap_or(sha).to_string())
        }),
    };
    let row = move |e: TimelineEntry| {
        let replay = if e.replay {
            t_string!(i18n, staff_replay).to_string()
        } else {
            String::new()
        };
        let repeated = (e.count > 1).then(|| {
            let last = time(e.last_at.as_deref().unwrap_or(&e.at));
            crate::lang::counted!(
                i18n,
                staff_timeline_count / staff_timeline_count_single,
                e.count,
                last = last
            )
        });
        let who = e.actor.as_ref().map(|a| format!("{} · ", a.name));
        let (event, detail) = (e.event.clone(), e.detail.clone());
        let said = move || match &event {
            Some(v) => {
                let more = v.particulars(lang());
                let sep = if more.is_empty() {
                    ""
                } else {
                    lang().pick("：", ": ")
                };
                format!(
                    "{}{}{sep}{more}",
                    who.clone().unwrap_or_default(),
                    v.headline(lang())
                )
            }
            None => detail.clone(),
        };
        view! { <tr>
            <td>{time(&e.at)}</td>
            <td>{format!("{} {}", e.method, e.endpoint)}</td>
            <td>{format!("{}{replay}", e.status)}</td>
            <td>{e.bytes}</td>
            <td>{said}{repeated.map(|r| view! { <br /><span class="hint" data-testid="timeline-count">{r}</span> })}</td>
        </tr> }
    };
    view! {
        <details class="request-log" data-testid="request-log">
        <summary>
            <h3 id="staff-timeline-title">{t!(i18n, staff_timeline)}</h3>
            " · "{move || crate::lang::counted!(i18n, staff_timeline_total / staff_timeline_total_single, total)}
        </summary>
        <div data-testid="staff-timeline" role="group" aria-labelledby="staff-timeline-title">
            {move || grouped(rows.get()).into_iter().map(|(g, entries)| {
                let requests: u32 = entries.iter().map(|e| e.count).sum();
                let refused = entries.iter().filter(|e| e.status >= 400).count();
                let last = entries.last().map(|e| time(e.last_at.as_deref().unwrap_or(&e.at))).unwrap_or_default();
                let kind = match &g {
                    Group::Declaration => "declaration",
                    Group::Attachment(_) => "attachment",
                    Group::Decisions => "decisions",
                };
                let summary = if refused > 0 {
                    crate::lang::counted!(i18n, staff_timeline_summary_refused / staff_timeline_summary_refused_single, requests, refused = refused, last = last.clone())
                } else {
                    crate::lang::counted!(i18n, staff_timeline_summary / staff_timeline_summary_single, requests, last = last.clone())
                };
                view! {
                    <details class="timeline-group" data-group=kind>
                        <summary><strong>{title(&g)}</strong>" · "{summary}</summary>
                        <table class="cases">
                            <thead><tr>
                                <th scope="col">{t!(i18n, diag_col_time)}</th>
                                <th scope="col">{t!(i18n, staff_col_request)}</th>
                                <th scope="col">{t!(i18n, staff_col_status)}</th>
                                <th scope="col">{t!(i18n, staff_col_bytes)}</th>
                                <th scope="col">{t!(i18n, staff_col_detail)}</th>
                            </tr></thead>
                            <tbody>{entries.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </details>
                }
            }).collect_view()}
        </div>
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
        </details>
    }
}
