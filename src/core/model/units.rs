//! The units of the records: exact [`Money`], calendar [`Day`]s and [`Timestamp`]s, each a
//! plain integer.

use serde::{Deserialize, Serialize};

/// An exact amount of money in ten-thousandths of the currency unit (4 decimals), so sums
/// never drift and unit prices with up to 4 decimals stay exact.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// Minor units per currency unit.
    pub const SCALE: i64 = 10_000;
    /// No money; also the default.
    pub const ZERO: Money = Money(0);

    /// From whole currency units (for tests and demo data).
    pub fn from_units(units: i64) -> Money {
        Money(units * Self::SCALE)
    }

    /// From cents (hundredths of the currency unit), exactly.
    pub fn from_cents(cents: i64) -> Money {
        Money(cents * (Self::SCALE / 100))
    }

    /// As a float in currency units (for display and ratios, never for sums).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }

    /// Rounded to cents (half away from zero).
    pub fn to_cents(self) -> i64 {
        let per_cent = Self::SCALE / 100;
        let q = self.0 / per_cent;
        let r = self.0 % per_cent;
        if 2 * r.abs() >= per_cent {
            q + self.0.signum()
        } else {
            q
        }
    }

    /// `self × quantity`, rounded half away from zero to the money scale.
    pub fn times(self, quantity: f64) -> Money {
        Money((self.0 as f64 * quantity).round() as i64)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

/// A calendar date as days since 1970-01-01 (negative before).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Day(pub i32);

impl Day {
    /// The earliest day a dataset holds: 0000-01-01, the first day a file's date can name.
    pub const MIN: Day = Day(-719_528);
    /// The latest day a dataset holds: 9999-12-31, the last day a file's date can name.
    /// Keeping dates within years 0–9999 leaves every date computation (shown as a calendar
    /// date, months added) far inside what the calendar functions accept.
    pub const MAX: Day = Day(2_932_896);

    /// From a calendar date; `None` when it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        chrono::NaiveDate::from_ymd_opt(year, month, day).map(Day::from_naive)
    }

    /// From a chrono date.
    pub fn from_naive(date: chrono::NaiveDate) -> Day {
        Day((date - chrono::NaiveDate::default()).num_days() as i32)
    }

    /// As a chrono date.
    pub fn to_naive(self) -> chrono::NaiveDate {
        chrono::NaiveDate::default() + chrono::TimeDelta::days(i64::from(self.0))
    }

    /// (year, month 1–12, day 1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        use chrono::Datelike;
        let d = self.to_naive();
        (d.year(), d.month(), d.day())
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `YYYY-MM`.
    pub fn month_label(self) -> String {
        let (y, m, _) = self.ymd();
        format!("{y:04}-{m:02}")
    }
}

/// A date and time (naive, as written in the file) as seconds since 1970-01-01T00:00:00.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Seconds per day.
    pub const DAY: i64 = 86_400;

    /// True when the moment falls between [`Day::MIN`] and [`Day::MAX`].
    pub fn in_range(self) -> bool {
        (i64::from(Day::MIN.0)..=i64::from(Day::MAX.0)).contains(&self.0.div_euclid(Self::DAY))
    }

    /// The day this moment falls on.
    pub fn day(self) -> Day {
        Day(self.0.div_euclid(Self::DAY) as i32)
    }

    /// Midnight at the start of `day`.
    pub fn at_midnight(day: Day) -> Timestamp {
        Timestamp(day.0 as i64 * Self::DAY)
    }
}
