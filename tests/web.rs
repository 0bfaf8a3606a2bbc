//! In-browser component tests (wasm-bindgen-test in headless Chromium).

use std::time::Duration;

use eport_domain::Lang;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn body_text() -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .inner_text()
}

/// Waits up to 5 s for the page to contain `text` (the home list loads from IndexedDB).
async fn wait_for_text(text: &str) -> String {
    for _ in 0..100 {
        let body = body_text();
        if body.contains(text) {
            return body;
        }
        gloo::timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("never saw {text:?}; page says:\n{}", body_text());
}

#[wasm_bindgen_test]
async fn app_mounts_in_chinese_with_the_empty_state_and_network_status() {
    leptos::mount::mount_to_body(eport_desk::app::App);
    let text = wait_for_text("还没有办理中的业务").await;
    assert!(text.contains("电子口岸卡务助手"), "{text}");
    let doc = web_sys::window().unwrap().document().unwrap();
    let status = doc
        .query_selector("[data-testid=network-status]")
        .unwrap()
        .expect("status bar");
    // The bar says what the browser says, in words and in its attribute.
    let online = web_sys::window().unwrap().navigator().on_line();
    assert_eq!(
        status.get_attribute("data-online").as_deref(),
        Some(online.to_string().as_str())
    );
    let words = status.text_content().unwrap_or_default();
    let expected = if online { "在线" } else { "离线" };
    assert!(words.contains(expected), "{words:?} should say {expected}");
}

#[wasm_bindgen_test]
fn dates_format_per_language() {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    assert_eq!(
        eport_desk::lang::format_date(d, Lang::ZhCn),
        "2026年11月27日"
    );
    assert_eq!(eport_desk::lang::format_date(d, Lang::En), "27 Nov 2026");
}

#[wasm_bindgen_test]
fn the_clock_reads_the_real_time_when_not_pinned() {
    let now = eport_desk::clock::now();
    let js_ms = js_sys::Date::now() as i64;
    assert!((now.timestamp_millis() - js_ms).abs() < 5_000);
    assert_eq!(now.offset().local_minus_utc(), 8 * 3600);
}
