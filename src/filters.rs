//! The global filter as it lives in the URL query (so a view can be bookmarked and shared),
//! and its resolution into dates. Pure, tested natively.
//!
//! Query keys: `range` (`30d`, `90d`, `365d`, `ytd`, `all`, `custom`; default `all`, the
//! whole history), `from` and `to` (`YYYY-MM-DD`, with `custom`), `segment`, `channel`,
//! `owner` (exact values), `as_of` (`YYYY-MM-DD`; default: each kind's latest date),
//! `by.CARD` (the column a page's breakdown card shows, e.g. `by.deals=owner`) and
//! `pick.KIND.COLUMN` (a value chosen by clicking a chart, e.g.
//! `pick.customers.rfm_segment=Champions`; repeated for several values of one column) and
//! `rows` (the figure whose records are open, e.g. `rows=kpi.net_revenue`; not carried to
//! another page).

use crate::core::metrics::Recent;
use crate::core::model::Day;

/// A period preset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Range {
    /// The last 30 days up to as-of.
    Last30,
    /// The last 90 days.
    Last90,
    /// The last 365 days.
    Last365,
    /// From 1 January of as-of's year.
    YearToDate,
    /// Everything: the whole history, records without a date included.
    #[default]
    All,
    /// `from`–`to` as given.
    Custom,
}

impl Range {
    /// Every preset, in menu order.
    pub const ALL: [Range; 6] = [
        Range::All,
        Range::Last30,
        Range::Last90,
        Range::Last365,
        Range::YearToDate,
        Range::Custom,
    ];

    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Range::Last30 => "30d",
            Range::Last90 => "90d",
            Range::Last365 => "365d",
            Range::YearToDate => "ytd",
            Range::All => "all",
            Range::Custom => "custom",
        }
    }

    /// From a query value.
    pub fn parse(text: &str) -> Option<Range> {
        Range::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// The filter of the URL query, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterQuery {
    /// The period preset.
    pub range: Range,
    /// First day of a custom period (read only when `range` is `Custom`; `None`: unbounded).
    pub from: Option<Day>,
    /// Last day of a custom period, inclusive (capped at as-of; `None`: as-of).
    pub to: Option<Day>,
    /// Keeps the customers of this segment, with their orders, deals and tickets.
    pub segment: Option<String>,
    /// Keeps the orders of this sales channel (and the customers who bought through it).
    pub channel: Option<String>,
    /// Keeps the deals of this owner.
    pub owner: Option<String>,
    /// As-of date override.
    pub as_of: Option<Day>,
    /// The column each breakdown card shows (card id, column), in the order set.
    pub by: Vec<(String, String)>,
    /// The values picked from charts, `(KIND.COLUMN, value)`, in the order picked.
    pub picks: Vec<(String, String)>,
    /// The figure whose rows are open (its query form).
    pub rows: Option<String>,
}

/// Parses `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<Day> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(Day::from_naive)
}

impl FilterQuery {
    /// Reads the filter from query pairs; unknown keys and unreadable values are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> FilterQuery {
        let mut q = FilterQuery::default();
        let text = |v: &str| (!v.is_empty()).then(|| v.to_string());
        for (key, value) in pairs {
            match key {
                "range" => q.range = Range::parse(value).unwrap_or_default(),
                "from" => q.from = parse_day(value),
                "to" => q.to = parse_day(value),
                "segment" => q.segment = text(value),
                "channel" => q.channel = text(value),
                "owner" => q.owner = text(value),
                "as_of" => q.as_of = parse_day(value),
                "rows" => q.rows = text(value),
                _ => {
                    if let Some(card) = key.strip_prefix("by.").filter(|c| !c.is_empty()) {
                        q.set_by(card, value);
                    } else if let Some(pick) = key.strip_prefix("pick.") {
                        if !q.picked(pick, value) {
                            q.toggle_pick(pick, value);
                        }
                    }
                }
            }
        }
        q
    }

    /// The query pairs (defaults left out), in a stable order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(&str, String)> = Vec::new();
        if self.range != Range::default() {
            out.push(("range", self.range.as_str().to_string()));
        }
        if self.range == Range::Custom {
            out.extend(self.from.map(|d| ("from", d.iso())));
            out.extend(self.to.map(|d| ("to", d.iso())));
        }
        out.extend(self.segment.clone().map(|v| ("segment", v)));
        out.extend(self.channel.clone().map(|v| ("channel", v)));
        out.extend(self.owner.clone().map(|v| ("owner", v)));
        out.extend(self.as_of.map(|d| ("as_of", d.iso())));
        let mut out: Vec<(String, String)> =
            out.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        out.extend(self.by.iter().map(|(c, v)| (format!("by.{c}"), v.clone())));
        out.extend((self.picks.iter()).map(|(p, v)| (format!("pick.{p}"), v.clone())));
        out.extend(self.rows.clone().map(|r| ("rows".to_string(), r)));
        out
    }

    /// Picks `value` of column `pick` (`KIND.COLUMN`), or takes it back when it is picked.
    /// A key without a kind and a column is ignored.
    pub fn toggle_pick(&mut self, pick: &str, value: &str) {
        let Some((kind, column)) = pick.split_once('.') else {
            return;
        };
        if kind.is_empty() || column.is_empty() {
            return;
        }
        if self.picked(pick, value) {
            self.picks.retain(|(p, v)| !(p == pick && v == value));
        } else {
            self.picks.push((pick.to_string(), value.to_string()));
        }
    }

    /// True when `value` of column `pick` (`KIND.COLUMN`) is picked.
    pub fn picked(&self, pick: &str, value: &str) -> bool {
        self.picks.iter().any(|(p, v)| p == pick && v == value)
    }

    /// The picks by column: `(kind, column, values)`, in the order first picked.
    pub fn pick_groups(&self) -> Vec<(String, String, Vec<String>)> {
        let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
        for (pick, value) in &self.picks {
            let (kind, column) = pick.split_once('.').unwrap_or_default();
            match out.iter_mut().find(|(k, c, _)| k == kind && c == column) {
                Some((_, _, values)) => values.push(value.clone()),
                None => out.push((kind.into(), column.into(), vec![value.clone()])),
            }
        }
        out
    }

    /// The column breakdown card `card` shows (`""`: its first).
    pub fn by(&self, card: &str) -> String {
        (self.by.iter())
            .find(|(c, _)| c == card)
            .map_or_else(String::new, |(_, v)| v.clone())
    }

    /// Sets the column card `card` shows (`""`: its first, and out of the URL).
    pub fn set_by(&mut self, card: &str, column: &str) {
        self.by.retain(|(c, _)| c != card);
        if !column.is_empty() {
            self.by.push((card.to_string(), column.to_string()));
        }
    }

    /// The preset as a period counted back from each kind's as-of date (`None`: the whole
    /// history, or a custom period of fixed dates).
    pub fn recent(&self) -> Option<Recent> {
        match self.range {
            Range::Last30 => Some(Recent::Days(30)),
            Range::Last90 => Some(Recent::Days(90)),
            Range::Last365 => Some(Recent::Days(365)),
            Range::YearToDate => Some(Recent::YearToDate),
            Range::All | Range::Custom => None,
        }
    }

    /// The as-of date: the override, else the latest date in the data (else `fallback`).
    pub fn as_of(&self, latest: Option<Day>, fallback: Day) -> Day {
        self.as_of.or(latest).unwrap_or(fallback)
    }

    /// The period `(from, to)` for an as-of date (`None` = unbounded on that side; the
    /// whole history is unbounded on both).
    pub fn period(&self, as_of: Day) -> (Option<Day>, Option<Day>) {
        let back = |days: i32| (Some(Day(as_of.0 - days + 1)), Some(as_of));
        match self.range {
            Range::Last30 => back(30),
            Range::Last90 => back(90),
            Range::Last365 => back(365),
            Range::YearToDate => {
                let (y, _, _) = as_of.ymd();
                (Day::from_ymd(y, 1, 1), Some(as_of))
            }
            // Open at both ends: each kind's figures run to its own as-of date, and records
            // without a date count.
            Range::All => (None, None),
            Range::Custom => (self.from, self.to.map(|t| t.min(as_of)).or(Some(as_of))),
        }
    }
}

/// The filter as a URL query string without the `?` (`""` when everything is default),
/// percent-encoded.
pub fn query_string(q: &FilterQuery) -> String {
    q.to_pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}
