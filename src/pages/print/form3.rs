//! 附件3 中国电子口岸数据中心厦门分中心业务变更申请表.

use eport_domain::catalog::{Form, HALL_ADDRESS, STATUS_SITE};
use leptos::prelude::*;

use super::cells::SealBox;
use super::SheetHead;
use crate::store::CaseRecord;

#[component]
pub fn Form3(case: CaseRecord) -> impl IntoView {
    let c = &case.enrollment;
    let p = &case.paper;
    // The official note links the status site over http; the site is served over https.
    let site = STATUS_SITE.trim_end_matches('/');
    view! {
        <article class="sheet" data-form="F3" aria-label="附件3">
            <SheetHead form=Form::F3 />
            <table class="form-table">
                <colgroup><col class="c-label" /><col /><col class="c-label" /><col /></colgroup>
                <tbody>
                    <tr><th scope="row">"公司名称"</th><td colspan="3" data-field="enterprise_name">{c.enterprise.name.clone()}</td></tr>
                    <tr><th scope="row">"统一社会信用代码"</th><td colspan="3" data-field="uscc">{c.enterprise.uscc.clone()}</td></tr>
                    <tr>
                        <th scope="row">"联系人"</th><td>{c.agent.name.clone()}</td>
                        <th scope="row">"联系电话"</th><td>{eport_domain::contact::display_phone(&c.agent.phone)}</td>
                    </tr>
                    <tr>
                        <td colspan="4" class="tall">
                            <p>"变更内容："</p>
                            <p class="free-text" data-field="change_content">{p.change_content.clone()}</p>
                            <div class="sign-row"><p>"申请单位签章："</p><SealBox /></div>
                        </td>
                    </tr>
                    <tr><td colspan="4"><p>"备注："<span data-field="change_remarks">{p.change_remarks.clone()}</span></p></td></tr>
                </tbody>
            </table>
            <p class="sheet-foot">
                "注：请在递交申请三个工作日后访问"{site}"，输入企业组织机构代码或统一社会信用代码查询变更申请审批进度，待申请状态为“领卡”后打印《领卡通知书》，到"{HALL_ADDRESS}"窗口领卡。"
            </p>
        </article>
    }
}
