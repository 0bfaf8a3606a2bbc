//! 统一社会信用代码 (GB 32100-2015).

use crate::issue::{Code, RuleResult};
use crate::normalize;
use crate::region::region_name;

/// The 31 characters a credit code may contain, in value order (no I, O, S, V, Z).
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check character (position 18) for the first 17 characters, or `None`
/// if any of them is outside the alphabet.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    // (31 - 0) mod 31 = 0 → '0'; indexing the alphabet with 31 is the classic bug.
    let v = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(v as usize)
}

/// The GB 11714 organisation-code check (position 17) for positions 9–16.
pub fn org_check_char(org8: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in org8.chars().zip(ORG_WEIGHTS) {
        let v = c.to_digit(36)?;
        sum += v * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        n => char::from_digit(n, 10),
    }
}

/// What a well-formed code says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsccInfo {
    pub normalized: String,
    pub region_code: String,
    /// e.g. 福建省厦门市湖里区; `None` when the division is not in our table.
    pub region_name: Option<String>,
    /// Whether position 18 matches the computed check character.
    pub check_ok: bool,
    pub expected_check: char,
}

/// Structural checks (errors). A check-character mismatch is not an error here:
/// it comes back as `check_ok == false` so the caller can ask for confirmation.
pub fn parse(input: &str) -> Result<UsccInfo, (Code, String)> {
    let s = normalize::code(input);
    let n = s.chars().count();
    if let Some(bad) = s.chars().find(|c| value(*c).is_none()) {
        return Err((Code::UsccCharset, bad.to_string()));
    }
    if n != 18 {
        return Err((Code::UsccLength, n.to_string()));
    }
    let region_code = &s[2..8];
    if !region_code.bytes().all(|b| b.is_ascii_digit()) {
        return Err((Code::UsccRegion, String::new()));
    }
    let expected = check_char(&s[..17]).expect("17 alphabet characters");
    Ok(UsccInfo {
        region_code: region_code.to_string(),
        region_name: region_name(region_code),
        check_ok: s.ends_with(expected),
        expected_check: expected,
        normalized: s,
    })
}

/// The full rule for a field: structure errors, then the check character
/// (as `UsccCheck`, which callers treat as a confirmable warning).
pub fn validate(input: &str) -> RuleResult {
    let info = parse(input)?;
    if info.check_ok {
        Ok(())
    } else {
        Err((Code::UsccCheck, info.expected_check.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_vectors() {
        for ok in [
            "91350100M000100Y43",
            "91350200MA31E12PXF",
            "91350213678251743X",
            "914403001922038216",
        ] {
            assert_eq!(validate(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            validate("91350100M000100Y4A"),
            Err((Code::UsccCheck, "3".into()))
        );
        assert_eq!(
            validate("91350100M000I00Y43"),
            Err((Code::UsccCharset, "I".into()))
        );
    }

    #[test]
    fn structural_errors() {
        assert_eq!(validate("9135010"), Err((Code::UsccLength, "7".into())));
        assert_eq!(
            validate("91AB0100M000100Y43"),
            Err((Code::UsccRegion, String::new()))
        );
        assert_eq!(validate(""), Err((Code::UsccLength, "0".into())));
    }

    #[test]
    fn normalises_before_checking() {
        assert_eq!(validate("９１３５０２００ma31e12pxf"), Ok(()));
        assert_eq!(validate(" 9135-0213-6782-5174-3x "), Ok(()));
    }

    #[test]
    fn reports_region() {
        let info = parse("91350213678251743X").unwrap();
        assert_eq!(info.region_code, "350213");
        assert_eq!(info.region_name.as_deref(), Some("福建省厦门市翔安区"));
    }

    #[test]
    fn sum_divisible_by_31_maps_to_zero() {
        // Find a prefix whose weighted sum is a multiple of 31 and check it maps to '0'.
        let base = "9135020000000000";
        for last in ALPHABET.chars() {
            let p = format!("{base}{last}");
            let sum: u32 = p
                .chars()
                .zip(WEIGHTS)
                .map(|(c, w)| value(c).unwrap() * w)
                .sum();
            if sum.is_multiple_of(31) {
                assert_eq!(check_char(&p), Some('0'));
                return;
            }
        }
        // The 17th position takes every value mod 31 (weight 28 is invertible mod 31).
        unreachable!("some last character makes the sum divisible by 31");
    }

    #[test]
    fn organisation_code_check() {
        // 91350213 678251743 X: positions 9–16 are 67825174, position 17 is 3.
        assert_eq!(org_check_char("67825174"), Some('3'));
        assert_eq!(org_check_char("19220382"), Some('1'));
    }
}
