//! 审核单: one submission as A4 sheets for the file (two at most): the
//! declared fields in the official order, each scan small with its label,
//! the checklist with who ticked each line, the decision history. No
//! buttons or request log in print; the browser's print makes the PDF.
//! Several chosen in the list print as one, each from a new page.

use eport_domain::protocol::StaffSubmission;
use eport_domain::review::checklist;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::gate::{use_staff_gate, StaffGate};
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, StaffError};

/// Most sheets one print holds (each loads its scans).
const MAX_SHEETS: usize = 50;

fn print_button() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="button" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{t!(i18n, staff_sheet_print)}</button>
    }
}

/// `/staff/:key/sheet`: one case, from its review page.
#[component]
pub fn CaseSheet() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = params.with_untracked(|p| p.get("key").unwrap_or_default());
    view! {
        <p class="no-print"><A href=format!("/staff/{key}")>{t!(i18n, staff_sheet_back)}</A>" "{print_button()}</p>
        <StaffGate><SheetOf key=key.clone() /></StaffGate>
    }
}

/// `/staff/tools/sheets?refs=`: the cases chosen in the list, each from a new page, one print.
#[component]
pub fn CaseSheets() -> impl IntoView {
    let i18n = use_i18n();
    let refs: Vec<String> = super::selection::chosen_in_address();
    let n = refs.len();
    view! {
        <p class="no-print"><A href="/staff">{t!(i18n, staff_back)}</A>" "{print_button()}</p>
        <h1 class="no-print">{move || crate::lang::counted!(i18n, staff_sheets_title / staff_sheets_title_single, n)}</h1>
        {(n > MAX_SHEETS).then(|| view! {
            <p class="error-message no-print" role="alert">{t_string!(i18n, staff_sheets_too_many, n = MAX_SHEETS).to_string()}</p>
        })}
        <StaffGate>
            <div class="case-sheets">
                {refs.iter().take(MAX_SHEETS).map(|k| view! { <SheetOf key=k.clone() /> }).collect_view()}
            </div>
        </StaffGate>
    }
}

#[component]
fn SheetOf(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_staff_gate();
    let sub = LocalResource::new(move || {
        let k = key.clone();
        async move { staff_api::show(&k).await }
    });
    view! {
        {move || match sub.get() {
            None => view! { <p class="loading no-print" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(Err(StaffError::Refused)) => { gate.refused(); ().into_any() }
            Some(Err(e)) => view! { <p class="error-message" role="alert">{t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string()}</p> }.into_any(),
            Some(Ok(s)) => view! { <SheetBody sub=s /> }.into_any(),
        }}
    }
}

#[component]
fn SheetBody(sub: StaffSubmission) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let st = sub.status.clone();
    let title = st.reference.clone().unwrap_or_else(|| st.id.clone());
    let case = StoredValue::new(sub.manifest.as_ref().map(|m| m.case.clone()));
    let groups = move || super::answer_groups(case, lang());
    // Each complete image, small, labelled as the enterprise saw its slot.
    let slots = sub
        .manifest
        .as_ref()
        .map(|m| eport_domain::manifest::case_slots(&m.case))
        .unwrap_or_default();
    let scans: Vec<_> = sub
        .attachments
        .iter()
        .filter(|a| a.complete && a.mime.starts_with("image/"))
        .map(|a| {
            let path = slots.iter().find(|(s, _)| *s == a.slot).map(|(_, p)| *p);
            let url = RwSignal::new(None::<String>);
            let (key, sha, mime) = (st.id.clone(), a.sha256.clone(), a.mime.clone());
            spawn_local(async move {
                if let Ok(bytes) = staff_api::attachment(&key, &sha).await {
                    let _ = url.try_set(crate::files::object_url(&bytes, &mime));
                }
            });
            (path, a.name.clone(), url)
        })
        .collect();
    on_cleanup({
        let urls: Vec<_> = scans.iter().map(|(_, _, u)| *u).collect();
        move || {
            for u in urls {
                if let Some(u) = u.try_get_untracked().flatten() {
                    crate::files::revoke_url(&u);
                }
            }
        }
    });
    let items = case.with_value(|c| c.as_ref().map(checklist).unwrap_or_default());
    let ticks = sub.checklist.clone();
    let history = super::history::history(&sub.timeline);
    view! {
        <article class="case-sheet" data-testid="case-sheet">
            <header>
                <h1>{t!(i18n, staff_sheet_title)}</h1>
                <p>{t!(i18n, staff_col_reference)}"："<strong>{title}</strong>" · "{move || st.state.label(lang())}
                   " · "{t!(i18n, staff_col_received)}"："{st.received_at.clone().map(|t| move || crate::lang::format_instant(&t, lang()))}</p>
            </header>
            {move || groups().into_iter().map(|g| view! {
                <section class="sheet-group">
                    <h2>{g.title}</h2>
                    <dl class="sheet-fields">
                        {g.rows.into_iter().map(|r| view! {
                            <div><dt>{r.label}</dt><dd>{r.value}</dd></div>
                        }).collect_view()}
                    </dl>
                </section>
            }).collect_view()}
            <section class="sheet-group">
                <h2>{t!(i18n, staff_sheet_scans)}</h2>
                <ul class="sheet-scans">
                    {scans.into_iter().map(|(path, name, url)| {
                        let label = move || path.map(|p| p.label(lang())).unwrap_or_else(|| name.clone());
                        // The caption names the scan: the image itself needs no second name.
                        view! {
                            <li><figure>
                                {move || url.get().map(|u| view! { <img src=u alt="" /> })}
                                <figcaption>{label}</figcaption>
                            </figure></li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            <section class="sheet-group">
                <h2>{t!(i18n, staff_checklist)}</h2>
                <ul class="sheet-checklist">
                    {items.into_iter().map(|item| {
                        let tick = ticks.iter().find(|t| t.item == item.to_string()).cloned();
                        view! {
                            <li>
                                {if tick.is_some() { "☑ " } else { "☐ " }}
                                {move || item.label(lang())}
                                {tick.map(|t| view! { <span class="hint">" · "{move || t_string!(i18n, staff_checked_by, name = t.checked_by.name.clone(), at = crate::lang::format_instant(&t.checked_at, lang())).to_string()}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
            <super::history::DecisionHistory entries=history />
        </article>
    }
}
