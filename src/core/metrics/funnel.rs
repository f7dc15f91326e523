//! Deals: stages in pipeline order, funnel conversion, win rate, sales cycle and the
//! weighted pipeline with stage probabilities learned from closed deals.

use super::calendar::{month_index, month_label};
use super::customer_index::CustomerIndex;
use super::explain::{Formula, Term};
use super::numeric::{ratio, summary};
use super::selection::Selection;
use super::{units, Explained, Explanation, Filter, Kpi, Params, Period};
use crate::model::{Dataset, Day, Deal, DealOutcome, Kind, Sym};
use crate::series::Series;
use serde::Serialize;

/// Pipeline rank of well-known stage names (matched on the lower-cased name).
const KNOWN_STAGES: [(&str, u32); 24] = [
    ("lead", 10),
    ("new", 10),
    ("prospect", 10),
    ("inbound", 10),
    ("contact", 20),
    ("qualif", 20),
    ("discovery", 20),
    ("engag", 25),
    ("meeting", 30),
    ("demo", 30),
    ("appointment", 30),
    ("presentation", 30),
    ("needs", 35),
    ("analysis", 35),
    ("evaluation", 35),
    ("solution", 35),
    ("proposal", 40),
    ("quot", 40),
    ("negotiat", 50),
    ("review", 50),
    ("contract", 50),
    ("commit", 60),
    ("decision", 60),
    ("verbal", 60),
];

/// Extra-column names (lower case, letters only) that record the last open stage a deal
/// reached; when present they tell how far a lost deal got.
const FURTHEST_STAGE_COLUMNS: [&str; 8] = [
    "laststage",
    "previousstage",
    "lostatstage",
    "loststage",
    "stagebeforelost",
    "furtheststage",
    "maxstage",
    "higheststage",
];

fn known_rank(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    KNOWN_STAGES
        .iter()
        .find(|(k, _)| lower.contains(k))
        .map(|&(_, r)| r)
}

/// The open stages of `deals` in pipeline order: known names by their usual place (lead <
/// qualified < meeting/demo < proposal < negotiation < commit), other names by the mean
/// probability stated on their deals (scaled onto the same 0–60 ranks), else after the
/// known ones in first-seen order. Won and lost deals are not open stages.
pub fn stage_order<'a>(ds: &Dataset, deals: impl IntoIterator<Item = &'a Deal>) -> Vec<Sym> {
    // (stage, first seen, Σ stated probability, count of stated)
    let mut stages: Vec<(Sym, usize, f64, u32)> = Vec::new();
    for d in deals {
        if d.outcome != DealOutcome::Open {
            continue;
        }
        let i = match stages.iter().position(|s| s.0 == d.stage) {
            Some(i) => i,
            None => {
                stages.push((d.stage, stages.len(), 0.0, 0));
                stages.len() - 1
            }
        };
        if let Some(p) = d.probability {
            stages[i].2 += f64::from(p);
            stages[i].3 += 1;
        }
    }
    let key = |s: &(Sym, usize, f64, u32)| -> (f64, usize) {
        let rank = match known_rank(ds.str(s.0)) {
            Some(r) => f64::from(r),
            None if s.3 > 0 => 60.0 * (s.2 / f64::from(s.3)) / 100.0,
            None => 1000.0,
        };
        (rank, s.1)
    };
    crate::sort::sort_by(&mut stages, |a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.0.total_cmp(&kb.0).then(ka.1.cmp(&kb.1))
    });
    stages.into_iter().map(|s| s.0).collect()
}

/// One funnel row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageRow {
    /// Stage name (`Won` and `Lost` rows close the list).
    pub stage: String,
    /// Open for a stage of the pipeline; `Won` and `Lost` for the closing rows.
    pub outcome: DealOutcome,
    /// Deals currently at the stage.
    pub deals: u64,
    /// Their amount.
    pub amount: f64,
    /// Deals that reached the stage: at it or at a later open stage, or won (lost deals only
    /// up to their recorded furthest stage; not at all when none is recorded).
    pub reached: u64,
    /// Amount of the deals that reached the stage.
    pub reached_amount: f64,
    /// reached(next) / reached(this), by count; `None` on the last row or when 0.
    pub conversion: Option<f64>,
    /// The same by amount.
    pub conversion_amount: Option<f64>,
    /// 1 − conversion, by count.
    pub drop_off: Option<f64>,
    /// 1 − conversion, by amount.
    pub drop_off_amount: Option<f64>,
}

/// The probability used for one open stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageProbability {
    /// Stage name.
    pub stage: String,
    /// Closed deals that reached the stage.
    pub closed_reached: u64,
    /// Of them, won.
    pub won: u64,
    /// won / closed_reached.
    pub learned: Option<f64>,
    /// The default: (k + 1) / (K + 1) for the k-th of K open stages (0-based).
    pub default: f64,
    /// Mean probability stated on open deals at the stage (0–1), when the file has one.
    pub stated: Option<f64>,
    /// The one used: learned when there are at least `min_closed_deals` closed deals,
    /// else the default.
    pub used: f64,
}

/// Created-to-closed durations in days.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cycle {
    /// Deals with both dates (closed ≥ created).
    pub deals: usize,
    /// Median days.
    pub median: Option<f64>,
    /// Mean days.
    pub mean: Option<f64>,
    /// How it was computed.
    pub explain: Explanation,
}

/// The funnel and pipeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Funnel {
    /// Deals selected by the filter.
    pub total: u64,
    /// How the counts and amounts are taken.
    pub explain: Explanation,
    /// How the stage table is computed.
    pub stages_explain: Explanation,
    /// How the probability per stage is chosen.
    pub probabilities_explain: Explanation,
    /// How won revenue per month is computed.
    pub won_by_month_explain: Explanation,
    /// Open deals.
    pub open: u64,
    /// Won deals.
    pub won: u64,
    /// Σ amount of the won deals (a pipeline's revenue when there are no orders).
    pub won_amount: f64,
    /// Lost deals.
    pub lost: u64,
    /// Open stages in pipeline order, then `Won`, then `Lost`.
    pub stages: Vec<StageRow>,
    /// Win rate = won / (won + lost), this period and the previous one.
    pub win_rate: Kpi,
    /// Sales cycle of won deals.
    pub cycle_won: Cycle,
    /// Sales cycle of all closed deals.
    pub cycle_closed: Cycle,
    /// Open amount (deals with an amount).
    pub open_amount: f64,
    /// Weighted pipeline = Σ open amount × stage probability.
    pub weighted_pipeline: Explained<f64>,
    /// Open deals without an amount (counted as 0).
    pub open_without_amount: u64,
    /// `learned` or `default`.
    pub probability_source: &'static str,
    /// The probability table.
    pub probabilities: Vec<StageProbability>,
    /// Deals counted here that have no date at all (no created, closed or expected close
    /// date: a prospect not yet engaged); they count over the whole history only.
    pub undated: u64,
    /// Deals without a date left out because the period has a start date.
    pub undated_left_out: u64,
    /// Won amount per month, by the won deals' close date (else created date), in the
    /// period: a pipeline's revenue when there are no orders.
    pub won_by_month: Series,
}

/// Which deals a filter selects: those its [`Selection`] keeps (owners, segments, picks),
/// by date ([`DealSelect::date`]).
pub(crate) struct DealSelect<'s, 'a> {
    sel: &'s Selection<'a>,
    as_of: Day,
}

impl<'s, 'a> DealSelect<'s, 'a> {
    pub(crate) fn new(sel: &'s Selection<'a>, as_of: Day) -> DealSelect<'s, 'a> {
        DealSelect { sel, as_of }
    }

    /// The deal's day in a period: a won or lost deal's close date (when its revenue and
    /// its outcome happened), else its created date; an open deal's created date, else its
    /// expected close.
    pub(crate) fn date(d: &Deal) -> Option<Day> {
        match d.outcome {
            DealOutcome::Won | DealOutcome::Lost => d.closed.or(d.created).or(d.expected_close),
            DealOutcome::Open => d.created.or(d.expected_close),
        }
    }

    /// The deals of the filter's current period, in file order.
    pub(crate) fn current(&self) -> Vec<usize> {
        let period = Some(deal_periods(self.sel.filter(), self.as_of).0);
        (0..self.sel.dataset().deals.len())
            .filter(|&i| self.keep(i, period))
            .collect()
    }

    /// Whether the selection keeps deal `i` and it falls in `period` (`None`: up to as-of,
    /// undated deals included).
    fn keep(&self, i: usize, period: Option<(Option<Day>, Day)>) -> bool {
        if !self.sel.keeps(Kind::Deals, i) {
            return false;
        }
        match (Self::date(&self.sel.dataset().deals.rows[i]), period) {
            (Some(day), Some((from, to))) => from.is_none_or(|f| f <= day) && day <= to,
            (Some(day), None) => day <= self.as_of,
            (None, Some(_)) => super::counts_undated(self.sel.filter()),
            (None, None) => true,
        }
    }
}

/// Whether deal `d` is at the funnel row `stage`: an open stage by its name; `Won` and
/// `Lost`, the funnel's last rows, by the deal's outcome, whatever its stage is called
/// ("Closed Won" is won).
pub(crate) fn at_stage(ds: &Dataset, d: &Deal, stage: &str) -> bool {
    match stage {
        "Won" => d.outcome == DealOutcome::Won,
        "Lost" => d.outcome == DealOutcome::Lost,
        _ => d.outcome == DealOutcome::Open && ds.str(d.stage) == stage,
    }
}

/// The rows of the deals the funnel counts at `stage` for `filter` ([`at_stage`]), in file
/// order: [`rows_behind`](super::rows_behind) of [`Figure::Stage`](super::Figure::Stage)
/// without its sort.
pub fn deals_at_stage(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: Day,
    stage: &str,
) -> Vec<usize> {
    let sel = Selection::new(ds, idx, filter);
    let deals = DealSelect::new(&sel, as_of).current();
    (deals.into_iter())
        .filter(|&i| at_stage(ds, &ds.deals.rows[i], stage))
        .collect()
}

/// Current and previous deal periods: `(from, to)` with `from = None` meaning unbounded;
/// the previous one exists only when the filter has a start date.
pub(crate) fn deal_periods(filter: &Filter, as_of: Day) -> ((Option<Day>, Day), Option<Period>) {
    let (from, to) = filter.bounds(as_of);
    let to = to.map_or(as_of, |t| t.min(as_of));
    let prev = from.map(|from| Period { from, to }.previous());
    ((from, to), prev)
}

fn furthest_column(ds: &Dataset) -> Option<usize> {
    ds.deals.extra_columns.iter().position(|c| {
        let name: String = ds
            .str(*c)
            .chars()
            .filter(|ch| ch.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        FURTHEST_STAGE_COLUMNS.contains(&name.as_str())
    })
}

/// The funnel for a filter.
pub fn funnel(
    ds: &Dataset,
    idx: &CustomerIndex,
    filter: &Filter,
    as_of: Day,
    params: &Params,
) -> Funnel {
    funnel_in(&Selection::new(ds, idx, filter), as_of, params)
}

/// The funnel of the deals `selection` keeps.
pub(crate) fn funnel_in(selection: &Selection<'_>, as_of: Day, params: &Params) -> Funnel {
    let (ds, filter) = (selection.dataset(), selection.filter());
    let sel = DealSelect::new(selection, as_of);
    let (cur, prev) = deal_periods(filter, as_of);
    let chosen: Vec<usize> = (0..ds.deals.len())
        .filter(|&i| sel.keep(i, Some(cur)))
        .collect();
    let deals = || chosen.iter().map(|&i| &ds.deals.rows[i]);
    let order = stage_order(ds, deals());
    let t = tally(ds, &chosen, &order);
    let (won, lost) = (t.won, t.lost);
    let closed = won.0 + lost.0;
    let learned_ok = closed as usize >= params.min_closed_deals && closed > 0;
    let probabilities = stage_probabilities(ds, &order, &t, learned_ok);
    let weighted: f64 = (t.at.iter().zip(&probabilities))
        .map(|(at, p)| units(at.1) * p.used)
        .sum();
    let win_rate_of = |w: u64, l: u64| ratio(w as f64, (w + l) as f64);
    let prev_rate = prev.and_then(|p| {
        let (w, l) = closed_in(ds, &sel, p);
        win_rate_of(w, l)
    });
    let undated = deals().filter(|d| DealSelect::date(d).is_none()).count() as u64;
    let undated_left_out = if super::counts_undated(filter) {
        0
    } else {
        (ds.deals.rows.iter().enumerate())
            .filter(|&(i, d)| DealSelect::date(d).is_none() && sel.keep(i, None))
            .count() as u64
    };
    let left_out = undated_left_out as usize;
    let source = if learned_ok {
        Term::Learned
    } else {
        Term::DefaultProbabilities
    };
    let explain = |formula, rows: u64| {
        Explanation::new(formula, rows as usize)
            .param(Term::AsOf, as_of)
            .left_out(left_out, super::UNDATED_REASON)
    };
    let probabilities_explain = explain(Formula::StageProbabilities, closed)
        .param(Term::Probabilities, source)
        .param(Term::ClosedDeals, closed)
        .param(Term::MinClosedDeals, params.min_closed_deals);
    let open = t.at.iter().map(|a| a.0).sum::<u64>();
    let explain_w = explain(Formula::WeightedPipeline, open).param(Term::Probabilities, source);
    Funnel {
        total: chosen.len() as u64,
        explain: explain(Formula::FunnelCounts, chosen.len() as u64),
        stages_explain: explain(Formula::FunnelStages, chosen.len() as u64),
        probabilities_explain,
        won_by_month_explain: explain(Formula::WonByMonth, won.0),
        open,
        won: won.0,
        won_amount: units(won.1),
        lost: lost.0,
        stages: stage_rows(ds, &order, &t),
        win_rate: Kpi::new(
            win_rate_of(won.0, lost.0),
            prev_rate,
            Explanation::new(Formula::WinRate, closed as usize)
                .left_out(left_out, super::UNDATED_REASON),
        ),
        cycle_won: sales_cycle(deals(), true, as_of),
        cycle_closed: sales_cycle(deals(), false, as_of),
        open_amount: units(t.open_amount),
        weighted_pipeline: Explained {
            value: weighted,
            explain: explain_w,
        },
        open_without_amount: t.open_without_amount,
        probability_source: if learned_ok { "learned" } else { "default" },
        probabilities,
        undated,
        undated_left_out,
        won_by_month: won_by_month(deals()),
    }
}

/// What the chosen deals add up to, by stage of the funnel's `order` (deals and amounts in
/// cents).
struct Tally {
    /// Per stage, the open deals at it.
    at: Vec<(u64, i64)>,
    won: (u64, i64),
    lost: (u64, i64),
    /// Per stage, the lost deals whose recorded furthest stage is it or later.
    lost_reached: Vec<(u64, i64)>,
    /// Per stage, the lost deals that reached it, for its probability: up to their furthest
    /// stage, or every stage when it is not recorded.
    lost_for_prob: Vec<u64>,
    open_without_amount: u64,
    open_amount: i64,
    /// Per stage, the Σ and count of the open deals' stated probabilities (0–1).
    stated: Vec<(f64, u32)>,
}

/// The [`Tally`] of deals `chosen` of `ds` over the stages `order`.
fn tally(ds: &Dataset, chosen: &[usize], order: &[Sym]) -> Tally {
    let k = order.len();
    let pos = |s: Sym| order.iter().position(|&o| o == s);
    let furthest = furthest_column(ds);
    let lost_reach = |i: usize| -> Option<usize> {
        let col = furthest?;
        let n = ds.deals.extra_columns.len();
        let v = ds.deals.extra_values[i * n + col];
        let name = ds.str(v).trim().to_lowercase();
        order.iter().position(|&s| ds.str(s).to_lowercase() == name)
    };
    let amount = |d: &Deal| d.amount.map_or(0, |m| m.0);
    let mut t = Tally {
        at: vec![(0, 0); k],
        won: (0, 0),
        lost: (0, 0),
        lost_reached: vec![(0, 0); k],
        lost_for_prob: vec![0; k],
        open_without_amount: 0,
        open_amount: 0,
        stated: vec![(0.0, 0); k],
    };
    for &i in chosen {
        let d = &ds.deals.rows[i];
        match d.outcome {
            DealOutcome::Open => {
                if let Some(p) = pos(d.stage) {
                    t.at[p].0 += 1;
                    t.at[p].1 += amount(d);
                    if let Some(pr) = d.probability {
                        t.stated[p].0 += f64::from(pr) / 100.0;
                        t.stated[p].1 += 1;
                    }
                }
                t.open_amount += amount(d);
                t.open_without_amount += u64::from(d.amount.is_none());
            }
            DealOutcome::Won => {
                t.won.0 += 1;
                t.won.1 += amount(d);
            }
            DealOutcome::Lost => {
                t.lost.0 += 1;
                t.lost.1 += amount(d);
                match lost_reach(i) {
                    Some(f) => {
                        for j in 0..=f {
                            t.lost_reached[j].0 += 1;
                            t.lost_reached[j].1 += amount(d);
                            t.lost_for_prob[j] += 1;
                        }
                    }
                    None => t.lost_for_prob.iter_mut().for_each(|c| *c += 1),
                }
            }
        }
    }
    t
}

/// The funnel's rows: each stage of `order`, then Won and Lost. A stage is reached by the
/// deals at it or later, the won ones, and the lost ones that got that far.
fn stage_rows(ds: &Dataset, order: &[Sym], t: &Tally) -> Vec<StageRow> {
    let k = order.len();
    let mut reached = vec![(0u64, 0i64); k + 1];
    reached[k] = t.won;
    for j in (0..k).rev() {
        reached[j] = (reached[j + 1].0 + t.at[j].0, reached[j + 1].1 + t.at[j].1);
    }
    for (r, lost) in reached.iter_mut().zip(&t.lost_reached) {
        r.0 += lost.0;
        r.1 += lost.1;
    }
    let mut stages = Vec::with_capacity(k + 2);
    for j in 0..=k {
        let (name, here, outcome) = if j < k {
            (ds.str(order[j]).to_string(), t.at[j], DealOutcome::Open)
        } else {
            ("Won".to_string(), t.won, DealOutcome::Won)
        };
        let next = (j < k).then(|| reached[j + 1]);
        let conv = next.and_then(|n| ratio(n.0 as f64, reached[j].0 as f64));
        let conv_amount = next.and_then(|n| ratio(n.1 as f64, reached[j].1 as f64));
        stages.push(StageRow {
            stage: name,
            outcome,
            deals: here.0,
            amount: units(here.1),
            reached: reached[j].0,
            reached_amount: units(reached[j].1),
            conversion: conv,
            conversion_amount: conv_amount,
            drop_off: conv.map(|c| 1.0 - c),
            drop_off_amount: conv_amount.map(|c| 1.0 - c),
        });
    }
    stages.push(StageRow {
        stage: "Lost".to_string(),
        outcome: DealOutcome::Lost,
        deals: t.lost.0,
        amount: units(t.lost.1),
        reached: t.lost.0,
        reached_amount: units(t.lost.1),
        conversion: None,
        conversion_amount: None,
        drop_off: None,
        drop_off_amount: None,
    });
    stages
}

/// Each open stage's probability of winning: learned from the closed deals that reached it
/// when `learned_ok` (enough closed deals), else the default `(j + 1) / (k + 1)`.
fn stage_probabilities(
    ds: &Dataset,
    order: &[Sym],
    t: &Tally,
    learned_ok: bool,
) -> Vec<StageProbability> {
    let k = order.len();
    (0..k)
        .map(|j| {
            let closed_reached = t.won.0 + t.lost_for_prob[j];
            let learned = ratio(t.won.0 as f64, closed_reached as f64);
            let default = (j + 1) as f64 / (k + 1) as f64;
            let (sum, n) = t.stated[j];
            StageProbability {
                stage: ds.str(order[j]).to_string(),
                closed_reached,
                won: t.won.0,
                learned,
                default,
                stated: (n > 0).then(|| sum / f64::from(n)),
                used: if learned_ok {
                    learned.unwrap_or(default)
                } else {
                    default
                },
            }
        })
        .collect()
}

/// The deals won and lost among those `sel` keeps in `period`.
fn closed_in(ds: &Dataset, sel: &DealSelect<'_, '_>, period: Period) -> (u64, u64) {
    let (mut w, mut l) = (0u64, 0u64);
    for (i, d) in ds.deals.rows.iter().enumerate() {
        if sel.keep(i, Some((Some(period.from), period.to))) {
            w += u64::from(d.outcome == DealOutcome::Won);
            l += u64::from(d.outcome == DealOutcome::Lost);
        }
    }
    (w, l)
}

/// The sales cycle (created to closed, in days) of the won deals, or of every closed deal.
fn sales_cycle<'a>(deals: impl Iterator<Item = &'a Deal>, only_won: bool, as_of: Day) -> Cycle {
    let mut days: Vec<f64> = deals
        .filter(|d| match d.outcome {
            DealOutcome::Won => true,
            DealOutcome::Lost => !only_won,
            DealOutcome::Open => false,
        })
        .filter_map(|d| match (d.created, d.closed) {
            (Some(c), Some(e)) if e >= c => Some(f64::from(e.0 - c.0)),
            _ => None,
        })
        .collect();
    let (median, mean, _) = summary(&mut days);
    let formula = if only_won {
        Formula::CycleWon
    } else {
        Formula::CycleClosed
    };
    Cycle {
        deals: days.len(),
        median,
        mean,
        explain: Explanation::new(formula, days.len()).param(Term::AsOf, as_of),
    }
}

/// Σ amount of the won deals per month of their close date (else created date), every
/// month from the first to the last (0 where none was won).
fn won_by_month<'a>(deals: impl Iterator<Item = &'a Deal>) -> Series {
    let won: Vec<(i32, i64)> = deals
        .filter(|d| d.outcome == DealOutcome::Won)
        .filter_map(|d| {
            let day = d.closed.or(d.created)?;
            Some((month_index(day), d.amount.map_or(0, |m| m.0)))
        })
        .collect();
    let mut s = Series::new("Won");
    let (Some(lo), Some(hi)) = (won.iter().map(|w| w.0).min(), won.iter().map(|w| w.0).max())
    else {
        return s;
    };
    let mut sums = vec![0i64; (hi - lo + 1) as usize];
    for (m, a) in won {
        sums[(m - lo) as usize] = sums[(m - lo) as usize].saturating_add(a);
    }
    for (i, v) in sums.into_iter().enumerate() {
        s.push(month_label(lo + i as i32), units(v));
    }
    s
}
