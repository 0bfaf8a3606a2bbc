//! 查询办理进度: a submission's state and dates from its reference number and
//! the enterprise's credit code, for a lost device or a cleared browser. No
//! personal data comes back; the server limits how often one may ask.

use eport_domain::protocol::LookupAnswer;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::*;
use crate::lang::use_lang;
use crate::sync::api::{self, LookupResult};

#[component]
pub fn Lookup() -> impl IntoView {
    let i18n = use_i18n();
    let reference = RwSignal::new(String::new());
    let uscc = RwSignal::new(String::new());
    let result = RwSignal::new(None::<LookupResult>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (r, u) = (reference.get_untracked(), uscc.get_untracked());
        spawn_local(async move {
            result.set(Some(api::lookup(&r, &u).await));
            busy.set(false);
        });
    };
    view! {
        <h1>{t!(i18n, lookup_title)}</h1>
        <p class="lead">{t!(i18n, lookup_intro)}</p>
        <form class="panel" on:submit=submit data-testid="lookup-form">
            <label for="lookup-reference" class="label">{t!(i18n, lookup_reference)}</label>
            <p class="hint" id="lookup-reference-hint">{t!(i18n, lookup_reference_hint)}</p>
            <input id="lookup-reference" class="input" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" required
                aria-describedby="lookup-reference-hint"
                prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev)) />
            <label for="lookup-uscc" class="label">{t!(i18n, lookup_uscc)}</label>
            <input id="lookup-uscc" class="input" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" required
                prop:value=move || uscc.get() on:input=move |ev| uscc.set(event_target_value(&ev)) />
            <p><button type="submit" class="button" prop:disabled=move || busy.get()>{t!(i18n, lookup_submit)}</button></p>
        </form>
        {move || busy.get().then(|| view! { <p class="loading" role="status">{t!(i18n, loading)}</p> })}
        {move || result.get().map(|r| match r {
            LookupResult::Found(a) => view! { <Answer answer=a /> }.into_any(),
            LookupResult::NotFound => view! { <p class="error-message" role="alert" data-testid="lookup-none">{t!(i18n, lookup_not_found)}</p> }.into_any(),
            LookupResult::TooMany(s) => view! { <p class="error-message" role="alert" data-testid="lookup-none">{t_string!(i18n, lookup_too_many, seconds = s).to_string()}</p> }.into_any(),
            LookupResult::Failed(f) => view! { <p class="error-message" role="alert" data-testid="lookup-none">{t_string!(i18n, lookup_failed, error = f.describe()).to_string()}</p> }.into_any(),
        })}
    }
}

#[component]
fn Answer(answer: LookupAnswer) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let day = |s: &Option<String>| {
        s.as_deref()
            .and_then(|d| d.get(..10))
            .unwrap_or("—")
            .to_string()
    };
    let state = answer.state;
    let archived = answer.archived_at.is_some();
    view! {
        <section class="panel" aria-labelledby="lookup-answer" data-testid="lookup-answer" data-state=state.as_str()>
            <h2 id="lookup-answer">{answer.reference.clone()}</h2>
            <dl class="facts">
                <dt>{t!(i18n, col_state)}</dt>
                <dd data-testid="lookup-state">
                    {move || state.label(lang())}
                    {archived.then(|| view! { " · "{t!(i18n, state_archived)} })}
                </dd>
                <dt>{t!(i18n, lookup_received)}</dt><dd>{day(&answer.received_at)}</dd>
                <dt>{t!(i18n, lookup_decided)}</dt><dd>{day(&answer.decided_at)}</dd>
                <dt>{t!(i18n, lookup_review_by)}</dt><dd>{day(&answer.expected.review_by)}</dd>
                <dt>{t!(i18n, lookup_dispatch_by)}</dt><dd>{day(&answer.expected.dispatch_by)}</dd>
            </dl>
        </section>
    }
}
