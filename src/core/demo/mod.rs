//! Demo data: a seeded, deterministic generator of all five record kinds with the shapes
//! real CRM data has, so that every page and metric has something to find.
//!
//! Over `years` (default 3) ending at `as_of`:
//!
//! - **customers** sign up at a growing rate, some during campaigns; English and Chinese
//!   names, e-mails, phones written the way each country writes them (leading `0` or `+`),
//!   cities, segments (Consumer, Small Business, Corporate, Enterprise), acquisition
//!   channels and a handful of owners;
//! - **orders**: each buyer purchases as a Poisson process while alive and stops after an
//!   exponentially distributed lifetime (churn, as Pareto/NBD-type models see it), with monthly
//!   seasonality (November/December peak), a weekday pattern and a lift during campaigns.
//!   Rates, basket sizes and lifetimes vary by segment and by customer, so spend is Pareto
//!   shaped (the top 20 % of buyers bring 70–80 % of revenue). A few orders are refunded
//!   or cancelled, and the last days' are partly pending;
//! - **deals** move Lead → Qualified → Proposal → Negotiation → Closed Won / Closed Lost with
//!   drop-off at every stage; the stage a lost deal was lost at is kept in an extra column
//!   `lost_at_stage` (which the funnel reads); deals still under way at `as_of` are open;
//! - **tickets** follow orders (shipping, returns...) and arrive in the background, with
//!   long-tailed response and resolution times, CSAT on about 60 % and NPS on about 30 %,
//!   and a backlog of open tickets near `as_of`;
//! - **campaigns** (8–15) with costs and funnel counts consistent with the orders of their
//!   window; one or two e-mail campaigns have an audience and a holdout group.
//!
//! Every draw comes from a [`Xoshiro256PlusPlus`] seeded with `seed` (one stream per record
//! kind), never from the clock or the system: the same options give the same dataset.

mod names;
mod write;

pub use write::to_csv;

use crate::model::{
    Campaign, Customer, Dataset, Day, Deal, DealOutcome, Money, Order, OrderStatus, Response, Sym,
    Table, Ticket, Timestamp,
};
use names::{PhoneStyle, Place};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};
use std::collections::HashSet;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    /// Seed of the random streams: the same options always give the same dataset.
    pub seed: u64,
    /// Number of customers (exact).
    pub customers: usize,
    /// The last day of the data ("today" of the demo); nothing happens after it.
    pub as_of: Day,
    /// Years of history ending at `as_of` (at least 1).
    pub years: u32,
}

impl Default for DemoOptions {
    /// Seed 42, 2,000 customers, three years ending on 2026-06-30.
    fn default() -> Self {
        DemoOptions {
            seed: 42,
            customers: 2_000,
            as_of: Day::from_ymd(2026, 6, 30).expect("a valid date"),
            years: 3,
        }
    }
}

impl DemoOptions {
    /// The first day of the generated history (`years` before `as_of`, plus one day).
    pub fn start(&self) -> Day {
        let months = chrono::Months::new(12 * self.years.max(1));
        let date = self.as_of.to_naive();
        let first = date
            .checked_sub_months(months)
            .unwrap_or(date - chrono::TimeDelta::days(365 * i64::from(self.years.max(1))));
        Day(Day::from_naive(first).0 + 1)
    }
}

/// Generates the demo dataset (see the module documentation for its shapes).
pub fn generate(options: &DemoOptions) -> Dataset {
    let start = options.start();
    let span = (options.as_of.0 - start.0 + 1).max(1) as usize;
    let ctx = Context {
        seed: options.seed,
        start,
        span,
        as_of: options.as_of,
        scale: (options.customers as f64 / 2_000.0).max(0.01),
    };
    let mut ds = Dataset::default();
    let plans = plan_campaigns(&ctx);
    let demand = demand(&ctx, &plans);
    let mut profiles = customer_profiles(&ctx, options.customers, &plans);
    for (i, p) in profiles.iter_mut().enumerate() {
        p.id = ds.strings.intern(&format!("C{:05}", i + 1));
    }
    let orders = draft_orders(&ctx, &profiles, &demand);
    build_customers(&ctx, &mut ds, &profiles, &orders);
    build_orders(&ctx, &mut ds, &profiles, &orders);
    build_deals(&ctx, &mut ds, &profiles);
    build_tickets(&ctx, &mut ds, &profiles, &orders);
    build_campaigns(&ctx, &mut ds, &plans, &orders, &profiles);
    build_responses(&ctx, &mut ds, &plans, &profiles);
    ds
}

/// The contact list of the last e-mail test with a holdout: every customer who had signed
/// up by its start, four in five mailed (the campaign's arm), one in five held out (its
/// control arm); mailing lifts visits and conversions.
fn build_responses(ctx: &Context, ds: &mut Dataset, plans: &[CampaignPlan], profiles: &[Profile]) {
    let Some(p) = plans.iter().rev().find(|p| p.kind == CampaignKind::Holdout) else {
        return;
    };
    let mut rng = ctx.rand(stream::RESPONSES);
    let s = &mut ds.strings;
    let (mailed, held_out) = (
        s.intern(&p.name),
        s.intern(&format!("{} (control)", p.name)),
    );
    let (email, sent) = (s.intern("email"), ctx.day(p.first));
    let mut rows = Vec::new();
    for c in profiles.iter().filter(|c| c.signup < p.first) {
        let treated = rng.chance(0.8);
        let (visit, convert) = if treated {
            (0.14, 0.075)
        } else {
            (0.07, 0.042)
        };
        let converted = rng.chance(convert * if c.buyer { 1.5 } else { 0.3 });
        let spend =
            converted.then(|| Money::from_cents((rng.uniform(40.0, 160.0) * 100.0).round() as i64));
        rows.push(Response {
            customer: c.id,
            campaign: if treated { mailed } else { held_out },
            date: Some(sent),
            channel: email,
            responded: Some(converted || rng.chance(visit)),
            converted: Some(converted),
            revenue: Some(spend.unwrap_or_default()),
            ..Response::default()
        });
    }
    ds.responses = table(rows);
}

/// Shared facts about the run.
struct Context {
    seed: u64,
    start: Day,
    /// Days from `start` to `as_of` inclusive.
    span: usize,
    as_of: Day,
    /// Customers relative to the default 2,000 (scales campaign budgets and audiences).
    scale: f64,
}

impl Context {
    /// The random stream for one part of the generation.
    fn rand(&self, stream: u64) -> Rand {
        Rand(Xoshiro256PlusPlus::seed_from_u64(
            self.seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        ))
    }

    /// The date of day index `i` (0 = `start`).
    fn day(&self, i: usize) -> Day {
        Day(self.start.0 + i as i32)
    }

    /// The index of `day`, if it is in the history.
    fn index(&self, day: Day) -> Option<usize> {
        let i = day.0 - self.start.0;
        (i >= 0 && (i as usize) < self.span).then_some(i as usize)
    }

    /// The first second after `as_of`.
    fn end_ts(&self) -> i64 {
        i64::from(self.as_of.0 + 1) * Timestamp::DAY
    }
}

/// A seeded random stream with the few distributions the generator needs. The integer
/// stream is the same on every platform (no `usize`-dependent sampling); values shaped with
/// `ln`/`exp`/`cos` use the platform's math library, whose last bit may differ between
/// targets, so exact equality is promised for the same build, not across targets.
struct Rand(Xoshiro256PlusPlus);

impl Rand {
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in lo..=hi.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Exponential with the given mean.
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal with the given median and log-scale spread.
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// One item, uniformly.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index, with probability proportional to its weight.
    fn weighted_index(&mut self, weights: impl Iterator<Item = f64> + Clone) -> usize {
        let total: f64 = weights.clone().sum();
        let mut x = self.unit() * total;
        let mut last = 0;
        for (i, w) in weights.enumerate() {
            if w > 0.0 {
                last = i;
                if x < w {
                    return i;
                }
                x -= w;
            }
        }
        last
    }

    /// One item of `(item, weight)` pairs.
    fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        items[self.weighted_index(items.iter().map(|(_, w)| *w))].0
    }

    /// `n` random decimal digits.
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

/// Independent random streams, one per part.
mod stream {
    /// Which campaigns run when.
    pub const CAMPAIGNS: u64 = 1;
    /// Signup, segment and buying behaviour of each customer.
    pub const CUSTOMERS: u64 = 2;
    /// The orders: when each customer buys, what and how much.
    pub const ORDERS: u64 = 3;
    /// The deals of the customers whose segment has deals.
    pub const DEALS: u64 = 4;
    /// The tickets: when they are opened, answered and resolved, and how they are rated.
    pub const TICKETS: u64 = 5;
    /// Campaign costs and results.
    pub const CAMPAIGN_RESULTS: u64 = 6;
    /// Names, places, e-mails and phones of the customers.
    pub const CONTACTS: u64 = 7;
    /// The contacts of the last holdout test.
    pub const RESPONSES: u64 = 8;
}

// ---------------------------------------------------------------------------------------
// Segments and products.

/// Product categories, in the order of [`Segment::categories`].
const CATEGORIES: [&str; 6] = [
    "Electronics",
    "Office Supplies",
    "Furniture",
    "Software",
    "Services",
    "Home & Kitchen",
];

/// How customers of a segment behave.
struct Segment {
    name: &'static str,
    /// Share of customers.
    weight: f64,
    /// Median orders per year while active.
    orders_per_year: f64,
    /// Mean active lifetime in years (exponential).
    lifetime_years: f64,
    /// Median quantity per line.
    quantity: f64,
    /// Category preferences, in [`CATEGORIES`] order.
    categories: [f64; 6],
    /// Sales channels of its orders.
    channels: &'static [(&'static str, f64)],
    /// Deals per active year (0: none).
    deals_per_year: f64,
    /// Median deal amount in currency units.
    deal_amount: f64,
    /// Sales-cycle length factor.
    cycle: f64,
    /// Share of orders with a discount.
    discount_rate: f64,
}

const CONSUMER_CHANNELS: &[(&str, f64)] = &[
    ("Online Store", 55.0),
    ("Mobile App", 25.0),
    ("Retail", 15.0),
    ("Marketplace", 5.0),
];
const BUSINESS_CHANNELS: &[(&str, f64)] =
    &[("Sales Rep", 45.0), ("Online Store", 40.0), ("Phone", 15.0)];

const SEGMENTS: [Segment; 4] = [
    Segment {
        name: "Consumer",
        weight: 55.0,
        orders_per_year: 4.5,
        lifetime_years: 1.6,
        quantity: 1.0,
        categories: [32.0, 8.0, 8.0, 6.0, 0.0, 46.0],
        channels: CONSUMER_CHANNELS,
        deals_per_year: 0.0,
        deal_amount: 0.0,
        cycle: 1.0,
        discount_rate: 0.08,
    },
    Segment {
        name: "Small Business",
        weight: 25.0,
        orders_per_year: 6.5,
        lifetime_years: 2.0,
        quantity: 1.5,
        categories: [25.0, 30.0, 15.0, 15.0, 5.0, 10.0],
        channels: BUSINESS_CHANNELS,
        deals_per_year: 0.35,
        deal_amount: 4_000.0,
        cycle: 0.8,
        discount_rate: 0.12,
    },
    Segment {
        name: "Corporate",
        weight: 14.0,
        orders_per_year: 8.0,
        lifetime_years: 3.0,
        quantity: 2.5,
        categories: [20.0, 25.0, 20.0, 20.0, 10.0, 5.0],
        channels: BUSINESS_CHANNELS,
        deals_per_year: 0.8,
        deal_amount: 18_000.0,
        cycle: 1.0,
        discount_rate: 0.18,
    },
    Segment {
        name: "Enterprise",
        weight: 6.0,
        orders_per_year: 10.0,
        lifetime_years: 4.5,
        quantity: 3.0,
        categories: [15.0, 15.0, 20.0, 30.0, 20.0, 0.0],
        channels: BUSINESS_CHANNELS,
        deals_per_year: 1.6,
        deal_amount: 80_000.0,
        cycle: 1.6,
        discount_rate: 0.25,
    },
];

/// Monthly demand (January first): a November/December peak, a January/February dip.
const MONTH_FACTOR: [f64; 12] = [
    0.80, 0.78, 0.92, 0.95, 1.00, 0.95, 0.90, 0.93, 1.00, 1.05, 1.45, 1.70,
];
/// Demand by weekday (Monday first).
const WEEKDAY_FACTOR: [f64; 7] = [1.05, 1.10, 1.10, 1.05, 1.00, 0.85, 0.70];

// ---------------------------------------------------------------------------------------
// Campaigns: planned first (their windows lift demand and bring signups), results filled
// in from the orders of their window at the end.

/// What kind of campaign a template is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CampaignKind {
    /// Paid media: impressions, clicks, leads.
    Paid,
    /// E-mail to the customer base: audience, clicks.
    Email,
    /// E-mail with a holdout group.
    Holdout,
}

/// A recurring campaign: name, channel, start (month, day; month 0 = the week before Black
/// Friday), length in days, demand lift, kind.
type Template = (
    &'static str,
    &'static str,
    (u32, u32),
    u32,
    f64,
    CampaignKind,
);

const TEMPLATES: &[Template] = &[
    (
        "New Year Kick-off",
        "email",
        (1, 3),
        14,
        0.20,
        CampaignKind::Email,
    ),
    (
        "Spring Sale",
        "social",
        (3, 14),
        21,
        0.35,
        CampaignKind::Paid,
    ),
    (
        "Mother's Day",
        "social",
        (4, 28),
        12,
        0.25,
        CampaignKind::Paid,
    ),
    (
        "Loyalty Programme",
        "email",
        (5, 12),
        28,
        0.15,
        CampaignKind::Holdout,
    ),
    (
        "Summer Sale",
        "display",
        (6, 19),
        21,
        0.30,
        CampaignKind::Paid,
    ),
    (
        "Back to School",
        "search",
        (8, 14),
        26,
        0.25,
        CampaignKind::Paid,
    ),
    ("Win-back", "email", (9, 9), 21, 0.15, CampaignKind::Holdout),
    (
        "Black Friday",
        "social",
        (0, 0),
        10,
        0.70,
        CampaignKind::Paid,
    ),
    ("Christmas", "email", (12, 3), 19, 0.30, CampaignKind::Email),
];

/// A campaign before it becomes a record: its days, channel and the demand it lifts.
struct CampaignPlan {
    name: String,
    channel: &'static str,
    /// Day indexes, inclusive.
    first: usize,
    last: usize,
    lift: f64,
    kind: CampaignKind,
}

/// The Friday after the fourth Thursday of November.
fn black_friday(year: i32) -> Option<Day> {
    use chrono::Datelike;
    let nov1 = chrono::NaiveDate::from_ymd_opt(year, 11, 1)?;
    let to_thursday = (3 + 7 - nov1.weekday().num_days_from_monday()) % 7;
    Day::from_ymd(year, 11, 1 + to_thursday + 21 + 1)
}

fn plan_campaigns(ctx: &Context) -> Vec<CampaignPlan> {
    let mut rng = ctx.rand(stream::CAMPAIGNS);
    let (first_year, _, _) = ctx.start.ymd();
    let (last_year, _, _) = ctx.as_of.ymd();
    let mut candidates = Vec::new();
    for year in first_year..=last_year {
        for &(name, channel, (month, day), len, lift, kind) in TEMPLATES {
            let begin = if month == 0 {
                black_friday(year).map(|d| Day(d.0 - 6))
            } else {
                Day::from_ymd(year, month, day)
            };
            let Some(begin) = begin else { continue };
            let (Some(first), Some(last)) =
                (ctx.index(begin), ctx.index(Day(begin.0 + len as i32 - 1)))
            else {
                continue;
            };
            candidates.push(CampaignPlan {
                name: format!("{name} {year}"),
                channel,
                first,
                last,
                lift,
                kind,
            });
        }
    }
    // Always the latest Black Friday and the latest holdout test; then a random choice.
    let want = rng.between(8, 15) as usize;
    let mut chosen = vec![false; candidates.len()];
    for pick in [
        |c: &CampaignPlan| c.name.starts_with("Black Friday"),
        |c: &CampaignPlan| c.kind == CampaignKind::Holdout,
    ] {
        if let Some(i) = (0..candidates.len()).rev().find(|&i| pick(&candidates[i])) {
            chosen[i] = true;
        }
    }
    let mut holdouts = chosen
        .iter()
        .zip(&candidates)
        .filter(|(c, p)| **c && p.kind == CampaignKind::Holdout)
        .count();
    while chosen.iter().filter(|c| **c).count() < want.min(candidates.len()) {
        let i = rng.below(candidates.len());
        if chosen[i] {
            continue;
        }
        // At most two holdout tests; the others run as plain e-mail campaigns.
        if candidates[i].kind == CampaignKind::Holdout {
            if holdouts >= 2 {
                candidates[i].kind = CampaignKind::Email;
            } else {
                holdouts += 1;
            }
        }
        chosen[i] = true;
    }
    let mut plans: Vec<CampaignPlan> = candidates
        .into_iter()
        .zip(chosen)
        .filter(|(_, c)| *c)
        .map(|(p, _)| p)
        .collect();
    crate::sort::sort_by_key(&mut plans, |p| p.first);
    plans
}

/// Relative order demand per day index, with mean 1 over the history.
fn demand(ctx: &Context, plans: &[CampaignPlan]) -> Vec<f64> {
    use chrono::Datelike;
    let mut demand: Vec<f64> = (0..ctx.span)
        .map(|i| {
            let date = ctx.day(i).to_naive();
            MONTH_FACTOR[date.month0() as usize]
                * WEEKDAY_FACTOR[date.weekday().num_days_from_monday() as usize]
        })
        .collect();
    for p in plans {
        for d in &mut demand[p.first..=p.last] {
            *d *= 1.0 + p.lift;
        }
    }
    let mean = demand.iter().sum::<f64>() / demand.len() as f64;
    demand.iter_mut().for_each(|d| *d /= mean);
    demand
}

// ---------------------------------------------------------------------------------------
// Customers.

/// A customer before it becomes a record.
struct Profile {
    /// Day index of the signup.
    signup: usize,
    segment: usize,
    /// Day index (fractional) after which the customer buys nothing more.
    end: f64,
    /// Orders per day at mean demand.
    rate: f64,
    /// Basket-size multiplier (log-normal, median 1): how much this customer buys per order.
    level: f64,
    /// Makes purchases at all.
    buyer: bool,
    /// Acquisition channel: a campaign's channel for a signup during it, else drawn.
    channel: &'static str,
    owner: Option<usize>,
    id: Sym,
}

/// Profiles sorted by signup, ids `C00001`… assigned in that order.
fn customer_profiles(ctx: &Context, n: usize, plans: &[CampaignPlan]) -> Vec<Profile> {
    let mut rng = ctx.rand(stream::CUSTOMERS);
    // Signups grow: density ∝ e^(g·t) over the history, 2.5× as many at the end as at the
    // start; some arrive during a campaign, through its channel.
    let g = 2.5f64.ln();
    let mut profiles: Vec<Profile> = (0..n)
        .map(|_| {
            let (signup, channel) = if !plans.is_empty() && rng.chance(0.15) {
                let p = &plans[rng.below(plans.len())];
                let day = p.first + rng.below(p.last - p.first + 1);
                let channel = match p.channel {
                    "email" => "Email",
                    "search" => "Paid Search",
                    "social" => "Social",
                    _ => "Display",
                };
                (day, channel)
            } else {
                let t = (1.0 + rng.unit() * (g.exp() - 1.0)).ln() / g;
                let day = ((t * ctx.span as f64) as usize).min(ctx.span - 1);
                (day, rng.weighted(names::ACQUISITION))
            };
            let segment = rng.weighted_index(SEGMENTS.iter().map(|s| s.weight));
            let seg = &SEGMENTS[segment];
            let lifetime = rng.exp(seg.lifetime_years * 365.0);
            let owner = (segment > 0 || rng.chance(0.3)).then(|| rng.below(names::OWNERS.len()));
            Profile {
                signup,
                segment,
                end: (signup as f64 + lifetime).min(ctx.span as f64),
                rate: rng.lognormal(seg.orders_per_year, 0.35) / 365.0,
                level: rng.lognormal(1.0, 0.3),
                buyer: rng.chance(if segment == 0 { 0.86 } else { 0.93 }),
                channel,
                owner,
                id: Sym::EMPTY,
            }
        })
        .collect();
    crate::sort::sort_by_key(&mut profiles, |p| p.signup);
    profiles
}

/// The customers table (needs the orders for status and tags).
fn build_customers(ctx: &Context, ds: &mut Dataset, profiles: &[Profile], orders: &[Draft]) {
    let mut rng = ctx.rand(stream::CONTACTS);
    // Spend per customer, for the `vip` tag (top 5 %).
    let mut spend = vec![0i64; profiles.len()];
    for o in orders {
        if o.status == OrderStatus::Completed {
            spend[o.customer] += o.amount;
        }
    }
    let mut sorted: Vec<i64> = spend.iter().copied().filter(|s| *s > 0).collect();
    crate::sort::sort_by(&mut sorted, |a, b| b.cmp(a));
    let vip_floor = sorted
        .get(sorted.len() / 20)
        .copied()
        .unwrap_or(i64::MAX)
        .max(1);
    let mut emails: HashSet<String> = HashSet::with_capacity(profiles.len());
    let mut rows = Vec::with_capacity(profiles.len());
    for (i, p) in profiles.iter().enumerate() {
        let chinese = rng.chance(0.35);
        let (first, first_ascii, gender) = if chinese {
            rng.pick(names::CHINESE_FIRST)
        } else {
            rng.pick(names::WESTERN_FIRST)
        };
        let (last, last_ascii) = if chinese {
            rng.pick(names::CHINESE_LAST)
        } else {
            rng.pick(names::WESTERN_LAST)
        };
        let name = if chinese {
            format!("{last}{first}")
        } else {
            format!("{first} {last}")
        };
        let place: Place = if chinese {
            rng.weighted(names::CHINESE_PLACES)
        } else {
            rng.weighted(names::WESTERN_PLACES)
        };
        let email = unique_email(&mut rng, &mut emails, first_ascii, last_ascii, place.2);
        let phone = phone(&mut rng, place.3, place.4);
        let company = if p.segment == 0 {
            String::new()
        } else {
            company(&mut rng, place)
        };
        let age = rng.between(21, 75) as i32;
        let birth = Day(ctx.as_of.0 - age * 365 - rng.between(0, 364) as i32);
        let status = if !p.buyer {
            "lead"
        } else if p.end < ctx.span as f64 {
            "churned"
        } else {
            "active"
        };
        let mut tags = Vec::new();
        if spend[i] >= vip_floor {
            tags.push("vip");
        }
        if rng.chance(0.35) {
            tags.push("newsletter");
        }
        let s = &mut ds.strings;
        rows.push(Customer {
            id: p.id,
            name: s.intern(&name),
            first_name: s.intern(first),
            last_name: s.intern(last),
            email: s.intern(&email),
            phone: s.intern(&phone),
            gender: s.intern(gender),
            birth_date: Some(birth),
            age: None,
            company: s.intern(&company),
            city: s.intern(place.0),
            region: s.intern(place.1),
            country: s.intern(place.2),
            segment: s.intern(SEGMENTS[p.segment].name),
            tags: s.intern(&tags.join(", ")),
            signup: Some(ctx.day(p.signup)),
            channel: s.intern(p.channel),
            owner: p.owner.map_or(Sym::EMPTY, |o| s.intern(names::OWNERS[o])),
            status: s.intern(status),
            placeholder: false,
            ..Customer::default()
        });
    }
    ds.customers = table(rows);
}

fn table<T>(rows: Vec<T>) -> Table<T> {
    Table {
        rows,
        ..Table::default()
    }
}

/// `first.last@domain`, or a variant, made unique with a number when taken.
fn unique_email(
    rng: &mut Rand,
    taken: &mut HashSet<String>,
    first: &str,
    last: &str,
    country: &str,
) -> String {
    let domain = match country {
        "China" if rng.chance(0.6) => "example.cn",
        "United Kingdom" if rng.chance(0.6) => "example.co.uk",
        _ => rng.pick(names::EMAIL_DOMAINS),
    };
    let local = match rng.below(4) {
        0 => format!("{first}.{last}"),
        1 => format!("{first}{last}"),
        2 => format!("{}.{last}", &first[..1]),
        _ => format!("{first}_{last}"),
    };
    let mut email = format!("{local}@{domain}");
    let mut n = 2;
    while taken.contains(&email) {
        email = format!("{local}{n}@{domain}");
        n += 1;
    }
    taken.insert(email.clone());
    email
}

/// A fictional phone number in the local or international format of `style`.
fn phone(rng: &mut Rand, style: PhoneStyle, area: &str) -> String {
    let intl = rng.chance(0.5);
    match style {
        PhoneStyle::Nanp => {
            let line = format!("01{}", rng.digits(2));
            if intl {
                format!("+1 {area} 555 {line}")
            } else {
                format!("({area}) 555-{line}")
            }
        }
        PhoneStyle::Uk => {
            let (a, b) = match area {
                "20" => ("20", "7946"),
                _ => (area, "496"),
            };
            let line = format!("0{}", rng.digits(3));
            if intl {
                format!("+44 {a} {b} {line}")
            } else {
                format!("0{a} {b} {line}")
            }
        }
        PhoneStyle::De => {
            let n = rng.digits(8 - area.len());
            if intl {
                format!("+49 {area} {n}")
            } else {
                format!("0{area} {n}")
            }
        }
        PhoneStyle::Fr => {
            let pairs: Vec<String> = (0..4).map(|_| rng.digits(2)).collect();
            if intl {
                format!("+33 {area} {}", pairs.join(" "))
            } else {
                format!("0{area} {}", pairs.join(" "))
            }
        }
        PhoneStyle::Au => {
            let (a, b, c) = (rng.digits(2), rng.digits(3), rng.digits(3));
            if intl {
                format!("+61 {area}{a} {b} {c}")
            } else {
                format!("0{area}{a} {b} {c}")
            }
        }
        PhoneStyle::Br => {
            let (a, b) = (rng.digits(4), rng.digits(4));
            if intl {
                format!("+55 {area} 9{a} {b}")
            } else {
                format!("({area}) 9{a}-{b}")
            }
        }
        PhoneStyle::Cn => {
            if rng.chance(0.6) {
                let n = format!(
                    "1{}{}",
                    rng.pick(&["38", "39", "50", "86", "35"]),
                    rng.digits(8)
                );
                if intl {
                    format!("+86 {} {} {}", &n[..3], &n[3..7], &n[7..])
                } else {
                    n
                }
            } else {
                let n = rng.digits(if area.len() == 2 { 8 } else { 7 });
                if intl {
                    format!("+86 {area} {n}")
                } else {
                    format!("0{area}-{n}")
                }
            }
        }
        PhoneStyle::Sg => {
            let n = format!("{area}{}", rng.digits(7));
            if intl {
                format!("+65 {} {}", &n[..4], &n[4..])
            } else {
                format!("{} {}", &n[..4], &n[4..])
            }
        }
    }
}

/// A company name in the style of its country.
fn company(rng: &mut Rand, place: Place) -> String {
    if place.2 == "China" {
        return format!(
            "{}{}{}有限公司",
            place.0,
            rng.pick(names::CHINESE_COMPANY_WORDS),
            rng.pick(names::CHINESE_TRADES)
        );
    }
    let word = rng.pick(names::COMPANY_WORDS);
    let trade = rng.pick(names::COMPANY_TRADES);
    let legal = match place.2 {
        "United Kingdom" => "Ltd",
        "Germany" => "GmbH",
        "France" => "SAS",
        "Australia" => "Pty Ltd",
        "Brazil" => "Ltda.",
        "Singapore" => "Pte. Ltd.",
        _ => rng.pick(&["Inc.", "LLC", "Corp."]),
    };
    format!("{word} {trade} {legal}")
}

// ---------------------------------------------------------------------------------------
// Orders.

/// An order before it becomes a record.
struct Draft {
    /// Day index (0 = the first day of the history).
    day: usize,
    /// Index into the profiles.
    customer: usize,
    product: usize,
    quantity: i64,
    /// Unit price in minor units (× 10 000).
    unit_price: i64,
    /// Discount in minor units, when any.
    discount: Option<i64>,
    /// Line total in minor units.
    amount: i64,
    channel: &'static str,
    status: OrderStatus,
}

/// Every buyer's purchases: a Poisson process thinned by the day's demand, from the first
/// purchase (days after signup) until the end of the customer's lifetime or `as_of`.
fn draft_orders(ctx: &Context, profiles: &[Profile], demand: &[f64]) -> Vec<Draft> {
    let mut rng = ctx.rand(stream::ORDERS);
    let peak = demand.iter().copied().fold(0.0, f64::max);
    let by_category: Vec<Vec<usize>> = CATEGORIES
        .iter()
        .map(|c| {
            (0..names::PRODUCTS.len())
                .filter(|&i| names::PRODUCTS[i].1 == *c)
                .collect()
        })
        .collect();
    let mut drafts = Vec::new();
    for (ci, p) in profiles.iter().enumerate() {
        if !p.buyer {
            continue;
        }
        let mut t = p.signup as f64 + rng.exp(4.0);
        let mut first = true;
        while t < p.end {
            let day = t as usize;
            if first || rng.chance(demand[day] / peak) {
                drafts.push(draft(ctx, &mut rng, ci, p, day, &by_category));
            }
            first = false;
            t += rng.exp(1.0 / (p.rate * peak));
        }
    }
    crate::sort::sort_by_key(&mut drafts, |d| (d.day, d.customer));
    drafts
}

fn draft(
    ctx: &Context,
    rng: &mut Rand,
    customer: usize,
    p: &Profile,
    day: usize,
    by_category: &[Vec<usize>],
) -> Draft {
    let seg = &SEGMENTS[p.segment];
    let category = rng.weighted_index(seg.categories.iter().copied());
    let product = rng.pick(&by_category[category]);
    let cents = names::PRODUCTS[product].2;
    // Cheap items go by the dozen.
    let bulk = (5_000.0 / cents as f64).sqrt().clamp(1.0, 6.0);
    let quantity = if p.segment == 0 {
        1 + i64::from(rng.chance(0.2 * bulk.min(3.0))) + i64::from(rng.chance(0.05 * bulk))
    } else {
        (rng.lognormal(seg.quantity * p.level * bulk, 0.45).round() as i64).max(1)
    };
    let unit_price = cents * (Money::SCALE / 100);
    let gross = unit_price * quantity;
    let discount = rng
        .chance(seg.discount_rate)
        .then(|| gross * rng.between(1, 4) * 5 / 100 / 100 * 100);
    let amount = gross - discount.unwrap_or(0);
    let to_end = ctx.span - 1 - day;
    let status = if to_end < 4 && rng.chance(0.5) {
        OrderStatus::Pending
    } else if rng.chance(if p.segment == 0 { 0.04 } else { 0.02 }) {
        OrderStatus::Refunded
    } else if rng.chance(0.015) {
        OrderStatus::Cancelled
    } else {
        OrderStatus::Completed
    };
    Draft {
        day,
        customer,
        product,
        quantity,
        unit_price,
        discount,
        amount,
        channel: rng.weighted(seg.channels),
        status,
    }
}

fn status_text(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Completed => "completed",
        OrderStatus::Refunded => "refunded",
        OrderStatus::Cancelled => "cancelled",
        OrderStatus::Pending => "pending",
    }
}

fn build_orders(ctx: &Context, ds: &mut Dataset, profiles: &[Profile], drafts: &[Draft]) {
    let s = &mut ds.strings;
    let products: Vec<(Sym, Sym)> = names::PRODUCTS
        .iter()
        .map(|(name, category, _)| (s.intern(name), s.intern(category)))
        .collect();
    let rows = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| Order {
            id: s.intern(&format!("SO-{:06}", i + 1)),
            customer: profiles[d.customer].id,
            date: ctx.day(d.day),
            product: products[d.product].0,
            category: products[d.product].1,
            quantity: d.quantity as f64,
            unit_price: Some(Money(d.unit_price)),
            amount: Money(d.amount),
            discount: d.discount.map(Money),
            channel: s.intern(d.channel),
            status: d.status,
            status_text: s.intern(status_text(d.status)),
        })
        .collect();
    ds.orders = table(rows);
}

// ---------------------------------------------------------------------------------------
// Deals.

/// Open stages in pipeline order, the default probability stated at each, the chance to
/// move on from it, and the mean days spent at it.
const STAGES: [(&str, f32, f64, f64); 4] = [
    ("Lead", 10.0, 0.60, 10.0),
    ("Qualified", 25.0, 0.72, 18.0),
    ("Proposal", 50.0, 0.72, 21.0),
    ("Negotiation", 75.0, 0.68, 16.0),
];

/// A deal before it becomes a record.
struct DealDraft {
    created: usize,
    customer: usize,
    title: &'static str,
    owner: usize,
    /// Index into [`STAGES`] of the last stage reached.
    stage: usize,
    outcome: DealOutcome,
    amount: i64,
    expected: usize,
    closed: Option<usize>,
    lost_reason: &'static str,
}

fn build_deals(ctx: &Context, ds: &mut Dataset, profiles: &[Profile]) {
    let mut rng = ctx.rand(stream::DEALS);
    let mut drafts = Vec::new();
    for (ci, p) in profiles.iter().enumerate() {
        let seg = &SEGMENTS[p.segment];
        if seg.deals_per_year == 0.0 {
            continue;
        }
        // The deal that brought the customer in, then new business while active.
        let mut t = p.signup as f64 + rng.exp(5.0);
        if !rng.chance(0.6) {
            t += rng.exp(365.0 / seg.deals_per_year);
        }
        while t < p.end.max(p.signup as f64 + 30.0) && (t as usize) < ctx.span {
            drafts.push(deal_draft(ctx, &mut rng, ci, p, t as usize));
            t += rng.exp(365.0 / seg.deals_per_year);
        }
    }
    crate::sort::sort_by_key(&mut drafts, |d| (d.created, d.customer));
    let s = &mut ds.strings;
    let lost_at = s.intern("lost_at_stage");
    let stage_names: Vec<Sym> = STAGES.iter().map(|st| s.intern(st.0)).collect();
    let (won, lost) = (s.intern("Closed Won"), s.intern("Closed Lost"));
    let mut rows = Vec::with_capacity(drafts.len());
    let mut extra = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let (created_year, _, _) = ctx.day(d.created).ymd();
        let stage = match d.outcome {
            DealOutcome::Open => stage_names[d.stage],
            DealOutcome::Won => won,
            DealOutcome::Lost => lost,
        };
        rows.push(Deal {
            id: s.intern(&format!("D-{:05}", i + 1)),
            customer: profiles[d.customer].id,
            title: s.intern(&format!("{} {created_year}", d.title)),
            owner: s.intern(names::OWNERS[d.owner]),
            stage,
            outcome: d.outcome,
            amount: Some(Money::from_units(d.amount)),
            probability: Some(match d.outcome {
                DealOutcome::Open => STAGES[d.stage].1,
                DealOutcome::Won => 100.0,
                DealOutcome::Lost => 0.0,
            }),
            created: Some(ctx.day(d.created)),
            expected_close: Some(Day(ctx.start.0 + d.expected as i32)),
            closed: d.closed.map(|c| ctx.day(c)),
            lost_reason: s.intern(d.lost_reason),
        });
        extra.push(if d.outcome == DealOutcome::Lost {
            stage_names[d.stage]
        } else {
            Sym::EMPTY
        });
    }
    ds.deals = Table {
        rows,
        extra_columns: vec![lost_at],
        extra_values: extra,
    };
}

/// One deal created on day index `created`: it moves through the stages until it is won,
/// lost, or `as_of` comes first (then it is open at the stage it has reached).
fn deal_draft(
    ctx: &Context,
    rng: &mut Rand,
    customer: usize,
    p: &Profile,
    created: usize,
) -> DealDraft {
    let seg = &SEGMENTS[p.segment];
    let mut day = created as f64;
    let mut stage = 0;
    let (outcome, closed) = loop {
        let (_, _, advance, mean_days) = STAGES[stage];
        // Some deals stall at a stage for months.
        let stall = if rng.chance(0.08) { 6.0 } else { 1.0 };
        day += rng.exp(mean_days * seg.cycle * stall) + 1.0;
        if day >= ctx.span as f64 {
            break (DealOutcome::Open, None);
        }
        if !rng.chance(advance) {
            break (DealOutcome::Lost, Some(day as usize));
        }
        if stage + 1 == STAGES.len() {
            break (DealOutcome::Won, Some(day as usize));
        }
        stage += 1;
    };
    let amount = (rng.lognormal(seg.deal_amount, 0.6) / 50.0)
        .round()
        .max(1.0) as i64
        * 50;
    let expected = created + rng.lognormal(45.0 * seg.cycle, 0.35).round() as usize;
    DealDraft {
        created,
        customer,
        title: rng.pick(names::DEAL_TITLES),
        owner: match p.owner {
            Some(o) if rng.chance(0.85) => o,
            _ => rng.below(names::OWNERS.len()),
        },
        stage,
        outcome,
        amount,
        expected,
        closed,
        lost_reason: if outcome == DealOutcome::Lost {
            rng.weighted(names::LOST_REASONS)
        } else {
            ""
        },
    }
}

// ---------------------------------------------------------------------------------------
// Tickets.

/// Channel: (name, weight, median minutes to first response).
const TICKET_CHANNELS: [(&str, f64, f64); 4] = [
    ("email", 40.0, 180.0),
    ("chat", 25.0, 4.0),
    ("phone", 20.0, 2.0),
    ("web", 15.0, 240.0),
];
/// Priority: (name, weight, response-time factor).
const PRIORITIES: [(&str, f64, f64); 4] = [
    ("low", 25.0, 1.5),
    ("normal", 50.0, 1.0),
    ("high", 20.0, 0.6),
    ("urgent", 5.0, 0.3),
];
/// Issue type: (name, median hours from first response to resolution).
const ISSUE_TYPES: [(&str, f64); 6] = [
    ("shipping", 24.0),
    ("returns", 48.0),
    ("billing", 6.0),
    ("technical", 30.0),
    ("account", 3.0),
    ("product question", 2.0),
];
/// Weights of the hour a ticket is opened (0–23).
const HOURS: [f64; 24] = [
    0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 2.0, 4.0, 6.0, 7.0, 7.0, 6.0, 6.5, 7.0, 6.5, 6.0, 5.0, 4.0,
    3.5, 3.0, 2.0, 1.2, 0.6,
];

struct TicketDraft {
    opened: i64,
    customer: usize,
    issue: usize,
}

fn build_tickets(ctx: &Context, ds: &mut Dataset, profiles: &[Profile], orders: &[Draft]) {
    let mut rng = ctx.rand(stream::TICKETS);
    let end = ctx.end_ts();
    let mut drafts = Vec::new();
    let open_at = |rng: &mut Rand, day: f64| -> Option<i64> {
        let day = day as usize;
        if day >= ctx.span {
            return None;
        }
        let hour = rng.weighted_index(HOURS.iter().copied()) as i64;
        let ts = i64::from(ctx.day(day).0) * Timestamp::DAY
            + hour * 3_600
            + rng.between(0, 59) * 60
            + rng.between(0, 59);
        (ts < end).then_some(ts)
    };
    // After orders: where is it, I want to return it, the invoice is wrong...
    for o in orders {
        let (p, issue) = match o.status {
            OrderStatus::Refunded => (0.6, 1),
            _ => (0.06, [0, 0, 0, 1, 2, 5][rng.below(6)]),
        };
        if rng.chance(p) {
            let day = o.day as f64 + rng.exp(3.0);
            if let Some(opened) = open_at(&mut rng, day) {
                drafts.push(TicketDraft {
                    opened,
                    customer: o.customer,
                    issue,
                });
            }
        }
    }
    // In the background while the customer is active.
    for (ci, p) in profiles.iter().enumerate() {
        if !p.buyer {
            continue;
        }
        let per_year = if p.segment == 0 { 0.5 } else { 1.2 };
        let mut t = p.signup as f64 + rng.exp(365.0 / per_year);
        while t < p.end {
            if let Some(opened) = open_at(&mut rng, t) {
                drafts.push(TicketDraft {
                    opened,
                    customer: ci,
                    issue: [2, 3, 3, 4, 5][rng.below(5)],
                });
            }
            t += rng.exp(365.0 / per_year);
        }
    }
    crate::sort::sort_by_key(&mut drafts, |t| (t.opened, t.customer));
    let s = &mut ds.strings;
    let mut rows = Vec::with_capacity(drafts.len());
    for (i, t) in drafts.iter().enumerate() {
        let channel = rng.weighted_index(TICKET_CHANNELS.iter().map(|c| c.1));
        let priority = rng.weighted_index(PRIORITIES.iter().map(|p| p.1));
        let response_min =
            rng.lognormal(TICKET_CHANNELS[channel].2 * PRIORITIES[priority].2, 1.0) + 0.5;
        let first = t.opened + (response_min * 60.0) as i64;
        // Some tickets are escalated or wait on the customer: days to weeks more.
        let escalated = match rng.unit() {
            x if x < 0.04 => rng.lognormal(25.0, 0.5),
            x if x < 0.18 => rng.lognormal(8.0, 0.6),
            _ => 1.0,
        };
        let resolve_hours = rng.lognormal(ISSUE_TYPES[t.issue].1, 1.1) * escalated;
        let resolved = first + (resolve_hours * 3_600.0) as i64;
        let first = (first < end).then_some(first);
        let resolved = (resolved < end).then_some(resolved);
        let status = match (first, resolved) {
            (_, Some(_)) => "solved",
            (Some(_), None) => "pending",
            (None, None) => "open",
        };
        let (csat, nps) = if resolved.is_some() {
            let slow = (1.0 + resolve_hours / 12.0).ln();
            let late = if response_min > 240.0 { 0.4 } else { 0.0 };
            let csat = rng.chance(0.62).then(|| {
                (4.7 - 0.45 * slow - late + 0.8 * rng.normal())
                    .round()
                    .clamp(1.0, 5.0) as u8
            });
            let nps = rng.chance(0.32).then(|| {
                (8.4 - 0.7 * slow - 2.0 * late + 2.0 * rng.normal())
                    .round()
                    .clamp(0.0, 10.0) as u8
            });
            (csat, nps)
        } else {
            (None, None)
        };
        rows.push(Ticket {
            id: s.intern(&format!("T-{:05}", i + 1)),
            customer: profiles[t.customer].id,
            opened: Some(Timestamp(t.opened)),
            first_response: first.map(Timestamp),
            resolved: resolved.map(Timestamp),
            channel: s.intern(TICKET_CHANNELS[channel].0),
            issue_type: s.intern(ISSUE_TYPES[t.issue].0),
            priority: s.intern(PRIORITIES[priority].0),
            status: s.intern(status),
            csat,
            nps,
        });
    }
    ds.tickets = table(rows);
}

// ---------------------------------------------------------------------------------------
// Campaign results.

fn build_campaigns(
    ctx: &Context,
    ds: &mut Dataset,
    plans: &[CampaignPlan],
    orders: &[Draft],
    profiles: &[Profile],
) {
    let mut rng = ctx.rand(stream::CAMPAIGN_RESULTS);
    let cents = |units: f64| Money::from_cents((units * 100.0).round() as i64);
    let mut rows = Vec::with_capacity(plans.len());
    for (i, p) in plans.iter().enumerate() {
        let in_window = || {
            orders.iter().filter(|o| {
                o.day >= p.first && o.day <= p.last && o.status == OrderStatus::Completed
            })
        };
        let (count, revenue) = in_window().fold((0u64, 0i64), |(n, r), o| (n + 1, r + o.amount));
        let aov = if count > 0 {
            revenue as f64 / count as f64 / Money::SCALE as f64
        } else {
            100.0
        };
        // The marketing tool claims part of the window's sales.
        let share = rng.uniform(0.15, 0.35);
        let conversions = ((count as f64 * share).round() as u64).max(1);
        let attributed = cents(conversions as f64 * aov * rng.uniform(0.9, 1.1));
        let base = profiles.iter().filter(|c| c.signup < p.first).count() as f64;
        let mut c = Campaign {
            channel: ds.strings.intern(p.channel),
            start: Some(ctx.day(p.first)),
            end: Some(ctx.day(p.last)),
            conversions: Some(conversions),
            revenue: Some(attributed),
            ..Campaign::default()
        };
        match p.kind {
            CampaignKind::Paid => {
                let roas = rng.uniform(1.6, 5.5);
                let conv_rate = rng.uniform(0.15, 0.35);
                let lead_rate = rng.uniform(0.05, 0.14);
                let ctr = match p.channel {
                    "search" => rng.uniform(0.03, 0.06),
                    "display" => rng.uniform(0.003, 0.007),
                    _ => rng.uniform(0.008, 0.016),
                };
                let leads = (conversions as f64 / conv_rate).round();
                let clicks = (leads / lead_rate).round();
                c.cost = cents(attributed.to_f64() / roas);
                c.leads = Some(leads as u64);
                c.clicks = Some(clicks as u64);
                c.impressions = Some((clicks / ctr).round() as u64);
            }
            CampaignKind::Email => {
                let audience = (base * rng.uniform(0.6, 0.8)).round().max(1.0);
                let clicks = (audience * rng.uniform(0.08, 0.15)).round().max(1.0);
                let conversions = conversions.min((clicks * 0.5).round().max(1.0) as u64);
                c.audience = Some(audience as u64);
                c.clicks = Some(clicks as u64);
                c.conversions = Some(conversions);
                c.revenue = Some(cents(conversions as f64 * aov * rng.uniform(0.9, 1.1)));
                c.cost = cents(300.0 + audience * 0.02 + rng.uniform(0.0, 500.0) * ctx.scale);
            }
            CampaignKind::Holdout => {
                // 80 % of the base is mailed, 20 % held out; mailing lifts conversion.
                let pool = (base * 0.9).round().max(10.0);
                let holdout = (pool * 0.2).round();
                let audience = pool - holdout;
                let p0 = rng.uniform(0.035, 0.05);
                let p1 = p0 + rng.uniform(0.025, 0.04);
                let treated_conversions = (audience * p1).round() as u64;
                c.audience = Some(audience as u64);
                c.holdout = Some(holdout as u64);
                c.holdout_conversions = Some((holdout * p0).round() as u64);
                c.conversions = Some(treated_conversions);
                c.clicks = Some((audience * rng.uniform(0.1, 0.16)).round() as u64);
                c.revenue = Some(cents(treated_conversions as f64 * aov));
                c.cost = cents(400.0 + audience * 0.02 + rng.uniform(0.0, 400.0) * ctx.scale);
            }
        }
        c.id = ds.strings.intern(&format!("CMP-{:02}", i + 1));
        c.name = ds.strings.intern(&p.name);
        rows.push(c);
    }
    ds.campaigns = table(rows);
}
