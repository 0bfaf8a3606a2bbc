//! E-Port Desk browser app (Leptos CSR). See ARCHITECTURE.md for the map.
//! A library so in-browser tests (`tests/`) can mount the real components.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod app;
pub mod app_update;
pub mod clock;
pub mod components;
pub mod editor;
pub mod files;
pub mod helpdesk;
pub mod lang;
pub mod pages;
pub mod store;
pub mod switches;
pub mod sync;

/// Mounts the app on `<body>`.
pub fn start() {
    helpdesk::panics::install_hook();
    helpdesk::sandbox::apply_at_start();
    leptos::mount::mount_to_body(app::App);
}
