//! Lookup files: a file whose key column names values of another kind's column (accounts for
//! the deals' accounts, products for their products, sales teams for their owners) adds
//! attributes to those records instead of becoming records of its own.
//!
//! [`propose`] finds the target from the headers and the columns of the records present
//! (the dataset's and the other files' of the same import); [`Analysis::set_lookup`] makes
//! the parse read the file as a lookup, and the merge adds it to [`Dataset::lookups`].

use super::map::{match_header, Field, HeaderKey};
use super::value::squash;
use super::Analysis;
use crate::model::{Dataset, Kind, Sym};

/// Where a lookup file attaches.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LookupTarget {
    /// The file's key column.
    pub column: usize,
    /// The records it describes.
    pub kind: Kind,
    /// Their column it is keyed by: a field's name or an extra column's header.
    pub key: String,
}

/// The columns a kind's records have values in: field names and extra column headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Present {
    /// The kind: a file's of this import, or one already stored ([`Present::of_analysis`],
    /// [`Present::of_dataset`]).
    pub kind: Kind,
    /// Its columns with values.
    pub columns: Vec<String>,
}

/// Fields a lookup may be keyed by: the ones that name something other records share.
const KEYS: [Field; 12] = [
    Field::CustomerId,
    Field::CustomerName,
    Field::CustomerEmail,
    Field::Owner,
    Field::Product,
    Field::Category,
    Field::Channel,
    Field::Stage,
    Field::Segment,
    Field::Company,
    Field::Campaign,
    Field::IssueType,
];

/// Kinds in the order a key is looked for: the records that reference come first.
const ORDER: [Kind; 6] = [
    Kind::Deals,
    Kind::Orders,
    Kind::Tickets,
    Kind::Responses,
    Kind::Campaigns,
    Kind::Customers,
];

impl Present {
    /// What a file of the same import will bring: its kind, its mapped fields and its
    /// extra columns. A file read as a lookup brings nothing.
    pub fn of_analysis(a: &Analysis) -> Option<Present> {
        if a.lookup.is_some() {
            return None;
        }
        let columns = a.mapping.columns.iter().zip(&a.headers);
        let mut columns: Vec<String> = (columns)
            .map(|(f, h)| f.map_or(h.clone(), |f| f.name().to_string()))
            .collect();
        // The records' customer reference is the id when there is one, else the e-mail,
        // else the name: a lookup keyed by a reference the records do not hold matches
        // nothing.
        let mapped = |f: Field| a.mapping.column_of(f).is_some();
        if mapped(Field::CustomerId) {
            columns.retain(|c| c != "customer_email" && c != "customer_name");
        } else if mapped(Field::CustomerEmail) {
            columns.retain(|c| c != "customer_name");
        }
        Some(Present {
            kind: a.kind,
            columns,
        })
    }

    /// The dataset's kinds and the columns that have a value in any of their records.
    pub fn of_dataset(ds: &Dataset) -> Vec<Present> {
        let mut out = Vec::new();
        for kind in Kind::ALL.into_iter().filter(|k| ds.count(*k) > 0) {
            // A field of the kind (the customers' own id stands for `customer_id`); an
            // empty one is one pass over its table, a filled one stops at its first value.
            let applies = |f: &&Field| {
                Field::of(kind).contains(f) || (kind == Kind::Customers && **f == Field::CustomerId)
            };
            let mut columns: Vec<String> = (KEYS.iter().filter(applies))
                .filter(|f| {
                    (0..ds.count(kind)).any(|i| !column_value(ds, kind, f.name(), i).is_empty())
                })
                .map(|f| f.name().to_string())
                .collect();
            columns.extend(
                extra_columns(ds, kind)
                    .iter()
                    .map(|c| ds.str(*c).to_string()),
            );
            out.push(Present { kind, columns });
        }
        out
    }
}

/// The extra columns of `kind`'s table.
pub(crate) fn extra_columns(ds: &Dataset, kind: Kind) -> &[Sym] {
    match kind {
        Kind::Customers => &ds.customers.extra_columns,
        Kind::Orders => &ds.orders.extra_columns,
        Kind::Deals => &ds.deals.extra_columns,
        Kind::Tickets => &ds.tickets.extra_columns,
        Kind::Campaigns => &ds.campaigns.extra_columns,
        Kind::Responses => &ds.responses.extra_columns,
    }
}

/// The lookup a file looks like, when its own kind is recognised weakly (at most two
/// columns mapped): its first column (else the next) names a key field or an extra column
/// of records present. `None` when nothing fits.
pub fn propose(a: &Analysis, present: &[Present]) -> Option<LookupTarget> {
    if a.mapping.pairs().len() > 2 {
        return None;
    }
    for (column, header) in a.headers.iter().enumerate() {
        let key = HeaderKey::new(header);
        for kind in ORDER {
            let Some(p) = present.iter().find(|p| p.kind == kind) else {
                continue;
            };
            let has = |name: &str| p.columns.iter().any(|c| c == name);
            if let Some((field, 3)) = match_header(kind, &key) {
                if KEYS.contains(&field) && has(field.name()) {
                    return Some(LookupTarget {
                        column,
                        kind,
                        key: field.name().to_string(),
                    });
                }
            }
            let squashed = squash(header);
            if let Some(extra) = p.columns.iter().find(|c| {
                squash(c) == squashed && Field::of(kind).iter().all(|f| f.name() != c.as_str())
            }) {
                return Some(LookupTarget {
                    column,
                    kind,
                    key: extra.clone(),
                });
            }
        }
    }
    None
}

/// [`propose`] for each file of an import (`None`: a file that could not be read), against
/// the stored records' columns and those of the import's other files.
pub fn propose_each(files: &[Option<&Analysis>], stored: &[Present]) -> Vec<Option<LookupTarget>> {
    let batch: Vec<Option<Present>> = files
        .iter()
        .map(|a| a.and_then(Present::of_analysis))
        .collect();
    let others = |i: usize| {
        let batch = batch.iter().enumerate().filter(move |(j, _)| *j != i);
        stored
            .iter()
            .cloned()
            .chain(batch.filter_map(|(_, p)| p.clone()))
    };
    (files.iter().enumerate())
        .map(|(i, a)| a.and_then(|a| propose(a, &others(i).collect::<Vec<_>>())))
        .collect()
}

/// The value of a record's column by name: a field's (the customer reference for
/// `customer_id`, `customer_name` and `customer_email`) or an extra column's. Empty when the
/// kind has no such column.
pub fn column_value(ds: &Dataset, kind: Kind, name: &str, row: usize) -> Sym {
    let field = match (kind, name) {
        (Kind::Deals, "customer_id" | "customer_name" | "customer_email") => {
            Some(ds.deals.rows[row].customer)
        }
        (Kind::Deals, "owner") => Some(ds.deals.rows[row].owner),
        (Kind::Deals, "stage") => Some(ds.deals.rows[row].stage),
        (Kind::Orders, "customer_id" | "customer_name" | "customer_email") => {
            Some(ds.orders.rows[row].customer)
        }
        (Kind::Orders, "product") => Some(ds.orders.rows[row].product),
        (Kind::Orders, "category") => Some(ds.orders.rows[row].category),
        (Kind::Orders, "channel") => Some(ds.orders.rows[row].channel),
        (Kind::Tickets, "customer_id" | "customer_name" | "customer_email") => {
            Some(ds.tickets.rows[row].customer)
        }
        (Kind::Tickets, "channel") => Some(ds.tickets.rows[row].channel),
        (Kind::Tickets, "issue_type") => Some(ds.tickets.rows[row].issue_type),
        (Kind::Responses, "customer_id" | "customer_name" | "customer_email") => {
            Some(ds.responses.rows[row].customer)
        }
        (Kind::Responses, "campaign") => Some(ds.responses.rows[row].campaign),
        (Kind::Responses, "channel") => Some(ds.responses.rows[row].channel),
        (Kind::Customers, "customer_id") => Some(ds.customers.rows[row].id),
        (Kind::Customers, "company") => Some(ds.customers.rows[row].company),
        (Kind::Customers, "segment") => Some(ds.customers.rows[row].segment),
        (Kind::Customers, "owner") => Some(ds.customers.rows[row].owner),
        (Kind::Customers, "channel") => Some(ds.customers.rows[row].channel),
        (Kind::Campaigns, "channel") => Some(ds.campaigns.rows[row].channel),
        _ => None,
    };
    field.unwrap_or_else(|| extra_value(ds, kind, name, row))
}

fn extra_value(ds: &Dataset, kind: Kind, name: &str, row: usize) -> Sym {
    let (columns, values) = match kind {
        Kind::Customers => (&ds.customers.extra_columns, &ds.customers.extra_values),
        Kind::Orders => (&ds.orders.extra_columns, &ds.orders.extra_values),
        Kind::Deals => (&ds.deals.extra_columns, &ds.deals.extra_values),
        Kind::Tickets => (&ds.tickets.extra_columns, &ds.tickets.extra_values),
        Kind::Campaigns => (&ds.campaigns.extra_columns, &ds.campaigns.extra_values),
        Kind::Responses => (&ds.responses.extra_columns, &ds.responses.extra_values),
    };
    match columns.iter().position(|c| ds.str(*c) == name) {
        Some(j) => values[row * columns.len() + j],
        None => Sym::EMPTY,
    }
}
