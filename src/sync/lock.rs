//! One tab at a time: the Web Locks API, `ifAvailable`, so a second tab skips
//! the run instead of queueing behind the first.

use std::future::Future;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::future_to_promise;

/// Runs `work` while holding the named lock; if another tab holds it, runs
/// `skipped` instead.
pub fn with_lock<F: Future<Output = ()> + 'static>(
    name: &str,
    work: impl FnOnce() -> F + 'static,
    skipped: impl FnOnce() + 'static,
) {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined());
    let Some(locks) = locks else {
        // No Web Locks (very old browser): run here; the server's idempotency keeps it exactly-once.
        wasm_bindgen_futures::spawn_local(work());
        return;
    };
    let Ok(request) =
        Reflect::get(&locks, &"request".into()).and_then(|f| f.dyn_into::<Function>())
    else {
        return;
    };
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"ifAvailable".into(), &true.into());
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            skipped();
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        let fut = work();
        future_to_promise(async move {
            fut.await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let _ = request.call3(&locks, &name.into(), &opts, &callback);
}
