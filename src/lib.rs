//! E-Port Desk browser app (Leptos CSR). See ARCHITECTURE.md for the map.
//! A library so in-browser tests (`tests/`) can mount the real components.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod app;
pub mod app_update;
pub mod calendar;
pub mod clock;
pub mod components;
pub mod editor;
pub mod files;
pub mod helpdesk;
pub mod lang;
pub mod page_title;
pub mod pages;
pub mod routes;
pub mod staff;
pub mod store;
pub mod switches;
pub mod sync;

/// Mounts the enterprise app on `<body>`, in place of the loading shell.
pub fn start() {
    helpdesk::panics::install_hook();
    helpdesk::sandbox::apply_at_start();
    remove_loading_shell();
    leptos::mount::mount_to_body(app::App);
}

/// Mounts the tools bundle (`tools.html`: 诊断, 查询办理进度, 打印表格).
pub fn start_tools() {
    helpdesk::panics::install_hook();
    helpdesk::sandbox::apply_at_start();
    remove_loading_shell();
    leptos::mount::mount_to_body(app::ToolsApp);
}

/// Mounts the staff console (`staff.html`) on `<body>`.
pub fn start_staff() {
    console_error_panic_hook::set_once();
    remove_loading_shell();
    leptos::mount::mount_to_body(staff::app::StaffApp);
}

/// `index.html`'s static header and loading panel, shown while the wasm
/// downloads; the app's own header takes its place in the same frame.
fn remove_loading_shell() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        shell.remove();
    }
}
