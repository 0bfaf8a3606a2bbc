//! The IndexedDB store in a real browser: round trips and schema upgrades.

use eport_desk::store::{self, schema, AttachmentBlob, CaseRecord};
use eport_domain::case::{AttachmentMeta, EnrollmentCase};
use eport_domain::catalog::BusinessKind;
use js_sys::Uint8Array;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sample_case(id: &str) -> CaseRecord {
    let mut c = EnrollmentCase::default();
    c.enterprise.uscc = "91350200MA31E12PXF".into();
    c.enterprise.name = "厦门示例贸易有限公司".into();
    c.legal_person.name = "张三".into();
    CaseRecord::new(
        id.into(),
        BusinessKind::PaperlessEnrollment,
        "2026-11-27T10:00:00+08:00".into(),
        c,
    )
}

/// 4 MiB of JPEG-looking bytes with a recognisable pattern.
fn big_jpeg() -> Vec<u8> {
    let mut v: Vec<u8> = (0..4_194_304u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    v[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    v
}

#[wasm_bindgen_test]
async fn a_case_and_a_4_mib_attachment_round_trip() {
    store::use_database_name("test-roundtrip");
    let bytes = big_jpeg();
    let sha = eport_desk::files::sha256_hex(&Uint8Array::from(&bytes[..]))
        .await
        .unwrap();
    let mut case = sample_case("c1");
    case.enrollment.attachments.push(AttachmentMeta {
        slot: "business_licence".into(),
        name: "营业执照.jpg".into(),
        mime: "image/jpeg".into(),
        size: bytes.len() as u64,
        sha256: sha.clone(),
    });
    let blob = AttachmentBlob {
        sha256: sha.clone(),
        mime: "image/jpeg".into(),
        bytes: Uint8Array::from(&bytes[..]),
    };
    // As the editor does: the bytes first, then the case that points at them.
    store::put_blob(&blob).await.unwrap();
    store::put_case(&case).await.unwrap();

    let back = store::get_case("c1").await.unwrap().expect("case stored");
    assert_eq!(back, case);
    let stored = store::get_blob(&sha).await.unwrap().expect("blob stored");
    assert_eq!(stored.mime, "image/jpeg");
    assert_eq!(stored.bytes.length() as usize, bytes.len());
    assert_eq!(stored.bytes.to_vec(), bytes, "byte-identical");
    assert_eq!(
        eport_desk::files::sha256_hex(&stored.bytes).await.unwrap(),
        sha
    );
    // The profile is kept for the next case of the same enterprise.
    let profile = store::get_profile("91350200ma31e12pxf", "another-case")
        .await
        .unwrap()
        .expect("profile");
    // A case is never pre-filled from its own half-typed data.
    assert!(store::get_profile("91350200MA31E12PXF", "c1")
        .await
        .unwrap()
        .is_none());
    assert_eq!(profile.enterprise.name, "厦门示例贸易有限公司");

    store::delete_case("c1").await.unwrap();
    assert_eq!(store::get_case("c1").await.unwrap(), None);
    assert!(
        store::get_blob(&sha).await.unwrap().is_none(),
        "unused bytes go with the case"
    );
}

#[wasm_bindgen_test]
async fn cases_list_newest_first() {
    store::use_database_name("test-list");
    let mut a = sample_case("a");
    a.updated_at = "2026-11-27T09:00:00+08:00".into();
    let mut b = sample_case("b");
    b.updated_at = "2026-11-27T11:00:00+08:00".into();
    store::put_case(&a).await.unwrap();
    store::put_case(&b).await.unwrap();
    let ids: Vec<String> = store::list_cases()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["b", "a"]);
}

#[wasm_bindgen_test]
async fn opening_a_v1_database_keeps_all_data() {
    let name = "test-upgrade";
    // Build the database exactly as the first release did, with data in it.
    let old = schema::open_v1_for_tests(name).await.unwrap();
    let case = sample_case("old-case");
    let record = js_sys::JSON::parse(&serde_json::to_string(&case).unwrap()).unwrap();
    let blob = js_sys::Object::new();
    js_sys::Reflect::set(&blob, &"sha256".into(), &"ab".repeat(32).into()).unwrap();
    js_sys::Reflect::set(&blob, &"mime".into(), &"application/pdf".into()).unwrap();
    js_sys::Reflect::set(
        &blob,
        &"bytes".into(),
        &Uint8Array::from(&b"%PDF-1.7 old"[..]).buffer(),
    )
    .unwrap();
    // An outbox record as versions before the typed phase stored it: a
    // declaration backing off after "network: …".
    let bundle: serde_json::Value = serde_json::from_str(include_str!(
        "../crates/domain/tests/fixtures/bundle-0.1.0.json"
    ))
    .unwrap();
    let mut earlier = bundle["outbox"][0].clone();
    earlier["secret"] = "c2VjcmV0".into();
    earlier["state"] = "queued".into();
    earlier["attempts"] = 2.into();
    earlier["next_attempt_at"] = "5".into();
    earlier["last_error"] = "network: TypeError: Failed to fetch".into();
    let earlier_js = js_sys::JSON::parse(&earlier.to_string()).unwrap();
    let tx = old
        .transaction(
            &[schema::CASES, schema::BLOBS, schema::OUTBOX],
            rexie::TransactionMode::ReadWrite,
        )
        .unwrap();
    tx.store(schema::OUTBOX)
        .unwrap()
        .put(&earlier_js, None)
        .await
        .unwrap();
    tx.store(schema::CASES)
        .unwrap()
        .put(&record, None)
        .await
        .unwrap();
    tx.store(schema::BLOBS)
        .unwrap()
        .put(&blob.into(), None)
        .await
        .unwrap();
    tx.done().await.unwrap();
    old.close();

    // The current app opens it: the current version, everything still there, new stores usable.
    store::use_database_name(name);
    let db = store::db().await.unwrap();
    assert_eq!(db.version().unwrap(), schema::VERSION);
    let mut names = db.store_names();
    names.sort();
    assert_eq!(
        names,
        ["blobs", "cases", "events", "meta", "outbox", "profiles"]
    );
    assert_eq!(
        store::get_case("old-case").await.unwrap(),
        Some(case.clone())
    );
    let b = store::get_blob(&"ab".repeat(32))
        .await
        .unwrap()
        .expect("old blob kept");
    assert_eq!(b.bytes.to_vec(), b"%PDF-1.7 old");
    // The outbox record reads as its phase and is stored in today's form.
    let entries = store::list_outbox().await.unwrap();
    assert_eq!(
        entries[0].phase,
        store::Phase::Waiting {
            cause: store::Cause::Unreachable,
            attempts: 2,
            next_at: 5
        }
    );
    let tx = db
        .transaction(&[schema::OUTBOX], rexie::TransactionMode::ReadOnly)
        .unwrap();
    let raw = tx
        .store(schema::OUTBOX)
        .unwrap()
        .get_all(None, None)
        .await
        .unwrap();
    let raw: serde_json::Value =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&raw[0]).unwrap())).unwrap();
    assert!(
        raw.get("state").is_none() && raw.get("last_error").is_none(),
        "{raw}"
    );
    assert_eq!(raw["phase"]["waiting"]["attempts"], 2);
    store::put_case(&case).await.unwrap();
    assert!(store::get_profile("91350200MA31E12PXF", "new-case")
        .await
        .unwrap()
        .is_some());
}

/// Two tabs edit the same case from the same saved version: the second save
/// merges the first one's fields instead of overwriting them, and a field both
/// changed differently is reported.
#[wasm_bindgen_test]
async fn saves_from_two_tabs_merge_field_by_field() {
    store::use_database_name("test-two-tabs");
    let base = sample_case("t1");
    store::put_case(&base).await.unwrap();

    let mut tab_a = base.clone();
    tab_a.enrollment.legal_person.mobile = "13800138000".into();
    tab_a.enrollment.agent.name = "李四".into();
    tab_a.updated_at = "2026-11-27T10:01:00+08:00".into();
    let saved_a = store::save_case(&tab_a, Some(&base)).await.unwrap();
    assert_eq!(saved_a.record, tab_a, "nothing to merge yet");

    let mut tab_b = base.clone();
    tab_b.enrollment.enterprise.address = "福建省厦门市湖里区象兴一路11号".into();
    tab_b.enrollment.agent.name = "王五".into();
    tab_b.updated_at = "2026-11-27T10:02:00+08:00".into();
    let saved_b = store::save_case(&tab_b, Some(&base)).await.unwrap();

    let stored = store::get_case("t1").await.unwrap().unwrap();
    assert_eq!(stored, saved_b.record);
    assert_eq!(
        stored.enrollment.legal_person.mobile, "13800138000",
        "tab A's field kept"
    );
    assert_eq!(
        stored.enrollment.enterprise.address, "福建省厦门市湖里区象兴一路11号",
        "tab B's field saved"
    );
    assert_eq!(
        stored.enrollment.agent.name, "王五",
        "the later tab's value on a conflict"
    );
    assert_eq!(saved_b.conflicts, vec!["enrollment.agent.name".to_string()]);
    assert_eq!(stored.updated_at, "2026-11-27T10:02:00+08:00");
}

/// A newer deployment in another tab opens the database at a higher version:
/// this tab's connection must not block that upgrade, and must work again after.
#[wasm_bindgen_test]
async fn an_upgrade_from_another_tab_is_not_blocked_and_this_tab_reconnects() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    store::use_database_name("test-upgrade-elsewhere");
    store::put_case(&sample_case("u1")).await.unwrap();

    // "Another tab": a raw open at the next version, as a new release would do.
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory
        .open_with_u32("test-upgrade-elsewhere", schema::VERSION + 1)
        .unwrap();
    let outcome = js_sys::Promise::new(&mut |resolve, _| {
        let (ok, blocked) = (resolve.clone(), resolve.clone());
        let req = request.clone();
        let on_success = Closure::once_into_js(move || {
            let db: web_sys::IdbDatabase = req.result().unwrap().unchecked_into();
            db.close();
            ok.call1(&wasm_bindgen::JsValue::NULL, &"opened".into())
                .unwrap();
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        // Blocked for 3 s means this tab never let go.
        let timeout = Closure::once_into_js(move || {
            blocked
                .call1(&wasm_bindgen::JsValue::NULL, &"blocked".into())
                .unwrap();
        });
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(timeout.unchecked_ref(), 3000)
            .unwrap();
    });
    let result = wasm_bindgen_futures::JsFuture::from(outcome).await.unwrap();
    assert_eq!(result.as_string().as_deref(), Some("opened"));

    let back = store::get_case("u1").await.unwrap();
    assert!(
        back.is_some(),
        "this tab reconnected and still reads its data"
    );
}

/// The event log keeps the newest MAX_EVENTS entries, oldest first.
#[wasm_bindgen_test]
async fn the_event_log_is_bounded_and_keeps_the_newest() {
    use eport_desk::store::events::{list_events, replace_events, EventRecord, MAX_EVENTS};
    store::use_database_name("test-events");
    let many: Vec<EventRecord> = (0..MAX_EVENTS)
        .map(|i| EventRecord::new("sync", format!("event {i}")))
        .collect();
    replace_events(&many).await.unwrap();
    for i in 0..3 {
        eport_desk::store::events::log(EventRecord::new("error", format!("late {i}")));
    }
    // `log` writes in the background: wait until all three are in.
    for _ in 0..100 {
        let events = list_events().await.unwrap();
        if events
            .iter()
            .filter(|e| e.summary.starts_with("late"))
            .count()
            == 3
        {
            assert_eq!(events.len() as u32, MAX_EVENTS);
            assert_eq!(
                events[0].summary, "event 3",
                "the three oldest were dropped"
            );
            return;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
    panic!("the logged events never arrived");
}

/// A page going away keeps its unstored version synchronously; the next
/// opening of the database writes it, merged with what another tab stored
/// meanwhile, and forgets it.
#[wasm_bindgen_test]
async fn a_version_kept_by_a_page_going_away_is_written_at_the_next_opening() {
    store::use_database_name("test-unsaved");
    let base = sample_case("u1");
    store::put_case(&base).await.unwrap();
    let mut ours = base.clone();
    ours.enrollment.enterprise.address = "福建省厦门市思明区鹭江道8号".into();
    store::unsaved::keep(&ours, &base);
    // Another tab stored a change of its own before the page came back.
    let mut theirs = base.clone();
    theirs.enrollment.agent.name = "王五".into();
    store::save_case(&theirs, Some(&base)).await.unwrap();

    // The next page: another database is used, then this one opens again.
    store::use_database_name("test-unsaved-other");
    store::list_cases().await.unwrap();
    store::use_database_name("test-unsaved");
    let stored = store::get_case("u1").await.unwrap().unwrap();
    assert_eq!(
        stored.enrollment.enterprise.address, "福建省厦门市思明区鹭江道8号",
        "the kept edit is stored"
    );
    assert_eq!(
        stored.enrollment.agent.name, "王五",
        "the other tab's edit stays"
    );
    // Forgotten: a second opening writes nothing again.
    store::use_database_name("test-unsaved-other");
    store::list_cases().await.unwrap();
    store::use_database_name("test-unsaved");
    let mut later = stored.clone();
    later.enrollment.enterprise.address = "changed since".into();
    store::save_case(&later, Some(&stored)).await.unwrap();
    store::use_database_name("test-unsaved-other");
    store::list_cases().await.unwrap();
    store::use_database_name("test-unsaved");
    assert_eq!(
        store::get_case("u1")
            .await
            .unwrap()
            .unwrap()
            .enrollment
            .enterprise
            .address,
        "changed since"
    );
}
