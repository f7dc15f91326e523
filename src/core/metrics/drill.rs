//! The rows behind any figure: a [`Figure`] and a filter give the records that make it
//! ([`rows_behind`]), all of them, in a default order, with how they were chosen. Each
//! figure's records are chosen by the same selection as the figure itself (the orders'
//! pass, the funnel's deals, the support tickets, …), so the list is the figure's proof:
//! its count or its sum is the number shown.

use super::calendar::{month_index, month_label, week_start};
use super::clv::CustomerModel;
use super::customer_index::{Row, RowKind};
use super::deals_by::completed_lines;
use super::explain::{Formula, Shown, Term};
use super::figure::{Chart, Figure, KpiId};
use super::funnel::{at_stage, deal_periods, DealSelect};
use super::marketing::{campaign_window, chosen_campaigns, first_purchases};
use super::responses::counted_contacts;
use super::rfm::{rfm_core, segment_of, RfmCore};
use super::sales::label as shown;
use super::scan::{scan, CustStat, Scan};
use super::selection::Selection;
use super::snapshot::{snapshot_rows, Signal};
use super::support::{backlog_tickets, chosen_tickets, hours};
use super::{grouping, AsOf, CustomerIndex, Explanation, Filter, Params, Period, TOP_CUSTOMERS};
use crate::model::{Dataset, Day, Deal, DealOutcome, Kind, Sym, Ticket};

/// The records behind a figure.
#[derive(Clone, Debug, PartialEq)]
pub struct RowSet {
    /// The figure.
    pub figure: Figure,
    /// Their kind.
    pub kind: Kind,
    /// Their rows in `ds.<kind>.rows` (for customers, in `ds.customers.rows`: a customer
    /// only other records name, without a row of its own, is not listed), all of them, in
    /// the default order: dates descending (orders, deals, tickets, campaigns, contacts;
    /// undated last), customers in natural id order (the at-risk list by value at risk and
    /// the top customers by revenue, descending); ties by row.
    pub rows: Vec<u32>,
    /// The figure's formula, the filter, its period and as-of, how many rows.
    pub explain: Explanation,
}

/// Which as-of date (and period) a figure follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum On {
    /// The orders' period (orders, customers' purchases).
    Orders,
    /// A kind's own bounds up to its as-of.
    Bounds(Kind),
    /// A customer snapshot: its as-of only.
    Snapshot,
    /// An import's changes: no period, no filter.
    Import,
}

/// The records behind `figure` under `filter` (every filter, pick and period, as the figure
/// is computed), at `as_of` with `params`; `model` for the at-risk list (empty without
/// it). An unknown label, stage, column or customer gives no rows.
pub fn rows_behind(
    ds: &Dataset,
    idx: &CustomerIndex,
    model: Option<&CustomerModel>,
    filter: &Filter,
    as_of: &AsOf,
    params: &Params,
    figure: &Figure,
) -> RowSet {
    let filter = filter.resolved(ds, idx, as_of, params);
    let sel = Selection::new(ds, idx, &filter);
    let d = Drill {
        sel: &sel,
        model,
        as_of,
        params,
    };
    let (kind, rows, formula, on) = d.rows(figure);
    let explain = d.explain(figure, formula, on, rows.len());
    RowSet {
        figure: figure.clone(),
        kind,
        rows,
        explain,
    }
}

/// Drilling under one selection.
struct Drill<'s, 'a> {
    sel: &'s Selection<'a>,
    model: Option<&'s CustomerModel>,
    as_of: &'s AsOf,
    params: &'s Params,
}

type Found = (Kind, Vec<u32>, Formula, On);

impl Drill<'_, '_> {
    fn ds(&self) -> &Dataset {
        self.sel.dataset()
    }

    fn rows(&self, figure: &Figure) -> Found {
        match figure {
            Figure::Kpi(k) => self.kpi(*k),
            Figure::Element { chart, label } => self.element(*chart, label),
            Figure::Stage(stage) => {
                let ds = self.ds();
                let rows = self.deals(|d| at_stage(ds, d, stage));
                (
                    Kind::Deals,
                    rows,
                    Formula::FunnelStages,
                    On::Bounds(Kind::Deals),
                )
            }
            Figure::RfmSegment(name) => self.classified(|bins, core, i| {
                segment_of(bins, core.r[i], core.f[i], core.m[i]) == name
            }),
            Figure::AbcClass(class) => {
                self.classified(|_, core, i| core.abc[i].to_string() == *class)
            }
            Figure::Cohort {
                month,
                months_since,
            } => self.cohort(month, *months_since),
            Figure::Breakdown {
                kind,
                column,
                label,
            } => self.breakdown(*kind, column, label),
            Figure::SnapshotGroup { column, label } => {
                let ds = self.ds();
                let rows = match grouping(ds, Kind::Customers, column) {
                    Some(g) => self.snapshot(&|i, _| g.labels[g.of(i)] == *label),
                    None => Vec::new(),
                };
                (Kind::Customers, rows, Formula::SnapshotBy, On::Snapshot)
            }
            Figure::Campaign(id) => self.campaign(id),
            Figure::Arm(name) => {
                let ds = self.ds();
                let rows = self.contacts(|i| ds.str(ds.responses.rows[i].campaign) == name);
                (
                    Kind::Responses,
                    rows,
                    Formula::Responses,
                    On::Bounds(Kind::Responses),
                )
            }
            Figure::AtRisk => self.at_risk(),
            Figure::TopCustomers => self.top(),
            Figure::Customer { id, kind } => self.customer(id, *kind),
            Figure::Change { import, change } => {
                let kind = change.kind();
                let line = (self.ds().history.get(*import)).and_then(|i| i.line(*change));
                let rows = line.map(|l| l.rows.rows()).into_iter().flatten();
                let rows = match kind {
                    Kind::Customers => self.in_id_order(rows.map(|r| r as u32).collect()),
                    _ => self.by_date(kind, rows),
                };
                (kind, rows, Formula::ImportChanges, On::Import)
            }
        }
    }

    fn kpi(&self, k: KpiId) -> Found {
        let f = k.formula();
        let cur = self.order_period();
        let here = |r: &Row| cur.contains(Day(r.day));
        let orders = |pred: &dyn Fn(&Row) -> bool| {
            let rows = self.orders(|r| here(r) && pred(r));
            (Kind::Orders, rows, f, On::Orders)
        };
        let customers = |pred: &dyn Fn(&CustStat) -> bool| {
            let s = self.scan();
            (Kind::Customers, self.customers(&s, pred), f, On::Orders)
        };
        let deals = |pred: &dyn Fn(&Deal) -> bool| {
            (Kind::Deals, self.deals(pred), f, On::Bounds(Kind::Deals))
        };
        let tickets = |pred: &dyn Fn(&Ticket) -> bool| {
            (
                Kind::Tickets,
                self.tickets(pred),
                f,
                On::Bounds(Kind::Tickets),
            )
        };
        let snapshot = |pred: &dyn Fn(usize, Signal) -> bool| {
            (Kind::Customers, self.snapshot(pred), f, On::Snapshot)
        };
        let closed = |d: &Deal| d.outcome != DealOutcome::Open;
        let cycle = |d: &Deal| cycle_known(d.created, d.closed);
        match k {
            KpiId::NetRevenue | KpiId::Aov => orders(&|r| is_net(r.kind())),
            KpiId::GrossSales => {
                orders(&|r| matches!(r.kind(), RowKind::Purchase | RowKind::Refunded))
            }
            KpiId::Refunds => orders(&|r| matches!(r.kind(), RowKind::Refunded | RowKind::Return)),
            KpiId::Orders => orders(&|r| r.kind() == RowKind::Purchase && r.head()),
            KpiId::NotRevenue => {
                orders(&|r| matches!(r.kind(), RowKind::Cancelled | RowKind::Pending))
            }
            KpiId::CustomersKnown => customers(&|st| st.known),
            KpiId::CustomersActive => customers(&|st| st.first.is_some()),
            KpiId::CustomersNew => customers(&|st| st.new),
            KpiId::RepeatCustomers => customers(&|st| st.orders >= 2),
            KpiId::ChurnedCustomers => customers(&|st| st.churn_base && !st.retained),
            KpiId::Deals => deals(&|_| true),
            KpiId::OpenDeals => deals(&|d| d.outcome == DealOutcome::Open),
            KpiId::WonDeals => deals(&|d| d.outcome == DealOutcome::Won),
            KpiId::LostDeals => deals(&|d| d.outcome == DealOutcome::Lost),
            KpiId::ClosedDeals => deals(&closed),
            KpiId::CycleWon => deals(&|d| d.outcome == DealOutcome::Won && cycle(d)),
            KpiId::CycleClosed => deals(&|d| closed(d) && cycle(d)),
            KpiId::Tickets => tickets(&|_| true),
            KpiId::FirstResponded => tickets(&|t| hours(t.opened, t.first_response).is_some()),
            KpiId::Resolved => tickets(&|t| hours(t.opened, t.resolved).is_some()),
            KpiId::CsatRated => tickets(&|t| t.csat.is_some()),
            KpiId::NpsRated => tickets(&|t| t.nps.is_some()),
            KpiId::Backlog => {
                let rows =
                    self.by_date(Kind::Tickets, backlog_tickets(self.sel, self.as_of.tickets));
                (Kind::Tickets, rows, f, On::Bounds(Kind::Tickets))
            }
            KpiId::Campaigns => {
                let chosen = chosen_campaigns(self.sel, self.as_of.campaigns);
                let rows = self.by_date(Kind::Campaigns, chosen);
                (Kind::Campaigns, rows, f, On::Bounds(Kind::Campaigns))
            }
            KpiId::Contacts => {
                let rows = self.contacts(|_| true);
                (Kind::Responses, rows, f, On::Bounds(Kind::Responses))
            }
            KpiId::SnapshotCustomers => snapshot(&|_, _| true),
            KpiId::SnapshotActive => snapshot(&|_, s| s == Signal::Active),
            KpiId::SnapshotChurned => snapshot(&|_, s| s == Signal::Churned),
            KpiId::Paying => snapshot(&|i, s| {
                s == Signal::Active && self.ds().customers.rows[i].monthly_charges.is_some()
            }),
        }
    }

    fn element(&self, chart: Chart, label: &str) -> Found {
        let (ds, idx) = (self.ds(), self.sel.index());
        let f = chart.formula();
        let cur = self.order_period();
        let revenue = |key: &dyn Fn(&Row) -> String| {
            let rows =
                self.orders(|r| cur.contains(Day(r.day)) && is_net(r.kind()) && key(r) == label);
            (Kind::Orders, rows, f, On::Orders)
        };
        let tickets = |key: &dyn Fn(&Ticket) -> String| {
            let rows = self.tickets(|t| key(t) == label);
            (Kind::Tickets, rows, f, On::Bounds(Kind::Tickets))
        };
        match chart {
            Chart::RevenueByMonth => revenue(&|r| month_label(r.month())),
            Chart::OrdersByMonth => {
                let rows = self.orders(|r| {
                    cur.contains(Day(r.day))
                        && r.kind() == RowKind::Purchase
                        && r.head()
                        && month_label(r.month()) == label
                });
                (Kind::Orders, rows, f, On::Orders)
            }
            Chart::RevenueByWeek => revenue(&|r| week_start(Day(r.day)).iso()),
            Chart::RevenueByCategory => {
                revenue(&|r| shown(ds, idx.categories()[r.category as usize]))
            }
            Chart::RevenueByChannel => revenue(&|r| shown(ds, idx.channels()[r.channel as usize])),
            Chart::WonByMonth => {
                let month = |d: &Deal| d.closed.or(d.created).map(|m| month_label(month_index(m)));
                let rows = self
                    .deals(|d| d.outcome == DealOutcome::Won && month(d).as_deref() == Some(label));
                (Kind::Deals, rows, f, On::Bounds(Kind::Deals))
            }
            Chart::TicketsByMonth => tickets(&|t| {
                t.day()
                    .map_or(String::new(), |d| month_label(month_index(d)))
            }),
            Chart::TicketsByType => tickets(&|t| shown(ds, t.issue_type)),
            Chart::TicketsByChannel => tickets(&|t| shown(ds, t.channel)),
            Chart::TicketsByPriority => tickets(&|t| shown(ds, t.priority)),
        }
    }

    fn breakdown(&self, kind: Kind, column: &str, label: &str) -> Found {
        let formula = match kind {
            Kind::Customers => Formula::CustomersBy,
            Kind::Orders => Formula::OrdersBy,
            Kind::Deals => Formula::DealsBy,
            Kind::Tickets => Formula::TicketsBy,
            Kind::Campaigns => Formula::Campaigns,
            Kind::Responses => Formula::ResponsesBy,
        };
        let on = match kind {
            Kind::Customers | Kind::Orders => On::Orders,
            k => On::Bounds(k),
        };
        let Some(g) = grouping(self.ds(), kind, column) else {
            return (kind, Vec::new(), formula, on);
        };
        let of = |i: usize| g.labels[g.of(i)] == label;
        let rows = match kind {
            Kind::Customers => {
                let n = self.ds().customers.len();
                let kept = (0..n).filter(|&i| self.sel.keeps(Kind::Customers, i) && of(i));
                self.in_id_order(kept.map(|i| i as u32).collect())
            }
            Kind::Orders => {
                let lines = completed_lines(self.sel, self.as_of.orders);
                self.by_date(kind, lines.into_iter().filter(|&i| of(i)))
            }
            Kind::Deals => self.deals_where(of),
            Kind::Tickets => self.tickets_where(of),
            Kind::Campaigns => {
                let chosen = chosen_campaigns(self.sel, self.as_of.campaigns);
                self.by_date(kind, chosen.into_iter().filter(|&i| of(i)))
            }
            Kind::Responses => self.contacts(of),
        };
        (kind, rows, formula, on)
    }

    fn cohort(&self, month: &str, months_since: u32) -> Found {
        let s = self.scan();
        let end = s.cur.to.0;
        let idx = self.sel.index();
        let bought_then = |c: usize, m0: i32| {
            let start = idx.start_of(c);
            let target = m0 + months_since as i32;
            (idx.rows_of(c).iter().enumerate())
                .take_while(|(_, r)| r.day <= end)
                .any(|(k, r)| {
                    r.kind() == RowKind::Purchase
                        && r.month() == target
                        && self.sel.keeps_order_at(start + k, r)
                })
        };
        let dense: Vec<u32> = (idx.in_id_order().iter().copied())
            .filter(|&c| {
                let st = &s.cust[c as usize];
                let m0 = st.first_ever.map(month_index);
                st.new
                    && m0.is_some_and(|m0| month_label(m0) == month && bought_then(c as usize, m0))
            })
            .collect();
        (
            Kind::Customers,
            self.customer_rows(&dense),
            Formula::Cohorts,
            On::Orders,
        )
    }

    fn campaign(&self, id: &str) -> Found {
        let ds = self.ds();
        let chosen = chosen_campaigns(self.sel, self.as_of.campaigns);
        let campaign = (chosen.iter().map(|&i| &ds.campaigns.rows[i]))
            .find(|c| ds.str(c.id) == id)
            .or_else(|| {
                (chosen.iter().map(|&i| &ds.campaigns.rows[i])).find(|c| ds.str(c.name) == id)
            });
        let mut dense: Vec<u32> = match campaign.and_then(campaign_window) {
            Some((a, b)) => (first_purchases(self.sel, self.as_of.campaigns))
                .filter(|&(_, d)| a.0 <= d && d <= b.0)
                .map(|(c, _)| c as u32)
                .collect(),
            None => Vec::new(),
        };
        let idx = self.sel.index();
        dense.sort_unstable_by_key(|&c| idx.id_rank(c as usize));
        let on = On::Bounds(Kind::Campaigns);
        (
            Kind::Customers,
            self.customer_rows(&dense),
            Formula::Campaigns,
            on,
        )
    }

    fn at_risk(&self) -> Found {
        let s = self.scan();
        let core = rfm_core(self.sel, &s, self.params.rfm_bins);
        let threshold = self.params.at_risk_p_alive;
        let mut risky: Vec<(f64, u32)> = (core.members.iter())
            .filter_map(|&c| {
                let p = self.model?.prediction(c as usize)?.p_alive;
                let revenue = super::units(s.cust[c as usize].revenue);
                (p < threshold && revenue > 0.0).then_some((revenue * (1.0 - p), c))
            })
            .collect();
        // Members are in natural id order: ties keep it.
        risky.sort_by(|a, b| b.0.total_cmp(&a.0));
        let dense: Vec<u32> = risky.into_iter().map(|(_, c)| c).collect();
        (
            Kind::Customers,
            self.customer_rows(&dense),
            Formula::AtRisk,
            On::Orders,
        )
    }

    fn top(&self) -> Found {
        let s = self.scan();
        let core = rfm_core(self.sel, &s, self.params.rfm_bins);
        let revenue = |c: u32| s.cust[c as usize].revenue;
        let mut dense = core.members.clone();
        // Members are in natural id order: a stable sort keeps it among equals.
        dense.sort_by_key(|&c| std::cmp::Reverse(revenue(c)));
        dense.truncate(TOP_CUSTOMERS);
        (
            Kind::Customers,
            self.customer_rows(&dense),
            Formula::TopCustomers,
            On::Orders,
        )
    }

    fn customer(&self, id: &str, kind: Kind) -> Found {
        let ds = self.ds();
        let idx = self.sel.index();
        let c = ds.strings.lookup(id).and_then(|s| idx.dense(s));
        let theirs = |customer: Sym| c.is_some() && idx.dense(customer) == c;
        let on = match kind {
            Kind::Customers | Kind::Orders => On::Orders,
            k => On::Bounds(k),
        };
        let rows = match (kind, c) {
            (_, None) => Vec::new(),
            (Kind::Customers, Some(c)) => {
                let kept = idx
                    .customer_row(c)
                    .filter(|&r| self.sel.keeps(Kind::Customers, r));
                kept.map(|r| vec![r as u32]).unwrap_or_default()
            }
            (Kind::Orders, Some(c)) => {
                let cur = self.order_period();
                self.orders_of(Some(c), |r| cur.contains(Day(r.day)))
            }
            (Kind::Deals, _) => self.deals_where(|i| theirs(ds.deals.rows[i].customer)),
            (Kind::Tickets, _) => self.tickets_where(|i| theirs(ds.tickets.rows[i].customer)),
            (Kind::Campaigns, _) => Vec::new(),
            (Kind::Responses, _) => self.contacts(|i| theirs(ds.responses.rows[i].customer)),
        };
        (kind, rows, Formula::CustomerRecords, on)
    }

    /// The customers an RFM segment or ABC class holds (`of(bins, core, member)`).
    fn classified(&self, of: impl Fn(u8, &RfmCore, usize) -> bool) -> Found {
        let s = self.scan();
        let core = rfm_core(self.sel, &s, self.params.rfm_bins);
        let dense: Vec<u32> = (0..core.members.len())
            .filter(|&i| of(core.bins, &core, i))
            .map(|i| core.members[i])
            .collect();
        (
            Kind::Customers,
            self.customer_rows(&dense),
            Formula::Rfm,
            On::Orders,
        )
    }

    // The selections, each that of its figure.

    fn scan(&self) -> Scan {
        scan(self.sel, self.as_of.orders, self.params)
    }

    fn order_period(&self) -> Period {
        let first = self.sel.index().purchase_span().map(|s| s.0);
        Period::resolve(self.sel.filter(), self.as_of.orders, first)
    }

    /// The order rows the pass reads for which `pred` holds, by date.
    fn orders(&self, pred: impl Fn(&Row) -> bool) -> Vec<u32> {
        self.orders_of(None, pred)
    }

    /// The order rows the orders' pass reads up to the period end (of customer `only`, or
    /// of every customer kept and of the orders without one) for which `pred` holds, by
    /// date (the compact rows' days: no look at the orders themselves).
    fn orders_of(&self, only: Option<usize>, pred: impl Fn(&Row) -> bool) -> Vec<u32> {
        let (sel, idx) = (self.sel, self.sel.index());
        let end = self.order_period().to.0;
        let mut keys: Vec<u64> = Vec::new();
        let mut take = |start: usize, rows: &[Row]| {
            for (k, r) in rows.iter().enumerate() {
                if r.day > end {
                    break;
                }
                if sel.keeps_order_at(start + k, r) && pred(r) {
                    keys.push(latest_first(Some(Day(r.day)), idx.order_row(start + k)));
                }
            }
        };
        let customers = match only {
            Some(c) => c..c + 1,
            None => 0..idx.len(),
        };
        for c in customers.filter(|&c| sel.keeps_customer(c)) {
            take(idx.start_of(c), idx.rows_of(c));
        }
        if only.is_none() && !sel.narrows_customers() {
            take(idx.start_of(idx.len()), idx.orphan_rows());
        }
        sorted_rows(keys)
    }

    /// The rows of the dense customers of the scan for which `pred` holds (of those it
    /// counts), in natural id order.
    fn customers(&self, s: &Scan, pred: &dyn Fn(&CustStat) -> bool) -> Vec<u32> {
        let order = self.sel.index().in_id_order().iter().copied();
        let dense: Vec<u32> = order
            .filter(|&c| {
                let st = &s.cust[c as usize];
                st.included && pred(st)
            })
            .collect();
        self.customer_rows(&dense)
    }

    /// The customers rows of dense customers, in their order (those without a row left out).
    fn customer_rows(&self, dense: &[u32]) -> Vec<u32> {
        let idx = self.sel.index();
        (dense.iter())
            .filter_map(|&c| idx.customer_row(c as usize).map(|r| r as u32))
            .collect()
    }

    /// Customer rows in natural id order of their customers (rows without one last).
    fn in_id_order(&self, mut rows: Vec<u32>) -> Vec<u32> {
        let (ds, idx) = (self.ds(), self.sel.index());
        let rank = |r: u32| {
            let id = ds.customers.rows[r as usize].id;
            idx.dense(id).map_or(u32::MAX, |c| idx.id_rank(c))
        };
        rows.sort_unstable_by_key(|&r| (rank(r), r));
        rows
    }

    fn snapshot(&self, pred: &dyn Fn(usize, Signal) -> bool) -> Vec<u32> {
        let rows = snapshot_rows(self.sel, self.as_of.customers);
        let kept = rows.into_iter().filter(|&(i, s)| pred(i, s));
        self.in_id_order(kept.map(|(i, _)| i as u32).collect())
    }

    /// The funnel's deals (of the current period) for which `pred` holds, by date.
    fn deals(&self, pred: impl Fn(&Deal) -> bool) -> Vec<u32> {
        let rows = &self.ds().deals.rows;
        self.deals_where(|i| pred(&rows[i]))
    }

    fn deals_where(&self, pred: impl Fn(usize) -> bool) -> Vec<u32> {
        let chosen = DealSelect::new(self.sel, self.as_of.deals).current();
        self.by_date(Kind::Deals, chosen.into_iter().filter(|&i| pred(i)))
    }

    fn tickets(&self, pred: impl Fn(&Ticket) -> bool) -> Vec<u32> {
        let rows = &self.ds().tickets.rows;
        self.tickets_where(|i| pred(&rows[i]))
    }

    fn tickets_where(&self, pred: impl Fn(usize) -> bool) -> Vec<u32> {
        let chosen = chosen_tickets(self.sel, self.as_of.tickets);
        self.by_date(Kind::Tickets, chosen.filter(|&i| pred(i)))
    }

    fn contacts(&self, pred: impl Fn(usize) -> bool) -> Vec<u32> {
        let chosen = counted_contacts(self.sel, self.as_of.responses);
        self.by_date(Kind::Responses, chosen.into_iter().filter(|&i| pred(i)))
    }

    /// Records of `kind` by their date, latest first (undated last), ties by row.
    fn by_date(&self, kind: Kind, rows: impl IntoIterator<Item = usize>) -> Vec<u32> {
        let ds = self.ds();
        let date = |i: usize| -> Option<Day> {
            match kind {
                Kind::Customers => ds.customers.rows[i].signup,
                Kind::Orders => Some(ds.orders.rows[i].date),
                Kind::Deals => DealSelect::date(&ds.deals.rows[i]),
                Kind::Tickets => ds.tickets.rows[i].day(),
                Kind::Campaigns => ds.campaigns.rows[i].start,
                Kind::Responses => ds.responses.rows[i].date,
            }
        };
        sorted_rows(rows.into_iter().map(|i| latest_first(date(i), i)).collect())
    }

    /// The explanation of a row set: the figure's formula, what it is, the filter, the
    /// period and as-of.
    fn explain(&self, figure: &Figure, formula: Formula, on: On, rows: usize) -> Explanation {
        let (ds, filter) = (self.ds(), self.sel.filter());
        let mut e = Explanation::new(formula, rows);
        let text = |s: &str| Shown::Text(s.to_string());
        match figure {
            Figure::Kpi(_) | Figure::AtRisk | Figure::TopCustomers => {}
            Figure::Element { label, .. }
            | Figure::Stage(label)
            | Figure::RfmSegment(label)
            | Figure::AbcClass(label)
            | Figure::Campaign(label)
            | Figure::Arm(label) => e = e.param(Term::Group, text(label)),
            Figure::Cohort {
                month,
                months_since,
            } => {
                e = e
                    .param(Term::Group, text(month))
                    .param(Term::MonthsSince, u64::from(*months_since));
            }
            Figure::Breakdown { column, label, .. } | Figure::SnapshotGroup { column, label } => {
                e = e
                    .param(Term::Column, text(column))
                    .param(Term::Group, text(label));
            }
            Figure::Customer { id, .. } => e = e.param(Term::CustomerId, text(id)),
            Figure::Change { import, .. } => {
                if let Some(i) = ds.history.get(*import) {
                    e = e.param(Term::Files, text(&i.files.join(", ")));
                }
                return e;
            }
        }
        if matches!(figure, Figure::AtRisk) {
            e = e.param(Term::AtRiskBelow, Shown::Rate(self.params.at_risk_p_alive));
        }
        e = match on {
            On::Orders => e
                .period(&self.order_period())
                .param(Term::AsOf, self.as_of.orders),
            On::Bounds(kind) => {
                let as_of = match kind {
                    Kind::Deals => self.as_of.deals,
                    Kind::Tickets => self.as_of.tickets,
                    Kind::Campaigns => self.as_of.campaigns,
                    Kind::Responses => self.as_of.responses,
                    Kind::Customers | Kind::Orders => self.as_of.orders,
                };
                let ((from, to), _) = deal_periods(filter, as_of);
                let e = match from {
                    Some(f) => e.param(Term::From, f),
                    None => e,
                };
                e.param(Term::To, to).param(Term::AsOf, as_of)
            }
            On::Snapshot => e.param(Term::AsOf, self.as_of.customers),
            On::Import => e,
        };
        for (term, values) in [
            (Term::Segment, &filter.segments),
            (Term::Channel, &filter.channels),
            (Term::Owner, &filter.owners),
        ] {
            for &v in values {
                e = e.param(term, text(ds.str(v)));
            }
        }
        for p in filter.picks.asked() {
            e = e.param(Term::Pick, Shown::Text(p.to_string()));
        }
        e
    }
}

/// A sort key of a record: its date, latest first (undated last), then its row.
fn latest_first(day: Option<Day>, row: usize) -> u64 {
    // Every day lies in years 0–9999: offset, it is a positive 32-bit number.
    let late = day.map_or(u32::MAX, |d| u32::MAX - 1 - (d.0 as i64 + (1 << 31)) as u32);
    u64::from(late) << 32 | row as u64
}

/// The rows of [`latest_first`] keys, in their order (one sort of plain numbers: a million
/// orders in tens of milliseconds).
fn sorted_rows(mut keys: Vec<u64>) -> Vec<u32> {
    keys.sort_unstable();
    keys.into_iter().map(|k| k as u32).collect()
}

/// A purchase or a return line: net revenue.
fn is_net(kind: RowKind) -> bool {
    matches!(kind, RowKind::Purchase | RowKind::Return)
}

/// Both dates, the second not before the first (a sales cycle).
fn cycle_known(from: Option<Day>, to: Option<Day>) -> bool {
    matches!((from, to), (Some(a), Some(b)) if b >= a)
}
