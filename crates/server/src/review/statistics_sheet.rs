//! The register's second sheet, 统计: the same figures the console's
//! statistics page shows, for the export's period (its arrival range, else
//! the 30 days ending today).

use anyhow::Result;
use eport_domain::statistics::{Spread, Statistics};
use eport_domain::Lang;
use rust_xlsxwriter::{Format, Worksheet};

/// Writes `s` on `sheet`, a table after another with a blank row between.
pub fn write(sheet: &mut Worksheet, s: &Statistics, lang: Lang) -> Result<()> {
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let t = |zh, en| lang.pick(zh, en);
    sheet.set_column_width(0, 36)?;
    for c in 1..6 {
        sheet.set_column_width(c, 12)?;
    }
    let mut r: u32 = 0;
    sheet.write_string_with_format(
        r,
        0,
        format!(
            "{} {} {} {}",
            t("统计", "Statistics"),
            s.from,
            t("至", "to"),
            s.to
        ),
        &bold,
    )?;
    r += 1;
    sheet.write_string(
        r,
        0,
        format!(
            "{} {}",
            t(
                "按事件发生日统计；工作日按节假日安排计算；当前指",
                "Counted on the day each thing happened; business days follow the holiday calendar; now is"
            ),
            s.today
        ),
    )?;
    r += 2;
    let totals = s.totals();
    let spread = |sp: Spread| [sp.median, sp.p90];
    let [dm, d90] = spread(s.to_decision);
    let [hm, h90] = spread(s.to_hand_out);
    let summary: [(&str, &str, Option<u32>); 11] = [
        ("到达", "Arrived", Some(totals.arrivals)),
        ("审核通过", "Approved", Some(totals.approved)),
        ("退单", "Returned", Some(totals.returned)),
        ("已寄出", "Sent by EMS", Some(totals.dispatched)),
        ("已领卡", "Collected", Some(totals.collected)),
        ("当前待审", "Waiting for a decision now", Some(s.open_now)),
        ("当前超期", "Overdue now", Some(s.overdue_now)),
        (
            "到决定的工作日（中位数）",
            "Business days to a decision (median)",
            dm,
        ),
        (
            "到决定的工作日（90%）",
            "Business days to a decision (90th percentile)",
            d90,
        ),
        (
            "到寄出或领卡的工作日（中位数）",
            "Business days to the card leaving (median)",
            hm,
        ),
        (
            "到寄出或领卡的工作日（90%）",
            "Business days to the card leaving (90th percentile)",
            h90,
        ),
    ];
    sheet.write_string_with_format(r, 0, t("指标", "Figure"), &bold)?;
    sheet.write_string_with_format(r, 1, t("数值", "Value"), &bold)?;
    for (zh, en, v) in summary {
        r += 1;
        sheet.write_string(r, 0, t(zh, en))?;
        if let Some(v) = v {
            sheet.write_number(r, 1, f64::from(v))?;
        }
    }
    r += 2;
    let heads = [
        t("日期", "Day"),
        t("到达", "Arrived"),
        t("审核通过", "Approved"),
        t("退单", "Returned"),
        t("已寄出", "Sent by EMS"),
        t("已领卡", "Collected"),
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(r, c as u16, *h, &bold)?;
    }
    for d in &s.days {
        r += 1;
        sheet.write_datetime_with_format(r, 0, d.date, &date)?;
        for (c, v) in [
            d.arrivals,
            d.approved,
            d.returned,
            d.dispatched,
            d.collected,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_number(r, c as u16 + 1, f64::from(v))?;
        }
    }
    r += 2;
    sheet.write_string_with_format(r, 0, t("退单原因", "Reason for return"), &bold)?;
    sheet.write_string_with_format(r, 1, t("次数", "Returns"), &bold)?;
    for c in &s.returns {
        r += 1;
        sheet.write_string(r, 0, c.reason.text(lang))?;
        sheet.write_number(r, 1, f64::from(c.count))?;
    }
    r += 2;
    sheet.write_string_with_format(r, 0, t("审核人", "Reviewer"), &bold)?;
    sheet.write_string_with_format(r, 1, t("审核通过", "Approved"), &bold)?;
    sheet.write_string_with_format(r, 2, t("退单", "Returned"), &bold)?;
    for w in &s.reviewers {
        r += 1;
        sheet.write_string(r, 0, &w.reviewer.name)?;
        sheet.write_number(r, 1, f64::from(w.approved))?;
        sheet.write_number(r, 2, f64::from(w.returned))?;
    }
    Ok(())
}
