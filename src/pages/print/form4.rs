//! 附件4 中国电子口岸数据中心厦门分中心企业注销申请表 (一式两份).

use eport_domain::catalog::Form;
use leptos::prelude::*;

use super::cells::SealBox;
use super::SheetHead;
use crate::store::CaseRecord;

#[component]
pub fn Form4(case: CaseRecord, copy: u32, of: u32) -> impl IntoView {
    let c = &case.enrollment;
    let p = &case.paper;
    view! {
        <article class="sheet" data-form="F4" data-copy=copy aria-label=format!("附件4 第{copy}份")>
            <SheetHead form=Form::F4 />
            <p class="copy-mark">{format!("一式{}份 · 第{}份", of, copy)}</p>
            <table class="form-table">
                <colgroup><col class="c-label" /><col /></colgroup>
                <tbody>
                    <tr><th scope="row">"公司名称"</th><td data-field="enterprise_name">{c.enterprise.name.clone()}</td></tr>
                    <tr><th scope="row">"统一社会信用代码"</th><td data-field="uscc">{c.enterprise.uscc.clone()}</td></tr>
                    <tr><th scope="row">"经办人"</th><td>{c.agent.name.clone()}</td></tr>
                    <tr><th scope="row">"联系电话"</th><td>{eport_domain::contact::display_phone(&c.agent.phone)}</td></tr>
                    <tr><th scope="row">"电子口岸法人卡号"</th><td data-field="legal_card_number">{eport_domain::contact::canonical_card_numbers(&p.legal_card_number)}</td></tr>
                    <tr><th scope="row">"电子口岸操作员卡号"</th><td data-field="operator_card_numbers">{eport_domain::contact::canonical_card_numbers(&p.operator_card_numbers)}</td></tr>
                    <tr>
                        <td class="tall"><p>"公司签章:"</p><SealBox /><p>"办理日期:"</p></td>
                        <td class="tall"><p>"制卡中心审核:"</p><SealBox /><p>"办理日期:"</p></td>
                    </tr>
                </tbody>
            </table>
            <p class="sheet-foot">"注：《中国电子口岸企业注销申请表》需一式两份"</p>
        </article>
    }
}
