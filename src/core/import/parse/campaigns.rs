//! A campaigns file's row: the campaign, its cost and counts (never negative).

use super::plan::Val;
use super::row::{push_row, Bad, Context, RowEnd, Staged};
use crate::import::issue::IssueKind;
use crate::import::map::Field;
use crate::model::{Campaign, Dataset, Day, Sym};

/// A campaign being staged.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct CampaignRow {
    campaign: Campaign,
}

impl Staged for CampaignRow {
    #[inline]
    fn apply(&mut self, field: Field, val: Val, _: &mut Context<'_>) -> Result<(), Bad> {
        use Field as F;
        let c = &mut self.campaign;
        match val {
            Val::Text(s) => match field {
                F::Id => c.id = s,
                F::Name => c.name = s,
                F::Channel => c.channel = s,
                _ => {}
            },
            Val::Date(d) => match field {
                F::Start => c.start = Some(Day(d.day)),
                F::End => c.end = Some(Day(d.day)),
                _ => {}
            },
            Val::Num(n) => match field {
                F::Cost => c.cost = n.money(),
                F::Revenue => c.revenue = Some(n.money()),
                _ => {}
            },
            Val::Int(v) => {
                let v = Some(u64::try_from(v).map_err(|_| {
                    let reason = format!("{} cannot be negative", field.name());
                    (IssueKind::OutOfRange, reason)
                })?);
                match field {
                    F::Impressions => c.impressions = v,
                    F::Clicks => c.clicks = v,
                    F::Leads => c.leads = v,
                    F::Conversions => c.conversions = v,
                    F::Audience => c.audience = v,
                    F::Holdout => c.holdout = v,
                    F::HoldoutConversions => c.holdout_conversions = v,
                    _ => {}
                }
            }
            Val::Bool(_) => {}
        }
        Ok(())
    }

    /// A warning when the campaign ends before it starts.
    fn finish(&mut self, end: &mut RowEnd<'_, '_>) -> bool {
        let c = &self.campaign;
        if let (Some(start), Some(stop)) = (c.start, c.end) {
            if stop < start {
                let reason = format!("ends {} before it starts {}", stop.iso(), start.iso());
                end.warn(Some(Field::End), IssueKind::TimeOrder, reason);
            }
        }
        true
    }

    fn push(&self, data: &mut Dataset, extras: &[Sym]) {
        push_row(&mut data.campaigns, self.campaign, extras);
    }
}
