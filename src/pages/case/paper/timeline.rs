//! 办理时限 with concrete dates, counted from the acceptance date the user
//! enters (today when empty) with the holiday calendar.

use chrono::{Datelike, NaiveDate};
use eport_domain::calendar::Estimate;
use eport_domain::catalog;
use eport_domain::timeline::timeline;
use eport_domain::Field;
use eport_domain::Lang;
use leptos::prelude::*;

use crate::clock;
use crate::components::TextField;
use crate::editor::use_editor;
use crate::i18n::*;
use crate::lang::{format_date, use_lang};

/// "2026年2月24日（星期二）" / "24 Feb 2026 (Tuesday)".
fn day(d: NaiveDate, lang: Lang) -> String {
    const ZH: [&str; 7] = [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ];
    let i = d.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::ZhCn => format!("{}（{}）", format_date(d, lang), ZH[i]),
        Lang::En => format!("{} ({})", format_date(d, lang), crate::lang::weekday_en(d)),
    }
}

#[component]
pub fn TimelineSection() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let b = catalog::business(e.case.with_untracked(|c| c.kind));
    let calendar = crate::calendar::use_calendar();
    let entered = Memo::new(move |_| {
        e.case
            .with(|c| crate::lang::parse_iso_date(&c.paper.acceptance_date))
    });
    let received = move || entered.get().unwrap_or_else(|| clock::now().date_naive());
    // Dispatch can fall into the next year.
    Effect::new(move |_| {
        let year = received().year();
        calendar.need(year);
        calendar.need(year + 1);
    });
    let dates = Memo::new(move |_| timeline(b, received(), &calendar.get()));
    let row = move |label: String, est: Estimate, testid: &'static str| {
        view! {
            <dt>{label}</dt>
            <dd data-testid=testid data-date=est.date.to_string()>{day(est.date, lang())}</dd>
        }
    };
    view! {
        <section aria-labelledby="p-time">
            <h2 id="p-time">{t!(i18n, guide_timeline)}</h2>
            {match b.dispatch {
                Some(_) => view! {
                    <TextField path=Field::AcceptanceDate input_type="date" optional=true
                        hint=Signal::derive(move || t_string!(i18n, hint_acceptance).to_string()) />
                    <dl class="facts timeline" aria-live="polite">
                        {move || {
                            let t = dates.get();
                            let accepted = Estimate { date: t.accepted, ignores_holidays: false };
                            view! {
                                {row(t_string!(i18n, timeline_accepted).to_string(), accepted, "timeline-accepted")}
                                {t.review.map(|r| row(t_string!(i18n, timeline_review).to_string(), r, "timeline-review"))}
                                {t.dispatch.map(|d| {
                                    let n = b.dispatch.map(|x| x.business_days).unwrap_or(0);
                                    row(t_string!(i18n, timeline_dispatch, n = n).to_string(), d, "timeline-dispatch")
                                })}
                            }
                        }}
                    </dl>
                    {move || {
                        let t = dates.get();
                        view! {
                            {t.moved.then(|| view! {
                                <p class="hint" data-testid="timeline-moved">
                                    {move || if entered.get().is_some() { t_string!(i18n, timeline_moved) } else { t_string!(i18n, timeline_moved_today) }}
                                </p>
                            })}
                            {t.dispatch.is_some_and(|d| d.ignores_holidays).then(|| view! { <p class="warning-message">{t!(i18n, timeline_no_holidays)}</p> })}
                        }
                    }}
                }.into_any(),
                None => view! { <p>{t!(i18n, dispatch_none)}</p> }.into_any(),
            }}
        </section>
    }
}
