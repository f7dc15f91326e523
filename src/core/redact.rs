//! Redaction: a copy of a dataset for an audience that should see the figures but not the
//! people (a team workspace published "redacted").
//!
//! What changes:
//!
//! - **People are pseudonyms.** A customer's name becomes `Customer 0042` and its phone
//!   `Phone 0042`, 42 being its position (from 1) in the customers; its e-mail becomes
//!   `customer0042@example.invalid`, its id `C-0042` and its company `Company 0042`, 42
//!   being the position of the first customer that has that value. First and last names
//!   are dropped (the name holds them). Owners (sales agents, account managers) become
//!   `Owner 01`, `Owner 02`… in order of appearance. References to customers (an
//!   order's, deal's, ticket's or contact's customer) and the keys of lookups keyed by
//!   them or by the owner take the pseudonym of the value they name (a name: the first
//!   customer's of that name); a reference no customer has gets one of its own, numbered
//!   after the customers. But for the names and phones of customers, one text always gets
//!   one pseudonym (e-mail addresses compared without case, others without edge spaces),
//!   so every record still reaches the customer it reached; and the pseudonyms of the same
//!   data appended to stay the same.
//! - **Any e-mail address left** (in an id, an owner, a product…) becomes a pseudonym too.
//! - **Free text is dropped:** deal titles always; customers' tags and deals' lost reasons
//!   unless they read as categories ([`keeps_column`]); every extra column, of the records
//!   and of lookup files, that does not read as a category or a number, whose header names
//!   a person or free text, or that holds an e-mail address or a phone number. A lookup
//!   keyed by a dropped column goes with it.
//!
//! What stays: dates, amounts and every other number, statuses, stages, products,
//! categories, channels, campaigns, segments, gender, birth dates and ages, cities,
//! regions and countries. So every figure that does not show a name, an e-mail, a phone, a
//! company, an owner or a dropped text is the same as on the data redacted.
//!
//! The strings of the result are only those its records use: nothing of what was replaced
//! stays in its table of texts.

use std::collections::HashMap;

use crate::import::value::email_key;
use crate::model::{Dataset, Interner, Lookup, Sym, SymSet, Symbols, Table};

/// The most distinct values a text column may have and still read as categories.
pub const MAX_CATEGORIES: usize = 100;
/// The longest value (in characters) a category may have.
pub const MAX_CATEGORY_CHARS: usize = 40;
/// The most words a category may have.
pub const MAX_CATEGORY_WORDS: usize = 5;

/// Words of a header that name a person or free text (compared with the header's words,
/// lowercased; Chinese ones with the whole header).
const PERSONAL_WORDS: &[&str] = &[
    "name",
    "names",
    "firstname",
    "lastname",
    "fullname",
    "surname",
    "email",
    "mail",
    "e",
    "phone",
    "mobile",
    "cell",
    "tel",
    "telephone",
    "fax",
    "address",
    "street",
    "zip",
    "postcode",
    "postal",
    "note",
    "notes",
    "comment",
    "comments",
    "description",
    "desc",
    "details",
    "detail",
    "subject",
    "title",
    "message",
    "body",
    "text",
    "remark",
    "remarks",
    "feedback",
    "review",
    "question",
    "answer",
    "summary",
    "contact",
    "person",
    "requester",
    "assignee",
    "agent",
    "manager",
    "owner",
    "rep",
    "user",
    "username",
    "employee",
    "birth",
    "birthday",
    "ssn",
    "passport",
    "iban",
    "url",
    "website",
    "linkedin",
    "twitter",
    "ip",
];

/// Parts of a Chinese header that name a person or free text.
const PERSONAL_ZH: &[&str] = &[
    "姓名",
    "名字",
    "名称",
    "电话",
    "手机",
    "邮箱",
    "邮件",
    "地址",
    "备注",
    "说明",
    "描述",
    "标题",
    "主题",
    "内容",
    "联系人",
    "负责人",
    "经理",
    "身份证",
    "生日",
    "出生",
    "评论",
];

/// The redacted copy of `ds` (see the module's documentation).
pub fn redact(ds: &Dataset) -> Dataset {
    let plan = Plan::of(ds);
    Rewrite::new(ds, &plan).dataset()
}

/// Whether an extra column (or a text field read as one) is kept by redaction: its header
/// names no person and no free text ([`PERSONAL_WORDS`]), none of its values is an e-mail
/// address or a phone number, and its values are numbers, or categories: at most
/// [`MAX_CATEGORIES`] distinct ones, none longer than [`MAX_CATEGORY_CHARS`] characters or
/// [`MAX_CATEGORY_WORDS`] words.
pub fn keeps_column<'a>(header: &str, values: impl IntoIterator<Item = &'a str>) -> bool {
    if names_personal(header) {
        return false;
    }
    let mut distinct: Vec<&str> = Vec::new();
    let mut numbers = true;
    for v in values.into_iter().map(str::trim).filter(|v| !v.is_empty()) {
        if v.contains('@') || is_phone(v) {
            return false;
        }
        if is_number(v) {
            continue;
        }
        numbers = false;
        let too_long = v.chars().count() > MAX_CATEGORY_CHARS
            || v.split_whitespace().count() > MAX_CATEGORY_WORDS;
        if too_long {
            return false;
        }
        if !distinct.contains(&v) {
            if distinct.len() == MAX_CATEGORIES {
                return false;
            }
            distinct.push(v);
        }
    }
    numbers || distinct.len() <= MAX_CATEGORIES
}

fn names_personal(header: &str) -> bool {
    let lower = header.to_lowercase();
    if PERSONAL_ZH.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // Words: split at anything not a letter or digit, and between a lower and an upper case
    // letter (`contactEmail`).
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut last_lower = false;
    for c in header.chars() {
        if !c.is_alphanumeric() {
            words.push(std::mem::take(&mut word));
            last_lower = false;
            continue;
        }
        if c.is_uppercase() && last_lower {
            words.push(std::mem::take(&mut word));
        }
        last_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    words.push(word);
    words.iter().any(|w| PERSONAL_WORDS.contains(&w.as_str()))
}

/// A plain number: an optional minus, digits (no leading zero but for `0`), an optional
/// decimal point or comma and digits.
fn is_number(v: &str) -> bool {
    let v = v.strip_prefix('-').unwrap_or(v);
    let (int, frac) = match v.find(['.', ',']) {
        Some(i) => (&v[..i], Some(&v[i + 1..])),
        None => (v, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int) && (int == "0" || !int.starts_with('0')) && frac.is_none_or(digits)
}

/// Written as phone numbers are: digits, spaces, `+ - ( ) .` and at least seven digits;
/// not a plain number and not a date.
fn is_phone(v: &str) -> bool {
    let phone_chars = v
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits = v.chars().filter(char::is_ascii_digit).count();
    phone_chars && digits >= 7 && !is_number(v) && !is_date(v)
}

/// Three groups of digits with one separator (`-`, `/` or `.`): year first (4, 1–2, 1–2) or
/// last (1–2, 1–2, 2 or 4).
fn is_date(v: &str) -> bool {
    let Some(sep) = v.chars().find(|c| "-/.".contains(*c)) else {
        return false;
    };
    let groups: Vec<&str> = v.split(sep).collect();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let all_digits =
        (groups.iter()).all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
    all_digits
        && match lens[..] {
            [4, m, d] => m <= 2 && d <= 2,
            [d, m, y] => d <= 2 && m <= 2 && (y == 2 || y == 4),
            _ => false,
        }
}

/// True for a text that holds an e-mail address: an `@` between other characters, no space.
fn is_email(v: &str) -> bool {
    let v = v.trim();
    matches!(v.find('@'), Some(i) if i > 0 && i + 1 < v.len()) && !v.contains(char::is_whitespace)
}

/// A text's key: e-mail addresses without case, every text without edge spaces.
fn key(v: &str) -> String {
    if is_email(v) {
        email_key(v).into_owned()
    } else {
        v.trim().to_string()
    }
}

/// What redaction does to a dataset: each personal text's pseudonym, the extra columns and
/// lookups dropped, the free-text fields blanked.
struct Plan {
    /// Text key → pseudonym.
    pseudonyms: HashMap<String, String>,
    /// Per kind (`Kind::ALL`'s order), whether each extra column is kept.
    extras: [Vec<bool>; 6],
    /// Per lookup, whether it is kept, and whether each attribute is.
    lookups: Vec<Option<Vec<bool>>>,
    tags: bool,
    lost_reason: bool,
    /// The digits of a pseudonym's number, at least.
    width: usize,
}

/// Hands out pseudonyms, numbered as the module's documentation says.
struct Namer<'a> {
    strings: &'a Interner,
    pseudonyms: HashMap<String, String>,
    width: usize,
    /// The symbols given a pseudonym (or found blank) already.
    done: SymSet,
    /// The next number of a reference no customer has.
    next_reference: usize,
    next_owner: usize,
}

impl Namer<'_> {
    /// Gives `s` the pseudonym `make()` unless its text has one (or is blank); true when it
    /// got a new one.
    fn name(&mut self, s: Sym, make: impl FnOnce(&Self) -> String) -> bool {
        // A million orders name a few thousand customers: each symbol is looked at once.
        if self.done.insert(s) != Some(true) {
            return false;
        }
        let text = self.strings.get(s);
        if text.trim().is_empty() {
            return false;
        }
        let k = key(text);
        if self.pseudonyms.contains_key(&k) {
            return false;
        }
        let p = make(self);
        self.pseudonyms.insert(k, p);
        true
    }

    fn numbered(&self, what: &str, n: usize) -> String {
        numbered(what, n, self.width)
    }

    fn customer(&mut self, n: usize, c: &crate::model::Customer) {
        self.name(c.email, |me| {
            me.numbered("customer", n) + "@example.invalid"
        });
        self.name(c.name, |me| me.numbered("Customer ", n));
        self.name(c.company, |me| me.numbered("Company ", n));
        self.name(c.id, |me| me.numbered("C-", n));
        self.name(c.phone, |me| me.numbered("Phone ", n));
    }

    /// A customer reference (or any e-mail address): the pseudonym of what it names, else
    /// one of its own.
    fn reference(&mut self, s: Sym) {
        let email = is_email(self.strings.get(s));
        let new = self.name(s, |me| {
            let n = me.next_reference;
            if email {
                me.numbered("customer", n) + "@example.invalid"
            } else {
                me.numbered("C-", n)
            }
        });
        self.next_reference += usize::from(new);
    }

    fn owner(&mut self, s: Sym) {
        let new = self.name(s, |me| format!("Owner {:02}", me.next_owner));
        self.next_owner += usize::from(new);
    }
}

/// `what` and `n` in `width` digits at least: `Customer 0042`.
fn numbered(what: &str, n: usize, width: usize) -> String {
    format!("{what}{n:0width$}")
}

/// The lookup keys that name customers (their values are references) or owners.
fn lookup_key_class(key: &str) -> Option<bool> {
    match key {
        "customer_id" | "customer_name" | "customer_email" | "company" => Some(true),
        "owner" => Some(false),
        _ => None,
    }
}

impl Plan {
    fn of(ds: &Dataset) -> Plan {
        let n_customers = ds.customers.len();
        let mut namer = Namer {
            strings: &ds.strings,
            pseudonyms: HashMap::new(),
            width: n_customers.to_string().len().max(4),
            done: SymSet::new(ds.strings.len()),
            next_reference: n_customers + 1,
            next_owner: 1,
        };
        for (i, c) in ds.customers.rows.iter().enumerate() {
            namer.customer(i + 1, c);
        }
        let owners = (ds.customers.rows.iter().map(|c| c.owner))
            .chain(ds.deals.rows.iter().map(|d| d.owner));
        for s in owners {
            namer.owner(s);
        }
        let references = (ds.orders.rows.iter().map(|r| r.customer))
            .chain(ds.deals.rows.iter().map(|r| r.customer))
            .chain(ds.tickets.rows.iter().map(|r| r.customer))
            .chain(ds.responses.rows.iter().map(|r| r.customer));
        for s in references {
            namer.reference(s);
        }
        let extras = [
            kept_extras(ds, &ds.customers),
            kept_extras(ds, &ds.orders),
            kept_extras(ds, &ds.deals),
            kept_extras(ds, &ds.tickets),
            kept_extras(ds, &ds.campaigns),
            kept_extras(ds, &ds.responses),
        ];
        let mut lookups = Vec::with_capacity(ds.lookups.len());
        for l in &ds.lookups {
            let key = ds.str(l.key);
            // `Kind::ALL` is in declaration order.
            let columns = crate::import::lookup::extra_columns(ds, l.kind);
            let dropped_key = (columns.iter().zip(&extras[l.kind as usize]))
                .any(|(c, kept)| ds.str(*c) == key && !kept);
            if dropped_key {
                lookups.push(None);
                continue;
            }
            match lookup_key_class(key) {
                Some(true) => l.table.rows.iter().for_each(|s| namer.reference(*s)),
                Some(false) => l.table.rows.iter().for_each(|s| namer.owner(*s)),
                None => {}
            }
            lookups.push(Some(kept_extras(ds, &l.table)));
        }
        // Any e-mail address left, wherever it is.
        let mut sweep = |s: Sym| {
            if is_email(ds.str(s)) {
                namer.reference(s);
            }
        };
        let all = (ds.customers.rows.iter().map(|r| r as &dyn Symbols))
            .chain(ds.orders.rows.iter().map(|r| r as &dyn Symbols))
            .chain(ds.deals.rows.iter().map(|r| r as &dyn Symbols))
            .chain(ds.tickets.rows.iter().map(|r| r as &dyn Symbols))
            .chain(ds.campaigns.rows.iter().map(|r| r as &dyn Symbols))
            .chain(ds.responses.rows.iter().map(|r| r as &dyn Symbols));
        for r in all {
            r.symbols(&mut sweep);
        }
        for l in &ds.lookups {
            l.table.rows.iter().for_each(|s| sweep(*s));
        }
        let text = |s: Sym| ds.str(s);
        Plan {
            width: namer.width,
            pseudonyms: namer.pseudonyms,
            extras,
            lookups,
            tags: keeps_column("tags", ds.customers.rows.iter().map(|c| text(c.tags))),
            lost_reason: keeps_column(
                "lost_reason",
                ds.deals.rows.iter().map(|d| text(d.lost_reason)),
            ),
        }
    }
}

/// Whether each extra column of `table` is kept ([`keeps_column`]).
fn kept_extras<T>(ds: &Dataset, table: &Table<T>) -> Vec<bool> {
    let n = table.extra_columns.len();
    (0..n)
        .map(|j| {
            let values = (0..table.len()).map(|i| ds.str(table.extra_values[i * n + j]));
            keeps_column(ds.str(table.extra_columns[j]), values)
        })
        .collect()
}

/// Writes the redacted dataset into a fresh table of texts.
struct Rewrite<'a> {
    src: &'a Dataset,
    plan: &'a Plan,
    out: Interner,
    /// Old symbol → new one, once moved: as it is, and as a personal text.
    moved: Vec<Option<Sym>>,
    moved_personal: Vec<Option<Sym>>,
}

impl<'a> Rewrite<'a> {
    fn new(src: &'a Dataset, plan: &'a Plan) -> Self {
        Rewrite {
            src,
            plan,
            out: Interner::default(),
            moved: vec![None; src.strings.len()],
            moved_personal: vec![None; src.strings.len()],
        }
    }

    /// A text into the new table: its pseudonym when it is a personal one (an e-mail
    /// address wherever it is, any text in a personal field), else as it is.
    fn text(&mut self, s: Sym, personal: bool) -> Sym {
        if s.is_empty() {
            return Sym::EMPTY;
        }
        let moved = if personal {
            &mut self.moved_personal
        } else {
            &mut self.moved
        };
        if let Some(new) = moved[s.0 as usize] {
            return new;
        }
        let text = self.src.str(s);
        let pseudonym = (personal || is_email(text))
            .then(|| self.plan.pseudonyms.get(&key(text)))
            .flatten();
        let new = match pseudonym {
            Some(p) => self.out.intern(p),
            // A personal text of spaces only: nothing to show.
            None if personal => Sym::EMPTY,
            None => self.out.intern(text),
        };
        let moved = if personal {
            &mut self.moved_personal
        } else {
            &mut self.moved
        };
        moved[s.0 as usize] = Some(new);
        new
    }

    fn copy(&mut self, s: Sym) -> Sym {
        self.text(s, false)
    }

    /// The `n`-th customer's own pseudonym for a field (`what` and its number), or nothing
    /// for a blank one.
    fn own(&mut self, s: Sym, what: &str, n: usize) -> Sym {
        if self.src.str(s).trim().is_empty() {
            return Sym::EMPTY;
        }
        self.out.intern(&numbered(what, n, self.plan.width))
    }

    fn personal(&mut self, s: Sym) -> Sym {
        self.text(s, true)
    }

    /// `table` with every record's texts moved by `record`, and the kept extra columns.
    fn table<T: Copy>(
        &mut self,
        table: &Table<T>,
        kept: &[bool],
        mut record: impl FnMut(&mut Self, &mut T),
    ) -> Table<T> {
        let rows = (table.rows.iter())
            .map(|r| {
                let mut r = *r;
                record(self, &mut r);
                r
            })
            .collect();
        let n = table.extra_columns.len();
        let columns: Vec<usize> = (0..n).filter(|&j| kept[j]).collect();
        let extra_columns = columns
            .iter()
            .map(|&j| self.copy(table.extra_columns[j]))
            .collect();
        let mut extra_values = Vec::with_capacity(table.len() * columns.len());
        for i in 0..table.len() {
            for &j in &columns {
                extra_values.push(self.copy(table.extra_values[i * n + j]));
            }
        }
        Table {
            rows,
            extra_columns,
            extra_values,
        }
    }

    fn dataset(mut self) -> Dataset {
        let (src, plan) = (self.src, self.plan);
        // Each record's personal and free-text fields are taken out before its other
        // texts are moved, so that none of them reaches the new table as it is.
        let mut n = 0;
        let customers = self.table(&src.customers, &plan.extras[0], |me, c| {
            n += 1;
            let (name, phone) = (c.name, c.phone);
            let personal = [c.id, c.email, c.company, c.owner];
            let tags = std::mem::take(&mut c.tags);
            [c.id, c.name, c.email, c.phone, c.company, c.owner] = [Sym::EMPTY; 6];
            (c.first_name, c.last_name) = (Sym::EMPTY, Sym::EMPTY);
            c.remap_symbols(&mut |s| me.copy(s));
            [c.id, c.email, c.company, c.owner] = personal.map(|s| me.personal(s));
            // A name or phone two customers share still tells them apart on screen (a
            // reference by name reaches the first, as before: through `pseudonyms`).
            c.name = me.own(name, "Customer ", n);
            c.phone = me.own(phone, "Phone ", n);
            c.tags = if plan.tags { me.copy(tags) } else { Sym::EMPTY };
        });
        let orders = self.table(&src.orders, &plan.extras[1], |me, o| {
            let customer = std::mem::take(&mut o.customer);
            o.remap_symbols(&mut |s| me.copy(s));
            o.customer = me.personal(customer);
        });
        let deals = self.table(&src.deals, &plan.extras[2], |me, d| {
            let (customer, owner) = (d.customer, d.owner);
            let lost = std::mem::take(&mut d.lost_reason);
            [d.customer, d.owner, d.title] = [Sym::EMPTY; 3];
            d.remap_symbols(&mut |s| me.copy(s));
            d.customer = me.personal(customer);
            d.owner = me.personal(owner);
            d.lost_reason = if plan.lost_reason {
                me.copy(lost)
            } else {
                Sym::EMPTY
            };
        });
        let tickets = self.table(&src.tickets, &plan.extras[3], |me, t| {
            let customer = std::mem::take(&mut t.customer);
            t.remap_symbols(&mut |s| me.copy(s));
            t.customer = me.personal(customer);
        });
        let campaigns = self.table(&src.campaigns, &plan.extras[4], |me, c| {
            c.remap_symbols(&mut |s| me.copy(s));
        });
        let responses = self.table(&src.responses, &plan.extras[5], |me, r| {
            let customer = std::mem::take(&mut r.customer);
            r.remap_symbols(&mut |s| me.copy(s));
            r.customer = me.personal(customer);
        });
        let mut lookups = Vec::new();
        for (l, kept) in src.lookups.iter().zip(&plan.lookups) {
            let Some(kept) = kept else { continue };
            let personal = lookup_key_class(src.str(l.key)).is_some();
            let table = self.table(&l.table, kept, |me, key| {
                *key = if personal {
                    me.personal(*key)
                } else {
                    me.copy(*key)
                };
            });
            lookups.push(Lookup {
                kind: l.kind,
                key: self.copy(l.key),
                file: self.copy(l.file),
                table,
            });
        }
        Dataset {
            strings: self.out,
            customers,
            orders,
            deals,
            tickets,
            campaigns,
            responses,
            lookups,
            // Rows keep their places, so the history's lines still list them.
            history: src.history.clone(),
        }
    }
}
