//! One shared connection per database name, opened on first use. When
//! another tab opens the database at a newer version (a new deployment), this
//! tab closes its connection so the upgrade is not blocked, and reopens it on
//! the next use (at whatever version the database now has: stores are never
//! removed, so this code still finds everything it knows).

use std::cell::RefCell;
use std::rc::Rc;

use rexie::Rexie;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{schema, StoreError};

pub const DEFAULT_DB: &str = "eport-desk";

thread_local! {
    static NAME: RefCell<String> = RefCell::new(DEFAULT_DB.to_string());
    static CONN: RefCell<Option<(String, Rc<Rexie>)>> = const { RefCell::new(None) };
}

/// The database the app uses now.
pub fn database_name() -> String {
    NAME.with(|n| n.borrow().clone())
}

/// Switches the database the app uses (the help-desk sandbox uses its own).
pub fn use_database_name(name: &str) {
    NAME.with(|n| *n.borrow_mut() = name.to_string());
}

/// The open connection, opened (and upgraded) on first use.
pub async fn db() -> Result<Rc<Rexie>, StoreError> {
    let name = database_name();
    if let Some(c) = CONN.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(n, _)| *n == name)
            .map(|(_, r)| r.clone())
    }) {
        return Ok(c);
    }
    let rexie = match schema::open(&name).await {
        Ok(r) => r,
        // A newer deployment in another tab upgraded it: use it as it is.
        Err(_) => schema::open_current(&name).await?,
    };
    // Records an earlier version wrote are put in today's form first (a tab
    // of that version reads neither today's records nor writes them back:
    // it cannot decode them).
    if let Err(e) = super::outbox::rewrite_earlier_records(&rexie).await {
        super::events::log(super::events::EventRecord::new(
            eport_app_core::event_words::kinds::STORAGE,
            format!("outbox records not rewritten: {e}"),
        ));
    }
    // What a page going away had not stored is written before anything reads.
    if let Err(e) = super::unsaved::write_kept(&rexie).await {
        super::events::log(super::events::EventRecord::new(
            eport_app_core::event_words::kinds::SAVE_FAILED,
            format!("kept edits not written: {e}"),
        ));
    }
    let rexie = Rc::new(rexie);
    CONN.with(|c| *c.borrow_mut() = Some((name.clone(), rexie.clone())));
    watch_for_upgrades(&name);
    Ok(rexie)
}

/// rexie hides its `IDBDatabase`, so a second, raw connection listens for
/// `versionchange` on this tab's behalf.
fn watch_for_upgrades(name: &str) {
    let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else {
        return;
    };
    let Ok(request) = factory.open(name) else {
        return;
    };
    let req = request.clone();
    let on_open = Closure::once_into_js(move || {
        let Ok(sentinel) = req.result() else { return };
        let sentinel: web_sys::IdbDatabase = sentinel.unchecked_into();
        let db = sentinel.clone();
        let on_change = Closure::once_into_js(move || {
            db.close();
            close_when_idle();
        });
        sentinel.set_onversionchange(Some(on_change.unchecked_ref()));
    });
    request.set_onsuccess(Some(on_open.unchecked_ref()));
}

/// Closes the cached connection as soon as no operation holds it.
fn close_when_idle() {
    let Some((_, rc)) = CONN.with(|c| c.borrow_mut().take()) else {
        return;
    };
    match Rc::try_unwrap(rc) {
        Ok(rexie) => rexie.close(),
        Err(rc) => {
            // An operation is still running: put it back and try again shortly.
            let name = database_name();
            CONN.with(|c| *c.borrow_mut() = Some((name, rc)));
            gloo::timers::callback::Timeout::new(20, close_when_idle).forget();
        }
    }
}

/// Deletes the database `name` (the sandbox, before importing a bundle).
pub async fn delete_database(name: &str) -> Result<(), StoreError> {
    if CONN.with(|c| c.borrow().as_ref().is_some_and(|(n, _)| n == name)) {
        close_when_idle();
    }
    Rexie::delete(name)
        .await
        .map_err(|e| StoreError::Failed(format!("{e:?}")))
}
