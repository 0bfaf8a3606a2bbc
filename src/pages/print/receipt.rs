//! 领卡凭条: the slip the enterprise brings to the hall's counter 1 for a card
//! collected at the window (窗口领卡, or mail that came back). Ours, not a copy
//! of the official 领卡通知单, whose layout the source does not show: the
//! reference (also as a QR code the counter can scan), the enterprise, the
//! cards, the collector's line and a place for the company seal.

use eport_domain::catalog::HALL_ADDRESS;
use leptos::prelude::*;

use super::cells::SealBox;
use crate::store::CaseRecord;

/// The reference as an SVG QR code (medium error correction: a creased,
/// stamped slip still scans).
fn qr_svg(reference: &str) -> Option<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::with_error_correction_level(reference, qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
    )
}

#[component]
pub fn Receipt(case: CaseRecord, reference: String) -> impl IntoView {
    let c = &case.enrollment;
    let hours = eport_domain::calendar::hall_hours("、");
    let qr = qr_svg(&reference).unwrap_or_default();
    let cards: Vec<String> =
        std::iter::once(format!("法人卡 1 张（{}）", c.legal_person.name.trim()))
            .chain(
                c.operators
                    .iter()
                    .map(|o| format!("操作员卡 1 张（{}）", o.name.trim())),
            )
            .collect();
    view! {
        <article class="sheet letter receipt" data-form="receipt" aria-label="领卡凭条">
            <h2 class="form-title">"电子口岸卡领卡凭条"</h2>
            <div class="receipt-head">
                <dl class="receipt-facts">
                    <dt>"受理编号"</dt><dd data-testid="receipt-reference">{reference.clone()}</dd>
                    <dt>"企业名称"</dt><dd>{c.enterprise.name.trim().to_string()}</dd>
                    <dt>"统一社会信用代码"</dt><dd>{c.enterprise.uscc.trim().to_string()}</dd>
                    <dt>"领取卡片"</dt><dd><ul>{cards.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul></dd>
                </dl>
                <div class="receipt-qr" data-testid="receipt-qr" role="img" aria-label=format!("受理编号二维码：{reference}") inner_html=qr></div>
            </div>
            <p>"领卡地点："{HALL_ADDRESS}"一号柜台"</p>
            <p>"办理时间：工作日 "{hours}</p>
            <p>"领卡人姓名："<span class="blank"></span></p>
            <p>"领卡人证件号码："<span class="blank"></span></p>
            <p>"领卡人签名："<span class="blank"></span>"　　领取日期：　　年　　月　　日"</p>
            <div class="letter-sign">
                <p>"企业盖章："</p>
                <SealBox />
            </div>
            <p class="sheet-foot">"（请加盖企业公章后，由领卡人持本人有效证件到服务大厅一号柜台领取。）"</p>
        </article>
    }
}
