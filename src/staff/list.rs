use chrono::Datelike;
use eport_domain::protocol::{StaffList, SubmissionState};
use eport_domain::queue::waiting;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::gate::{use_staff_gate, StaffGate};
use super::quarantine::QuarantineNotice;
use super::selection::{Chosen, SelectionActions};
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, ListParams, StaffError};

const STATES: [SubmissionState; 9] = [
    SubmissionState::Received,
    SubmissionState::InReview,
    SubmissionState::Approved,
    SubmissionState::Rejected,
    SubmissionState::ReadyForPickup,
    SubmissionState::Dispatched,
    SubmissionState::Collected,
    SubmissionState::Superseded,
    SubmissionState::AwaitingAttachments,
];

/// The list refreshes itself this often, keeping filters, page and focus.
const REFRESH_MS: u32 = 60_000;

/// 审核工作台: the review queue (open submissions, oldest first, their age in
/// business days, the overdue marked), counts per state, search, filters, pages.
#[component]
pub fn StaffList() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, staff_title)}</h1>
        <StaffGate><Submissions /></StaffGate>
    }
}

/// The list's parameters from the URL; the queue when it has none.
fn params_from_url() -> ListParams {
    let q = use_query_map();
    q.with_untracked(|q| {
        if q.get("state").is_none() && q.get("q").is_none() {
            return ListParams::queue();
        }
        let text = |k: &str| q.get(k).unwrap_or_default();
        ListParams {
            states: text("state"),
            q: text("q"),
            oldest_first: q.get("sort").as_deref() != Some("newest"),
            received_from: text("received_from"),
            received_to: text("received_to"),
            pickup: text("pickup"),
            claim: text("claim"),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    })
}

#[component]
fn Submissions() -> impl IntoView {
    let gate = use_staff_gate();
    let i18n = use_i18n();
    let lang = use_lang();
    let navigate = use_navigate();
    let start = params_from_url();
    // The form's fields, and what was last asked of the server.
    let form = RwSignal::new(start.clone());
    let asked = RwSignal::new(start);
    let tick = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        let p = asked.get();
        tick.track();
        async move { staff_api::list(&p).await }
    });
    let shown = RwSignal::new(None::<Result<StaffList, StaffError>>);
    // Keep the last page on screen while a refresh runs: no flicker, no lost focus.
    Effect::new(move |_| {
        if let Some(r) = list.get() {
            if let Err(StaffError::Refused) = r {
                gate.refused();
            }
            shown.set(Some(r));
        }
    });
    // Dropped (stopped) with the list.
    StoredValue::new_local(gloo::timers::callback::Interval::new(
        REFRESH_MS,
        move || {
            tick.try_update(|t| *t += 1);
        },
    ));
    let ask = move |p: ListParams| {
        navigate(
            &format!("/staff?{}", p.query()),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
        asked.set(p.clone());
        form.set(p);
    };
    let ask_page = ask.clone();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut p = form.get_untracked();
        p.page = 1;
        ask(p);
    };
    let calendar = crate::calendar::use_calendar();
    let today = crate::clock::now().date_naive();
    // Chosen for printing or for claims, across pages and refreshes.
    let chosen = RwSignal::new(Vec::<Chosen>::new());
    calendar.need(today.year());
    let field = move |set: fn(&mut ListParams, String)| {
        move |ev: leptos::ev::Event| form.update(|p| set(p, event_target_value(&ev)))
    };
    view! {
        <form class="filters" on:submit=search>
            <div>
                <label for="staff-state" class="label">{t!(i18n, staff_filter_state)}</label>
                <select id="staff-state" class="input" prop:value=move || form.with(|p| p.states.clone())
                    on:change=field(|p, v| p.states = v)>
                    <option value=ListParams::queue().states>{t!(i18n, staff_queue)}</option>
                    <option value="">{t!(i18n, staff_all)}</option>
                    {STATES.into_iter().map(|s| view! { <option value=s.as_str()>{move || s.label(lang())}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="staff-claim-filter" class="label">{t!(i18n, staff_filter_claim)}</label>
                <select id="staff-claim-filter" class="input" prop:value=move || form.with(|p| p.claim.clone())
                    on:change=field(|p, v| p.claim = v)>
                    <option value="">{t!(i18n, staff_all)}</option>
                    <option value="mine">{t!(i18n, staff_filter_mine)}</option>
                    <option value="unclaimed">{t!(i18n, staff_filter_unclaimed)}</option>
                </select>
            </div>
            <div>
                <label for="staff-pickup" class="label">{t!(i18n, staff_filter_pickup)}</label>
                <select id="staff-pickup" class="input" prop:value=move || form.with(|p| p.pickup.clone())
                    on:change=field(|p, v| p.pickup = v)>
                    <option value="">{t!(i18n, staff_all)}</option>
                    <option value="mail">{move || eport_domain::case::PickupMethod::Mail.label(lang())}</option>
                    <option value="window">{move || eport_domain::case::PickupMethod::Window.label(lang())}</option>
                </select>
            </div>
            <div>
                <label for="staff-q" class="label">{t!(i18n, staff_search)}</label>
                <input id="staff-q" type="search" class="input" prop:value=move || form.with(|p| p.q.clone())
                    on:input=field(|p, v| p.q = v) />
            </div>
            <div>
                <label for="staff-from" class="label">{t!(i18n, staff_received_from)}</label>
                <input id="staff-from" type="date" class="input" prop:value=move || form.with(|p| p.received_from.clone())
                    on:change=field(|p, v| p.received_from = v) />
            </div>
            <div>
                <label for="staff-to" class="label">{t!(i18n, staff_received_to)}</label>
                <input id="staff-to" type="date" class="input" prop:value=move || form.with(|p| p.received_to.clone())
                    on:change=field(|p, v| p.received_to = v) />
            </div>
            <div>
                <label for="staff-sort" class="label">{t!(i18n, staff_sort)}</label>
                <select id="staff-sort" class="input" prop:value=move || if form.with(|p| p.oldest_first) { "oldest" } else { "newest" }
                    on:change=field(|p, v| p.oldest_first = v != "newest")>
                    <option value="oldest">{t!(i18n, staff_sort_oldest)}</option>
                    <option value="newest">{t!(i18n, staff_sort_newest)}</option>
                </select>
            </div>
            <button type="submit" class="button">{t!(i18n, staff_search_button)}</button>
            <button type="button" class="button button-secondary" on:click=move |_| tick.update(|t| *t += 1)>{t!(i18n, staff_refresh)}</button>
        </form>
        <super::register::RegisterExport asked=asked />
        <ul class="tool-links">
            <li><A href="/staff/tools/dispatch">{t!(i18n, staff_batch_link)}</A></li>
            <li><A href="/staff/tools/statistics">{t!(i18n, staff_stats_link)}</A></li>
        </ul>
        {move || shown.with(|l| l.as_ref().and_then(|l| l.as_ref().ok()).filter(|l| l.quarantined > 0).map(|l| l.quarantined))
            .map(|n| view! { <QuarantineNotice count=n /> })}
        {move || shown.with(|l| l.as_ref().and_then(|l| l.as_ref().ok()).map(|l| l.counts.clone())).map(|counts| view! {
            <p class="counts" data-testid="staff-counts"><span class="visually-hidden">{t!(i18n, staff_counts)}": "</span>
                {counts.into_iter().map(|c| view! { <span class="tag-plain" data-state=c.state.as_str()>{move || format!("{} {}", c.state.label(lang()), c.count)}</span>" " }).collect_view()}
            </p>
        })}
        {move || match shown.get() {
            None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-message" role="alert">{t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string()}</p> }.into_any(),
            Some(Ok(l)) if l.items.is_empty() => view! { <p data-testid="staff-none">{t!(i18n, staff_none)}</p> }.into_any(),
            Some(Ok(l)) => {
                let pages = l.total.div_ceil(u64::from(l.page_size.max(1))).max(1) as u32;
                let page = l.page;
                let ask_prev = ask_page.clone();
                let ask_next = ask_page.clone();
                view! {
                <table class="cases" data-testid="staff-list">
                    <caption class="visually-hidden">{t!(i18n, staff_list_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, staff_col_reference)}</th>
                        <th scope="col">{t!(i18n, staff_col_enterprise)}</th>
                        <th scope="col">{t!(i18n, staff_col_state)}</th>
                        <th scope="col">{t!(i18n, staff_col_received)}</th>
                        <th scope="col">{t!(i18n, staff_col_waiting)}</th>
                        <th scope="col">{t!(i18n, staff_col_holder)}</th>
                        <th scope="col">{t!(i18n, staff_col_decided_at)}</th>
                    </tr></thead>
                    <tbody>
                        {l.items.into_iter().map(|i| {
                            let label = i.reference.clone().unwrap_or_else(|| i.id.clone());
                            // Addressed by what staff say on the phone: the reference.
                            let href = format!("/staff/{label}");
                            let received = i.received_at.clone().unwrap_or_default();
                            let arrived = eport_domain::calendar::parse_instant(&received)
                                .map(|t| t.with_timezone(&eport_domain::calendar::shanghai()).date_naive());
                            let open = matches!(i.state, SubmissionState::Received | SubmissionState::InReview);
                            // Recounted when a year of holidays arrives.
                            let wait = move || arrived.filter(|_| open).map(|d| {
                                calendar.need(d.year());
                                waiting(&calendar.get(), d, today)
                            });
                            let overdue = move || wait().is_some_and(|w| w.overdue);
                            view! {
                                <tr data-state=i.state.as_str() class:overdue=overdue data-overdue=move || overdue().to_string()>
                                    <td>{{
                                        let labelled = i.state == SubmissionState::Approved && i.pickup == Some(eport_domain::case::PickupMethod::Mail);
                                        let (r, r2, r3) = (label.clone(), label.clone(), label.clone());
                                        view! { <input type="checkbox" class="choose" data-testid="choose"
                                            aria-label=move || t_string!(i18n, staff_choose, reference = r3.clone()).to_string()
                                            prop:checked=move || chosen.with(|c| c.iter().any(|c| c.reference == r))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let reference = r2.clone();
                                                chosen.update(|c| {
                                                    c.retain(|x| x.reference != reference);
                                                    if on { c.push(Chosen { reference, labelled }) }
                                                })
                                            } /> }
                                    }}<A href=href>{label}</A></td>
                                    <td>{format!("{} · {}", i.enterprise, i.uscc)}<super::arrival::ArrivalTags signs=i.arrival.clone() /></td>
                                    <td>{move || i.state.label(lang())}</td>
                                    <td>{received.get(..16).unwrap_or("").replace('T', " ")}</td>
                                    <td data-testid="waiting">{move || wait().map(|w| view! {
                                        {crate::lang::counted!(i18n, staff_waiting_days / staff_waiting_days_single, w.business_days)}
                                        {w.overdue.then(|| view! {
                                            " "<strong class="tag-warning">{t!(i18n, staff_overdue)}</strong>
                                            <span class="hint">" "{t_string!(i18n, staff_overdue_hint, date = crate::lang::format_date(w.due, lang())).to_string()}</span>
                                        })}
                                    })}</td>
                                    // Who holds it while open; who decided it after.
                                    <td data-testid="holder">{i.claim.as_ref().map(|c| c.holder.name.clone())
                                        .or_else(|| (!open).then(|| i.decided_by.as_ref().map(|d| d.name.clone())).flatten())}</td>
                                    <td data-testid="decided-at">{i.decided_at.clone().filter(|_| !open).map(|t| move || crate::lang::format_instant(&t, lang()))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <nav class="pager" aria-label=move || t_string!(i18n, staff_page, page = page, pages = pages, total = l.total).to_string()>
                    <p>{move || t_string!(i18n, staff_page, page = page, pages = pages, total = l.total).to_string()}</p>
                    {(page > 1).then(|| view! { <button type="button" class="button button-secondary"
                        on:click=move |_| { let mut p = asked.get_untracked(); p.page = page - 1; ask_prev(p) }>{t!(i18n, staff_prev)}</button> })}
                    {(page < pages).then(|| view! { <button type="button" class="button button-secondary"
                        on:click=move |_| { let mut p = asked.get_untracked(); p.page = page + 1; ask_next(p) }>{t!(i18n, staff_next)}</button> })}
                </nav>
            }.into_any()},
        }}
        <SelectionActions chosen=chosen changed=Callback::new(move |_| tick.update(|t| *t += 1)) />
    }
}
