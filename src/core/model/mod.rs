//! The in-memory data model: six record kinds in compact tables over one string interner.
//!
//! Designed for a million orders in a browser tab: records are small `Copy` structs; every
//! text value is a [`Sym`] (a `u32` into the dataset's [`Interner`], so repeated values such
//! as categories, channels, stages and customer ids are stored once); money is exact integer
//! [`Money`]; dates are day numbers. Columns a file has beyond the known fields are kept as
//! text in the table's extra columns, never dropped.
//!
//! One file per part: `interner` ([`Interner`], [`Sym`], [`SymSet`]), `units` ([`Money`],
//! [`Day`], [`Timestamp`]), `records` (the six kinds' records, [`Kind`], [`Symbols`]) and
//! `dataset` ([`Dataset`], [`Table`], [`Lookup`], [`Dataset::check`]) and `history`
//! ([`Import`]: the imports that made a dataset and what each changed).

mod dataset;
mod history;
mod interner;
mod records;
mod units;

pub use dataset::{spanning, CheckError, Dataset, Lookup, Table};
pub use history::{Change, ChangeLine, Import, Measure, RowList};
#[doc(hidden)]
pub use interner::slot_key_words;
pub(crate) use interner::{plain_integer, Slot, SlotKey};
pub use interner::{Interner, InternerError, Sym, SymSet};
pub use records::{
    Campaign, Customer, Deal, DealOutcome, Kind, Order, OrderStatus, Response, Standing, Symbols,
    Ticket,
};
pub use units::{Day, Money, Timestamp};
