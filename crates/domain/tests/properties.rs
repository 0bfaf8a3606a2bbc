//! Property tests: random valid codes pass, every single-character change of a
//! valid code fails its check, and normalisation is idempotent.

use chrono::NaiveDate;
use eport_domain::id_number::{self, IdType};
use eport_domain::{normalize, uscc};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

const ALPHA: &[u8] = uscc::ALPHABET.as_bytes();

/// A structurally valid credit code body (17 characters) with a digit region.
fn uscc_body() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(ALPHA.to_vec()),
        proptest::sample::select(ALPHA.to_vec()),
        "[0-9]{6}",
        proptest::collection::vec(proptest::sample::select(ALPHA.to_vec()), 9),
    )
        .prop_map(|(a, b, region, rest)| {
            let mut s = String::new();
            s.push(a as char);
            s.push(b as char);
            s.push_str(&region);
            s.extend(rest.into_iter().map(|c| c as char));
            s
        })
}

fn valid_uscc() -> impl Strategy<Value = String> {
    uscc_body().prop_map(|b| {
        let c = uscc::check_char(&b).unwrap();
        format!("{b}{c}")
    })
}

fn valid_resident_id() -> impl Strategy<Value = String> {
    // A province-level code (GB/T 2260), then any county part.
    let provinces = prop::sample::select(vec![
        11u8, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
        51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ]);
    (
        provinces,
        "[0-9]{4}",
        1850i32..2026,
        1u32..=12,
        1u32..=28,
        "[0-9]{3}",
    )
        .prop_map(|(p, area, y, m, d, seq)| {
            let first17 = format!("{p:02}{area}{y:04}{m:02}{d:02}{seq}");
            let c = id_number::mod11_2(&first17).unwrap();
            format!("{first17}{c}")
        })
}

proptest! {
    #[test]
    fn generated_credit_codes_pass(code in valid_uscc()) {
        prop_assert_eq!(uscc::validate(&code), Ok(()));
    }

    #[test]
    fn any_single_substitution_of_a_credit_code_fails(code in valid_uscc(), pos in 0usize..18, pick in 0usize..31) {
        let replacement = ALPHA[pick] as char;
        let original = code.as_bytes()[pos] as char;
        prop_assume!(replacement != original);
        let mut changed: Vec<char> = code.chars().collect();
        changed[pos] = replacement;
        let changed: String = changed.into_iter().collect();
        prop_assert!(uscc::validate(&changed).is_err(), "{} → {} still passes", code, changed);
    }

    #[test]
    fn generated_resident_ids_pass(id in valid_resident_id()) {
        prop_assert!(id_number::validate(IdType::ResidentId, &id, today()).is_ok());
    }

    #[test]
    fn any_single_digit_change_of_a_resident_id_fails(id in valid_resident_id(), pos in 0usize..18, digit in 0u8..11) {
        let replacement = if digit == 10 { 'X' } else { (b'0' + digit) as char };
        prop_assume!(id.as_bytes()[pos] as char != replacement);
        let mut changed: Vec<char> = id.chars().collect();
        changed[pos] = replacement;
        let changed: String = changed.into_iter().collect();
        prop_assert!(id_number::validate(IdType::ResidentId, &changed, today()).is_err(), "{} → {}", id, changed);
    }

    #[test]
    fn normalisation_is_idempotent(s in "\\PC{0,40}") {
        let once = normalize::code(&s);
        prop_assert_eq!(normalize::code(&once), once.clone());
        let t = normalize::text(&s);
        prop_assert_eq!(normalize::text(&t), t.clone());
        let p = normalize::phone(&s);
        prop_assert_eq!(normalize::phone(&p), p.clone());
    }

    #[test]
    fn validators_never_panic(s in "\\PC{0,40}") {
        let _ = uscc::validate(&s);
        for t in id_number::ALL_ID_TYPES {
            let _ = id_number::validate(*t, &s, today());
        }
        let _ = eport_domain::contact::validate_phone(&s);
        let _ = eport_domain::contact::validate_name(&s);
    }
}
