//! 附件1 中国电子口岸数据中心厦门分中心制卡业务受理登记表.

use eport_domain::case::PickupMethod;
use eport_domain::catalog::{Form, STATUS_SITE};
use eport_domain::forms::{form1_card_number, form1_row, Form1Row};
use eport_domain::paper::{CardRole, DeregScope};
use leptos::prelude::*;

use super::cells::{mark, ymd, SealBox};
use super::SheetHead;
use crate::store::CaseRecord;

#[component]
pub fn Form1(case: CaseRecord) -> impl IntoView {
    let c = &case.enrollment;
    let p = &case.paper;
    let row = form1_row(case.kind);
    let on = |r: Form1Row| row == Some(r);
    let card = form1_card_number(case.kind, p);
    let card_for = |r: Form1Row| if on(r) { card.clone() } else { String::new() };
    let role = |x: CardRole| on(Form1Row::Reissue) && p.card_role == Some(x);
    let scope = |x: DeregScope| on(Form1Row::Deregistration) && p.dereg_scope == Some(x);
    let mail = c.pickup.method == Some(PickupMethod::Mail);
    let window = c.pickup.method == Some(PickupMethod::Window);
    let (recipient, phone, address) = if mail {
        (
            c.pickup.recipient.clone(),
            eport_domain::contact::display_phone(&c.pickup.phone),
            c.pickup.address.clone(),
        )
    } else {
        Default::default()
    };
    view! {
        <article class="sheet" data-form="F1" aria-label="附件1">
            <SheetHead form=Form::F1 />
            <p class="sheet-date">"申办日期："{ymd(&p.apply_date)}</p>
            <table class="form-table">
                <colgroup><col class="w18" /><col class="w34" /><col class="w14" /><col class="w34" /></colgroup>
                <tbody>
                    <tr><th scope="row">"企业名称"</th><td colspan="3" data-field="enterprise_name">{c.enterprise.name.clone()}</td></tr>
                    <tr><th scope="row">"社会统一信用代码"</th><td colspan="3" data-field="uscc">{c.enterprise.uscc.clone()}</td></tr>
                    <tr>
                        <th scope="row">"经办人"</th><td data-field="agent_name">{c.agent.name.clone()}</td>
                        <th scope="row">"联系电话"</th><td data-field="agent_phone">{eport_domain::contact::display_phone(&c.agent.phone)}</td>
                    </tr>
                    <tr>
                        <th scope="row" rowspan="8">"业务类别"</th>
                        <td colspan="2">"1."{mark(on(Form1Row::NewUser))}"新用户入网"</td><td></td>
                    </tr>
                    <tr><td colspan="2">"2."{mark(on(Form1Row::InfoChange))}"企业基本信息变更"</td><td>"卡号："<span class="card-number">{card_for(Form1Row::InfoChange)}</span></td></tr>
                    <tr><td colspan="2">"3.补卡 "{mark(role(CardRole::Legal))}"法人卡 "{mark(role(CardRole::Operator))}"操作员卡"</td><td></td></tr>
                    <tr><td colspan="2">"4.增办 "{mark(on(Form1Row::AddOperator))}"操作员卡"</td><td></td></tr>
                    <tr><td colspan="2">"5.注销 "{mark(scope(DeregScope::Enterprise))}"企业注销 "{mark(scope(DeregScope::Cards))}"电子口岸卡注销"</td><td>"卡号："<span class="card-number">{card_for(Form1Row::Deregistration)}</span></td></tr>
                    <tr><td colspan="2">"6."{mark(on(Form1Row::OperatorChange))}"企业操作员卡变更"</td><td>"卡号："<span class="card-number">{card_for(Form1Row::OperatorChange)}</span></td></tr>
                    <tr><td colspan="2">"7."{mark(on(Form1Row::Renewal))}"电子口岸卡证书更新"</td><td>"卡号："<span class="card-number">{card_for(Form1Row::Renewal)}</span></td></tr>
                    <tr><td colspan="2">"\u{3000}"{mark(on(Form1Row::Unlock))}"电子口岸卡解锁"</td><td>"卡号："<span class="card-number">{card_for(Form1Row::Unlock)}</span></td></tr>
                    <tr>
                        <th scope="row" rowspan="3">"领卡方式"</th>
                        <td colspan="3">{mark(window)}"窗口领卡　查询网址"{STATUS_SITE}"，打印领卡通知单，加盖企业公章"</td>
                    </tr>
                    <tr><td colspan="3">{mark(mail)}"邮寄领卡"</td></tr>
                    <tr>
                        <td colspan="3" class="pledge">
                            <p class="pledge-title">"承诺书"</p>
                            <p>"一、我司承诺在办理该业务时提供和录入的所有资料和表格均具备真实性、有效性，我司均予以承认。"</p>
                            <p>"二、我司授权贵单位在办理完成后将电子口岸卡通过EMS快递至以下我司地址，因快递业务产生的相关费用和收件责任由我司自行承担。我司对办理邮寄的流程及注意事项已详细阅读，并将严格遵照执行。"</p>
                            <p>"三、我司将妥善保管电子口岸卡及企业服务帐户信息，及时修改初始密码，做好操作员授权及管理。"</p>
                            <p>"收件地址："<span data-field="pickup_address">{address}</span></p>
                            <p>"收件人："<span data-field="pickup_recipient">{recipient}</span></p>
                            <p>"联系电话："<span data-field="pickup_phone">{phone}</span></p>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">"企业盖章"</th><td><SealBox /></td>
                        <th scope="row">"制卡中心"</th><td><SealBox /></td>
                    </tr>
                </tbody>
            </table>
            <p class="sheet-foot">"受理人："</p>
        </article>
    }
}
