//! Other tabs of this browser: a saved case is announced on a
//! BroadcastChannel so a tab with the same case open can merge the change.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

const CHANNEL: &str = "eport-cases";

thread_local! {
    /// Tells this tab's own announcements apart from other tabs'.
    static TAB: String = uuid::Uuid::new_v4().to_string();
}

fn message(case_id: &str) -> String {
    TAB.with(|t| format!("{t} {case_id}"))
}

/// Tells other tabs that `case_id` was saved.
pub(super) fn announce(case_id: &str) {
    if let Ok(ch) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = ch.post_message(&JsValue::from_str(&message(case_id)));
        ch.close();
    }
}

/// Calls `f` whenever another tab saves `case_id`, until dropped.
pub struct CaseWatch {
    channel: web_sys::BroadcastChannel,
    _listener: EventListener,
}

impl Drop for CaseWatch {
    fn drop(&mut self) {
        self.channel.close();
    }
}

pub fn watch_case(case_id: &str, f: impl Fn() + 'static) -> Option<CaseWatch> {
    let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
    let (own_prefix, wanted) = (TAB.with(|t| format!("{t} ")), case_id.to_string());
    let listener = EventListener::new(&channel, "message", move |e| {
        let Some(text) = e
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|m| m.data().as_string())
        else {
            return;
        };
        if !text.starts_with(&own_prefix) && text.split_once(' ').map(|(_, id)| id) == Some(&wanted)
        {
            f();
        }
    });
    Some(CaseWatch {
        channel,
        _listener: listener,
    })
}
