//! The outbox runner: sends declared cases when the network allows, resumably,
//! and refreshes the review status of submitted ones. Runs at start-up, on
//! `online`, when the tab becomes visible, on a timer, and on 立即重试.

use std::collections::HashMap;

use eport_domain::protocol::{SubmissionState, CHUNK_DEFAULT_BYTES};
use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api::{self, Failure};
use super::backoff::delay_ms;
use super::lock::with_lock;
use super::status::shown;
use crate::store::{self, OutboxEntry, FAILED, QUEUED, RECEIVED, SENDING, WITHDRAWING};

const LOCK: &str = "eport-desk-outbox";
const REFRESH_MS: u32 = 15_000;

#[derive(Clone, Copy)]
pub struct Outbox {
    /// Declared cases not yet on the server.
    pub pending: RwSignal<usize>,
    /// When the next automatic try happens (ms since the epoch).
    pub next_try: RwSignal<Option<f64>>,
    /// Per attachment (SHA-256) of the upload in progress: (bytes held, total).
    pub progress: RwSignal<HashMap<String, (u64, u64)>>,
    /// Bumped whenever an outbox entry changes; views refetch on it.
    pub version: RwSignal<u64>,
    pub running: RwSignal<bool>,
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A finished declaration (posted, returned, superseded) is asked about once
/// a day, so the case shows 已归档 once the server has erased its data.
const FINISHED_REFRESH_MS: f64 = 24.0 * 3600.0 * 1000.0;

fn finished_due(e: &OutboxEntry, now: f64) -> bool {
    use super::status::Shown;
    e.state == RECEIVED
        && matches!(
            shown(Some(e)),
            Shown::Dispatched | Shown::Collected | Shown::Rejected | Shown::Superseded
        )
        && e.refreshed_at
            .as_deref()
            .and_then(|t| t.parse::<u64>().ok().map(|t| t as f64))
            .is_none_or(|t| now - t >= FINISHED_REFRESH_MS)
}

fn due(e: &OutboxEntry, now: f64) -> bool {
    (e.state == QUEUED || e.state == SENDING)
        && e.next_attempt_at
            .as_deref()
            .and_then(|t| t.parse::<u64>().ok().map(|t| t as f64))
            .is_none_or(|t| t <= now)
}

const CHANNEL: &str = "eport-desk-outbox";

/// Tells this tab's views, and every other tab's, that the outbox changed.
pub(super) fn announce(o: Outbox) {
    o.version.update(|v| *v += 1);
    if let Ok(ch) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = ch.post_message(&wasm_bindgen::JsValue::from_str("changed"));
        ch.close();
    }
}

async fn save(o: Outbox, e: &OutboxEntry) {
    let _ = store::put_outbox_entry(e).await;
    announce(o);
}

fn back_off(e: &mut OutboxEntry, f: &Failure) {
    e.attempts += 1;
    e.state = QUEUED.into();
    e.last_error = Some(f.describe());
    let wait = delay_ms(e.attempts, f.retry_after(), js_sys::Math::random());
    e.next_attempt_at = Some(((now_ms() + wait).round() as u64).to_string());
}

/// Uploads one attachment from the server's offset, chunk by chunk; sets
/// `progressed` when the server took a chunk.
async fn upload(
    o: Outbox,
    e: &OutboxEntry,
    sha: &str,
    progressed: &std::cell::Cell<bool>,
) -> Result<(), Failure> {
    let blob = match store::get_blob(sha).await {
        Ok(Some(b)) => b,
        _ => {
            return Err(Failure::Status {
                code: 0,
                retry_after: None,
                offset: None,
                detail: format!("attachment {sha} is missing on this device"),
            })
        }
    };
    let total = blob.bytes.length() as u64;
    let mut offset = api::head_offset(&e.id, &e.secret, sha).await?;
    let mut digest_failures = 0;
    while offset < total {
        o.progress.update(|p| {
            p.insert(sha.to_string(), (offset, total));
        });
        let end = (offset + CHUNK_DEFAULT_BYTES as u64).min(total);
        let chunk = blob.bytes.subarray(offset as u32, end as u32);
        match api::patch_chunk(&e.id, &e.secret, sha, offset, &chunk).await {
            Ok(next) => {
                progressed.set(true);
                offset = next;
            }
            // The server holds a different number of bytes: resume from its offset.
            Err(Failure::Status {
                code: 409,
                offset: Some(server),
                ..
            }) => offset = server,
            Err(Failure::Status { code: 422, .. }) if digest_failures == 0 => {
                digest_failures += 1;
                offset = 0;
            }
            Err(f) => return Err(f),
        }
    }
    o.progress.update(|p| {
        p.insert(sha.to_string(), (total, total));
    });
    Ok(())
}

async fn send(o: Outbox, mut e: OutboxEntry) {
    e.state = SENDING.into();
    // Written before the first request: from now on a withdrawal must ask the server.
    e.sent = true;
    save(o, &e).await;
    let body = serde_json::to_string(&e.manifest).unwrap_or_default();
    let progressed = std::cell::Cell::new(false);
    let result = async {
        let mut purged = false;
        loop {
            let doc =
                api::put_manifest(&e.id, &e.secret, &body, e.supersedes_secret.as_deref()).await?;
            let sent = async {
                for sha in &doc.missing {
                    upload(o, &e, sha, &progressed).await?;
                }
                api::status(&e.id, &e.secret).await
            }
            .await;
            match sent {
                // The server purged the unfinished submission since the PUT:
                // the same PUT declares it again (once per attempt).
                Err(f) if f.unknown_submission() && !purged => purged = true,
                other => return other,
            }
        }
    }
    .await;
    match result {
        Ok(doc) if doc.state != SubmissionState::AwaitingAttachments => {
            e.state = RECEIVED.into();
            e.last_error = None;
            e.next_attempt_at = None;
            e.remote = Some(doc);
        }
        Ok(doc) => {
            e.remote = Some(doc);
            back_off(
                &mut e,
                &Failure::Network("attachments still missing".into()),
            );
        }
        Err(f) if f.transient() => {
            // A link that fails now and then but moves bytes is not "down":
            // the back-off starts over instead of growing towards 5 minutes.
            if progressed.get() {
                e.attempts = 0;
            }
            back_off(&mut e, &f)
        }
        Err(f) => {
            e.state = FAILED.into();
            e.last_error = Some(f.describe());
        }
    }
    save(o, &e).await;
}

async fn refresh(o: Outbox, mut e: OutboxEntry) {
    let finished = !shown(Some(&e)).open();
    match api::status(&e.id, &e.secret).await {
        Ok(doc) if finished && e.remote.as_ref() == Some(&doc) => {
            e.refreshed_at = Some((now_ms().round() as u64).to_string());
            save(o, &e).await;
        }
        Ok(doc) if e.remote.as_ref() != Some(&doc) => {
            if finished {
                e.refreshed_at = Some((now_ms().round() as u64).to_string());
            }
            let delivered = doc.state.card_delivered().then_some(doc.state);
            e.remote = Some(doc);
            save(o, &e).await;
            // The card was posted or collected: its scans are no longer needed here.
            if let Some(state) = delivered {
                match store::release_posted_blobs().await {
                    Ok(n) => store::events::log(store::events::EventRecord::new(
                        "storage",
                        format!(
                            "{}: {n} attachment(s) removed from this device",
                            state.label(eport_domain::Lang::ZhCn)
                        ),
                    )),
                    Err(err) => store::events::log(store::events::EventRecord::new(
                        "storage",
                        format!("removing posted attachments failed: {err}"),
                    )),
                }
            }
        }
        // The server no longer knows it (its data was lost or restored): the
        // frozen manifest and the bytes are still here, so send it again.
        Err(f) if f.unknown_submission() => {
            e.state = QUEUED.into();
            e.remote = None;
            // Due now: the summary arms the timer for it.
            e.next_attempt_at = Some((now_ms().round() as u64).to_string());
            e.last_error = Some(f.describe());
            save(o, &e).await;
        }
        _ => {}
    }
}

async fn process(o: Outbox) {
    o.running.set(true);
    let entries = store::list_outbox().await.unwrap_or_default();
    let now = now_ms();
    let to_send: Vec<OutboxEntry> = entries.iter().filter(|e| due(e, now)).cloned().collect();
    let to_refresh: Vec<OutboxEntry> = entries
        .iter()
        .filter(|e| e.state == RECEIVED && (shown(Some(e)).open() || finished_due(e, now)))
        .cloned()
        .collect();
    let to_withdraw: Vec<OutboxEntry> = entries
        .iter()
        .filter(|e| e.state == WITHDRAWING)
        .cloned()
        .collect();
    if !(to_send.is_empty() && to_refresh.is_empty() && to_withdraw.is_empty()) {
        if !super::network::forced_offline() && api::ping().await {
            for e in to_withdraw {
                let _ = super::withdraw::finish(o, e).await;
            }
            for e in to_send {
                send(o, e).await;
            }
            for e in to_refresh {
                refresh(o, e).await;
            }
        } else {
            for mut e in to_send {
                back_off(&mut e, &Failure::Network("offline".into()));
                save(o, &e).await;
            }
        }
    }
    summarise(o).await;
    o.running.set(false);
}

/// Updates the counters and arms a timer for the next due entry.
async fn summarise(o: Outbox) {
    let entries = store::list_outbox().await.unwrap_or_default();
    let pending: Vec<&OutboxEntry> = entries
        .iter()
        .filter(|e| e.state == QUEUED || e.state == SENDING)
        .collect();
    o.pending.set(pending.len());
    let next = pending
        .iter()
        .filter_map(|e| {
            e.next_attempt_at
                .as_deref()?
                .parse::<u64>()
                .ok()
                .map(|t| t as f64)
        })
        .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.min(t))));
    o.next_try.set(next);
    if let Some(t) = next {
        let wait = (t - now_ms()).max(0.0).min(u32::MAX as f64) as u32;
        Timeout::new(wait + 50, move || run_now(o)).forget();
    }
}

thread_local! {
    static SANDBOX_NOTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs the outbox now (in this tab if no other tab is running it).
pub fn run_now(o: Outbox) {
    // A help-desk sandbox shows a user's outbox; it never sends it (said once in its log).
    if crate::helpdesk::in_sandbox() {
        if !SANDBOX_NOTED.with(|n| n.replace(true)) {
            store::events::log(store::events::EventRecord::new(
                "sync",
                "outbox not run: this tab is a help-desk sandbox",
            ));
        }
        return;
    }
    if o.running.get_untracked() {
        return;
    }
    with_lock(LOCK, move || process(o));
}

/// Makes every due entry due now (立即重试) and runs.
pub fn retry_now(o: Outbox) {
    spawn_local(async move {
        for mut e in store::list_outbox().await.unwrap_or_default() {
            if e.state == QUEUED {
                e.next_attempt_at = None;
                let _ = store::put_outbox_entry(&e).await;
            }
        }
        run_now(o);
    });
}

/// Provides the outbox context and starts its triggers.
pub fn provide_outbox() -> Outbox {
    let o = Outbox {
        pending: RwSignal::new(0),
        next_try: RwSignal::new(None),
        progress: RwSignal::new(HashMap::new()),
        version: RwSignal::new(0),
        running: RwSignal::new(false),
    };
    provide_context(o);
    if let Some(w) = web_sys::window() {
        // The network is back: whatever was backing off is due now.
        EventListener::new(&w, "online", move |_| retry_now(o)).forget();
        if let Some(doc) = w.document() {
            let d = doc.clone();
            EventListener::new(&doc, "visibilitychange", move |_| {
                if d.visibility_state() == web_sys::VisibilityState::Visible {
                    run_now(o);
                }
            })
            .forget();
        }
    }
    // Another tab sent or refreshed something: re-read the outbox here too.
    if let Ok(ch) = web_sys::BroadcastChannel::new(CHANNEL) {
        let listener = EventListener::new(&ch, "message", move |_| {
            o.version.update(|v| *v += 1);
            spawn_local(summarise(o));
        });
        listener.forget();
        std::mem::forget(ch);
    }
    Interval::new(REFRESH_MS, move || run_now(o)).forget();
    run_now(o);
    o
}
