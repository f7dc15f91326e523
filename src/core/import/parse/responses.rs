//! A campaign-contacts file's row: the contact, its customer (or an id of its own when the
//! file names none) and its outcome; and the note on a file with a single arm.

use super::plan::Val;
use super::record_id;
use super::row::{push_row, Bad, Context, CustomerRef, RowEnd, Staged};
use crate::import::issue::{Issue, IssueKind, Severity};
use crate::import::map::Field;
use crate::import::Analysis;
use crate::model::{Dataset, Day, Response, Sym};

/// A contact being staged.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ResponseRow {
    response: Response,
    customer: CustomerRef,
}

impl Staged for ResponseRow {
    #[inline]
    fn apply(&mut self, field: Field, val: Val, _: &mut Context<'_>) -> Result<(), Bad> {
        use Field as F;
        let r = &mut self.response;
        match val {
            Val::Text(s) => {
                if self.customer.take(field, s) {
                    return Ok(());
                }
                match field {
                    F::Id => r.id = s,
                    F::Campaign => r.campaign = s,
                    F::Channel => r.channel = s,
                    _ => {}
                }
            }
            Val::Date(d) => r.date = Some(Day(d.day)),
            Val::Num(n) => r.revenue = Some(n.money()),
            Val::Bool(b) => match field {
                F::Responded => r.responded = Some(b),
                F::Converted => r.converted = Some(b),
                _ => {}
            },
            Val::Int(_) => {}
        }
        Ok(())
    }

    /// A contact that names no customer is a customer of its own (`file#n`).
    fn finish(&mut self, end: &mut RowEnd<'_, '_>) -> bool {
        let customer = self.customer.resolve();
        self.response.customer = if customer.is_empty() {
            let (data, file) = (&mut *end.data, &end.analysis.file_name);
            record_id(&mut data.strings, file, data.responses.len() + 1)
        } else {
            customer
        };
        true
    }

    fn push(&self, data: &mut Dataset, extras: &[Sym]) {
        push_row(&mut data.responses, self.response, extras);
    }
}

/// A note when a campaign-contacts file's campaign (arm) column holds a single value: there
/// is no arm to compare with, and the file is one campaign.
pub(crate) fn one_arm(analysis: &Analysis, data: &Dataset) -> Option<Issue> {
    let column = analysis.mapping.column_of(Field::Campaign)?;
    let mut arms = data.responses.rows.iter().map(|r| r.campaign);
    let first = arms.find(|a| !a.is_empty())?;
    if arms.any(|a| !a.is_empty() && a != first) {
        return None;
    }
    Some(Issue {
        file: analysis.file_name.clone(),
        line: None,
        column: analysis.headers[column].clone(),
        value: data.str(first).to_string(),
        severity: Severity::Warning,
        kind: IssueKind::Column,
        reason: "every contact is in the same campaign or arm: no arm to compare, no uplift".into(),
    })
}
