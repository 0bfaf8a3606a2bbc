//! 法人信息录入: enterprise, legal representative, agent, pickup.

use eport_domain::case::PickupMethod;
use eport_domain::catalog::agency_name;
use eport_domain::id_number::{self, IdType};
use eport_domain::{normalize, uscc, Code, Field, FieldPath, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::parts::{Part, WizardPart};
use crate::clock;
use crate::components::{
    CaseLockBanner, ErrorSummary, LockedFields, RadioField, SaveIndicator, SelectField, TextField,
};
use crate::editor::{use_editor, Editor};
use crate::i18n::*;
use crate::lang::{format_date, use_lang};
use crate::store;

/// What an ID number says (birth date, sex, upgrade), for display under the field.
/// `was_upgraded`: the field holds the 18-digit form of a 15-digit number typed there.
pub fn id_derived(
    lang: Lang,
    id_type: IdType,
    number: &str,
    was_upgraded: bool,
    i18n: leptos_i18n::I18nContext<Locale>,
) -> Option<String> {
    let today = clock::now().date_naive();
    let facts = id_number::analyse(id_type, number, today).ok()?;
    let mut parts = Vec::new();
    if facts.upgraded || was_upgraded {
        parts.push(t_string!(i18n, derived_upgraded, id = facts.normalized.clone()).to_string());
    }
    if let (Some(d), Some(s)) = (facts.birth_date, facts.sex) {
        parts.push(
            t_string!(
                i18n,
                derived_birth,
                date = format_date(d, lang),
                sex = s.label(lang)
            )
            .to_string(),
        );
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Normalises an ID field on blur (full-width, spaces, lower-case x; 15→18 upgrade,
/// remembered so the page keeps telling the user what changed).
pub fn normalise_id(e: Editor, path: FieldPath, id_type: IdType, raw: &str) {
    let today = clock::now().date_naive();
    let facts = id_number::analyse(id_type, raw, today);
    if let Ok(f) = &facts {
        if f.upgraded {
            e.upgraded.update(|u| {
                u.insert(path, f.normalized.clone());
            });
        }
    }
    let value = facts
        .map(|f| f.normalized)
        .unwrap_or_else(|_| normalize::code(raw));
    if value != raw {
        e.update(|c| path.set(&mut c.enrollment, &mut c.paper, &value));
    }
}

/// An ID number with what it says shown under it, normalised on blur.
#[component]
pub fn IdNumberField(
    #[prop(into)] path: FieldPath,
    id_type: Signal<IdType>,
    #[prop(optional, into)] label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let derived = Signal::derive(move || {
        e.case.with(|c| {
            let number = path.get(&c.enrollment, &c.paper).unwrap_or_default();
            let was = e
                .upgraded
                .with(|u| u.get(&path).is_some_and(|v| *v == number));
            id_derived(lang(), id_type.get(), &number, was, i18n)
        })
    });
    let blur =
        Callback::new(move |raw: String| normalise_id(e, path, id_type.get_untracked(), &raw));
    match label {
        Some(label) => {
            view! { <TextField path=path label=label derived=derived on_blur=blur /> }.into_any()
        }
        None => view! { <TextField path=path derived=derived on_blur=blur /> }.into_any(),
    }
}

#[component]
pub fn EnterprisePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let profile_applied = RwSignal::new(false);

    let issues = Part::Enterprise.visible_issues(e);

    let agency = Signal::derive(move || {
        e.case
            .with(|c| agency_name(&c.enrollment.enterprise.agency_code))
            .map(|n| {
                t_string!(
                    i18n,
                    derived_agency,
                    name = eport_domain::gloss::official(n, lang())
                )
                .to_string()
            })
    });
    let ag_type = Signal::derive(move || e.case.with(|c| c.enrollment.agent.id_type));
    let submit = Part::Enterprise.on_continue(e);

    view! {
        <p class="breadcrumb"><a href=format!("/cases/{}", e.case.with_untracked(|c| c.id.clone()))>{t!(i18n, back_to_tasks)}</a></p>
        <h1>{t!(i18n, part_enterprise)}</h1>
        <CaseLockBanner />
        <SaveIndicator />
        <ErrorSummary issues=issues />
        {move || profile_applied.get().then(|| view! { <p class="notice" role="status">{t!(i18n, profile_applied)}</p> })}
        <form novalidate on:submit=submit>
            <LockedFields>
            <fieldset class="group">
                <legend>{t!(i18n, group_enterprise)}</legend>
                <UsccField profile_applied=profile_applied />
                <TextField path=Field::EnterpriseName autocomplete="organization" />
                <TextField path=Field::EnterpriseAddress
                    hint=Signal::derive(move || t_string!(i18n, hint_enterprise_address).to_string()) autocomplete="street-address" />
                <TextField path=Field::AgencyCode
                    hint=Signal::derive(move || t_string!(i18n, hint_agency).to_string()) derived=agency inputmode="numeric" />
            </fieldset>

            <fieldset class="group">
                <legend>{t!(i18n, group_legal)}</legend>
                <LegalPersonId />
                <TextField path=Field::LegalNationality />
                <TextField path=Field::LegalMobile
                    hint=Signal::derive(move || t_string!(i18n, hint_mobile).to_string()) input_type="tel" autocomplete="off" />
            </fieldset>

            <fieldset class="group">
                <legend>{t!(i18n, group_agent)}</legend>
                <TextField path=Field::AgentName autocomplete="name" />
                <SelectField path=Field::AgentIdType />
                <IdNumberField path=Field::AgentIdNumber id_type=ag_type />
                <TextField path=Field::AgentPhone
                    hint=Signal::derive(move || t_string!(i18n, hint_phone).to_string()) input_type="tel" autocomplete="tel" />
            </fieldset>

            <PickupFields remarks=true />
            </LockedFields>

            <button type="submit" class="button">{t!(i18n, save_and_continue)}</button>
        </form>
    }
}

/// 统一社会信用代码 with its 行政区划, the check-character confirmation, and
/// pre-filling from an earlier case of the same enterprise (what is still empty).
#[component]
pub fn UsccField(profile_applied: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    // 统一社会信用代码 with 行政区划 and the check-character confirmation.
    let region = Signal::derive(move || {
        let code = e.case.with(|c| c.enrollment.enterprise.uscc.clone());
        uscc::parse(&code).ok().map(|info| match info.region_name {
            // The official name; in English with its gloss.
            Some(name) => {
                let name = match (lang(), eport_domain::gloss::region_gloss(&info.region_code)) {
                    (eport_domain::Lang::En, Some(g)) => format!("{name} ({g})"),
                    _ => name,
                };
                t_string!(i18n, derived_region, name = name).to_string()
            }
            None => t_string!(i18n, derived_region_unknown, code = info.region_code).to_string(),
        })
    });
    let check_warning = Memo::new(move |_| {
        e.issues.with(|i| {
            i.iter()
                .any(|i| i.path == FieldPath::from(Field::Uscc) && i.code == Code::UsccCheck)
        })
    });
    let confirmed = Memo::new(move |_| {
        e.case
            .with(|c| c.enrollment.confirmations.uscc_check.is_some())
    });
    let uscc_blur = Callback::new(move |raw: String| {
        let code = normalize::code(&raw);
        if code != raw {
            e.update(|c| c.enrollment.enterprise.uscc = code.clone());
        }
        // A known enterprise pre-fills what is still empty.
        let nothing_typed = |c: &crate::store::CaseRecord| {
            c.enrollment.enterprise.name.is_empty()
                && c.enrollment.legal_person.name.is_empty()
                && c.enrollment.agent.name.is_empty()
        };
        if e.case.with_untracked(nothing_typed) {
            let case_id = e.case.with_untracked(|c| c.id.clone());
            spawn_local(async move {
                let Ok(Some(p)) = store::get_profile(&code, &case_id).await else {
                    return;
                };
                // The lookup is asynchronous: never overwrite what was typed meanwhile.
                if !e.case.with_untracked(nothing_typed) {
                    return;
                }
                e.update(|c| c.enrollment.apply_profile(p));
                profile_applied.set(true);
            });
        }
    });
    view! {
                <TextField path=Field::Uscc on_blur=uscc_blur
                    hint=Signal::derive(move || t_string!(i18n, hint_uscc).to_string()) derived=region autocomplete="off" />
                <super::earlier::EarlierDeclaration />
                {move || (check_warning.get() || confirmed.get()).then(|| view! {
                    <div class="checkbox">
                        <input type="checkbox" id="f-uscc-confirm" prop:checked=move || confirmed.get()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                e.update(|c| {
                                    c.enrollment.confirmations.uscc_check = on.then(|| normalize::code(&c.enrollment.enterprise.uscc));
                                });
                            } />
                        <label for="f-uscc-confirm">{t!(i18n, uscc_confirm)}</label>
                    </div>
                })}
    }
}

/// 法定代表人 姓名, 证件类型 and 证件号码 (with what the number says), shared by the
/// enrollment and the paper forms' 法人卡持卡人 block.
#[component]
pub fn LegalPersonId() -> impl IntoView {
    let e = use_editor();
    let lp_type = Signal::derive(move || e.case.with(|c| c.enrollment.legal_person.id_type));
    view! {
                <TextField path=Field::LegalName autocomplete="off" />
                <SelectField path=Field::LegalIdType />
                <IdNumberField path=Field::LegalIdNumber id_type=lp_type />
    }
}

/// 领卡方式, and for 邮寄领卡 where the card goes; 备注 where the form has it.
#[component]
pub fn PickupFields(#[prop(optional)] remarks: bool) -> impl IntoView {
    let i18n = use_i18n();
    let e = use_editor();
    let by_mail = move || {
        e.case
            .with(|c| c.enrollment.pickup.method == Some(PickupMethod::Mail))
    };
    view! {
        <fieldset class="group">
            <legend>{t!(i18n, group_pickup)}</legend>
            <RadioField path=Field::PickupMethod />
            <div hidden=move || !by_mail()>
                <TextField path=Field::PickupRecipient autocomplete="name" />
                <TextField path=Field::PickupPhone input_type="tel" autocomplete="tel" />
                <TextField path=Field::PickupAddress autocomplete="street-address" />
            </div>
            {remarks.then(|| view! {
                <TextField path=Field::PickupRemarks optional=true multiline=true />
            })}
        </fieldset>
    }
}
