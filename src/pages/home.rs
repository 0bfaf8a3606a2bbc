use eport_domain::catalog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::components::state_label;
use crate::i18n::*;
use crate::lang::use_lang;
use crate::store::{self, CaseRecord, OutboxEntry};
use crate::sync::outbox::use_outbox;
use crate::sync::status::{shown, Shown};

/// 首页: every case on this device, newest first; the empty state leads to 新建办理.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    // Cases with their latest declaration; refetched when the outbox changes.
    let cases = LocalResource::new(move || {
        outbox.version.track();
        async move {
            let cases = store::list_cases().await?;
            let entries = store::list_outbox().await.unwrap_or_default();
            Ok::<_, store::StoreError>(
                cases
                    .into_iter()
                    .map(|c| {
                        let e: Option<OutboxEntry> = c
                            .submission_id
                            .as_ref()
                            .and_then(|id| entries.iter().find(|e| &e.id == id).cloned());
                        let s = shown(e.as_ref());
                        let reference = e.and_then(|e| e.remote?.reference);
                        (c, s, reference)
                    })
                    .collect::<Vec<_>>(),
            )
        }
    });
    // Once the list has loaded; a refetch (the outbox changed) keeps it so.
    let listed = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || cases.with(|c| c.is_some())
    });
    view! {
        <h1>{t!(i18n, home_title)}</h1>
        <p class="lead">{t!(i18n, home_intro)}</p>
        <p><A href="/lookup">{t!(i18n, lookup_link)}</A></p>
        {move || match cases.get() {
            None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-message" role="alert">{t_string!(i18n, store_failed, error = e.to_string()).to_string()}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <EmptyState /> }.into_any(),
            Some(Ok(list)) => view! { <CaseTable cases=list on_deleted=Callback::new(move |_| cases.refetch()) /> }.into_any(),
        }}
        // Below the list, and only once it is there: appearing first and then
        // being pushed down by the list would shift the page under the reader.
        // 清除本机数据 and the saved enterprise details live on 诊断 (the
        // tools bundle): rarely used, so the app people open first stays small.
        {move || listed.get().then(|| view! {
            <section class="panel" aria-labelledby="home-local-title" data-testid="home-local">
                <h2 id="home-local-title">{t!(i18n, local_title)}</h2>
                <p>{t!(i18n, home_local_body)}" "<A href="/diagnostics#local-data">{t!(i18n, home_local_link)}</A></p>
            </section>
        })}
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="empty-state" aria-labelledby="empty-title">
            <h2 id="empty-title">{t!(i18n, home_empty_title)}</h2>
            <p>{t!(i18n, home_empty_body)}</p>
            <A href="/new" attr:class="button">{t!(i18n, home_empty_action)}</A>
        </section>
    }
}

#[component]
fn CaseTable(
    cases: Vec<(CaseRecord, Shown, Option<String>)>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="cases">
            <caption class="visually-hidden">{t!(i18n, cases_caption)}</caption>
            <thead><tr>
                <th scope="col">{t!(i18n, col_enterprise)}</th>
                <th scope="col">{t!(i18n, col_business)}</th>
                <th scope="col">{t!(i18n, col_state)}</th>
                <th scope="col">{t!(i18n, col_updated)}</th>
                <th scope="col">{t!(i18n, col_actions)}</th>
            </tr></thead>
            <tbody>
                {cases.into_iter().map(|(c, s, r)| view! { <CaseRow case=c shown=s reference=r on_deleted=on_deleted /> }).collect_view()}
            </tbody>
        </table>
        <p><A href="/new" attr:class="button">{t!(i18n, home_empty_action)}</A></p>
    }
}

#[component]
fn CaseRow(
    case: CaseRecord,
    shown: Shown,
    /// The declaration's 受理编号, once the server gave one.
    reference: Option<String>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let confirming = RwSignal::new(false);
    // The profile this case leaves behind with no case of its enterprise left.
    let orphan = RwSignal::new(None::<store::ProfileSummary>);
    let uscc = case.enrollment.enterprise.uscc.clone();
    let name = case.enrollment.enterprise.name.clone();
    let display_name = name.clone();
    let id = case.id.clone();
    let kind = case.kind;
    let updated = case
        .updated_at
        .get(..16)
        .unwrap_or(&case.updated_at)
        .replace('T', " ");
    let delete = {
        let id = id.clone();
        move |_| {
            let (id, uscc) = (id.clone(), uscc.clone());
            spawn_local(async move {
                if store::delete_case(&id).await.is_ok() {
                    match store::orphan_profile(&uscc).await.ok().flatten() {
                        Some(p) => orphan.set(Some(p)),
                        None => on_deleted.run(()),
                    }
                }
            });
        }
    };
    view! {
        <tr data-testid="case-row" data-case-id=id.clone()>
            <td>
                {move || if display_name.is_empty() { t_string!(i18n, unnamed_enterprise).to_string() } else { display_name.clone() }}
                <br /><span class="hint">{case.enrollment.enterprise.uscc.clone()}</span>
            </td>
            <td>{move || catalog::business(kind).name.get(lang())}</td>
            <td><strong class=shown.tag_class() data-testid="case-state" data-state=shown.test_id()>
                <span aria-hidden="true">{shown.icon()}</span>{move || state_label(shown, i18n)}
            </strong>
                {reference.map(|r| view! { <br /><span class="hint" data-testid="case-reference">{r}</span> })}
            </td>
            <td>{updated}</td>
            <td class="actions">
                // A declared case is looked at, not worked on.
                <A href=format!("/cases/{id}")>{move || if shown.editable() { t_string!(i18n, open_case) } else { t_string!(i18n, view_case) }}</A>
                " "
                {move || orphan.get().map(|p| {
                    let code = p.uscc.clone();
                    let drop_profile = move |_| {
                        let code = code.clone();
                        spawn_local(async move {
                            let _ = store::delete_profile(&code).await;
                            on_deleted.run(());
                        });
                    };
                    view! {
                        <span role="alert" class="confirm" data-testid="orphan-profile">
                            {t_string!(i18n, profile_orphan, name = p.name.clone()).to_string()}
                            " "
                            <button type="button" class="button button-warning" on:click=drop_profile>{t!(i18n, profile_orphan_yes)}</button>
                            " "
                            <button type="button" class="button button-secondary" on:click=move |_| on_deleted.run(())>{t!(i18n, profile_orphan_keep)}</button>
                        </span>
                    }
                })}
                <Show when=move || !confirming.get() && orphan.get().is_none() fallback=move || {
                    let name = name.clone();
                    view! {
                        <span role="alert" class="confirm">
                            {t_string!(i18n, confirm_delete, name = if name.is_empty() { t_string!(i18n, unnamed_enterprise).to_string() } else { name.clone() }).to_string()}
                            " "
                            <button type="button" class="button button-warning" on:click=delete.clone()>{t!(i18n, confirm_delete_yes)}</button>
                            " "
                            <button type="button" class="button button-secondary" on:click=move |_| confirming.set(false)>{t!(i18n, cancel)}</button>
                        </span>
                    }
                }>
                    <button type="button" class="button button-secondary" on:click=move |_| confirming.set(true)>{t!(i18n, delete_case)}</button>
                </Show>
            </td>
        </tr>
    }
}
