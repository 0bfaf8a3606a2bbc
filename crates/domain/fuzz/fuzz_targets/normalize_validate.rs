//! Normalisation and every validator over arbitrary input: never a panic, and
//! the invariants the rest of the app relies on hold.
#![no_main]

use chrono::NaiveDate;
use eport_domain::case::EnrollmentCase;
use eport_domain::id_number::{self, ALL_ID_TYPES};
use eport_domain::{contact, normalize, uscc, validate_enrollment, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();

    let code = normalize::code(&s);
    assert_eq!(normalize::code(&code), code, "code normalisation is idempotent");
    let text = normalize::text(&s);
    assert_eq!(normalize::text(&text), text, "text normalisation is idempotent");

    if let Ok(info) = uscc::parse(&s) {
        assert_eq!(info.normalized.chars().count(), 18);
        assert_eq!(info.check_ok, uscc::validate(&s).is_ok());
    }
    for t in ALL_ID_TYPES {
        if let Ok(f) = id_number::analyse(*t, &s, today) {
            // What we store validates again unchanged.
            let again = id_number::analyse(*t, &f.normalized, today).expect("normalised id stays valid");
            assert_eq!(again.normalized, f.normalized);
        }
    }
    let _ = contact::validate_phone(&s);
    let _ = contact::validate_mobile(&s);
    let _ = contact::validate_name(&s);
    let _ = contact::validate_postcode(&s);
    let _ = contact::address_looks_complete(&s);

    // Whole cases from arbitrary JSON (the server parses manifests like this).
    if let Ok(case) = serde_json::from_slice::<EnrollmentCase>(data) {
        for issue in validate_enrollment(&case, today) {
            assert!(!issue.message(Lang::ZhCn).is_empty());
            assert!(!issue.message(Lang::En).is_empty());
        }
    }
});
