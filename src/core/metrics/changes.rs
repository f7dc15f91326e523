//! "What changed" between the data before an import and after it ([`record_import`]): the
//! customers won, lost and won back, the deals and tickets that moved, and a row-count
//! reconciliation of each kind the files held, each line with its rows; and the figures
//! after the import, kept so the Overview can show each figure at each import.
//!
//! The merge keeps the rows of the data before in their places (updated in place, new
//! rows appended), so row `i < n` of a kind after the import is row `i` before it, and its
//! symbols mean the same strings.

use super::funnel::stage_order;
use super::snapshot::{has_snapshot, snapshot_rows, Signal};
use super::support::is_open;
use super::{dashboard_paced, AsOf, CustomerIndex, Dashboard, Filter, Params, Selection};
use crate::model::{
    Change, ChangeLine, Dataset, Day, Deal, DealOutcome, Import, Kind, Measure, RowList, Timestamp,
};
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};

/// A dataset with its customer index.
pub type Indexed<'a> = (&'a Dataset, &'a CustomerIndex);

/// What an import brought and when, as the caller knows it.
pub struct Batch<'a> {
    /// The files' names.
    pub files: Vec<String>,
    /// The importing device's clock (`None`: not known).
    pub at: Option<Timestamp>,
    /// The rows each kind's files held ([`crate::import::MergeSummary::in_files`]).
    pub in_files: &'a [(Kind, RowList)],
}

/// An import's history entry, and the dashboard its figures come from: the whole history's
/// after the import, without a model, as of `as_of` (each kind's latest date, the import's
/// day for a kind without dates), which a caller can show instead of computing it again.
pub struct Recorded {
    /// The history entry.
    pub entry: Import,
    /// The dashboard of the data after the import, with no filter and no model.
    pub dashboard: Dashboard,
    /// The as-of dates of `dashboard`.
    pub as_of: AsOf,
}

/// The history entry of an import from `before` to `after` (the merge of `batch`'s files
/// into `before`), its figures computed under `params`.
pub fn record_import(
    before: Indexed<'_>,
    after: Indexed<'_>,
    batch: Batch<'_>,
    params: &Params,
) -> Import {
    unpaced(record_import_paced(
        before,
        after,
        batch,
        params,
        &mut NoPause,
    ))
    .expect("NoPause never cancels")
    .entry
}

/// [`record_import`], offering `pace` a pause between its parts (the customers, deals,
/// tickets, each kind's reconciliation, the figures): at a million orders it takes some
/// 90 ms natively, too long for one task of a page.
pub async fn record_import_paced(
    before: Indexed<'_>,
    after: Indexed<'_>,
    batch: Batch<'_>,
    params: &Params,
    pace: &mut dyn Pace,
) -> Result<Recorded, Cancelled> {
    let fallback = batch.at.map_or(Day(0), Timestamp::day);
    let (as_before, as_after) = (AsOf::of(before.0, fallback), AsOf::of(after.0, fallback));
    let first = before.0.is_empty();
    let mut lines = Vec::new();
    if !first {
        let w = params.churn_window_days.max(1);
        lines.extend(customer_lines(before, after, (as_before, as_after), w));
        pause(pace).await?;
        lines.extend(deal_lines(before.0, after.0));
        lines.extend(ticket_lines(
            before.0,
            after.0,
            (as_before.tickets, as_after.tickets),
        ));
        for (kind, rows) in batch.in_files {
            pause(pace).await?;
            lines.extend(reconcile(before.0, after.0, *kind, rows));
        }
    }
    pause(pace).await?;
    let all = Filter::all();
    let dashboard = dashboard_paced((after.0, after.1, None), &all, &as_after, params, pace);
    let dashboard = dashboard.await?;
    pause(pace).await?;
    let figures = figures(after, &dashboard, &as_after, params);
    let entry = Import {
        files: batch.files,
        at: batch.at,
        dated: (batch.in_files.iter())
            .filter_map(|(k, rows)| rows.rows().filter_map(|i| date_of(after.0, *k, i)).max())
            .max(),
        counts: Kind::ALL.iter().map(|&k| after.0.count(k) as u64).collect(),
        figures,
        first,
        lines,
    };
    Ok(Recorded {
        entry,
        dashboard,
        as_of: as_after,
    })
}

/// Whether customer `c` of `idx` bought in the `w` days up to `day`, and whether ever.
fn bought(idx: &CustomerIndex, c: usize, day: Day, w: i32) -> (bool, bool) {
    let purchases =
        || (idx.rows_of(c).iter()).filter(|r| r.kind() == super::customer_index::RowKind::Purchase);
    let recent = purchases().any(|r| r.day > day.0 - w && r.day <= day.0);
    (recent, purchases().next().is_some())
}

/// New, lost and reactivated customers: by their purchases when the data has orders, else
/// by a snapshot's standing, else only the new ones (customers not there before).
fn customer_lines(
    (b, bi): Indexed<'_>,
    (a, ai): Indexed<'_>,
    (asb, asa): (AsOf, AsOf),
    w: i32,
) -> Vec<ChangeLine> {
    if a.customers.is_empty() && a.orders.is_empty() {
        return Vec::new();
    }
    let (mut new, mut lost, mut back) = (Vec::new(), Vec::new(), Vec::new());
    if !a.orders.is_empty() {
        for c in 0..ai.len() {
            let Some(row) = ai.customer_row(c) else {
                continue;
            };
            let (now, ever) = bought(ai, c, asa.orders, w);
            let (then, before) = bi
                .dense(ai.id(c))
                .map_or((false, false), |d| bought(bi, d, asb.orders, w));
            if ever && !before {
                new.push(row);
            } else if then && !now {
                lost.push(row);
            } else if before && !then && now {
                back.push(row);
            }
        }
    } else {
        let known = |i: usize| i < b.customers.len() && !b.customers.rows[i].placeholder;
        let standing = |(ds, idx): Indexed<'_>, day: Day| {
            let mut s = vec![Signal::Unknown; ds.customers.len()];
            if has_snapshot(ds) {
                let all = Filter::all();
                for (i, sig) in snapshot_rows(&Selection::new(ds, idx, &all), day) {
                    s[i] = sig;
                }
            }
            s
        };
        let (sb, sa) = (
            standing((b, bi), asb.customers),
            standing((a, ai), asa.customers),
        );
        for (i, c) in a.customers.rows.iter().enumerate() {
            // A customer no record named before is new, also one only other records name
            // (a pipeline's accounts); standing needs a customer of the snapshot's own.
            if i >= b.customers.len() {
                new.push(i);
                continue;
            }
            if c.placeholder {
                continue;
            }
            match (known(i), sb.get(i).copied(), sa[i]) {
                (false, _, _) => {}
                (true, Some(Signal::Active), Signal::Churned) => lost.push(i),
                (true, Some(Signal::Churned), Signal::Active) => back.push(i),
                _ => {}
            }
        }
    }
    let line = |change, rows: Vec<usize>| ChangeLine {
        change,
        rows: RowList::from_ascending(sorted(rows)),
    };
    let mut lines = vec![line(Change::NewCustomers, new)];
    if !a.orders.is_empty() || has_snapshot(a) {
        lines.push(line(Change::LostCustomers, lost));
        lines.push(line(Change::ReactivatedCustomers, back));
    }
    lines
}

fn sorted(mut rows: Vec<usize>) -> Vec<usize> {
    rows.sort_unstable();
    rows
}

/// Each deal compared with itself before: new, won, lost, reopened, a stage forward or
/// back (by the pipeline's order over both datas' deals), amount, owner, close date.
fn deal_lines(b: &Dataset, a: &Dataset) -> Vec<ChangeLine> {
    if a.deals.is_empty() {
        return Vec::new();
    }
    let order = stage_order(a, b.deals.rows.iter().chain(&a.deals.rows));
    let rank = |d: &Deal| order.iter().position(|&s| s == d.stage);
    let n = b.deals.len();
    let changes = [
        Change::NewDeals,
        Change::DealsForward,
        Change::DealsBack,
        Change::DealsWon,
        Change::DealsLost,
        Change::DealsReopened,
        Change::DealsAmount,
        Change::DealsOwner,
        Change::DealsCloseDate,
    ];
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); changes.len()];
    for (i, d) in a.deals.rows.iter().enumerate() {
        let Some(old) = b.deals.rows.get(i).filter(|_| i < n) else {
            rows[0].push(i);
            continue;
        };
        let (was, is) = (old.outcome, d.outcome);
        let open = DealOutcome::Open;
        let moved = (was == open && is == open && old.stage != d.stage)
            .then(|| rank(old).zip(rank(d)))
            .flatten();
        let flags = [
            false,
            moved.is_some_and(|(x, y)| y > x),
            moved.is_some_and(|(x, y)| y < x),
            was != DealOutcome::Won && is == DealOutcome::Won,
            was != DealOutcome::Lost && is == DealOutcome::Lost,
            was != open && is == open,
            old.amount != d.amount,
            old.owner != d.owner,
            old.expected_close != d.expected_close || (was != open && old.closed != d.closed),
        ];
        for (k, f) in flags.iter().enumerate() {
            if *f {
                rows[k].push(i);
            }
        }
    }
    (changes.into_iter().zip(rows))
        .map(|(change, r)| ChangeLine {
            change,
            rows: RowList::from_ascending(r),
        })
        .collect()
}

/// Tickets opened (new), closed since (open before; or new and resolved, or opened, after
/// the data before's date) and reopened, each ticket at the end of its data's as-of date.
fn ticket_lines(b: &Dataset, a: &Dataset, (asb, asa): (Day, Day)) -> Vec<ChangeLine> {
    if a.tickets.is_empty() {
        return Vec::new();
    }
    let end = |d: Day| Timestamp::at_midnight(Day(d.0 + 1));
    let n = b.tickets.len();
    let (mut opened, mut closed, mut reopened) = (Vec::new(), Vec::new(), Vec::new());
    for (i, t) in a.tickets.rows.iter().enumerate() {
        let open_now = is_open(a, t, end(asa));
        if i >= n {
            opened.push(i);
            let since = |x: Option<Timestamp>| x.is_some_and(|x| x.day() > asb);
            if !open_now && (since(t.resolved) || since(t.opened)) {
                closed.push(i);
            }
            continue;
        }
        let open_then = is_open(b, &b.tickets.rows[i], end(asb));
        if open_then && !open_now {
            closed.push(i);
        } else if !open_then && open_now {
            reopened.push(i);
        }
    }
    [
        (Change::TicketsOpened, opened),
        (Change::TicketsClosed, closed),
        (Change::TicketsReopened, reopened),
    ]
    .into_iter()
    .map(|(change, r)| ChangeLine {
        change,
        rows: RowList::from_ascending(r),
    })
    .collect()
}

/// The date a row of a kind is placed at: an order's date, a deal's creation (else its
/// close), a ticket's opening, a campaign's start, a contact's date; customers are undated.
fn date_of(ds: &Dataset, kind: Kind, i: usize) -> Option<Day> {
    match kind {
        Kind::Customers => None,
        Kind::Orders => Some(ds.orders.rows[i].date),
        Kind::Deals => {
            let d = &ds.deals.rows[i];
            d.created.or(d.closed).or(d.expected_close)
        }
        Kind::Tickets => ds.tickets.rows[i].opened.map(Timestamp::day),
        Kind::Campaigns => ds.campaigns.rows[i].start,
        Kind::Responses => ds.responses.rows[i].date,
    }
}

/// The reconciliation of one kind the files held: the rows before, in the files, added,
/// matched, not in the files, and those of them inside the files' span of dates.
fn reconcile(b: &Dataset, a: &Dataset, kind: Kind, in_files: &RowList) -> Vec<ChangeLine> {
    let n = b.count(kind);
    let previous =
        |i: usize| i < n && (kind != Kind::Customers || !b.customers.rows[i].placeholder);
    let mut held = vec![false; a.count(kind)];
    in_files.rows().for_each(|i| held[i] = true);
    let (added, matched): (Vec<usize>, Vec<usize>) = in_files.rows().partition(|&i| !previous(i));
    let absent: Vec<usize> = (0..n).filter(|&i| previous(i) && !held[i]).collect();
    let span = (in_files.rows())
        .filter_map(|i| date_of(a, kind, i))
        .fold(None, |s: Option<(Day, Day)>, d| {
            Some(s.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
        });
    let inside = |i: usize| match (date_of(a, kind, i), span) {
        (Some(d), Some((lo, hi))) => lo <= d && d <= hi,
        // Undated rows (all customers): missing when the files held earlier rows, as a
        // full list does.
        _ => !matched.is_empty(),
    };
    let missing: Vec<usize> = absent.iter().copied().filter(|&i| inside(i)).collect();
    let list = |rows: Vec<usize>| RowList::from_ascending(rows);
    [
        (
            Change::Previous(kind),
            list((0..n).filter(|&i| previous(i)).collect()),
        ),
        (Change::InExport(kind), in_files.clone()),
        (Change::Added(kind), list(added)),
        (Change::Matched(kind), list(matched)),
        (Change::NotInExport(kind), list(absent)),
        (Change::MissingInSpan(kind), list(missing)),
    ]
    .into_iter()
    .map(|(change, rows)| ChangeLine { change, rows })
    .collect()
}

/// The figures of the dashboard's default view (the whole history) after the import, `d`.
fn figures(
    (ds, idx): Indexed<'_>,
    d: &Dashboard,
    as_of: &AsOf,
    params: &Params,
) -> Vec<(Measure, f64)> {
    let w = params.churn_window_days.max(1);
    let with_orders = !ds.orders.is_empty();
    let active = if with_orders {
        let n = (0..idx.len())
            .filter(|&c| bought(idx, c, as_of.orders, w).0)
            .count();
        Some(n as f64)
    } else {
        d.snapshot.as_ref().map(|s| s.active as f64)
    };
    let deals = !ds.deals.is_empty();
    let values = [
        (Measure::Customers, d.customers.total.value),
        (Measure::ActiveCustomers, active),
        (Measure::ChurnRate, d.customers.churn.rate.value),
        (
            Measure::NetRevenue,
            with_orders.then_some(d.sales.revenue.value).flatten(),
        ),
        (
            Measure::Orders,
            with_orders.then_some(d.sales.orders.value).flatten(),
        ),
        (Measure::OpenDeals, deals.then_some(d.funnel.open as f64)),
        (Measure::Pipeline, deals.then_some(d.funnel.open_amount)),
        (Measure::WonAmount, deals.then_some(d.funnel.won_amount)),
        (
            Measure::OpenTickets,
            (!ds.tickets.is_empty()).then_some(d.support.backlog.value as f64),
        ),
        (Measure::Mrr, d.snapshot.as_ref().and_then(|s| s.mrr.value)),
    ];
    values
        .into_iter()
        .filter_map(|(m, v)| v.filter(|v| v.is_finite()).map(|v| (m, v)))
        .collect()
}
