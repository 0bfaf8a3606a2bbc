//! 核对: every answer with a 修改 link, the error summary, and 申报.

use base64::Engine;
use eport_domain::case::{operator_slot, ENTERPRISE_SLOTS};
use eport_domain::id_number::Sex;
use eport_domain::labels::{field_name, operator_group};
use eport_domain::manifest::{check_manifest, manifest_for};
use eport_domain::protocol::ClientInfo;
use eport_domain::{can_declare, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::clock;
use crate::components::ErrorSummary;
use crate::editor::{field_id, new_id, use_editor};
use crate::i18n::*;
use crate::lang::use_lang;
use crate::store::{self, CaseState, OutboxEntry};
use crate::sync::outbox::{run_now, use_outbox};
use crate::sync::status::{self as sync_status, Shown};

/// 32 random bytes, base64url without padding: the submission's bearer secret.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .expect("crypto available");
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .expect("random bytes");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let navigate = use_navigate();
    let case_id = e.case.with_untracked(|c| c.id.clone());
    let attempted = RwSignal::new(false);
    let blocking = Signal::derive(move || {
        e.issues
            .get()
            .into_iter()
            .filter(|i| i.blocks())
            .collect::<Vec<_>>()
    });
    let shown = Signal::derive(move || {
        if attempted.get() {
            blocking.get()
        } else {
            Vec::new()
        }
    });
    let failed = RwSignal::new(None::<String>);

    let use_outbox_untracked = use_outbox();
    let declare = {
        let case_id = case_id.clone();
        move |_| {
            attempted.set(true);
            if !e.issues.with_untracked(|i| can_declare(i)) {
                return;
            }
            let mut record = e.case.get_untracked();
            let now = clock::now().to_rfc3339();
            let mut entry = OutboxEntry {
                id: new_id(),
                case_id: record.id.clone(),
                secret: new_secret(),
                manifest: manifest_for(
                    &record.enrollment,
                    ClientInfo {
                        app_version: env!("CARGO_PKG_VERSION").into(),
                        declared_at: now.clone(),
                    },
                    None,
                ),
                state: "queued".into(),
                attempts: 0,
                next_attempt_at: None,
                last_error: None,
                created_at: now.clone(),
                supersedes_secret: None,
                remote: None,
            };
            record.state = CaseState::Queued;
            record.submission_id = Some(entry.id.clone());
            record.updated_at = now;
            let navigate = navigate.clone();
            let case_id = case_id.clone();
            let previous = e.case.with_untracked(|c| c.submission_id.clone());
            spawn_local(async move {
                // A case declares again only after a 退单 (the new submission supersedes
                // the rejected one) or a refusal; otherwise its declaration stands.
                if let Some(prev) = previous {
                    let old = store::get_outbox_entry(&prev).await.ok().flatten();
                    match sync_status::shown(old.as_ref()) {
                        Shown::Rejected => {
                            let old = old.expect("rejected entry exists");
                            entry.manifest.supersedes = Some(old.id.clone());
                            entry.supersedes_secret = Some(old.secret);
                        }
                        Shown::Failed | Shown::Draft => {}
                        _ => {
                            navigate(&format!("/cases/{case_id}/declared"), Default::default());
                            return;
                        }
                    }
                }
                // The server's own check of the manifest, so nothing it would
                // refuse is queued.
                if let Err(issues) = check_manifest(&entry.manifest, clock::now().date_naive()) {
                    let messages: Vec<String> = issues.iter().map(|i| i.message(lang())).collect();
                    failed.set(Some(messages.join(" ")));
                    return;
                }
                match store::declare(&record, &entry).await {
                    Ok(()) => {
                        e.case.set(record);
                        run_now(use_outbox_untracked);
                        navigate(&format!("/cases/{case_id}/declared"), Default::default());
                    }
                    Err(err) => failed.set(Some(err.to_string())),
                }
            });
        }
    };

    // One row of the answers list.
    let row = move |path: String, label: String, value: String| {
        let page = crate::editor::page_of(&path);
        let href = format!(
            "/cases/{}/{page}#{}",
            e.case.with_untracked(|c| c.id.clone()),
            field_id(&path)
        );
        let empty = value.trim().is_empty();
        view! {
            <div class="answer">
                <dt>{label.clone()}</dt>
                <dd class:not-filled=empty>{if empty { t_string!(i18n, not_filled).to_string() } else { value }}</dd>
                <dd class="change"><a href=href>{t!(i18n, change)}<span class="visually-hidden">" "{label}</span></a></dd>
            </div>
        }
    };
    let name = move |k: &str| field_name(k, lang()).to_string();

    let answers = move || {
        let c = e.case.get().enrollment;
        let l = lang();
        let id_type = |t: eport_domain::id_number::IdType| t.label(l).to_string();
        let attachment = |slot: &str| {
            c.attachment(slot)
                .map(|a| {
                    format!(
                        "{} ({})",
                        a.name,
                        eport_domain::attachment::human_size(a.size)
                    )
                })
                .unwrap_or_default()
        };
        let pickup = match c.pickup.method {
            Some(eport_domain::case::PickupMethod::Window) => {
                t_string!(i18n, pickup_window).to_string()
            }
            Some(eport_domain::case::PickupMethod::Mail) => {
                t_string!(i18n, pickup_mail).to_string()
            }
            None => String::new(),
        };
        let mut groups: Vec<(String, Vec<AnyView>)> = vec![
            (
                t_string!(i18n, group_enterprise).to_string(),
                vec![
                    row(
                        "enterprise.uscc".into(),
                        name("uscc"),
                        c.enterprise.uscc.clone(),
                    )
                    .into_any(),
                    row(
                        "enterprise.name".into(),
                        name("enterprise_name"),
                        c.enterprise.name.clone(),
                    )
                    .into_any(),
                    row(
                        "enterprise.address".into(),
                        name("enterprise_address"),
                        c.enterprise.address.clone(),
                    )
                    .into_any(),
                    row(
                        "enterprise.agency_code".into(),
                        name("agency_code"),
                        c.enterprise.agency_code.clone(),
                    )
                    .into_any(),
                ],
            ),
            (
                t_string!(i18n, group_legal).to_string(),
                vec![
                    row(
                        "legal_person.name".into(),
                        name("name"),
                        c.legal_person.name.clone(),
                    )
                    .into_any(),
                    row(
                        "legal_person.id_type".into(),
                        name("id_type"),
                        id_type(c.legal_person.id_type),
                    )
                    .into_any(),
                    row(
                        "legal_person.id_number".into(),
                        name("id_number"),
                        c.legal_person.id_number.clone(),
                    )
                    .into_any(),
                    row(
                        "legal_person.nationality".into(),
                        name("nationality"),
                        c.legal_person.nationality.clone(),
                    )
                    .into_any(),
                    row(
                        "legal_person.mobile".into(),
                        name("mobile"),
                        c.legal_person.mobile.clone(),
                    )
                    .into_any(),
                ],
            ),
            (
                t_string!(i18n, group_agent).to_string(),
                vec![
                    row("agent.name".into(), name("name"), c.agent.name.clone()).into_any(),
                    row(
                        "agent.id_type".into(),
                        name("id_type"),
                        id_type(c.agent.id_type),
                    )
                    .into_any(),
                    row(
                        "agent.id_number".into(),
                        name("id_number"),
                        c.agent.id_number.clone(),
                    )
                    .into_any(),
                    row("agent.phone".into(), name("phone"), c.agent.phone.clone()).into_any(),
                ],
            ),
        ];
        let mut pick = vec![row("pickup.method".into(), name("method"), pickup).into_any()];
        if c.pickup.method == Some(eport_domain::case::PickupMethod::Mail) {
            pick.push(
                row(
                    "pickup.recipient".into(),
                    name("recipient"),
                    c.pickup.recipient.clone(),
                )
                .into_any(),
            );
            pick.push(row("pickup.phone".into(), name("phone"), c.pickup.phone.clone()).into_any());
            pick.push(
                row(
                    "pickup.address".into(),
                    name("address"),
                    c.pickup.address.clone(),
                )
                .into_any(),
            );
        }
        pick.push(
            row(
                "pickup.remarks".into(),
                name("remarks"),
                c.pickup.remarks.clone(),
            )
            .into_any(),
        );
        groups.push((t_string!(i18n, group_pickup).to_string(), pick));
        for (i, o) in c.operators.iter().enumerate() {
            let p = |f: &str| format!("operators.{i}.{f}");
            let sex = o.sex.map(|s| s.label(l).to_string()).or_else(|| {
                eport_domain::id_number::analyse(o.id_type, &o.id_number, clock::now().date_naive())
                    .ok()
                    .and_then(|f| f.sex)
                    .map(|s: Sex| s.label(l).to_string())
            });
            let birth = eport_domain::id_number::analyse(
                o.id_type,
                &o.id_number,
                clock::now().date_naive(),
            )
            .ok()
            .and_then(|f| f.birth_date)
            .map(|d| d.to_string())
            .unwrap_or_else(|| o.birth_date.clone());
            groups.push((
                operator_group(i, l),
                vec![
                    row(p("name"), name("name"), o.name.clone()).into_any(),
                    row(p("sex"), name("sex"), sex.unwrap_or_default()).into_any(),
                    row(p("id_type"), name("id_type"), id_type(o.id_type)).into_any(),
                    row(p("id_number"), name("id_number"), o.id_number.clone()).into_any(),
                    row(p("birth_date"), name("birth_date"), birth).into_any(),
                    row(
                        p("nationality"),
                        if l == Lang::ZhCn {
                            "国籍（地区）".into()
                        } else {
                            "Nationality (region)".into()
                        },
                        o.nationality.clone(),
                    )
                    .into_any(),
                    row(p("education"), name("education"), o.education.clone()).into_any(),
                    row(p("title"), name("title"), o.title.clone()).into_any(),
                    row(p("phone"), name("phone"), o.phone.clone()).into_any(),
                    row(p("fax"), name("fax"), o.fax.clone()).into_any(),
                    row(p("address"), name("user_address"), o.address.clone()).into_any(),
                    row(
                        p("id_front"),
                        name("id_front"),
                        attachment(&operator_slot(&o.key, "id_front")),
                    )
                    .into_any(),
                    row(
                        p("id_back"),
                        name("id_back"),
                        attachment(&operator_slot(&o.key, "id_back")),
                    )
                    .into_any(),
                ],
            ));
        }
        groups.push((
            t_string!(i18n, part_attachments).to_string(),
            ENTERPRISE_SLOTS
                .iter()
                .map(|s| row(format!("attachments.{s}"), name(s), attachment(s)).into_any())
                .collect(),
        ));
        groups
            .into_iter()
            .map(|(title, rows)| {
                view! {
                    <h2>{title}</h2>
                    <dl class="answers">{rows}</dl>
                }
            })
            .collect_view()
    };

    view! {
        <p class="breadcrumb"><a href=format!("/cases/{case_id}")>{t!(i18n, back_to_tasks)}</a></p>
        <h1>{t!(i18n, part_review)}</h1>
        <ErrorSummary issues=shown case_id=case_id.clone() />
        <p class="lead">{t!(i18n, review_intro)}</p>
        {answers}
        {move || failed.get().map(|f| view! { <p class="error-message" role="alert">{f}</p> })}
        {move || (attempted.get() && !blocking.with(|b| b.is_empty())).then(|| view! { <p class="error-message">{t!(i18n, declare_blocked)}</p> })}
        <button type="button" class="button" on:click=declare>{t!(i18n, declare)}</button>
    }
}
