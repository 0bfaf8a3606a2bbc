//! Administrative-division names (GB/T 2260) for the 行政区划 a code carries.

const DATA: &str = include_str!("regions.txt");

fn lookup(code: &str) -> Option<&'static str> {
    DATA.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(code).and_then(|rest| rest.strip_prefix(' ')))
}

/// The full name of a six-digit division code, from province down to the most
/// specific level known: `350206` → 福建省厦门市湖里区, `440300` → 广东省深圳市.
/// `None` when not even the province is known.
pub fn region_name(code: &str) -> Option<String> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let province = lookup(&format!("{}0000", &code[..2]))?;
    let mut name = province.to_string();
    if let Some(city) = lookup(&format!("{}00", &code[..4])) {
        // Municipalities list their districts under 市辖区/县; the province name says it all.
        if city != "市辖区" && city != "县" && &code[2..4] != "00" {
            name.push_str(city);
        }
    }
    if &code[4..] != "00" {
        if let Some(district) = lookup(code) {
            name.push_str(district);
        }
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::region_name;

    #[test]
    fn names_xiamen_districts_and_other_cities() {
        assert_eq!(region_name("350206").as_deref(), Some("福建省厦门市湖里区"));
        assert_eq!(region_name("350213").as_deref(), Some("福建省厦门市翔安区"));
        assert_eq!(region_name("350200").as_deref(), Some("福建省厦门市"));
        assert_eq!(region_name("440300").as_deref(), Some("广东省深圳市"));
        assert_eq!(region_name("110105").as_deref(), Some("北京市"));
        assert_eq!(
            region_name("653100").as_deref(),
            Some("新疆维吾尔自治区喀什地区")
        );
        assert_eq!(region_name("990000"), None);
        assert_eq!(region_name("35a200"), None);
    }

    #[test]
    fn data_file_is_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for l in super::DATA.lines().filter(|l| !l.starts_with('#')) {
            let (code, name) = l.split_once(' ').expect("code name");
            assert_eq!(code.len(), 6, "{l}");
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{l}");
            assert!(!name.is_empty(), "{l}");
            assert!(seen.insert(code), "duplicate {code}");
        }
        assert!(seen.len() > 400);
    }
}
