//! The UI's languages: one typed catalogue ([`Texts`]), one `const` instance per language
//! ([`en::TEXTS`], [`zh::TEXTS`]). Every field must be given, so a missing translation is a
//! compile error. Texts with values in them are plain `fn`s; numbers inside them arrive
//! already formatted for the locale (see [`crate::format`]).
//!
//! Pure: no web crate; tested natively.
//!
//! The core's explanations ("How is this computed?") arrive as data: a [`Formula`] and
//! [`Term`]s, worded here like every other text.
//!
//! The catalogue's structs ([`Words`], [`Shell`], …, one per area) are tables of keys: a
//! field names its text, whose words are in `en.rs` and `zh.rs`. So they allow
//! `missing_docs`, and a field has a doc only where its name does not say where the text
//! shows (a column, a button) or what a `fn` field's values are.
//!
//! What stays in English on purpose: the importer's per-row reasons (the report shows a
//! translated problem kind, from [`crate::core::import::IssueKind`], next to them), and
//! the column headers of exported CSV files (they are data, and re-import as they are).

use serde::{Deserialize, Serialize};

use crate::core::edit::{EditError, ProfileField};
use crate::core::import::{ImportError, IssueKind, MergePolicy, Severity};
use crate::core::metrics::Figure;
use crate::core::metrics::{
    ExplainParam, Formula, LeftOutReason, Param, ParamError, RfmSegment, Shown, Term,
};
use crate::core::model::{Change, Kind, Measure};
use crate::customer_list::Column;
use crate::filters::Range;
use crate::import_flow::ImportFlowError;
use crate::routes::Page;
use crate::storage::prefs::Theme;
use crate::storage::workspace::WorkspaceError;
use crate::storage::{Damaged, StorageError};

mod en;
mod zh;

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English (US date style: Mar 5, 2024).
    #[default]
    En,
    /// Simplified Chinese (2024年3月5日, 万 / 亿 for large sums).
    Zh,
}

impl Locale {
    /// Every language, in the order Settings lists them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Zh];

    /// Stable short name (storage, element ids).
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Zh => "zh-CN",
        }
    }

    /// The language's name in itself, as Settings lists it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Zh => "简体中文",
        }
    }

    /// The best language for a browser's preferred languages (`navigator.languages`, most
    /// preferred first): the first one we have, English when none is.
    pub fn negotiate<'a>(tags: impl IntoIterator<Item = &'a str>) -> Locale {
        tags.into_iter()
            .find_map(|tag| {
                let primary = tag.split(['-', '_']).next().unwrap_or_default();
                match primary.to_ascii_lowercase().as_str() {
                    "en" => Some(Locale::En),
                    "zh" => Some(Locale::Zh),
                    _ => None,
                }
            })
            .unwrap_or_default()
    }

    /// The catalogue of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::En => &en::TEXTS,
            Locale::Zh => &zh::TEXTS,
        }
    }
}

/// Every text of the interface, by area.
pub struct Texts {
    /// Words used on many pages (column headers, KPI names).
    pub words: Words,
    /// Shell: skip link, navigation, loading, document title.
    pub shell: Shell,
    /// The filter bar.
    pub filters: Filters,
    /// Shared components: KPI cards, charts, empty state.
    pub parts: Parts,
    /// The command palette.
    pub palette: Palette,
    /// `/`.
    pub overview: Overview,
    /// A customer snapshot: the retention curve and the breakdown.
    pub snapshot: SnapshotTexts,
    /// Campaign contacts: rates, arms and uplift.
    pub responses: ResponsesTexts,
    /// `/customers` and `/customers/:id`.
    pub customers: Customers,
    /// `/sales`.
    pub sales: Sales,
    /// `/support`.
    pub support: Support,
    /// `/marketing`.
    pub marketing: Marketing,
    /// `/analysis`.
    pub analysis: Analysis,
    /// `/data`.
    pub data: Data,
    /// `/settings` and the not-found page.
    pub settings: Settings,
    /// Passphrase protection: the unlock screen and its settings.
    pub lock: Lock,
    /// The rows behind a figure.
    pub rows: RowsTexts,
    /// The team's published workspace: opening it, Team or Mine, publishing one.
    pub team: Team,
    /// What an import changed, and the figures at each import.
    pub changes: ChangesTexts,
}

/// "What changed" between the data before an import and after it, and the table of the
/// figures at each import.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct ChangesTexts {
    pub title: &'static str,
    /// "Import of FILES on DATE, compared with the data before it."
    pub intro: fn(&str, &str) -> String,
    /// "The records it held are dated up to DATE."
    pub dated: fn(&str) -> String,
    /// The first import has nothing to compare with.
    pub first: &'static str,
    /// A group of lines: customers, deals, tickets.
    pub group: fn(Kind) -> &'static str,
    /// A line's words after its count: "new customers", "deals won".
    pub line: fn(Change) -> String,
    /// The reconciliation's title and its table's column headers.
    pub reconcile_title: &'static str,
    pub reconcile_caption: &'static str,
    pub kind: &'static str,
    /// "N ROWS dated inside this export's dates are not in it: was it cut short?" (given
    /// "N ROWS" as [`RowsTexts::count`] words it).
    pub missing: fn(&str) -> String,
    /// The figures at each import: title, caption and the first columns.
    pub history_title: &'static str,
    pub history_caption: &'static str,
    pub imported: &'static str,
    pub data_to: &'static str,
    pub files: &'static str,
    pub measure: fn(Measure) -> &'static str,
    /// An import whose time is not known (published from the command line).
    pub unknown: &'static str,
}

/// The rows behind a figure: the panel that lists them, and the links that open it.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct RowsTexts {
    /// The link under a figure that opens its rows.
    pub show: &'static str,
    /// That link for a screen reader: "Show rows behind FIGURE" (holding the visible words).
    pub show_label: fn(&str) -> String,
    /// The panel's title: what the rows make.
    pub title: fn(&Figure) -> String,
    /// How many rows of which kind: "1,234 orders".
    pub count: fn(&str, Kind) -> String,
    pub export: &'static str,
    pub close: &'static str,
    /// The scrolled list, for a screen reader.
    pub list_label: &'static str,
    pub none: &'static str,
}

impl Words {
    /// A segment's name from the data, in the interface's words (a name that is not one of
    /// the segments, as a saved view could hold, as it is).
    pub fn rfm_segment(&self, name: &str) -> String {
        RfmSegment::of(name)
            .map_or_else(|| name.to_string(), |s| (self.segment_name)(s).to_string())
    }
}

impl Texts {
    /// Why a file or an import did not go through, worded for the view: a file's error
    /// completes "NAME cannot be imported: …"; a failed save is a storage error.
    pub fn import_flow_error(&self, e: &ImportFlowError) -> String {
        match e {
            ImportFlowError::Unreadable(why) => (self.data.unreadable)(why),
            ImportFlowError::Refused(e) => (self.data.import_error)(e),
            ImportFlowError::Storage(e) => (self.parts.storage_error)(e),
        }
    }

    /// Why a file cannot be restored, completing "NAME is not a Rapport backup that this
    /// version can read: …": what is damaged, a newer format, else the storage error.
    pub fn not_backup_reason(&self, e: &StorageError) -> String {
        match e {
            StorageError::Corrupt(d) => (self.parts.damaged)(d),
            StorageError::TooNew { found, supported } => {
                (self.parts.newer_format)(*found, *supported)
            }
            e => (self.parts.storage_error)(e),
        }
    }
}

impl Parts {
    /// A parameter of an explanation as shown in `loc`: its name (after its model's, when
    /// it has one) and its value.
    pub fn explain_param(&self, loc: Locale, p: &ExplainParam) -> (String, String) {
        let name = match p.of {
            Some(of) => format!("{} · {}", (self.term)(of), (self.term)(p.name)),
            None => (self.term)(p.name).to_string(),
        };
        let value = match &p.value {
            Shown::Day(d) => crate::format::date(loc, *d),
            Shown::Count(n) => crate::format::count(loc, *n as f64),
            Shown::Number(v) => crate::format::number(loc, *v, 2),
            Shown::Rate(v) => crate::format::percent(loc, *v),
            Shown::Money(v) => crate::format::money(loc, *v),
            Shown::Bool(b) => (self.yes_no)(*b).to_string(),
            Shown::Term(t) => (self.term)(*t).to_string(),
            Shown::Text(t) => t.clone(),
        };
        (name, value)
    }
}

/// Passphrase protection of the stored data.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Lock {
    /// Unlock screen heading.
    pub locked_title: &'static str,
    /// Unlock screen text.
    pub locked_text: &'static str,
    pub passphrase: &'static str,
    pub unlock: &'static str,
    /// "Unlocking…" / "Working…" (status while the key is derived).
    pub working: &'static str,
    /// What to do when the passphrase is lost.
    pub forgot: &'static str,
    pub delete_locked: &'static str,
    pub confirm_delete: &'static str,
    pub yes_delete: &'static str,
    /// Settings section title.
    pub title: &'static str,
    /// What protection does and does not do.
    pub explain: &'static str,
    pub is_on: &'static str,
    pub new_passphrase: &'static str,
    pub repeat: &'static str,
    pub turn_on: &'static str,
    /// The two passphrases differ.
    pub mismatch: &'static str,
    pub too_short: &'static str,
    pub turn_off: &'static str,
    /// Confirmation of storing in clear again.
    pub confirm_off: &'static str,
    pub yes_off: &'static str,
    /// Done: protection on.
    pub now_on: &'static str,
    /// Done: protection off.
    pub now_off: &'static str,
}

/// The team's published workspace (`data/workspace.rapport`): the bar that opens it and
/// switches between the team's data and one's own, and the Data page's publishing.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Team {
    /// The bar's accessible name.
    pub bar_label: &'static str,
    /// "Team data published on DATE by NAME" (the date formatted; no "by" for no name).
    pub published: fn(&str, &str) -> String,
    /// After `published` when the passphrase is asked for.
    pub enter_passphrase: &'static str,
    pub passphrase: &'static str,
    pub open: &'static str,
    /// While the key is derived and the data opened.
    pub opening: &'static str,
    pub not_now: &'static str,
    /// Asks for the passphrase again after "Not now".
    pub offer: &'static str,
    /// The Team / Mine switch's label.
    pub shown: &'static str,
    pub team: &'static str,
    pub mine: &'static str,
    /// While the team's data is shown.
    pub read_only: &'static str,
    /// While a redacted workspace is shown.
    pub redacted: &'static str,
    /// Why the workspace does not open (the app works on without it).
    pub error: fn(&WorkspaceError) -> String,
    pub dismiss: &'static str,
    /// The Data page while the team's data is shown: imports and changes are one's own.
    pub import_read_only: &'static str,
    pub show_mine: &'static str,
    pub publish_title: &'static str,
    /// What publishing does, on the Data page.
    pub publish_text: &'static str,
    /// The button that shows the publishing form.
    pub publish_open: &'static str,
    pub publisher: &'static str,
    pub new_passphrase: &'static str,
    pub repeat: &'static str,
    /// The redacted choice and what it does.
    pub redact: &'static str,
    pub write: &'static str,
    /// While the file is sealed.
    pub sealing: &'static str,
    /// Publishing an empty dataset.
    pub nothing: &'static str,
    /// Done: where the file goes, and the passphrase another way.
    pub written: &'static str,
}

/// Words used on many pages.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Words {
    /// Customers (a count).
    pub customers: &'static str,
    /// One customer (a column).
    pub customer: &'static str,
    pub revenue: &'static str,
    pub orders: &'static str,
    /// Average order value.
    pub aov: &'static str,
    pub churn_rate: &'static str,
    /// Monthly recurring revenue.
    pub mrr: &'static str,
    /// Average revenue per paying customer (per month).
    pub arpu: &'static str,
    /// Recurring revenue of the churned customers.
    pub churned_mrr: &'static str,
    /// Share of recurring revenue that churned.
    pub revenue_churn: &'static str,
    /// Lifetime charges per customer.
    pub value_per_customer: &'static str,
    /// Mean tenure in months.
    pub mean_tenure: &'static str,
    pub win_rate: &'static str,
    pub weighted_pipeline: &'static str,
    pub csat: &'static str,
    pub marketing_cost: &'static str,
    pub segment: &'static str,
    pub channel: &'static str,
    pub owner: &'static str,
    /// Amount (money of deals).
    pub amount: &'static str,
    pub deals: &'static str,
    pub stage: &'static str,
    pub tickets: &'static str,
    /// Share (of customers).
    pub share: &'static str,
    pub revenue_share: &'static str,
    pub p_alive: &'static str,
    pub last_purchase: &'static str,
    /// Customer lifetime value over 12 months.
    pub clv_12m: &'static str,
    pub export_csv: &'static str,
    pub cancel: &'static str,
    pub save: &'static str,
    /// Load demo data (button).
    pub load_demo: &'static str,
    /// A customer's profile fields, by their English name.
    pub field: fn(ProfileField) -> &'static str,
    /// A named RFM segment as shown.
    pub segment_name: fn(RfmSegment) -> &'static str,
    /// "N open deals".
    pub open_deals: fn(&str) -> String,
}

/// The app shell.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Shell {
    pub skip_link: &'static str,
    pub nav_label: &'static str,
    pub loading: &'static str,
    /// The button of a page's header that downloads every figure under the filter as the
    /// command line's `metrics --json` document.
    pub download_figures: &'static str,
    /// Prints the page shown (the browser's print dialog, which also saves a PDF).
    pub print_report: &'static str,
    /// Opens the report of every page, to print.
    pub print_all: &'static str,
    /// Sidebar: the pages, by route.
    pub page: fn(Page) -> &'static str,
}

/// The filter bar.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Filters {
    pub label: &'static str,
    pub period: &'static str,
    /// From (custom period).
    pub from: &'static str,
    /// To (custom period).
    pub to: &'static str,
    pub all_segments: &'static str,
    pub all_channels: &'static str,
    pub all_owners: &'static str,
    /// The values picked from charts: the group's label.
    pub picked: &'static str,
    /// A picked value's remove button, for a screen reader: "Remove COLUMN: VALUE".
    pub remove_pick: fn(&str, &str) -> String,
    pub as_of: &'static str,
    /// A period choice.
    pub range: fn(Range) -> &'static str,
    /// "Campaigns" (a kind of records).
    pub campaigns: &'static str,
    /// When the kinds end on different dates: each at its own (the list).
    pub as_of_per_kind: fn(&str) -> String,
    /// The period of data without any date.
    pub no_dates: &'static str,
}

/// Shared components: KPI cards, explanations, charts, empty states, storage errors.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Parts {
    pub how_computed: &'static str,
    /// "records" (rows a metric rests on).
    pub records: &'static str,
    /// " vs previous period (X)".
    pub vs_previous: fn(&str) -> String,
    /// Empty state title.
    pub no_data: &'static str,
    /// Empty state text, given what would fill the page.
    pub fills_once: fn(&str) -> String,
    pub import_data: &'static str,
    /// Chart: "Data table".
    pub data_table: &'static str,
    /// Chart: "Save as PNG".
    pub save_png: &'static str,
    /// Chart: its option could not be read.
    pub chart_unreadable: &'static str,
    /// Chart: ECharts is missing.
    pub charts_unavailable: &'static str,
    pub storage_error: fn(&StorageError) -> String,
    /// What is damaged in the stored data or a file: a phrase completing "… could not be
    /// read (…)", in the language's words only (never the English details of `Display`).
    pub damaged: fn(&Damaged) -> String,
    /// Data of a newer format (the one found, the newest this version reads): a phrase
    /// completing "… cannot be read: …".
    pub newer_format: fn(u32, u32) -> String,
    /// Records a figure leaves out (count, why).
    pub left_out: fn(&str, LeftOutReason) -> String,
    pub formula: fn(Formula) -> &'static str,
    /// The words of a parameter's name, or of a word given as its value.
    pub term: fn(Term) -> &'static str,
    /// "yes", "no" (a parameter that is true or false).
    pub yes_no: fn(bool) -> &'static str,
}

/// The command palette (Ctrl/Cmd+K).
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Palette {
    pub title: &'static str,
    /// The search field's label.
    pub search: &'static str,
    /// The search field's placeholder.
    pub placeholder: &'static str,
    /// The header button that opens it.
    pub open: &'static str,
    /// What a page entry is called.
    pub pages: &'static str,
    /// What a customer entry is called.
    pub customers: &'static str,
    pub nothing: &'static str,
    pub hint: &'static str,
}

/// `/`.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Overview {
    pub lead: &'static str,
    /// What fills the page.
    pub needs: &'static str,
    pub demo_title: &'static str,
    pub demo_text: &'static str,
    /// Revenue trend card title.
    pub revenue_title: &'static str,
    /// Revenue trend chart label.
    pub revenue_label: &'static str,
    pub pipeline_title: &'static str,
    pub funnel_label: &'static str,
    /// Funnel without deals.
    pub no_deals: &'static str,
    pub segments_title: &'static str,
    pub segments_label: &'static str,
    /// Segments chart without purchases.
    pub no_segments: &'static str,
    /// Top customers card title.
    pub top_title: &'static str,
    /// Customers with a purchase in the period.
    pub active: &'static str,
    /// Customers whose first purchase is in the period.
    pub new_customers: &'static str,
    /// Share of the period's buyers with two orders or more.
    pub repeat_rate: &'static str,
}

/// Campaign contacts (Marketing and Overview).
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct ResponsesTexts {
    pub title: &'static str,
    pub contacts: &'static str,
    pub response_rate: &'static str,
    pub conversion_rate: &'static str,
    pub revenue_per_contact: &'static str,
    /// The control picker's label.
    pub control: &'static str,
    /// The picker's choice "recognised by its name".
    pub control_auto: &'static str,
    pub no_control: &'static str,
    /// Column: campaign or arm.
    pub arm: &'static str,
    /// Marks the control arm in the table.
    pub control_mark: &'static str,
    /// Column: conversion uplift over control.
    pub conversion_uplift: &'static str,
    /// Column: relative conversion uplift (E).
    pub relative_uplift: &'static str,
    /// Column: revenue per contact uplift.
    pub revenue_uplift: &'static str,
    /// Column: cost per conversion.
    pub cost_per_conversion: &'static str,
    /// "N pts" (percentage points).
    pub points: fn(&str) -> String,
    pub chart_label: &'static str,
    /// No arms to chart.
    pub empty: &'static str,
    /// The breakdown card's title.
    pub by_title: &'static str,
}

/// A customer snapshot: its retention curve (Overview and Analysis) and its breakdown.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct SnapshotTexts {
    pub title: &'static str,
    /// Chart label (for screen readers).
    pub label: &'static str,
    /// The curve's series name.
    pub series: &'static str,
    /// The x axis: months as a customer.
    pub months: &'static str,
    /// No durations to draw.
    pub empty: &'static str,
    /// "N customers on the curve, M churned; median retention K months (or: over half
    /// remain after the longest tenure)."
    pub summary: fn(&str, &str, Option<&str>) -> String,
    /// The Kaplan–Meier table's summary line.
    pub table: &'static str,
    /// Column: at risk.
    pub at_risk: &'static str,
    /// Column: churned.
    pub churned: &'static str,
    /// Column: censored (still customers).
    pub censored: &'static str,
    /// Column: survival.
    pub survival: &'static str,
    pub breakdown_title: &'static str,
    /// The column picker's label.
    pub breakdown_by: &'static str,
    pub breakdown_label: &'static str,
    /// A group of customers without a value.
    pub no_value: &'static str,
}

/// `/customers`, `/customers/:id` and the customer form.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Customers {
    /// A customer page when the customer bought nothing in the period.
    pub no_purchase_in_period: &'static str,
    pub lead: &'static str,
    /// What fills the page.
    pub needs: &'static str,
    /// A list column's header.
    pub column: fn(Column) -> &'static str,
    pub add_title: &'static str,
    /// The list's (hidden) heading.
    pub list_title: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub rfm_segment: &'static str,
    pub all: &'static str,
    pub abc_class: &'static str,
    pub p_alive_at_most: &'static str,
    pub any: &'static str,
    /// "N customers".
    pub count: fn(&str) -> String,
    pub add: &'static str,
    pub scroll_label: &'static str,
    /// Column picker (its button).
    pub columns: &'static str,
    /// Column picker (its group's name).
    pub columns_shown: &'static str,
    /// Saved views (the select's label).
    pub saved_views: &'static str,
    /// No saved view chosen.
    pub no_view: &'static str,
    /// The name field of a new view.
    pub view_name: &'static str,
    pub save_view: &'static str,
    pub delete_view: &'static str,
    /// "Not saved: why."
    pub not_saved: fn(&EditError) -> String,
    /// Undo label of an addition.
    pub adding: fn(&str) -> String,
    /// Undo label of an edit.
    pub editing: fn(&str) -> String,
    /// Undo label of a deletion.
    pub deleting: fn(&str) -> String,
    /// Customer page title.
    pub customer: &'static str,
    pub customer_id: &'static str,
    pub edit_title: &'static str,
    pub delete_question: &'static str,
    /// Also delete N related records.
    pub delete_related: fn(&str) -> String,
    pub delete_customer: &'static str,
    /// No such customer.
    pub not_found: &'static str,
    pub profile: &'static str,
    pub edit: &'static str,
    pub delete: &'static str,
    /// The note on a placeholder customer's page (no customers file describes it).
    pub placeholder_note: &'static str,
    pub since: &'static str,
    pub rfm: &'static str,
    /// "SEGMENT · ABC class X".
    pub segment_abc: fn(&str, &str) -> String,
    pub timeline: &'static str,
    /// Timeline: an order.
    pub order: &'static str,
    /// Timeline: a deal.
    pub deal: &'static str,
    /// Timeline: a ticket.
    pub ticket: &'static str,
    /// Order status note: refunded, cancelled, pending ("" for completed).
    pub order_status: fn(crate::core::model::OrderStatus) -> &'static str,
    /// The customers breakdown card's title.
    pub by_title: &'static str,
    /// Its column picker.
    pub by_label: &'static str,
    /// Customers with a purchase in the period (a header).
    pub buyers: &'static str,
    /// Revenue per customer (a header).
    pub revenue_per_customer: &'static str,
    /// A group without a value.
    pub no_value: &'static str,
    /// A campaign contact (a timeline entry's kind).
    pub contact: &'static str,
    /// A contact's arm and outcome (arm, responded, converted).
    pub contact_outcome: fn(&str, Option<bool>, Option<bool>) -> String,
    /// The customer value V (a KPI label).
    pub value_v: &'static str,
    pub value_v_note: &'static str,
    /// The customer's satisfaction (a KPI label).
    pub satisfaction: &'static str,
    /// P(alive) is the loyalty weight.
    pub loyalty_note: &'static str,
}

/// `/sales`.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Sales {
    pub lead: &'static str,
    /// The deals breakdown card's title.
    pub by_title: &'static str,
    /// The orders breakdown card's title.
    pub orders_by_title: &'static str,
    /// Column: order lines.
    pub lines: &'static str,
    pub by_label: &'static str,
    /// Column: open deals.
    pub open: &'static str,
    /// Column: lost deals.
    pub lost: &'static str,
    /// Column: won revenue.
    pub won_revenue: &'static str,
    /// Column: average won deal.
    pub average_won: &'static str,
    /// A group without a value.
    pub no_value: &'static str,
    pub by_chart: &'static str,
    /// What fills the page.
    pub needs: &'static str,
    /// Forecast series name.
    pub forecast: &'static str,
    /// Revenue chart without revenue.
    pub no_revenue: &'static str,
    /// Categories chart empty.
    pub no_categories: &'static str,
    /// Channels chart empty.
    pub no_channels: &'static str,
    /// Funnel empty.
    pub no_deals: &'static str,
    /// Link label: show the deals at a stage.
    pub show_deals_at: fn(&str) -> String,
    pub refunds: &'static str,
    /// Backtest sentence: months, mean absolute error, MAPE.
    pub backtest: fn(usize, &str, &str) -> String,
    /// Not enough history.
    pub no_backtest: &'static str,
    /// By category title (and chart label).
    pub by_category: &'static str,
    /// By channel title (and chart label).
    pub by_channel: &'static str,
    /// Hint when there are no deals.
    pub import_deals: &'static str,
    /// "median X, mean Y (N deals)".
    pub cycle: fn(&str, &str, &str) -> String,
    /// "N open deals worth X".
    pub open_worth: fn(&str, &str) -> String,
    pub cycle_won: &'static str,
    /// "Won: X. All closed: Y."
    pub cycle_summary: fn(&str, &str) -> String,
    pub funnel: &'static str,
    /// Count/amount toggle label.
    pub measure_by: &'static str,
    pub count: &'static str,
    pub stage_conversion: &'static str,
    /// Column of the stage table: deals at the stage now.
    pub at_stage: &'static str,
    /// Column of the stage table: deals that reached the stage (at it or later, or won).
    pub reached: &'static str,
    pub conversion: &'static str,
    pub drop_off: &'static str,
    /// Hint under the stage table.
    pub select_stage: &'static str,
    pub probabilities: &'static str,
    /// "Source: X."
    pub source: fn(&str) -> String,
    /// Closed deals that reached it.
    pub closed_reached: &'static str,
    /// Column of the probabilities table: won deals that reached the stage.
    pub won: &'static str,
    /// Column of the probabilities table: the probability learned from closed deals.
    pub learned: &'static str,
    /// Column of the probabilities table: the stage's default probability.
    pub default: &'static str,
    /// Column of the probabilities table: the probability the pipeline is weighted by.
    pub used: &'static str,
    /// Won revenue per month (deals without orders).
    pub won_by_month_title: &'static str,
    pub won_by_month_label: &'static str,
    /// Deals without a date that the funnel counts.
    pub undated_deals: fn(&str) -> String,
    /// How many deals were won (under the won revenue).
    pub won_deals: fn(&str) -> String,
    /// Open deals, none of which has an amount (the weighted pipeline cannot be valued).
    pub open_no_amount: fn(&str) -> String,
}

/// `/support`.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Support {
    pub lead: &'static str,
    /// What fills the page.
    pub needs: &'static str,
    /// No tickets in the period.
    pub no_tickets: &'static str,
    pub no_types: &'static str,
    pub no_priorities: &'static str,
    pub backlog: &'static str,
    pub first_response: &'static str,
    pub resolution: &'static str,
    /// "median; p90 X (N tickets)".
    pub median_p90: fn(&str, &str) -> String,
    /// CSAT (rated 4–5).
    pub csat_rated: &'static str,
    pub nps: &'static str,
    /// "N responses".
    pub responses: fn(&str) -> String,
    pub volume_title: &'static str,
    pub volume_label: &'static str,
    pub by_type: &'static str,
    pub by_channel: &'static str,
    pub by_priority: &'static str,
    pub by_type_label: &'static str,
    pub by_channel_label: &'static str,
    pub by_priority_label: &'static str,
    /// The tickets breakdown card's title.
    pub by_title: &'static str,
    /// Its column picker.
    pub by_label: &'static str,
    /// Open tickets (a header).
    pub open: &'static str,
    /// Rated tickets (a header).
    pub rated: &'static str,
    /// Median resolution (a header).
    pub median_resolution: &'static str,
    /// A group without a value.
    pub no_value: &'static str,
    /// Tickets without an opening time (no duration).
    pub no_opening: fn(&str) -> String,
    /// Opened tickets without the later time.
    pub not_yet: fn(&str) -> String,
    /// Tickets without a date that a figure counts.
    pub undated: fn(&str) -> String,
}

/// `/marketing`.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Marketing {
    pub lead: &'static str,
    /// What fills the page.
    pub needs: &'static str,
    pub roi_series: &'static str,
    /// ROI chart empty.
    pub no_roi: &'static str,
    pub before: &'static str,
    pub during: &'static str,
    pub no_campaigns: &'static str,
    pub roi: &'static str,
    /// "attributed revenue X".
    pub attributed: fn(&str) -> String,
    pub roas: &'static str,
    pub cac: &'static str,
    pub leads: &'static str,
    /// "cost per lead X".
    pub cpl: fn(&str) -> String,
    pub campaigns: &'static str,
    /// Campaign (column).
    pub campaign: &'static str,
    /// Period (column).
    pub period: &'static str,
    pub cost: &'static str,
    pub new_customers: &'static str,
    pub effect: &'static str,
    /// Holdout uplift (95% CI).
    pub uplift: &'static str,
    /// "X (Y to Z)".
    pub uplift_range: fn(&str, &str, &str) -> String,
    pub roi_title: &'static str,
    pub roi_label: &'static str,
    pub effect_title: &'static str,
    pub effect_label: &'static str,
}

/// `/analysis`.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Analysis {
    pub lead: &'static str,
    /// What fills the page.
    pub needs: &'static str,
    pub no_purchases: &'static str,
    pub no_revenue: &'static str,
    /// Heatmap x axis.
    pub months_since_first: &'static str,
    /// Heatmap value.
    pub retention_pct: &'static str,
    pub no_cohorts: &'static str,
    /// Pareto x axis.
    pub pct_customers: &'static str,
    /// Pareto y axis.
    pub pct_revenue: &'static str,
    /// Pareto series.
    pub cumulative_share: &'static str,
    /// CLV histogram empty.
    pub no_clv: &'static str,
    pub rfm_title: &'static str,
    pub segments_label: &'static str,
    pub abc_title: &'static str,
    pub class: &'static str,
    pub pareto_label: &'static str,
    pub cohort_title: &'static str,
    pub cohort_label: &'static str,
    pub clv_title: &'static str,
    /// "Total X, mean Y per customer; mean P(alive) Z."
    pub clv_summary: fn(&str, &str, &str) -> String,
    /// The backtest card's title.
    pub holdout_title: &'static str,
    /// "Fitted on the history up to FROM, the model predicted P purchases from FROM to TO
    /// by C customers; they made A (mean error E per customer)."
    pub holdout_summary: fn(&str, &str, &str, &str, &str, &str) -> String,
    /// Before the backtest is made, or without enough history.
    pub holdout_waiting: &'static str,
    /// Column: repeat purchases before the held-out months.
    pub holdout_bucket: &'static str,
    /// Series and column: mean predicted purchases per customer.
    pub predicted_mean: &'static str,
    /// Series and column: mean actual purchases per customer.
    pub actual_mean: &'static str,
    /// The chart's description.
    pub holdout_label: &'static str,
    pub clv_label: &'static str,
    /// Customers at risk.
    pub risk_title: &'static str,
    /// At-risk explanation (the P(alive) threshold, as a percentage).
    pub risk_text: fn(&str) -> String,
    pub value_at_risk: &'static str,
    pub export_at_risk: &'static str,
    /// The card of the specification's nine formulas.
    pub seed_title: &'static str,
    /// What the card is.
    pub seed_lead: &'static str,
    /// The nine figures' names, in the specification's order.
    pub seed_names: [&'static str; 9],
    /// Header: the formula.
    pub seed_formula: &'static str,
    /// Header: the value.
    pub seed_value: &'static str,
    /// The model-based potential beside the seed's (predicted CLV).
    pub potential_model: fn(&str) -> String,
    /// Header: the figure.
    pub seed_figure: &'static str,
}

/// `/data`: import and data management.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Data {
    pub lead: &'static str,
    pub kind_name: fn(Kind) -> &'static str,
    pub policy: fn(MergePolicy) -> &'static str,
    pub severity: fn(Severity) -> &'static str,
    pub issue_kind: fn(IssueKind) -> &'static str,
    /// "Reading N file(s)…".
    pub reading: fn(usize) -> String,
    /// "the file could not be read (e)".
    pub unreadable: fn(&str) -> String,
    /// Why the importer refused a whole file (completes "NAME cannot be imported: …").
    pub import_error: fn(&ImportError) -> String,
    /// Progress label while a file is read for review: "Reading NAME".
    pub reading_file: fn(&str) -> String,
    /// "Reading NAME was cancelled."
    pub reading_cancelled: fn(&str) -> String,
    /// Progress label while a file is imported: "Importing NAME".
    pub importing: fn(&str) -> String,
    pub import_cancelled: &'static str,
    /// Progress of a long job: "ROWS rows · RATE rows/s" (numbers already formatted).
    pub rows_rate: fn(&str, &str) -> String,
    pub saving: &'static str,
    /// Undo label: "Import of NAMES".
    pub import_of: fn(&str) -> String,
    pub import_title: &'static str,
    pub import_text: &'static str,
    pub choose: &'static str,
    pub drop: &'static str,
    pub if_exists: &'static str,
    /// Placeholder customers option.
    pub placeholders: &'static str,
    pub import: &'static str,
    pub clear: &'static str,
    /// "LABEL was saved."
    pub was_saved: fn(&str) -> String,
    /// Beside Undo: it works after a reload too, and how many earlier changes can be
    /// undone after this one.
    pub undo_more: fn(usize) -> String,
    /// Beside Undo: only until the page is closed (nothing of it is stored).
    pub undo_session: &'static str,
    pub undo: &'static str,
    /// Stored in this browser.
    pub stored_title: &'static str,
    /// Kind (column).
    pub kind: &'static str,
    /// Records (column).
    pub records: &'static str,
    pub samples_title: &'static str,
    pub samples_text: &'static str,
    /// "KIND template".
    pub template: fn(&str) -> String,
    /// "NAME cannot be imported: WHY."
    pub cannot_import: fn(&str, &str) -> String,
    pub remove: &'static str,
    /// "Remove NAME".
    pub remove_named: fn(&str) -> String,
    /// Not mapped.
    pub not_in_file: &'static str,
    /// "Dates in “H” (e.g. X) are written".
    pub dates_written: fn(&str, &str) -> String,
    /// day / month / year.
    pub dmy: &'static str,
    /// month / day / year.
    pub mdy: &'static str,
    pub encoding: &'static str,
    pub separator: &'static str,
    pub rows: &'static str,
    /// Mapping remembered.
    pub remembered: &'static str,
    pub columns: &'static str,
    /// Rapport field.
    pub field: &'static str,
    pub column_in_file: &'static str,
    pub sample_values: &'static str,
    /// "Kept as extra fields: ".
    pub extras: &'static str,
    /// The kind picker's lookup choice: "Lookup for Deals › owner".
    pub lookup_for: fn(&str, &str) -> String,
    /// The kind picker's "ignore this file".
    pub ignore_file: &'static str,
    /// What a lookup file adds: (attributes, kind, key, the file's key column).
    pub lookup_adds: fn(&str, &str, &str, &str) -> String,
    /// Stored lookup files (subtitle).
    pub lookups_title: &'static str,
    /// Column: the lookup's target.
    pub lookup: &'static str,
    /// Column: its attributes.
    pub attributes: &'static str,
    /// Column: its keys.
    pub keys: &'static str,
    /// Column: how it matches.
    pub matching: &'static str,
    /// "N keys match no record's KEY: a, b".
    pub keys_unmatched: fn(&str, &str, &str) -> String,
    /// "N records have a value the file lacks: a, b".
    pub values_missing: fn(&str, &str) -> String,
    pub preview: &'static str,
    pub report_title: &'static str,
    /// Report text: rejected rows, importable records.
    pub report_text: fn(&str, &str) -> String,
    pub file: &'static str,
    pub line: &'static str,
    pub column: &'static str,
    pub value: &'static str,
    pub severity_col: &'static str,
    /// Problem (translated kind).
    pub problem: &'static str,
    /// Reason (English detail).
    pub reason: &'static str,
    pub download_errors: &'static str,
    /// "Import N record(s), leave out M row(s)".
    pub confirm: fn(&str, &str) -> String,
    /// "Imported NAMES".
    pub imported: fn(&str) -> String,
    pub created: &'static str,
    pub updated: &'static str,
    pub skipped: &'static str,
    pub rows_with_errors: &'static str,
    /// Customers added from references.
    pub from_references: &'static str,
    pub your_data: &'static str,
    /// Download backup.
    pub backup: &'static str,
    /// Restore backup….
    pub restore: &'static str,
    pub delete_all: &'static str,
    pub delete_question: &'static str,
    pub yes_delete: &'static str,
    /// "NAME could not be read (E)."
    pub file_unreadable: fn(&str, &str) -> String,
    /// "NAME is not a Rapport backup …: E. Nothing was changed."
    pub not_backup: fn(&str, &str) -> String,
    /// Undo label: "Restoring NAME".
    pub restoring: fn(&str) -> String,
    /// "Restored N records from NAME."
    pub restored: fn(&str, &str) -> String,
    /// "NAME is sealed with a passphrase: enter it to restore."
    pub backup_sealed: fn(&str) -> String,
    /// The label of a sealed backup's passphrase field.
    pub backup_passphrase: &'static str,
    /// The button that opens a sealed backup.
    pub open_backup: &'static str,
    /// Under the backup button while the data is protected.
    pub backup_sealed_note: &'static str,
    /// "This site uses X MB of the Y MB …".
    pub usage: fn(&str, &str) -> String,
    /// When the browser gives no estimate of the space used.
    pub no_usage: &'static str,
    /// Ask to persist.
    pub keep: &'static str,
    /// After the usage: the browser granted persistent storage.
    pub granted: &'static str,
    /// After the usage: the browser did not grant persistent storage.
    pub not_granted: &'static str,
    /// Undo label: loading the demo data.
    pub loading_demo: &'static str,
    /// Undo label: deleting all data.
    pub deleting_all: &'static str,
}

/// `/settings` and the not-found page.
#[allow(missing_docs)] // a catalogue: see the module's doc
pub struct Settings {
    pub title: &'static str,
    pub theme: &'static str,
    pub theme_name: fn(Theme) -> &'static str,
    pub language: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    /// The not-found page's link to the overview.
    pub go_overview: &'static str,
    pub params_title: &'static str,
    /// What they do.
    pub params_lead: &'static str,
    pub param_label: fn(Param) -> &'static str,
    /// Why a value was refused.
    pub param_error: fn(&ParamError) -> String,
    /// Back to the defaults.
    pub params_reset: &'static str,
}
