//! The outbox runner: sends declared cases when the network allows, resumably,
//! and refreshes the review status of submitted ones. Runs at start-up, on
//! `online`, when the tab becomes visible, on a timer, and on 立即重试. Each
//! entry moves only by `Phase::step` (eport-app-core), which also decides
//! when the next try is; chunk sizes follow `retry::ChunkSize`.

use std::collections::HashMap;

use eport_app_core::event_words::kinds;
use eport_app_core::outbox::retry::ChunkSize;
use eport_domain::protocol::SubmissionState;
use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api::{self, Failure};
use super::lock::with_lock;
use super::status::shown;
use crate::store::{self, Cause, Event, OutboxEntry, Phase};

const LOCK: &str = "eport-desk-outbox";
const REFRESH_MS: u32 = 15_000;

#[derive(Clone, Copy)]
pub struct Outbox {
    /// Declared cases not yet on the server.
    pub pending: RwSignal<usize>,
    /// When the next automatic try happens (ms since the epoch).
    pub next_try: RwSignal<Option<f64>>,
    /// Per attachment (SHA-256) of the upload in progress: (bytes the server
    /// holds, total). Kept across tries: a failed try never empties it.
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

fn now() -> u64 {
    now_ms().max(0.0) as u64
}

/// Moves `e` by `event`. A transition that does not exist is a bug: it is
/// logged and the entry keeps its phase.
pub(super) fn step(e: &mut OutboxEntry, event: Event) {
    match e.phase.clone().step(event) {
        Ok(next) => e.phase = next,
        // Named, not Debug-printed: that would bring float formatting into the wasm.
        Err(illegal) => store::events::log(store::events::EventRecord::new(
            kinds::SYNC,
            format!(
                "outbox: no transition {} from {}",
                illegal.event.name(),
                illegal.from.name()
            ),
        )),
    }
}

/// A finished declaration (posted, returned, superseded) is asked about once
/// a day, so the case shows 已归档 once the server has erased its data.
const FINISHED_REFRESH_MS: f64 = 24.0 * 3600.0 * 1000.0;

fn finished_due(e: &OutboxEntry, now: f64) -> bool {
    use super::status::Shown;
    e.phase == Phase::Received
        && matches!(
            shown(Some(e)),
            Shown::Dispatched | Shown::Collected | Shown::Rejected | Shown::Superseded
        )
        && e.refreshed_at
            .is_none_or(|t| now - t as f64 >= FINISHED_REFRESH_MS)
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

/// A try failed for `cause`: the phase plans the next one.
fn back_off(e: &mut OutboxEntry, cause: Cause, retry_after_secs: Option<u32>, moved: bool) {
    step(
        e,
        Event::Failed {
            now: now(),
            cause,
            retry_after_secs,
            moved,
            random: js_sys::Math::random(),
        },
    );
}

thread_local! {
    /// Bytes per PATCH, adapted to how the link behaved this session.
    static CHUNK: std::cell::Cell<ChunkSize> = std::cell::Cell::new(ChunkSize::default());
}

/// A request that got no answer while the browser is online is sent again
/// within the try, up to three more times after 0.3, 0.6 and 1.2 s: on a link
/// that resets a share of requests, a try then rarely ends for one unlucky
/// request. An HTTP answer, even an error, is never repeated here: the phase
/// decides what follows it.
async fn again<T, Fut>(mut request: impl FnMut() -> Fut) -> Result<T, Failure>
where
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    let mut pause = 300;
    for _ in 0..3 {
        match request().await {
            Err(Failure::Network(_)) if super::network::browser_online() => {
                gloo::timers::future::TimeoutFuture::new(pause).await;
                pause *= 2;
            }
            other => return other,
        }
    }
    request().await
}

/// The server holds `offset` bytes of `sha`: shown, and kept in the entry.
fn held(o: Outbox, e: &mut OutboxEntry, sha: &str, offset: u64, total: u64) {
    e.held.insert(sha.to_string(), offset);
    o.progress.update(|p| {
        p.insert(sha.to_string(), (offset, total));
    });
}

/// Uploads one attachment from the server's offset, chunk by chunk; sets
/// `progressed` when the server took a chunk.
async fn upload(
    o: Outbox,
    e: &mut OutboxEntry,
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
    // Where the server stopped, as it last said; a stale figure is corrected
    // by its 409 answer, so only an attachment never heard of costs a HEAD.
    let mut offset = match e.held.get(sha) {
        // The server lists it as missing: a "complete" here is out of date.
        Some(n) if *n < total => *n,
        _ => again(|| api::head_offset(&e.id, &e.secret, sha)).await?,
    };
    let mut digest_failures = 0;
    let mut lost = 0;
    while offset < total {
        held(o, e, sha, offset, total);
        let size = CHUNK.with(|c| c.get().bytes()) as u64;
        let end = (offset + size).min(total);
        let chunk = blob.bytes.subarray(offset as u32, end as u32);
        match api::patch_chunk(&e.id, &e.secret, sha, offset, &chunk).await {
            Ok(next) => {
                CHUNK.with(|c| c.set(c.get().succeeded()));
                progressed.set(true);
                lost = 0;
                offset = next;
            }
            // No answer: part of the chunk may have arrived. Ask where the
            // server stopped and go on from there, a few times within the try.
            Err(Failure::Network(_)) if lost < 3 && super::network::browser_online() => {
                CHUNK.with(|c| c.set(c.get().failed()));
                gloo::timers::future::TimeoutFuture::new(300 << lost).await;
                lost += 1;
                offset = again(|| api::head_offset(&e.id, &e.secret, sha)).await?;
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
            Err(f) => {
                if f.transient() {
                    CHUNK.with(|c| c.set(c.get().failed()));
                }
                return Err(f);
            }
        }
    }
    held(o, e, sha, total, total);
    Ok(())
}

async fn send(o: Outbox, mut e: OutboxEntry) {
    step(&mut e, Event::Start { now: now() });
    // Written before the first request: from now on a withdrawal must ask the server.
    e.sent = true;
    save(o, &e).await;
    let body = serde_json::to_string(&e.manifest).unwrap_or_default();
    let progressed = std::cell::Cell::new(false);
    let result = async {
        let mut purged = false;
        loop {
            let doc = again(|| {
                api::put_manifest(&e.id, &e.secret, &body, e.supersedes_secret.as_deref())
            })
            .await?;
            progressed.set(true);
            // What the server already has shows as sent at once.
            for a in e.manifest.attachments.clone() {
                if !doc.missing.contains(&a.sha256) {
                    held(o, &mut e, &a.sha256, a.size, a.size);
                }
            }
            let sent = async {
                for sha in &doc.missing {
                    upload(o, &mut e, sha, &progressed).await?;
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
            step(&mut e, Event::Accepted);
            e.remote = Some(doc);
        }
        Ok(doc) => {
            e.remote = Some(doc);
            back_off(&mut e, Cause::AttachmentsMissing, None, progressed.get());
        }
        // A link that fails now and then but moves bytes is not "down": the
        // phase starts its count over when bytes moved.
        Err(f) if f.transient() => back_off(&mut e, f.cause(), f.retry_after(), progressed.get()),
        Err(f) => {
            let (status, detail) = match &f {
                Failure::Status { code, detail, .. } => (*code, detail.clone()),
                Failure::Network(m) => (0, m.clone()),
            };
            step(&mut e, Event::Refused { status, detail });
        }
    }
    save(o, &e).await;
}

async fn refresh(o: Outbox, mut e: OutboxEntry) {
    let finished = !shown(Some(&e)).open();
    match api::status(&e.id, &e.secret).await {
        Ok(doc) if finished && e.remote.as_ref() == Some(&doc) => {
            e.refreshed_at = Some(now());
            save(o, &e).await;
        }
        Ok(doc) if e.remote.as_ref() != Some(&doc) => {
            if finished {
                e.refreshed_at = Some(now());
            }
            let delivered = doc.state.card_delivered();
            e.remote = Some(doc);
            save(o, &e).await;
            // The card was posted or collected: its scans are no longer needed here.
            if delivered {
                match store::release_posted_blobs().await {
                    Ok(n) => store::events::log(store::events::EventRecord::new(
                        kinds::SCANS_RELEASED,
                        format!("{n} blob(s) deleted"),
                    )),
                    Err(err) => store::events::log(store::events::EventRecord::new(
                        kinds::STORAGE,
                        format!("removing posted attachments failed: {err}"),
                    )),
                }
            }
        }
        // The server no longer knows it (its data was lost or restored): the
        // frozen manifest and the bytes are still here, so send it again.
        Err(f) if f.unknown_submission() => {
            step(&mut e, Event::Retry);
            e.remote = None;
            e.held.clear();
            save(o, &e).await;
        }
        _ => {}
    }
}

async fn process(o: Outbox) {
    let entries = store::list_outbox().await.unwrap_or_default();
    let at = now();
    let to_send: Vec<OutboxEntry> = entries
        .iter()
        .filter(|e| e.phase.due(at))
        .cloned()
        .collect();
    let to_refresh: Vec<OutboxEntry> = entries
        .iter()
        .filter(|e| {
            e.phase == Phase::Received && (shown(Some(e)).open() || finished_due(e, at as f64))
        })
        .cloned()
        .collect();
    let to_withdraw: Vec<OutboxEntry> = entries
        .iter()
        .filter(|e| e.phase == Phase::Withdrawing)
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
            // No (or not our) answer to the ping.
            let cause = super::network::no_answer_cause();
            for mut e in to_send {
                back_off(&mut e, cause, None, false);
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
    let pending: Vec<&OutboxEntry> = entries.iter().filter(|e| e.phase.pending()).collect();
    o.pending.set(pending.len());
    // What the server holds shows as progress, after a reload too.
    o.progress.update(|p| {
        for e in &pending {
            for a in &e.manifest.attachments {
                let kept = e.held.get(&a.sha256).copied().unwrap_or(0);
                let shown = p.entry(a.sha256.clone()).or_insert((0, a.size));
                shown.0 = shown.0.max(kept);
            }
        }
    });
    let next = pending
        .iter()
        .filter_map(|e| e.phase.next_try().map(|t| t as f64))
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
                kinds::SYNC,
                "outbox not run: this tab is a help-desk sandbox",
            ));
        }
        return;
    }
    // Marked before the lock is asked for, so a second trigger in this tab
    // (a timer, visibility) does not queue behind its own run.
    if o.running.get_untracked() {
        return;
    }
    o.running.set(true);
    with_lock(
        LOCK,
        move || process(o),
        // Only another tab (or this tab's previous page, still closing) can
        // hold it: routine, so not logged.
        move || o.running.set(false),
    );
}

/// Makes every due entry due now (立即重试) and runs.
pub fn retry_now(o: Outbox) {
    spawn_local(async move {
        for mut e in store::list_outbox().await.unwrap_or_default() {
            if matches!(e.phase, Phase::Waiting { .. }) {
                step(&mut e, Event::Retry);
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
