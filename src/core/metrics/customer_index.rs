//! [`CustomerIndex`]: built once per dataset, reused by every filter change.

use super::calendar::month_index;
use crate::model::{Dataset, Day, OrderStatus, Sym, SymSet};
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};
use std::cmp::Ordering;

/// "No customer" / "not mapped" in dense number tables.
pub(crate) const NONE: u32 = u32::MAX;

/// What an order row means for revenue and activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum RowKind {
    /// Completed with amount ≥ 0: a purchase.
    Purchase,
    /// Completed with a negative amount: a return line (reduces net revenue).
    Return,
    /// Refunded: a sale that was reversed (gross sale and refund of the same amount).
    Refunded,
    /// Cancelled: not revenue.
    Cancelled,
    /// Pending: not yet revenue.
    Pending,
}

/// One order row, compacted: 24 bytes (the metrics' scans read a million of them at every
/// filter change; with the kind and head as fields of their own it was 32).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Row {
    pub day: i32,
    /// The month index (bits 0–19: years 0–9999 are months 0–119,999), the kind (bits
    /// 20–22) and `head` (bit 23).
    tag: u32,
    pub category: u32,
    pub channel: u32,
    pub amount: i64,
}

const _: () = assert!(std::mem::size_of::<Row>() == 24);

impl Row {
    const MONTH: u32 = (1 << 20) - 1;

    /// `head`: the first row of its order id (every row without an id is its own order).
    fn new(
        day: i32,
        month: i32,
        category: u32,
        channel: u32,
        amount: i64,
        kind: RowKind,
        head: bool,
    ) -> Row {
        // Every day of a dataset is in years 0–9999 (`Dataset::check`, the importer).
        debug_assert!((0..=Self::MONTH as i32).contains(&month), "month {month}");
        Row {
            day,
            tag: (month as u32 & Self::MONTH) | (kind as u32) << 20 | u32::from(head) << 23,
            category,
            channel,
            amount,
        }
    }

    /// The month index ([`month_index`]).
    #[inline]
    pub fn month(&self) -> i32 {
        (self.tag & Self::MONTH) as i32
    }

    /// What the row means for revenue and activity.
    #[inline]
    pub fn kind(&self) -> RowKind {
        match (self.tag >> 20) & 7 {
            0 => RowKind::Purchase,
            1 => RowKind::Return,
            2 => RowKind::Refunded,
            3 => RowKind::Cancelled,
            _ => RowKind::Pending,
        }
    }

    /// The first row of its order id (every row without an id is its own order).
    #[inline]
    pub fn head(&self) -> bool {
        self.tag >> 23 & 1 != 0
    }
}

/// The per-dataset index: customers numbered densely (the customers file plus every
/// customer that only orders name), and the orders compacted and grouped by customer, in
/// date order within each customer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerIndex {
    ids: Vec<Sym>,
    names: Vec<Sym>,
    segment: Vec<Sym>,
    signup: Vec<Option<Day>>,
    id_rank: Vec<u32>,
    /// Dense customers in natural id order.
    by_rank: Vec<u32>,
    by_sym: Vec<u32>,
    pub(crate) rows: Vec<Row>,
    /// The order (its row in `ds.orders`) of each compact row: an order picked by its row
    /// is found in the compact rows through this.
    order_rows: Vec<u32>,
    /// The row in `ds.customers` of each dense customer (its first row of that id); `NONE`
    /// for a customer only other records name.
    customer_rows: Vec<u32>,
    /// Customer `c`'s rows are `rows[starts[c]..starts[c + 1]]`; the rows with no customer
    /// are `rows[starts[n]..]`.
    starts: Vec<u32>,
    categories: Vec<Sym>,
    channels: Vec<Sym>,
    first_purchase: Option<Day>,
    last_purchase: Option<Day>,
}

/// An id's value when it is an integer (up to 19 digits).
fn id_number(s: &str) -> Option<u64> {
    (!s.is_empty() && s.len() <= 19 && s.bytes().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Orders customer ids naturally: integers by value (before any other id), then text;
/// each id given with its [`id_number`].
fn natural_cmp_keyed((x, a): (Option<u64>, &str), (y, b): (Option<u64>, &str)) -> Ordering {
    match (x, y) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

impl CustomerIndex {
    /// Builds the index (O(orders), one counting sort by customer, then a sort by day
    /// inside each customer).
    pub fn build(ds: &Dataset) -> CustomerIndex {
        unpaced(Self::build_paced(ds, &mut NoPause)).expect("NoPause never cancels")
    }

    /// [`CustomerIndex::build`], offering `pace` a pause every [`Self::STEP`] orders (or
    /// customers) of each pass: at a million orders the build is a few hundred
    /// milliseconds of wasm, too long for one task of a page that stays responsive.
    pub async fn build_paced(
        ds: &Dataset,
        pace: &mut dyn Pace,
    ) -> Result<CustomerIndex, Cancelled> {
        let mut people = People::of_customers(ds, pace).await?;
        people.link_names(ds, pace).await?;
        let numbers = OrderNumbers::of(ds, &mut people, pace).await?;
        let n = people.ids.len();
        // Counting sort by customer; the "no customer" group last.
        let mut starts = vec![0u32; n + 2];
        for (c, count) in numbers.counts.iter().enumerate() {
            starts[c + 1] = starts[c] + count;
        }
        starts[n + 1] = starts[n] + numbers.without_customer;
        pause(pace).await?;
        let placed = place_rows(ds, &numbers.per_order, &starts, pace).await?;
        let (mut rows, mut order_rows) = (placed.rows, placed.order_rows);
        sort_each_by_day(&mut rows, &mut order_rows, &starts, pace).await?;
        pause(pace).await?;
        let (id_rank, by_rank) = id_ranks(ds, &people.ids);
        Ok(CustomerIndex {
            ids: people.ids,
            names: people.names,
            segment: people.segment,
            signup: people.signup,
            id_rank,
            by_rank,
            by_sym: people.by_sym,
            rows,
            order_rows,
            customer_rows: people.customer_rows,
            starts,
            categories: numbers.categories,
            channels: numbers.channels,
            first_purchase: placed.first_purchase,
            last_purchase: placed.last_purchase,
        })
    }

    /// Records (orders or customers) per pass between two offered pauses.
    const STEP: usize = 1 << 16;

    /// Number of customers (the customers file's plus those only orders name).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of dense customer `c`.
    pub fn id(&self, c: usize) -> Sym {
        self.ids[c]
    }

    /// The segment of dense customer `c` (`Sym::EMPTY` when unknown).
    pub fn segment(&self, c: usize) -> Sym {
        self.segment[c]
    }

    /// The name of dense customer `c` in the customers file (empty when it gives none, or
    /// when only orders name the customer).
    pub fn name(&self, c: usize) -> Sym {
        self.names[c]
    }

    /// The signup date of dense customer `c`, when the customers file gives one.
    pub fn signup(&self, c: usize) -> Option<Day> {
        self.signup[c]
    }

    /// The position of customer `c`'s id in natural id order (numbers by value, then text).
    pub fn id_rank(&self, c: usize) -> u32 {
        self.id_rank[c]
    }

    /// Dense customer numbers in natural id order.
    pub(crate) fn in_id_order(&self) -> &[u32] {
        &self.by_rank
    }

    /// The dense number of a customer id.
    pub fn dense(&self, id: Sym) -> Option<usize> {
        self.by_sym
            .get(id.0 as usize)
            .filter(|&&d| d != NONE)
            .map(|&d| d as usize)
    }

    /// Distinct order categories, in first-seen order.
    pub fn categories(&self) -> &[Sym] {
        &self.categories
    }

    /// Distinct order sales channels, in first-seen order.
    pub fn channels(&self) -> &[Sym] {
        &self.channels
    }

    /// First and last day with a purchase.
    pub fn purchase_span(&self) -> Option<(Day, Day)> {
        self.first_purchase.zip(self.last_purchase)
    }

    /// Customer `c`'s compact order rows, by day.
    pub(crate) fn rows_of(&self, c: usize) -> &[Row] {
        &self.rows[self.starts[c] as usize..self.starts[c + 1] as usize]
    }

    /// The rows of orders that name no customer.
    pub(crate) fn orphan_rows(&self) -> &[Row] {
        &self.rows[self.starts[self.ids.len()] as usize..]
    }

    /// The position of customer `c`'s first compact row (`c` = [`Self::len`]: of the rows
    /// of orders that name no customer).
    #[inline]
    pub(crate) fn start_of(&self, c: usize) -> usize {
        self.starts[c] as usize
    }

    /// The order (row of `ds.orders`) of the compact row at position `p`.
    #[inline]
    pub(crate) fn order_row(&self, p: usize) -> usize {
        self.order_rows[p] as usize
    }

    /// The row of dense customer `c` in `ds.customers` (its first row of that id); `None`
    /// for a customer only other records name.
    pub fn customer_row(&self, c: usize) -> Option<usize> {
        let r = self.customer_rows[c];
        (r != NONE).then_some(r as usize)
    }
}

/// Whether pass position `i` ends a step of [`CustomerIndex::STEP`] (a pause is offered).
fn step(i: usize) -> bool {
    i % CustomerIndex::STEP == CustomerIndex::STEP - 1
}

/// The customers while the index is built: the customers file's, then those only orders
/// name, each with its attributes, and every id (or name) symbol's dense customer.
struct People {
    by_sym: Vec<u32>,
    ids: Vec<Sym>,
    names: Vec<Sym>,
    segment: Vec<Sym>,
    signup: Vec<Option<Day>>,
    customer_rows: Vec<u32>,
}

impl People {
    /// The customers file's customers, each id once (its first row).
    async fn of_customers(ds: &Dataset, pace: &mut dyn Pace) -> Result<People, Cancelled> {
        let mut p = People {
            by_sym: vec![NONE; ds.strings.len()],
            ids: Vec::new(),
            names: Vec::new(),
            segment: Vec::new(),
            signup: Vec::new(),
            customer_rows: Vec::new(),
        };
        for (i, c) in ds.customers.rows.iter().enumerate() {
            if step(i) {
                pause(pace).await?;
            }
            if c.id.is_empty() || p.by_sym[c.id.0 as usize] != NONE {
                continue;
            }
            p.by_sym[c.id.0 as usize] = p.ids.len() as u32;
            p.push(c.id, (c.name, c.segment, c.signup), i as u32);
        }
        Ok(p)
    }

    fn push(&mut self, id: Sym, (name, segment, signup): (Sym, Sym, Option<Day>), row: u32) {
        self.ids.push(id);
        self.names.push(name);
        self.segment.push(segment);
        self.signup.push(signup);
        self.customer_rows.push(row);
    }

    /// Records that name a customer by name or company (a deals file whose accounts file
    /// has no ids) reach the first customer of that name, unless it is someone's id. A
    /// name is kept as written (` Anna `) and a reference is trimmed (`Anna`): both reach
    /// the customer.
    async fn link_names(&mut self, ds: &Dataset, pace: &mut dyn Pace) -> Result<(), Cancelled> {
        let by_sym = &mut self.by_sym;
        for (i, c) in ds.customers.rows.iter().enumerate() {
            if step(i) {
                pause(pace).await?;
            }
            let Some(&d) = (!c.id.is_empty()).then(|| &by_sym[c.id.0 as usize]) else {
                continue;
            };
            for s in [c.name, c.company] {
                for s in [s, ds.strings.as_key(s)] {
                    if !s.is_empty() && by_sym[s.0 as usize] == NONE {
                        by_sym[s.0 as usize] = d;
                    }
                }
            }
        }
        Ok(())
    }

    /// The dense customer of an order's customer id, added when only orders name it.
    fn of_order(&mut self, customer: Sym, counts: &mut Vec<u32>) -> u32 {
        let slot = self.by_sym[customer.0 as usize];
        if slot != NONE {
            return slot;
        }
        let c = self.ids.len() as u32;
        self.by_sym[customer.0 as usize] = c;
        self.push(customer, (Sym::EMPTY, Sym::EMPTY, None), NONE);
        counts.push(0);
        c
    }
}

/// One pass over the orders: each order's customer, category and channel as dense numbers,
/// and the orders per customer.
struct OrderNumbers {
    /// Per order: (customer, category, channel); customer `NONE` for none.
    per_order: Vec<[u32; 3]>,
    counts: Vec<u32>,
    without_customer: u32,
    categories: Vec<Sym>,
    channels: Vec<Sym>,
}

impl OrderNumbers {
    async fn of(
        ds: &Dataset,
        people: &mut People,
        pace: &mut dyn Pace,
    ) -> Result<OrderNumbers, Cancelled> {
        // One scratch table each: a symbol's dense number.
        let mut cat_scratch = vec![NONE; ds.strings.len()];
        let mut chan_scratch = vec![NONE; ds.strings.len()];
        fn dense(syms: &mut Vec<Sym>, s: Sym, scratch: &mut [u32]) -> u32 {
            let slot = &mut scratch[s.0 as usize];
            if *slot == NONE {
                *slot = syms.len() as u32;
                syms.push(s);
            }
            *slot
        }
        let mut n = OrderNumbers {
            per_order: Vec::with_capacity(ds.orders.len()),
            counts: vec![0u32; people.ids.len()],
            without_customer: 0,
            categories: Vec::new(),
            channels: Vec::new(),
        };
        for (i, o) in ds.orders.rows.iter().enumerate() {
            if step(i) {
                pause(pace).await?;
            }
            let c = if o.customer.is_empty() {
                n.without_customer += 1;
                NONE
            } else {
                let c = people.of_order(o.customer, &mut n.counts);
                n.counts[c as usize] += 1;
                c
            };
            n.per_order.push([
                c,
                dense(&mut n.categories, o.category, &mut cat_scratch),
                dense(&mut n.channels, o.channel, &mut chan_scratch),
            ]);
        }
        Ok(n)
    }
}

/// The orders' rows grouped by customer (`starts`: each group's first place), in file order
/// within a group, and the first and last purchase days.
struct Placed {
    rows: Vec<Row>,
    order_rows: Vec<u32>,
    first_purchase: Option<Day>,
    last_purchase: Option<Day>,
}

async fn place_rows(
    ds: &Dataset,
    per_order: &[[u32; 3]],
    starts: &[u32],
    pace: &mut dyn Pace,
) -> Result<Placed, Cancelled> {
    let none_group = starts.len() - 2;
    let mut seen = SymSet::new(ds.strings.len());
    let mut fill = starts.to_vec();
    let blank = Row::new(0, 0, 0, 0, 0, RowKind::Pending, false);
    let mut p = Placed {
        rows: vec![blank; ds.orders.len()],
        order_rows: vec![0u32; ds.orders.len()],
        first_purchase: None,
        last_purchase: None,
    };
    let mut month_cache: (i32, i32) = (i32::MIN, 0);
    for (i, o) in ds.orders.rows.iter().enumerate() {
        if step(i) {
            pause(pace).await?;
        }
        let head = o.id.is_empty() || seen.insert(o.id) != Some(false);
        let kind = match o.status {
            OrderStatus::Completed if o.amount.0 >= 0 => RowKind::Purchase,
            OrderStatus::Completed => RowKind::Return,
            OrderStatus::Refunded => RowKind::Refunded,
            OrderStatus::Cancelled => RowKind::Cancelled,
            OrderStatus::Pending => RowKind::Pending,
        };
        if kind == RowKind::Purchase {
            p.first_purchase = Some(p.first_purchase.map_or(o.date, |d| d.min(o.date)));
            p.last_purchase = Some(p.last_purchase.map_or(o.date, |d| d.max(o.date)));
        }
        if month_cache.0 != o.date.0 {
            month_cache = (o.date.0, month_index(o.date));
        }
        let [c, category, channel] = per_order[i];
        let g = if c == NONE { none_group } else { c as usize };
        let (day, month, amount) = (o.date.0, month_cache.1, o.amount.0);
        p.rows[fill[g] as usize] = Row::new(day, month, category, channel, amount, kind, head);
        p.order_rows[fill[g] as usize] = i as u32;
        fill[g] += 1;
    }
    Ok(p)
}

/// Each group's rows by day (ties in file order), their order rows with them.
async fn sort_each_by_day(
    rows: &mut [Row],
    order_rows: &mut [u32],
    starts: &[u32],
    pace: &mut dyn Pace,
) -> Result<(), Cancelled> {
    let mut scratch: Vec<(i32, u32, Row)> = Vec::new();
    for g in 0..starts.len() - 1 {
        if step(g) {
            pause(pace).await?;
        }
        let range = starts[g] as usize..starts[g + 1] as usize;
        if rows[range.clone()].is_sorted_by_key(|r| r.day) {
            continue;
        }
        scratch.clear();
        scratch.extend(
            (rows[range.clone()].iter().zip(&order_rows[range.clone()]))
                .map(|(r, &o)| (r.day, o, *r)),
        );
        // Order rows are increasing within a group: (day, order row) is (day, file order).
        scratch.sort_unstable_by_key(|&(day, o, _)| (day, o));
        for (k, &(_, o, r)) in scratch.iter().enumerate() {
            rows[range.start + k] = r;
            order_rows[range.start + k] = o;
        }
    }
    Ok(())
}

/// Each customer's rank in the natural order of the ids, and the customers in that order
/// (each id read as a number once, not at every comparison).
fn id_ranks(ds: &Dataset, ids: &[Sym]) -> (Vec<u32>, Vec<u32>) {
    let mut keyed: Vec<(Option<u64>, &str, u32)> = (ids.iter().enumerate())
        .map(|(c, &id)| {
            let id = ds.str(id);
            (id_number(id), id, c as u32)
        })
        .collect();
    keyed.sort_unstable_by(|&(x, a, _), &(y, b, _)| natural_cmp_keyed((x, a), (y, b)));
    let order: Vec<u32> = keyed.into_iter().map(|(_, _, c)| c).collect();
    let mut id_rank = vec![0u32; ids.len()];
    for (rank, &c) in order.iter().enumerate() {
        id_rank[c as usize] = rank as u32;
    }
    (id_rank, order)
}
