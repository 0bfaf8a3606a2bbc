//! What the paper business types need beyond the enrollment model: the fields of
//! 附件1–附件5 that the online form does not have, the checklist ticks, and the
//! acceptance date the timeline counts from. Stored with the case in the browser;
//! never sent to the server (paper goes by EMS).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::id_number::Sex;

/// 补卡: which card is replaced (附件1 row 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardRole {
    /// 法人卡
    Legal,
    /// 操作员卡
    Operator,
}

/// 注销: the whole enterprise or cards only (附件1 row 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeregScope {
    /// 企业注销
    Enterprise,
    /// 电子口岸卡注销
    Cards,
}

/// 自购读卡器: how the reader reaches the enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReaderRoute {
    /// 厂商邮寄: the vendor posts it; nothing else to do.
    Vendor,
    /// 关区取货: e-mail 附件5 and the payment screenshot to the centre.
    Pickup,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaperDetails {
    /// 申办日期 (附件1) and 签署日期 (附件5), `YYYY-MM-DD`.
    pub apply_date: String,
    /// When the centre accepted the paper, `YYYY-MM-DD`; empty means "today".
    pub acceptance_date: String,
    /// 卡号 on 附件1's business row: the card changed, renewed or unlocked.
    pub card_number: String,
    pub card_role: Option<CardRole>,
    pub dereg_scope: Option<DeregScope>,
    /// 附件4 电子口岸法人卡号.
    pub legal_card_number: String,
    /// 附件4 电子口岸操作员卡号, several separated as the user likes.
    pub operator_card_numbers: String,
    /// 附件3 变更内容 and 备注.
    pub change_content: String,
    pub change_remarks: String,
    /// 附件2 法人卡持卡人: 职务, and 性别 when the ID type does not carry it.
    pub legal_title: String,
    pub legal_sex: Option<Sex>,
    pub reader_route: Option<ReaderRoute>,
    /// Ticked checklist items by key (`material.0`, `precheck.2`); a map so two
    /// tabs ticking different items merge item by item.
    pub ticks: BTreeMap<String, bool>,
}

impl PaperDetails {
    pub fn ticked(&self, key: &str) -> bool {
        self.ticks.get(key).copied().unwrap_or(false)
    }
}

/// Checklist keys: the `i`th material of the business, the `i`th deregistration pre-check.
pub fn material_key(i: usize) -> String {
    format!("material.{i}")
}

pub fn precheck_key(i: usize) -> String {
    format!("precheck.{i}")
}

/// Whether a case's fields and forms are open: always, except for deregistration
/// before every tripartite-agreement system is ticked as checked.
pub fn forms_unlocked(business: &crate::catalog::Business, p: &PaperDetails) -> bool {
    !business
        .rules
        .contains(&crate::catalog::SpecialRule::TripartitePrecheck)
        || (0..crate::catalog::TRIPARTITE_SYSTEMS.len()).all(|i| p.ticked(&precheck_key(i)))
}

/// Which parts of the case a business type's forms use; the data-entry page shows
/// exactly these, and [`crate::paper_validate`] checks exactly these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// 附件1: enterprise, 经办人, 领卡方式.
    pub form1: bool,
    /// 附件2's 法人卡持卡人 block.
    pub legal_holder: bool,
    /// 附件2's 操作员卡持卡人 blocks: `Some(true)` at least one operator is required.
    pub operators: Option<bool>,
    /// 附件3 变更内容.
    pub change: bool,
    /// 附件1's 卡号: `Some(true)` required.
    pub card_number: Option<bool>,
    /// 补卡: 法人卡 or 操作员卡.
    pub card_role: bool,
    /// 注销: scope and 附件4's card numbers.
    pub dereg: bool,
    /// 自购读卡器: the route, and 附件5 for the pickup route.
    pub reader: bool,
}

pub fn needs(kind: crate::catalog::BusinessKind) -> Needs {
    use crate::catalog::BusinessKind::*;
    let f1 = Needs {
        form1: true,
        ..Needs::default()
    };
    match kind {
        PaperlessEnrollment => Needs::default(),
        PaperEnrollment => Needs {
            legal_holder: true,
            operators: Some(true),
            ..f1
        },
        InfoChange => Needs {
            legal_holder: true,
            operators: Some(false),
            change: true,
            card_number: Some(false),
            ..f1
        },
        OperatorCardChange => Needs {
            operators: Some(true),
            card_number: Some(true),
            ..f1
        },
        OperatorCardAdd => Needs {
            operators: Some(true),
            ..f1
        },
        CardReissue => Needs {
            card_role: true,
            ..f1
        },
        CertificateRenewal | CardUnlock => Needs {
            card_number: Some(true),
            ..f1
        },
        CardReader => Needs {
            reader: true,
            ..Needs::default()
        },
        Deregistration => Needs { dereg: true, ..f1 },
    }
}

/// The e-mail of the card reader's pickup route (to [`crate::catalog::SERVICE_EMAIL`]):
/// subject and body, from what the case holds; the user attaches the two files.
pub fn reader_pickup_email(case: &crate::case::EnrollmentCase) -> (String, String) {
    let name = case.enterprise.name.trim();
    let uscc = case.enterprise.uscc.trim();
    let subject = format!("自购读卡器关区取货 — {name}（{uscc}）");
    let p = &case.pickup;
    let body = format!(
        "中国电子口岸数据中心厦门分中心：\n\n\
         我司{name}（统一社会信用代码：{uscc}）已在安全产品小程序购买读卡器，并选择“{choice}”。\
         现发送加盖公章的《授权委托书》（附件5）及安全产品成功支付页面截图，请代为邮寄（快递到付）。\n\n\
         收件人：{recipient}\n联系电话：{phone}\n收件地址：{address}\n\n\
         附件：1.《授权委托书》（加盖公章）；2. 安全产品成功支付页面截图（加盖公章）\n",
        choice = crate::catalog::PAYMENT_PICKUP_CHOICE,
        recipient = p.recipient.trim(),
        phone = p.phone.trim(),
        address = p.address.trim(),
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{business, BusinessKind};

    #[test]
    fn deregistration_unlocks_after_all_three_prechecks_and_nothing_else_locks() {
        let dereg = business(BusinessKind::Deregistration);
        let mut p = PaperDetails::default();
        assert!(forms_unlocked(business(BusinessKind::CardUnlock), &p));
        for i in 0..3 {
            assert!(!forms_unlocked(dereg, &p), "after {i} ticks");
            p.ticks.insert(precheck_key(i), true);
        }
        assert!(forms_unlocked(dereg, &p));
        p.ticks.insert(precheck_key(1), false);
        assert!(!forms_unlocked(dereg, &p));
    }
}
