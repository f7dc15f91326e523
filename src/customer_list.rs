//! The customer list's view model: rows joined from the dataset and the metrics table,
//! search, filters, sorting and the virtual-scrolling window. Pure, tested natively.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use crate::core::metrics::{CustomerIndex, CustomerRow, Filter, Selection};
use crate::core::model::{Customer, Dataset, Kind, Sym};

/// One customer as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ListRow {
    /// The customer's id; a buyer that no customers file lists has only this (and its figures).
    pub id: String,
    /// Name (or first + last).
    pub name: String,
    /// E-mail address (searched by the search box, like the id, name and phone).
    pub email: String,
    /// Phone, as written (searched).
    pub phone: String,
    /// City, as written ("" for a buyer no customers file lists).
    pub city: String,
    /// Segment from the customers file.
    pub segment: String,
    /// RFM segment in the period ("" without purchases).
    pub rfm_segment: &'static str,
    /// ABC class in the period.
    pub abc: Option<char>,
    /// Orders in the period (0 without purchases in it).
    pub orders: u32,
    /// Net revenue in the period.
    pub revenue: f64,
    /// V = revenue × orders in the period.
    pub value_v: f64,
    /// Last purchase (`YYYY-MM-DD`, "" when none).
    pub last_purchase: String,
    /// P(alive) from the customer model, whatever the period; `None` before the model is
    /// fitted or without purchases.
    pub p_alive: Option<f64>,
    /// 12-month CLV from the customer model, whatever the period (`None` as for `p_alive`, or
    /// when the model gives no CLV).
    pub clv: Option<f64>,
    /// The customer model's inputs: x, t_x, T (days) and the mean repeat amount, when the
    /// model was fitted (exported for an analyst to check).
    pub model_inputs: Option<ModelInputs>,
    /// Lower-cased text searched by the search box.
    search: String,
}

/// A customer's inputs to the customer model, under lifetimes' names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelInputs {
    /// x: distinct purchase days after the first.
    pub repeat_purchases: u32,
    /// Days from the first to the last purchase day.
    pub t_x: i32,
    /// Days from the first purchase to as-of.
    pub t: i32,
    /// Mean net amount of the repeat purchase days.
    pub repeat_monetary: f64,
}

impl ModelInputs {
    /// The headers of the exported columns.
    pub const HEADERS: [&'static str; 4] = ["repeat_purchases", "t_x", "T", "repeat_monetary"];

    fn of(m: &CustomerRow) -> Option<ModelInputs> {
        Some(ModelInputs {
            repeat_purchases: m.repeat_purchases?,
            t_x: m.t_x?,
            t: m.t,
            repeat_monetary: m.repeat_monetary?,
        })
    }

    /// The exported cells (empty without a fitted model).
    pub fn cells(this: Option<ModelInputs>) -> [String; 4] {
        match this {
            Some(m) => [
                m.repeat_purchases.to_string(),
                m.t_x.to_string(),
                m.t.to_string(),
                format!("{:.2}", m.repeat_monetary),
            ],
            None => Default::default(),
        }
    }
}

/// A column of the customer list, each the [`ListRow`] field of the same name: every one
/// sorts the list, and its [`Column::key`] names it in the URL and saved views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Column {
    Id,
    Name,
    City,
    RfmSegment,
    Abc,
    Orders,
    Revenue,
    /// The specification's customer value V = revenue × orders in the period.
    ValueV,
    LastPurchase,
    PAlive,
    Clv,
}

impl Column {
    /// True for the columns computed from orders (empty for every customer without them).
    pub fn needs_orders(self) -> bool {
        !matches!(self, Column::Id | Column::Name | Column::City)
    }

    /// Every column, in display order.
    pub const ALL: [Column; 11] = [
        Column::Id,
        Column::Name,
        Column::City,
        Column::RfmSegment,
        Column::Abc,
        Column::Orders,
        Column::Revenue,
        Column::ValueV,
        Column::LastPurchase,
        Column::PAlive,
        Column::Clv,
    ];

    /// The English header: the exported CSV's, and the English catalogue's words.
    pub fn label(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Name => "Name",
            Column::City => "City",
            Column::RfmSegment => "RFM segment",
            Column::Abc => "ABC",
            Column::Orders => "Orders",
            Column::Revenue => "Revenue",
            Column::ValueV => "Value V",
            Column::LastPurchase => "Last purchase",
            Column::PAlive => "P(alive)",
            Column::Clv => "CLV (12 months)",
        }
    }

    /// Stable key (URL, saved views).
    pub fn key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Name => "name",
            Column::City => "city",
            Column::RfmSegment => "rfm",
            Column::Abc => "abc",
            Column::Orders => "orders",
            Column::Revenue => "revenue",
            Column::ValueV => "value_v",
            Column::LastPurchase => "last",
            Column::PAlive => "p_alive",
            Column::Clv => "clv",
        }
    }

    /// Numbers sort largest first on the first click.
    pub fn numeric(self) -> bool {
        matches!(
            self,
            Column::Orders | Column::Revenue | Column::ValueV | Column::PAlive | Column::Clv
        )
    }

    fn compare(self, a: &ListRow, b: &ListRow) -> Ordering {
        fn opt(a: Option<f64>, b: Option<f64>) -> Ordering {
            // Missing values sort before any number.
            match (a, b) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        match self {
            Column::Id => natural(&a.id, &b.id),
            Column::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            Column::City => a.city.cmp(&b.city),
            Column::RfmSegment => a.rfm_segment.cmp(b.rfm_segment),
            Column::Abc => a.abc.cmp(&b.abc),
            Column::Orders => a.orders.cmp(&b.orders),
            Column::Revenue => a.revenue.total_cmp(&b.revenue),
            Column::ValueV => a.value_v.total_cmp(&b.value_v),
            Column::LastPurchase => a.last_purchase.cmp(&b.last_purchase),
            Column::PAlive => opt(a.p_alive, b.p_alive),
            Column::Clv => opt(a.clv, b.clv),
        }
    }
}

/// Ids that end in a number sort by it after the same text (`2` before `10`, `file#9`
/// before `file#10`), others as text.
fn natural(a: &str, b: &str) -> Ordering {
    let split = |s: &str| {
        let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (text, number) = s.split_at(s.len() - digits);
        (text.to_string(), number.parse::<u64>().ok())
    };
    match (split(a), split(b)) {
        ((ta, Some(x)), (tb, Some(y))) if ta == tb => x.cmp(&y).then_with(|| a.cmp(b)),
        _ => a.cmp(b),
    }
}

/// A customer's P(alive) and CLV from the customer model, by their id, whatever the period
/// (the model is fitted on every purchase up to as-of).
pub type Lifetime<'a> = &'a dyn Fn(Sym) -> Option<(f64, Option<f64>)>;

/// Joins the customers of the dataset that `filter` selects with their metrics rows
/// (customers without purchases in the period have no RFM values, but keep their P(alive)
/// and CLV from `lifetime`: a customer who lapsed before the period is still at risk). The
/// filter's segments and customer picks keep their customers (`Selection`); its channels
/// and order picks keep the customers who bought through them (those with a metrics row);
/// the period does not narrow the list.
pub fn build(
    ds: &Dataset,
    idx: &CustomerIndex,
    table: &[CustomerRow],
    filter: &Filter,
    lifetime: Lifetime<'_>,
) -> Vec<ListRow> {
    let by_id: HashMap<&str, &CustomerRow> = table.iter().map(|r| (r.id.as_str(), r)).collect();
    let sel = Selection::new(ds, idx, filter);
    let picks_orders = filter.picks.asked().iter().any(|p| p.kind == Kind::Orders);
    let buyers_only = !filter.channels.is_empty() || picks_orders;
    let keep = |(i, c): &(usize, &Customer)| {
        sel.keeps(Kind::Customers, *i) && (!buyers_only || by_id.contains_key(ds.str(c.id)))
    };
    let mut rows: Vec<ListRow> = (ds.customers.rows.iter().enumerate())
        .filter(keep)
        .map(|(_, c)| c)
        .map(|c| {
            let id = ds.str(c.id).to_string();
            let name = if !c.name.is_empty() {
                ds.str(c.name).to_string()
            } else {
                format!("{} {}", ds.str(c.first_name), ds.str(c.last_name))
                    .trim()
                    .to_string()
            };
            let m = by_id.get(id.as_str());
            let email = ds.str(c.email).to_string();
            let phone = ds.str(c.phone).to_string();
            let search = format!("{id}\u{1f}{name}\u{1f}{email}\u{1f}{phone}").to_lowercase();
            ListRow {
                name,
                email,
                phone,
                city: ds.str(c.city).to_string(),
                segment: ds.str(c.segment).to_string(),
                rfm_segment: m.map_or("", |m| m.segment),
                abc: m.map(|m| m.abc),
                orders: m.map_or(0, |m| m.frequency),
                revenue: m.map_or(0.0, |m| m.monetary),
                value_v: m.map_or(0.0, |m| m.value_v),
                last_purchase: m.map(|m| m.last_purchase.clone()).unwrap_or_default(),
                p_alive: m
                    .and_then(|m| m.p_alive)
                    .or_else(|| lifetime(c.id).map(|l| l.0)),
                clv: m
                    .and_then(|m| m.clv)
                    .or_else(|| lifetime(c.id).and_then(|l| l.1)),
                model_inputs: m.and_then(|m| ModelInputs::of(m)),
                search,
                id,
            }
        })
        .collect();
    // Buyers that no customers file lists (orders-only data without placeholders); the
    // table has already applied the filter to them.
    let listed: std::collections::HashSet<&str> =
        ds.customers.rows.iter().map(|c| ds.str(c.id)).collect();
    for m in table.iter().filter(|m| !listed.contains(m.id.as_str())) {
        rows.push(ListRow {
            id: m.id.clone(),
            name: String::new(),
            email: String::new(),
            phone: String::new(),
            city: String::new(),
            segment: String::new(),
            rfm_segment: m.segment,
            abc: Some(m.abc),
            orders: m.frequency,
            revenue: m.monetary,
            value_v: m.value_v,
            last_purchase: m.last_purchase.clone(),
            p_alive: m.p_alive,
            clv: m.clv,
            model_inputs: ModelInputs::of(m),
            search: m.id.to_lowercase(),
        });
    }
    rows
}

/// What the user asked the list for.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Search text (id, name, e-mail, phone; case-insensitive; every word must match).
    pub search: String,
    /// RFM segment, if one is chosen.
    pub rfm_segment: Option<String>,
    /// ABC class, if one is chosen.
    pub abc: Option<char>,
    /// Minimum P(alive) (0–1), if set.
    pub min_p_alive: Option<f64>,
    /// Maximum P(alive) (0–1), if set.
    pub max_p_alive: Option<f64>,
    /// The column the list is sorted by (ties by id, numbers in ids compared as numbers).
    pub sort: Column,
    /// Largest / latest first.
    pub descending: bool,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            search: String::new(),
            rfm_segment: None,
            abc: None,
            min_p_alive: None,
            max_p_alive: None,
            sort: Column::Revenue,
            descending: true,
        }
    }
}

/// The lower-cased words of a search text.
fn search_words(search: &str) -> Vec<String> {
    search
        .to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// True for a row whose search text contains every one of `words` (each searcher built
/// once, for all the rows).
fn matcher(words: &[String]) -> impl Fn(&ListRow) -> bool + '_ {
    let finders: Vec<memchr::memmem::Finder<'_>> = words
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect();
    move |r| {
        finders
            .iter()
            .all(|f| f.find(r.search.as_bytes()).is_some())
    }
}

/// Every row's search text in one buffer (row after row, each followed by a line break,
/// which no search word holds: words are split at white space), so that a word is looked
/// for in one pass over the buffer rather than once per row.
struct SearchText {
    bytes: Vec<u8>,
    /// Where each row's text ends (its line break), by row.
    ends: Vec<u32>,
}

impl SearchText {
    fn new(rows: &[ListRow]) -> SearchText {
        let mut bytes = Vec::with_capacity(rows.iter().map(|r| r.search.len() + 1).sum());
        let ends = (rows.iter())
            .map(|r| {
                bytes.extend_from_slice(r.search.as_bytes());
                let end = bytes.len() as u32;
                bytes.push(b'\n');
                end
            })
            .collect();
        SearchText { bytes, ends }
    }

    fn row(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        };
        &self.bytes[start..self.ends[i] as usize]
    }

    /// A bit per row: set for the rows whose text holds every one of `words` (not empty).
    /// The first word is found in one pass over the whole buffer (after a match, from the
    /// next row on); the others are looked for in the rows the first one kept.
    fn matching(&self, words: &[String]) -> Vec<u64> {
        let mut bits = vec![0u64; self.ends.len().div_ceil(64)];
        let Some((first, rest)) = words.split_first() else {
            return bits;
        };
        let finder = memchr::memmem::Finder::new(first.as_bytes());
        let (mut from, mut row) = (0, 0);
        while let Some(at) = finder.find(&self.bytes[from..]) {
            let at = from + at;
            // A match never spans a line break: it is in the row whose text ends after it.
            while (self.ends[row] as usize) <= at {
                row += 1;
            }
            bits[row / 64] |= 1 << (row % 64);
            from = self.ends[row] as usize + 1;
            row += 1;
            if row == self.ends.len() {
                break;
            }
        }
        if rest.is_empty() {
            bits
        } else {
            self.matching_among(&bits, rest)
        }
    }

    /// The rows of `among` (a bit per row) whose text holds every one of `words`.
    fn matching_among(&self, among: &[u64], words: &[String]) -> Vec<u64> {
        let finders: Vec<memchr::memmem::Finder<'_>> = (words.iter())
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
            .collect();
        let mut bits = among.to_vec();
        for (k, word) in bits.iter_mut().enumerate() {
            let mut left = *word;
            while left != 0 {
                let bit = left.trailing_zeros() as usize;
                left &= left - 1;
                let text = self.row(k * 64 + bit);
                if !finders.iter().all(|f| f.find(text).is_some()) {
                    *word &= !(1 << bit);
                }
            }
        }
        bits
    }
}

/// True when every word of `old` is inside one of `new`: the rows matching `new` are then
/// among those matching `old` (say a letter typed at the end of the search).
fn narrows(old: &[String], new: &[String]) -> bool {
    old.iter()
        .all(|o| new.iter().any(|n| n.contains(o.as_str())))
}

/// [`select`] as the user types: the same rows in the same order, without the work that
/// does not change from one key to the next. The rows that the query's filters keep, in
/// its order, are kept for the next query with the same filters and sort, so a search
/// never sorts: it keeps the matching rows of that order. The rows that matched the last
/// search are kept too (a bit per row, whatever the filters), and a search that only
/// narrows it (a letter typed at the end) looks only at them. Made for one `rows`: a new
/// list of rows needs a new `Selector`.
#[derive(Default)]
pub struct Selector {
    /// The query without its search, and the rows it selects in its order.
    base: Option<(ListQuery, Vec<u32>)>,
    /// The rows' search text, built on the first search.
    text: Option<SearchText>,
    /// The last search's words and the rows that match them (a bit per row).
    last: Option<(Vec<String>, Vec<u64>)>,
}

impl Selector {
    /// Makes ready what the first search needs (the rows' search text), say when the
    /// search box gets the focus, so that the first key typed does not wait for it.
    pub fn prepare(&mut self, rows: &[ListRow]) {
        self.text.get_or_insert_with(|| SearchText::new(rows));
    }

    /// The rows `q` selects, in its order: always `select(rows, q)`.
    pub fn select(&mut self, rows: &[ListRow], q: &ListQuery) -> Vec<u32> {
        let key = ListQuery {
            search: String::new(),
            ..q.clone()
        };
        let base = match &mut self.base {
            Some((k, base)) if *k == key => base,
            slot => &mut slot.insert((key.clone(), select(rows, &key))).1,
        };
        let words = search_words(&q.search);
        if words.is_empty() {
            return base.clone();
        }
        let text = self.text.get_or_insert_with(|| SearchText::new(rows));
        let bits = match &self.last {
            Some((old, _)) if *old == words => None,
            Some((old, bits)) if narrows(old, &words) => Some(text.matching_among(bits, &words)),
            _ => Some(text.matching(&words)),
        };
        if let Some(bits) = bits {
            self.last = Some((words, bits));
        }
        let bits = self.last.as_ref().map_or(&[][..], |(_, b)| b.as_slice());
        let hit = |i: u32| bits[i as usize / 64] & (1 << (i % 64)) != 0;
        base.iter().copied().filter(|&i| hit(i)).collect()
    }
}

/// Indices of the rows that match, in display order (ties by id).
pub fn select(rows: &[ListRow], q: &ListQuery) -> Vec<u32> {
    let words = search_words(&q.search);
    let matches = matcher(&words);
    let mut out: Vec<u32> = (0..rows.len() as u32)
        .filter(|&i| {
            let r = &rows[i as usize];
            matches(r)
                && q.rfm_segment.as_deref().is_none_or(|s| r.rfm_segment == s)
                && q.abc.is_none_or(|a| r.abc == Some(a))
                && q.min_p_alive
                    .is_none_or(|m| r.p_alive.is_some_and(|p| p >= m))
                && q.max_p_alive
                    .is_none_or(|m| r.p_alive.is_some_and(|p| p <= m))
        })
        .collect();
    out.sort_by(|&a, &b| {
        let (x, y) = (&rows[a as usize], &rows[b as usize]);
        let o = q.sort.compare(x, y);
        let o = if q.descending { o.reverse() } else { o };
        o.then_with(|| natural(&x.id, &y.id))
    });
    out
}

/// The rows to render for a scroll position: those in view plus `overscan` on each side.
pub fn window(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    len: usize,
    overscan: usize,
) -> Range<usize> {
    if len == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let visible = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(len);
    let end = (first + visible + overscan).min(len);
    start..end
}

/// Customers most at risk: value at risk = revenue × (1 − P(alive)), largest first, among
/// customers with a P(alive) below `max_p_alive`. Indices into `rows`.
pub fn at_risk(rows: &[ListRow], max_p_alive: f64, limit: usize) -> Vec<u32> {
    let mut out: Vec<(f64, u32)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let p = r.p_alive?;
            (p < max_p_alive && r.revenue > 0.0).then_some((r.revenue * (1.0 - p), i as u32))
        })
        .collect();
    out.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| natural(&rows[a.1 as usize].id, &rows[b.1 as usize].id))
    });
    out.into_iter().take(limit).map(|(_, i)| i).collect()
}

/// Value at risk of a row: revenue × (1 − P(alive)).
pub fn value_at_risk(row: &ListRow) -> Option<f64> {
    row.p_alive.map(|p| row.revenue * (1.0 - p))
}
