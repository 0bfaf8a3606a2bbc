//! English glosses for the official Chinese names the English pages keep as
//! they are (an address to write on an EMS envelope, a division, the card
//! centre): the name stays, the gloss follows it in brackets.

use crate::catalog::{HALL_ADDRESS, MAIL_ADDRESS, MAIL_RECIPIENT};
use crate::lang::Lang;

/// The gloss of an official name or constant, if it has one.
pub fn gloss(zh: &str) -> Option<&'static str> {
    Some(match zh.trim() {
        MAIL_ADDRESS => "7th floor, Customs Building, Xiangyu Free Trade Zone, 11 Xiangxing 1st Road, Huli District, Xiamen",
        MAIL_RECIPIENT => "Service hall",
        HALL_ADDRESS => "Service hall, 7th floor, Customs Building, Xiangyu Free Trade Zone, 11 Xiangxing 1st Road, Huli District, Xiamen",
        "厦门制卡中心" => "Xiamen card centre",
        "中国" => "China",
        _ => return None,
    })
}

/// `zh` as shown in `lang`: unchanged in Chinese; in English followed by its
/// gloss when it has one.
pub fn official(zh: &str, lang: Lang) -> String {
    match (lang, gloss(zh)) {
        (Lang::En, Some(g)) => format!("{zh} ({g})"),
        _ => zh.to_string(),
    }
}

const PROVINCES: &[(&str, &str)] = &[
    ("11", "Beijing"),
    ("12", "Tianjin"),
    ("13", "Hebei"),
    ("14", "Shanxi"),
    ("15", "Inner Mongolia"),
    ("21", "Liaoning"),
    ("22", "Jilin"),
    ("23", "Heilongjiang"),
    ("31", "Shanghai"),
    ("32", "Jiangsu"),
    ("33", "Zhejiang"),
    ("34", "Anhui"),
    ("35", "Fujian"),
    ("36", "Jiangxi"),
    ("37", "Shandong"),
    ("41", "Henan"),
    ("42", "Hubei"),
    ("43", "Hunan"),
    ("44", "Guangdong"),
    ("45", "Guangxi"),
    ("46", "Hainan"),
    ("50", "Chongqing"),
    ("51", "Sichuan"),
    ("52", "Guizhou"),
    ("53", "Yunnan"),
    ("54", "Tibet"),
    ("61", "Shaanxi"),
    ("62", "Gansu"),
    ("63", "Qinghai"),
    ("64", "Ningxia"),
    ("65", "Xinjiang"),
    ("71", "Taiwan"),
    ("81", "Hong Kong"),
    ("82", "Macao"),
];

const FUJIAN_CITIES: &[(&str, &str)] = &[
    ("3501", "Fuzhou"),
    ("3502", "Xiamen"),
    ("3503", "Putian"),
    ("3504", "Sanming"),
    ("3505", "Quanzhou"),
    ("3506", "Zhangzhou"),
    ("3507", "Nanping"),
    ("3508", "Longyan"),
    ("3509", "Ningde"),
];

const XIAMEN_DISTRICTS: &[(&str, &str)] = &[
    ("350203", "Siming District"),
    ("350205", "Haicang District"),
    ("350206", "Huli District"),
    ("350211", "Jimei District"),
    ("350212", "Tong'an District"),
    ("350213", "Xiang'an District"),
];

fn find(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// An English gloss of a six-digit division code: `350213` → "Xiang'an
/// District, Xiamen, Fujian". Levels without an English name here are named
/// by their code (`440300` → "division 440300, Guangdong").
pub fn region_gloss(code: &str) -> Option<String> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let province = find(PROVINCES, &code[..2])?;
    let mut parts: Vec<String> = Vec::new();
    let below_province = &code[2..] != "0000";
    match (
        find(XIAMEN_DISTRICTS, code),
        find(FUJIAN_CITIES, &code[..4]),
    ) {
        (Some(d), Some(c)) => parts.extend([d.to_string(), c.to_string()]),
        (None, Some(c)) if &code[4..] == "00" => parts.push(c.to_string()),
        (None, Some(c)) => parts.extend([format!("division {code}"), c.to_string()]),
        _ if below_province && !matches!(&code[..2], "11" | "12" | "31" | "50") => {
            parts.push(format!("division {code}"))
        }
        _ => {}
    }
    parts.push(province.to_string());
    Some(parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_names_keep_the_chinese_and_add_the_gloss_in_english() {
        assert_eq!(official("厦门制卡中心", Lang::ZhCn), "厦门制卡中心");
        assert_eq!(official("中国", Lang::En), "中国 (China)");
        assert_eq!(official("张三", Lang::En), "张三");
        assert_eq!(
            region_gloss("350213").as_deref(),
            Some("Xiang'an District, Xiamen, Fujian")
        );
        assert_eq!(region_gloss("350200").as_deref(), Some("Xiamen, Fujian"));
        assert_eq!(
            region_gloss("350681").as_deref(),
            Some("division 350681, Zhangzhou, Fujian")
        );
        assert_eq!(
            region_gloss("440300").as_deref(),
            Some("division 440300, Guangdong")
        );
        assert_eq!(region_gloss("110105").as_deref(), Some("Beijing"));
        assert_eq!(region_gloss("990000"), None);
    }
}
