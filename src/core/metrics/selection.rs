//! Picks (a chart element clicked narrows the whole dashboard to it) and the [`Selection`]:
//! which records a filter keeps, asked in one place by every metric.
//!
//! A [`Pick`] keeps the records of one kind whose value in one column is among its values
//! (a column as [`grouping`] reads it: a mapped field, an extra column, a lookup attribute,
//! a band of numbers by its label; `""` is "no value"), or, on the customers, one of the
//! derived columns [`RFM_SEGMENT`], [`COHORT`] and [`ABC`]. The values of a pick are OR'ed,
//! the picks AND'ed. A pick on the customers keeps customers, and the records of every
//! other kind follow their customer; a pick on another kind keeps only that kind's records.

use super::calendar::{month_index, month_label};
use super::customer_index::{CustomerIndex, Row, RowKind};
use super::dimension::grouping;
use super::rfm::{rfm_core, segment_of};
use super::scan::scan;
use super::{AsOf, Filter, Params, Period};
use crate::model::{Dataset, Day, Kind, Sym};
use std::borrow::Cow;
use std::sync::Arc;

/// The derived customer column of each customer's RFM segment (`Champions`, …) under the
/// filter without its RFM and ABC picks.
pub const RFM_SEGMENT: &str = "rfm_segment";
/// The derived customer column of each customer's acquisition cohort: the month (`YYYY-MM`)
/// of their first purchase up to the period end, through the filter's channels and order
/// picks.
pub const COHORT: &str = "cohort";
/// The derived customer column of each customer's ABC class (`A`, `B`, `C`) under the
/// filter without its RFM and ABC picks.
pub const ABC: &str = "abc";
/// The derived customer columns (their names are reserved: a customers file's column of
/// the same name is not picked by them).
pub const DERIVED_COLUMNS: [&str; 3] = [RFM_SEGMENT, COHORT, ABC];

/// A chart element the user picked: the records of `kind` whose value in `column` is one
/// of `values` (group labels: a value as written, a band such as `10–19`, `""` for no
/// value).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pick {
    /// The kind of records picked.
    pub kind: Kind,
    /// Their column.
    pub column: String,
    /// The values kept (any of them).
    pub values: Vec<String>,
}

/// Why a pick's text (`kind.column=value`) is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickError {
    /// The text before the first `.` is no kind of records.
    UnknownKind(String),
    /// No `.` between the kind and the column, or no `=` before the value.
    Malformed(String),
}

impl std::fmt::Display for PickError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PickError::UnknownKind(k) => write!(f, "no kind of records {k:?}"),
            PickError::Malformed(t) => write!(f, "not KIND.COLUMN=VALUE: {t:?}"),
        }
    }
}

impl Pick {
    /// A pick of `values` of `column` of `kind`.
    pub fn new<V: Into<String>>(
        kind: Kind,
        column: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Pick {
        Pick {
            kind,
            column: column.to_string(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// Reads `kind.column=value` (the command line's form; the value may be empty).
    pub fn parse(text: &str) -> Result<Pick, PickError> {
        let malformed = || PickError::Malformed(text.to_string());
        let (kind, rest) = text.split_once('.').ok_or_else(malformed)?;
        let (column, value) = rest.split_once('=').ok_or_else(malformed)?;
        let kind = (Kind::ALL.into_iter())
            .find(|k| k.as_str() == kind.trim())
            .ok_or_else(|| PickError::UnknownKind(kind.to_string()))?;
        Ok(Pick::new(kind, column.trim(), [value]))
    }

    /// True for a pick of a derived customer column ([`DERIVED_COLUMNS`]).
    pub fn is_derived(&self) -> bool {
        self.kind == Kind::Customers && DERIVED_COLUMNS.contains(&self.column.as_str())
    }
}

impl std::fmt::Display for Pick {
    /// `orders.category = Books | Toys`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}.{} = {}",
            self.kind.as_str(),
            self.column,
            self.values.join(" | ")
        )
    }
}

/// The picks of a [`Filter`], resolved over one dataset: per kind, the records its picks
/// keep; the derived customer picks once the customer index is at hand
/// ([`Filter::with_index`]).
#[derive(Clone, PartialEq, Eq)]
pub struct Picks {
    /// As they were asked for (for explanations and exports).
    asked: Vec<Pick>,
    /// Per kind (by `Kind as usize`), the records every pick on its columns keeps; `None`:
    /// no pick on the kind.
    masks: [Option<Arc<[bool]>>; 6],
    /// Whether a customer that only other records name (no row of its own) is kept by the
    /// customer picks: it has no value in any column.
    rowless: bool,
    /// Derived customer picks waiting for the index.
    pending: Vec<Pick>,
    /// The dense customers (of the index) the derived picks keep.
    derived: Option<Arc<[bool]>>,
    /// With a class pick (RFM segment, ABC): each dense customer's class under the filter
    /// without its class picks, which the metrics keep (so that the picked `Champions`
    /// stay Champions on every card).
    classes: Option<Arc<[Class]>>,
}

/// A customer's RFM scores (1 to the bins; 0: no purchase in the period) and ABC class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Class {
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub abc: char,
}

/// No picks: the same value as [`Picks::resolve`] of none, so a filter without picks
/// equals [`Filter::all`](super::Filter::all) however it was made.
impl Default for Picks {
    fn default() -> Self {
        Picks {
            asked: Vec::new(),
            masks: Default::default(),
            rowless: true,
            pending: Vec::new(),
            derived: None,
            classes: None,
        }
    }
}

impl std::fmt::Debug for Picks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = |m: &Option<Arc<[bool]>>| m.as_ref().map(|m| m.iter().filter(|&&k| k).count());
        f.debug_struct("Picks")
            .field("asked", &self.asked)
            .field("kept", &self.masks.iter().map(kept).collect::<Vec<_>>())
            .field("pending", &self.pending)
            .field("derived", &kept(&self.derived))
            .field("classes", &self.classes.as_ref().map(|c| c.len()))
            .finish()
    }
}

impl Picks {
    /// Resolves `picks` over `ds`: each pick on a column of its kind becomes the records it
    /// keeps (a column the kind does not have keeps none); a derived customer pick waits for
    /// [`Filter::with_index`]. A pick without values is no pick.
    pub fn resolve(ds: &Dataset, picks: &[Pick]) -> Picks {
        let mut out = Picks::default();
        for p in picks.iter().filter(|p| !p.values.is_empty()) {
            out.asked.push(p.clone());
            if p.is_derived() {
                out.pending.push(p.clone());
                continue;
            }
            let kept = keeps(ds, p);
            let slot = &mut out.masks[p.kind as usize];
            *slot = Some(match slot.take() {
                Some(m) => m.iter().zip(kept.iter()).map(|(a, b)| *a && *b).collect(),
                None => kept,
            });
            if p.kind == Kind::Customers {
                out.rowless &= p.values.iter().any(String::is_empty);
            }
        }
        out
    }

    /// True when there are no picks.
    pub fn is_empty(&self) -> bool {
        self.asked.is_empty()
    }

    /// The picks as they were asked for.
    pub fn asked(&self) -> &[Pick] {
        &self.asked
    }

    /// True when derived customer picks wait for [`Filter::with_index`].
    pub fn pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The classes of the customers when a class is picked ([`Picks::classes`]).
    pub(crate) fn classes(&self) -> Option<&[Class]> {
        self.classes.as_deref()
    }

    /// The records of `kind` the picks on its columns keep; `None` without such a pick.
    fn mask(&self, kind: Kind) -> Option<&[bool]> {
        self.masks[kind as usize].as_deref()
    }

    /// True when a pick narrows the customers (and with them the records that follow
    /// them).
    fn on_customers(&self) -> bool {
        self.mask(Kind::Customers).is_some() || self.derived.is_some() || self.pending()
    }
}

/// The records of `p.kind` whose group (in `p.column`) has one of `p.values` as its label.
fn keeps(ds: &Dataset, p: &Pick) -> Arc<[bool]> {
    let n = ds.count(p.kind);
    let Some(g) = grouping(ds, p.kind, &p.column) else {
        return vec![false; n].into();
    };
    let picked: Vec<bool> = (g.labels.iter())
        .map(|label| p.values.iter().any(|v| v == label))
        .collect();
    (0..n).map(|i| picked[g.of(i)]).collect()
}

impl Filter {
    /// This filter with its derived customer picks ([`RFM_SEGMENT`], [`COHORT`], [`ABC`])
    /// resolved over the index: each customer's class and cohort under the filter, without
    /// the RFM and ABC picks for the class (so that picking the `Champions` bar keeps the
    /// customers the bar counted). [`dashboard`](super::dashboard) and
    /// [`rows_behind`](super::rows_behind) do it themselves; the other metrics take a
    /// filter that has it done (one whose derived picks still wait keeps no customer).
    pub fn with_index(
        &self,
        ds: &Dataset,
        idx: &CustomerIndex,
        as_of: &AsOf,
        params: &Params,
    ) -> Filter {
        self.resolved(ds, idx, as_of, params).into_owned()
    }

    /// [`Filter::with_index`], borrowing `self` when no derived pick waits.
    pub(crate) fn resolved(
        &self,
        ds: &Dataset,
        idx: &CustomerIndex,
        as_of: &AsOf,
        params: &Params,
    ) -> Cow<'_, Filter> {
        if !self.picks.pending() {
            return Cow::Borrowed(self);
        }
        let pending = self.picks.pending.clone();
        let mut f = self.clone();
        f.picks.pending.clear();
        let mut kept = vec![true; idx.len()];
        let of = |column: &'static str| pending.iter().filter(move |p| p.column == column);
        let has = |column: &'static str| of(column).next().is_some();
        if has(COHORT) {
            let sel = Selection::new(ds, idx, &f);
            let end = Period::resolve(&f, as_of.orders, idx.purchase_span().map(|s| s.0)).to;
            for (c, keep) in kept.iter_mut().enumerate() {
                let month = first_purchase(&sel, c, end).map(|d| month_label(month_index(d)));
                let month = month.as_deref().unwrap_or("");
                *keep &= of(COHORT).all(|p| p.values.iter().any(|v| v == month));
            }
            f.picks.derived = Some(kept.clone().into());
        }
        if has(RFM_SEGMENT) || has(ABC) {
            let sel = Selection::new(ds, idx, &f);
            let s = scan(&sel, as_of.orders, params);
            let core = rfm_core(&sel, &s, params.rfm_bins);
            let none = Class {
                r: 0,
                f: 0,
                m: 0,
                abc: ' ',
            };
            let mut classes = vec![none; idx.len()];
            for (i, &c) in core.members.iter().enumerate() {
                let (r, f, m, abc) = (core.r[i], core.f[i], core.m[i], core.abc[i]);
                classes[c as usize] = Class { r, f, m, abc };
            }
            for (c, keep) in kept.iter_mut().enumerate() {
                let class = classes[c];
                let (segment, abc) = match class.r {
                    0 => ("", String::new()),
                    _ => (
                        segment_of(core.bins, class.r, class.f, class.m),
                        class.abc.to_string(),
                    ),
                };
                *keep &= of(RFM_SEGMENT).all(|p| p.values.iter().any(|v| v == segment))
                    && of(ABC).all(|p| p.values.contains(&abc));
            }
            f.picks.classes = Some(classes.into());
        }
        f.picks.derived = Some(kept.into());
        Cow::Owned(f)
    }
}

/// The day of customer `c`'s first purchase the selection keeps, up to `end`.
fn first_purchase(sel: &Selection<'_>, c: usize, end: Day) -> Option<Day> {
    let start = sel.idx.start_of(c);
    (sel.idx.rows_of(c).iter().enumerate())
        .take_while(|(_, r)| r.day <= end.0)
        .find(|&(k, r)| r.kind() == RowKind::Purchase && sel.keeps_order_at(start + k, r))
        .map(|(_, r)| Day(r.day))
}

/// Which records a filter keeps, whatever their period: its segments, channels and owners
/// and its picks, over one dataset and its index. Every metric asks it ([`Self::keeps`],
/// [`Self::keeps_customer`]); each applies its own period.
pub struct Selection<'a> {
    ds: &'a Dataset,
    idx: &'a CustomerIndex,
    filter: &'a Filter,
    /// The dense customers the customer picks keep; `None` without such a pick.
    picked: Option<Vec<bool>>,
    /// The index's dense channels the filter keeps.
    channels: Vec<bool>,
    /// The compact order rows (by position) the order picks keep; `None` without such a
    /// pick.
    orders_at: Option<Vec<bool>>,
    /// Per kind, true when every record is kept (no filter applies to the kind).
    all: [bool; 6],
}

impl<'a> Selection<'a> {
    /// The selection of `filter` over `ds` and its index: the customer picks per dense
    /// customer (once per filter, proportional to the customers), the order picks per
    /// compact order row (proportional to the orders); nothing without picks.
    pub fn new(ds: &'a Dataset, idx: &'a CustomerIndex, filter: &'a Filter) -> Selection<'a> {
        let picks = &filter.picks;
        let picked = picks.on_customers().then(|| {
            let rows = picks.mask(Kind::Customers);
            let derived = picks.derived.as_deref();
            (0..idx.len())
                .map(|c| {
                    let own = match (rows, idx.customer_row(c)) {
                        (None, _) => true,
                        (Some(m), Some(r)) => m.get(r).copied().unwrap_or(false),
                        (Some(_), None) => picks.rowless,
                    };
                    own && !picks.pending() && derived.is_none_or(|d| d[c])
                })
                .collect()
        });
        let channels = (idx.channels().iter())
            .map(|ch| filter.channels.is_empty() || filter.channels.contains(ch))
            .collect();
        let orders_at = picks.mask(Kind::Orders).map(|m| {
            (0..idx.rows.len())
                .map(|p| m.get(idx.order_row(p)).copied().unwrap_or(false))
                .collect()
        });
        let narrowed = !filter.segments.is_empty() || picked.is_some();
        let all = Kind::ALL.map(|kind| {
            let own = picks.mask(kind).is_none();
            own && match kind {
                Kind::Customers => filter.segments.is_empty() && !picks.on_customers(),
                Kind::Orders | Kind::Tickets => filter.channels.is_empty() && !narrowed,
                Kind::Deals => filter.owners.is_empty() && !narrowed,
                Kind::Campaigns => filter.channels.is_empty(),
                Kind::Responses => filter.channels.is_empty() && picked.is_none(),
            }
        });
        Selection {
            ds,
            idx,
            filter,
            picked,
            channels,
            orders_at,
            all,
        }
    }

    /// The filter.
    pub fn filter(&self) -> &'a Filter {
        self.filter
    }

    /// The dataset.
    pub fn dataset(&self) -> &'a Dataset {
        self.ds
    }

    /// The customer index.
    pub fn index(&self) -> &'a CustomerIndex {
        self.idx
    }

    /// Whether dense customer `c` is kept: in the filter's segments and kept by its
    /// customer picks.
    #[inline]
    pub fn keeps_customer(&self, c: usize) -> bool {
        self.in_segments(self.idx.segment(c)) && self.picked(c)
    }

    /// True when the customers are narrowed (segments or customer picks): records whose
    /// customer is not kept are dropped, and so are records that name no known customer.
    pub fn narrows_customers(&self) -> bool {
        !self.filter.segments.is_empty() || self.picked.is_some()
    }

    /// Whether record `i` of `kind` is kept: the picks on its kind's columns, the filter's
    /// channels (orders, tickets, campaigns, contacts), owners (deals) and segments
    /// (customers, and the orders, deals and tickets of customers of those segments), and
    /// the customer picks, which every record naming a customer follows (contacts follow
    /// the customer picks, not the segments). A record index out of range is not kept.
    #[inline]
    pub fn keeps(&self, kind: Kind, i: usize) -> bool {
        if self.all[kind as usize] {
            return i < self.ds.count(kind);
        }
        self.narrowed(kind, i)
    }

    /// [`Self::keeps`] when a filter applies to `kind` (inlined: each caller asks about one
    /// kind, and its branch is all that remains).
    #[inline]
    fn narrowed(&self, kind: Kind, i: usize) -> bool {
        let own = || self.filter.picks.mask(kind).is_none_or(|m| m[i]);
        let ds = self.ds;
        match kind {
            Kind::Customers => ds.customers.rows.get(i).is_some_and(|c| {
                let derived = self.filter.picks.derived.as_deref();
                let pending = self.filter.picks.pending();
                own()
                    && self.in_segments(c.segment)
                    && !pending
                    && derived.is_none_or(|d| self.idx.dense(c.id).is_some_and(|c| d[c]))
            }),
            Kind::Orders => ds.orders.rows.get(i).is_some_and(|o| {
                own() && self.in_channels(o.channel) && self.follows(o.customer, true)
            }),
            Kind::Deals => ds.deals.rows.get(i).is_some_and(|d| {
                let owners = &self.filter.owners;
                own()
                    && (owners.is_empty() || owners.contains(&d.owner))
                    && self.follows(d.customer, true)
            }),
            Kind::Tickets => ds.tickets.rows.get(i).is_some_and(|t| {
                own() && self.in_channels(t.channel) && self.follows(t.customer, true)
            }),
            Kind::Campaigns => {
                (ds.campaigns.rows.get(i)).is_some_and(|c| own() && self.in_channels(c.channel))
            }
            Kind::Responses => ds.responses.rows.get(i).is_some_and(|r| {
                own() && self.in_channels(r.channel) && self.follows(r.customer, false)
            }),
        }
    }

    /// Whether the compact order row `r` at position `p` of the index is kept (its channel
    /// and the order picks; its customer is the caller's).
    #[inline]
    pub(crate) fn keeps_order_at(&self, p: usize, r: &Row) -> bool {
        self.channels[r.channel as usize] && self.orders_at.as_ref().is_none_or(|m| m[p])
    }

    /// What [`Self::keeps_order_at`] reads, for a hot loop to hold: the index's dense
    /// channels kept, and the compact rows the order picks keep (`None`: every row).
    pub(crate) fn order_masks(&self) -> (&[bool], Option<&[bool]>) {
        (&self.channels, self.orders_at.as_deref())
    }

    /// True when the filter narrows the orders by channel.
    pub(crate) fn by_channel(&self) -> bool {
        !self.filter.channels.is_empty()
    }

    fn in_segments(&self, segment: Sym) -> bool {
        self.filter.segments.is_empty() || self.filter.segments.contains(&segment)
    }

    fn in_channels(&self, channel: Sym) -> bool {
        self.filter.channels.is_empty() || self.filter.channels.contains(&channel)
    }

    #[inline]
    fn picked(&self, c: usize) -> bool {
        self.picked.as_ref().is_none_or(|m| m[c])
    }

    /// Whether a record naming `customer` follows the customers kept (by the segments when
    /// `segments`, and by the customer picks): every record when neither narrows, else
    /// only those whose customer is known and kept.
    #[inline]
    fn follows(&self, customer: Sym, segments: bool) -> bool {
        let by_segment = segments && !self.filter.segments.is_empty();
        if !by_segment && self.picked.is_none() {
            return true;
        }
        self.idx.dense(customer).is_some_and(|c| {
            (!by_segment || self.in_segments(self.idx.segment(c))) && self.picked(c)
        })
    }
}
