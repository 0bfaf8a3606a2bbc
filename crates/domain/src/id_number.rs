//! 证件类型 and 证件号码: formats, the MOD 11-2 check, derived birth date and sex.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::issue::{Code, RuleResult};
use crate::lang::Lang;
use crate::normalize;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    /// 居民身份证
    #[default]
    ResidentId,
    /// 港澳台居民居住证
    HmtResidencePermit,
    /// 港澳居民来往内地通行证
    HkMacauPermit,
    /// 台湾居民来往大陆通行证
    TaiwanPermit,
    /// 外国人永久居留身份证
    ForeignPermanentResident,
    /// 护照
    Passport,
}

pub const ALL_ID_TYPES: &[IdType] = &[
    IdType::ResidentId,
    IdType::HmtResidencePermit,
    IdType::HkMacauPermit,
    IdType::TaiwanPermit,
    IdType::ForeignPermanentResident,
    IdType::Passport,
];

impl IdType {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (IdType::ResidentId, Lang::ZhCn) => "居民身份证",
            (IdType::ResidentId, Lang::En) => "Resident ID card",
            (IdType::HmtResidencePermit, Lang::ZhCn) => "港澳台居民居住证",
            (IdType::HmtResidencePermit, Lang::En) => {
                "Residence permit for HK, Macao and Taiwan residents"
            }
            (IdType::HkMacauPermit, Lang::ZhCn) => "港澳居民来往内地通行证",
            (IdType::HkMacauPermit, Lang::En) => {
                "Mainland travel permit for HK and Macao residents"
            }
            (IdType::TaiwanPermit, Lang::ZhCn) => "台湾居民来往大陆通行证",
            (IdType::TaiwanPermit, Lang::En) => "Mainland travel permit for Taiwan residents",
            (IdType::ForeignPermanentResident, Lang::ZhCn) => "外国人永久居留身份证",
            (IdType::ForeignPermanentResident, Lang::En) => "Foreign permanent resident ID card",
            (IdType::Passport, Lang::ZhCn) => "护照",
            (IdType::Passport, Lang::En) => "Passport",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IdType::ResidentId => "resident_id",
            IdType::HmtResidencePermit => "hmt_residence_permit",
            IdType::HkMacauPermit => "hk_macau_permit",
            IdType::TaiwanPermit => "taiwan_permit",
            IdType::ForeignPermanentResident => "foreign_permanent_resident",
            IdType::Passport => "passport",
        }
    }

    pub fn parse(s: &str) -> Option<IdType> {
        ALL_ID_TYPES.iter().copied().find(|t| t.as_str() == s)
    }

    /// Whether numbers of this type carry a birth date and sex (18-digit layout).
    pub fn carries_birth_date(self) -> bool {
        matches!(self, IdType::ResidentId | IdType::HmtResidencePermit)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Sex::Male, Lang::ZhCn) => "男",
            (Sex::Female, Lang::ZhCn) => "女",
            (Sex::Male, Lang::En) => "Male",
            (Sex::Female, Lang::En) => "Female",
        }
    }
}

/// The province-level codes of GB/T 2260 a resident ID may start with. No
/// county-level check: retired county codes are still on valid cards.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// No holder of a valid card was born before this year.
const EARLIEST_BIRTH_YEAR: i32 = 1850;

fn check_province(s: &str) -> Result<(), (Code, String)> {
    let p = &s[..2];
    match p.parse::<u8>() {
        Ok(n) if PROVINCES.contains(&n) => Ok(()),
        _ => Err((Code::IdProvince, p.to_string())),
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// ISO 7064 MOD 11-2 check character over 17 digits.
pub fn mod11_2(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    Some(CHECK[(sum % 11) as usize])
}

/// What an 18-digit mainland-style number says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdFacts {
    /// The number as it should be stored (normalised; a 15-digit one upgraded to 18).
    pub normalized: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    /// True when a legacy 15-digit number was upgraded; the UI shows the result.
    pub upgraded: bool,
}

/// Upgrades a 15-digit legacy resident ID (insert `19` before the year, append the check).
pub fn upgrade_15(s: &str) -> Option<String> {
    if s.len() != 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let first17 = format!("{}19{}", &s[..6], &s[6..]);
    let check = mod11_2(&first17)?;
    Some(format!("{first17}{check}"))
}

fn check_18(s: &str, today: NaiveDate) -> Result<(NaiveDate, Sex), (Code, String)> {
    let n = s.chars().count();
    if n != 18 {
        return Err((Code::IdLength, n.to_string()));
    }
    if !s.is_ascii() {
        return Err((Code::IdFormat, String::new()));
    }
    let (body, last) = s.split_at(17);
    let last_ok = matches!(last.as_bytes(), [b'0'..=b'9' | b'X']);
    if !body.bytes().all(|b| b.is_ascii_digit()) || !last_ok {
        return Err((Code::IdFormat, String::new()));
    }
    let (y, m, d) = (&body[6..10], &body[10..12], &body[12..14]);
    let shown = format!("{y}-{m}-{d}");
    let date = NaiveDate::from_ymd_opt(
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    )
    .ok_or((Code::IdDate, shown.clone()))?;
    if date.year() < EARLIEST_BIRTH_YEAR {
        return Err((Code::IdTooOld, y.to_string()));
    }
    if date > today {
        return Err((Code::IdFuture, shown));
    }
    let expected = mod11_2(body).expect("17 digits");
    if !last.starts_with(expected) {
        return Err((Code::IdCheck, expected.to_string()));
    }
    // The 17th digit: odd for men, even for women.
    let odd = matches!(body.as_bytes()[16], b'1' | b'3' | b'5' | b'7' | b'9');
    let sex = if odd { Sex::Male } else { Sex::Female };
    Ok((date, sex))
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Validates a number of the given type as of `today` and returns what it tells.
pub fn analyse(id_type: IdType, input: &str, today: NaiveDate) -> Result<IdFacts, (Code, String)> {
    let mut s = normalize::code(input);
    if !s.is_ascii() {
        // Every format below is ASCII; slicing a non-ASCII string by bytes would panic.
        let code = match id_type {
            IdType::ResidentId | IdType::HmtResidencePermit => Code::IdFormat,
            IdType::HkMacauPermit => Code::HkMacauPermitFormat,
            IdType::TaiwanPermit => Code::TaiwanPermitFormat,
            IdType::ForeignPermanentResident => Code::ForeignPrFormat,
            IdType::Passport => Code::PassportFormat,
        };
        return Err((code, String::new()));
    }
    let mut upgraded = false;
    let facts = |s: String, upgraded, bd: Option<(NaiveDate, Sex)>| IdFacts {
        normalized: s,
        birth_date: bd.map(|b| b.0),
        sex: bd.map(|b| b.1),
        upgraded,
    };
    match id_type {
        IdType::ResidentId => {
            if let Some(up) = upgrade_15(&s) {
                s = up;
                upgraded = true;
            }
            let bd = check_18(&s, today)?;
            check_province(&s)?;
            Ok(facts(s, upgraded, Some(bd)))
        }
        IdType::HmtResidencePermit => {
            let bd = check_18(&s, today)?;
            if !matches!(&s[..6], "810000" | "820000" | "830000") {
                return Err((Code::IdRegion, String::new()));
            }
            Ok(facts(s, false, Some(bd)))
        }
        IdType::HkMacauPermit => {
            let ok = matches!(s.chars().next(), Some('H' | 'M'))
                && matches!(s.len(), 9 | 11)
                && all_digits(&s[1..]);
            if ok {
                Ok(facts(s, false, None))
            } else {
                Err((Code::HkMacauPermitFormat, String::new()))
            }
        }
        IdType::TaiwanPermit => {
            if matches!(s.len(), 8 | 10) && all_digits(&s) {
                Ok(facts(s, false, None))
            } else {
                Err((Code::TaiwanPermitFormat, String::new()))
            }
        }
        IdType::ForeignPermanentResident => {
            if s.len() == 18 && s.starts_with('9') {
                // The 2023 card: 18 digits, MOD 11-2, birth date inside like a resident ID.
                let bd = check_18(&s, today)?;
                Ok(facts(s, false, Some(bd)))
            } else if s.len() == 15
                && s[..3].bytes().all(|b| b.is_ascii_uppercase())
                && all_digits(&s[3..])
            {
                Ok(facts(s, false, None))
            } else {
                Err((Code::ForeignPrFormat, String::new()))
            }
        }
        IdType::Passport => {
            // A Chinese passport (E + 8 digits, or E + a letter + 7 digits) is
            // also 9 letters or digits: one rule covers both kinds.
            let b = s.as_bytes();
            if (5..=17).contains(&b.len()) && b.iter().all(|c| c.is_ascii_alphanumeric()) {
                Ok(facts(s, false, None))
            } else {
                Err((Code::PassportFormat, String::new()))
            }
        }
    }
}

/// Field rule form of [`analyse`].
pub fn validate(id_type: IdType, input: &str, today: NaiveDate) -> RuleResult {
    analyse(id_type, input, today).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn spec_vectors() {
        let f = analyse(IdType::ResidentId, "11010519491231002X", today()).unwrap();
        assert_eq!(f.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(f.sex, Some(Sex::Female));
        let f = analyse(IdType::ResidentId, "440524188001010014", today()).unwrap();
        assert_eq!(f.sex, Some(Sex::Male));
        assert_eq!(f.birth_date, NaiveDate::from_ymd_opt(1880, 1, 1));
        assert_eq!(
            validate(IdType::ResidentId, "110105194912310021", today()),
            Err((Code::IdCheck, "X".into()))
        );
        assert_eq!(
            validate(IdType::ResidentId, "110105194902300020", today()),
            Err((Code::IdDate, "1949-02-30".into()))
        );
        let f = analyse(IdType::ResidentId, "632123820927051", today()).unwrap();
        assert_eq!(f.normalized, "632123198209270518");
        assert!(f.upgraded);
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", mod11_2(first17).unwrap())
    }

    #[test]
    fn the_first_two_digits_must_be_a_province() {
        for bad in [
            "00000019900101001",
            "99010519900101001",
            "10010519900101001",
            "72010519900101001",
        ] {
            let id = with_check(bad);
            assert_eq!(
                validate(IdType::ResidentId, &id, today()),
                Err((Code::IdProvince, bad[..2].to_string())),
                "{id}"
            );
        }
        // Every listed province passes, whatever the county part (retired ones included).
        for p in PROVINCES {
            let id = with_check(&format!("{p:02}999919900101001"));
            assert!(validate(IdType::ResidentId, &id, today()).is_ok(), "{id}");
        }
        // The message names the digits and says what to do, in both languages.
        let m =
            crate::Issue::error(crate::Field::LegalIdNumber, Code::IdProvince).with_detail("99");
        assert!(m.message(Lang::ZhCn).contains("99"));
        assert!(m.message(Lang::En).contains("province code"));
    }

    #[test]
    fn birth_years_before_1850_are_refused() {
        assert_eq!(
            validate(
                IdType::ResidentId,
                &with_check("35020618491231001"),
                today()
            ),
            Err((Code::IdTooOld, "1849".into()))
        );
        assert!(validate(
            IdType::ResidentId,
            &with_check("35020618500101001"),
            today()
        )
        .is_ok());
    }

    #[test]
    fn lower_case_x_and_spaces_are_normalised() {
        assert!(validate(IdType::ResidentId, "110105 19491231 002x", today()).is_ok());
    }

    #[test]
    fn future_birth_dates_are_refused() {
        let first17 = "11010520300101001";
        let id = format!("{first17}{}", mod11_2(first17).unwrap());
        assert_eq!(
            validate(IdType::ResidentId, &id, today()),
            Err((Code::IdFuture, "2030-01-01".into()))
        );
    }

    #[test]
    fn lengths_and_formats() {
        assert_eq!(
            validate(IdType::ResidentId, "1101051949", today()),
            Err((Code::IdLength, "10".into()))
        );
        assert_eq!(
            validate(IdType::ResidentId, "1101051949123100AX", today()),
            Err((Code::IdFormat, String::new()))
        );
    }

    #[test]
    fn residence_permits_need_hmt_prefix() {
        let first17 = "81000019900101001";
        let ok = format!("{first17}{}", mod11_2(first17).unwrap());
        assert!(validate(IdType::HmtResidencePermit, &ok, today()).is_ok());
        assert_eq!(
            validate(IdType::HmtResidencePermit, "11010519491231002X", today()),
            Err((Code::IdRegion, String::new()))
        );
    }

    #[test]
    fn permits_and_passports() {
        assert!(validate(IdType::HkMacauPermit, "H12345678", today()).is_ok());
        assert!(validate(IdType::HkMacauPermit, "m1234567801", today()).is_ok());
        assert!(validate(IdType::HkMacauPermit, "X12345678", today()).is_err());
        assert!(validate(IdType::TaiwanPermit, "12345678", today()).is_ok());
        assert!(validate(IdType::TaiwanPermit, "1234567", today()).is_err());
        assert!(validate(IdType::Passport, "E12345678", today()).is_ok());
        assert!(validate(IdType::Passport, "EA1234567", today()).is_ok());
        assert!(validate(IdType::Passport, "X1234", today()).is_ok());
        assert!(validate(IdType::Passport, "AB1", today()).is_err());
        assert!(validate(IdType::Passport, "ABCDEFGHIJKLMNOPQR", today()).is_err());
        assert!(validate(IdType::ForeignPermanentResident, "USA123456789012", today()).is_ok());
        let first17 = "93310019800101001";
        let fpr = format!("{first17}{}", mod11_2(first17).unwrap());
        assert!(validate(IdType::ForeignPermanentResident, &fpr, today()).is_ok());
        assert!(validate(IdType::ForeignPermanentResident, "12345", today()).is_err());
    }

    #[test]
    fn permits_refuse_letters_where_digits_belong() {
        assert!(validate(IdType::HkMacauPermit, "H1234567A", today()).is_err());
        assert!(validate(IdType::HkMacauPermit, "H", today()).is_err());
        assert!(validate(IdType::TaiwanPermit, "1234567A", today()).is_err());
        assert!(validate(IdType::TaiwanPermit, "", today()).is_err());
        assert!(validate(IdType::ForeignPermanentResident, "USA12345678901A", today()).is_err());
        // An 18-digit number that does not start with 9 is a resident ID, not the 2023 card.
        assert_eq!(
            validate(
                IdType::ForeignPermanentResident,
                "11010519491231002X",
                today()
            ),
            Err((Code::ForeignPrFormat, String::new()))
        );
        assert_eq!(
            validate(IdType::ForeignPermanentResident, "912345", today()),
            Err((Code::ForeignPrFormat, String::new()))
        );
    }

    #[test]
    fn someone_born_today_is_not_born_in_the_future() {
        let first17 = format!("110105{}001", today().format("%Y%m%d"));
        let id = format!("{first17}{}", mod11_2(&first17).unwrap());
        assert!(validate(IdType::ResidentId, &id, today()).is_ok());
    }
}
