//! Every dashboard metric from one pass: [`dashboard`].

use super::calendar::{month_end, month_index};
use super::clv::{BgNbd, CustomerModel, GammaGamma, ModelFit};
use super::cohorts::{cohorts_from, Cohorts};
use super::customer_index::CustomerIndex;
use super::customers::{customers_from, CustomerMetrics};
use super::explain::{Formula, Shown, Term};
use super::forecast::{forecast, Forecast};
use super::funnel::{funnel_in, Funnel};
use super::marketing::{marketing_from, Marketing};
use super::numeric::ratio;
use super::responses::{responses_in, Responses};
use super::rfm::{rfm_core, rfm_from, top_rows, CustomerRow, Rfm, RfmCore};
use super::sales::{sales_from, Sales};
use super::scan::{scan_paced, Scan};
use super::seed_indices::{indices_from, Indices};
use super::selection::Selection;
use super::snapshot::{snapshot_in, Snapshot};
use super::support::{support_in, Support};
use super::{units, AsOf, Explanation, Filter, Params, Period};
use crate::model::{Dataset, Day};
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};
use serde::Serialize;

/// Historical and predicted customer value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Value {
    /// Customers with a purchase in the period.
    pub customers: usize,
    /// Mean net revenue per such customer.
    pub revenue_per_customer: Option<f64>,
    /// Σ over customers of the spec's V = revenue × orders (a ranking score).
    pub value_v: f64,
    /// How V was computed.
    pub value_v_explain: Explanation,
    /// The BG/NBD fit (time unit: days), when there was enough data.
    pub bgnbd: Option<ModelFit<BgNbd>>,
    /// The Gamma-Gamma fit.
    pub gamma_gamma: Option<ModelFit<GammaGamma>>,
    /// Mean P(alive) of the customers.
    pub mean_p_alive: Option<f64>,
    /// Σ expected purchases in the next `prediction_days`.
    pub expected_purchases: Option<f64>,
    /// Σ CLV.
    pub clv_total: Option<f64>,
    /// Mean CLV.
    pub clv_mean: Option<f64>,
    /// How it was computed.
    pub explain: Explanation,
}

/// Every metric of the dashboard (the JSON document of `rapport metrics`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dashboard {
    /// The as-of date of each kind, `YYYY-MM-DD`.
    pub as_of: AsOf,
    /// The parameters used.
    pub params: Params,
    /// The current period.
    pub period: Period,
    /// The previous period of equal length.
    pub previous_period: Period,
    /// Customer counts, churn, repeat rate.
    pub customers: CustomerMetrics,
    /// Revenue, orders, AOV and breakdowns.
    pub sales: Sales,
    /// Monthly revenue forecast.
    pub forecast: Forecast,
    /// Deals funnel and pipeline.
    pub funnel: Funnel,
    /// RFM, segments and ABC.
    pub rfm: Rfm,
    /// Customer value.
    pub value: Value,
    /// The ten customers with the most net revenue in the period (descending; ties in
    /// natural id order), as rows of the per-customer table.
    pub top_customers: Vec<CustomerRow>,
    /// How the top customers' rows are computed.
    pub top_customers_explain: Explanation,
    /// Acquisition cohorts.
    pub cohorts: Cohorts,
    /// Support tickets.
    pub support: Support,
    /// Marketing campaigns.
    pub marketing: Marketing,
    /// Satisfaction and loyalty indices.
    pub indices: Indices,
    /// A customer snapshot's churn, recurring revenue and retention; `None` when no
    /// customer carries a status, tenure, charge or churn date.
    pub snapshot: Option<Snapshot>,
    /// Campaign contacts: response, conversion, revenue per contact, per arm and the
    /// uplift over a control arm recognised by its name; `None` without contacts.
    pub responses: Option<Responses>,
    /// Records of each kind in the dataset (whatever the filter), so a page shows the
    /// figures of the kinds that were imported.
    pub records: Records,
}

/// How many records of each kind a dataset holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Records {
    /// Customers (placeholders for ids other files name included).
    pub customers: usize,
    /// Orders.
    pub orders: usize,
    /// Deals.
    pub deals: usize,
    /// Tickets.
    pub tickets: usize,
    /// Campaigns.
    pub campaigns: usize,
    /// Campaign contacts.
    pub responses: usize,
}

impl Records {
    /// The counts of `ds`.
    pub fn of(ds: &Dataset) -> Records {
        Records {
            customers: ds.customers.len(),
            orders: ds.orders.len(),
            deals: ds.deals.len(),
            tickets: ds.tickets.len(),
            campaigns: ds.campaigns.len(),
            responses: ds.responses.len(),
        }
    }
}

/// The model's diagnostics as parameters of the CLV explanation: for each fit, whether it
/// converged, the customers and distinct inputs it summed over, and its log-likelihood.
fn fit_diagnostics(e: Explanation, model: Option<&CustomerModel>) -> Explanation {
    let Some(m) = model else {
        return e.param(Term::Model, Term::NotFittedYet);
    };
    let e = match &m.bgnbd {
        Some(f) => fit_params(e, Term::BgNbd, Term::DistinctTriples, f),
        None => e.param(Term::BgNbd, Term::TooFewRepeaters),
    };
    match &m.gamma_gamma {
        Some(f) => fit_params(e, Term::GammaGamma, Term::DistinctPairs, f),
        None => e,
    }
}

/// One fit's diagnostics, each parameter named after `model`.
fn fit_params<M>(e: Explanation, model: Term, inputs: Term, f: &ModelFit<M>) -> Explanation {
    let log_likelihood = f.mean_log_likelihood * f.customers as f64;
    e.param_of(model, Term::Converged, f.converged)
        .param_of(model, Term::Customers, f.customers)
        .param_of(model, inputs, f.distinct)
        .param_of(model, Term::LogLikelihood, Shown::Number(log_likelihood))
}

/// How many customers [`Dashboard::top_customers`] lists.
pub const TOP_CUSTOMERS: usize = 10;

/// Computes every dashboard metric: one pass over the orders plus small passes over deals,
/// tickets and campaigns, each kind at its own as-of date. `model` comes from
/// [`CustomerModel::fit`] (per dataset and `as_of.orders`); without it the predictive
/// figures are `None`. Derived customer picks are resolved here ([`Filter::with_index`]:
/// a second pass when the RFM or ABC class is picked).
pub fn dashboard(
    ds: &Dataset,
    idx: &CustomerIndex,
    model: Option<&CustomerModel>,
    filter: &Filter,
    as_of: &AsOf,
    params: &Params,
) -> Dashboard {
    let mut pace = NoPause;
    let paced = dashboard_paced((ds, idx, model), filter, as_of, params, &mut pace);
    unpaced(paced).expect("NoPause never cancels")
}

/// [`dashboard`], offering `pace` a pause within the pass over the orders and between the
/// larger parts after it: at a million orders it is some 60 ms of wasm, too long for one
/// task of a page.
pub async fn dashboard_paced(
    (ds, idx, model): (&Dataset, &CustomerIndex, Option<&CustomerModel>),
    filter: &Filter,
    as_of: &AsOf,
    params: &Params,
    pace: &mut dyn Pace,
) -> Result<Dashboard, Cancelled> {
    let all = *as_of;
    let filter = &*filter.resolved(ds, idx, as_of, params);
    let sel = Selection::new(ds, idx, filter);
    let as_of = all.orders;
    let s = scan_paced(&sel, as_of, params, pace).await?;
    pause(pace).await?;
    let core = rfm_core(&sel, &s, params.rfm_bins);
    pause(pace).await?;

    // Forecast on complete months only.
    let end = s.cur.to;
    let mut history: Vec<f64> = s.history.iter().map(|&v| units(v)).collect();
    if !history.is_empty() && month_end(month_index(end)) != end {
        history.pop();
    }
    let fc = forecast(
        &history,
        s.history0,
        params.forecast_months,
        params.backtest_months,
    );
    let value = value_of(model, &s, &core, as_of, params);
    let snapshot = snapshot_in(&sel, all.customers);
    let (customers, sales) = headline((ds, idx), filter, &s, snapshot.as_ref(), params);
    pause(pace).await?;
    let funnel = funnel_in(&sel, all.deals, params);
    pause(pace).await?;
    let rfm = rfm_from(&s, &core);
    pause(pace).await?;
    let top_customers = top_rows((ds, idx, model), &s, &core, as_of, TOP_CUSTOMERS);
    let indices = indices_from(ds, idx, model, &s, &core);
    pause(pace).await?;
    Ok(Dashboard {
        as_of: all,
        params: params.clone(),
        period: s.cur,
        previous_period: s.prev,
        customers,
        sales,
        forecast: fc,
        funnel,
        rfm,
        top_customers,
        top_customers_explain: super::rfm::listing(Formula::TopCustomers, &s.cur, as_of, idx.len()),
        value,
        cohorts: cohorts_from(&s),
        support: support_in(&sel, all.tickets),
        marketing: marketing_from(&sel, &s, all.campaigns),
        indices,
        snapshot,
        responses: responses_in(&sel, all.responses, None),
        records: Records::of(ds),
    })
}

/// The customer and sales figures of the pass `s`: without their previous period's when
/// the filter is the whole history, the churn from the customer snapshot when there is one.
fn headline(
    (ds, idx): (&Dataset, &CustomerIndex),
    filter: &Filter,
    s: &Scan,
    snapshot: Option<&Snapshot>,
    params: &Params,
) -> (CustomerMetrics, Sales) {
    let mut customers = customers_from(s, params);
    let mut sales = sales_from(ds, idx, s);
    if filter.whole_history() {
        // The whole history has no previous period to compare with.
        let c = &mut customers;
        for k in [&mut c.total, &mut c.active, &mut c.new, &mut c.repeat_rate] {
            *k = k.clone().without_previous();
        }
        let s = &mut sales;
        for k in [
            &mut s.revenue,
            &mut s.gross,
            &mut s.refunds,
            &mut s.orders,
            &mut s.aov,
        ] {
            *k = k.clone().without_previous();
        }
    }
    if let Some(snap) = snapshot {
        customers.churn = customers.churn.from_snapshot(snap, ds.orders.len());
    }
    (customers, sales)
}

/// The customers' value in the period of the pass `s`, over the customers of `core`: the
/// historical figures, and the predicted ones when there is a `model`.
fn value_of(
    model: Option<&CustomerModel>,
    s: &Scan,
    core: &RfmCore,
    as_of: Day,
    params: &Params,
) -> Value {
    let n = core.members.len();
    let preds: Vec<_> = (core.members.iter())
        .filter_map(|&c| model.and_then(|m| m.prediction(c as usize)))
        .collect();
    let has_model = model.is_some_and(|m| m.bgnbd.is_some()) && !preds.is_empty();
    let clvs: Vec<f64> = preds.iter().filter_map(|p| p.clv).collect();
    let stat = |c: &u32| &s.cust[*c as usize];
    let revenue: i64 = core.members.iter().map(|c| stat(c).revenue).sum();
    let value_v: f64 = (core.members.iter())
        .map(|c| units(stat(c).revenue) * f64::from(stat(c).orders))
        .sum();
    let explain = Explanation::new(Formula::CustomerModel, preds.len())
        .param(Term::AsOf, as_of)
        .param(
            Term::PredictionDays,
            Shown::Count(params.prediction_days as u64),
        )
        .param(Term::ClvMonths, Shown::Count(params.clv_months as u64))
        .param(
            Term::DiscountRate,
            Shown::Rate(params.monthly_discount_rate),
        );
    Value {
        customers: n,
        revenue_per_customer: ratio(units(revenue), n as f64),
        value_v,
        value_v_explain: Explanation::new(Formula::ValueV, n).period(&s.cur),
        bgnbd: model.and_then(|m| m.bgnbd),
        gamma_gamma: model.and_then(|m| m.gamma_gamma),
        mean_p_alive: has_model
            .then(|| preds.iter().map(|p| p.p_alive).sum::<f64>() / preds.len() as f64),
        expected_purchases: has_model.then(|| preds.iter().map(|p| p.expected_purchases).sum()),
        clv_total: (!clvs.is_empty()).then(|| clvs.iter().sum()),
        clv_mean: ratio(clvs.iter().sum(), clvs.len() as f64),
        explain: fit_diagnostics(explain, model),
    }
}
