//! A tickets file's row: the ticket, its customer reference, and response and resolution
//! times given in minutes (Zendesk), which become times after the opening at the end.

use super::plan::Val;
use super::row::{div_round, push_row, Bad, Context, CustomerRef, RowEnd, Staged};
use crate::import::issue::{IssueKind, Severity};
use crate::import::map::Field;
use crate::import::value::{DateTime, Number};
use crate::model::{Dataset, Money, Sym, Ticket, Timestamp};
use std::ops::RangeInclusive;

/// A ticket being staged.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct TicketRow {
    ticket: Ticket,
    customer: CustomerRef,
    first_response_min: Option<Number>,
    resolution_min: Option<Number>,
}

/// A date and time as a timestamp (midnight when the value had no time).
fn timestamp(d: DateTime) -> Timestamp {
    Timestamp(i64::from(d.day) * Timestamp::DAY + i64::from(d.secs.unwrap_or(0)))
}

impl Staged for TicketRow {
    #[inline]
    fn apply(&mut self, field: Field, val: Val, _: &mut Context<'_>) -> Result<(), Bad> {
        use Field as F;
        let t = &mut self.ticket;
        match val {
            Val::Text(s) => {
                if self.customer.take(field, s) {
                    return Ok(());
                }
                match field {
                    F::Id => t.id = s,
                    F::Channel => t.channel = s,
                    F::IssueType => t.issue_type = s,
                    F::Priority => t.priority = s,
                    F::Status => t.status = s,
                    _ => {}
                }
            }
            Val::Date(d) => match field {
                F::Opened => t.opened = Some(timestamp(d)),
                F::FirstResponse => t.first_response = Some(timestamp(d)),
                F::Resolved => t.resolved = Some(timestamp(d)),
                _ => {}
            },
            Val::Num(n) => match field {
                F::FirstResponseMinutes => self.first_response_min = Some(n),
                F::ResolutionMinutes => self.resolution_min = Some(n),
                _ => {}
            },
            Val::Int(v) => match field {
                F::Csat => t.csat = Some(score(v, 1..=5, "satisfaction must be 1–5")?),
                F::Nps => t.nps = Some(score(v, 0..=10, "NPS must be 0–10")?),
                _ => {}
            },
            Val::Bool(_) => {}
        }
        Ok(())
    }

    /// Times from minutes after the opening, then a warning when the times are out of
    /// order.
    fn finish(&mut self, end: &mut RowEnd<'_, '_>) -> bool {
        self.ticket.customer = self.customer.resolve();
        if !self.times_from_minutes(end) {
            return false;
        }
        let t = &self.ticket;
        let before = |a: Option<Timestamp>, b: Option<Timestamp>| matches!((a, b), (Some(a), Some(b)) if b < a);
        let problem = if before(t.opened, t.first_response) {
            Some("first response before the ticket was opened")
        } else if before(t.opened, t.resolved) {
            Some("resolved before the ticket was opened")
        } else if before(t.first_response, t.resolved) {
            Some("resolved before the first response")
        } else {
            None
        };
        if let Some(reason) = problem {
            end.warn(None, IssueKind::TimeOrder, reason);
        }
        true
    }

    fn push(&self, data: &mut Dataset, extras: &[Sym]) {
        push_row(&mut data.tickets, self.ticket, extras);
    }
}

/// A score on its scale (`range`, within 0–255); `reason` says the scale when `v` is off it.
fn score(v: i64, range: RangeInclusive<i64>, reason: &str) -> Result<u8, Bad> {
    if !range.contains(&v) {
        return Err((IssueKind::OutOfRange, reason.into()));
    }
    Ok(v as u8)
}

impl TicketRow {
    /// The first response and resolution times from minutes after the opening, where the
    /// file gives no time; false (the row is rejected) when one falls outside years 0–9999.
    fn times_from_minutes(&mut self, end: &mut RowEnd<'_, '_>) -> bool {
        let t = &mut self.ticket;
        for (minutes, slot, field) in [
            (
                self.first_response_min,
                &mut t.first_response,
                Field::FirstResponseMinutes,
            ),
            (
                self.resolution_min,
                &mut t.resolved,
                Field::ResolutionMinutes,
            ),
        ] {
            let Some(m) = minutes else { continue };
            match t.opened {
                Some(opened) if slot.is_none() => {
                    let secs = div_round(i128::from(m.scaled) * 60, i128::from(Money::SCALE));
                    let time = Timestamp(opened.0 + secs as i64);
                    if !time.in_range() {
                        let reason = "so many minutes after the opening time is outside the \
                                      years 0–9999";
                        let value = m.to_f64().to_string();
                        end.report(
                            Some(field),
                            &value,
                            Severity::Error,
                            IssueKind::OutOfRange,
                            reason.into(),
                        );
                        return false;
                    }
                    *slot = Some(time);
                }
                Some(_) => {}
                None => {
                    let reason = "minutes without an opening time: ignored";
                    end.warn(Some(field), IssueKind::Missing, reason);
                }
            }
        }
        true
    }
}
