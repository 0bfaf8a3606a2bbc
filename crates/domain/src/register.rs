//! The card centre's register: each submission as one row of the export a
//! centre keeps (accepted, returned, dispatched, collected), its columns in
//! both languages. Personal columns (ID numbers, phones, addresses, the
//! collector) are exported only when a staff member asks, which is recorded.

use chrono::NaiveDateTime;

use crate::card_route::Collector;
use crate::case::EnrollmentCase;
use crate::case::PickupMethod;
use crate::contact;
use crate::protocol::SubmissionState;
use crate::review::RejectReason;
use crate::Lang;

/// One cell of the sheet: text, a time (Asia/Shanghai wall clock), or a count.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Time(NaiveDateTime),
    Count(u32),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// As CSV writes it: times as `2026-12-06 09:30:00`.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            Cell::Count(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// A column: its title in both languages, whether it holds personal data,
/// and a width for the sheet (in characters).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    zh: &'static str,
    en: &'static str,
    pub personal: bool,
    pub width: f64,
}

impl Column {
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

const fn col(zh: &'static str, en: &'static str, personal: bool, width: f64) -> Column {
    Column {
        zh,
        en,
        personal,
        width,
    }
}

/// Every column, in order; the personal ones last.
pub const COLUMNS: [Column; 18] = [
    col("受理编号", "Reference", false, 20.0),
    col("提交时间", "Arrived", false, 20.0),
    col("企业名称", "Enterprise", false, 30.0),
    col("统一社会信用代码", "Credit code", false, 22.0),
    col("业务", "Business", false, 22.0),
    col("状态", "State", false, 10.0),
    col("审核人", "Reviewer", false, 12.0),
    col("决定时间", "Decided at", false, 20.0),
    col("退单原因", "Reasons for return", false, 40.0),
    col("领卡方式", "Card by", false, 12.0),
    col("EMS 单号或领卡", "EMS number or collection", false, 20.0),
    col("等待工作日", "Business days waited", false, 10.0),
    col("备注", "Note", false, 30.0),
    col("法定代表人", "Legal representative", true, 12.0),
    col(
        "法定代表人证件号码",
        "Legal representative's ID number",
        true,
        22.0,
    ),
    col(
        "法定代表人手机",
        "Legal representative's mobile",
        true,
        16.0,
    ),
    col(
        "邮寄收件人、电话、地址",
        "Mail to: recipient, phone, address",
        true,
        40.0,
    ),
    col("领卡人", "Collected by", true, 16.0),
];

/// The columns exported, with or without the personal ones.
pub fn columns(personal: bool) -> impl Iterator<Item = &'static Column> {
    COLUMNS.iter().filter(move |c| personal || !c.personal)
}

/// What the register says of one submission.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    /// The reference, or the submission id before it has one.
    pub reference: String,
    pub arrived: Option<NaiveDateTime>,
    pub enterprise: String,
    pub uscc: String,
    pub state: SubmissionState,
    pub reviewer: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub reasons: Vec<RejectReason>,
    pub pickup: Option<PickupMethod>,
    pub tracking_number: Option<String>,
    pub collected_at: Option<NaiveDateTime>,
    pub collector: Option<Collector>,
    /// Business days from arrival to the decision (or to today while open).
    pub waited: Option<u32>,
    /// Retention erased its personal data (the row says so).
    pub erased: bool,
    /// The declared case, for the personal columns (`None`: not asked for, or erased).
    pub case: Option<EnrollmentCase>,
}

impl RegisterRow {
    /// The row's cells under [`columns`]`(personal)`.
    pub fn cells(&self, lang: Lang, personal: bool) -> Vec<Cell> {
        let time = |t: Option<NaiveDateTime>| t.map_or(Cell::Empty, Cell::Time);
        let reasons: Vec<String> = self.reasons.iter().map(|r| r.text(lang)).collect();
        let handed = match (&self.tracking_number, self.collected_at) {
            (Some(n), _) => n.clone(),
            (None, Some(at)) => format!(
                "{} {}",
                lang.pick("已领卡", "Collected"),
                at.format("%Y-%m-%d")
            ),
            (None, None) => String::new(),
        };
        let note = if self.erased {
            lang.pick(
                "个人数据已按保存期限删除",
                "Personal data erased after the retention period",
            )
        } else {
            ""
        };
        let mut cells = vec![
            Cell::text(self.reference.clone()),
            time(self.arrived),
            Cell::text(self.enterprise.clone()),
            Cell::text(self.uscc.clone()),
            Cell::text(lang.pick(
                "新用户入网（无纸化）",
                "New enterprise enrollment (paperless)",
            )),
            Cell::text(self.state.label(lang)),
            Cell::text(self.reviewer.clone().unwrap_or_default()),
            time(self.decided_at),
            Cell::text(reasons.join(lang.pick("；", "; "))),
            Cell::text(self.pickup.map(|p| p.label(lang)).unwrap_or_default()),
            Cell::text(handed),
            self.waited.map_or(Cell::Empty, Cell::Count),
            Cell::text(note),
        ];
        if personal {
            let c = self.case.as_ref();
            let mail = c
                .filter(|c| c.pickup.method == Some(PickupMethod::Mail))
                .map(|c| {
                    format!(
                        "{}，{}，{}",
                        c.pickup.recipient,
                        contact::display_phone(&c.pickup.phone),
                        c.pickup.address
                    )
                })
                .unwrap_or_default();
            cells.extend([
                Cell::text(c.map(|c| c.legal_person.name.clone()).unwrap_or_default()),
                Cell::text(
                    c.map(|c| c.legal_person.id_number.clone())
                        .unwrap_or_default(),
                ),
                Cell::text(
                    c.map(|c| contact::display_phone(&c.legal_person.mobile))
                        .unwrap_or_default(),
                ),
                Cell::text(mail),
                Cell::text(
                    self.collector
                        .as_ref()
                        .filter(|k| !k.name.is_empty())
                        .map(|k| format!("{}（{}）", k.name, k.id_tail))
                        .unwrap_or_default(),
                ),
            ]);
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::review::ReasonCode;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn row() -> RegisterRow {
        RegisterRow {
            reference: "XM20261204-000001".into(),
            arrived: Some(at(4, 9)),
            enterprise: "厦门示例贸易有限公司".into(),
            uscc: "91350200MA31E12PXF".into(),
            state: SubmissionState::Rejected,
            reviewer: Some("审核员甲".into()),
            decided_at: Some(at(7, 10)),
            reasons: vec![RejectReason::new(
                ReasonCode::Unclear,
                Field::BusinessLicence,
            )],
            pickup: Some(PickupMethod::Mail),
            tracking_number: None,
            collected_at: None,
            collector: None,
            waited: Some(1),
            erased: false,
            case: Some(crate::fixtures::valid_enrollment(None)),
        }
    }

    #[test]
    fn personal_columns_come_only_when_asked_for_and_last() {
        let r = row();
        let plain = r.cells(Lang::ZhCn, false);
        assert_eq!(plain.len(), columns(false).count());
        let text: Vec<String> = plain.iter().map(Cell::to_text).collect();
        assert_eq!(text[0], "XM20261204-000001");
        assert_eq!(text[1], "2026-12-04 09:00:00");
        assert_eq!(text[8], "营业执照不清晰");
        assert_eq!(text[11], "1");
        let case = r.case.as_ref().unwrap();
        let all = text.join("|");
        assert!(!all.contains(&case.legal_person.id_number), "{all}");
        let full = r.cells(Lang::ZhCn, true);
        assert_eq!(full.len(), COLUMNS.len());
        assert_eq!(full[14], Cell::Text(case.legal_person.id_number.clone()));
        assert!(columns(true).skip(13).all(|c| c.personal));
    }

    #[test]
    fn an_erased_row_says_so_and_a_collection_has_no_name_unless_asked() {
        let mut r = row();
        r.case = None;
        r.erased = true;
        r.tracking_number = None;
        r.collected_at = Some(at(8, 15));
        r.collector = Some(Collector {
            name: "赵六".into(),
            id_tail: "001X".into(),
        });
        let plain: Vec<String> = r.cells(Lang::En, false).iter().map(Cell::to_text).collect();
        assert_eq!(plain[10], "Collected 2026-12-08");
        assert!(plain[12].contains("erased"));
        assert!(!plain.join("|").contains("赵六"));
        let full = r.cells(Lang::ZhCn, true);
        assert_eq!(full[17], Cell::Text("赵六（001X）".into()));
        assert_eq!(full[13], Cell::Empty, "erased: nothing personal left");
    }
}
