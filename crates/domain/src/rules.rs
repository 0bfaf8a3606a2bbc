//! Field rules in the shape `validator`'s `custom` attribute expects. Each returns
//! our stable code as the error code and the message detail as its message, so
//! [`crate::validate`] can turn them into [`crate::Issue`]s.

use std::borrow::Cow;

use validator::ValidationError;

use crate::catalog::agency_name;
use crate::issue::{Code, RuleResult};
use crate::{contact, normalize, uscc};

fn to_validator(r: RuleResult) -> Result<(), ValidationError> {
    r.map_err(|(code, detail)| ValidationError::new(code.as_str()).with_message(Cow::Owned(detail)))
}

fn required_max(v: &str, max: usize) -> RuleResult {
    let n = normalize::text(v).chars().count();
    if n == 0 {
        Err((Code::Required, String::new()))
    } else if n > max {
        Err((Code::TooLong, max.to_string()))
    } else {
        Ok(())
    }
}

fn required_then(v: &str, rule: fn(&str) -> RuleResult) -> RuleResult {
    if normalize::text(v).is_empty() {
        Err((Code::Required, String::new()))
    } else {
        rule(v)
    }
}

pub fn required_50(v: &str) -> Result<(), ValidationError> {
    to_validator(required_max(v, 50))
}

pub fn required_200(v: &str) -> Result<(), ValidationError> {
    to_validator(required_max(v, 200))
}

pub fn optional_500(v: &str) -> Result<(), ValidationError> {
    to_validator(if normalize::text(v).chars().count() > 500 {
        Err((Code::TooLong, "500".into()))
    } else {
        Ok(())
    })
}

pub fn name(v: &str) -> Result<(), ValidationError> {
    to_validator(contact::validate_name(v))
}

pub fn mobile(v: &str) -> Result<(), ValidationError> {
    to_validator(required_then(v, contact::validate_mobile))
}

pub fn phone(v: &str) -> Result<(), ValidationError> {
    to_validator(required_then(v, contact::validate_phone))
}

pub fn optional_phone(v: &str) -> Result<(), ValidationError> {
    to_validator(if normalize::text(v).is_empty() {
        Ok(())
    } else {
        contact::validate_phone(v)
    })
}

/// Structural errors only; the check-character warning is handled with its confirmation.
pub fn uscc_structure(v: &str) -> Result<(), ValidationError> {
    to_validator(required_then(v, |v| uscc::parse(v).map(|_| ())))
}

pub fn agency_code(v: &str) -> Result<(), ValidationError> {
    to_validator(required_then(v, |v| match agency_name(v) {
        Some(_) => Ok(()),
        None => Err((Code::AgencyCodeUnknown, normalize::text(v))),
    }))
}
