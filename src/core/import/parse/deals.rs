//! A deals file's row: the deal, its customer reference, and what decides its outcome (the
//! stage, a status column, a won yes/no) and its close date, combined at the end.

use super::plan::Val;
use super::row::{push_row, Bad, Context, CustomerRef, RowEnd, Staged};
use crate::import::issue::IssueKind;
use crate::import::map::Field;
use crate::model::{Dataset, Day, Deal, DealOutcome, Sym};

/// A deal being staged.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct DealRow {
    deal: Deal,
    customer: CustomerRef,
    won: Option<bool>,
    /// A "close date" column: the closed date of a won or lost deal, else the expected one.
    close_date: Option<Day>,
    stage_outcome: DealOutcome,
    /// The stage and outcome of a status column (`open`/`won`/`lost`).
    status_stage: Sym,
    status_outcome: DealOutcome,
}

impl Staged for DealRow {
    #[inline]
    fn apply(&mut self, field: Field, val: Val, cx: &mut Context<'_>) -> Result<(), Bad> {
        use Field as F;
        let d = &mut self.deal;
        match val {
            Val::Text(s) => {
                if self.customer.take(field, s) {
                    return Ok(());
                }
                match field {
                    F::Id => d.id = s,
                    F::Title => d.title = s,
                    F::Owner => d.owner = s,
                    F::LostReason => d.lost_reason = s,
                    F::Stage => (d.stage, self.stage_outcome) = cx.meanings.stage(s, cx.strings),
                    F::DealStatus => {
                        (self.status_stage, self.status_outcome) = cx.meanings.stage(s, cx.strings);
                    }
                    _ => {}
                }
            }
            Val::Date(dt) => {
                let day = Some(Day(dt.day));
                match field {
                    F::Created => d.created = day,
                    F::ExpectedClose => d.expected_close = day,
                    F::Closed => d.closed = day,
                    F::CloseDate => self.close_date = day,
                    _ => {}
                }
            }
            Val::Num(n) => match field {
                F::Amount => d.amount = Some(n.money()),
                F::Probability => {
                    let p = n.to_f64();
                    if !(0.0..=100.0).contains(&p) {
                        let reason = "probability must be 0–100 %".into();
                        return Err((IssueKind::OutOfRange, reason));
                    }
                    d.probability = Some(p as f32);
                }
                _ => {}
            },
            Val::Bool(b) => self.won = Some(b),
            Val::Int(_) => {}
        }
        Ok(())
    }

    /// The outcome: the stage's, unless a status column says won or lost, and won when the
    /// won column says so; the close date as closed or expected by the outcome.
    fn finish(&mut self, end: &mut RowEnd<'_, '_>) -> bool {
        let d = &mut self.deal;
        d.customer = self.customer.resolve();
        d.outcome = self.stage_outcome;
        if d.stage.is_empty() {
            d.stage = self.status_stage;
        }
        if self.status_outcome != DealOutcome::Open {
            d.outcome = self.status_outcome;
        }
        match self.won {
            Some(true) => d.outcome = DealOutcome::Won,
            Some(false) if d.outcome == DealOutcome::Won => {
                let reason = "the stage says won but the won column says no: the stage is kept";
                end.warn(Some(Field::Won), IssueKind::Column, reason);
            }
            _ => {}
        }
        if let Some(day) = self.close_date {
            if d.outcome == DealOutcome::Open {
                d.expected_close = d.expected_close.or(Some(day));
            } else {
                d.closed = d.closed.or(Some(day));
            }
        }
        if let (Some(created), Some(closed)) = (d.created, d.closed) {
            if closed < created {
                let reason = format!("closed {} before created {}", closed.iso(), created.iso());
                end.warn(None, IssueKind::TimeOrder, reason);
            }
        }
        true
    }

    fn push(&self, data: &mut Dataset, extras: &[Sym]) {
        push_row(&mut data.deals, self.deal, extras);
    }
}
