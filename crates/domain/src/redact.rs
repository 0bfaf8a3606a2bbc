//! Personal data out of a diagnostics bundle: names of people, ID numbers,
//! dates of birth, phones, faxes and addresses are replaced by a marker that
//! keeps only the length (a help-desk can still see "filled, 18 characters").
//! Works on JSON so it covers the case, the outbox manifest and any later
//! shape without a second list of fields.

use serde_json::Value;

/// Keys whose string values are personal wherever they appear.
const PERSONAL: &[&str] = &[
    "id_number",
    "birth_date",
    "mobile",
    "phone",
    "fax",
    "address",
    "recipient",
    "email",
    // A paper case's free text (附件3) often names people: "法人由张三变更为李四".
    "change_content",
    "change_remarks",
];

/// `name` is personal except for the enterprise's own name and file names.
fn is_personal(parent: &str, key: &str) -> bool {
    PERSONAL.contains(&key) || (key == "name" && !matches!(parent, "enterprise" | "attachments"))
}

pub fn marker(s: &str) -> String {
    format!("[redacted: {} characters]", s.chars().count())
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
        assert_eq!(v["attachments"][0]["name"], case.attachments[0].name);
        assert_eq!(v["attachments"][0]["sha256"], case.attachments[0].sha256);
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
