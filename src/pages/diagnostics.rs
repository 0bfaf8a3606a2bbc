use leptos::prelude::*;
use leptos::task::spawn_local;

use eport_app_core::event_words::describe;

use crate::components::{state_label, LocalDataPanel};
use crate::helpdesk::{bundle, sandbox};
use crate::i18n::*;
use crate::store::durability::{human_bytes, use_storage_status};
use crate::store::{self, events::list_events};
use crate::sync::status::shown;

/// How many events the page lists (the bundle carries all of them).
const SHOWN_EVENTS: usize = 200;

/// Runs of the same routine event (a ping every 15 s, the same back-off
/// again) shown as one row with its count and time span, newest first.
fn collapse(
    events: Vec<store::events::EventRecord>,
) -> Vec<(store::events::EventRecord, usize, Option<String>)> {
    let mut out: Vec<(store::events::EventRecord, usize, Option<String>)> = Vec::new();
    for e in events {
        match out.last_mut() {
            Some((last, n, oldest)) if last.kind == e.kind && last.summary == e.summary => {
                *n += 1;
                *oldest = Some(e.at);
            }
            _ => out.push((e, 1, None)),
        }
    }
    out
}

/// 诊断: what the help desk needs, the bundle export, and the sandbox import.
#[component]
pub fn Diagnostics() -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::lang::use_lang();
    let storage = use_storage_status();
    let data = LocalResource::new(|| async {
        let cases = store::list_cases().await.unwrap_or_default();
        let outbox = store::list_outbox().await.unwrap_or_default();
        let mut events = list_events().await.unwrap_or_default();
        events.reverse();
        events.truncate(SHOWN_EVENTS);
        (cases, outbox, events)
    });
    let personal = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let export = move |_| {
        let storage_info = bundle::StorageInfo {
            persisted: storage.persisted.get_untracked(),
            usage: storage.estimate.get_untracked().map(|e| e.0),
            quota: storage.estimate.get_untracked().map(|e| e.1),
        };
        let with_personal = personal.get_untracked();
        spawn_local(async move {
            let result = match bundle::build(with_personal, storage_info).await {
                Ok(b) => bundle::download(&b),
                Err(e) => Err(e.to_string()),
            };
            message.set(Some(match result {
                Ok(()) => (true, t_string!(i18n, diag_exported).to_string()),
                Err(e) => (
                    false,
                    t_string!(i18n, diag_export_failed, error = e).to_string(),
                ),
            }));
        });
    };
    let import = move |ev: web_sys::Event| {
        let Some(file) = crate::files::picked(&ev) else {
            return;
        };
        message.set(Some((true, t_string!(i18n, diag_importing).to_string())));
        spawn_local(async move {
            let opened = async {
                let text = crate::files::read_text(&file).await?;
                let b = sandbox::parse(&text)?;
                sandbox::enter(&b).await
            };
            match opened.await {
                Ok(()) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign("/");
                    }
                }
                Err(e) => message.set(Some((
                    false,
                    t_string!(i18n, diag_import_failed, error = e).to_string(),
                ))),
            }
        });
    };
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    view! {
        <h1>{t!(i18n, diag_title)}</h1>
        <p class="lead">{t!(i18n, diag_intro)}</p>
        <section class="panel" aria-labelledby="diag-export">
            <h2 id="diag-export">{t!(i18n, diag_export)}</h2>
            <div class="checkbox">
                <input type="checkbox" id="diag-personal" prop:checked=move || personal.get()
                    on:change=move |ev| personal.set(event_target_checked(&ev)) />
                <label for="diag-personal">{t!(i18n, diag_include_personal)}</label>
            </div>
            <button type="button" class="button" on:click=export>{t!(i18n, diag_export)}</button>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice" } else { "error-message" } role=if ok { "status" } else { "alert" }
                    data-testid="diag-message">{text}</p>
            })}
        </section>
        <section aria-labelledby="diag-device">
            <h2 id="diag-device">{t!(i18n, diag_device)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, diag_app_version)}</dt>
                <dd>{format!("{} ({})", env!("CARGO_PKG_VERSION"), crate::app_update::build_id())}</dd>
                <dt>{t!(i18n, diag_browser)}</dt>
                <dd>{ua}</dd>
                <dt>{t!(i18n, diag_storage)}</dt>
                <dd>{move || {
                    let p = match storage.persisted.get() {
                        Some(true) => t_string!(i18n, storage_persisted).to_string(),
                        Some(false) => t_string!(i18n, storage_not_persisted).to_string(),
                        None => t_string!(i18n, storage_unknown).to_string(),
                    };
                    match storage.estimate.get() {
                        Some((u, q)) => format!("{p} · {}", t_string!(i18n, storage_usage, used = human_bytes(u), quota = human_bytes(q))),
                        None => p,
                    }
                }}</dd>
            </dl>
        </section>
        {move || data.get().map(|(cases, outbox, events)| {
            let today = crate::clock::now().date_naive();
            let (helper_events, user_events): (Vec<_>, Vec<_>) = events.into_iter().partition(|e| e.helper);
            let n_events = user_events.len();
            view! {
                <section aria-labelledby="diag-cases">
                    <h2 id="diag-cases">{t!(i18n, diag_cases)}</h2>
                    <table class="cases" data-testid="diag-cases">
                        <caption class="visually-hidden">{t!(i18n, diag_cases)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, diag_col_case)}</th>
                            <th scope="col">{t!(i18n, diag_col_state)}</th>
                            <th scope="col">{t!(i18n, diag_col_summary)}</th>
                        </tr></thead>
                        <tbody>
                            // Told apart by business type, reference and state (and the
                            // case id for the help desk), not only by enterprise name.
                            {cases.into_iter().map(|c| {
                                let entry = c.submission_id.as_ref().and_then(|id| outbox.iter().find(|e| &e.id == id));
                                let state = state_label(shown(entry), i18n);
                                let reference = entry.and_then(|e| e.remote.as_ref()?.reference.clone());
                                let n = c.issues(today).iter().filter(|i| i.blocks()).count();
                                let name = if c.enrollment.enterprise.name.is_empty() { t_string!(i18n, unnamed_enterprise).to_string() } else { c.enrollment.enterprise.name.clone() };
                                let kind = c.kind;
                                view! { <tr data-testid="diag-case">
                                    <td>{name}<br /><span class="hint">{move || eport_domain::catalog::business(kind).name.get(lang())}</span>
                                        <br /><span class="hint hash">{c.id.clone()}</span></td>
                                    <td>{state}{reference.map(|r| view! { <br /><span class="hint" data-testid="diag-reference">{r}</span> })}</td>
                                    <td>{t_string!(i18n, diag_case_findings, n = n).to_string()}</td>
                                </tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section aria-labelledby="diag-events">
                    <h2 id="diag-events">{t_string!(i18n, diag_events, n = n_events).to_string()}</h2>
                    {event_table(user_events, "diag-events", t_string!(i18n, diag_events, n = n_events).to_string(), i18n)}
                    // A sandbox tab's own doings (its calendar requests, the
                    // outbox it does not run) are the help desk's, not the user's.
                    {(!helper_events.is_empty()).then(|| {
                        let title = t_string!(i18n, diag_helper_events, n = helper_events.len()).to_string();
                        view! {
                            <details data-testid="diag-helper-events">
                                <summary>{title.clone()}</summary>
                                {event_table(helper_events, "diag-helper-event-table", title, i18n)}
                            </details>
                        }
                    })}
                </section>
            }
        })}
        <LocalDataPanel on_cleared=Callback::new(move |_| data.refetch()) />
        <section class="panel" aria-labelledby="diag-import">
            <h2 id="diag-import">{t!(i18n, diag_sandbox_title)}</h2>
            <label for="diag-import-file" class="label">{t!(i18n, diag_import_label)}</label>
            <input type="file" id="diag-import-file" accept="application/json,.json" on:change=import />
        </section>
    }
}

/// Events as a table, a repeated one once with its count.
fn event_table(
    events: Vec<store::events::EventRecord>,
    test_id: &'static str,
    caption: String,
    i18n: leptos_i18n::I18nContext<Locale>,
) -> impl IntoView {
    let lang = crate::lang::use_lang();
    view! {
        <table class="cases events" data-testid=test_id>
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr>
                <th scope="col">{t!(i18n, diag_col_time)}</th>
                <th scope="col">{t!(i18n, diag_col_summary)}</th>
            </tr></thead>
            <tbody>
                {collapse(events).into_iter().map(|(e, n, first)| {
                    let when = |t: &str| t.get(..19).unwrap_or(t).replace('T', " ");
                    let time = match &first {
                        Some(f) => format!("{} – {}", when(f), when(&e.at)),
                        None => when(&e.at),
                    };
                    // Words first, in the reader's language; what the code logged folded below.
                    let words = describe(&e.kind, e.endpoint.as_deref(), e.status, lang());
                    view! {
                        <tr data-testid="diag-event"><td>{time}</td>
                            <td>{words}{(n > 1).then(|| view! { " "<strong class="tag tag-grey" data-testid="diag-repeat">{format!("×{n}")}</strong> })}
                                <details class="tech-detail"><summary>{t!(i18n, diag_tech)}</summary>
                                    <code>{format!("{} · {}", e.kind, e.summary)}</code></details></td></tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
