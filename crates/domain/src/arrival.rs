//! Signs that submissions were not filed by people one at a time: many
//! declarations of one credit code in a day, or a burst from one network.
//! The server accepts them all (a stranger must not be able to block a firm
//! by declaring in its name) and shows staff these signs; a junk submission
//! is then returned with the reason `not_genuine`, never given a state of its own.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Declarations of one credit code in a day (Asia/Shanghai) before the next is flagged.
pub const DECLARATIONS_A_DAY: u32 = 5;
/// Submissions from one network (/24, /64) within this many minutes either side…
pub const BURST_MINUTES: u32 = 10;
/// …that make a burst (the submission itself included).
pub const BURST_SUBMISSIONS: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ArrivalSign {
    /// The `nth` declaration of its credit code that day, past [`DECLARATIONS_A_DAY`].
    ManyForOneCode { nth: u32 },
    /// `count` submissions came from its network within [`BURST_MINUTES`] of it.
    BurstFromOneNetwork { count: u32 },
    /// A sign this version does not know (a newer server).
    #[serde(other)]
    Unknown,
}

/// The signs of a submission that was its code's `nth` declaration that day
/// and one of `nearby` from its network within the window.
pub fn signs(nth: u32, nearby: u32) -> Vec<ArrivalSign> {
    let mut all = Vec::new();
    if nth > DECLARATIONS_A_DAY {
        all.push(ArrivalSign::ManyForOneCode { nth });
    }
    if nearby >= BURST_SUBMISSIONS {
        all.push(ArrivalSign::BurstFromOneNetwork { count: nearby });
    }
    all
}

impl ArrivalSign {
    /// What staff read, with what to do about it.
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (ArrivalSign::ManyForOneCode { nth }, Lang::ZhCn) => format!(
                "该统一社会信用代码今天第 {nth} 次申报（一天超过 {DECLARATIONS_A_DAY} 次即提示）：请核实是否为本企业所报；如为无效申报，请以“非真实申报”退单。"
            ),
            (ArrivalSign::ManyForOneCode { nth }, Lang::En) => format!(
                "Declaration no. {nth} of this credit code today (more than {DECLARATIONS_A_DAY} a day are flagged): check that the firm filed it; if it is junk, return it as not a genuine application."
            ),
            (ArrivalSign::BurstFromOneNetwork { count }, Lang::ZhCn) => format!(
                "同一网络在前后 {BURST_MINUTES} 分钟内提交了 {count} 份申报，可能是批量提交。"
            ),
            (ArrivalSign::BurstFromOneNetwork { count }, Lang::En) => format!(
                "{count} submissions came from one network within {BURST_MINUTES} minutes of this one: possibly filed in bulk."
            ),
            (ArrivalSign::Unknown, lang) => lang
                .pick("此申报有提交情况提示。", "This submission has a note on how it arrived.")
                .to_string(),
        }
    }

    /// A short tag for the queue's rows.
    pub fn tag(self, lang: Lang) -> &'static str {
        match self {
            ArrivalSign::ManyForOneCode { .. } => lang.pick("当日多次申报", "many today"),
            ArrivalSign::BurstFromOneNetwork { .. } => lang.pick("批量提交", "bulk"),
            ArrivalSign::Unknown => lang.pick("提示", "note"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sixth_declaration_and_a_burst_are_signs_and_fewer_are_not() {
        assert!(signs(1, 1).is_empty());
        assert!(signs(DECLARATIONS_A_DAY, BURST_SUBMISSIONS - 1).is_empty());
        assert_eq!(signs(6, 0), vec![ArrivalSign::ManyForOneCode { nth: 6 }]);
        assert_eq!(
            signs(1, 12),
            vec![ArrivalSign::BurstFromOneNetwork { count: 12 }]
        );
        assert_eq!(signs(7, 5).len(), 2);
    }

    #[test]
    fn signs_read_in_both_languages_and_travel_as_tagged_json() {
        let s = ArrivalSign::ManyForOneCode { nth: 6 };
        assert!(s.message(Lang::ZhCn).contains("第 6 次"));
        assert!(s.message(Lang::En).contains("no. 6"));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"kind":"many_for_one_code","nth":6}"#);
        let newer: ArrivalSign = serde_json::from_str(r#"{"kind":"from_mars"}"#).unwrap();
        assert_eq!(newer, ArrivalSign::Unknown);
    }
}
