//! Phones, postcodes, personal names and addresses.

use crate::issue::{Code, RuleResult};
use crate::normalize;

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// 手机号码: `1[3-9]` + 9 digits after stripping `+86`/`0086`, spaces, hyphens.
pub fn is_mobile(input: &str) -> bool {
    let s = normalize::phone(input);
    s.len() == 11
        && digits(&s)
        && s.as_bytes()[0] == b'1'
        && (b'3'..=b'9').contains(&s.as_bytes()[1])
}

/// The ways a phone text can be read: as a whole, or with an extension split off
/// (转123, ext 123, #123, x123, or a last hyphen group as in 0592-5653395-801).
fn readings(input: &str) -> Vec<(String, Option<String>)> {
    let t = normalize::text(input);
    let mut out = vec![(t.clone(), None)];
    for sep in ["转", "ext.", "ext", "EXT", "Ext", "#", "x", "X"] {
        if let Some((main, ext)) = t.split_once(sep) {
            out.push((main.to_string(), Some(normalize::code(ext))));
        }
    }
    if let Some((main, ext)) = t.rsplit_once('-') {
        out.push((main.to_string(), Some(ext.trim().to_string())));
    }
    out
}

fn is_landline_main(s: &str) -> bool {
    if !digits(s) {
        return false;
    }
    if (s.starts_with("400") || s.starts_with("800")) && s.len() == 10 {
        return true;
    }
    // Area codes: 010 and 020–029 have three digits, every other one four.
    if !s.starts_with('0') {
        return false;
    }
    let area = if s.starts_with("01") || s.starts_with("02") {
        3
    } else {
        4
    };
    s.len() > area && {
        let local = &s[area..];
        (7..=8).contains(&local.len()) && (b'2'..=b'9').contains(&local.as_bytes()[0])
    }
}

/// A landline with area code (`0` + 2–3 digits by the national plan, local 7–8 digits starting 2–9,
/// optional extension of 1–6 digits), or a 400/800 number.
pub fn is_landline(input: &str) -> bool {
    readings(input).into_iter().any(|(main, ext)| {
        ext.is_none_or(|e| digits(&e) && e.len() <= 6) && is_landline_main(&normalize::phone(&main))
    })
}

/// A phone or fax number as it is stored and printed: digits only
/// (`138 0013 8000` → `13800138000`, `0592-5653395` → `05925653395`), an
/// extension kept after 转 (`0592-5653395-801` → `05925653395转801`). A text
/// that is no valid number stays as typed, so its error shows what was typed.
pub fn canonical_phone(input: &str) -> String {
    if is_mobile(input) {
        return normalize::phone(input);
    }
    for (main, ext) in readings(input) {
        let main = normalize::phone(&main);
        let ext_ok = ext.as_ref().is_none_or(|e| digits(e) && e.len() <= 6);
        if ext_ok && is_landline_main(&main) {
            return match ext {
                Some(e) => format!("{main}转{e}"),
                None => main,
            };
        }
    }
    input.to_string()
}

/// A stored phone number as people read and write it: mobiles 3-4-4
/// (`138 0013 8000`), landlines 区号-号码 (`0592-5653395`, `010-12345678`),
/// 400/800 numbers 3-3-4, an extension after 转. Stored values stay digits
/// ([`canonical_phone`]); anything else is shown as it is.
pub fn display_phone(stored: &str) -> String {
    let (main, ext) = match stored.split_once('转') {
        Some((m, e)) => (m, Some(e)),
        None => (stored, None),
    };
    let split = |at: &[usize], sep: char| {
        let mut out = String::with_capacity(main.len() + 3);
        for (i, c) in main.char_indices() {
            if at.contains(&i) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    };
    let grouped = if main.len() == 11 && main.starts_with('1') && digits(main) {
        split(&[3, 7], ' ')
    } else if (main.starts_with("400") || main.starts_with("800"))
        && main.len() == 10
        && digits(main)
    {
        split(&[3, 6], '-')
    } else if is_landline_main(main) {
        let area = if main.starts_with("01") || main.starts_with("02") {
            3
        } else {
            4
        };
        split(&[area], '-')
    } else {
        return stored.to_string();
    };
    match ext {
        Some(e) => format!("{grouped}转{e}"),
        None => grouped,
    }
}

/// Card numbers (卡号) as stored and printed: spaces and hyphens dropped from
/// each number; several numbers stay apart, separated by 、.
pub fn canonical_card_numbers(input: &str) -> String {
    normalize::text(input)
        .split(['、', ',', '，', ';', '；', '/'])
        .map(normalize::code)
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("、")
}

/// Whether every card number in `input` is digits only.
pub fn card_numbers_are_digits(input: &str) -> bool {
    canonical_card_numbers(input)
        .split('、')
        .all(|n| n.is_empty() || digits(n))
}

pub fn validate_mobile(input: &str) -> RuleResult {
    if is_mobile(input) {
        Ok(())
    } else {
        Err((Code::MobileFormat, String::new()))
    }
}

/// 联系电话 accepts a mobile or a landline.
pub fn validate_phone(input: &str) -> RuleResult {
    if is_mobile(input) || is_landline(input) {
        Ok(())
    } else {
        Err((Code::PhoneFormat, String::new()))
    }
}

pub fn validate_postcode(input: &str) -> RuleResult {
    let s = normalize::code(input);
    if s.len() == 6 && digits(&s) {
        Ok(())
    } else {
        Err((Code::PostcodeFormat, String::new()))
    }
}

pub const NAME_MAX: usize = 50;

/// Names: 1–50 characters, no digits; letters of any script, spaces, and the
/// separators names really use (`·` in Chinese transliterations, `.`, `-`, `'`).
pub fn validate_name(input: &str) -> RuleResult {
    let s = normalize::text(input).replace(['•', '・', '‧'], "·");
    let n = s.chars().count();
    if n == 0 {
        return Err((Code::Required, String::new()));
    }
    if n > NAME_MAX {
        return Err((Code::TooLong, NAME_MAX.to_string()));
    }
    if s.chars().any(|c| c.is_numeric()) {
        return Err((Code::NameDigits, String::new()));
    }
    if let Some(bad) = s
        .chars()
        .find(|c| !(c.is_alphabetic() || matches!(c, ' ' | '·' | '.' | '-' | '\'')))
    {
        return Err((Code::NameChars, bad.to_string()));
    }
    Ok(())
}

/// Whether an address names a province or city, a district or county, and a
/// street and number. Used as a warning only: the licence is the authority.
pub fn address_looks_complete(input: &str) -> bool {
    let s = normalize::text(input);
    let has_cjk = s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    if !has_cjk {
        // A Latin-script address: ask only for a number and a few words.
        return s.split_whitespace().count() >= 3 && s.chars().any(|c| c.is_ascii_digit());
    }
    let city = ["省", "市", "自治区", "特别行政区"]
        .iter()
        .any(|k| s.contains(k));
    let district = ["区", "县", "旗", "镇", "乡"].iter().any(|k| s.contains(k));
    let street = ["路", "街", "道", "巷", "弄", "号", "村", "里", "大厦", "楼"]
        .iter()
        .any(|k| s.contains(k));
    city && district && street
}

pub fn validate_address(input: &str) -> RuleResult {
    if address_looks_complete(input) {
        Ok(())
    } else {
        Err((Code::AddressIncomplete, String::new()))
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn phones_are_shown_grouped_and_stay_digits_when_stored() {
        for (typed, shown) in [
            ("138 0013 8000", "138 0013 8000"),
            ("13800138000", "138 0013 8000"),
            ("0592-5653395", "0592-5653395"),
            ("010 6512 3456", "010-65123456"),
            ("0592-5653395-801", "0592-5653395转801"),
            ("400-810-8888", "400-810-8888"),
        ] {
            let stored = canonical_phone(typed);
            assert!(
                stored.chars().all(|c| c.is_ascii_digit() || c == '转'),
                "{stored}"
            );
            assert_eq!(display_phone(&stored), shown, "{typed}");
            assert_eq!(
                canonical_phone(&display_phone(&stored)),
                stored,
                "{typed} reads back"
            );
        }
        // Not a number: shown as typed, so its error shows what was typed.
        assert_eq!(display_phone("5653395"), "5653395");
        assert_eq!(display_phone(""), "");
    }

    use super::*;

    #[test]
    fn phones_and_card_numbers_are_stored_as_digits() {
        assert_eq!(canonical_phone("138 0013 8000"), "13800138000");
        assert_eq!(canonical_phone("+86 138-0013-8000"), "13800138000");
        assert_eq!(canonical_phone("0592-5653395"), "05925653395");
        assert_eq!(canonical_phone("(0592) 565 3395"), "05925653395");
        assert_eq!(canonical_phone("0592-5653395-801"), "05925653395转801");
        assert_eq!(canonical_phone("0592-5653395 转 801"), "05925653395转801");
        assert_eq!(
            canonical_phone("12345"),
            "12345",
            "an invalid number stays as typed"
        );
        assert!(validate_phone(&canonical_phone("0592-5653395-801")).is_ok());
        assert_eq!(canonical_card_numbers(" 8900 0000-01 "), "8900000001");
        assert_eq!(
            canonical_card_numbers("8900000002, 8900 000003"),
            "8900000002、8900000003"
        );
        assert!(card_numbers_are_digits("8900 0000 01、89-11"));
        assert!(!card_numbers_are_digits("8900A00001"));
    }

    #[test]
    fn mobiles() {
        for ok in [
            "13800138000",
            "+86 138 0013 8000",
            "0086-19912345678",
            "１３８００１３８０００",
        ] {
            assert!(is_mobile(ok), "{ok}");
        }
        for bad in [
            "12800138000",
            "1380013800",
            "138001380001",
            "0592-5653395",
            "",
        ] {
            assert!(!is_mobile(bad), "{bad}");
        }
    }

    #[test]
    fn landlines() {
        for ok in [
            "0592-5653395",
            "(0592)5653395",
            "010-88886666",
            "0592-5653395-801",
            "0592 5653395转801",
            "400-820-8820",
            "8008208820",
        ] {
            assert!(is_landline(ok), "{ok}");
        }
        for bad in [
            "5653395",
            "0592-1653395",
            "0592-56533",
            "0592-5653395-1234567",
            "4008208820123",
        ] {
            assert!(!is_landline(bad), "{bad}");
        }
        assert!(validate_phone("13800138000").is_ok());
        assert_eq!(
            validate_phone("12345"),
            Err((Code::PhoneFormat, String::new()))
        );
        assert_eq!(
            validate_mobile("0592-5653395"),
            Err((Code::MobileFormat, String::new()))
        );
    }

    #[test]
    fn postcodes() {
        assert!(validate_postcode("361006").is_ok());
        assert!(validate_postcode("３６１００６").is_ok());
        assert!(validate_postcode("36100").is_err());
        assert!(validate_postcode("36100a").is_err());
    }

    #[test]
    fn names() {
        for ok in [
            "张三",
            "阿卜杜拉·买买提",
            "John O'Brien",
            "Jean-Luc Picard",
            "李•四",
        ] {
            assert_eq!(validate_name(ok), Ok(()), "{ok}");
        }
        assert_eq!(validate_name("张3"), Err((Code::NameDigits, String::new())));
        assert_eq!(validate_name("张三@"), Err((Code::NameChars, "@".into())));
        assert_eq!(validate_name("  "), Err((Code::Required, String::new())));
        assert_eq!(
            validate_name(&"名".repeat(51)),
            Err((Code::TooLong, "50".into()))
        );
    }

    #[test]
    fn addresses() {
        assert!(address_looks_complete("厦门市湖里区象兴一路11号"));
        assert!(address_looks_complete(
            "福建省厦门市思明区鹭江道8号国际银行大厦"
        ));
        assert!(!address_looks_complete("厦门市"));
        assert!(!address_looks_complete("象兴一路11号"));
        assert!(address_looks_complete(
            "Room 7, 11 Xiangxing 1st Road, Huli, Xiamen"
        ));
    }
}
