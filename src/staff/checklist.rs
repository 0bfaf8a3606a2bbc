//! The reviewer's checklist: what was verified against the licence and the ID
//! photos, each tick kept on the server with who ticked it and when. Only the
//! reviewer holding the submission ticks; others see the ticks as the page's
//! poll brings them.

use eport_domain::case::EnrollmentCase;
use eport_domain::review::checklist;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::gate::use_staff_gate;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, CheckTick, StaffError};

#[component]
pub fn StaffChecklist(
    key: String,
    case: Option<EnrollmentCase>,
    ticks: RwSignal<Vec<CheckTick>>,
    /// The signed-in reviewer holds the review: the boxes can be ticked.
    #[prop(into)]
    editable: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let gate = use_staff_gate();
    let failed = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let items = case.as_ref().map(checklist).unwrap_or_default();
    if items.is_empty() {
        return ().into_any();
    }
    let key = StoredValue::new(key);
    let set = move |item: String, checked: bool| {
        busy.set(true);
        spawn_local(async move {
            match staff_api::set_check(&key.get_value(), &item, checked).await {
                Ok(t) => {
                    ticks.set(t);
                    failed.set(None);
                }
                Err(StaffError::Refused) => gate.refused(),
                Err(StaffError::Conflict(r)) | Err(StaffError::Unprocessable(r)) => {
                    failed.set(Some(r.text(lang())))
                }
                Err(e) => {
                    let error = match e {
                        StaffError::Other(d) => d,
                        _ => "404".into(),
                    };
                    failed.set(Some(
                        t_string!(i18n, staff_failed, error = error).to_string(),
                    ))
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="staff-checklist" data-testid="staff-checklist"
            aria-busy=move || busy.get().then_some("true")>
            <h3 id="staff-checklist">{t!(i18n, staff_checklist)}</h3>
            <p class="hint">{t!(i18n, staff_checklist_hint)}</p>
            {move || (!editable.get()).then(|| view! { <p class="hint" data-testid="staff-checklist-locked">{t!(i18n, staff_checklist_locked)}</p> })}
            {move || failed.get().map(|f| view! { <p class="error-message" role="alert">{f}</p> })}
            {items.into_iter().map(|item| {
                let name = item.to_string();
                let id = format!("check-{}", name.replace('.', "-"));
                let tick = {
                    let name = name.clone();
                    move || ticks.with(|t| t.iter().find(|t| t.item == name).cloned())
                };
                let by = {
                    let tick = tick.clone();
                    move || tick().map(|t| {
                        let at = crate::lang::format_instant(&t.checked_at, lang());
                        let by = t_string!(i18n, staff_checked_by, name = t.checked_by.name, at = at).to_string();
                        match t.carried_from {
                            Some(r) => format!("{by} · {}", t_string!(i18n, staff_checked_carried, reference = r)),
                            None => by,
                        }
                    })
                };
                let checked = {
                    let tick = tick.clone();
                    move || tick().is_some()
                };
                let n = name.clone();
                view! {
                    <div class="checkbox" data-item=name.clone()>
                        <input type="checkbox" id=id.clone() prop:checked=checked prop:disabled=move || !editable.get()
                            aria-describedby=format!("{id}-by")
                            on:change=move |ev| set(n.clone(), event_target_checked(&ev)) />
                        <label for=id.clone()>{move || item.label(lang())}</label>
                        <span class="hint" id=format!("{id}-by") data-testid="checked-by">{by}</span>
                    </div>
                }
            }).collect_view()}
        </section>
    }
    .into_any()
}
