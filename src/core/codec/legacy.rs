//! Records as formats 1 to 5 stored them, read into today's model (and written, for the
//! tests' older layouts).
//!
//! Format 6 added a customer's snapshot fields (tenure, monthly and total charges, churn
//! date). Postcard stores a struct's fields in order with no names, so the customers of
//! older formats are read through the struct they were written from, [`CustomerV5`], and
//! get `None` for what they never had. Format 1 stored the whole dataset in one value,
//! [`DatasetV1`]; its other kinds are today's.

use serde::{Deserialize, Serialize};

use super::Chunk;
use crate::model::{Campaign, Customer, Dataset, Day, Deal, Interner, Order, Sym, Table, Ticket};

/// Declares [`CustomerV5`] with its fields (in their stored order) and its conversions to
/// and from [`Customer`], so the field list is written once.
macro_rules! customer_v5 {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// A customer as formats 1 to 5 stored it: today's [`Customer`] without its
        /// snapshot fields.
        #[derive(Clone, Copy, Debug, Serialize, Deserialize)]
        pub(super) struct CustomerV5 {
            $($field: $ty,)*
        }

        impl From<CustomerV5> for Customer {
            fn from(c: CustomerV5) -> Customer {
                Customer {
                    $($field: c.$field,)*
                    ..Customer::default()
                }
            }
        }

        impl From<&Customer> for CustomerV5 {
            /// Drops the snapshot fields (older layouts, written only by the tests).
            fn from(c: &Customer) -> CustomerV5 {
                CustomerV5 {
                    $($field: c.$field,)*
                }
            }
        }
    };
}

customer_v5! {
    id: Sym,
    name: Sym,
    first_name: Sym,
    last_name: Sym,
    email: Sym,
    phone: Sym,
    gender: Sym,
    birth_date: Option<Day>,
    age: Option<u16>,
    company: Sym,
    city: Sym,
    region: Sym,
    country: Sym,
    segment: Sym,
    tags: Sym,
    signup: Option<Day>,
    channel: Sym,
    owner: Sym,
    status: Sym,
    placeholder: bool,
}

/// A table of format 1's customers, as today's customers.
fn customers(table: Table<CustomerV5>) -> Table<Customer> {
    Table {
        rows: table.rows.into_iter().map(Customer::from).collect(),
        extra_columns: table.extra_columns,
        extra_values: table.extra_values,
    }
}

/// A part of formats 2 to 5's customers, as today's customers.
pub(super) fn chunk(c: Chunk<CustomerV5>) -> Chunk<Customer> {
    Chunk {
        extra_columns: c.extra_columns,
        rows: c.rows.into_iter().map(Customer::from).collect(),
        extra_values: c.extra_values,
    }
}

/// Format 1's one value: the whole dataset.
#[derive(Deserialize)]
pub(super) struct DatasetV1 {
    strings: Interner,
    customers: Table<CustomerV5>,
    orders: Table<Order>,
    deals: Table<Deal>,
    tickets: Table<Ticket>,
    campaigns: Table<Campaign>,
}

impl From<DatasetV1> for Dataset {
    fn from(d: DatasetV1) -> Dataset {
        Dataset {
            strings: d.strings,
            customers: customers(d.customers),
            orders: d.orders,
            deals: d.deals,
            tickets: d.tickets,
            campaigns: d.campaigns,
            responses: Table::default(),
            lookups: Vec::new(),
            history: Vec::new(),
        }
    }
}
