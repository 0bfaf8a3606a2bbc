//! 附件5 授权委托书.

use eport_domain::catalog::Form;
use leptos::prelude::*;

use super::cells::{ymd, SealBox};
use super::SheetHead;
use crate::store::CaseRecord;

#[component]
pub fn Form5(case: CaseRecord) -> impl IntoView {
    let c = &case.enrollment;
    let blank = |s: &str| view! { <span class="blank">{s.trim().to_string()}</span> };
    view! {
        <article class="sheet letter" data-form="F5" aria-label="附件5">
            <SheetHead form=Form::F5 />
            <p>"中国电子口岸数据中心厦门分中心："</p>
            <p class="indent">
                "现我司"{blank(&c.enterprise.name)}"（填写企业名称），统一社会信用代码："{blank(&c.enterprise.uscc)}
                "，委托中国电子口岸数据中心厦门分中心代为办理电子口岸安全产品邮寄业务。"
            </p>
            <p class="indent">"一、我司承诺在办理该业务时提供和录入的所有资料和表格均具备真实性、有效性，我司均予以承认。"</p>
            <p class="indent">"二、我司授权贵单位在办理完成后将电子口岸安全产品通过EMS快递至以下我司地址，因快递业务产生的相关费用和收件责任由我司自行承担。我司对办理邮寄的流程及注意事项已详细阅读，并将严格遵照执行。"</p>
            <p class="indent">"三、我司将妥善保管电子口岸卡及企业服务帐户信息，及时修改初始密码，做好操作员授权及管理。"</p>
            <p>"收件地址："{blank(&c.pickup.address)}</p>
            <p>"收件人："{blank(&c.pickup.recipient)}</p>
            <p>"联系电话："{blank(&eport_domain::contact::display_phone(&c.pickup.phone))}</p>
            <div class="letter-sign">
                <p>"公司名称（盖章）"{blank(&c.enterprise.name)}</p>
                <SealBox />
                <p>"法人姓名："{blank(&c.legal_person.name)}</p>
                <p>"法人电话（手机）："{blank(&eport_domain::contact::display_phone(&c.legal_person.mobile))}</p>
                <p>"签署日期："{ymd(&case.paper.apply_date)}</p>
            </div>
            <p class="sheet-foot">"（此委托书需如实填写完整并加盖授权单位公章生效）"</p>
        </article>
    }
}
