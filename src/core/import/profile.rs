//! Stage 2½: what the analysis learns about each column while it reads the rows: how its
//! cells look (dates of which shape, numbers, yes/no, ratings), a few samples, and the
//! whole-file evidence that decides its day/month order and decimal separator.

use super::value::{
    self, date_shape, decimal_evidence, is_excel_serial, parse_number, DateOrder, DateShape,
    DecimalSep,
};

/// How the cells of a numeric date column are shaped, over the whole column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DateStats {
    /// Year-first values (ISO and friends).
    pub year_first: u64,
    /// Values with a month name.
    pub named: u64,
    /// Values whose first number is > 12 (day first).
    pub day_first: u64,
    /// Values whose second number is > 12 (month first).
    pub month_first: u64,
    /// Values where both numbers are ≤ 12.
    pub either: u64,
    /// Of `either`, those whose two numbers differ (where the order changes the date).
    pub either_distinct: u64,
    /// Values that are not dates.
    pub invalid: u64,
}

impl DateStats {
    fn add(&mut self, shape: DateShape) {
        match shape {
            DateShape::YearFirst => self.year_first += 1,
            DateShape::Named => self.named += 1,
            DateShape::DayFirst => self.day_first += 1,
            DateShape::MonthFirst => self.month_first += 1,
            DateShape::Either { same } => {
                self.either += 1;
                self.either_distinct += u64::from(!same);
            }
            DateShape::Invalid => self.invalid += 1,
        }
    }

    /// Values that are dates of some shape.
    pub fn valid(&self) -> u64 {
        self.year_first + self.named + self.day_first + self.month_first + self.either
    }
}

/// Which whole-file evidence a column's cells after the profiled rows are read for (see
/// [`ColumnProfile::watch`]).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Watch {
    /// Date shapes: the column has dates.
    dates: bool,
    /// Decimal separators: the column has numbers.
    numbers: bool,
}

/// What the analysis learned about one column.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ColumnProfile {
    /// Non-empty cells (whole file).
    pub filled: u64,
    /// Date shapes: over the profiled rows, and over the whole file for numeric dates.
    pub dates: DateStats,
    /// Profiled cells that read as numbers.
    pub numbers: u64,
    /// Profiled cells that could be Excel serial dates.
    pub serials: u64,
    /// Profiled cells that read as yes/no.
    pub bools: u64,
    /// Profiled cells that are satisfaction words (`Good`, `Bad`, `Offered`, ...).
    pub ratings: u64,
    /// Profiled non-empty cells.
    pub profiled: u64,
    /// Largest absolute number seen in the profiled cells (× 10 000).
    pub max_abs: i64,
    /// True when some profiled number has a fraction.
    pub fractions: bool,
    /// Cells saying the decimal separator is a comma / a dot (whole file).
    pub decimal_votes: (u64, u64),
    /// The decimal separator decided for the column.
    pub decimal: DecimalSep,
    /// The day/month order decided from the whole column (`None`: not numeric dates, or
    /// ambiguous: see [`Analysis::date_decisions`](super::Analysis::date_decisions)).
    pub date_order: Option<DateOrder>,
    /// Up to three distinct non-empty values, for the mapping screen.
    pub samples: Vec<String>,
    /// Up to three dates whose meaning depends on the day/month order (whole file).
    pub ambiguous_dates: Vec<String>,
}

impl ColumnProfile {
    /// Takes in one cell of a row: `full` for the profiled rows (every check), else only
    /// the whole-file evidence (see [`ColumnProfile::observe_bytes`]).
    pub(super) fn observe(&mut self, cell: &str, full: bool) {
        let c = value::trim_cell(cell);
        if c.is_empty() {
            return;
        }
        self.filled += 1;
        if full {
            self.profiled += 1;
            let shape = date_shape(c);
            self.add_date(shape, c);
            if shape == DateShape::Invalid {
                let n = parse_number(c, DecimalSep::Dot)
                    .or_else(|_| parse_number(c, DecimalSep::Comma));
                if let Ok(n) = n {
                    self.numbers += 1;
                    self.max_abs = self.max_abs.max(n.scaled.abs());
                    self.fractions |= n.scaled % 10_000 != 0;
                    self.serials += u64::from(is_excel_serial(c));
                }
            }
            self.bools += u64::from(value::parse_bool(c).is_some());
            self.ratings += u64::from(value::satisfaction_word(c).is_some());
            if self.samples.len() < 3 && !self.samples.iter().any(|s| s == c) {
                self.samples.push(c.to_string());
            }
            self.vote_decimal(c.as_bytes());
        } else {
            self.observe_rest(c.as_bytes(), self.watch());
        }
    }

    /// What the cells after the profiled rows are read for, decided by those rows: it
    /// cannot change later, since only a column with dates takes in more of them, and only
    /// the profiled rows count numbers.
    pub(super) fn watch(&self) -> Watch {
        Watch {
            dates: self.dates.valid() > 0,
            numbers: self.numbers > 0,
        }
    }

    /// [`ColumnProfile::observe`] of a cell after the profiled rows, as bytes (UTF-8),
    /// `watch` being this profile's [`ColumnProfile::watch`].
    #[inline]
    pub(super) fn observe_bytes(&mut self, cell: &[u8], watch: Watch) {
        match value::trim_cell_bytes(cell) {
            Some([]) | None => {}
            Some(c) => {
                self.filled += 1;
                if watch.dates || watch.numbers {
                    self.observe_rest(c, watch);
                }
            }
        }
    }

    /// What a cell after the profiled rows tells (`c`: trimmed, not empty, UTF-8): the
    /// whole-file evidence only, read off the bytes. Every date column is followed to the
    /// end, so that a day-first value on the last line still decides; ISO values (the
    /// common case) are skipped cheaply.
    #[inline]
    fn observe_rest(&mut self, c: &[u8], watch: Watch) {
        let iso = c.len() >= 10 && c[4] == b'-' && c[7] == b'-';
        if watch.dates && !iso {
            if let Ok(c) = std::str::from_utf8(c) {
                self.add_date(date_shape(c), c);
            }
        }
        if watch.numbers {
            self.vote_decimal(c);
        }
    }

    /// Takes in what `part` observed after the profiled rows, having started as `base`
    /// (the profile of those rows): its counts beyond `base`'s, and its ambiguous dates
    /// beyond `base`'s, as [`ColumnProfile::observe_bytes`] would have taken them after
    /// this profile's. Parts taken in the file's order give the profile of one reading.
    pub(super) fn absorb(&mut self, base: &ColumnProfile, part: &ColumnProfile) {
        let more = |now: u64, then: u64| now.saturating_sub(then);
        self.filled += more(part.filled, base.filled);
        let (d, p, b) = (&mut self.dates, &part.dates, &base.dates);
        d.year_first += more(p.year_first, b.year_first);
        d.named += more(p.named, b.named);
        d.day_first += more(p.day_first, b.day_first);
        d.month_first += more(p.month_first, b.month_first);
        d.either += more(p.either, b.either);
        d.either_distinct += more(p.either_distinct, b.either_distinct);
        d.invalid += more(p.invalid, b.invalid);
        self.decimal_votes.0 += more(part.decimal_votes.0, base.decimal_votes.0);
        self.decimal_votes.1 += more(part.decimal_votes.1, base.decimal_votes.1);
        let new = part.ambiguous_dates.iter().skip(base.ambiguous_dates.len());
        for c in new {
            if self.ambiguous_dates.len() < 3 && !self.ambiguous_dates.contains(c) {
                self.ambiguous_dates.push(c.clone());
            }
        }
    }

    fn add_date(&mut self, shape: DateShape, c: &str) {
        self.dates.add(shape);
        if shape == (DateShape::Either { same: false })
            && self.ambiguous_dates.len() < 3
            && !self.ambiguous_dates.iter().any(|s| s == c)
        {
            self.ambiguous_dates.push(c.to_string());
        }
    }

    #[inline]
    fn vote_decimal(&mut self, c: &[u8]) {
        let (comma, dot) = decimal_evidence(c);
        self.decimal_votes.0 += u64::from(comma);
        self.decimal_votes.1 += u64::from(dot);
    }

    /// True when most profiled cells are dates (or Excel serial numbers).
    pub fn is_dates(&self) -> bool {
        self.profiled > 0
            && (self.dates.valid() * 2 > self.profiled || self.serials * 10 >= self.profiled * 9)
    }

    /// True when most profiled cells are numbers.
    pub fn is_numbers(&self) -> bool {
        self.profiled > 0 && self.numbers * 2 > self.profiled
    }

    /// True when the column's dates are Excel serial numbers.
    pub fn is_serial_dates(&self) -> bool {
        self.profiled > 0 && self.serials * 10 >= self.profiled * 9 && self.dates.valid() == 0
    }
}
/// Decides each column's decimal separator and day/month order from the whole file's
/// evidence. A column whose numbers do not tell (`1.200`) follows the rest of the file.
pub(super) fn decide(columns: &mut [ColumnProfile]) {
    let (file_comma, file_dot) = columns.iter().fold((0, 0), |(c, d), p| {
        (c + p.decimal_votes.0, d + p.decimal_votes.1)
    });
    for profile in columns {
        let (mut comma, mut dot) = profile.decimal_votes;
        if comma == 0 && dot == 0 {
            (comma, dot) = (file_comma, file_dot);
        }
        profile.decimal = if comma > dot {
            DecimalSep::Comma
        } else {
            DecimalSep::Dot
        };
        let d = &profile.dates;
        profile.date_order = match (d.day_first > 0, d.month_first > 0) {
            (true, false) => Some(DateOrder::DayFirst),
            (false, true) => Some(DateOrder::MonthFirst),
            (true, true) if d.day_first >= d.month_first => Some(DateOrder::DayFirst),
            (true, true) => Some(DateOrder::MonthFirst),
            // Only ≤ 12/≤ 12 values: decided only if the order changes nothing.
            (false, false) if d.either_distinct == 0 => Some(DateOrder::DayFirst),
            (false, false) => None,
        };
    }
}
