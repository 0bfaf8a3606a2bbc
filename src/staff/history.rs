//! The decisions on a submission in plain words, near the top of the review
//! page: who claimed, returned, approved or recorded the card's way out, when,
//! and why. Read from the staff events of the request timeline.

use eport_domain::protocol::TimelineEntry;
use eport_domain::timeline_event::TimelineEvent;
use leptos::prelude::*;

use crate::i18n::*;
use crate::lang::use_lang;

/// One decision or claim.
#[derive(Clone, PartialEq)]
pub struct Entry {
    at: String,
    who: String,
    event: TimelineEvent,
}

/// The staff decisions and claims of `timeline`, oldest first.
pub fn history(timeline: &[TimelineEntry]) -> Vec<Entry> {
    timeline
        .iter()
        .filter_map(|t| {
            let event = t.event.clone().filter(TimelineEvent::is_staff_action)?;
            Some(Entry {
                at: t.at.clone(),
                who: t.actor.as_ref()?.name.clone(),
                event,
            })
        })
        .collect()
}

#[component]
pub fn DecisionHistory(entries: Vec<Entry>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    (!entries.is_empty()).then(|| {
        view! {
            <section class="history" aria-labelledby="staff-history" data-testid="staff-history">
                <h3 id="staff-history">{t!(i18n, staff_history)}</h3>
                <ol>
                    {entries.into_iter().map(|e| {
                        let (at, event, event2) = (e.at.clone(), e.event.clone(), e.event);
                        view! {
                            <li>
                                {move || crate::lang::format_instant(&at, lang())}" · "{e.who}" · "
                                <strong>{move || event.headline(lang())}</strong>
                                {move || {
                                    let said = event2.particulars(lang());
                                    (!said.is_empty()).then(|| format!("{}{said}", lang().pick("：", ": ")))
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}
