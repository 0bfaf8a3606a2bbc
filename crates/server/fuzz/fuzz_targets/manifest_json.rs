//! The body of `PUT /submissions/{id}`: any bytes are either refused with a
//! problem (400/413) or parsed and checked against the domain rules, never a
//! panic; an accepted manifest survives a JSON round trip unchanged.
#![no_main]

use chrono::NaiveDate;
use eport_domain::protocol::Manifest;
use eport_domain::Lang;
use eport_server::http::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(m) = parse::manifest(data) else { return };
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let zh = parse::checked(&m, Lang::ZhCn, today);
    let en = parse::checked(&m, Lang::En, today);
    assert_eq!(
        zh.is_ok(),
        en.is_ok(),
        "the verdict does not depend on the language"
    );
    let text = serde_json::to_vec(&m).expect("a manifest serialises");
    let again: Manifest = parse::manifest(&text).expect("a serialised manifest parses");
    assert_eq!(again, m);
});
