//! 统计: a period's figures (the server computes them, the same as the
//! register's statistics sheet): the totals and turnaround first, then per
//! day, returns by reason and decisions per reviewer, each a chart with its
//! numbers in a table beside it. The period is in the address.

use eport_domain::statistics::{Spread, Statistics};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::charts::{Bars, Columns, Legend, Series};
use super::gate::{use_staff_gate, StaffGate};
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, ListParams, StaffError};

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p><A href="/staff">{t!(i18n, staff_back)}</A></p>
        <h1>{t!(i18n, staff_stats_title)}</h1>
        <StaffGate><Figures /></StaffGate>
    }
}

#[component]
fn Figures() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let gate = use_staff_gate();
    let q = use_query_map();
    let navigate = use_navigate();
    let from = RwSignal::new(q.with_untracked(|q| q.get("from").unwrap_or_default()));
    let to = RwSignal::new(q.with_untracked(|q| q.get("to").unwrap_or_default()));
    let shown = RwSignal::new(None::<Result<Statistics, String>>);
    let exported = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    // Loads whenever the address's period changes (the form navigates).
    Effect::new(move |_| {
        let (f, t) = q.with(|q| {
            (
                q.get("from").unwrap_or_default(),
                q.get("to").unwrap_or_default(),
            )
        });
        spawn_local(async move {
            let got = match staff_api::statistics(&f, &t).await {
                Ok(s) => {
                    // An address without a period shows the server's default one.
                    from.set(s.from.to_string());
                    to.set(s.to.to_string());
                    Ok(s)
                }
                Err(StaffError::Refused) => {
                    gate.refused();
                    return;
                }
                Err(StaffError::Unprocessable(r) | StaffError::Conflict(r)) => Err(r.text(lang())),
                Err(e) => Err(t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string()),
            };
            let _ = shown.try_set(Some(got));
        });
    });
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let path = format!(
            "/staff/tools/statistics?from={}&to={}",
            from.get_untracked(),
            to.get_untracked()
        );
        navigate(&path, NavigateOptions::default());
    };
    let export = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        exported.set(None);
        let params = ListParams {
            received_from: from.get_untracked(),
            received_to: to.get_untracked(),
            ..ListParams::default()
        };
        let l = lang();
        spawn_local(async move {
            let got = match staff_api::register(&params, "xlsx", false, l).await {
                Ok(file) => {
                    crate::files::save_file(&file.name, &file.mime, &file.bytes).map(|_| file.name)
                }
                Err(StaffError::Refused) => {
                    gate.refused();
                    Err(String::new())
                }
                Err(StaffError::Unprocessable(r) | StaffError::Conflict(r)) => Err(r.text(l)),
                Err(e) => Err(t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string()),
            };
            let _ = busy.try_set(false);
            let _ = exported.try_set(Some(got));
        });
    };
    view! {
        <form class="stat-period" on:submit=show aria-labelledby="stat-period-title" data-testid="stat-period">
            <h2 id="stat-period-title" class="visually-hidden">{t!(i18n, staff_stats_period)}</h2>
            <div>
                <label for="stat-from" class="label">{t!(i18n, staff_stats_from)}</label>
                <input id="stat-from" type="date" class="input" required prop:value=move || from.get()
                    on:change=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div>
                <label for="stat-to" class="label">{t!(i18n, staff_stats_to)}</label>
                <input id="stat-to" type="date" class="input" required prop:value=move || to.get()
                    on:change=move |ev| to.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button">{t!(i18n, staff_stats_show)}</button>
            <button type="button" class="button button-secondary" on:click=export aria-busy=move || busy.get().to_string()>
                {t!(i18n, staff_stats_export)}
            </button>
            <p role="status" data-testid="stat-export-outcome">{move || exported.get().map(|o| match o {
                Ok(name) => view! { <span class="notice">{move || t_string!(i18n, staff_register_saved, name = name.clone()).to_string()}</span> }.into_any(),
                Err(t) => view! { <span class="error-message">{t}</span> }.into_any(),
            })}</p>
        </form>
        {move || match shown.get() {
            None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-message" role="alert">{e}</p> }.into_any(),
            Some(Ok(s)) => view! { <Shown s=s /> }.into_any(),
        }}
    }
}

/// `中位数 1 · 90% 4`, its parts marked for tests and screen readers alike.
#[component]
fn SpreadFigure(spread: Spread, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let shown = move |v: Option<u32>| {
        v.map_or_else(
            || t_string!(i18n, staff_stats_none_value).to_string(),
            |v| v.to_string(),
        )
    };
    let (median, p90) = (spread.median, spread.p90);
    view! {
        <dd data-testid=testid data-median=median.map(|v| v.to_string()) data-p90=p90.map(|v| v.to_string())>
            {t!(i18n, staff_stats_median)}" "<strong>{shown(median)}</strong>" · "
            {t!(i18n, staff_stats_p90)}" "<strong>{shown(p90)}</strong>
        </dd>
        <dd class="hint">{move || crate::lang::counted!(i18n, staff_stats_cases / staff_stats_cases_single, spread.cases)}</dd>
    }
}

#[component]
fn Shown(s: Statistics) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let t = s.totals();
    let today = s.today;
    let figure = move |label: String, testid: &'static str, n: u32| {
        view! { <div><dt>{label}</dt><dd class="stat-number" data-testid=testid>{n}</dd></div> }
    };
    let s2 = s.clone();
    let late = s.overdue_now > 0;
    view! {
        <p class="hint">{move || t_string!(i18n, staff_stats_hint, today = crate::lang::format_date(today, lang())).to_string()}</p>
        <section aria-labelledby="stat-summary-title">
            <h2 id="stat-summary-title">{t!(i18n, staff_stats_summary)}</h2>
            {move || view! {
                <dl class="stat-summary" data-testid="stat-summary">
                    {figure(t_string!(i18n, staff_stats_arrivals).to_string(), "stat-arrivals", t.arrivals)}
                    {figure(t_string!(i18n, staff_stats_approved).to_string(), "stat-approved", t.approved)}
                    {figure(t_string!(i18n, staff_stats_returned).to_string(), "stat-returned", t.returned)}
                    {figure(t_string!(i18n, staff_stats_dispatched).to_string(), "stat-dispatched", t.dispatched)}
                    {figure(t_string!(i18n, staff_stats_collected).to_string(), "stat-collected", t.collected)}
                    <div>
                        <dt>{t!(i18n, staff_stats_open)}</dt>
                        <dd class="stat-number" data-testid="stat-open">{s2.open_now}</dd>
                        <dd class:tag-warning=late data-testid="stat-overdue" data-count=s2.overdue_now.to_string()>
                            {t_string!(i18n, staff_stats_overdue, n = s2.overdue_now).to_string()}
                        </dd>
                    </div>
                    <div><dt>{t!(i18n, staff_stats_to_decision)}</dt><SpreadFigure spread=s2.to_decision testid="stat-to-decision" /></div>
                    <div><dt>{t!(i18n, staff_stats_to_hand_out)}</dt><SpreadFigure spread=s2.to_hand_out testid="stat-to-hand-out" /></div>
                </dl>
            }}
        </section>
        <Days s=s.clone() />
        <Reasons s=s.clone() />
        <Reviewers s=s />
    }
}

#[component]
fn Days(s: Statistics) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let t = s.totals();
    move || {
        let series = vec![
            Series {
                class: "series-a",
                name: t_string!(i18n, staff_stats_arrivals).to_string(),
                values: s.days.iter().map(|d| d.arrivals).collect(),
            },
            Series {
                class: "series-b",
                name: t_string!(i18n, staff_stats_decisions).to_string(),
                values: s.days.iter().map(|d| d.decisions()).collect(),
            },
            Series {
                class: "series-c",
                name: t_string!(i18n, staff_stats_handed_out).to_string(),
                values: s.days.iter().map(|d| d.handed_out()).collect(),
            },
        ];
        let labels = s
            .days
            .iter()
            .map(|d| d.date.format("%m-%d").to_string())
            .collect();
        let title = t_string!(i18n, staff_stats_days_title).to_string();
        let _ = lang();
        view! {
            <section class="stat-pair" aria-labelledby="stat-days-title">
                <h2 id="stat-days-title">{title.clone()}</h2>
                <div>
                    <Columns id="chart-days".into() title=title labels=labels series=series.clone() />
                    <Legend series=series />
                </div>
                <div class="stat-table" role="region" tabindex="0" aria-labelledby="stat-days-caption">
                    <table class="stat-numbers" data-testid="stat-days">
                        <caption id="stat-days-caption" class="visually-hidden">{t!(i18n, staff_stats_days_caption)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, staff_stats_day)}</th>
                            <th scope="col">{t!(i18n, staff_stats_arrivals)}</th>
                            <th scope="col">{t!(i18n, staff_stats_approved)}</th>
                            <th scope="col">{t!(i18n, staff_stats_returned)}</th>
                            <th scope="col">{t!(i18n, staff_stats_dispatched)}</th>
                            <th scope="col">{t!(i18n, staff_stats_collected)}</th>
                        </tr></thead>
                        <tbody>{s.days.iter().map(|d| view! {
                            <tr data-date=d.date.to_string()>
                                <th scope="row">{d.date.to_string()}</th>
                                <td>{d.arrivals}</td><td>{d.approved}</td><td>{d.returned}</td>
                                <td>{d.dispatched}</td><td>{d.collected}</td>
                            </tr>
                        }).collect_view()}</tbody>
                        <tfoot><tr data-date="total">
                            <th scope="row">{t!(i18n, staff_stats_total)}</th>
                            <td>{t.arrivals}</td><td>{t.approved}</td><td>{t.returned}</td>
                            <td>{t.dispatched}</td><td>{t.collected}</td>
                        </tr></tfoot>
                    </table>
                </div>
            </section>
        }
    }
}

#[component]
fn Reasons(s: Statistics) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    move || {
        let title = t_string!(i18n, staff_stats_reasons_title).to_string();
        let names: Vec<String> = s.returns.iter().map(|r| r.reason.text(lang())).collect();
        let series = vec![Series {
            class: "series-d",
            name: t_string!(i18n, staff_stats_count).to_string(),
            values: s.returns.iter().map(|r| r.count).collect(),
        }];
        view! {
            <section class="stat-pair" aria-labelledby="stat-reasons-title">
                <h2 id="stat-reasons-title">{title.clone()}</h2>
                {if names.is_empty() {
                    view! { <p data-testid="stat-reasons-none">{t!(i18n, staff_stats_none)}</p> }.into_any()
                } else {
                    view! {
                        <div><Bars id="chart-reasons".into() title=title names=names.clone() series=series /></div>
                        <table class="stat-numbers" data-testid="stat-reasons">
                            <thead><tr>
                                <th scope="col">{t!(i18n, staff_stats_reason)}</th>
                                <th scope="col">{t!(i18n, staff_stats_count)}</th>
                            </tr></thead>
                            <tbody>{names.into_iter().zip(s.returns.iter().map(|r| r.count)).map(|(n, c)| view! {
                                <tr><th scope="row">{n}</th><td>{c}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        }
    }
}

#[component]
fn Reviewers(s: Statistics) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    move || {
        let _ = lang();
        let title = t_string!(i18n, staff_stats_reviewers_title).to_string();
        let names: Vec<String> = s
            .reviewers
            .iter()
            .map(|w| w.reviewer.name.clone())
            .collect();
        let series = vec![
            Series {
                class: "series-b",
                name: t_string!(i18n, staff_stats_approved).to_string(),
                values: s.reviewers.iter().map(|w| w.approved).collect(),
            },
            Series {
                class: "series-d",
                name: t_string!(i18n, staff_stats_returned).to_string(),
                values: s.reviewers.iter().map(|w| w.returned).collect(),
            },
        ];
        view! {
            <section class="stat-pair" aria-labelledby="stat-reviewers-title">
                <h2 id="stat-reviewers-title">{title.clone()}</h2>
                {if names.is_empty() {
                    view! { <p>{t!(i18n, staff_stats_none)}</p> }.into_any()
                } else {
                    view! {
                        <div>
                            <Bars id="chart-reviewers".into() title=title names=names series=series.clone() />
                            <Legend series=series />
                        </div>
                        <table class="stat-numbers" data-testid="stat-reviewers">
                            <thead><tr>
                                <th scope="col">{t!(i18n, staff_stats_reviewer)}</th>
                                <th scope="col">{t!(i18n, staff_stats_approved)}</th>
                                <th scope="col">{t!(i18n, staff_stats_returned)}</th>
                            </tr></thead>
                            <tbody>{s.reviewers.iter().map(|w| view! {
                                <tr data-login=w.reviewer.login.clone()><th scope="row">{w.reviewer.name.clone()}</th><td>{w.approved}</td><td>{w.returned}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }}
            </section>
        }
    }
}
