//! The staff console's door: asks the server for the session on load (the
//! cookie survives a reload), shows the sign-in form otherwise, names who is
//! signed in, and notices on its own when the session has run out.

use gloo::timers::callback::Interval;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::*;
use crate::staff::api::{self as staff_api, SignInError, StaffSession};

#[derive(Debug, Clone, PartialEq)]
pub enum Gate {
    Checking,
    In(StaffSession),
    Out { expired: bool },
}

/// Pages call [`StaffGateCtx::refused`] when the server answers 401.
#[derive(Clone, Copy)]
pub struct StaffGateCtx(RwSignal<Gate>);

impl StaffGateCtx {
    /// The signed-in reviewer's login.
    pub fn login(&self) -> Option<String> {
        match self.0.get_untracked() {
            Gate::In(s) => Some(s.who.login),
            _ => None,
        }
    }

    pub fn refused(&self) {
        if matches!(self.0.get_untracked(), Gate::In(_)) {
            self.0.set(Gate::Out { expired: true });
        }
    }
}

pub fn use_staff_gate() -> StaffGateCtx {
    expect_context::<StaffGateCtx>()
}

/// How often the console checks, without asking the server, whether the
/// session has expired (idle or past its maximum age).
const EXPIRY_CHECK_MS: u32 = 5_000;

fn expired(s: &StaffSession, now_ms: f64) -> bool {
    let idle_ms = s.idle_timeout_seconds as f64 * 1000.0;
    let ends = js_sys::Date::parse(&s.expires_at);
    now_ms >= staff_api::last_accepted_ms() + idle_ms || (ends.is_finite() && now_ms >= ends)
}

#[component]
pub fn StaffGate(children: ChildrenFn) -> impl IntoView {
    let gate = RwSignal::new(Gate::Checking);
    provide_context(StaffGateCtx(gate));
    spawn_local(async move {
        gate.set(match staff_api::current().await {
            Ok(s) => Gate::In(s),
            Err(_) => Gate::Out { expired: false },
        });
    });
    let timer = Interval::new(EXPIRY_CHECK_MS, move || {
        if let Gate::In(s) = gate.get_untracked() {
            if expired(&s, js_sys::Date::now()) {
                gate.set(Gate::Out { expired: true });
            }
        }
    });
    let timer = StoredValue::new_local(Some(timer));
    on_cleanup(move || timer.update_value(|t| drop(t.take())));
    let children = StoredValue::new(children);
    view! {
        {move || match gate.get() {
            Gate::Checking => view! { <p class="loading" role="status">{t!(use_i18n(), loading)}</p> }.into_any(),
            Gate::Out { expired } => view! { <SignInForm gate=gate expired=expired /> }.into_any(),
            Gate::In(s) => view! {
                <SignedInBar session=s gate=gate />
                {children.with_value(|c| c())}
            }.into_any(),
        }}
    }
}

#[component]
fn SignedInBar(session: StaffSession, gate: RwSignal<Gate>) -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = staff_api::sign_out().await;
            gate.set(Gate::Out { expired: false });
        });
    };
    let who = session.who.to_string();
    let failed = session.failed_sign_ins;
    view! {
        <div class="staff-bar no-print" data-testid="staff-bar">
            <span>{move || t_string!(i18n, staff_signed_in_as, who = who.clone()).to_string()}</span>
            <button type="button" class="button button-secondary" on:click=sign_out>{t!(i18n, staff_sign_out)}</button>
        </div>
        // Strangers' tries are never a lock, but the reviewer should know of them.
        {(failed > 0).then(|| view! {
            <p class="notice" role="status" data-testid="staff-failed-sign-ins">
                {move || crate::lang::counted!(i18n, staff_failed_sign_ins / staff_failed_sign_ins_single, failed)}
            </p>
        })}
    }
}

#[component]
fn SignInForm(gate: RwSignal<Gate>, expired: bool) -> impl IntoView {
    let i18n = use_i18n();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<SignInError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (l, p) = (login.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match staff_api::sign_in(l.trim(), &p).await {
                Ok(s) => gate.set(Gate::In(s)),
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <form class="panel" on:submit=submit data-testid="staff-sign-in">
            <h2>{t!(i18n, staff_sign_in_title)}</h2>
            {expired.then(|| view! { <p class="notice" role="alert" data-testid="staff-expired">{t!(i18n, staff_session_expired)}</p> })}
            {move || error.get().map(|e| {
                let text = match e {
                    SignInError::Wrong => t_string!(i18n, staff_sign_in_wrong).to_string(),
                    SignInError::Throttled(s) => t_string!(i18n, staff_sign_in_throttled, minutes = s.div_ceil(60)).to_string(),
                    SignInError::Busy(s) => t_string!(i18n, staff_sign_in_busy, seconds = s).to_string(),
                    SignInError::Other(e) => t_string!(i18n, staff_failed, error = e).to_string(),
                };
                view! { <p class="error-message" role="alert" data-testid="staff-refused">{text}</p> }
            })}
            <label for="staff-login" class="label">{t!(i18n, staff_login_label)}</label>
            <input id="staff-login" name="username" type="text" class="input" autocomplete="username" autocapitalize="none" spellcheck="false" required
                prop:value=move || login.get() on:input=move |ev| login.set(event_target_value(&ev)) />
            <label for="staff-password" class="label">{t!(i18n, staff_password_label)}</label>
            <input id="staff-password" name="password" type="password" class="input" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
            <p class="hint">{t!(i18n, staff_sign_in_hint)}</p>
            <p><button type="submit" class="button" prop:disabled=move || busy.get()>{t!(i18n, staff_sign_in)}</button></p>
        </form>
    }
}
