//! A correction reviewed as a correction: at the top of a declaration that
//! supersedes a returned or withdrawn one, what it was returned for, every
//! field that changed (old → new) and every scan that was replaced; the scans
//! that did not change are said to be so, with who checked them before.

use eport_domain::case::EnrollmentCase;
use eport_domain::correction::{field_changes, replaced_scans};
use eport_domain::manifest::case_slots;
use eport_domain::protocol::PreviousDeclaration;
use leptos::prelude::*;

use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::CheckTick;

#[component]
pub fn CorrectionPanel(
    previous: PreviousDeclaration,
    case: EnrollmentCase,
    ticks: RwSignal<Vec<CheckTick>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let Some(old) = previous.manifest.as_ref().map(|m| m.case.clone()) else {
        // Archived: only what it was returned for is left.
        return view! {
            <section class="panel correction" aria-labelledby="staff-correction" data-testid="staff-correction">
                <h3 id="staff-correction">{t_string!(i18n, staff_correction_of, reference = previous.reference.clone()).to_string()}</h3>
                <p>{t!(i18n, staff_correction_archived)}</p>
            </section>
        }
        .into_any();
    };
    let today = crate::clock::now().date_naive();
    let replaced = replaced_scans(&old, &case);
    let reasons = previous.review.reasons.clone();
    let note = previous.review.note.clone();
    let by = previous.decided_by.as_ref().map(|d| d.name.clone());
    let (old_c, new_c) = (StoredValue::new(old), StoredValue::new(case.clone()));
    let changes =
        move || old_c.with_value(|o| new_c.with_value(|n| field_changes(o, n, today, lang())));
    let unchanged: Vec<_> = case_slots(&case)
        .into_iter()
        .map(|(_, p)| p)
        .filter(|p| {
            !replaced.contains(p) && p.slot(&case).is_some_and(|s| case.attachment(&s).is_some())
        })
        .collect();
    let carried_by = move || {
        ticks.with(|t| {
            t.iter()
                .find(|t| t.carried_from.is_some())
                .map(|t| t.checked_by.name.clone())
        })
    };
    view! {
        <section class="panel correction" aria-labelledby="staff-correction" data-testid="staff-correction">
            <h3 id="staff-correction">{t_string!(i18n, staff_correction_of, reference = previous.reference.clone()).to_string()}</h3>
            {(!reasons.is_empty() || note.is_some()).then(|| view! {
                <p><strong>{t!(i18n, staff_correction_returned_for)}</strong>
                    {by.map(|b| format!("（{b}）"))}</p>
                <ul data-testid="staff-correction-reasons">
                    {reasons.iter().map(|r| { let r = *r; view! { <li>{move || r.text(lang())}</li> } }).collect_view()}
                    {note.map(|n| view! { <li>{format!("{}：{n}", t_string!(i18n, staff_note))}</li> })}
                </ul>
            })}
            {move || {
                let list = changes();
                if list.is_empty() {
                    view! { <p data-testid="staff-correction-fields">{t!(i18n, staff_correction_no_fields)}</p> }.into_any()
                } else {
                    view! {
                        <table class="cases" data-testid="staff-correction-fields">
                            <caption>{t!(i18n, staff_correction_fields)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, staff_correction_field)}</th>
                                <th scope="col">{t!(i18n, staff_correction_old)}</th>
                                <th scope="col">{t!(i18n, staff_correction_new)}</th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(|c| view! {
                                <tr data-field=c.path.to_string()><th scope="row">{c.label}</th><td><del>{c.old}</del></td><td><ins>{c.new}</ins></td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }
            }}
            <p><strong>{t!(i18n, staff_correction_replaced)}</strong></p>
            <ul data-testid="staff-correction-scans">
                {if replaced.is_empty() {
                    view! { <li>{t!(i18n, staff_correction_none)}</li> }.into_any()
                } else {
                    replaced.iter().map(|p| { let p = *p; view! { <li data-field=p.to_string()>{move || p.label(lang())}</li> } }).collect_view().into_any()
                }}
            </ul>
            {(!unchanged.is_empty()).then(|| view! {
                <p class="hint" data-testid="staff-correction-unchanged">
                    {move || {
                        let names: Vec<String> = unchanged.iter().map(|p| p.label(lang())).collect();
                        match carried_by() {
                            Some(who) => t_string!(i18n, staff_correction_unchanged_by, scans = names.join("、"), name = who).to_string(),
                            None => t_string!(i18n, staff_correction_unchanged, scans = names.join("、")).to_string(),
                        }
                    }}
                </p>
            })}
        </section>
    }
    .into_any()
}
