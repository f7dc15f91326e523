//! The single pass over the compact orders that every order-based metric derives from.

use super::calendar::{month_index, week_start};
use super::customer_index::{Row, RowKind};
use super::selection::Selection;
use super::{Params, Period};
use crate::model::Day;
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};

/// Sums over the orders of one period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Totals {
    /// Σ amount of purchases and refunded sales.
    pub gross: i64,
    /// Σ amount of refunded sales plus |Σ amount| of return lines.
    pub refunds: i64,
    /// gross − refunds.
    pub net: i64,
    /// Distinct orders with a purchase line.
    pub orders: u64,
    /// Purchase lines.
    pub lines: u64,
    /// Rows counted in any way (purchases, returns, refunds, cancelled, pending).
    pub rows: u64,
    /// Cancelled rows.
    pub cancelled: u64,
    /// Pending rows.
    pub pending: u64,
    /// Σ amount of pending rows.
    pub pending_amount: i64,
    /// Customers with a purchase.
    pub active: u64,
    /// Customers whose first purchase falls in the period.
    pub new: u64,
    /// Customers with two or more orders.
    pub repeaters: u64,
    /// Customers known at the end of the period (first seen on or before it).
    pub known: u64,
}

impl Totals {
    fn add(&mut self, r: &Row) {
        self.rows += 1;
        match r.kind() {
            RowKind::Purchase => {
                self.gross += r.amount;
                self.net += r.amount;
                self.lines += 1;
                self.orders += u64::from(r.head());
            }
            RowKind::Return => {
                self.refunds -= r.amount;
                self.net += r.amount;
            }
            RowKind::Refunded => {
                self.gross += r.amount;
                self.refunds += r.amount;
            }
            RowKind::Cancelled => self.cancelled += 1,
            RowKind::Pending => {
                self.pending += 1;
                self.pending_amount += r.amount;
            }
        }
    }
}

/// Per-customer figures over the current period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct CustStat {
    /// Passes the segment filter and the customer picks (and, with a channel filter,
    /// bought through one).
    pub included: bool,
    /// Known at the period end (first seen, by signup or first purchase, on or before it).
    pub known: bool,
    /// First purchase in the period.
    pub new: bool,
    /// Bought in the earlier churn window (N0 of the churn rate).
    pub churn_base: bool,
    /// Bought in both churn windows (N1).
    pub retained: bool,
    /// First purchase day through the selected channels, up to the period end.
    pub first_ever: Option<Day>,
    /// First and last purchase day in the period.
    pub first: Option<Day>,
    /// Last purchase day in the period.
    pub last: Option<Day>,
    /// Distinct orders in the period.
    pub orders: u32,
    /// Purchase lines in the period.
    pub lines: u32,
    /// Net revenue in the period (minor units).
    pub revenue: i64,
}

/// Churn counts for one period end.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ChurnCounts {
    pub prev_active: u64,
    pub retained: u64,
}

/// The result of the pass.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scan {
    pub cur: Period,
    pub prev: Period,
    pub cur_totals: Totals,
    pub prev_totals: Totals,
    pub cust: Vec<CustStat>,
    /// Net revenue per month of the current period, from `month0`.
    pub month0: i32,
    pub by_month: Vec<i64>,
    /// Distinct orders per month of the current period.
    pub orders_by_month: Vec<u64>,
    /// Net revenue per week (Monday start) of the current period, from `week0`.
    pub week0: Day,
    pub by_week: Vec<i64>,
    /// Net revenue per dense category / channel, current period.
    pub by_category: Vec<i64>,
    pub by_channel: Vec<i64>,
    /// Net revenue per month over all history up to the period end, from `history0`.
    pub history0: i32,
    pub history: Vec<i64>,
    /// Net revenue per day over all history up to the period end, from `day0`.
    pub day0: Day,
    pub daily: Vec<i64>,
    pub churn_cur: ChurnCounts,
    pub churn_prev: ChurnCounts,
    /// Acquisition cohorts of the current period: `cohort_customers[k][j]` = customers of
    /// the k-th month from `month0` with a purchase j months after their first.
    pub cohort_size: Vec<u64>,
    pub cohort_customers: Vec<Vec<u64>>,
    pub cohort_revenue: Vec<Vec<i64>>,
    /// Order rows examined (after filters), for explanations.
    pub rows: usize,
}

/// Runs the pass over the orders `sel` keeps.
pub(crate) fn scan(sel: &Selection<'_>, as_of: Day, params: &Params) -> Scan {
    unpaced(scan_paced(sel, as_of, params, &mut NoPause)).expect("NoPause never cancels")
}

/// Customers read between two offers of a pause in [`scan_paced`] (a few milliseconds of
/// wasm with a million orders among 100,000 customers).
const CUSTOMERS_PER_STEP: usize = 8192;

/// [`scan`], offering `pace` a pause every [`CUSTOMERS_PER_STEP`] customers: at a million
/// orders the pass is some 40 ms of wasm, most of a page's dashboard.
pub(crate) async fn scan_paced(
    sel: &Selection<'_>,
    as_of: Day,
    params: &Params,
    pace: &mut dyn Pace,
) -> Result<Scan, Cancelled> {
    // Without order picks the pass reads no row's position: a loop of its own (a test of
    // the picks at every row cost a tenth of the pass).
    let (chan_ok, picked_rows) = sel.order_masks();
    match picked_rows {
        None => scan_rows(sel, as_of, params, |_, r| chan_ok[r.channel as usize], pace).await,
        Some(m) => {
            let row_ok = |p: usize, r: &Row| chan_ok[r.channel as usize] && m[p];
            scan_rows(sel, as_of, params, row_ok, pace).await
        }
    }
}

/// The pass, `row_ok(p, r)` saying whether it reads the compact row `r` at position `p`.
async fn scan_rows(
    sel: &Selection<'_>,
    as_of: Day,
    params: &Params,
    row_ok: impl Fn(usize, &Row) -> bool,
    pace: &mut dyn Pace,
) -> Result<Scan, Cancelled> {
    let (idx, filter) = (sel.index(), sel.filter());
    let first_day = idx.purchase_span().map(|(a, _)| a);
    let cur = Period::resolve(filter, as_of, first_day);
    let prev = cur.previous();
    let end = cur.to;
    let n = idx.len();

    let seg_ok: Vec<bool> = (0..n).map(|c| sel.keeps_customer(c)).collect();
    let channel_filter = sel.by_channel();

    let nonempty = cur.days() > 0;
    let month0 = month_index(cur.from);
    let months = if nonempty {
        (month_index(cur.to) - month0 + 1) as usize
    } else {
        0
    };
    let week0 = week_start(cur.from);
    let weeks = if nonempty {
        ((week_start(cur.to).0 - week0.0) / 7 + 1) as usize
    } else {
        0
    };
    let end_month = month_index(end);
    let history0 = first_day.map_or(month_index(end), month_index);
    let history_len = (month_index(end) - history0 + 1).max(0) as usize;

    let mut s = Scan {
        cur,
        prev,
        cust: vec![CustStat::default(); n],
        month0,
        by_month: vec![0; months],
        orders_by_month: vec![0; months],
        week0,
        by_week: vec![0; weeks],
        by_category: vec![0; idx.categories().len()],
        by_channel: vec![0; idx.channels().len()],
        history0,
        history: vec![0; history_len],
        day0: first_day.unwrap_or(end),
        daily: vec![0; first_day.map_or(0, |f| (end.0 - f.0 + 1).max(0) as usize)],
        cohort_size: vec![0; months],
        cohort_customers: vec![Vec::new(); months],
        cohort_revenue: vec![Vec::new(); months],
        ..Scan::default()
    };

    let w = params.churn_window_days.max(1);
    let windows = |e: Day| (e.0 - 2 * w, e.0 - w, e.0);
    let (c_a, c_b, c_e) = windows(end);
    let (p_a, p_b, p_e) = windows(prev.to);

    let add_row = |s: &mut Scan, r: &Row| {
        s.rows += 1;
        let day = Day(r.day);
        if cur.contains(day) {
            s.cur_totals.add(r);
            let net = match r.kind() {
                RowKind::Purchase | RowKind::Return => r.amount,
                _ => 0,
            };
            if net != 0 || r.kind() == RowKind::Purchase {
                let m = (r.month() - month0) as usize;
                s.by_month[m] += net;
                if r.kind() == RowKind::Purchase && r.head() {
                    s.orders_by_month[m] += 1;
                }
                s.by_week[((week_start(day).0 - week0.0) / 7) as usize] += net;
                s.by_category[r.category as usize] += net;
                s.by_channel[r.channel as usize] += net;
            }
        } else if prev.contains(day) {
            s.prev_totals.add(r);
        }
        if matches!(r.kind(), RowKind::Purchase | RowKind::Return) && r.month() >= history0 {
            s.history[(r.month() - history0) as usize] += r.amount;
            if r.day >= s.day0.0 {
                s.daily[(r.day - s.day0.0) as usize] += r.amount;
            }
        }
    };

    for (c, &ok) in seg_ok.iter().enumerate() {
        if c % CUSTOMERS_PER_STEP == CUSTOMERS_PER_STEP - 1 {
            pause(pace).await?;
        }
        if !ok {
            continue;
        }
        let rows = idx.rows_of(c);
        let start = idx.start_of(c);
        let mut st = CustStat::default();
        let (mut prev_orders, mut prev_first, mut cur_first_seen) = (0u32, false, false);
        let (mut ca0, mut ca1, mut pa0, mut pa1) = (false, false, false, false);
        let mut cohort: Option<(usize, i32)> = None;
        let mut last_offset = -1i32;
        let mut any_purchase_ever = false;
        for (k, r) in rows.iter().enumerate() {
            if r.kind() == RowKind::Purchase {
                any_purchase_ever = true;
            }
            if r.day > end.0 {
                break;
            }
            if !row_ok(start + k, r) {
                continue;
            }
            add_row(&mut s, r);
            let day = Day(r.day);
            if r.kind() == RowKind::Purchase {
                if st.first_ever.is_none() {
                    st.first_ever = Some(day);
                    if cur.contains(day) {
                        cur_first_seen = true;
                        let k = (r.month() - month0) as usize;
                        cohort = Some((k, r.month()));
                        s.cohort_size[k] += 1;
                        let len = (end_month - r.month() + 1) as usize;
                        if s.cohort_customers[k].is_empty() {
                            s.cohort_customers[k] = vec![0; len];
                            s.cohort_revenue[k] = vec![0; len];
                        }
                    } else if prev.contains(day) {
                        prev_first = true;
                    }
                }
                if cur.contains(day) {
                    st.first.get_or_insert(day);
                    st.last = Some(day);
                    st.orders += u32::from(r.head());
                    st.lines += 1;
                } else if prev.contains(day) {
                    prev_orders += u32::from(r.head());
                }
                ca0 |= c_a < r.day && r.day <= c_b;
                ca1 |= c_b < r.day && r.day <= c_e;
                pa0 |= p_a < r.day && r.day <= p_b;
                pa1 |= p_b < r.day && r.day <= p_e;
            }
            if cur.contains(day) && matches!(r.kind(), RowKind::Purchase | RowKind::Return) {
                st.revenue += r.amount;
            }
            if let Some((k, m0)) = cohort {
                if matches!(r.kind(), RowKind::Purchase | RowKind::Return) {
                    let j = (r.month() - m0) as usize;
                    s.cohort_revenue[k][j] += r.amount;
                    if r.kind() == RowKind::Purchase && j as i32 != last_offset {
                        s.cohort_customers[k][j] += 1;
                        last_offset = j as i32;
                    }
                }
            }
        }
        // Known customers: first seen (signup or first purchase) on or before the period
        // end; with a channel filter, only customers who bought through those channels.
        let known_at = |x: Day| -> bool {
            if channel_filter {
                return st.first_ever.is_some_and(|f| f <= x);
            }
            let seen = match (idx.signup(c), st.first_ever) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            match seen {
                Some(d) => d <= x,
                None => !any_purchase_ever,
            }
        };
        st.included = !channel_filter || st.first_ever.is_some();
        if !st.included {
            continue;
        }
        let (known, known_before) = (known_at(cur.to), known_at(prev.to));
        s.cur_totals.known += u64::from(known);
        s.prev_totals.known += u64::from(known_before);
        s.cur_totals.active += u64::from(st.first.is_some());
        s.cur_totals.repeaters += u64::from(st.orders >= 2);
        s.cur_totals.new += u64::from(cur_first_seen);
        s.prev_totals.active += u64::from(prev_orders > 0);
        s.prev_totals.repeaters += u64::from(prev_orders >= 2);
        s.prev_totals.new += u64::from(prev_first);
        s.churn_cur.prev_active += u64::from(ca0);
        s.churn_cur.retained += u64::from(ca0 && ca1);
        s.churn_prev.prev_active += u64::from(pa0);
        s.churn_prev.retained += u64::from(pa0 && pa1);
        st.known = known;
        st.new = cur_first_seen;
        st.churn_base = ca0;
        st.retained = ca0 && ca1;
        s.cust[c] = st;
    }
    if !sel.narrows_customers() {
        let start = idx.start_of(n);
        for (k, r) in idx.orphan_rows().iter().enumerate() {
            if r.day > end.0 {
                break;
            }
            if row_ok(start + k, r) {
                add_row(&mut s, r);
            }
        }
    }
    Ok(s)
}
