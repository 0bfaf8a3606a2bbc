use eport_domain::field::{Field, FieldPath, Group};
use eport_domain::findings::derived_facts;
use eport_domain::protocol::SubmissionState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::checklist::StaffChecklist;
use super::claim::ClaimPanel;
use super::correction::CorrectionPanel;
use super::decisions::{DecisionForm, Decisions};
use super::gate::{use_staff_gate, StaffGate};
use super::timeline::StaffTimelineTable;
use super::viewer::{opener_id, AttachmentViewer, Viewed};
use crate::i18n::*;
use crate::lang::use_lang;
use crate::staff::api::{self as staff_api, AttachmentState, StaffError, StaffSubmission};

/// How often an open review page asks who holds it and what is ticked.
const PROGRESS_POLL_MS: u32 = 3_000;

/// One submission for staff: declared data, attachment previews, the request
/// timeline, and the decisions.
#[component]
pub fn StaffDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let version = RwSignal::new(0u32);
    // Live here, not in the decision form, so they survive the reload after a
    // decision (or a refused one): the outcome, and what the reviewer typed.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let form = DecisionForm::new();
    // Another submission starts with an empty form.
    Effect::new(move |prev: Option<String>| {
        let k = key();
        if prev.is_some_and(|p| p != k) {
            form.clear();
            outcome.set(None);
        }
        k
    });
    view! {
        <p><A href="/staff">{t!(i18n, staff_back)}</A></p>
        <h1>{t!(i18n, staff_title)}</h1>
        <StaffGate><DetailBody key=Signal::derive(key) version=version outcome=outcome form=form /></StaffGate>
    }
}

/// The submission once signed in.
#[component]
fn DetailBody(
    key: Signal<String>,
    version: RwSignal<u32>,
    outcome: RwSignal<Option<Result<String, String>>>,
    form: DecisionForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_staff_gate();
    let sub = LocalResource::new(move || {
        let k = key.get();
        version.track();
        async move { staff_api::show(&k).await }
    });
    Effect::new(move |_| {
        if let Some(Err(StaffError::Refused)) = sub.get() {
            gate.refused();
        }
    });
    view! {
        {move || {
            match sub.get() {
                None => view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }.into_any(),
                // The effect below signs out; nothing to show meanwhile.
                Some(Err(StaffError::Refused)) => ().into_any(),
                Some(Err(StaffError::NotFound)) => view! { <p role="alert">{t!(i18n, staff_not_found)}</p> }.into_any(),
                Some(Err(StaffError::Other(e))) => view! { <p class="error-message" role="alert">{t_string!(i18n, staff_failed, error = e).to_string()}</p> }.into_any(),
                Some(Err(StaffError::Conflict(r) | StaffError::Unprocessable(r))) => view! { <p class="error-message" role="alert">{t_string!(i18n, staff_failed, error = r.detail).to_string()}</p> }.into_any(),
                Some(Ok(s)) => view! { <Submission sub=s outcome=outcome form=form on_change=Callback::new(move |_| version.update(|v| *v += 1)) /> }.into_any(),
            }
        }}
    }
}

#[component]
fn Submission(
    sub: StaffSubmission,
    outcome: RwSignal<Option<Result<String, String>>>,
    form: DecisionForm,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let st = sub.status.clone();
    let key = st.id.clone();
    let heading = st.reference.clone().unwrap_or_else(|| st.id.clone());
    let state = st.state;
    // Every declared field with its official label, grouped as entered (in
    // the language on screen: the labels follow a switch).
    let case = StoredValue::new(sub.manifest.as_ref().map(|m| m.case.clone()));
    let groups = move || super::answer_groups(case, lang());
    let note = sub.status.review.note.clone();
    let findings = sub.findings.clone();
    let me = use_staff_gate().login();
    // Other reviewers' claims and ticks, polled while the page is open.
    let claim = RwSignal::new(sub.claim.clone());
    let ticks = RwSignal::new(sub.checklist.clone());
    if state.under_review() {
        let key = key.clone();
        StoredValue::new_local(gloo::timers::callback::Interval::new(
            PROGRESS_POLL_MS,
            move || {
                let key = key.clone();
                spawn_local(async move {
                    let Ok(p) = staff_api::progress(&key).await else {
                        return;
                    };
                    if p.state != state {
                        on_change.run(());
                        return;
                    }
                    if claim.try_with_untracked(|c| *c != p.claim) == Some(true) {
                        claim.set(p.claim);
                    }
                    if ticks.try_with_untracked(|t| *t != p.checklist) == Some(true) {
                        ticks.set(p.checklist);
                    }
                });
            },
        ));
    }
    let mine = super::claim::held_by_me(claim, me);
    let editable = Signal::derive(move || state.under_review() && mine());
    let reasons = sub.status.review.reasons.clone();
    let tracking = sub.status.review.tracking_number.clone();
    // Each slot by the label the enterprise saw ("法人身份证（正面）", "操作员 2 身份证（反面）").
    let slots = sub
        .manifest
        .as_ref()
        .map(|m| eport_domain::manifest::case_slots(&m.case))
        .unwrap_or_default();
    let slot_path = move |slot: &str| slots.iter().find(|(s, _)| s == slot).map(|(_, p)| *p);
    let link = |key: String| view! { <A href=format!("/staff/{key}")>{key.clone()}</A> };
    // The viewer's list: every attachment in order, its URL once downloaded.
    let viewed = RwSignal::new(
        sub.attachments
            .iter()
            .map(|a| Viewed {
                path: slot_path(&a.slot),
                slot: a.slot.clone(),
                sha256: a.sha256.clone(),
                name: a.name.clone(),
                is_image: a.mime.starts_with("image/"),
                url: None,
            })
            .collect::<Vec<_>>(),
    );
    let open = RwSignal::new(None::<usize>);
    // Each complete attachment is downloaded once for the previews and the viewer.
    for (index, a) in sub
        .attachments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.complete)
    {
        let (key, sha, mime) = (key.clone(), a.sha256.clone(), a.mime.clone());
        spawn_local(async move {
            if let Ok(bytes) = staff_api::attachment(&key, &sha).await {
                let u = crate::files::object_url(&bytes, &mime);
                viewed.try_update(|v| {
                    if let Some(item) = v.get_mut(index) {
                        item.url = u;
                    }
                });
            }
        });
    }
    on_cleanup(move || {
        for u in viewed
            .try_with_untracked(|v| v.iter().filter_map(|v| v.url.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
        {
            crate::files::revoke_url(&u);
        }
    });
    let attachments = StoredValue::new(sub.attachments.clone());
    // The attachments shown beside a block of fields, by their position in `viewed`.
    let beside = move |block: Option<Block>| -> Vec<usize> {
        viewed.with_untracked(|v| {
            v.iter()
                .enumerate()
                .filter(|(_, x)| block_of(x.path) == block)
                .map(|(i, _)| i)
                .collect()
        })
    };
    let previews = move |indices: Vec<usize>| {
        view! {
            <ul class="staff-attachments">
                {indices.into_iter().map(|index| {
                    let a = attachments.with_value(|all| all[index].clone());
                    view! { <AttachmentPreview a=a index=index viewed=viewed open=open /> }
                }).collect_view()}
            </ul>
        }
    };
    // The timeline names each attachment's uploads by its slot(s).
    let timeline_labels = Signal::derive(move || {
        let mut out: Vec<(String, String)> = Vec::new();
        for v in viewed.get() {
            let label = v.label(lang());
            match out.iter_mut().find(|(s, _)| *s == v.sha256) {
                Some((_, l)) => {
                    l.push_str(" / ");
                    l.push_str(&label);
                }
                None => out.push((v.sha256, label)),
            }
        }
        out
    });
    let dispatch_by = (state == SubmissionState::Approved)
        .then(|| sub.status.expected.dispatch_by.clone())
        .flatten();
    let ready_by = (state == SubmissionState::Approved)
        .then(|| sub.status.expected.ready_by.clone())
        .flatten();
    let pickup = sub.status.pickup;
    let review = sub.status.review.clone();
    // The case opens on its heading, for screen readers and the keyboard.
    let heading_el = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading_el.get() {
            let _ = h.focus();
        }
    });
    let history = super::history::history(&sub.timeline);
    let key_next = key.clone();
    shortcuts(open, key.clone());
    view! {
        <section aria-labelledby="staff-sub" data-testid="staff-detail" data-state=state.as_str() class="review-layout">
            <div class="review-main">
            <h2 id="staff-sub" tabindex="-1" node_ref=heading_el>{heading}" · "{move || state.label(lang())}</h2>
            <p><A href=format!("/staff/{key}/sheet")>{t!(i18n, staff_sheet_link)}</A></p>
            <super::history::DecisionHistory entries=history />
            <super::arrival::ArrivalNotice signs=sub.arrival.clone() />
            {sub.supersedes_reference.clone().or(sub.supersedes.clone()).map(|r| view! {
                <p data-testid="staff-supersedes">{t!(i18n, staff_supersedes_label)}" "{link(r)}</p>
            })}
            {sub.superseded_by.clone().map(|r| view! {
                <p data-testid="staff-superseded-by">{t!(i18n, staff_superseded_by)}" "{link(r)}</p>
            })}
            {pickup.map(|p| view! { <p data-testid="staff-pickup">{t!(i18n, staff_pickup)}" "{move || p.label(lang())}</p> })}
            {dispatch_by.as_deref().and_then(crate::lang::parse_iso_date).map(|d| view! {
                <p data-testid="staff-dispatch-by">{t!(i18n, staff_dispatch_by)}" "{move || crate::lang::format_date(d, lang())}</p>
            })}
            {ready_by.as_deref().and_then(crate::lang::parse_iso_date).map(|d| view! {
                <p data-testid="staff-ready-by">{t!(i18n, staff_ready_by)}" "{move || crate::lang::format_date(d, lang())}</p>
            })}
            {review.mail_returned.clone().map(|m| view! {
                <p class="notice" data-testid="staff-mail-returned">{move || t_string!(i18n, staff_mail_returned, reason = m.reason.clone(), time = crate::lang::format_instant(&m.at, lang())).to_string()}</p>
            })}
            {review.collected.clone().map(|c| view! {
                <p class="notice" data-testid="staff-collected">{move || t_string!(i18n, status_collected, name = c.collector.name.clone(), tail = c.collector.id_tail.clone(), time = crate::lang::format_instant(&c.at, lang())).to_string()}</p>
            })}
            {sub.previous.clone().zip(case.get_value()).map(|(p, c)| view! { <CorrectionPanel previous=p case=c ticks=ticks /> })}
            {note.map(|n| view! { <p class="notice">{format!("{}：{n}", t_string!(i18n, staff_note))}</p> })}
            {(!reasons.is_empty()).then(|| view! {
                <div class="notice" data-testid="staff-reasons">
                    <p><strong>{t!(i18n, staff_given_reasons)}</strong></p>
                    <ul>{reasons.iter().map(|r| { let r = *r; view! { <li>{move || r.text(lang())}</li> } }).collect_view()}</ul>
                </div>
            })}
            {tracking.map(|n| view! { <p class="notice" data-testid="staff-tracking">{t_string!(i18n, staff_tracking_shown, n = n).to_string()}</p> })}
            <h3>{t!(i18n, staff_fields)}</h3>
            {(!findings.is_empty()).then(|| view! {
                <div class="notice" data-testid="staff-findings">
                    <p><strong>{t!(i18n, staff_findings)}</strong></p>
                    <ul>{findings.iter().cloned().map(|f| view! {
                        <li data-field=f.field.to_string()>{move || if lang() == eport_domain::Lang::En { f.en.clone() } else { f.zh.clone() }}</li>
                    }).collect_view()}</ul>
                </div>
            })}
            {move || {
                // What the codes carry (行政区划, birth date and sex), under their field.
                let facts = case.with_value(|c| {
                    c.as_ref()
                        .map(|c| derived_facts(c, crate::clock::now().date_naive(), lang()))
                        .unwrap_or_default()
                });
                // The attachments are shown once, beside the fields they support.
                groups().into_iter().filter(|g| g.rows.first().and_then(|r| block_key(r.path)) != Some(Block::Attachments)).map(|g| {
                    let block = g.rows.first().and_then(|r| block_key(r.path));
                    let here = block.filter(|b| !matches!(b, Block::Attachments)).map(|b| beside(Some(b))).unwrap_or_default();
                    view! {
                    <div class="review-block" data-block=block.map(Block::name)>
                    <div>
                    <h4>{g.title}</h4>
                    <dl class="facts">
                        // A scan is shown once: beside its block, not as a row.
                        {g.rows.into_iter().filter(|a| case.with_value(|c| c.as_ref().is_none_or(|c| a.path.slot(c).is_none()))).map(|a| {
                            let fact = facts.iter().find(|f| f.path == a.path).map(|f| f.text.clone());
                            let label = a.label.clone();
                            view! {
                                <dt>{a.label}</dt><dd data-field=a.path.to_string()>{a.value}</dd>
                                {fact.map(|text| view! {
                                    <dt class="derived">{t_string!(i18n, staff_derived, label = label).to_string()}</dt>
                                    <dd class="derived" data-derived=a.path.to_string()>{text}</dd>
                                })}
                            }
                        }).collect_view()}
                    </dl>
                    </div>
                    {(!here.is_empty()).then(|| previews(here))}
                    </div>
                }}).collect_view()
            }}
            // Any attachment no block of fields claims (none today).
            {(!beside(None).is_empty()).then(|| view! {
                <h3>{t!(i18n, staff_attachments)}</h3>
                {previews(beside(None))}
            })}
            <AttachmentViewer items=viewed.into() open=open case=case />
            <StaffTimelineTable key=key.clone() first=sub.timeline total=sub.timeline_total attachments=timeline_labels />
            </div>
            // Stays in view while the reviewer reads the fields and scans.
            <aside class="review-aside" tabindex="0" aria-label=t_string!(i18n, staff_decide_panel).to_string() data-testid="staff-aside">
                {move || outcome.get().map(|o| match o {
                    Ok(t) => view! { <p class="notice" role="status" data-testid="staff-outcome">{t}</p> }.into_any(),
                    Err(t) => view! { <p class="error-message" role="alert" data-testid="staff-outcome">{t}</p> }.into_any(),
                })}
                {move || outcome.get().is_some_and(|o| o.is_ok()).then(|| view! { <super::next::NextCase current=key_next.clone() /> })}
                {state.under_review().then(|| view! { <ClaimPanel key=key.clone() claim=claim outcome=outcome on_change=on_change /> })}
                <Decisions key=key.clone() state=state case=case.get_value() claim=claim ticks=ticks form=form outcome=outcome on_change=on_change />
                <StaffChecklist key=key.clone() case=case.get_value() ticks=ticks editable=editable />
                <p class="hint" data-testid="staff-shortcuts">{t!(i18n, staff_shortcuts)}</p>
            </aside>
        </section>
    }
}

#[component]
fn AttachmentPreview(
    a: AttachmentState,
    index: usize,
    viewed: RwSignal<Vec<Viewed>>,
    open: RwSignal<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let label = Signal::derive(move || {
        viewed.with(|v| v.get(index).map(|v| v.label(lang())).unwrap_or_default())
    });
    let url = move || viewed.with(|v| v.get(index).and_then(|v| v.url.clone()));
    let is_image = a.mime.starts_with("image/");
    let name = a.name.clone();
    view! {
        <li data-sha256=a.sha256.clone()>
            <p><strong>{label}</strong>{format!(" · {} · {} · {}", a.name, file_type(&a.mime), crate::store::durability::human_bytes(a.size as f64))}
                {(!a.complete).then(|| view! { <span class="tag-plain">{t!(i18n, staff_incomplete)}</span> })}</p>
            {move || url().map(|u| view! {
                {is_image.then(|| view! { <img class="preview" src=u alt=t_string!(i18n, staff_preview, name = name.clone()).to_string() /> })}
                <p><button type="button" class="button button-secondary" data-testid="open-viewer" id=opener_id(index)
                    on:click=move |_| open.set(Some(index))>{t!(i18n, staff_open)}" "{label}</button></p>
            })}
        </li>
    }
}

/// "JPEG", "PNG", "PDF" rather than the media type.
fn file_type(mime: &str) -> String {
    mime.rsplit('/').next().unwrap_or(mime).to_ascii_uppercase()
}

/// A block of the review page: the fields of the enterprise, a person, or
/// 附件上传 (the list of file names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Enterprise,
    LegalPerson,
    Agent,
    Operator(usize),
    Attachments,
}

impl Block {
    fn name(self) -> String {
        match self {
            Block::Enterprise => "enterprise".into(),
            Block::LegalPerson => "legal_person".into(),
            Block::Agent => "agent".into(),
            Block::Operator(n) => format!("operators.{n}"),
            Block::Attachments => "attachments".into(),
        }
    }
}

/// The block a field's row belongs to.
fn block_key(p: FieldPath) -> Option<Block> {
    Some(match (p.info().group, p.operator) {
        (Group::Enterprise, _) => Block::Enterprise,
        (Group::LegalPerson, _) => Block::LegalPerson,
        (Group::Agent, _) => Block::Agent,
        (Group::Operator, Some(n)) => Block::Operator(n),
        (Group::Attachments, _) => Block::Attachments,
        _ => return None,
    })
}

/// Where an attachment is shown: beside the fields it supports (the licence by
/// the enterprise, ID photos by their person, the authorisation by the agent).
fn block_of(slot: Option<FieldPath>) -> Option<Block> {
    let p = slot?;
    Some(match p.field {
        Field::BusinessLicence => Block::Enterprise,
        Field::LegalIdFront | Field::LegalIdBack => Block::LegalPerson,
        Field::AgentIdFront | Field::AgentIdBack | Field::AuthorizationLetter => Block::Agent,
        Field::OperatorIdFront | Field::OperatorIdBack => Block::Operator(p.operator?),
        _ => return None,
    })
}

/// The page's keys, listed on it and never active while typing or in the
/// viewer: C 认领, A 审核通过, R 退单 (opens the reasons), N the next case.
fn shortcuts(viewer: RwSignal<Option<usize>>, key: String) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let navigate = leptos_router::hooks::use_navigate();
    let me = use_staff_gate().login();
    let listener = gloo::events::EventListener::new(&doc, "keydown", move |ev| {
        let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || viewer.get_untracked().is_some() {
            return;
        }
        // Typing: a text input, a text area or a list (a checkbox is not typing).
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| match el.dyn_ref::<web_sys::HtmlInputElement>() {
                Some(input) => !matches!(input.type_().as_str(), "checkbox" | "radio" | "button"),
                None => matches!(el.tag_name().as_str(), "TEXTAREA" | "SELECT"),
            });
        if typing {
            return;
        }
        let click = |selector: &str| {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(selector).ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                .map(|el| el.click())
                .is_some()
        };
        let done = match ev.key().as_str() {
            "c" | "C" => click("#staff-claim-button"),
            "a" | "A" => click("button[data-decision=approve]"),
            "r" | "R" => {
                let opened = click("[data-testid=staff-reason-choices][data-open=false] > button");
                super::decisions::focus("staff-reason-0");
                opened
            }
            "n" | "N" => {
                let (key, me) = (key.clone(), me.clone());
                let navigate = navigate.clone();
                leptos::task::spawn_local(async move {
                    if let Some(next) = super::next::next_in_queue(&key, me).await {
                        navigate(&format!("/staff/{next}"), Default::default());
                    }
                });
                true
            }
            _ => false,
        };
        if done {
            ev.prevent_default();
        }
    });
    // Removed with the page (dropped with its owner).
    StoredValue::new_local(listener);
}
