//! The command palette's search (Ctrl/Cmd+K): pages by name, customers by name, e-mail or
//! ID. Pure; the dialog is `components::CommandPalette`.

use crate::routes::Page;

/// Where an entry leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A page of the app.
    Page(Page),
    /// A customer's page, by customer ID.
    Customer(String),
}

/// One result: a page or a customer, with what the list shows of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Where it leads.
    pub target: Target,
    /// What is shown first (page name, or customer name; the ID when there is no name).
    pub label: String,
    /// What is shown after it, muted (customer ID and e-mail).
    pub detail: String,
}

/// A customer as the palette searches it.
#[derive(Clone, Copy, Debug)]
pub struct Person<'a> {
    /// Customer ID (always known: it is the customer's address).
    pub id: &'a str,
    /// Name ("" when unknown).
    pub name: &'a str,
    /// E-mail ("" when unknown).
    pub email: &'a str,
}

/// Pages whose name contains `query` (all pages when it is empty), then at most `limit`
/// customers whose ID, name or e-mail contains it, case-insensitively: an exact ID first,
/// then names that start with the query, then the rest in data order. No customers for an
/// empty query.
pub fn search<'a>(
    query: &str,
    pages: &[(Page, &str)],
    people: impl IntoIterator<Item = Person<'a>>,
    limit: usize,
) -> Vec<Entry> {
    let q = query.trim().to_lowercase();
    let mut out: Vec<Entry> = pages
        .iter()
        .filter(|(_, label)| q.is_empty() || label.to_lowercase().contains(&q))
        .map(|&(page, label)| Entry {
            target: Target::Page(page),
            label: label.to_string(),
            detail: String::new(),
        })
        .collect();
    if q.is_empty() || limit == 0 {
        return out;
    }
    // (rank, data order): 0 exact ID, 1 name starts with the query, 2 any other match.
    let mut found: Vec<(u8, usize, Person<'a>)> = Vec::new();
    for (i, p) in people.into_iter().enumerate() {
        let (id, name) = (p.id.to_lowercase(), p.name.to_lowercase());
        let rank = if id == q {
            0
        } else if name.starts_with(&q) {
            1
        } else if id.contains(&q) || name.contains(&q) || p.email.to_lowercase().contains(&q) {
            2
        } else {
            continue;
        };
        found.push((rank, i, p));
        // Enough best-ranked hits: nothing later can beat them.
        if found.iter().filter(|f| f.0 == 0).count() >= limit {
            break;
        }
    }
    crate::core::sort::sort_by_key(&mut found, |&(rank, i, _)| (rank, i));
    out.extend(found.into_iter().take(limit).map(|(_, _, p)| {
        let detail = [p.id, p.email]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        Entry {
            target: Target::Customer(p.id.to_string()),
            label: if p.name.is_empty() { p.id } else { p.name }.to_string(),
            detail,
        }
    }));
    out
}
