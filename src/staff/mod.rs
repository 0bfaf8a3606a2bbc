//! The staff console (`staff.html`, its own wasm): the review queue, a
//! submission's review page and what they need. It shares with the
//! enterprise app only the domain, the field components, the language and
//! the calendar context; the enterprise app never compiles this in.

pub mod api;
pub mod app;
mod arrival;
mod charts;
mod checklist;
mod claim;
mod correction;
mod decisions;
mod detail;
mod dispatch;
mod gate;
mod history;
mod labels;
mod list;
mod next;
mod quarantine;
mod register;
mod selection;
mod sheet;
mod statistics;
mod timeline;
mod viewer;

/// Every declared field of `case` with its official label, grouped as
/// entered, in `lang` (the review page and the 审核单 show these rows).
fn answer_groups(
    case: leptos::prelude::StoredValue<Option<eport_domain::case::EnrollmentCase>>,
    lang: eport_domain::Lang,
) -> Vec<eport_domain::answers::AnswerGroup> {
    use leptos::prelude::WithValue;
    case.with_value(|c| {
        c.as_ref()
            .map(|c| {
                eport_domain::answers::enrollment_answers(c, crate::clock::now().date_naive(), lang)
            })
            .unwrap_or_default()
    })
}
