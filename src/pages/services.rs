use eport_domain::catalog::{HALL_ADDRESS, HOTLINE, SERVICE_EMAIL, STATUS_SITE};
use leptos::prelude::*;

use crate::clock;
use crate::i18n::*;
use crate::lang::{format_date_time, use_lang};

/// 服务信息: hall address, hours, hotline, e-mail, and whether the hall is open now.
#[component]
pub fn Services() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let calendar = crate::calendar::use_calendar();
    // Recounted when a year's holidays arrive from the server.
    let hall = move || {
        let status = calendar.get().hall_status(clock::now());
        let open = status.open_now;
        let change = status.next_change;
        view! {
        <section class="hall-status" aria-labelledby="hall-now" data-testid="hall-status" data-open=open.to_string()>
            <h2 id="hall-now">
                {t!(i18n, hall_now)}" "
                <strong>{move || if open { t_string!(i18n, hall_open) } else { t_string!(i18n, hall_closed) }}</strong>
            </h2>
            {status.holiday.map(|name| view! { <p>{t!(i18n, hall_holiday, name = move || name.clone())}</p> })}
            <p>
                {move || {
                    let when = format_date_time(change, lang());
                    if open {
                        t_string!(i18n, hall_closes_at, time = crate::lang::format_time(change)).to_string()
                    } else {
                        t_string!(i18n, hall_next_open, when = when).to_string()
                    }
                }}
            </p>
            {status.ignores_holidays.then(|| view! { <p class="note">{t!(i18n, calendar_missing)}</p> })}
        </section>
        }
    };
    view! {
        <h1>{t!(i18n, services_title)}</h1>
        {hall}
        <dl class="facts">
            <dt>{t!(i18n, hall_address)}</dt>
            <dd>{move || eport_domain::gloss::official(HALL_ADDRESS, lang())}</dd>
            <dt>{t!(i18n, hall_hours)}</dt>
            <dd>{t!(i18n, hall_hours_text)}</dd>
            <dt>{t!(i18n, hotline)}</dt>
            <dd><a href=format!("tel:{}", HOTLINE.replace('-', ""))>{HOTLINE}</a>" · "{t!(i18n, hotline_hours)}</dd>
            <dt>{t!(i18n, service_email)}</dt>
            <dd><a href=format!("mailto:{SERVICE_EMAIL}")>{SERVICE_EMAIL}</a></dd>
            <dt>{t!(i18n, status_site)}</dt>
            <dd><a href=STATUS_SITE rel="noopener">{STATUS_SITE}</a></dd>
        </dl>
    }
}
