//! The decisions on a submission in plain words, near the top of the review
//! page: who claimed, returned, approved or recorded the card's way out, when,
//! and why. Read from the staff rows of the request timeline.

use eport_domain::protocol::{SubmissionState, TimelineEntry};
use leptos::prelude::*;

use crate::i18n::*;
use crate::lang::use_lang;

/// One decision or claim.
#[derive(Clone, PartialEq)]
pub struct Entry {
    at: String,
    who: String,
    what: What,
    /// What was said with it (reasons, note, EMS number, collector).
    said: String,
}

#[derive(Clone, Copy, PartialEq)]
enum What {
    Claimed,
    TakenOver,
    State(SubmissionState),
}

/// The staff decisions and claims of `timeline`, oldest first.
pub fn history(timeline: &[TimelineEntry]) -> Vec<Entry> {
    timeline
        .iter()
        .filter_map(|t| {
            let who = t.actor.as_ref()?.name.clone();
            let (head, said) = t.detail.split_once(": ").unwrap_or((t.detail.as_str(), ""));
            let what = if head.starts_with("claimed by") {
                What::Claimed
            } else if head.starts_with("taken over") {
                What::TakenOver
            } else {
                What::State(SubmissionState::parse(head.split(" by ").next()?)?)
            };
            Some(Entry {
                at: t.at.clone(),
                who,
                what,
                said: said.to_string(),
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
                        let what = move || match e.what {
                            What::Claimed => t_string!(i18n, staff_history_claimed).to_string(),
                            What::TakenOver => t_string!(i18n, staff_history_taken_over).to_string(),
                            What::State(s) => s.label(lang()).to_string(),
                        };
                        let at = e.at.clone();
                        let said = e.said.clone();
                        view! {
                            <li>
                                {move || crate::lang::format_instant(&at, lang())}" · "{e.who.clone()}" · "<strong>{what}</strong>
                                {(!said.is_empty()).then(|| format!("：{said}"))}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}
