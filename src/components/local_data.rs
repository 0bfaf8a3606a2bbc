//! 本机数据: the enterprise profiles this browser keeps (each can be deleted)
//! and 清除本机数据, which explains what goes, names any declared case that has
//! not reached the server yet, and asks before removing everything.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::*;
use crate::store::{self, ProfileSummary, Unsent};

#[component]
pub fn LocalDataPanel(
    /// Called after everything was removed (the page reloads its lists).
    #[prop(optional)]
    on_cleared: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let profiles = LocalResource::new(move || {
        version.track();
        async move { store::list_profiles().await.unwrap_or_default() }
    });
    // `Some(unsent)` while the confirmation is open.
    let confirming = RwSignal::new(None::<Vec<Unsent>>);
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let ask = move |_| {
        message.set(None);
        spawn_local(async move {
            confirming.set(Some(store::unsent().await.unwrap_or_default()));
        });
    };
    let clear = move |_| {
        busy.set(true);
        spawn_local(async move {
            let r = store::clear_all().await;
            busy.set(false);
            confirming.set(None);
            message.set(Some(match r {
                Ok(()) => (true, t_string!(i18n, local_cleared).to_string()),
                Err(e) => (
                    false,
                    t_string!(i18n, local_clear_failed, error = e.to_string()).to_string(),
                ),
            }));
            version.update(|v| *v += 1);
            if let Some(cb) = on_cleared {
                cb.run(());
            }
        });
    };
    view! {
        <section class="panel local-data" id="local-data" aria-labelledby="local-data-title" data-testid="local-data">
            <h2 id="local-data-title">{t!(i18n, local_title)}</h2>
            <p>{t!(i18n, local_intro)}</p>
            <h3>{t!(i18n, profiles_title)}</h3>
            {move || match profiles.get() {
                None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p data-testid="profiles-none">{t!(i18n, profiles_none)}</p> }.into_any(),
                Some(list) => view! {
                    <ul class="profiles" data-testid="profiles">
                        {list.into_iter().map(|p| view! { <ProfileRow profile=p on_deleted=Callback::new(move |_| version.update(|v| *v += 1)) /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice" } else { "error-message" } role="status" data-testid="local-message">{text}</p>
            })}
            {move || match confirming.get() {
                None => view! {
                    <p><button type="button" class="button button-warning" on:click=ask data-testid="clear-local">{t!(i18n, local_clear)}</button></p>
                }.into_any(),
                Some(unsent) => view! {
                    <div class="confirm-panel" role="alertdialog" aria-labelledby="clear-title" aria-describedby="clear-what" data-testid="clear-confirm">
                        <h3 id="clear-title">{t!(i18n, local_clear_title)}</h3>
                        {(!unsent.is_empty()).then(|| view! {
                            <div class="warning" role="alert" data-testid="clear-unsent">
                                <p><strong>{crate::lang::counted!(i18n, local_unsent / local_unsent_single, unsent.len())}</strong></p>
                                <ul>{unsent.iter().map(|u| {
                                    let name = if u.enterprise.is_empty() { t_string!(i18n, unnamed_enterprise).to_string() } else { u.enterprise.clone() };
                                    view! { <li><a href=format!("/cases/{}", u.case_id)>{name}</a></li> }
                                }).collect_view()}</ul>
                            </div>
                        })}
                        <p id="clear-what">{t!(i18n, local_clear_what)}</p>
                        <p>
                            <button type="button" class="button button-warning" on:click=clear prop:disabled=move || busy.get() data-testid="clear-confirm-yes">{t!(i18n, local_clear_yes)}</button>
                            " "
                            <button type="button" class="button button-secondary" on:click=move |_| confirming.set(None)>{t!(i18n, cancel)}</button>
                        </p>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ProfileRow(profile: ProfileSummary, on_deleted: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let uscc = profile.uscc.clone();
    let delete = move |_| {
        let uscc = uscc.clone();
        spawn_local(async move {
            if store::delete_profile(&uscc).await.is_ok() {
                on_deleted.run(());
            }
        });
    };
    let name = profile.name.clone();
    // Follows the language, as the button's visible text does.
    let label = move || t_string!(i18n, profile_delete_label, name = name.clone()).to_string();
    view! {
        <li data-testid="profile" data-uscc=profile.uscc.clone()>
            {profile.name.clone()}" · "<span class="hint">{profile.uscc.clone()}</span>" "
            <button type="button" class="button button-secondary" aria-label=label on:click=delete>{t!(i18n, profile_delete)}</button>
        </li>
    }
}
