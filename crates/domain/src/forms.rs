//! What the printed forms 附件1–附件5 hold for one case: which sheets, in which
//! order and how many copies, and the values that need more than a field lookup.
//! The app lays them out; everything unfilled prints blank.

use chrono::Datelike;

use crate::case::EnrollmentCase;
use crate::catalog::{Business, BusinessKind, Form};
use crate::paper::{needs, DeregScope, PaperDetails};

/// One printed A4 sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    F1,
    /// 附件2: the 法人卡持卡人 block filled when `legal`, and one operator (by index).
    F2 {
        legal: bool,
        operator: Option<usize>,
    },
    F3,
    /// 附件4, copy `copy` of `of` (一式两份).
    F4 {
        copy: u32,
        of: u32,
    },
    F5,
}

impl Sheet {
    pub fn form(self) -> Form {
        match self {
            Sheet::F1 => Form::F1,
            Sheet::F2 { .. } => Form::F2,
            Sheet::F3 => Form::F3,
            Sheet::F4 { .. } => Form::F4,
            Sheet::F5 => Form::F5,
        }
    }
}

/// Every sheet to print for `business`, in the catalog's form order: one 附件2
/// per operator card (or one blank one), 附件4 as many times as the business says.
pub fn sheets(business: &Business, case: &EnrollmentCase) -> Vec<Sheet> {
    let need = needs(business.kind);
    let mut out = Vec::new();
    for &form in business.forms {
        match form {
            Form::F1 => out.push(Sheet::F1),
            Form::F2 => {
                let legal = need.legal_holder;
                if case.operators.is_empty() {
                    out.push(Sheet::F2 {
                        legal,
                        operator: None,
                    });
                }
                for i in 0..case.operators.len() {
                    out.push(Sheet::F2 {
                        legal,
                        operator: Some(i),
                    });
                }
            }
            Form::F3 => out.push(Sheet::F3),
            Form::F4 => {
                let of = business.copies(Form::F4);
                out.extend((1..=of).map(|copy| Sheet::F4 { copy, of }));
            }
            Form::F5 => out.push(Sheet::F5),
        }
    }
    out
}

/// How many copies of `form` [`sheets`] prints for this case (the checklist says the same).
pub fn sheet_count(business: &Business, case: &EnrollmentCase, form: Form) -> usize {
    sheets(business, case)
        .into_iter()
        .filter(|s| s.form() == form)
        .count()
}

/// The rows of 附件1's 业务类别, in print order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form1Row {
    NewUser,
    InfoChange,
    Reissue,
    AddOperator,
    Deregistration,
    OperatorChange,
    Renewal,
    Unlock,
}

pub const FORM1_ROWS: [Form1Row; 8] = [
    Form1Row::NewUser,
    Form1Row::InfoChange,
    Form1Row::Reissue,
    Form1Row::AddOperator,
    Form1Row::Deregistration,
    Form1Row::OperatorChange,
    Form1Row::Renewal,
    Form1Row::Unlock,
];

/// The row ticked for a business type.
pub fn form1_row(kind: BusinessKind) -> Option<Form1Row> {
    use BusinessKind::*;
    Some(match kind {
        PaperEnrollment => Form1Row::NewUser,
        InfoChange => Form1Row::InfoChange,
        CardReissue => Form1Row::Reissue,
        OperatorCardAdd => Form1Row::AddOperator,
        Deregistration => Form1Row::Deregistration,
        OperatorCardChange => Form1Row::OperatorChange,
        CertificateRenewal => Form1Row::Renewal,
        CardUnlock => Form1Row::Unlock,
        PaperlessEnrollment | CardReader => return None,
    })
}

/// 附件1's 卡号 for the ticked row (deregistration lists every card named on 附件4).
pub fn form1_card_number(kind: BusinessKind, paper: &PaperDetails) -> String {
    use crate::contact::canonical_card_numbers as canonical;
    if kind == BusinessKind::Deregistration {
        let mut cards = vec![canonical(&paper.legal_card_number)];
        if paper.dereg_scope == Some(DeregScope::Cards)
            || !paper.operator_card_numbers.trim().is_empty()
        {
            cards.push(canonical(&paper.operator_card_numbers));
        }
        cards.retain(|c| !c.is_empty());
        cards.join("、")
    } else {
        canonical(&paper.card_number)
    }
}

/// The 18 boxes of 证件号码, one character each; unused boxes stay empty.
pub fn id_cells(number: &str) -> [String; 18] {
    let mut cells: [String; 18] = Default::default();
    for (cell, c) in cells.iter_mut().zip(number.trim().chars()) {
        *cell = c.to_string();
    }
    cells
}

/// `YYYY-MM-DD` → (年, 月, 日) for "    年    月    日"; blanks when unset or malformed.
pub fn date_parts(date: &str) -> (String, String, String) {
    match crate::iso::date(date) {
        Some(d) => (
            d.year().to_string(),
            d.month().to_string(),
            d.day().to_string(),
        ),
        None => Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Operator;
    use crate::catalog::business;

    fn with_operators(n: usize) -> EnrollmentCase {
        EnrollmentCase {
            operators: (0..n)
                .map(|i| Operator {
                    key: format!("k{i}"),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_checklist_counts_one_form2_per_operator_card() {
        let b = business(BusinessKind::OperatorCardAdd);
        assert_eq!(sheet_count(b, &with_operators(2), Form::F2), 2);
        assert_eq!(
            sheet_count(b, &with_operators(0), Form::F2),
            1,
            "one blank 附件2"
        );
        assert_eq!(sheet_count(b, &with_operators(2), Form::F1), 1);
    }

    #[test]
    fn one_form2_per_operator_card_and_form4_twice() {
        let add = business(BusinessKind::OperatorCardAdd);
        assert_eq!(
            sheets(add, &with_operators(3)),
            [
                Sheet::F1,
                Sheet::F2 {
                    legal: false,
                    operator: Some(0)
                },
                Sheet::F2 {
                    legal: false,
                    operator: Some(1)
                },
                Sheet::F2 {
                    legal: false,
                    operator: Some(2)
                },
            ]
        );
        // Nothing entered yet: one blank 附件2 still prints.
        assert_eq!(
            sheets(business(BusinessKind::PaperEnrollment), &with_operators(0)),
            [
                Sheet::F1,
                Sheet::F2 {
                    legal: true,
                    operator: None
                }
            ]
        );
        assert_eq!(
            sheets(business(BusinessKind::Deregistration), &with_operators(2)),
            [
                Sheet::F1,
                Sheet::F4 { copy: 1, of: 2 },
                Sheet::F4 { copy: 2, of: 2 }
            ]
        );
        assert_eq!(
            sheets(business(BusinessKind::InfoChange), &with_operators(1)),
            [
                Sheet::F1,
                Sheet::F2 {
                    legal: true,
                    operator: Some(0)
                },
                Sheet::F3
            ]
        );
        assert_eq!(
            sheets(business(BusinessKind::CardReader), &with_operators(0)),
            [Sheet::F5]
        );
    }

    #[test]
    fn every_paper_type_ticks_its_own_form1_row() {
        let rows: Vec<_> = crate::catalog::CATALOG
            .iter()
            .filter_map(|b| form1_row(b.kind))
            .collect();
        let mut unique = rows.clone();
        unique.dedup();
        assert_eq!(rows.len(), 8);
        assert_eq!(unique.len(), 8);
    }

    #[test]
    fn id_grid_dates_and_card_numbers() {
        let cells = id_cells("11010519491231002X");
        assert_eq!(cells[0], "1");
        assert_eq!(cells[17], "X");
        let short = id_cells("E12345678");
        assert_eq!(short[8], "8");
        assert_eq!(short[9], "");
        assert_eq!(
            date_parts("2026-02-13"),
            ("2026".into(), "2".into(), "13".into())
        );
        assert_eq!(date_parts(""), Default::default());
        let mut p = PaperDetails {
            legal_card_number: "8900000001".into(),
            operator_card_numbers: "8900000002、8900000003".into(),
            dereg_scope: Some(DeregScope::Cards),
            card_number: "ignored".into(),
            ..Default::default()
        };
        assert_eq!(
            form1_card_number(BusinessKind::Deregistration, &p),
            "8900000001、8900000002、8900000003"
        );
        p.card_number = "8911".into();
        assert_eq!(form1_card_number(BusinessKind::CardUnlock, &p), "8911");
    }
}
