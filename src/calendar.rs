//! The holiday calendar the pages count business days with: the years shipped
//! in the app, the ones cached from the server, and those fetched the first
//! time a date needs them (the State Council publishes a year's schedule
//! around November, after the app was built). A year nobody has stays
//! Monday–Friday and the pages say so.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::Datelike;
use eport_domain::calendar::{Calendar, YearFile};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::store::{self, events};

#[derive(Clone, Copy)]
pub struct AppCalendar {
    calendar: RwSignal<Arc<Calendar>>,
    /// Years asked of the server in this tab (once each: offline, the next
    /// start asks again).
    asked: StoredValue<BTreeSet<i32>>,
}

impl AppCalendar {
    /// The calendar as known now (tracked: views recount when a year arrives).
    pub fn get(&self) -> Arc<Calendar> {
        self.calendar.get()
    }

    /// Makes sure `year` is known, fetching and caching it when it is not.
    pub fn need(&self, year: i32) {
        if self.calendar.with_untracked(|c| c.has_year(year))
            || self.asked.with_value(|a| a.contains(&year))
        {
            return;
        }
        self.asked.update_value(|a| {
            a.insert(year);
        });
        let this = *self;
        spawn_local(async move {
            match crate::sync::api::calendar_year(year).await {
                Ok(Some(file)) => {
                    this.add(file.clone());
                    if let Err(e) = store::cache_calendar_year(file).await {
                        events::log(events::EventRecord::new(
                            eport_app_core::event_words::kinds::CALENDAR,
                            format!("{year}: not cached ({e})"),
                        ));
                    }
                }
                // No data there (yet): a quiet miss, not asked again today.
                Ok(None) => {
                    let _ = store::cache_calendar_miss(year).await;
                }
                Err(e) => events::log(events::EventRecord::new(
                    eport_app_core::event_words::kinds::CALENDAR,
                    format!("{year}: not fetched ({})", e.describe()),
                )),
            }
        });
    }

    fn add(&self, file: YearFile) {
        self.calendar.update(|c| Arc::make_mut(c).set_year(file));
    }
}

/// Provides the calendar: the shipped years at once, the cached ones as soon
/// as they are read, then this year's and next year's when still missing.
pub fn provide_calendar() {
    let c = AppCalendar {
        calendar: RwSignal::new(Arc::new(Calendar::builtin())),
        asked: StoredValue::new(BTreeSet::new()),
    };
    provide_context(c);
    spawn_local(async move {
        let (years, missing) = store::cached_calendar_years().await.unwrap_or_default();
        for y in years {
            c.add(y);
        }
        c.asked.update_value(|a| a.extend(missing));
        let year = crate::clock::now().year();
        c.need(year);
        c.need(year + 1);
    });
}

pub fn use_calendar() -> AppCalendar {
    expect_context()
}
