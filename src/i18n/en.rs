//! English.

use super::*;
use crate::core::codec::Damage;
use crate::core::metrics::{Chart, KpiId};
use crate::core::model::{Change, CheckError, Measure, OrderStatus};

/// The English catalogue.
pub const TEXTS: Texts = Texts {
    words: Words {
        customers: "Customers",
        customer: "Customer",
        revenue: "Revenue",
        orders: "Orders",
        aov: "Average order value",
        churn_rate: "Churn rate",
        mrr: "MRR",
        arpu: "ARPU (monthly)",
        churned_mrr: "Churned MRR",
        revenue_churn: "Revenue churn",
        value_per_customer: "Lifetime charges per customer",
        mean_tenure: "Mean tenure (months)",
        win_rate: "Win rate",
        weighted_pipeline: "Weighted pipeline",
        csat: "CSAT",
        marketing_cost: "Marketing cost",
        segment: "Segment",
        channel: "Channel",
        owner: "Owner",
        amount: "Amount",
        deals: "Deals",
        stage: "Stage",
        tickets: "Tickets",
        share: "Share",
        revenue_share: "Revenue share",
        p_alive: "P(alive)",
        last_purchase: "Last purchase",
        clv_12m: "CLV (12 months)",
        export_csv: "Export CSV",
        cancel: "Cancel",
        save: "Save",
        load_demo: "Load demo data",
        field: |field| match field {
            ProfileField::Id => "Customer ID",
            ProfileField::Name => "Name",
            ProfileField::Email => "E-mail",
            ProfileField::Phone => "Phone",
            ProfileField::Company => "Company",
            ProfileField::City => "City",
            ProfileField::Region => "Region",
            ProfileField::Country => "Country",
            ProfileField::Segment => "Segment",
            ProfileField::Channel => "Channel",
            ProfileField::Owner => "Owner",
            ProfileField::Status => "Status",
            ProfileField::Tags => "Tags",
        },
        segment_name: |s| match s {
            RfmSegment::Champions => "Champions",
            RfmSegment::Loyal => "Loyal",
            RfmSegment::PotentialLoyalists => "Potential loyalists",
            RfmSegment::New => "New",
            RfmSegment::AtRisk => "At risk",
            RfmSegment::CantLoseThem => "Can't lose them",
            RfmSegment::Hibernating => "Hibernating",
            RfmSegment::Lost => "Lost",
        },
        open_deals: |n| format!("{n} open deals"),
    },
    shell: Shell {
        skip_link: "Skip to content",
        nav_label: "Main",
        loading: "Loading your data…",
        download_figures: "Download figures (JSON)",
        print_report: "Print report",
        print_all: "Print all pages",
        page: |page| match page {
            Page::Overview => "Overview",
            Page::Customers => "Customers",
            Page::Customer => "Customer",
            Page::Sales => "Sales",
            Page::Support => "Support",
            Page::Marketing => "Marketing",
            Page::Analysis => "Analysis",
            Page::Data => "Data",
            Page::Settings => "Settings",
            Page::Report => "Report",
        },
    },
    filters: Filters {
        label: "Filters",
        period: "Period",
        from: "From",
        to: "To",
        all_segments: "All segments",
        all_channels: "All channels",
        all_owners: "All owners",
        picked: "Chosen in charts",
        remove_pick: |c, v| format!("Remove {c}: {v}"),
        as_of: "As of",
        range: |r| match r {
            Range::Last30 => "Last 30 days",
            Range::Last90 => "Last 90 days",
            Range::Last365 => "Last 365 days",
            Range::YearToDate => "This year",
            Range::All => "Whole history",
            Range::Custom => "Custom…",
        },
        campaigns: "Campaigns",
        as_of_per_kind: |k| format!("each kind at its latest date: {k}"),
        no_dates: "no dates in the data",
    },
    parts: Parts {
        how_computed: "How is this computed?",
        records: "records",
        vs_previous: |p| format!(" vs previous period ({p})"),
        no_data: "No data yet",
        fills_once: |needs| {
            format!(
                "This page fills in once you import {needs}. Your files never leave this browser."
            )
        },
        import_data: "Import data",
        data_table: "Data table",
        save_png: "Save as PNG",
        chart_unreadable: "This chart's data could not be read.",
        charts_unavailable: "Charts are unavailable: the chart library did not load.",
        storage_error: |e| match e {
            StorageError::Corrupt(d) => format!(
                "The stored data could not be read ({}). It was left untouched; restore a backup \
                 or delete all data to start again.",
                damaged(d)
            ),
            e => e.to_string(),
        },
        damaged,
        newer_format: |found, supported| {
            format!("it was written by a newer version of Rapport (format {found}; this version reads up to {supported})")
        },
        left_out: |n, r| match r { LeftOutReason::Undated => format!("{n} left out: without a date, they cannot be placed in a period with a start date (the whole history counts them)") },
        formula,
        term,
        yes_no: |b| if b { "yes" } else { "no" },
    },
    palette: Palette {
        title: "Go to",
        search: "Page or customer",
        placeholder: "Type a page, or a customer's name, e-mail or ID",
        open: "Go to… (Ctrl+K)",
        pages: "Page",
        customers: "Customer",
        nothing: "Nothing matches.",
        hint: "↑ ↓ to choose, Enter to go, Esc to close",
    },
    overview: Overview {
        lead: "Your customers, sales, support and marketing at a glance.",
        needs: "your CRM's CSV exports (an orders file is enough to start)",
        demo_title: "Just looking?",
        demo_text: "Load a realistic demo company (2,000 customers, three years of orders, deals, \
                    tickets and campaigns) to see every page filled in. You can delete it later on \
                    the Data page.",
        revenue_title: "Revenue by month, with forecast",
        revenue_label: "Revenue by month with forecast",
        pipeline_title: "Pipeline",
        funnel_label: "Deals reaching each stage",
        no_deals: "No deals imported",
        segments_title: "Customer segments (RFM)",
        segments_label: "Customers per RFM segment",
        no_segments: "No customers with purchases in this period",
        top_title: "Top customers in the period",
        active: "Active customers",
        new_customers: "New customers",
        repeat_rate: "Repeat rate",
    },
    responses: ResponsesTexts {
        title: "Campaign contacts and test arms",
        contacts: "Contacts",
        response_rate: "Response rate",
        conversion_rate: "Conversion rate",
        revenue_per_contact: "Revenue per contact",
        control: "Control arm",
        control_auto: "Recognised by its name",
        no_control: "No arm is named as a control: choose one to see each arm's uplift.",
        arm: "Campaign or arm",
        control_mark: "control",
        conversion_uplift: "Conversion uplift (95% CI)",
        relative_uplift: "Relative uplift E (95% CI)",
        revenue_uplift: "Revenue per contact uplift (95% CI)",
        cost_per_conversion: "Cost per conversion",
        points: |p| format!("{p} pts"),
        chart_label: "Conversion rate per campaign or arm",
        empty: "No contacts with a conversion",
        by_title: "Contacts by segment, channel or any column",
    },
    snapshot: SnapshotTexts {
        title: "Retention by tenure (Kaplan–Meier)",
        label: "Share of customers still with you by months as a customer",
        series: "Still customers %",
        months: "Months as a customer",
        empty: "No tenure or signup and churn dates to draw retention from",
        summary: |customers, churned, median| {
            match median {
            Some(m) => format!(
                "{customers} customers on the curve, {churned} churned. Half have left after {m} months."
            ),
            None => format!(
                "{customers} customers on the curve, {churned} churned. More than half are still customers at the longest tenure."
            ),
        }
        },
        table: "Kaplan–Meier table",
        at_risk: "At risk",
        churned: "Churned",
        censored: "Still customers (censored)",
        survival: "Retention",
        breakdown_title: "Churn and recurring revenue by customer attribute",
        breakdown_by: "Break down by",
        breakdown_label: "Churn rate per value of the chosen column",
        no_value: "(none)",
    },
    customers: Customers {
        no_purchase_in_period: "No purchase in the period. The customer model's figures come from every purchase up to the as-of date, so they stay.",
        lead: "Everyone you sell to, with their value and segment.",
        needs: "a customers or orders CSV",
        column: |c| c.label(),
        add_title: "Add a customer",
        list_title: "Customer list",
        search: "Search",
        search_placeholder: "Name, e-mail, phone or ID",
        rfm_segment: "RFM segment",
        all: "All",
        abc_class: "ABC class",
        p_alive_at_most: "P(alive) at most",
        any: "Any",
        count: |n| format!("{n} customers"),
        add: "Add customer",
        scroll_label: "Customer list, scrollable",
        columns: "Columns",
        columns_shown: "Columns shown",
        saved_views: "Saved view",
        no_view: "— none —",
        view_name: "Name for this view",
        save_view: "Save view",
        delete_view: "Delete view",
        not_saved: |e| match e {
            EditError::MissingId => "Not saved: a customer needs an ID.".into(),
            EditError::DuplicateId(id) => format!("Not saved: another customer already has the ID \"{id}\"."),
            EditError::NotFound(id) => format!("Not saved: no customer has the ID \"{id}\"."),
        },
        adding: |id| format!("Adding customer {id}"),
        editing: |id| format!("Editing customer {id}"),
        deleting: |id| format!("Deleting customer {id}"),
        customer: "Customer",
        customer_id: "Customer ID: ",
        edit_title: "Edit customer",
        delete_question:
            "Delete this customer? You can undo it on the Data page, also after a reload.",
        delete_related: |n| {
            format!("Also delete their {n} orders, deals and tickets (otherwise they are kept)")
        },
        delete_customer: "Delete customer",
        not_found: "No customer with this ID in your data.",
        profile: "Profile",
        edit: "Edit",
        delete: "Delete…",
        placeholder_note:
            "Known only from orders, deals or tickets: no customers file described this customer.",
        since: "Customer since",
        rfm: "RFM",
        segment_abc: |segment, abc| format!("{segment} · ABC class {abc}"),
        timeline: "Timeline",
        order: "Order",
        deal: "Deal",
        ticket: "Ticket",
        order_status: |s| match s {
            OrderStatus::Refunded => " (refunded)",
            OrderStatus::Cancelled => " (cancelled)",
            OrderStatus::Pending => " (pending)",
            OrderStatus::Completed => "",
        },
        by_title: "Customers by any column",
        by_label: "Break down by",
        buyers: "Bought in the period",
        revenue_per_customer: "Revenue per customer",
        no_value: "(none)",
        contact: "Campaign contact",
        contact_outcome: |arm, responded, converted| { let yn = |v: Option<bool>| match v { Some(true) => "yes", Some(false) => "no", None => "–" }; format!("{arm}: responded {}, converted {}", yn(responded), yn(converted)) },
        value_v: "Customer value V",
        value_v_note: "revenue × orders in the period",
        satisfaction: "Satisfaction (0–100)",
        loyalty_note: "the loyalty index's weight",
    },
    sales: Sales {
        lead: "Revenue, pipeline and forecast.",
        by_title: "Deals by owner, account, product or any attribute",
        orders_by_title: "Revenue by product, category, channel or any attribute",
        lines: "Order lines",
        by_label: "Break down by",
        open: "Open",
        lost: "Lost",
        won_revenue: "Won revenue",
        average_won: "Average won deal",
        no_value: "(none)",
        by_chart: "Won revenue per value of the chosen column",
        needs: "an orders CSV (for revenue) or a deals CSV (for the pipeline)",
        forecast: "Forecast",
        no_revenue: "No revenue in this period",
        no_categories: "No categories",
        no_channels: "No channels",
        no_deals: "No deals in this period",
        show_deals_at: |s| format!("Show deals at {s}"),
        refunds: "Refunds",
        backtest: |months, mae, mape| {
            format!("Backtest on the last {months} months: mean absolute error {mae}, MAPE {mape}.")
        },
        no_backtest: "Not enough history to measure the forecast's error yet.",
        by_category: "Revenue by category",
        by_channel: "Revenue by channel",
        import_deals: "Import a deals CSV to see the pipeline, win rate and sales cycle.",
        cycle: |median, mean, n| format!("median {median}, mean {mean} ({n} deals)"),
        open_worth: |n, amount| format!("{n} open deals worth {amount}"),
        cycle_won: "Sales cycle (won)",
        cycle_summary: |won, closed| format!("Won: {won}. All closed: {closed}."),
        funnel: "Funnel",
        measure_by: "Measure deals by",
        count: "Count",
        stage_conversion: "Stage conversion",
        at_stage: "At stage",
        reached: "Reached",
        conversion: "Conversion",
        drop_off: "Drop-off",
        select_stage: "Open a stage (its name, or its part of the funnel) to list its deals.",
        probabilities: "Stage probabilities used for the weighted pipeline",
        source: |s| format!("Source: {s}."),
        closed_reached: "Closed deals that reached it",
        won: "Won",
        learned: "Learned",
        default: "Default",
        used: "Used",
        won_by_month_title: "Won revenue by month",
        won_by_month_label: "Won revenue per month, by the deals' close date",
        undated_deals: |n| format!("including {n} deals without a date"),
        won_deals: |n| format!("{n} deals won"),
        open_no_amount: |n| format!("{n} open deals, none with an amount"),
    },
    support: Support {
        lead: "Ticket volume, response times and satisfaction.",
        needs: "a support tickets CSV (e.g. a Zendesk export)",
        no_tickets: "No tickets in this period",
        no_types: "No ticket types",
        no_priorities: "No priorities",
        backlog: "Backlog (open at as-of)",
        first_response: "First response",
        resolution: "Resolution",
        median_p90: |p90, n| format!("median; p90 {p90} ({n} tickets)"),
        csat_rated: "CSAT (rated 4–5)",
        nps: "NPS",
        responses: |n| format!("{n} responses"),
        volume_title: "Tickets per month",
        volume_label: "Tickets opened per month",
        by_type: "By issue type",
        by_channel: "By channel",
        by_priority: "By priority",
        by_type_label: "Tickets by issue type",
        by_channel_label: "Tickets by channel",
        by_priority_label: "Tickets by priority",
        by_title: "Tickets by any column",
        by_label: "Break down by",
        open: "Open",
        rated: "Rated",
        median_resolution: "Median resolution (h)",
        no_value: "(none)",
        no_opening: |n| format!("{n} tickets have no opening time: a duration needs one"),
        not_yet: |n| format!("{n} not answered or resolved yet"),
        undated: |n| format!("including {n} without a date (open tickets)"),
    },
    marketing: Marketing {
        lead: "Campaign cost, return and effect on sales.",
        needs: "a marketing campaigns CSV (and orders, to measure their effect), or a campaign's contact list with its outcomes",
        roi_series: "ROI %",
        no_roi: "No campaign has both cost and attributed revenue",
        before: "Revenue in the window before",
        during: "Revenue during the campaign",
        no_campaigns: "No campaigns in this period",
        roi: "ROI",
        attributed: |x| format!("attributed revenue {x}"),
        roas: "ROAS",
        cac: "CAC",
        leads: "Leads",
        cpl: |x| format!("cost per lead {x}"),
        campaigns: "Campaigns",
        campaign: "Campaign",
        period: "Period",
        cost: "Cost",
        new_customers: "New customers",
        effect: "Effect",
        uplift: "Holdout uplift (95% CI)",
        uplift_range: |u, lo, hi| format!("{u} ({lo} to {hi})"),
        roi_title: "ROI by campaign (%)",
        roi_label: "Return on investment per campaign",
        effect_title: "Revenue before and during each campaign",
        effect_label: "Revenue in the window before and during each campaign",
    },
    analysis: Analysis {
        lead: "RFM and ABC segments, cohorts and customer lifetime value.",
        needs: "an orders CSV, or a customer snapshot with a tenure or churn dates",
        no_purchases: "No purchases in this period",
        no_revenue: "No revenue in this period",
        months_since_first: "Months since first purchase",
        retention_pct: "Retention %",
        no_cohorts: "No cohorts in this period",
        pct_customers: "% of customers",
        pct_revenue: "% of revenue",
        cumulative_share: "Cumulative revenue share",
        no_clv: "Not enough repeat purchases to predict lifetime value",
        rfm_title: "RFM segments",
        segments_label: "Revenue per RFM segment",
        abc_title: "ABC classes (Pareto)",
        class: "Class",
        pareto_label: "Cumulative share of revenue by share of customers",
        cohort_title: "Cohort retention (% of each month's new customers buying again)",
        cohort_label: "Retention by acquisition cohort and months since first purchase",
        clv_title: "Predicted 12-month customer value",
        holdout_title: "Does the customer model predict well?",
        holdout_summary: |from, to, customers, predicted, actual, error| format!(
            "Fitted again on the purchases before {from} only, the model predicted {predicted} purchases from {from} to {to} by the {customers} customers who had bought by then; they made {actual} (mean error {error} per customer)."
        ),
        holdout_waiting: "Checked once the model is fitted, when there are purchases before the held-out months.",
        holdout_bucket: "Repeat purchases before",
        predicted_mean: "Predicted per customer",
        actual_mean: "Actual per customer",
        holdout_label: "Mean predicted and actual purchases per customer in the held-out months, by repeat purchases before them",
        clv_summary: |total, mean, p| {
            format!("Total {total}, mean {mean} per customer; mean P(alive) {p}.")
        },
        clv_label: "Distribution of predicted 12-month customer value",
        risk_title: "Customers at risk",
        risk_text: |p| {
            format!("High value, probably gone: revenue × (1 − P(alive)), for customers with P(alive) below {p} (Settings).")
        },
        value_at_risk: "Value at risk",
        export_at_risk: "Export at-risk customers (CSV)",
        seed_title: "The nine CRM formulas",
        seed_lead: "The specification's nine figures of customer management, each as Rapport reads it (docs/METRICS.md).",
        seed_names: ["Customers (客户数量)", "Churn rate (客户流失率)", "Sales revenue (销售收入)", "Customer value (客户价值)", "Customer potential (客户潜力)", "Marketing cost (营销成本)", "Marketing effect (营销效果)", "Customer satisfaction (客户满意度)", "Customer loyalty (客户忠诚度)"],
        seed_formula: "Formula",
        seed_value: "Value",
        potential_model: |v| format!("model-based: predicted CLV {v}"),
        seed_figure: "Figure",
    },
    data: Data {
        lead:
            "Import your CRM's CSV exports. Everything stays in this browser: nothing is uploaded.",
        kind_name: |k| match k {
            Kind::Customers => "Customers",
            Kind::Orders => "Orders (sales)",
            Kind::Deals => "Deals (pipeline)",
            Kind::Tickets => "Support tickets",
            Kind::Campaigns => "Marketing campaigns",
            Kind::Responses => "Campaign contacts (responses, test arms)",
        },
        policy: |p| match p {
            MergePolicy::CreateAndUpdate => "Add new records and update existing ones",
            MergePolicy::CreateOnly => "Only add new records (leave existing ones alone)",
            MergePolicy::UpdateOnly => "Only update existing records",
        },
        severity: |s| match s {
            Severity::Warning => "warning",
            Severity::Error => "error",
        },
        issue_kind: |k| match k {
            IssueKind::BadDate => "Unreadable date",
            IssueKind::BadNumber => "Unreadable number",
            IssueKind::BadBool => "Unreadable yes/no",
            IssueKind::OutOfRange => "Out of range",
            IssueKind::Missing => "Missing value",
            IssueKind::TooManyCells => "Too many cells",
            IssueKind::TooFewCells => "Too few cells",
            IssueKind::AmountMismatch => "Amounts disagree",
            IssueKind::UnknownStatus => "Unknown status",
            IssueKind::Rounded => "Rounded",
            IssueKind::Blank => "Blank",
            IssueKind::Encoding => "Encoding",
            IssueKind::Preamble => "Lines before the header",
            IssueKind::EmptyRow => "Empty row",
            IssueKind::TimeOrder => "Times out of order",
            IssueKind::Column => "Column",
        },
        reading: |n| format!("Reading {n} file(s)…"),
        unreadable: |e| format!("the file could not be read ({e})"),
        // The importer's own words (the end-to-end tests read them).
        import_error: |e| e.to_string(),
        reading_file: |name| format!("Reading {name}"),
        reading_cancelled: |name| format!("Reading {name} was cancelled."),
        importing: |name| format!("Importing {name}"),
        import_cancelled: "Import cancelled: nothing was imported.",
        rows_rate: |rows, rate| format!("{rows} rows · {rate} rows/s"),
        saving: "Saving…",
        import_of: |names| format!("Import of {names}"),
        import_title: "Import CSV files",
        import_text: "Customers, orders, deals, support tickets and marketing campaigns, in any \
                      combination. An orders export alone is enough to start.",
        choose: "Choose CSV files…",
        drop: "or drop them here",
        if_exists: "If a record already exists",
        placeholders:
            "Create customers named by orders, deals or tickets but missing from the customers file",
        import: "Import",
        clear: "Clear",
        was_saved: |label| format!("{label} was saved. "),
        undo_more: |n| match n {
            0 => "It can be undone after a reload too.".into(),
            1 => "It can be undone after a reload too, and 1 earlier change after it.".into(),
            n => format!("It can be undone after a reload too, and {n} earlier changes after it."),
        },
        undo_session: "It can be undone until you close Rapport (nothing of it is stored).",
        undo: "Undo",
        stored_title: "Stored in this browser",
        kind: "Kind",
        records: "Records",
        samples_title: "Sample files",
        samples_text: "Templates with the column names Rapport knows best (most CRM exports work \
                       as they are).",
        template: |kind| format!("{kind} template"),
        cannot_import: |name, why| format!("{name} cannot be imported: {why}."),
        remove: "Remove",
        remove_named: |name| format!("Remove {name}"),
        not_in_file: "— not in this file —",
        dates_written: |header, examples| {
            format!("Dates in “{header}” (e.g. {examples}) are written")
        },
        dmy: "day / month / year",
        mdy: "month / day / year",
        encoding: "Encoding",
        separator: "Separator",
        rows: "Rows",
        remembered: "Using the columns you chose the last time you imported a file like this one.",
        columns: "Columns",
        field: "Rapport field",
        column_in_file: "Column in your file",
        sample_values: "Sample values",
        extras: "Kept as extra fields: ",
        lookup_for: |kind, key| format!("Lookup for {kind} › {key}"),
        ignore_file: "Ignore this file",
        lookup_adds: |attributes, kind, key, column| {
            format!("A lookup file: adds {attributes} to the {kind} by their {key} (this file's “{column}”). It creates no records.")
        },
        lookups_title: "Lookup files",
        lookup: "Adds to",
        attributes: "Attributes",
        keys: "Keys",
        matching: "Matching",
        keys_unmatched: |n, key, keys| {
            let (noun, verb) = if n == "1" { ("key", "matches") } else { ("keys", "match") };
            format!("{n} {noun} {verb} no record's {key}: {keys}.")
        },
        values_missing: |n, values| {
            let (noun, verb) = if n == "1" { ("record", "has") } else { ("records", "have") };
            format!("{n} {noun} {verb} a value the file lacks: {values}.")
        },
        preview: "Preview",
        report_title: "Some rows cannot be imported",
        report_text: |rejected, importable| {
            format!(
                "{rejected} row(s) have errors and will be left out; {importable} record(s) can \
                 be imported. Nothing has been imported yet."
            )
        },
        file: "File",
        line: "Line",
        column: "Column",
        value: "Value",
        severity_col: "Severity",
        problem: "Problem",
        reason: "Reason",
        download_errors: "Download errors as CSV",
        confirm: |importable, rejected| {
            format!("Import {importable} record(s), leave out {rejected} row(s)")
        },
        imported: |names| format!("Imported {names}"),
        created: "Created",
        updated: "Updated",
        skipped: "Skipped",
        rows_with_errors: "Rows with errors",
        from_references: "Customers added from references",
        your_data: "Your data",
        backup: "Download backup",
        restore: "Restore backup…",
        delete_all: "Delete all data…",
        delete_question: "Delete every imported record from this browser, with the saved \
                          customer views and the remembered column mappings? Download a backup \
                          first if you may need them again.",
        yes_delete: "Yes, delete everything",
        file_unreadable: |name, e| format!("{name} could not be read ({e})."),
        not_backup: |name, e| {
            format!(
                "{name} is not a Rapport backup that this version can read: {e}. Nothing was \
                 changed."
            )
        },
        restoring: |name| format!("Restoring {name}"),
        restored: |n, name| format!("Restored {n} records from {name}."),
        backup_sealed: |name| format!("{name} is sealed with a passphrase: enter it to restore the backup."),
        backup_passphrase: "Passphrase of the backup",
        open_backup: "Open and restore",
        backup_sealed_note: "Your data is protected by a passphrase, so the backup is sealed with it: keep the passphrase to restore it.",
        usage: |used, quota| {
            format!("This site uses {used} MB of the {quota} MB this browser allows.")
        },
        no_usage: "The browser does not say how much space is used.",
        keep: "Ask the browser to keep this data",
        granted: " — granted: the browser will not clear it to free space.",
        not_granted:
            " — not granted (the browser decides, e.g. after you bookmark or install the app).",
        loading_demo: "Loading the demo data",
        deleting_all: "Deleting all data",
    },
    settings: Settings {
        title: "Settings",
        theme: "Theme",
        theme_name: |t| match t {
            Theme::System => "Same as system",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        },
        language: "Language",
        not_found: "Page not found",
        not_found_text: "There is no page at this address. ",
        go_overview: "Go to the overview",
        params_title: "Parameters of the figures",
        params_lead: "Every figure that uses one recomputes at once and says the value it used.",
        param_label: |p| match p { Param::ChurnWindowDays => "Churn window (days)", Param::PredictionDays => "Prediction horizon (days)", Param::ClvMonths => "CLV horizon (months)", Param::MonthlyDiscountRate => "Monthly discount rate (0–1)", Param::MinClosedDeals => "Closed deals before learning stage probabilities", Param::ForecastMonths => "Forecast (months)", Param::AtRiskPAlive => "At risk below P(alive) (0–1)", Param::RfmBins => "RFM scores per letter (2–9; 5: quintiles)" },
        param_error: |e| match e { ParamError::Unknown(n) => format!("No parameter {n}."), ParamError::NotANumber(_, v) => format!("{v:?} is not a valid number here: nothing changed."), ParamError::OutOfRange(p, v) => { let (lo, hi) = p.range(); format!("{v} is outside {lo}–{hi}: nothing changed.") } },
        params_reset: "Default values",
    },
    lock: Lock {
        locked_title: "Your data is locked",
        locked_text: "The data stored in this browser is protected by a passphrase. Enter it to \
                      open your data. The passphrase is never stored: you enter it again each \
                      time you open Rapport.",
        passphrase: "Passphrase",
        unlock: "Unlock",
        working: "Working…",
        forgot: "Without the passphrase the stored data cannot be read by anyone, Rapport \
                 included. If it is lost, you can delete the data and start again.",
        delete_locked: "Delete the locked data…",
        confirm_delete: "Delete everything stored in this browser? This cannot be undone.",
        yes_delete: "Yes, delete it",
        title: "Passphrase protection",
        explain: "Protect the data stored in this browser with a passphrase: it is encrypted \
                  (AES-256-GCM, with a key derived from the passphrase by PBKDF2-SHA-256) and \
                  locked each time Rapport opens. The passphrase is never stored, so if you \
                  forget it the data cannot be recovered. It does not protect against someone \
                  who can run code in this page while it is unlocked.",
        is_on: "The stored data is protected by a passphrase.",
        new_passphrase: "New passphrase",
        repeat: "Repeat the passphrase",
        turn_on: "Protect with this passphrase",
        mismatch: "The two passphrases differ.",
        too_short: "Use a passphrase of at least 8 characters.",
        turn_off: "Remove the protection…",
        confirm_off: "Store the data in clear again? Anyone with access to this browser profile \
                      could then read it.",
        yes_off: "Yes, store it in clear",
        now_on: "The stored data is now protected by your passphrase.",
        now_off: "The stored data is no longer protected.",
    },
    changes: ChangesTexts {
        title: "What changed",
        intro: |files, at| format!("Import of {files} on {at}, compared with the data before it."),
        dated: |date| format!("Its records are dated up to {date}."),
        first: "This was the first import: there is nothing to compare it with yet. Import \
                the next export of the same kind to see what changed.",
        group: |k| match k {
            Kind::Customers => "Customers",
            Kind::Deals => "Deals",
            Kind::Tickets => "Tickets",
            _ => "",
        },
        line: |c| match c {
            Change::NewCustomers => "new customers".into(),
            Change::LostCustomers => "lost customers (active before, not now)".into(),
            Change::ReactivatedCustomers => "reactivated customers".into(),
            Change::NewDeals => "new deals".into(),
            Change::DealsForward => "deals moved forward a stage".into(),
            Change::DealsBack => "deals moved back a stage".into(),
            Change::DealsWon => "deals won".into(),
            Change::DealsLost => "deals lost".into(),
            Change::DealsReopened => "deals reopened".into(),
            Change::DealsAmount => "deals with a new amount".into(),
            Change::DealsOwner => "deals with a new owner".into(),
            Change::DealsCloseDate => "deals with a new close date".into(),
            Change::TicketsOpened => "tickets opened".into(),
            Change::TicketsClosed => "tickets closed".into(),
            Change::TicketsReopened => "tickets reopened".into(),
            Change::Previous(_) => "Before".into(),
            Change::InExport(_) => "In this export".into(),
            Change::Added(_) => "Added".into(),
            Change::Matched(_) => "Already there".into(),
            Change::NotInExport(_) => "Not in this export".into(),
            Change::MissingInSpan(_) => "Missing inside its dates".into(),
        },
        reconcile_title: "Row counts",
        reconcile_caption: "Rows of each kind before the import and in its files. Before + \
                            added − not in this export = rows this export would give alone.",
        kind: "Records",
        missing: |rows| {
            format!(
                "{rows} dated inside this export's own dates (or, for a full list, any) are not \
                 in it. Was the export cut short?"
            )
        },
        history_title: "At each import",
        history_caption: "The figures of the whole history right after each import, oldest \
                          first.",
        imported: "Imported",
        data_to: "Data up to",
        files: "Files",
        measure: |m| match m {
            Measure::Customers => "Customers",
            Measure::ActiveCustomers => "Active customers",
            Measure::ChurnRate => "Churn rate",
            Measure::NetRevenue => "Net revenue",
            Measure::Orders => "Orders",
            Measure::OpenDeals => "Open deals",
            Measure::Pipeline => "Pipeline",
            Measure::WonAmount => "Won",
            Measure::OpenTickets => "Open tickets",
            Measure::Mrr => "MRR",
        },
        unknown: "unknown",
    },
    rows: RowsTexts {
        show: "Show rows",
        show_label: |figure| format!("Show rows behind {figure}"),
        title: figure_title,
        count: |n, kind| {
            let what = match kind {
                Kind::Customers => "customers",
                Kind::Orders => "order lines",
                Kind::Deals => "deals",
                Kind::Tickets => "tickets",
                Kind::Campaigns => "campaigns",
                Kind::Responses => "contacts",
            };
            format!("{n} {what}")
        },
        export: "Export CSV",
        close: "Close",
        list_label: "The rows, scrollable",
        none: "No rows: nothing under this filter makes this figure.",
    },
    team: Team {
        bar_label: "Team data",
        published: |date, name| {
            if name.is_empty() {
                format!("Team data published on {date}")
            } else {
                format!("Team data published on {date} by {name}")
            }
        },
        enter_passphrase: ": enter the team passphrase to see it (read-only).",
        passphrase: "Team passphrase",
        open: "Open",
        opening: "Opening…",
        not_now: "Not now",
        offer: "Open the team's data…",
        shown: "Data shown",
        team: "Team",
        mine: "Mine",
        read_only: "The team's data is read-only; your own data stays as it is in this browser.",
        redacted: "Redacted: people appear as pseudonyms and free text is left out.",
        error: |e| match e {
            WorkspaceError::NotWorkspace => "The site's team data file (data/workspace.rapport) \
                                             is not a Rapport team workspace. Your own data works \
                                             as usual."
                .into(),
            WorkspaceError::TooNew { found, supported } => format!(
                "The team's data was published by a newer version of Rapport (format {found}; \
                 this version reads up to {supported}). Reload the page to get the new version."
            ),
            WorkspaceError::Damaged(d) => format!(
                "The team's data file is damaged ({}). Ask whoever published it to publish it \
                 again. Your own data works as usual.",
                damage(d)
            ),
            WorkspaceError::Tampered => "The team's data file was changed after it was \
                                         published, so it is not opened. Ask whoever published \
                                         it to publish it again."
                .into(),
            WorkspaceError::WrongPassphrase => "That passphrase does not open the team's data. \
                                                Nothing was changed; try again."
                .into(),
            WorkspaceError::Cipher(e) => {
                format!("The team's data could not be opened: {e}")
            }
        },
        dismiss: "Dismiss",
        import_read_only: "You are looking at the team's data, which is read-only. Switch to \
                           your own data to import files, change or delete them, or publish \
                           them.",
        show_mine: "Show my data",
        publish_title: "Publish for your team",
        publish_text: "Write your data (the records, your remembered column mappings and the \
                       parameters) as one file sealed with a team passphrase (AES-256-GCM, key \
                       by PBKDF2-SHA-256). Put it in the site that hosts Rapport at \
                       data/workspace.rapport, beside index.html: whoever opens the site and \
                       knows the passphrase sees it read-only.",
        publish_open: "Publish for your team…",
        publisher: "Your name, as the team will see it",
        new_passphrase: "Team passphrase",
        repeat: "Repeat the team passphrase",
        redact: "Redacted: names, e-mails and phones become pseudonyms (Customer 0042), free \
                 text (deal titles, notes, subjects) is left out; the figures stay.",
        write: "Write the team file",
        sealing: "Sealing…",
        nothing: "There is nothing to publish yet: import your data (or load the demo) first.",
        written: "workspace.rapport is downloaded. Put it in the site at \
                  data/workspace.rapport, beside index.html, and tell the team the passphrase \
                  another way (never in the same place as the file).",
    },
};

/// What a figure's rows make, in English (the rows panel's title).
fn figure_title(f: &Figure) -> String {
    match f {
        Figure::Kpi(k) => kpi_name(*k).to_string(),
        Figure::Element { chart, label } => format!("{}: {label}", chart_name(*chart)),
        Figure::Stage(s) => format!("Funnel stage: {s}"),
        Figure::RfmSegment(s) => format!("RFM segment: {}", TEXTS.words.rfm_segment(s)),
        Figure::AbcClass(c) => format!("ABC class {c}"),
        Figure::Cohort {
            month,
            months_since,
        } => {
            format!("Cohort {month}, buying {months_since} months later")
        }
        Figure::Breakdown {
            kind,
            column,
            label,
        } => {
            format!("{} by {column}: {}", kind_name(*kind), none_or(label))
        }
        Figure::SnapshotGroup { column, label } => {
            format!("Customers by {column}: {}", none_or(label))
        }
        Figure::Campaign(c) => format!("New customers of campaign {c}"),
        Figure::Arm(a) => format!("Contacts of {a}"),
        Figure::AtRisk => "Customers at risk".into(),
        Figure::TopCustomers => "Top customers".into(),
        Figure::Customer { id, kind } => format!("{} of customer {id}", kind_name(*kind)),
        Figure::Change { change, .. } if change.reconciles() => {
            format!(
                "{}: {}",
                kind_name(change.kind()),
                (TEXTS.changes.line)(*change)
            )
        }
        Figure::Change { change, .. } => {
            format!("What changed: {}", (TEXTS.changes.line)(*change))
        }
    }
}

fn none_or(label: &str) -> &str {
    if label.is_empty() {
        "(none)"
    } else {
        label
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Customers => "Customers",
        Kind::Orders => "Orders",
        Kind::Deals => "Deals",
        Kind::Tickets => "Tickets",
        Kind::Campaigns => "Campaigns",
        Kind::Responses => "Contacts",
    }
}

fn kpi_name(k: KpiId) -> &'static str {
    match k {
        KpiId::NetRevenue => "Net revenue",
        KpiId::GrossSales => "Gross sales",
        KpiId::Refunds => "Refunds",
        KpiId::Orders => "Orders",
        KpiId::Aov => "Average order value",
        KpiId::NotRevenue => "Cancelled and pending order lines",
        KpiId::CustomersKnown => "Customers",
        KpiId::CustomersActive => "Customers with a purchase",
        KpiId::CustomersNew => "New customers",
        KpiId::RepeatCustomers => "Repeat customers",
        KpiId::ChurnedCustomers => "Churned customers",
        KpiId::Deals => "Deals",
        KpiId::OpenDeals => "Open deals",
        KpiId::WonDeals => "Won deals",
        KpiId::LostDeals => "Lost deals",
        KpiId::ClosedDeals => "Closed deals",
        KpiId::CycleWon => "Sales cycle of won deals",
        KpiId::CycleClosed => "Sales cycle of closed deals",
        KpiId::Tickets => "Tickets opened",
        KpiId::FirstResponded => "Tickets with a first response",
        KpiId::Resolved => "Tickets resolved",
        KpiId::CsatRated => "Tickets with a CSAT score",
        KpiId::NpsRated => "Tickets with an NPS score",
        KpiId::Backlog => "Backlog",
        KpiId::Campaigns => "Campaigns",
        KpiId::Contacts => "Campaign contacts",
        KpiId::SnapshotCustomers => "Customers (snapshot)",
        KpiId::SnapshotActive => "Active customers (snapshot)",
        KpiId::SnapshotChurned => "Churned customers (snapshot)",
        KpiId::Paying => "Paying customers (MRR)",
    }
}

fn chart_name(c: Chart) -> &'static str {
    match c {
        Chart::RevenueByMonth => "Revenue by month",
        Chart::OrdersByMonth => "Orders by month",
        Chart::RevenueByWeek => "Revenue by week",
        Chart::RevenueByCategory => "Revenue by category",
        Chart::RevenueByChannel => "Revenue by channel",
        Chart::WonByMonth => "Won revenue by month",
        Chart::TicketsByMonth => "Tickets by month",
        Chart::TicketsByType => "Tickets by type",
        Chart::TicketsByChannel => "Tickets by channel",
        Chart::TicketsByPriority => "Tickets by priority",
    }
}

/// The words of a formula (the core's [`Formula`]), in English.
fn formula(f: Formula) -> &'static str {
    match f {
        Formula::CustomersTotal => "customers first seen (signup date or first purchase) on or before the period end",
        Formula::CustomersActive => "customers with at least one completed order in the period",
        Formula::CustomersNew => "customers whose first completed order falls in the period",
        Formula::RepeatRate => "customers with ≥ 2 orders in the period / customers with ≥ 1 order in the period",
        Formula::Churn => "R = (N0 − N1) / N0: N0 = customers with an order in (end − 2W, end − W], N1 = those of them with an order in (end − W, end]",
        Formula::NetRevenue => "net revenue = Σ amount (price × quantity) of completed order lines − refunds; cancelled and pending orders excluded",
        Formula::GrossSales => "gross sales = Σ amount of completed and refunded order lines",
        Formula::Refunds => "refunds = Σ amount of refunded lines + Σ |amount| of negative (return) lines",
        Formula::Orders => "orders = distinct order ids with a completed line (a row without an id is one order)",
        Formula::Aov => "AOV = net revenue / orders",
        Formula::OrderStatus => "order lines in the period whose status is cancelled or pending: not revenue (a pending line may become revenue later)",
        Formula::RevenueByMonth => "net revenue per calendar month of the order date",
        Formula::OrdersByMonth => "distinct orders with a completed line per calendar month of the order date",
        Formula::RevenueByWeek => "net revenue per week (Monday to Sunday), labelled by its Monday",
        Formula::RevenueByCategory => "net revenue per product category",
        Formula::RevenueByChannel => "net revenue per sales channel",
        Formula::Cohorts => "customers grouped by the month of their first purchase; retention[j] = share of the cohort with a purchase j calendar months later",
        Formula::Responses => "response rate = responded / contacts with a response; conversion rate = converted / contacts with a conversion; revenue per contact = Σ revenue / contacts; uplift = arm − control, relative = (arm − control) / control (E = (S₁ − S₀) / S₀), with 95 % intervals",
        Formula::MarketingCost => "M = Σ cost of campaigns overlapping the period",
        Formula::MarketingEffect => "E = (S1 − S0) / S0 over the campaigns: S1 = Σ net revenue during each campaign, S0 = Σ net revenue in the equal window just before it",
        Formula::Cac => "blended CAC = M / customers whose first purchase falls in the period",
        Formula::Returns => "attributed revenue = Σ revenue stated by the campaigns overlapping the period; ROI = (attributed revenue − their cost) / their cost; ROAS = attributed revenue / their cost",
        Formula::Leads => "leads = Σ leads stated by the campaigns overlapping the period; CPL = cost of the campaigns that state leads / leads",
        Formula::Campaigns => "per campaign overlapping the period: ROI = (revenue − cost) / cost; ROAS = revenue / cost; CPL = cost / leads; CAC = cost / customers whose first purchase falls in the campaign's dates; E = (S1 − S0) / S0, S1 = net revenue during the campaign, S0 = in the equal window just before; uplift = treated − holdout conversion rate, with a 95 % interval",
        Formula::SnapshotCounts => "customers the filter selects, by the status column (or churn date) as of as_of: active, churned, leads and prospects, unknown status",
        Formula::SnapshotChurn => "churned customers / (active + churned customers), by the status column (or churn date); leads, prospects and unknown statuses are left out",
        Formula::Mrr => "MRR = Σ monthly charges of the customers who have not churned",
        Formula::Arpu => "ARPU = MRR / customers with a monthly charge who have not churned",
        Formula::ChurnedMrr => "churned MRR = Σ monthly charges of the churned customers",
        Formula::RevenueChurn => "revenue churn = churned MRR / (MRR + churned MRR)",
        Formula::LifetimeCharges => "Σ lifetime (total) charges of the customers, as the file states them",
        Formula::ValuePerCustomer => "Σ lifetime charges / customers with a lifetime total",
        Formula::MeanTenure => "mean tenure in months of the customers with one",
        Formula::RetentionTenure => "Kaplan–Meier: S(t) = Π over months m ≤ t of (1 − churned at m / at risk at m); a churned customer's tenure is an event, a current customer's tenure is censored",
        Formula::RetentionDates => "Kaplan–Meier: S(t) = Π over months m ≤ t of (1 − churned at m / at risk at m); months from signup to the churn date (an event) or to as_of (censored)",
        Formula::TicketsOpened => "tickets opened in the period (a ticket without an opening time is dated by its first response, else its resolution)",
        Formula::Backlog => "tickets dated on or before as_of and not resolved by its end (no resolved time and a status that is not closed/resolved/solved/done)",
        Formula::Csat => "CSAT = rated tickets scored 4 or 5 / rated tickets",
        Formula::Nps => "NPS = 100 × (scores 9–10 − scores 0–6) / scores",
        Formula::FirstResponse => "hours from opening to the first response, over the tickets with both times: median, 90th percentile and mean",
        Formula::Resolution => "hours from opening to resolution, over the tickets with both times: median, 90th percentile and mean",
        Formula::TicketsShare => "tickets opened in the period, counted per calendar month, issue type, channel and priority",
        Formula::ValueV => "V = Σ P × Q × R: per customer, net revenue in the period (Σ price × quantity) × orders in the period (purchase frequency R), summed",
        Formula::AtRisk => "customers with revenue in the period whose P(alive) (BG/NBD, from every purchase up to as_of) is below the threshold, largest value at risk first: value at risk = revenue in the period × (1 − P(alive))",
        Formula::CustomerList => "one row per customer the filter selects: orders, net revenue and V = revenue × orders in the period, the last purchase, the RFM scores and segment, the ABC class; P(alive) and CLV from the customer model fitted on every purchase up to as_of, whatever the period",
        Formula::Holdout => "the model fitted again on the purchases up to the start of the held-out months only; for each customer who had bought by then, the purchases it predicts in those months against the distinct purchase days made there, overall and by the number of repeat purchases before (0 to 6, and 7 or more)",
        Formula::CustomerModel => "BG/NBD (purchases, P(alive)) and Gamma-Gamma (value per purchase) fitted by maximum likelihood on every customer's purchase days up to as_of; CLV = Σ over months k of expected purchases in month k × expected value / (1 + d)^k",
        Formula::FunnelCounts => "deals the filter selects, by outcome (open, won, lost), with Σ amount; won and lost deals are dated by their close date, open deals by their creation date",
        Formula::WeightedPipeline => "weighted pipeline = Σ amount of open deals × probability of their stage",
        Formula::WinRate => "win rate = won / (won + lost)",
        Formula::CycleWon => "days from creation to close of the won deals with both dates: median and mean",
        Formula::CycleClosed => "days from creation to close of the won and lost deals with both dates: median and mean",
        Formula::FunnelStages => "per stage: deals at it now; reached = deals at it or at a later open stage, won deals, and lost deals up to their furthest recorded stage; conversion = reached at the next stage / reached here; drop-off = 1 − conversion",
        Formula::StageProbabilities => "per open stage: learned = won / closed deals that reached it; default = (k + 1) / (K + 1) for the k-th of K open stages; the learned one is used once there are at least the minimum of closed deals",
        Formula::WonByMonth => "Σ amount of the won deals per calendar month of their close date (else creation date)",
        Formula::ForecastHoltWinters => "additive Holt-Winters (level + trend + 12-month season), smoothing parameters minimising the squared one-step-ahead errors",
        Formula::ForecastDampedHolt => "Holt's damped-trend exponential smoothing (fewer than 24 months: no seasonality), parameters minimising the squared one-step-ahead errors",
        Formula::ForecastMean => "mean of the available months (fewer than 3 months)",
        Formula::ForecastNone => "no complete month of history: no forecast",
        Formula::Potential => "P = Σ Wᵢ Rᵢ Gᵢ, Wᵢ = purchasing power (net revenue per order in the period); shown as P / Σ Rᵢ Gᵢ, the purchasing power weighted by frequency × lifecycle; Rᵢ = orders in the period, Gᵢ = years from the first to the last purchase, + 1 day",
        Formula::Satisfaction => "S = Σ Wᵢ Rᵢ Gᵢ; index = 100 × S / Σ Rᵢ Gᵢ, Wᵢ = mean (CSAT − 1) / 4 of the customer's tickets (else NPS / 10); Rᵢ = orders in the period, Gᵢ = years from the first to the last purchase, + 1 day",
        Formula::Loyalty => "L = Σ Wᵢ Rᵢ Gᵢ; index = 100 × L / Σ Rᵢ Gᵢ, Wᵢ = P(alive) from the BG/NBD model; Rᵢ = orders in the period, Gᵢ = years from the first to the last purchase, + 1 day",
        Formula::Rfm => "scores 1–n by rank (n scores per letter; 5: quintiles): R by recency (end − last purchase + 1) descending, F by orders ascending, M by net revenue (cents) ascending; ties by smaller customer id; score = ⌊(rank − 1) × n / N⌋ + 1; segments read each score at its bin's centre on a 1–5 scale; ABC: customers ranked by net revenue, A while those ranked before them hold under 80 % of the revenue, B under 95 %, C the rest",
        Formula::TopCustomers => "the customers with the highest net revenue in the period, with their RFM scores, the model's inputs (x, t_x, T, repeat value), P(alive) and CLV as of as_of",
        Formula::CustomersBy => "customers per value of the column: customers, buyers (an order in the period), orders and net revenue in the period, revenue per customer",
        Formula::DealsBy => "deals the filter selects per value of the column: deals, open, won, lost, win rate = won / (won + lost), won revenue, open amount, average won deal",
        Formula::OrdersBy => "completed order lines in the period per value of the column: lines, net revenue, distinct customers",
        Formula::TicketsBy => "tickets the filter selects per value of the column: tickets, still open, CSAT of the rated ones, median resolution hours",
        Formula::SnapshotBy => "customers per value of the column: customers, active, churned, churn rate = churned / (active + churned)",
        Formula::ResponsesBy => "campaign contacts per value of the column: contacts, response rate, conversion rate, revenue per contact",
        Formula::CustomerRevenue => "net revenue of this customer's completed order lines in the period",
        Formula::CustomerOrders => "this customer's distinct orders in the period",
        Formula::CustomerAov => "this customer's net revenue / orders in the period",
        Formula::CustomerRfm => "scores 1–5 by rank among the customers with an order in the period (R: recency, F: orders, M: net revenue); the segment follows from R and (F + M) / 2; ABC: A while the customers ranked before hold under 80 % of revenue, B under 95 %, C the rest",
        Formula::CustomerValueV => "Vᵢ = Pᵢ × Qᵢ × Rᵢ: this customer's net revenue in the period (Σ price × quantity) × their orders in the period",
        Formula::CustomerPAlive => "probability that the customer still buys, from the BG/NBD model fitted on every customer's purchase days up to as_of; the loyalty index's weight Wᵢ",
        Formula::CustomerSatisfaction => "the satisfaction index's weight Wᵢ on a 0–100 scale: the mean (CSAT − 1) / 4 of the customer's rated tickets, else their mean NPS / 10",
        Formula::CustomerClv => "CLV = Σ over the months k of the horizon of expected purchases in month k (BG/NBD) × expected value per purchase (Gamma-Gamma) / (1 + d)^k",
        Formula::CustomerRecords => "the customer's records of this kind that the filter keeps in its period",
        Formula::ImportChanges => "the rows of this line of what the import changed, compared with the data before it; the filter does not apply",
    }
}

/// The words of a parameter's name or value (the core's [`Term`]).
fn term(t: Term) -> &'static str {
    match t {
        Term::AsOf => "as of",
        Term::From => "from",
        Term::To => "to",
        Term::End => "end",
        Term::ChurnWindowDays => "window W (days)",
        Term::PredictionDays => "prediction (days)",
        Term::ClvMonths => "CLV horizon (months)",
        Term::DiscountRate => "monthly discount rate d",
        Term::Probabilities => "probabilities",
        Term::ClosedDeals => "closed deals",
        Term::MinClosedDeals => "minimum closed deals to learn from",
        Term::HorizonMonths => "horizon (months)",
        Term::BacktestMonths => "backtest (months)",
        Term::Scale => "scale",
        Term::RevenueDuring => "S1, revenue during",
        Term::RevenueBefore => "S0, revenue before",
        Term::OutsidePeriod => "left out (dated outside the period)",
        Term::LeftOut => "left out",
        Term::DatedWithoutOpening => "dated without an opening time",
        Term::SegmentOwnerFilters => "segment and owner filters",
        Term::OwnerFilter => "owner filter",
        Term::Model => "model",
        Term::BgNbd => "BG/NBD",
        Term::GammaGamma => "Gamma-Gamma",
        Term::Converged => "converged",
        Term::Customers => "customers",
        Term::DistinctTriples => "distinct (x, t_x, T)",
        Term::DistinctPairs => "distinct (x, m)",
        Term::LogLikelihood => "log-likelihood",
        Term::AtRiskBelow => "P(alive) below",
        Term::RfmBins => "scores per letter",
        Term::Column => "column",
        Term::Learned => "learned",
        Term::DefaultProbabilities => "default",
        Term::LogScale => "log (multiplicative)",
        Term::Additive => "additive",
        Term::NotAppliedToContacts => "not applied: contacts are selected by period and channel",
        Term::CampaignsHaveNoOwner => "not applicable: campaigns have no owner",
        Term::TicketsHaveNoOwner => "not applicable: tickets have no owner",
        Term::NotFittedYet => "not fitted yet",
        Term::TooFewRepeaters => "not fitted: too few customers with repeat purchases",
        Term::Group => "element",
        Term::MonthsSince => "months since",
        Term::Segment => "segment",
        Term::Channel => "channel",
        Term::Owner => "owner",
        Term::Pick => "picked",
        Term::CustomerId => "customer",
        Term::Files => "files",
    }
}

/// What is damaged in the stored data or a file, in English.
fn damaged(d: &Damaged) -> String {
    match d {
        Damaged::Data(d) => damage(d),
        Damaged::NotRapport => "this is not Rapport data".into(),
        Damaged::LockRecord => "the lock record is damaged or missing".into(),
        Damaged::Unopenable => "a sealed value does not open".into(),
        Damaged::NotSealed => "it is not a sealed backup".into(),
        Damaged::UndoList(_) => "the list of changes to undo is damaged".into(),
        Damaged::Generation => "the save counter is damaged or stands alone".into(),
        Damaged::Missing(_) => "a kept version is missing".into(),
        Damaged::Parts(_) => "a value stored in parts is incomplete".into(),
    }
}

/// What is damaged in stored bytes (the codec's reason), in English.
fn damage(d: &Damage) -> String {
    let kind = |k| (TEXTS.data.kind_name)(k);
    match d {
        Damage::CutShort => "it is cut short".into(),
        Damage::FormatVersionZero => "its format version is 0, which no Rapport writes".into(),
        Damage::Length { expected, found } => {
            format!("it should hold {expected} bytes of data but holds {found}")
        }
        Damage::ExtraBytes(n) => format!("{n} bytes too many"),
        Damage::Checksum => {
            "a checksum does not match: the bytes changed after they were written".into()
        }
        Damage::Inconsistent(_) => "its parts do not fit together".into(),
        Damage::Undecodable(_) => "a part does not read".into(),
        Damage::Strings(_) => "its table of texts is damaged".into(),
        Damage::Records(e) => match *e {
            CheckError::UnknownText { kind: k, .. } => {
                format!("{}: a record names a text that does not exist", kind(k))
            }
            CheckError::ExtraValues { kind: k } => {
                format!("{}: the extra columns do not fit the records", kind(k))
            }
            CheckError::LookupName { kind: k } => {
                format!("{}: a lookup's name does not exist", kind(k))
            }
            CheckError::HistoryRows { kind: k } => {
                format!(
                    "{}: the import history lists a record that does not exist",
                    kind(k)
                )
            }
            CheckError::DateOutOfRange { kind: k } => {
                format!("{}: a date lies outside the years 0–9999", kind(k))
            }
        },
        Damage::Preferences(_) => "its preferences do not read".into(),
    }
}
