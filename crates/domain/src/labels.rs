//! Official field names (verbatim from the source forms) and their English
//! translations, looked up by field path. The UI labels inputs with these, and
//! every validation message starts with them.

use crate::issue::Lang;

/// `(key, zh-CN, en)` for a field inside its group.
const FIELDS: &[(&str, &str, &str)] = &[
    ("uscc", "统一社会信用代码", "Unified social credit code"),
    ("name", "姓名", "Name"),
    ("enterprise_name", "企业名称", "Enterprise name"),
    ("enterprise_address", "企业地址", "Enterprise address"),
    ("agency_code", "发卡机构代理点", "Card-issuing agency"),
    ("id_type", "证件类型", "ID type"),
    ("id_number", "证件号码", "ID number"),
    ("nationality", "国籍/地区", "Nationality/region"),
    ("mobile", "手机号码", "Mobile number"),
    ("phone", "联系电话", "Contact phone"),
    ("method", "领卡方式", "Card pickup method"),
    ("recipient", "收件人", "Recipient"),
    ("address", "收件地址", "Delivery address"),
    ("remarks", "备注", "Remarks"),
    ("sex", "性别", "Sex"),
    ("birth_date", "出生日期", "Date of birth"),
    ("education", "学历", "Education"),
    ("title", "职务", "Position"),
    ("fax", "传真", "Fax"),
    ("user_address", "用户地址", "User address"),
    ("postcode", "邮政编码", "Postcode"),
    ("apply_date", "申办日期", "Application date"),
    ("acceptance_date", "受理日期", "Acceptance date"),
    ("card_number", "卡号", "Card number"),
    ("card_role", "补卡类别", "Card to replace"),
    ("dereg_scope", "注销类别", "What to deregister"),
    (
        "legal_card_number",
        "电子口岸法人卡号",
        "Legal-person card number",
    ),
    (
        "operator_card_numbers",
        "电子口岸操作员卡号",
        "Operator card numbers",
    ),
    ("change_content", "变更内容", "What changes"),
    ("change_remarks", "备注", "Remarks"),
    (
        "legal_title",
        "法定代表人职务",
        "Legal representative's position",
    ),
    ("legal_sex", "法定代表人性别", "Legal representative's sex"),
    ("reader_route", "领取方式", "How to receive the reader"),
    ("key", "内部编号", "Internal key"),
];

/// `(group, zh-CN, en)`.
const GROUPS: &[(&str, &str, &str)] = &[
    ("enterprise", "", ""),
    ("legal_person", "法定代表人", "Legal representative"),
    ("agent", "经办人", "Agent"),
    ("pickup", "", ""),
    ("paper", "", ""),
];

/// `(slot, zh-CN, en)` for attachment slots.
pub const ATTACHMENT_SLOTS: &[(&str, &str, &str)] = &[
    ("business_licence", "营业执照", "Business licence"),
    (
        "legal_person_id_front",
        "法人身份证（正面）",
        "Legal representative ID (front)",
    ),
    (
        "legal_person_id_back",
        "法人身份证（反面）",
        "Legal representative ID (back)",
    ),
    ("agent_id_front", "经办人身份证（正面）", "Agent ID (front)"),
    ("agent_id_back", "经办人身份证（反面）", "Agent ID (back)"),
    (
        "authorization_letter",
        "授权委托书",
        "Letter of authorisation",
    ),
    ("id_front", "身份证（正面）", "ID card (front)"),
    ("id_back", "身份证（反面）", "ID card (back)"),
];

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// The name of one field as shown next to its input, e.g. `id_number` → 证件号码.
pub fn field_name(key: &str, lang: Lang) -> &'static str {
    FIELDS
        .iter()
        .chain(ATTACHMENT_SLOTS.iter())
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| pick(lang, zh, en))
        .unwrap_or("")
}

/// "操作员 2" / "Operator 2" for the operator at zero-based `index`.
pub fn operator_group(index: usize, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("操作员 {}", index + 1),
        Lang::En => format!("Operator {}", index + 1),
    }
}

/// The full label of a field path, group included, as a message starts with it:
/// `legal_person.id_number` → 法定代表人证件号码, `operators.1.phone` → 操作员 2 联系电话.
pub fn field_label(path: &str, lang: Lang) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let key_label = |key: &str| -> String {
        // Enterprise fields and the generic "name"/"address" differ only by group.
        let k = match (parts[0], key) {
            ("enterprise", "name") => "enterprise_name",
            ("enterprise", "address") => "enterprise_address",
            ("operators", "address") => "user_address",
            (_, k) => k,
        };
        let name = field_name(k, lang);
        if name.is_empty() {
            key.to_string()
        } else {
            name.to_string()
        }
    };
    match parts.as_slice() {
        ["operators"] => pick(lang, "操作员信息", "Operators").to_string(),
        ["operators", idx, rest @ ..] => {
            let i: usize = idx.parse().unwrap_or(0);
            let group = operator_group(i, lang);
            // "操作员 2" ends in a digit: a space keeps it apart from the field name.
            let sep = " ";
            match rest {
                [] => group,
                ["attachments", slot] | [slot @ ("id_front" | "id_back")] => {
                    format!("{group}{sep}{}", key_label(slot))
                }
                [key, ..] => {
                    let l = key_label(key);
                    let l = if lang == Lang::En { lower_first(&l) } else { l };
                    format!("{group}{sep}{l}")
                }
            }
        }
        ["attachments", slot] => key_label(slot),
        ["manifest", "attachments", i] | ["case", "attachments", i] => {
            let n = i.parse::<usize>().map_or(0, |i| i + 1);
            match (parts[0], lang) {
                ("manifest", Lang::ZhCn) => format!("附件清单第 {n} 项"),
                ("manifest", Lang::En) => format!("Attachment list entry {n}"),
                (_, Lang::ZhCn) => format!("申请所附文件第 {n} 项"),
                (_, Lang::En) => format!("Application file {n}"),
            }
        }
        ["manifest", "attachments"] => pick(lang, "附件清单", "The attachment list").to_string(),
        ["manifest", "supersedes"] => {
            pick(lang, "被取代的申报编号", "The superseded submission's id").to_string()
        }
        ["manifest", "client"] => pick(lang, "客户端信息", "The client information").to_string(),
        [group, key] => {
            let (zh, en) = GROUPS
                .iter()
                .find(|(g, _, _)| g == group)
                .map(|(_, zh, en)| (*zh, *en))
                .unwrap_or(("", ""));
            let g = pick(lang, zh, en);
            let l = key_label(key);
            if g.is_empty() {
                l
            } else if lang == Lang::En {
                format!("{g} {}", lower_first(&l))
            } else {
                format!("{g}{l}")
            }
        }
        [key] => key_label(key),
        _ => path.to_string(),
    }
}

fn lower_first(s: &str) -> String {
    // Keep acronyms ("ID") as they are; lower-case ordinary capitalised words.
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_ascii_uppercase() && b.is_ascii_lowercase() => {
            let mut out = a.to_ascii_lowercase().to_string();
            out.push(b);
            out.extend(chars);
            out
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_group_and_field() {
        assert_eq!(
            field_label("enterprise.uscc", Lang::ZhCn),
            "统一社会信用代码"
        );
        assert_eq!(field_label("enterprise.address", Lang::ZhCn), "企业地址");
        assert_eq!(
            field_label("legal_person.mobile", Lang::ZhCn),
            "法定代表人手机号码"
        );
        assert_eq!(
            field_label("legal_person.mobile", Lang::En),
            "Legal representative mobile number"
        );
        assert_eq!(
            field_label("operators.1.id_number", Lang::ZhCn),
            "操作员 2 证件号码"
        );
        assert_eq!(
            field_label("operators.0.id_number", Lang::En),
            "Operator 1 ID number"
        );
        assert_eq!(
            field_label("operators.0.address", Lang::ZhCn),
            "操作员 1 用户地址"
        );
        assert_eq!(
            field_label("attachments.business_licence", Lang::En),
            "Business licence"
        );
        assert_eq!(field_label("pickup.recipient", Lang::ZhCn), "收件人");
    }
}
