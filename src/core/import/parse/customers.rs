//! A customers file's row: the customer, and a churned yes/no that gives the status when
//! the file has no status column.

use super::plan::Val;
use super::row::{push_row, Bad, Context, RowEnd, Staged};
use crate::import::issue::IssueKind;
use crate::import::map::Field;
use crate::import::value::standing;
use crate::model::{Customer, Dataset, Day, Money, Sym};

/// A customer being staged.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct CustomerRow {
    customer: Customer,
    churned: Option<bool>,
}

/// The text field of a customer that `field` fills.
fn text_slot(c: &mut Customer, field: Field) -> Option<&mut Sym> {
    use Field as F;
    Some(match field {
        F::Id => &mut c.id,
        F::Name => &mut c.name,
        F::FirstName => &mut c.first_name,
        F::LastName => &mut c.last_name,
        F::Email => &mut c.email,
        F::Phone => &mut c.phone,
        F::Gender => &mut c.gender,
        F::Company => &mut c.company,
        F::City => &mut c.city,
        F::Region => &mut c.region,
        F::Country => &mut c.country,
        F::Segment => &mut c.segment,
        F::Tags => &mut c.tags,
        F::Channel => &mut c.channel,
        F::Owner => &mut c.owner,
        F::Status => &mut c.status,
        _ => return None,
    })
}

impl Staged for CustomerRow {
    #[inline]
    fn apply(&mut self, field: Field, val: Val, cx: &mut Context<'_>) -> Result<(), Bad> {
        use Field as F;
        let c = &mut self.customer;
        match val {
            Val::Text(s) => {
                if let Some(slot) = text_slot(c, field) {
                    *slot = s;
                }
                if field == F::Status && standing(cx.strings.get(s)).is_none() {
                    let reason =
                        "neither churned nor active (nor a lead or prospect): left out of \
                                  the churn rate";
                    return Err((IssueKind::UnknownStatus, reason.into()));
                }
            }
            Val::Date(d) => match field {
                F::BirthDate => c.birth_date = Some(Day(d.day)),
                F::Signup => c.signup = Some(Day(d.day)),
                F::ChurnDate => c.churn_date = Some(Day(d.day)),
                _ => {}
            },
            Val::Num(n) => match field {
                F::Tenure | F::TenureDays => {
                    // Whole months; days are 30.4375 to the month (365.25 / 12).
                    let per_month = if field == F::Tenure {
                        Money::SCALE
                    } else {
                        304_375
                    };
                    let months = u32::try_from(n.scaled.div_euclid(per_month)).map_err(|_| {
                        (IssueKind::OutOfRange, "tenure must not be negative".into())
                    })?;
                    c.tenure_months = Some(months);
                }
                F::MonthlyCharges => c.monthly_charges = Some(n.money()),
                F::TotalCharges => c.total_charges = Some(n.money()),
                _ => {}
            },
            Val::Int(v) if field == F::Age => {
                if !(0..=150).contains(&v) {
                    return Err((IssueKind::OutOfRange, "age must be 0–150".into()));
                }
                c.age = Some(v as u16);
            }
            Val::Int(_) => {}
            Val::Bool(b) => self.churned = Some(b),
        }
        Ok(())
    }

    /// The name from first and last names when the file has no full name; the status from
    /// the churned yes/no when it has none.
    fn finish(&mut self, end: &mut RowEnd<'_, '_>) -> bool {
        let (c, strings) = (&mut self.customer, &mut end.data.strings);
        if c.name.is_empty() && !(c.first_name.is_empty() && c.last_name.is_empty()) {
            let full = format!("{} {}", strings.get(c.first_name), strings.get(c.last_name));
            c.name = strings.intern(full.trim());
        }
        if let Some(churned) = self.churned {
            if c.status.is_empty() {
                c.status = strings.intern(if churned { "churned" } else { "active" });
            }
        }
        true
    }

    fn push(&self, data: &mut Dataset, extras: &[Sym]) {
        push_row(&mut data.customers, self.customer, extras);
    }
}
