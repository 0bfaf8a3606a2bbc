//! Input normalisation shared by every rule: what the user typed is cleaned the
//! same way in the browser and on the server before any check runs.

/// Full-width ASCII variants (U+FF01..U+FF5E) to ASCII, ideographic space to space.
fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Free text (names, addresses): full-width ASCII folded, outer white space trimmed,
/// inner runs of white space collapsed to one space.
pub fn text(input: &str) -> String {
    let folded: String = input.chars().map(to_half_width).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Codes (USCC, ID numbers, passports, postcodes): full-width folded, spaces and
/// hyphens (ASCII and common Unicode dashes) dropped, letters upper-cased.
pub fn code(input: &str) -> String {
    input
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '–' | '—' | '－'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A reference number as typed (`xm20261206-000001`, full-width, padded,
/// with a Unicode dash or none): upper case, ASCII, no spaces, one `-` after
/// the date. Whether it then is a reference is [`crate::ids::Reference`]'s call.
pub fn reference(input: &str) -> String {
    let c: String = input
        .chars()
        .map(to_half_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '‐' | '‑' | '–' | '—' | '－' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    let b = c.as_bytes();
    if b.len() == 16 && b.starts_with(b"XM") && b[2..].iter().all(u8::is_ascii_digit) {
        format!("{}-{}", &c[..10], &c[10..])
    } else {
        c
    }
}

/// A unified social credit code as typed, in the one form it is stored and
/// compared in (what [`code`] gives).
pub fn uscc(input: &str) -> String {
    code(input)
}

/// Phone numbers: like [`code`], plus `+86`/`0086` country prefixes removed from
/// mobile-looking numbers and parentheses dropped.
pub fn phone(input: &str) -> String {
    let c: String = code(input)
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .collect();
    let stripped = c
        .strip_prefix("+86")
        .or_else(|| c.strip_prefix("0086"))
        .unwrap_or(&c);
    stripped.to_string()
}

/// The first character no text field may hold, if any: control characters
/// (C0, DEL and C1; a line feed is allowed where `multiline`) and the
/// bidirectional controls that reorder what is shown (`…\u{202E}gnp.exe`
/// shows as "exe.png").
pub fn invisible(text: &str, multiline: bool) -> Option<char> {
    text.chars().find(|&c| is_invisible(c, multiline))
}

/// See [`invisible`].
pub fn is_invisible(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && (c == '\n' || c == '\r')))
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_found_and_a_line_feed_only_where_allowed() {
        assert_eq!(invisible("厦门\u{202E}gnp.exe", false), Some('\u{202E}'));
        assert_eq!(invisible("a\u{2066}b", false), Some('\u{2066}'));
        assert_eq!(invisible("a\u{0}b", true), Some('\u{0}'));
        assert_eq!(invisible("a\u{85}b", true), Some('\u{85}'), "C1 too");
        assert_eq!(invisible("第一行\r\n第二行", true), None);
        assert_eq!(invisible("第一行\n第二行", false), Some('\n'));
        // Joiners in names and emoji are not controls.
        assert_eq!(invisible("👨\u{200D}👩 Zoë·李", false), None);
    }

    #[test]
    fn a_reference_in_any_typed_form_is_one_form() {
        for typed in [
            "xm20261206-000001",
            " XM20261206-000001 ",
            "ＸＭ２０２６１２０６－０００００１",
            "XM20261206–000001",
            "xm 20261206 000001",
            "XM20261206000001",
        ] {
            assert_eq!(reference(typed), "XM20261206-000001", "{typed:?}");
        }
        assert_eq!(reference("not a ref"), "NOTAREF");
        assert_eq!(
            uscc(" ９１３５０１００ｍ０００１００ｙ４３ "),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn folds_full_width_and_drops_separators() {
        assert_eq!(
            code("９１３５０１００Ｍ０００１００Ｙ４３"),
            "91350100M000100Y43"
        );
        assert_eq!(code(" 1101-0519 4912 31002x "), "11010519491231002X");
        assert_eq!(
            text("  厦门市\u{3000}湖里区   象兴一路 "),
            "厦门市 湖里区 象兴一路"
        );
    }

    #[test]
    fn strips_country_prefix_from_phones() {
        assert_eq!(phone("+86 138-0000-0000"), "13800000000");
        assert_eq!(phone("0086 13800000000"), "13800000000");
        assert_eq!(phone("(0592)5653395"), "05925653395");
    }
}
