//! 批量寄出: the courier's manifest pasted or picked as a file, checked line
//! by line (a preview with each line's problem), then the good lines posted
//! at once. The server checks again when posting; a line that changed
//! meanwhile stops the batch and says so.

use eport_domain::dispatch_batch::BatchAnswer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::gate::{use_staff_gate, StaffGate};
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, StaffError};

#[component]
pub fn BatchDispatch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p><A href="/staff">{t!(i18n, staff_back)}</A></p>
        <h1>{t!(i18n, staff_batch_title)}</h1>
        <StaffGate><Batch /></StaffGate>
    }
}

#[component]
fn Batch() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let gate = use_staff_gate();
    let text = RwSignal::new(String::new());
    let answer = RwSignal::new(None::<BatchAnswer>);
    let failed = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |apply: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failed.set(None);
        let lines = text.get_untracked();
        spawn_local(async move {
            match staff_api::dispatch_batch(&lines, apply).await {
                Ok(a) => answer.set(Some(a)),
                Err(StaffError::Refused) => gate.refused(),
                Err(e) => failed.set(Some(
                    t_string!(i18n, staff_failed, error = format!("{e:?}")).to_string(),
                )),
            }
            let _ = busy.try_set(false);
        });
    };
    let pick = move |ev: web_sys::Event| {
        let Some(file) = crate::files::picked(&ev) else {
            return;
        };
        spawn_local(async move {
            match crate::files::read_text(&file).await {
                Ok(t) => {
                    text.set(t);
                    answer.set(None);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <form class="batch-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(false) }>
            <label for="batch-lines" class="label">{t!(i18n, staff_batch_lines)}</label>
            <p class="hint" id="batch-lines-hint">{t!(i18n, staff_batch_lines_hint)}</p>
            <textarea id="batch-lines" class="input batch-lines" rows="10" aria-describedby="batch-lines-hint"
                prop:value=move || text.get()
                on:input=move |ev| { text.set(event_target_value(&ev)); answer.set(None); }></textarea>
            <label for="batch-file" class="label">{t!(i18n, staff_batch_file)}</label>
            <input id="batch-file" type="file" accept=".csv,.txt,text/csv,text/plain" on:change=pick />
            <p><button type="submit" class="button button-secondary" aria-busy=move || busy.get().to_string()>{t!(i18n, staff_batch_check)}</button></p>
        </form>
        {move || failed.get().map(|e| view! { <p class="error-message" role="alert">{e}</p> })}
        {move || answer.get().map(|a| {
            let ready = a.ready();
            let applied = a.applied;
            let problems = a.lines.len() - ready;
            view! {
                <p role="status" data-testid="batch-summary">{move || if applied > 0 {
                    crate::lang::counted!(i18n, staff_batch_done / staff_batch_done_single, applied)
                } else {
                    t_string!(i18n, staff_batch_summary, ready = ready, problems = problems).to_string()
                }}</p>
                <table class="cases batch-preview" data-testid="batch-preview">
                    <caption class="visually-hidden">{t!(i18n, staff_batch_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, staff_batch_col_line)}</th>
                        <th scope="col">{t!(i18n, staff_col_reference)}</th>
                        <th scope="col">{t!(i18n, staff_batch_col_number)}</th>
                        <th scope="col">{t!(i18n, staff_batch_col_result)}</th>
                    </tr></thead>
                    <tbody>{a.lines.into_iter().map(|l| {
                        let problem = l.problem.clone();
                        let bad = problem.is_some();
                        view! {
                            <tr class:batch-bad=bad data-problem=bad.then_some("yes")>
                                <td>{l.line}</td>
                                <td>{l.reference.clone()}</td>
                                <td>{l.tracking_number.clone()}</td>
                                <td>{move || match &problem {
                                    Some(p) => view! { <span class="error-message">{p.message(lang())}</span> }.into_any(),
                                    None if applied > 0 => view! { <span>{t!(i18n, staff_batch_posted)}</span> }.into_any(),
                                    None => view! { <span>{t!(i18n, staff_batch_ready)}</span> }.into_any(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
                {(ready > 0 && applied == 0).then(|| view! {
                    <p><button type="button" class="button" on:click=move |_| send(true) aria-busy=move || busy.get().to_string()>
                        {move || crate::lang::counted!(i18n, staff_batch_apply / staff_batch_apply_single, ready)}
                    </button></p>
                })}
            }
        })}
    }
}
