//! 附件2 中国电子口岸数据中心厦门分中心电子口岸卡登记表: one per operator card.

use chrono::NaiveDate;
use eport_domain::case::Operator;
use eport_domain::catalog::Form;
use eport_domain::id_number::{self, IdType, Sex};
use eport_domain::Lang;
use leptos::prelude::*;

use super::cells::{ymd, IdGrid, SealBox};
use super::SheetHead;
use crate::store::CaseRecord;

/// Sex as printed: from the ID number when it carries it, else as entered.
fn sex(id_type: IdType, number: &str, entered: Option<Sex>, today: NaiveDate) -> String {
    let derived = id_type
        .carries_birth_date()
        .then(|| {
            id_number::analyse(id_type, number, today)
                .ok()
                .and_then(|f| f.sex)
        })
        .flatten();
    derived
        .or(entered)
        .map(|s| s.label(Lang::ZhCn).to_string())
        .unwrap_or_default()
}

fn birth(op: &Operator, today: NaiveDate) -> String {
    if op.id_type.carries_birth_date() {
        id_number::analyse(op.id_type, &op.id_number, today)
            .ok()
            .and_then(|f| f.birth_date)
            .map(|d| d.to_string())
            .unwrap_or_default()
    } else {
        op.birth_date.trim().to_string()
    }
}

#[component]
pub fn Form2(
    case: CaseRecord,
    legal: bool,
    operator: Option<usize>,
    today: NaiveDate,
) -> impl IntoView {
    let c = &case.enrollment;
    let lp = if legal {
        c.legal_person.clone()
    } else {
        Default::default()
    };
    let lp_type = if legal {
        lp.id_type.label(Lang::ZhCn).to_string()
    } else {
        String::new()
    };
    let lp_sex = if legal {
        sex(lp.id_type, &lp.id_number, case.paper.legal_sex, today)
    } else {
        String::new()
    };
    let lp_title = if legal {
        case.paper.legal_title.clone()
    } else {
        String::new()
    };
    let op = operator.and_then(|i| c.operators.get(i).cloned());
    let filled = op.is_some();
    let op = op.unwrap_or_default();
    let op_type = if filled {
        op.id_type.label(Lang::ZhCn).to_string()
    } else {
        String::new()
    };
    // An empty operator (no number, no sex, no date) prints these blank by itself.
    let op_sex = sex(op.id_type, &op.id_number, op.sex, today);
    let op_birth = birth(&op, today);
    view! {
        <article class="sheet" data-form="F2" aria-label="附件2">
            <SheetHead form=Form::F2 />
            <table class="form-table" data-block="legal">
                <colgroup><col class="w16" /><col class="w34" /><col class="w16" /><col class="w34" /></colgroup>
                <tbody>
                    <tr><th colspan="4" class="block-title">"法人卡持卡人基本信息"</th></tr>
                    <tr><th scope="row">"持卡人姓名"</th><td data-field="legal_name">{lp.name.clone()}</td><th scope="row">"性别"</th><td>{lp_sex}</td></tr>
                    <tr><th scope="row">"国籍 / 地区"</th><td>{lp.nationality.clone()}</td><th scope="row">"职务"</th><td>{lp_title}</td></tr>
                    <tr><th scope="row">"联系电话"</th><td>{lp.mobile.clone()}</td><th scope="row">"证件类别"</th><td>{lp_type}</td></tr>
                    <tr><th scope="row">"证件号码"</th><td colspan="3" data-field="legal_id"><IdGrid number=lp.id_number.clone() /></td></tr>
                </tbody>
            </table>
            <table class="form-table" data-block="operator">
                <colgroup><col class="w16" /><col class="w19" /><col class="w17" /><col class="w14" /><col class="w12" /><col class="w22" /></colgroup>
                <tbody>
                    <tr><th colspan="6" class="block-title">"操作员卡持卡人基本信息"</th></tr>
                    <tr><th scope="row">"持卡人姓名"</th><td colspan="3" data-field="operator_name">{op.name.clone()}</td><th scope="row">"性别"</th><td>{op_sex}</td></tr>
                    <tr><th scope="row">"学历"</th><td colspan="3">{op.education.clone()}</td><th scope="row">"证件类别"</th><td>{op_type}</td></tr>
                    <tr><th scope="row">"证件号码"</th><td colspan="5" data-field="operator_id"><IdGrid number=op.id_number.clone() /></td></tr>
                    <tr>
                        <th scope="row">"出生日期"</th><td>{op_birth}</td>
                        <th scope="row">"国籍（地区）"</th><td>{op.nationality.clone()}</td>
                        <th scope="row">"职务"</th><td>{op.title.clone()}</td>
                    </tr>
                    <tr><th scope="row">"用户地址"</th><td colspan="5">{op.address.clone()}</td></tr>
                    <tr><th scope="row">"联系电话"</th><td colspan="3">{eport_domain::contact::display_phone(&op.phone)}</td><th scope="row">"传真"</th><td>{eport_domain::contact::display_phone(&op.fax)}</td></tr>
                </tbody>
            </table>
            <div class="sign-row">
                <p>"申请单位签章："</p>
                <SealBox />
                <p>{ymd(&case.paper.apply_date)}</p>
            </div>
            <p class="sheet-foot">"备注：持卡人在同一家企业内不可重复办理电子口岸卡。如申请多张操作员卡，则须按照企业指定的操作员人数每人填写一份。"</p>
        </article>
    }
}
