//! Every business type of the source procedures, as data the UI renders from.
//! Numbers in comments are the sections of the Xiamen sub-centre's guide.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// A text in both UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(zh: &'static str, en: &'static str) -> Text {
        Text { zh, en }
    }
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::ZhCn => self.zh,
            Lang::En => self.en,
        }
    }
}

const fn t(zh: &'static str, en: &'static str) -> Text {
    Text::new(zh, en)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum BusinessKind {
    PaperlessEnrollment,
    PaperEnrollment,
    InfoChange,
    OperatorCardChange,
    OperatorCardAdd,
    CardReissue,
    CertificateRenewal,
    CardUnlock,
    CardReader,
    Deregistration,
}

/// The official forms (附件1–附件5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// 附件1 制卡业务受理登记表
    F1,
    /// 附件2 电子口岸卡登记表
    F2,
    /// 附件3 业务变更申请表
    F3,
    /// 附件4 企业注销申请表
    F4,
    /// 附件5 授权委托书
    F5,
}

impl Form {
    pub fn number(self) -> Text {
        match self {
            Form::F1 => t("附件1", "Form 1"),
            Form::F2 => t("附件2", "Form 2"),
            Form::F3 => t("附件3", "Form 3"),
            Form::F4 => t("附件4", "Form 4"),
            Form::F5 => t("附件5", "Form 5"),
        }
    }

    /// The official title, verbatim (the printed form always uses the Chinese one).
    /// How a page names the form: `附件1《…》`; in English the official title
    /// stays, glossed: `Form 1 《…》 (Card business acceptance register)`.
    pub fn named(self, lang: Lang) -> String {
        let title = self.title();
        match lang {
            Lang::ZhCn => format!("{}《{}》", self.number().get(lang), title.zh),
            Lang::En => format!(
                "{} 《{}》 ({})",
                self.number().get(lang),
                title.zh,
                title.en
            ),
        }
    }

    pub fn title(self) -> Text {
        match self {
            Form::F1 => t(
                "中国电子口岸数据中心厦门分中心制卡业务受理登记表",
                "Card business acceptance register",
            ),
            Form::F2 => t(
                "中国电子口岸数据中心厦门分中心电子口岸卡登记表",
                "E-Port card register",
            ),
            Form::F3 => t(
                "中国电子口岸数据中心厦门分中心业务变更申请表",
                "Business change application",
            ),
            Form::F4 => t(
                "中国电子口岸数据中心厦门分中心企业注销申请表",
                "Enterprise deregistration application",
            ),
            Form::F5 => t("授权委托书", "Letter of authorisation"),
        }
    }
}

/// When the card is sent after the centre acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dispatch {
    pub business_days: u32,
    /// Counted from approval (enrollment) or from acceptance (everything else).
    pub after: Milestone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    Approval,
    Acceptance,
}

/// Rules specific to one business type that the UI must enforce or show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialRule {
    /// One 附件2 per new operator card.
    OneForm2PerNewCard,
    /// One ID number holds at most one card per enterprise.
    OneCardPerIdPerEnterprise,
    /// Buy in the 安全产品 mini-programme, choosing 厦门分中心，关区取货, and include the payment screenshot.
    PaymentScreenshot,
    /// Before deregistering: no live tripartite agreement may remain.
    TripartitePrecheck,
    /// The card reader comes by the vendor's post or via the centre by e-mail.
    CardReaderRoutes,
    /// Everything is done online; nothing is mailed.
    Online,
    /// 附件4 must be printed twice (一式两份).
    Form4Twice,
}

#[derive(Debug, Clone, Serialize)]
pub struct Business {
    pub kind: BusinessKind,
    /// URL slug, stable.
    pub slug: &'static str,
    /// The section in the source guide, e.g. "1a", "4".
    pub section: &'static str,
    pub name: Text,
    pub purpose: Text,
    pub forms: &'static [Form],
    pub materials: &'static [Text],
    pub steps: &'static [Text],
    pub dispatch: Option<Dispatch>,
    pub rules: &'static [SpecialRule],
    /// Whether paper is mailed to the hall (EMS only).
    pub mailed: bool,
}

impl Business {
    /// How many copies of a form this business needs (附件4 一式两份).
    pub fn copies(&self, form: Form) -> u32 {
        if form == Form::F4 && self.rules.contains(&SpecialRule::Form4Twice) {
            2
        } else {
            1
        }
    }
}

pub const STAMP_EVERY_COPY: Text = t(
    "所有材料请逐份加盖单位公章。",
    "Stamp every copy of every document with the company seal.",
);

pub const EMS_ONLY: Text = t(
    "根据《邮政法》规定，仅接收邮政 EMS 寄递的资料，其他快递一律不予签收，邮费由企业自理。",
    "Under the Postal Law only China Post EMS is accepted; parcels from any other courier are refused. Postage is paid by the enterprise.",
);

pub const MAIL_ADDRESS: &str = "厦门市湖里区象兴一路11号象屿保税区海关大楼7楼";
pub const MAIL_RECIPIENT: &str = "服务大厅";
pub const HALL_ADDRESS: &str = "厦门市湖里区象兴一路11号象屿保税区海关大楼7楼服务大厅";
pub const HOTLINE: &str = "0592-5653395";
pub const SERVICE_EMAIL: &str = "xmport@189.cn";
pub const STATUS_SITE: &str = "https://icapprove.xmeport.cn/";
/// 发卡机构代理点 code → name.
pub const AGENCIES: &[(&str, &str)] = &[("20", "厦门制卡中心")];
pub const PAYMENT_PICKUP_CHOICE: &str = "厦门分中心，关区取货";

pub fn agency_name(code: &str) -> Option<&'static str> {
    AGENCIES
        .iter()
        .find(|(c, _)| *c == code.trim())
        .map(|(_, n)| *n)
}

pub const RETURN_RULES: &[Text] = &[
    t("电子口岸卡由快递寄回，运费到付（快递到付）。", "The card comes back by courier, paid on delivery."),
    t(
        "因企业填写错误导致无法送达或拒收退回的，企业承担往返运费，并到服务大厅一号柜台领卡。",
        "If a wrong address makes delivery fail, the enterprise pays both ways and collects the card at counter 1 of the hall.",
    ),
    t(
        "签收前请确认电子口岸卡齐备；如有丢失或损毁，请当天联系厦门分中心。",
        "Check the parcel before signing for it; report any loss or damage to the sub-centre the same day.",
    ),
];

pub const TRIPARTITE_SYSTEMS: &[Text] = &[
    t(
        "海关税费电子支付系统",
        "Customs duty electronic payment system",
    ),
    t(
        "单一窗口金融服务系统",
        "Single Window financial services system",
    ),
    t(
        "单一窗口保险服务系统",
        "Single Window insurance services system",
    ),
];

const LICENCE_COPY: Text = t("营业执照复印件", "Copy of the business licence");
const IDS_ALL: Text = t(
    "法人、操作员、经办人身份证件复印件",
    "Copies of the ID documents of the legal representative, the operators and the agent",
);
const IDS_LEGAL_AGENT: Text = t(
    "法人身份证件复印件、经办人身份证件复印件",
    "Copies of the legal representative's and the agent's ID documents",
);
const IDS_OPERATOR_AGENT: Text = t(
    "操作员身份证件复印件、经办人身份证件复印件",
    "Copies of the operator's and the agent's ID documents",
);
const IDS_HOLDER_AGENT: Text = t(
    "持卡人身份证件复印件、经办人身份证件复印件",
    "Copies of the card holder's and the agent's ID documents",
);
const PAYMENT: Text = t(
    "安全产品成功支付页面截图（在安全产品小程序购买时选择“厦门分中心，关区取货”）",
    "Screenshot of the successful payment page (when buying in the security-products mini-programme, choose “厦门分中心，关区取货” — Xiamen sub-centre, customs-area pickup)",
);

const STEP_FILL_AND_MAIL: Text = t(
    "如实填写表格，加盖单位公章，备齐材料，通过邮政 EMS 寄至厦门分中心。",
    "Fill in the forms truthfully, stamp them with the company seal, gather the materials and send them to the Xiamen sub-centre by China Post EMS.",
);
const STEP_BUY: Text = t(
    "在安全产品小程序完成购买，注意选择“厦门分中心，关区取货”。",
    "Buy in the security-products mini-programme; be sure to choose “厦门分中心，关区取货”.",
);
const STEP_RECEIVE_2ND: Text = t(
    "业务受理后第二个工作日，厦门分中心按登记表的授权寄出电子口岸卡（快递到付）。",
    "On the second business day after acceptance the sub-centre posts the card as authorised on Form 1 (paid on delivery).",
);

pub static CATALOG: &[Business] = &[
    Business {
        kind: BusinessKind::PaperlessEnrollment,
        slug: "enrollment-online",
        section: "1a",
        name: t("新用户入网（无纸化）", "New enterprise enrollment (paperless)"),
        purpose: t(
            "首次办理电子口岸卡：在线录入企业、法人和操作员信息并上传附件，无需邮寄纸质材料。",
            "First E-Port cards for an enterprise: enter the enterprise, legal representative and operators online and upload the documents; nothing is mailed.",
        ),
        forms: &[Form::F5],
        materials: &[
            t("营业执照（加盖公章，拍照或扫描上传）", "Business licence (sealed, photographed or scanned, uploaded)"),
            t("《授权委托书》（附件5，加盖公章后上传）", "Letter of authorisation (Form 5, sealed, uploaded)"),
            t("法人、经办人身份证正反面（上传）", "Front and back of the legal representative's and the agent's ID cards (uploaded)"),
            t("操作员身份证正反面（上传）", "Front and back of each operator's ID card (uploaded)"),
        ],
        steps: &[
            t("填写法人信息（企业、法定代表人、经办人、领卡方式）并上传附件。", "Enter the enterprise part (enterprise, legal representative, agent, pickup) and upload its documents."),
            t("填写操作员信息并上传操作员身份证正反面。", "Enter each operator and upload their ID card front and back."),
            t("核对全部信息后申报；网络恢复时自动发送。", "Check every answer and declare; the case is sent as soon as the network allows."),
            t("一个工作日后查看审核结果。", "Look for the review result after one business day."),
            t("审核通过三个工作日后，卡片寄出（快递到付）。", "Three business days after approval the card is posted (paid on delivery)."),
        ],
        dispatch: Some(Dispatch { business_days: 3, after: Milestone::Approval }),
        rules: &[SpecialRule::Online, SpecialRule::OneCardPerIdPerEnterprise],
        mailed: false,
    },
    Business {
        kind: BusinessKind::PaperEnrollment,
        slug: "enrollment-paper",
        section: "1b",
        name: t("新用户入网（非无纸化）", "New enterprise enrollment (paper)"),
        purpose: t(
            "首次办理电子口岸卡，以纸质表格邮寄办理。",
            "First E-Port cards for an enterprise, applied for with paper forms by post.",
        ),
        forms: &[Form::F1, Form::F2],
        materials: &[LICENCE_COPY, IDS_ALL],
        steps: &[
            STEP_FILL_AND_MAIL,
            t("审核通过三个工作日后，厦门分中心按登记表的授权寄出电子口岸卡（快递到付）。", "Three business days after approval the sub-centre posts the cards as authorised on Form 1 (paid on delivery)."),
        ],
        dispatch: Some(Dispatch { business_days: 3, after: Milestone::Approval }),
        rules: &[SpecialRule::OneCardPerIdPerEnterprise, SpecialRule::OneForm2PerNewCard],
        mailed: true,
    },
    Business {
        kind: BusinessKind::InfoChange,
        slug: "info-change",
        section: "2",
        name: t("企业基本信息变更", "Change of enterprise details"),
        purpose: t(
            "企业名称、地址、法人等基本信息变化后，更新电子口岸卡信息。",
            "Update the E-Port cards after the enterprise's name, address, legal representative or other details change.",
        ),
        forms: &[Form::F1, Form::F2, Form::F3],
        materials: &[
            LICENCE_COPY,
            t("电子口岸法人卡、电子口岸操作员卡", "The legal-person card and the operator cards"),
            IDS_ALL,
        ],
        steps: &[
            STEP_FILL_AND_MAIL,
            t("业务受理三个工作日后，厦门分中心寄出电子口岸卡（快递到付）。", "Three business days after acceptance the sub-centre posts the cards (paid on delivery)."),
        ],
        dispatch: Some(Dispatch { business_days: 3, after: Milestone::Acceptance }),
        rules: &[],
        mailed: true,
    },
    Business {
        kind: BusinessKind::OperatorCardChange,
        slug: "operator-card-change",
        section: "3",
        name: t("变更电子口岸操作员卡", "Change an operator card"),
        purpose: t(
            "更换操作员卡的持卡人或信息。",
            "Change the holder or details of an operator card.",
        ),
        forms: &[Form::F1, Form::F2],
        materials: &[
            t("电子口岸法人卡和需变更的电子口岸操作员卡", "The legal-person card and the operator card to change"),
            IDS_OPERATOR_AGENT,
        ],
        steps: &[STEP_FILL_AND_MAIL, STEP_RECEIVE_2ND],
        dispatch: Some(Dispatch { business_days: 2, after: Milestone::Acceptance }),
        rules: &[SpecialRule::OneCardPerIdPerEnterprise],
        mailed: true,
    },
    Business {
        kind: BusinessKind::OperatorCardAdd,
        slug: "operator-card-add",
        section: "4",
        name: t("新增电子口岸操作员卡", "Add operator cards"),
        purpose: t(
            "为已入网企业增办一张或多张操作员卡。",
            "Add one or more operator cards for an enrolled enterprise.",
        ),
        forms: &[Form::F1, Form::F2],
        materials: &[
            t("电子口岸法人卡", "The legal-person card"),
            PAYMENT,
            IDS_OPERATOR_AGENT,
        ],
        steps: &[STEP_BUY, STEP_FILL_AND_MAIL, STEP_RECEIVE_2ND],
        dispatch: Some(Dispatch { business_days: 2, after: Milestone::Acceptance }),
        rules: &[SpecialRule::OneForm2PerNewCard, SpecialRule::OneCardPerIdPerEnterprise, SpecialRule::PaymentScreenshot],
        mailed: true,
    },
    Business {
        kind: BusinessKind::CardReissue,
        slug: "card-reissue",
        section: "5",
        name: t("补办电子口岸卡", "Replace a lost or broken card"),
        purpose: t(
            "法人卡或操作员卡遗失、损坏后补办。",
            "Replace a lost or damaged legal-person or operator card.",
        ),
        forms: &[Form::F1],
        materials: &[PAYMENT, IDS_HOLDER_AGENT],
        steps: &[STEP_BUY, STEP_FILL_AND_MAIL, STEP_RECEIVE_2ND],
        dispatch: Some(Dispatch { business_days: 2, after: Milestone::Acceptance }),
        rules: &[SpecialRule::PaymentScreenshot],
        mailed: true,
    },
    Business {
        kind: BusinessKind::CertificateRenewal,
        slug: "certificate-renewal",
        section: "6",
        name: t("电子口岸卡证书更新", "Renew a card's certificate"),
        purpose: t(
            "电子口岸卡证书到期前后更新证书。",
            "Renew the certificate on an E-Port card when it expires.",
        ),
        forms: &[Form::F1],
        materials: &[t("需要更新的电子口岸卡", "The card to renew"), IDS_HOLDER_AGENT],
        steps: &[STEP_FILL_AND_MAIL, STEP_RECEIVE_2ND],
        dispatch: Some(Dispatch { business_days: 2, after: Milestone::Acceptance }),
        rules: &[],
        mailed: true,
    },
    Business {
        kind: BusinessKind::CardUnlock,
        slug: "card-unlock",
        section: "7",
        name: t("电子口岸卡解锁", "Unlock a card"),
        purpose: t(
            "密码多次输错导致电子口岸卡锁定后解锁。",
            "Unlock a card locked after too many wrong passwords.",
        ),
        forms: &[Form::F1],
        materials: &[t("需要解锁的电子口岸卡", "The card to unlock"), IDS_HOLDER_AGENT],
        steps: &[STEP_FILL_AND_MAIL, STEP_RECEIVE_2ND],
        dispatch: Some(Dispatch { business_days: 2, after: Milestone::Acceptance }),
        rules: &[],
        mailed: true,
    },
    Business {
        kind: BusinessKind::CardReader,
        slug: "card-reader",
        section: "8",
        name: t("自购读卡器领取", "Collect a purchased card reader"),
        purpose: t(
            "在安全产品小程序购买读卡器后，选择厂商邮寄或关区取货领取。",
            "After buying a card reader in the security-products mini-programme, receive it by the vendor's post or via the customs-area pickup.",
        ),
        forms: &[Form::F5],
        materials: &[t(
            "安全产品成功支付页面截图（加盖单位公章）",
            "Screenshot of the successful payment page (stamped with the company seal)",
        )],
        steps: &[
            t("在安全产品小程序完成购买。", "Buy the reader in the security-products mini-programme."),
            t("选择厂商邮寄：厂商按订单信息直接寄给企业，无需其他操作。", "Vendor post: the vendor posts it to the address on the order; nothing else to do."),
            t(
                "选择关区取货：将加盖公章的《授权委托书》（附件5）和支付截图发送至 xmport@189.cn，厦门分中心代为邮寄（快递到付）。",
                "Customs-area pickup: e-mail the sealed letter of authorisation (Form 5) and the payment screenshot to xmport@189.cn; the sub-centre posts the reader (paid on delivery).",
            ),
        ],
        dispatch: None,
        rules: &[SpecialRule::CardReaderRoutes],
        mailed: false,
    },
    Business {
        kind: BusinessKind::Deregistration,
        slug: "deregistration",
        section: "9",
        name: t("电子口岸注销", "Deregistration"),
        purpose: t(
            "企业注销或注销电子口岸卡。",
            "Deregister the enterprise from E-Port, or cancel cards.",
        ),
        forms: &[Form::F1, Form::F4],
        materials: &[
            t("电子口岸法人卡和操作员卡", "The legal-person card and the operator cards"),
            IDS_LEGAL_AGENT,
        ],
        steps: &[
            t(
                "作废法人卡前，检查海关税费电子支付系统、单一窗口金融服务系统、单一窗口保险服务系统中是否存在生效的三方协议；如有，先用法人卡解约，以免银行无法销户。",
                "Before the legal-person card is cancelled, check the three systems for any live tripartite agreement and terminate it with the legal-person card, or the bank cannot close the account.",
            ),
            STEP_FILL_AND_MAIL,
            t("业务受理后第二个工作日办结。", "Completed on the second business day after acceptance."),
        ],
        dispatch: Some(Dispatch { business_days: 2, after: Milestone::Acceptance }),
        rules: &[SpecialRule::TripartitePrecheck, SpecialRule::Form4Twice],
        mailed: true,
    },
];

pub fn business(kind: BusinessKind) -> &'static Business {
    CATALOG
        .iter()
        .find(|b| b.kind == kind)
        .expect("every kind is in the catalog")
}

pub fn by_slug(slug: &str) -> Option<&'static Business> {
    CATALOG.iter().find(|b| b.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_of_the_guide_is_covered_once() {
        let sections: Vec<_> = CATALOG.iter().map(|b| b.section).collect();
        assert_eq!(
            sections,
            ["1a", "1b", "2", "3", "4", "5", "6", "7", "8", "9"]
        );
        let mut slugs: Vec<_> = CATALOG.iter().map(|b| b.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), CATALOG.len());
    }

    #[test]
    fn forms_and_timings_match_the_table() {
        assert_eq!(
            business(BusinessKind::InfoChange).forms,
            [Form::F1, Form::F2, Form::F3]
        );
        let dereg = business(BusinessKind::Deregistration);
        assert_eq!(dereg.copies(Form::F4), 2);
        assert!(dereg.rules.contains(&SpecialRule::TripartitePrecheck));
        assert_eq!(business(BusinessKind::CardReissue).forms, [Form::F1]);
        let add = business(BusinessKind::OperatorCardAdd);
        assert!(add.rules.contains(&SpecialRule::OneForm2PerNewCard));
        assert!(add.rules.contains(&SpecialRule::PaymentScreenshot));
        assert_eq!(
            add.dispatch,
            Some(Dispatch {
                business_days: 2,
                after: Milestone::Acceptance
            })
        );
        assert_eq!(
            business(BusinessKind::PaperlessEnrollment).dispatch,
            Some(Dispatch {
                business_days: 3,
                after: Milestone::Approval
            })
        );
        assert_eq!(business(BusinessKind::CardReader).dispatch, None);
        assert_eq!(agency_name("20"), Some("厦门制卡中心"));
        assert_eq!(agency_name("21"), None);
    }

    #[test]
    fn every_text_exists_in_both_languages() {
        for b in CATALOG {
            for x in [b.name, b.purpose].iter().chain(b.materials).chain(b.steps) {
                assert!(!x.zh.is_empty() && !x.en.is_empty(), "{}", b.slug);
            }
        }
    }
}
