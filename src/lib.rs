//! E-Port Desk browser app (Leptos CSR). See ARCHITECTURE.md for the map.
//! A library so in-browser tests (`tests/`) can mount the real components.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod app;
pub mod app_update;
pub mod clock;
pub mod components;
pub mod editor;
pub mod files;
pub mod lang;
pub mod pages;
pub mod store;
pub mod sync;

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
