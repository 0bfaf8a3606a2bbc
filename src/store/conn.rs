//! One shared connection per database name, opened on first use.

use std::cell::RefCell;
use std::rc::Rc;

use rexie::Rexie;

use super::{schema, StoreError};

pub const DEFAULT_DB: &str = "eport-desk";

thread_local! {
    static NAME: RefCell<String> = RefCell::new(DEFAULT_DB.to_string());
    static CONN: RefCell<Option<(String, Rc<Rexie>)>> = const { RefCell::new(None) };
}

/// Switches the database the app uses (the help-desk sandbox uses its own).
pub fn use_database_name(name: &str) {
    NAME.with(|n| *n.borrow_mut() = name.to_string());
}

/// The open connection, opened (and upgraded) on first use.
pub async fn db() -> Result<Rc<Rexie>, StoreError> {
    let name = NAME.with(|n| n.borrow().clone());
    if let Some(c) = CONN.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(n, _)| *n == name)
            .map(|(_, r)| r.clone())
    }) {
        return Ok(c);
    }
    let rexie = Rc::new(schema::open(&name).await?);
    CONN.with(|c| *c.borrow_mut() = Some((name, rexie.clone())));
    Ok(rexie)
}

/// Drops the cached connection, so the next [`db`] call reopens it.
#[allow(dead_code)]
pub fn reset() {
    CONN.with(|c| *c.borrow_mut() = None);
}
