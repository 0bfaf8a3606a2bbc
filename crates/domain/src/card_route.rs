//! How an approved card leaves the centre. The enterprise chose 领卡方式 in
//! its case: 邮寄领卡 ends in 已寄出 with an EMS number; 窗口领卡 waits at the
//! hall (待领卡) once 制卡完成 is recorded and ends in 已领卡 with who collected
//! it. A mailed card that comes back waits at counter 1 too (the source: mail
//! that cannot be delivered or is refused is collected at 一号柜台). Staff never
//! pick the route: it follows the case.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::case::{EnrollmentCase, PickupMethod};
use crate::Lang;

/// The route of a declared case. A case without a choice was declared before
/// 领卡方式 mattered to the centre: it was mailed, as every card then was.
pub fn route_of(case: &EnrollmentCase) -> PickupMethod {
    case.pickup.method.unwrap_or(PickupMethod::Mail)
}

impl PickupMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PickupMethod::Window => "window",
            PickupMethod::Mail => "mail",
        }
    }

    pub fn parse(s: &str) -> Option<PickupMethod> {
        match s {
            "window" => Some(PickupMethod::Window),
            "mail" => Some(PickupMethod::Mail),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PickupMethod::Window => lang.pick("窗口领卡", "Collect at the hall"),
            PickupMethod::Mail => lang.pick("邮寄领卡", "By mail"),
        }
    }
}

/// Who collected a card at the counter: their name and the last four
/// characters of the ID document they showed (enough to match the
/// authorisation, no more personal data than that).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Collector {
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub name: String,
    /// Four letters or digits, e.g. `123X`.
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 4))]
    pub id_tail: String,
}

pub const COLLECTOR_NAME_MAX: usize = 50;
/// A mail return's reason, like a note.
pub const RETURN_REASON_MAX: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectorError {
    NameMissing,
    NameTooLong,
    IdTail,
}

impl CollectorError {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            CollectorError::NameMissing => lang.pick(
                "请填写领卡人姓名",
                "Enter the name of the person collecting the card",
            ),
            CollectorError::NameTooLong => {
                lang.pick("领卡人姓名最多 50 字", "The name has at most 50 characters")
            }
            CollectorError::IdTail => lang.pick(
                "请填写领卡人证件号码的后 4 位（数字或字母）",
                "Enter the last 4 characters of the collector's ID (digits or letters)",
            ),
        }
    }

    /// Which input it is about, for the page's focus.
    pub fn field(self) -> &'static str {
        match self {
            CollectorError::NameMissing | CollectorError::NameTooLong => "name",
            CollectorError::IdTail => "id_tail",
        }
    }
}

impl fmt::Display for CollectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} / {}",
            self.message(Lang::ZhCn),
            self.message(Lang::En)
        )
    }
}

/// Checks and normalises a collector: the name trimmed, the ID tail in
/// upper-case ASCII (full-width digits and a lower-case x are accepted).
pub fn parse_collector(name: &str, id_tail: &str) -> Result<Collector, CollectorError> {
    let name = crate::normalize::text(name);
    if name.is_empty() {
        return Err(CollectorError::NameMissing);
    }
    if name.chars().count() > COLLECTOR_NAME_MAX || name.chars().any(char::is_control) {
        return Err(CollectorError::NameTooLong);
    }
    let tail = crate::normalize::code(id_tail);
    if tail.chars().count() != 4 || !tail.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(CollectorError::IdTail);
    }
    Ok(Collector {
        name,
        id_tail: tail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_follows_the_case() {
        let mut c = EnrollmentCase::default();
        assert_eq!(route_of(&c), PickupMethod::Mail, "no choice: mailed");
        c.pickup.method = Some(PickupMethod::Window);
        assert_eq!(route_of(&c), PickupMethod::Window);
        for m in [PickupMethod::Window, PickupMethod::Mail] {
            assert_eq!(PickupMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(PickupMethod::parse("courier"), None);
    }

    #[test]
    fn a_collector_is_a_name_and_four_characters() {
        let c = parse_collector("  张三 ", "１２3x").unwrap();
        assert_eq!(c.name, "张三");
        assert_eq!(c.id_tail, "123X");
        assert_eq!(
            parse_collector("", "1234"),
            Err(CollectorError::NameMissing)
        );
        assert_eq!(parse_collector("张三", "123"), Err(CollectorError::IdTail));
        assert_eq!(
            parse_collector("张三", "12345"),
            Err(CollectorError::IdTail)
        );
        assert_eq!(parse_collector("张三", "12-4"), Err(CollectorError::IdTail));
        assert_eq!(parse_collector("张三", "12#4"), Err(CollectorError::IdTail));
        let long = "张".repeat(51);
        assert_eq!(
            parse_collector(&long, "1234"),
            Err(CollectorError::NameTooLong)
        );
        assert_eq!(CollectorError::IdTail.field(), "id_tail");
    }
}
