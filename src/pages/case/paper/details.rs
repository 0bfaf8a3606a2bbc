//! The fields a paper business type's forms print, and only those
//! (`eport_domain::paper::needs`), validated by the domain like the online form.

use eport_domain::paper::{needs, ReaderRoute};
use eport_domain::{Field, FieldPath};
use leptos::prelude::*;

use super::super::enterprise::{LegalPersonId, PickupFields, UsccField};
use super::super::operators::OperatorList;
use crate::components::{RadioField, TextField};
use crate::editor::use_editor;
use crate::i18n::*;
use crate::lang::use_lang;

#[component]
pub fn PaperFields() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let e = use_editor();
    let kind = e.case.with_untracked(|c| c.kind);
    let need = needs(kind);
    let profile_applied = RwSignal::new(false);
    let reader_pickup = move || {
        e.case
            .with(|c| c.paper.reader_route == Some(ReaderRoute::Pickup))
    };
    // 附件5 calls the date 签署日期; 附件1 calls it 申办日期.
    let date_label = Signal::derive(move || {
        if need.reader {
            t_string!(i18n, sign_date).to_string()
        } else {
            FieldPath::from(Field::ApplyDate).name(lang()).to_string()
        }
    });
    // 附件2 names the legal-person card holder's fields as it names an
    // operator's (性别, 职务, 联系电话), without the group.
    let as_operator =
        move |f: Field| Signal::derive(move || FieldPath::from(f).name(lang()).to_string());

    let enterprise = view! {
        <fieldset class="group">
            <legend>{t!(i18n, group_enterprise)}</legend>
            {move || profile_applied.get().then(|| view! { <p class="notice" role="status">{t!(i18n, profile_applied)}</p> })}
            <UsccField profile_applied=profile_applied />
            <TextField path=Field::EnterpriseName autocomplete="organization" />
            <TextField path=Field::ApplyDate label=date_label input_type="date" optional=true />
        </fieldset>
    };

    let form1 = need.form1.then(|| view! {
        <fieldset class="group">
            <legend>{t!(i18n, group_agent)}</legend>
            <TextField path=Field::AgentName autocomplete="name" />
            <TextField path=Field::AgentPhone
                hint=Signal::derive(move || t_string!(i18n, hint_phone).to_string()) input_type="tel" autocomplete="tel" />
        </fieldset>
        <PickupFields />
    });

    // 附件5 of the card reader's pickup route: where the centre posts it, who signs.
    let form5 = need.reader.then(|| view! {
        <fieldset class="group" hidden=move || !reader_pickup()>
            <legend>{t!(i18n, group_form5)}</legend>
            <TextField path=Field::PickupRecipient autocomplete="name" />
            <TextField path=Field::PickupPhone input_type="tel" autocomplete="tel" />
            <TextField path=Field::PickupAddress autocomplete="street-address" />
            <TextField path=Field::LegalName label=Signal::derive(move || t_string!(i18n, legal_name).to_string()) />
            <TextField path=Field::LegalMobile label=Signal::derive(move || t_string!(i18n, legal_mobile).to_string())
                hint=Signal::derive(move || t_string!(i18n, hint_mobile).to_string()) input_type="tel" />
        </fieldset>
    });

    let business = (need.card_role || need.card_number.is_some() || need.dereg || need.change).then(|| view! {
        <fieldset class="group">
            <legend>{t!(i18n, group_business)}</legend>
            {need.card_role.then(|| view! { <RadioField path=Field::CardRole /> })}
            {need.card_number.map(|required| view! {
                <TextField path=Field::CardNumber
                    hint=Signal::derive(move || t_string!(i18n, hint_card_number).to_string()) optional=!required inputmode="numeric" autocomplete="off" />
            })}
            {need.dereg.then(|| view! {
                <RadioField path=Field::DeregScope />
                <TextField path=Field::LegalCardNumber
                    hint=Signal::derive(move || t_string!(i18n, hint_card_number).to_string()) inputmode="numeric" autocomplete="off" />
                <TextField path=Field::OperatorCardNumbers
                    hint=Signal::derive(move || t_string!(i18n, hint_operator_cards).to_string()) optional=true multiline=true />
            })}
            {need.change.then(|| view! {
                <TextField path=Field::ChangeContent
                    hint=Signal::derive(move || t_string!(i18n, hint_change).to_string()) multiline=true />
                <TextField path=Field::ChangeRemarks optional=true multiline=true />
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
                    <RadioField path=Field::LegalSex legend=as_operator(Field::OperatorSex) />
                </div>
                <TextField path=Field::LegalNationality />
                <TextField path=Field::LegalTitle label=as_operator(Field::OperatorTitle) />
                <TextField path=Field::LegalMobile label=as_operator(Field::OperatorPhone)
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
