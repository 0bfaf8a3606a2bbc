//! The fields a paper business type's forms print, and only those
//! (`eport_domain::paper::needs`), validated by the domain like the online form.

use eport_domain::id_number::Sex;
use eport_domain::labels::field_name;
use eport_domain::paper::{needs, CardRole, DeregScope, ReaderRoute};
use leptos::prelude::*;

use super::super::bind::{bind, choice_binding};
use super::super::enterprise::{LegalPersonId, PickupFields, UsccField};
use super::super::operators::OperatorList;
use super::paper_bind;
use crate::components::{RadioField, TextField};
use crate::editor::use_editor;
use crate::i18n::*;
use crate::lang::use_lang;

const ROLES: &[(&str, CardRole)] = &[("legal", CardRole::Legal), ("operator", CardRole::Operator)];
const SCOPES: &[(&str, DeregScope)] = &[
    ("enterprise", DeregScope::Enterprise),
    ("cards", DeregScope::Cards),
];
const SEXES: &[(&str, Sex)] = &[("male", Sex::Male), ("female", Sex::Female)];

#[component]
pub fn PaperFields() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let kind = e.case.with_untracked(|c| c.kind);
    let need = needs(kind);
    let label = move |k: &'static str| Signal::derive(move || field_name(k, lang()).to_string());
    let profile_applied = RwSignal::new(false);
    let reader_pickup = move || {
        e.case
            .with(|c| c.paper.reader_route == Some(ReaderRoute::Pickup))
    };
    let date_label = Signal::derive(move || {
        if need.reader {
            t_string!(i18n, sign_date).to_string()
        } else {
            field_name("apply_date", lang()).to_string()
        }
    });

    let enterprise = view! {
        <fieldset class="group">
            <legend>{t!(i18n, group_enterprise)}</legend>
            {move || profile_applied.get().then(|| view! { <p class="notice" role="status">{t!(i18n, profile_applied)}</p> })}
            <UsccField profile_applied=profile_applied />
            <TextField path="enterprise.name" label=label("enterprise_name") bind=bind!(e, enterprise.name) autocomplete="organization" />
            <TextField path="paper.apply_date" label=date_label bind=paper_bind!(e, apply_date) input_type="date" optional=true />
        </fieldset>
    };

    let form1 = need.form1.then(|| view! {
        <fieldset class="group">
            <legend>{t!(i18n, group_agent)}</legend>
            <TextField path="agent.name" label=label("name") bind=bind!(e, agent.name) autocomplete="name" />
            <TextField path="agent.phone" label=label("phone") bind=bind!(e, agent.phone)
                hint=Signal::derive(move || t_string!(i18n, hint_phone).to_string()) input_type="tel" autocomplete="tel" />
        </fieldset>
        <PickupFields />
    });

    // 附件5 of the card reader's pickup route: where the centre posts it, who signs.
    let form5 = need.reader.then(|| view! {
        <fieldset class="group" hidden=move || !reader_pickup()>
            <legend>{t!(i18n, group_form5)}</legend>
            <TextField path="pickup.recipient" label=label("recipient") bind=bind!(e, pickup.recipient) autocomplete="name" />
            <TextField path="pickup.phone" label=label("phone") bind=bind!(e, pickup.phone) input_type="tel" autocomplete="tel" />
            <TextField path="pickup.address" label=label("address") bind=bind!(e, pickup.address) autocomplete="street-address" />
            <TextField path="legal_person.name" label=Signal::derive(move || t_string!(i18n, legal_name).to_string()) bind=bind!(e, legal_person.name) />
            <TextField path="legal_person.mobile" label=Signal::derive(move || t_string!(i18n, legal_mobile).to_string()) bind=bind!(e, legal_person.mobile)
                hint=Signal::derive(move || t_string!(i18n, hint_mobile).to_string()) input_type="tel" />
        </fieldset>
    });

    let business = (need.card_role || need.card_number.is_some() || need.dereg || need.change).then(|| view! {
        <fieldset class="group">
            <legend>{t!(i18n, group_business)}</legend>
            {need.card_role.then(|| view! {
                <RadioField path="paper.card_role" legend=label("card_role")
                    options=Signal::derive(move || vec![
                        ("legal".to_string(), t_string!(i18n, card_legal).to_string()),
                        ("operator".to_string(), t_string!(i18n, card_operator).to_string()),
                    ])
                    bind=choice_binding(e, ROLES, |c| c.paper.card_role, |c, v| c.paper.card_role = v) />
            })}
            {need.card_number.map(|required| view! {
                <TextField path="paper.card_number" label=label("card_number") bind=paper_bind!(e, card_number)
                    hint=Signal::derive(move || t_string!(i18n, hint_card_number).to_string()) optional=!required inputmode="numeric" autocomplete="off" />
            })}
            {need.dereg.then(|| view! {
                <RadioField path="paper.dereg_scope" legend=label("dereg_scope")
                    options=Signal::derive(move || vec![
                        ("enterprise".to_string(), t_string!(i18n, dereg_enterprise).to_string()),
                        ("cards".to_string(), t_string!(i18n, dereg_cards).to_string()),
                    ])
                    bind=choice_binding(e, SCOPES, |c| c.paper.dereg_scope, |c, v| c.paper.dereg_scope = v) />
                <TextField path="paper.legal_card_number" label=label("legal_card_number") bind=paper_bind!(e, legal_card_number)
                    hint=Signal::derive(move || t_string!(i18n, hint_card_number).to_string()) inputmode="numeric" autocomplete="off" />
                <TextField path="paper.operator_card_numbers" label=label("operator_card_numbers") bind=paper_bind!(e, operator_card_numbers)
                    hint=Signal::derive(move || t_string!(i18n, hint_operator_cards).to_string()) optional=true multiline=true />
            })}
            {need.change.then(|| view! {
                <TextField path="paper.change_content" label=label("change_content") bind=paper_bind!(e, change_content)
                    hint=Signal::derive(move || t_string!(i18n, hint_change).to_string()) multiline=true />
                <TextField path="paper.change_remarks" label=label("change_remarks") bind=paper_bind!(e, change_remarks) optional=true multiline=true />
            })}
        </fieldset>
    });

    let lp_type = move || e.case.with(|c| c.enrollment.legal_person.id_type);
    let legal = need.legal_holder.then(|| {
        view! {
            <fieldset class="group">
                <legend>{t!(i18n, group_legal_holder)}</legend>
                <LegalPersonId />
                <div hidden=move || lp_type().carries_birth_date()>
                    <RadioField path="paper.legal_sex" legend=label("sex")
                        options=Signal::derive(move || SEXES.iter().map(|(v, s)| (v.to_string(), s.label(lang()).to_string())).collect::<Vec<_>>())
                        bind=choice_binding(e, SEXES, |c| c.paper.legal_sex, |c, v| c.paper.legal_sex = v) />
                </div>
                <TextField path="legal_person.nationality" label=label("nationality") bind=bind!(e, legal_person.nationality) />
                <TextField path="paper.legal_title" label=label("title") bind=paper_bind!(e, legal_title) />
                <TextField path="legal_person.mobile" label=label("phone") bind=bind!(e, legal_person.mobile)
                    hint=Signal::derive(move || t_string!(i18n, hint_mobile).to_string()) input_type="tel" autocomplete="off" />
            </fieldset>
        }
    });

    let operators = need.operators.map(|_| {
        view! {
            <fieldset class="group">
                <legend>{t!(i18n, group_operator_holders)}</legend>
                <p class="hint">{t!(i18n, one_form2_per_card)}</p>
                <OperatorList />
            </fieldset>
        }
    });

    view! {
        <div class="paper-fields">
            {enterprise}
            {form5}
            {form1}
            {business}
            {legal}
            {operators}
        </div>
    }
}
