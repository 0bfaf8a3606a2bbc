//! Another tab saved the case this tab has open: the writer takes in what is
//! stored and merges it into what is on screen, field by field, on the last
//! version it committed. Fields both tabs changed differently keep this tab's
//! value and are listed for the user.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::writer::Driver;
use crate::store;

pub(super) fn install(driver: Driver, case_id: &str) {
    let watch = store::watch_case(case_id, move || {
        let d = driver.clone();
        spawn_local(async move { d.reread().await });
    });
    // Stops listening when the case page goes away.
    StoredValue::new_local(watch);
}
