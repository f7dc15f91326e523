//! Stage 6–7: staged records into a dataset, with a policy, all at once ([`merge`]) or
//! offering a pause every few thousand records ([`merge_paced`]). A merge never changes its
//! input: it returns a new dataset, so the old value is an exact undo snapshot.

use super::parse::Parsed;
use super::value::{email_key, phone_key};
use crate::model::{
    Campaign, Customer, Dataset, Deal, DealOutcome, Interner, Kind, Lookup, Order, Response,
    RowList, Sym, SymSet, Symbols, Table, Ticket,
};
use crate::pace::{pause, unpaced, Cancelled, NoPause, Pace};
use hashbrown::HashMap;

/// What to do with imported records that match existing ones (by id; customers also by
/// e-mail or phone when they have no id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MergePolicy {
    /// Add new records; leave matching ones alone (counted as skipped).
    CreateOnly,
    /// Add new records and update matching ones (non-empty imported values win).
    CreateAndUpdate,
    /// Only update matching records; skip new ones.
    UpdateOnly,
}

/// What a merge did to the records of one kind (a line of the import's summary).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindSummary {
    /// Records added (including placeholder customers filled in by a customers file).
    pub created: u64,
    /// Existing records updated.
    pub updated: u64,
    /// Records not applied because of the policy.
    pub skipped: u64,
    /// Rows rejected while parsing (see the files' issues).
    pub errors: u64,
    /// Imported orders/deals/tickets whose customer is not among the customers.
    pub unknown_customers: u64,
    /// On the customers line: placeholder customers created for unknown references (not
    /// counted in `created`).
    pub placeholders: u64,
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Counts per kind, in [`Kind::ALL`] order.
    pub kinds: Vec<(Kind, KindSummary)>,
    /// Files left out because their parsing was cancelled.
    pub cancelled_files: Vec<String>,
    /// Per kind the files had, the dataset's rows they held: created, updated, or matched
    /// and left alone by the policy (each once).
    pub in_files: Vec<(Kind, RowList)>,
}

impl MergeSummary {
    /// The counts of a kind.
    pub fn get(&self, kind: Kind) -> KindSummary {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, s)| *s)
            .unwrap_or_default()
    }

    fn get_mut(&mut self, kind: Kind) -> &mut KindSummary {
        let i = self
            .kinds
            .iter()
            .position(|(k, _)| *k == kind)
            .expect("every kind has a line");
        &mut self.kinds[i].1
    }
}

/// Maps symbols of a staging interner to the target interner, interning on first use (so
/// strings of rejected rows never reach the dataset). `from` is `None` for the seed file
/// (see [`merge`]): the target took over its interner, so its symbols stand for themselves.
struct Translator<'a> {
    from: Option<&'a Interner>,
    map: Vec<Sym>,
}

impl<'a> Translator<'a> {
    const UNSET: Sym = Sym(u32::MAX);

    fn new(from: Option<&'a Interner>) -> Self {
        let mut map = vec![Self::UNSET; from.map_or(0, Interner::len)];
        if let Some(m) = map.first_mut() {
            *m = Sym::EMPTY;
        }
        Translator { from, map }
    }

    /// The symbol of `s` in `to` if `to` has the string, without adding it.
    fn peek(&self, s: Sym, to: &Interner) -> Option<Sym> {
        let Some(from) = self.from else {
            return Some(s);
        };
        match self.map[s.0 as usize] {
            Self::UNSET => to.lookup(from.get(s)),
            t => Some(t),
        }
    }

    fn get(&mut self, s: Sym, to: &mut Interner) -> Sym {
        let Some(from) = self.from else {
            return s;
        };
        let slot = &mut self.map[s.0 as usize];
        if *slot == Self::UNSET {
            *slot = to.intern(from.get(s));
        }
        *slot
    }
}

fn set_sym(a: &mut Sym, b: Sym) {
    if !b.is_empty() {
        *a = b;
    }
}

fn set_opt<T: Copy>(a: &mut Option<T>, b: Option<T>) {
    if b.is_some() {
        *a = b;
    }
}

/// What merging needs from a record type.
trait Record: Copy + Symbols {
    fn id(&self) -> Sym;
    fn customer(&self) -> Sym {
        Sym::EMPTY
    }
    /// Takes the non-missing values of `new`.
    fn overlay(&mut self, new: &Self);
}

impl Record for Customer {
    fn id(&self) -> Sym {
        self.id
    }
    fn overlay(&mut self, n: &Self) {
        set_sym(&mut self.id, n.id);
        set_sym(&mut self.name, n.name);
        set_sym(&mut self.first_name, n.first_name);
        set_sym(&mut self.last_name, n.last_name);
        set_sym(&mut self.email, n.email);
        set_sym(&mut self.phone, n.phone);
        set_sym(&mut self.gender, n.gender);
        set_opt(&mut self.birth_date, n.birth_date);
        set_opt(&mut self.age, n.age);
        set_sym(&mut self.company, n.company);
        set_sym(&mut self.city, n.city);
        set_sym(&mut self.region, n.region);
        set_sym(&mut self.country, n.country);
        set_sym(&mut self.segment, n.segment);
        set_sym(&mut self.tags, n.tags);
        set_opt(&mut self.signup, n.signup);
        set_sym(&mut self.channel, n.channel);
        set_sym(&mut self.owner, n.owner);
        set_sym(&mut self.status, n.status);
        set_opt(&mut self.tenure_months, n.tenure_months);
        set_opt(&mut self.monthly_charges, n.monthly_charges);
        set_opt(&mut self.total_charges, n.total_charges);
        set_opt(&mut self.churn_date, n.churn_date);
        self.placeholder = false;
    }
}

impl Record for Order {
    fn id(&self) -> Sym {
        self.id
    }
    fn customer(&self) -> Sym {
        self.customer
    }
    fn overlay(&mut self, n: &Self) {
        set_sym(&mut self.customer, n.customer);
        self.date = n.date;
        set_sym(&mut self.product, n.product);
        set_sym(&mut self.category, n.category);
        self.quantity = n.quantity;
        set_opt(&mut self.unit_price, n.unit_price);
        self.amount = n.amount;
        set_opt(&mut self.discount, n.discount);
        set_sym(&mut self.channel, n.channel);
        if !n.status_text.is_empty() {
            self.status = n.status;
            self.status_text = n.status_text;
        }
    }
}

impl Record for Deal {
    fn id(&self) -> Sym {
        self.id
    }
    fn customer(&self) -> Sym {
        self.customer
    }
    fn overlay(&mut self, n: &Self) {
        set_sym(&mut self.customer, n.customer);
        set_sym(&mut self.title, n.title);
        set_sym(&mut self.owner, n.owner);
        if !n.stage.is_empty() {
            self.stage = n.stage;
            self.outcome = n.outcome;
        } else if n.outcome != DealOutcome::Open {
            self.outcome = n.outcome;
        }
        set_opt(&mut self.amount, n.amount);
        set_opt(&mut self.probability, n.probability);
        set_opt(&mut self.created, n.created);
        set_opt(&mut self.expected_close, n.expected_close);
        set_opt(&mut self.closed, n.closed);
        set_sym(&mut self.lost_reason, n.lost_reason);
    }
}

impl Record for Ticket {
    fn id(&self) -> Sym {
        self.id
    }
    fn customer(&self) -> Sym {
        self.customer
    }
    fn overlay(&mut self, n: &Self) {
        set_sym(&mut self.customer, n.customer);
        set_opt(&mut self.opened, n.opened);
        set_opt(&mut self.first_response, n.first_response);
        set_opt(&mut self.resolved, n.resolved);
        set_sym(&mut self.channel, n.channel);
        set_sym(&mut self.issue_type, n.issue_type);
        set_sym(&mut self.priority, n.priority);
        set_sym(&mut self.status, n.status);
        set_opt(&mut self.csat, n.csat);
        set_opt(&mut self.nps, n.nps);
    }
}

impl Record for Campaign {
    fn id(&self) -> Sym {
        self.id
    }
    fn overlay(&mut self, n: &Self) {
        set_sym(&mut self.name, n.name);
        set_sym(&mut self.channel, n.channel);
        set_opt(&mut self.start, n.start);
        set_opt(&mut self.end, n.end);
        if n.cost.0 != 0 {
            self.cost = n.cost;
        }
        set_opt(&mut self.impressions, n.impressions);
        set_opt(&mut self.clicks, n.clicks);
        set_opt(&mut self.leads, n.leads);
        set_opt(&mut self.conversions, n.conversions);
        set_opt(&mut self.revenue, n.revenue);
        set_opt(&mut self.audience, n.audience);
        set_opt(&mut self.holdout, n.holdout);
        set_opt(&mut self.holdout_conversions, n.holdout_conversions);
    }
}

impl Record for Response {
    fn id(&self) -> Sym {
        self.id
    }
    fn customer(&self) -> Sym {
        self.customer
    }
    fn overlay(&mut self, n: &Self) {
        set_sym(&mut self.customer, n.customer);
        set_sym(&mut self.campaign, n.campaign);
        set_opt(&mut self.date, n.date);
        set_sym(&mut self.channel, n.channel);
        set_opt(&mut self.responded, n.responded);
        set_opt(&mut self.converted, n.converted);
        set_opt(&mut self.revenue, n.revenue);
    }
}

/// Adds staged lookups (their symbols moved to `out`'s interner); one from a file of the
/// same name, for the same kind and key, replaces it (a newer export of the same file).
/// Two files keyed alike (accounts and account regions) both stay.
fn take_lookups(out: &mut Dataset, lookups: Vec<Lookup>, from: Option<&Interner>) {
    let mut tr = Translator::new(from);
    for mut l in lookups {
        let strings = &mut out.strings;
        let mut get = |s: Sym| tr.get(s, strings);
        l.key = get(l.key);
        l.file = get(l.file);
        l.table.rows.iter_mut().for_each(|s| *s = get(*s));
        l.table.extra_columns.iter_mut().for_each(|s| *s = get(*s));
        l.table.extra_values.iter_mut().for_each(|s| *s = get(*s));
        let same = |x: &&mut Lookup| x.kind == l.kind && x.key == l.key && x.file == l.file;
        match out.lookups.iter_mut().find(same) {
            Some(old) => *old = l,
            None => out.lookups.push(l),
        }
    }
}

/// The staged table's extra columns as column indices of `table`, appending new ones (and
/// widening every existing row's extra values).
fn extra_column_map<T>(
    table: &mut Table<T>,
    staged: &Table<T>,
    tr: &mut Translator<'_>,
    strings: &mut Interner,
) -> Vec<usize> {
    let old_width = table.extra_columns.len();
    let map: Vec<usize> = staged
        .extra_columns
        .iter()
        .map(|&c| {
            let c = tr.get(c, strings);
            match table.extra_columns.iter().position(|&x| x == c) {
                Some(i) => i,
                None => {
                    table.extra_columns.push(c);
                    table.extra_columns.len() - 1
                }
            }
        })
        .collect();
    let width = table.extra_columns.len();
    if width != old_width {
        let rows = table.rows.len();
        let mut values = Vec::with_capacity(rows * width);
        for i in 0..rows {
            values.extend_from_slice(&table.extra_values[i * old_width..(i + 1) * old_width]);
            values.extend(std::iter::repeat_n(Sym::EMPTY, width - old_width));
        }
        table.extra_values = values;
    }
    map
}

/// Writes staged row `i`'s extra values into target row `j` (non-empty values only).
fn copy_extras<T>(
    table: &mut Table<T>,
    j: usize,
    staged: &Table<T>,
    i: usize,
    map: &[usize],
    tr: &mut Translator<'_>,
    strings: &mut Interner,
) {
    let (sw, tw) = (staged.extra_columns.len(), table.extra_columns.len());
    for (k, &target) in map.iter().enumerate() {
        let v = staged.extra_values[i * sw + k];
        if !v.is_empty() {
            table.extra_values[j * tw + target] = tr.get(v, strings);
        }
    }
}

/// Room for `rows` more [`push_blank`]s, so a million-row table is not copied while it doubles.
fn reserve_blank<T>(table: &mut Table<T>, rows: usize) {
    table.rows.reserve(rows);
    table.extra_values.reserve(rows * table.extra_columns.len());
}

fn push_blank<T>(table: &mut Table<T>, row: T) -> usize {
    table.rows.push(row);
    let w = table.extra_columns.len();
    table
        .extra_values
        .extend(std::iter::repeat_n(Sym::EMPTY, w));
    table.rows.len() - 1
}

/// Row numbers by symbol, in a vector indexed by the symbol (symbols are dense: no hashing).
#[derive(Default)]
struct SymIndex {
    rows: Vec<u32>,
}

impl SymIndex {
    const NONE: u32 = u32::MAX;

    /// Records `row` for `sym` unless `sym` already has one.
    fn insert_first(&mut self, sym: Sym, row: usize) {
        let i = sym.0 as usize;
        if i >= self.rows.len() {
            self.rows
                .resize((i + 1).max(self.rows.len() * 2), Self::NONE);
        }
        if self.rows[i] == Self::NONE {
            self.rows[i] = row as u32;
        }
    }

    fn get(&self, sym: Sym) -> Option<usize> {
        match self.rows.get(sym.0 as usize) {
            Some(&row) if row != Self::NONE => Some(row as usize),
            _ => None,
        }
    }
}

/// Records merged between two offers of a pause.
const STEP: usize = 4096;

/// The rows of a table a merge touched (`None`: every row of the table, which was empty),
/// and those it matched but left alone (the policy creates only).
type ById = (Option<Vec<usize>>, Vec<usize>);

/// Merges orders, deals, tickets or campaigns, matched by id: `staged` (its strings in
/// `from`) into `table` (its strings in `strings`). Returns the indices of the rows
/// created or updated, and of those matched and skipped.
async fn merge_by_id<T: Record>(
    (table, staged): (&mut Table<T>, &mut Table<T>),
    (strings, from): (&mut Interner, Option<&Interner>),
    policy: MergePolicy,
    sum: &mut KindSummary,
    pace: &mut dyn Pace,
) -> Result<ById, Cancelled> {
    // Into an empty table, with the file's own strings (the seed) and no id twice, every
    // record is created as it is: the staged table is the result, taken as it is.
    if from.is_none()
        && policy != MergePolicy::UpdateOnly
        && table.rows.is_empty()
        && table.extra_columns.is_empty()
        && !has_repeated_id(staged, strings.len())
    {
        *table = std::mem::take(staged);
        sum.created += table.len() as u64;
        return Ok((None, Vec::new()));
    }
    let staged = &*staged;
    let mut tr = Translator::new(from);
    let map = extra_column_map(table, staged, &mut tr, strings);
    let mut index = SymIndex::default();
    if staged.rows.iter().any(|r| !r.id().is_empty()) {
        for (j, r) in table.rows.iter().enumerate() {
            if !r.id().is_empty() {
                index.insert_first(r.id(), j);
            }
        }
    }
    let mut touched = Vec::with_capacity(staged.len());
    let mut matched = Vec::new();
    if policy != MergePolicy::UpdateOnly {
        reserve_blank(table, staged.len());
    }
    pause(pace).await?;
    for (i, row) in staged.rows.iter().enumerate() {
        if i % STEP == STEP - 1 {
            pause(pace).await?;
        }
        // Matched before anything is interned, so a skipped record adds no string.
        let existing = if row.id().is_empty() {
            None
        } else {
            tr.peek(row.id(), strings).and_then(|id| index.get(id))
        };
        if let (Some(_), MergePolicy::CreateOnly) | (None, MergePolicy::UpdateOnly) =
            (existing, policy)
        {
            matched.extend(existing);
            sum.skipped += 1;
            continue;
        }
        let mut r = *row;
        r.remap_symbols(&mut |s| tr.get(s, strings));
        match (existing, policy) {
            (Some(_), MergePolicy::CreateOnly) | (None, MergePolicy::UpdateOnly) => {
                unreachable!("skipped above")
            }
            (Some(j), _) => {
                table.rows[j].overlay(&r);
                copy_extras(table, j, staged, i, &map, &mut tr, strings);
                sum.updated += 1;
                touched.push(j);
            }
            (None, _) => {
                let j = push_blank(table, r);
                copy_extras(table, j, staged, i, &map, &mut tr, strings);
                if !r.id().is_empty() {
                    index.insert_first(r.id(), j);
                }
                sum.created += 1;
                touched.push(j);
            }
        }
    }
    Ok((Some(touched), matched))
}

/// True when two records of `staged` have the same non-empty id (`symbols`: the size of
/// its interner).
fn has_repeated_id<T: Record>(staged: &Table<T>, symbols: usize) -> bool {
    let mut seen = SymSet::new(symbols);
    // A symbol out of range counts as repeated: the general path then handles the file.
    staged
        .rows
        .iter()
        .any(|r| !r.id().is_empty() && seen.insert(r.id()) != Some(true))
}

/// Keys a customer can be found by.
#[derive(Default)]
struct CustomerIndex {
    id: HashMap<Sym, usize>,
    email: HashMap<String, usize>,
    phone: HashMap<String, usize>,
}

impl CustomerIndex {
    fn add(&mut self, c: &Customer, j: usize, strings: &Interner) {
        if !c.id.is_empty() {
            self.id.entry(c.id).or_insert(j);
        }
        let email = email_key(strings.get(c.email));
        if email.contains('@') {
            self.email.entry_ref(email.as_ref()).or_insert(j);
        }
        let phone = phone_key(strings.get(c.phone));
        if phone.len() >= 6 {
            self.phone.entry_ref(phone.as_ref()).or_insert(j);
        }
    }

    /// By id (`id`: the record's id in the dataset's strings, `None` when the dataset does not
    /// have that string, or the record has no id: `has_id`); else by e-mail, else by phone,
    /// accepting only a customer without a conflicting id.
    fn find(
        &self,
        has_id: bool,
        id: Option<Sym>,
        email: &str,
        phone: &str,
        rows: &[Customer],
    ) -> Option<usize> {
        if let Some(&j) = id.and_then(|id| self.id.get(&id)) {
            return Some(j);
        }
        let compatible = |j: &usize| rows[*j].id.is_empty() || !has_id;
        let email = email_key(email);
        let by_email = (email.contains('@'))
            .then(|| self.email.get(email.as_ref()).copied())
            .flatten()
            .filter(compatible);
        by_email.or_else(|| {
            let phone = phone_key(phone);
            (phone.len() >= 6)
                .then(|| self.phone.get(phone.as_ref()).copied())
                .flatten()
                .filter(compatible)
        })
    }
}

async fn merge_customers(
    out: &mut Dataset,
    (staged, from, file): (&Table<Customer>, Option<&Interner>, &str),
    policy: MergePolicy,
    (index, seen): (&mut CustomerIndex, &mut Vec<usize>),
    sum: &mut KindSummary,
    pace: &mut dyn Pace,
) -> Result<(), Cancelled> {
    let Dataset {
        strings, customers, ..
    } = out;
    let mut tr = Translator::new(from);
    let map = extra_column_map(customers, staged, &mut tr, strings);
    if policy != MergePolicy::UpdateOnly {
        reserve_blank(customers, staged.len());
        // Grown once, not rehashed all the way up within one step.
        index.id.reserve(staged.len());
    }
    for (i, row) in staged.rows.iter().enumerate() {
        if i % STEP == STEP - 1 {
            pause(pace).await?;
        }
        // Matched before anything is interned, so a skipped record adds no string.
        let has_id = !row.id.is_empty();
        let id = has_id.then(|| tr.peek(row.id, strings)).flatten();
        let text = from.unwrap_or(strings);
        let found = index.find(
            has_id,
            id,
            text.get(row.email),
            text.get(row.phone),
            &customers.rows,
        );
        let skip = |j: usize| !customers.rows[j].placeholder && policy == MergePolicy::CreateOnly;
        if found.map_or(policy == MergePolicy::UpdateOnly, skip) {
            seen.extend(found);
            sum.skipped += 1;
            continue;
        }
        let mut r = *row;
        r.remap_symbols(&mut |s| tr.get(s, strings));
        let j = match (found, policy) {
            (Some(j), _) if customers.rows[j].placeholder => {
                customers.rows[j].overlay(&r);
                if policy == MergePolicy::UpdateOnly {
                    sum.updated += 1;
                } else {
                    sum.created += 1;
                }
                j
            }
            (Some(_), MergePolicy::CreateOnly) | (None, MergePolicy::UpdateOnly) => {
                sum.skipped += 1;
                continue;
            }
            (Some(j), _) => {
                customers.rows[j].overlay(&r);
                sum.updated += 1;
                j
            }
            (None, _) => {
                sum.created += 1;
                if r.id.is_empty() {
                    r.id = new_customer_id(&r, strings, file, i + 1);
                }
                push_blank(customers, r)
            }
        };
        copy_extras(customers, j, staged, i, &map, &mut tr, strings);
        seen.push(j);
        let c = customers.rows[j];
        index.add(&c, j, strings);
    }
    Ok(())
}

/// The id of a new customer whose file gives none, so that every customer counts and can
/// be opened: its e-mail address, else its company when it names no person (an accounts
/// file), else `file#n` for the file's `n`-th record.
fn new_customer_id(c: &Customer, strings: &mut Interner, file: &str, n: usize) -> Sym {
    if !c.email.is_empty() {
        c.email
    } else if !c.company.is_empty() && c.name.is_empty() {
        c.company
    } else {
        super::parse::record_id(strings, file, n)
    }
}

/// Merges parsed files into `base` with `policy` and returns the new dataset and what
/// happened. `base` is not changed: keep it to undo. Customers files are merged first, so
/// references resolve whatever the order of the files. Orders, deals and tickets whose
/// customer (by id, e-mail, name or company) is unknown are kept and counted; with
/// `create_placeholders` a placeholder customer is created for each unknown reference.
/// Cancelled files are left out entirely. The parsed files are used up: their strings and
/// tables become the new dataset's where they can, instead of being copied.
pub fn merge(
    base: &Dataset,
    parsed: Vec<Parsed>,
    policy: MergePolicy,
    create_placeholders: bool,
) -> (Dataset, MergeSummary) {
    unpaced(merge_paced(
        base,
        parsed,
        policy,
        create_placeholders,
        &mut NoPause,
    ))
    .expect("NoPause never cancels")
}

/// [`merge`], offering `pace` a pause every few thousand records: the same result however
/// it pauses. Stopped, it returns [`Cancelled`] (and `base` is unchanged, as always).
pub async fn merge_paced(
    base: &Dataset,
    parsed: Vec<Parsed>,
    policy: MergePolicy,
    create_placeholders: bool,
    pace: &mut dyn Pace,
) -> Result<(Dataset, MergeSummary), Cancelled> {
    let mut out = base.clone();
    // A dataset just reloaded builds its interner's lookup table on first use: here, in
    // slices, rather than inside one merge step.
    out.strings.index_paced(pace).await?;
    let mut index = CustomerIndex::default();
    for (j, c) in out.customers.rows.iter().enumerate() {
        index.add(c, j, &out.strings);
    }
    let mut files = parsed;
    crate::sort::sort_by_key(&mut files, |p| p.kind != Kind::Customers);
    let seed = seed(&out, &files, policy);
    if let Some(i) = seed {
        out.strings = std::mem::take(&mut files[i].data.strings);
    }
    let summary = MergeSummary {
        kinds: Kind::ALL
            .iter()
            .map(|&k| (k, KindSummary::default()))
            .collect(),
        cancelled_files: Vec::new(),
        in_files: Vec::new(),
    };
    let mut merge = Merge {
        out,
        index,
        summary,
        touched: Vec::new(),
        seen: Vec::new(),
        policy,
        pace,
    };
    for (i, p) in files.into_iter().enumerate() {
        if p.cancelled {
            merge.summary.cancelled_files.push(p.file_name);
        } else {
            merge.file(p, seed == Some(i)).await?;
        }
    }
    merge.references(create_placeholders).await?;
    pause(merge.pace).await?;
    merge.summary.in_files = in_files(&merge.seen, &merge.out);
    Ok((merge.out, merge.summary))
}

/// The file whose strings become the new dataset's as they are (its symbols stay valid), so
/// that only the other files' strings are re-interned: into an empty dataset, the file with
/// the most strings. Only a file without rejected rows qualifies (its every string belongs
/// to a kept row), and none when updating only (nothing is kept).
fn seed(out: &Dataset, files: &[Parsed], policy: MergePolicy) -> Option<usize> {
    if out.strings.len() != 1 || policy == MergePolicy::UpdateOnly {
        return None;
    }
    (files.iter().enumerate())
        .filter(|(_, p)| !p.cancelled && p.rows_rejected == 0)
        .max_by_key(|(_, p)| p.data.strings.len())
        .map(|(i, _)| i)
}

/// A merge under way: the dataset it makes, its customers by key, what happened so far,
/// and the rows of each kind the files created or updated (`None`: every row of the kind),
/// whose customer references are checked once every file is in.
struct Merge<'p> {
    out: Dataset,
    index: CustomerIndex,
    summary: MergeSummary,
    touched: Vec<(Kind, Option<Vec<usize>>)>,
    /// The rows each file held (`None`: every row of the kind).
    seen: Vec<(Kind, Option<Vec<usize>>)>,
    policy: MergePolicy,
    pace: &'p mut dyn Pace,
}

impl Merge<'_> {
    /// Merges one parsed file (`seed`: its strings are already the dataset's).
    async fn file(&mut self, mut p: Parsed, seed: bool) -> Result<(), Cancelled> {
        let sum = self.summary.get_mut(p.kind);
        sum.errors += p.rows_rejected;
        let Dataset {
            strings: from,
            customers: staged_customers,
            orders: staged_orders,
            deals: staged_deals,
            tickets: staged_tickets,
            campaigns: staged_campaigns,
            responses: staged_responses,
            lookups: staged_lookups,
            history: _,
        } = &mut p.data;
        let from = (!seed).then_some(&*from);
        if !staged_lookups.is_empty() {
            take_lookups(&mut self.out, std::mem::take(staged_lookups), from);
            return Ok(());
        }
        let (policy, pace) = (self.policy, &mut *self.pace);
        pause(pace).await?;
        let Dataset {
            strings,
            orders,
            deals,
            tickets,
            campaigns,
            responses,
            ..
        } = &mut self.out;
        let strings = (strings, from);
        let rows = match p.kind {
            Kind::Customers => {
                let staged = (&*staged_customers, from, p.file_name.as_str());
                let mut seen = Vec::new();
                let index = (&mut self.index, &mut seen);
                merge_customers(&mut self.out, staged, policy, index, sum, pace).await?;
                self.seen.push((Kind::Customers, Some(seen)));
                return Ok(());
            }
            Kind::Orders => {
                merge_by_id((orders, staged_orders), strings, policy, sum, pace).await?
            }
            Kind::Deals => merge_by_id((deals, staged_deals), strings, policy, sum, pace).await?,
            Kind::Tickets => {
                merge_by_id((tickets, staged_tickets), strings, policy, sum, pace).await?
            }
            Kind::Campaigns => {
                let (rows, matched) =
                    merge_by_id((campaigns, staged_campaigns), strings, policy, sum, pace).await?;
                self.seen.push((p.kind, held(rows, matched)));
                return Ok(());
            }
            // A contact is a customer (or a prospect) the campaign reached: like the other
            // kinds' references, an unknown one gets a placeholder, so every contact counts
            // and can be opened.
            Kind::Responses => {
                merge_by_id((responses, staged_responses), strings, policy, sum, pace).await?
            }
        };
        let (rows, matched) = rows;
        self.seen.push((p.kind, held(rows.clone(), matched)));
        self.touched.push((p.kind, rows));
        Ok(())
    }

    /// Checks the customer references of the records this merge created or updated, in
    /// (kind, row) order: one no customer answers to is counted, and with `placeholders`
    /// a placeholder customer is made for it.
    async fn references(&mut self, placeholders: bool) -> Result<(), Cancelled> {
        let mut known = known_references(&self.out);
        pause(self.pace).await?;
        for kind in [Kind::Orders, Kind::Deals, Kind::Tickets, Kind::Responses] {
            let rows = touched_rows(&self.touched, kind, self.out.count(kind));
            for (n, j) in rows.enumerate() {
                if n % STEP == STEP - 1 {
                    pause(self.pace).await?;
                }
                let customer = match kind {
                    Kind::Orders => self.out.orders.rows[j].customer(),
                    Kind::Deals => self.out.deals.rows[j].customer(),
                    Kind::Tickets => self.out.tickets.rows[j].customer(),
                    Kind::Responses => self.out.responses.rows[j].customer(),
                    _ => continue,
                };
                if customer.is_empty() || known[customer.0 as usize] || self.by_email(customer) {
                    continue;
                }
                self.summary.get_mut(kind).unknown_customers += 1;
                if placeholders {
                    self.add_placeholder(customer);
                    known[customer.0 as usize] = true;
                }
            }
        }
        Ok(())
    }

    /// True when a customer has `reference` as e-mail address.
    fn by_email(&self, reference: Sym) -> bool {
        let (strings, customers) = (&self.out.strings, &self.out.customers);
        let email = email_key(strings.get(reference));
        // (An index entry can be stale: an update may have changed that customer's e-mail.)
        let has_email = |&j: &usize| email_key(strings.get(customers.rows[j].email)) == email;
        email.contains('@') && self.index.email.get(email.as_ref()).is_some_and(has_email)
    }

    /// A placeholder customer for an unknown `reference`: its id, and its e-mail address or
    /// its name.
    fn add_placeholder(&mut self, reference: Sym) {
        let is_email = email_key(self.out.strings.get(reference)).contains('@');
        let placeholder = Customer {
            id: reference,
            name: if is_email { Sym::EMPTY } else { reference },
            email: if is_email { reference } else { Sym::EMPTY },
            placeholder: true,
            ..Customer::default()
        };
        let at = push_blank(&mut self.out.customers, placeholder);
        self.index.add(&placeholder, at, &self.out.strings);
        self.summary.get_mut(Kind::Customers).placeholders += 1;
    }
}

/// The customer references the dataset's customers answer to, indexed by symbol (one byte
/// per string: no hashing per record): their ids, names and companies, each also trimmed (a
/// name kept as written, `Acme `, is known as `Acme`: references are trimmed). E-mail
/// addresses are looked up in the customer index, which holds every customer.
fn known_references(out: &Dataset) -> Vec<bool> {
    let mut known = vec![false; out.strings.len()];
    for c in &out.customers.rows {
        for s in [c.id, c.name, c.company] {
            known[s.0 as usize] = true;
            known[out.strings.as_key(s).0 as usize] = true;
        }
    }
    known
}

/// The rows a file held: those it touched and those it matched and skipped.
fn held(touched: Option<Vec<usize>>, matched: Vec<usize>) -> Option<Vec<usize>> {
    touched.map(|mut rows| {
        rows.extend(matched);
        rows
    })
}

/// Per kind some file had, the rows the files held, each once and ascending.
fn in_files(seen: &[(Kind, Option<Vec<usize>>)], out: &Dataset) -> Vec<(Kind, RowList)> {
    (Kind::ALL.iter())
        .filter(|&&k| seen.iter().any(|(x, _)| *x == k))
        .map(|&k| {
            let all = seen.iter().any(|(x, rows)| *x == k && rows.is_none());
            let rows = match all {
                true => RowList::range(0..out.count(k)),
                false => RowList::from_ascending(touched_rows(seen, k, out.count(k))),
            };
            (k, rows)
        })
        .collect()
}

/// The rows of `kind` (of `count`) that `touched` lists, in order, each once: every row
/// when a file of the kind touched them all.
fn touched_rows(
    touched: &[(Kind, Option<Vec<usize>>)],
    kind: Kind,
    count: usize,
) -> Box<dyn Iterator<Item = usize>> {
    let of_kind = || touched.iter().filter(move |(k, _)| *k == kind);
    if of_kind().any(|(_, rows)| rows.is_none()) {
        return Box::new(0..count);
    }
    let mut listed: Vec<usize> = of_kind()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .copied()
        .collect();
    listed.sort_unstable();
    listed.dedup();
    Box::new(listed.into_iter())
}
