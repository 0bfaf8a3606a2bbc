//! 核对: every answer with a 修改 link, the error summary, and 申报.

use eport_domain::answers::enrollment_answers;
use eport_domain::can_declare;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::clock;
use crate::components::{CaseLockBanner, ErrorSummary};
use crate::editor::{href_of, use_editor, DeclareError, Declared};
use crate::i18n::*;
use crate::lang::use_lang;
use crate::sync::outbox::{run_now, use_outbox};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let navigate = use_navigate();
    let case_id = e.case.with_untracked(|c| c.id.clone());
    let attempted = RwSignal::new(false);
    let blocking = Signal::derive(move || {
        e.issues
            .get()
            .into_iter()
            .filter(|i| i.blocks())
            .collect::<Vec<_>>()
    });
    // What still blocks 申报 is listed as soon as 核对 opens, and below it
    // what only asks for a second look (warnings).
    let shown = Signal::derive(move || {
        let mut all = blocking.get();
        all.extend(e.issues.get().into_iter().filter(|i| !i.blocks()));
        all
    });
    let failed = RwSignal::new(None::<String>);
    // A second click while the first is being written declares nothing more.
    let declaring = RwSignal::new(false);

    let outbox = use_outbox();
    let declare = {
        let case_id = case_id.clone();
        move |_| {
            attempted.set(true);
            if declaring.get_untracked() || !e.issues.with_untracked(|i| can_declare(i)) {
                return;
            }
            declaring.set(true);
            let navigate = navigate.clone();
            let case_id = case_id.clone();
            spawn_local(async move {
                let result = e.declare().await;
                declaring.set(false);
                match result {
                    Ok(done) => {
                        if done == Declared::Queued {
                            run_now(outbox);
                        }
                        navigate(&format!("/cases/{case_id}/declared"), Default::default());
                    }
                    Err(DeclareError::Refused(issues)) => {
                        let messages: Vec<String> =
                            issues.iter().map(|i| i.message(lang())).collect();
                        failed.set(Some(messages.join(" ")));
                    }
                    Err(DeclareError::Store(err)) => failed.set(Some(err.to_string())),
                }
            });
        }
    };

    // Every answer, grouped as entered, each with a 修改 link to its input.
    let answers = move || {
        let (id, kind, case) = e
            .case
            .with(|c| (c.id.clone(), c.kind, c.enrollment.clone()));
        enrollment_answers(&case, clock::now().date_naive(), lang())
            .into_iter()
            .map(|g| {
                let rows = g.rows.into_iter().map(|a| {
                    let href = href_of(&id, kind, a.input);
                    let empty = a.value.trim().is_empty();
                    let label = a.label.clone();
                    view! {
                        <div class="answer" data-field=a.path.to_string()>
                            <dt>{a.label}</dt>
                            <dd class:not-filled=empty>{if empty { t_string!(i18n, not_filled).to_string() } else { a.value }}</dd>
                            <dd class="change">{(!a.derived).then(|| view! { <a href=href.clone()>{t!(i18n, change)}<span class="visually-hidden">" "{label.clone()}</span></a> })}</dd>
                        </div>
                    }
                }).collect_view();
                view! {
                    <h2>{g.title}</h2>
                    <dl class="answers">{rows}</dl>
                }
            })
            .collect_view()
    };

    view! {
        <p class="breadcrumb"><a href=format!("/cases/{case_id}")>{t!(i18n, back_to_tasks)}</a></p>
        <h1>{t!(i18n, part_review)}</h1>
        <CaseLockBanner />
        <ErrorSummary issues=shown other_pages=true />
        <p class="lead">{t!(i18n, review_intro)}</p>
        {answers}
        {move || failed.get().map(|f| view! { <p class="error-message" role="alert">{f}</p> })}
        {move || (attempted.get() && !blocking.with(|b| b.is_empty())).then(|| view! { <p class="error-message">{t!(i18n, declare_blocked)}</p> })}
        <Show when=move || !e.locked()>
            <button type="button" class="button" on:click=declare.clone() aria-disabled=move || declaring.get().then_some("true")>{t!(i18n, declare)}</button>
        </Show>
    }
}
