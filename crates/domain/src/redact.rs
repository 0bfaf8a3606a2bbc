//! Personal data out of a diagnostics bundle: every field the registry marks
//! personal (names of people, ID numbers, dates of birth, phones, faxes,
//! addresses, free text) is replaced by a marker that keeps only the length
//! (a help desk can still see "filled, 18 characters"). Works on JSON by the
//! field's group and key, so it covers the stored case, the outbox manifest
//! and any later shape that nests the same groups.

use serde_json::Value;

use crate::field::FIELDS;

/// Whether the string at `key` of an object under `parent` is a personal field.
fn is_personal(parent: &str, key: &str) -> bool {
    FIELDS
        .iter()
        .any(|f| f.personal && f.access.is_some() && f.key == key && f.group.key() == parent)
}

pub fn marker(s: &str) -> String {
    format!("[redacted: {} characters]", s.chars().count())
}

/// Whether `s` is what [`marker`] or [`file_name`] left: a value that was
/// there but is not shown.
pub fn is_redacted(s: &str) -> bool {
    s.starts_with("[redacted: ")
}

/// An attachment's file name, which often names a person (张三身份证.jpg):
/// only its extension stays.
pub fn file_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.len() <= 5 => {
            format!("{}.{}", marker(stem), ext.to_ascii_lowercase())
        }
        _ => marker(name),
    }
}

/// Redacts `v` in place; `parent` is the key `v` sits under ("" at the top).
pub fn redact_personal(v: &mut Value) {
    walk("", v);
}

fn walk(parent: &str, v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match child {
                    Value::String(s) if is_personal(parent, k) && !s.is_empty() => {
                        *s = marker(s);
                    }
                    // An attachment's (of the case or of a manifest) file name.
                    Value::String(s) if parent == "attachments" && k == "name" && !s.is_empty() => {
                        *s = file_name(s);
                    }
                    _ => walk(k, child),
                }
            }
        }
        // Items of a list belong to the list's key (operators, attachments).
        Value::Array(items) => items.iter_mut().for_each(|i| walk(parent, i)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::valid_enrollment;

    #[test]
    fn every_personal_value_of_a_case_is_gone_and_the_rest_stays() {
        let case = valid_enrollment(None);
        let mut v = serde_json::to_value(&case).unwrap();
        redact_personal(&mut v);
        let text = v.to_string();
        for secret in [
            &case.legal_person.name,
            &case.legal_person.id_number,
            &case.legal_person.mobile,
            &case.agent.name,
            &case.agent.id_number,
            &case.agent.phone,
            &case.operators[0].name,
            &case.operators[0].id_number,
            &case.operators[0].phone,
            &case.operators[0].address,
            &case.enterprise.address,
        ] {
            assert!(!secret.is_empty());
            assert!(!text.contains(secret.as_str()), "{secret} leaked");
        }
        assert_eq!(v["enterprise"]["name"], case.enterprise.name);
        assert_eq!(v["enterprise"]["uscc"], case.enterprise.uscc);
        assert_eq!(v["legal_person"]["id_number"], "[redacted: 18 characters]");
        let name = &case.attachments[0].name;
        assert!(!name.is_empty());
        let redacted = v["attachments"][0]["name"].as_str().unwrap();
        assert!(
            is_redacted(redacted) && !redacted.contains(name.as_str()),
            "{redacted}"
        );
        assert_eq!(v["attachments"][0]["sha256"], case.attachments[0].sha256);
    }

    #[test]
    fn a_file_name_keeps_only_its_extension() {
        assert_eq!(file_name("张三身份证.JPG"), "[redacted: 5 characters].jpg");
        assert_eq!(file_name("scan"), "[redacted: 4 characters]");
        assert!(is_redacted(&file_name("a.pdf")) && !is_redacted("a.pdf"));
    }

    /// Every field with a value, each a different one, through the registry's accessors.
    fn everything_filled() -> (crate::case::EnrollmentCase, crate::paper::PaperDetails) {
        use crate::field::{FieldPath, Group};
        let mut case = valid_enrollment(None);
        let mut paper = crate::paper::PaperDetails::default();
        for (n, f) in crate::field::FIELDS.iter().enumerate() {
            if f.access.is_none() || !f.choices.is_empty() || f.key.ends_with("id_type") {
                continue;
            }
            let p = match f.group {
                Group::Operator => FieldPath::op(f.field, 0),
                _ => f.field.into(),
            };
            p.set(&mut case, &mut paper, &format!("值{n:02}value"));
        }
        (case, paper)
    }

    #[test]
    fn every_personal_field_of_the_registry_is_redacted_in_a_record_and_a_manifest() {
        use crate::field::{FieldPath, Group, FIELDS};
        let (case, paper) = everything_filled();
        let record = serde_json::json!({"id": "x", "enrollment": case, "paper": paper});
        let outbox = serde_json::json!({"manifest": {"case": case}});
        for mut v in [record, outbox] {
            redact_personal(&mut v);
            let text = v.to_string();
            for (n, f) in FIELDS.iter().enumerate() {
                let marker = format!("值{n:02}value");
                let p = match f.group {
                    Group::Operator => FieldPath::op(f.field, 0),
                    _ => f.field.into(),
                };
                if p.get(&case, &paper).as_deref() != Some(marker.as_str()) {
                    continue; // not a text field, or not in this shape
                }
                if f.personal {
                    assert!(!text.contains(&marker), "{p} leaked");
                } else if f.group != Group::Paper || text.contains("\"paper\"") {
                    assert!(
                        text.contains(&marker),
                        "{p} was redacted but is not personal"
                    );
                }
            }
        }
    }

    #[test]
    fn a_paper_case_loses_its_free_text_and_keeps_card_numbers() {
        let mut v = serde_json::json!({"paper": {
            "change_content": "法人由张三变更为李四", "change_remarks": "", "legal_card_number": "8900000000000001"
        }});
        redact_personal(&mut v);
        assert_eq!(v["paper"]["change_content"], "[redacted: 10 characters]");
        assert_eq!(v["paper"]["legal_card_number"], "8900000000000001");
    }

    #[test]
    fn nested_manifests_are_covered_too() {
        let mut v = serde_json::json!({"manifest": {"case": {"operators": [{"name": "王五", "phone": ""}]}}});
        redact_personal(&mut v);
        assert_eq!(
            v["manifest"]["case"]["operators"][0]["name"],
            "[redacted: 2 characters]"
        );
        assert_eq!(
            v["manifest"]["case"]["operators"][0]["phone"], "",
            "empty stays empty"
        );
    }
}
