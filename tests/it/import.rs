//! The CSV import pipeline: decode, sniff, map, parse, validate, merge, undo.
//! Fixtures live in `tests/fixtures/import/` (the encoded ones were written with Python's
//! codecs: GBK, UTF-16LE with BOM, Windows-1252).

use rapport::core::import::{
    analyze, cells, check_text, decode, decode_utf8, issues_csv, merge, normalize_stage,
    order_status, parse, parse_bool, parse_date, parse_excel_serial, parse_number, read,
    satisfaction_word, template_csv, text_of, transcode, Analysis, Analyzer, DateOrder, DecimalSep,
    Field, Flow, ImportError, IssueKind, MergePolicy, NoProgress, ParseOptions, Parsed, Parser,
    Severity, TextEncoding, Utf8, ValueType,
};
use rapport::core::model::{Dataset, Day, DealOutcome, Kind, Money, OrderStatus, Sym, Timestamp};
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `analyze` + `parse` with the automatic analysis; checks that `read` gives the same.
fn import(name: &str, bytes: &[u8]) -> (Analysis, Parsed) {
    let analysis = analyze(name, bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"));
    let parsed = parse(&analysis, bytes, &ParseOptions::default(), &mut NoProgress);
    let once = read(name, bytes, None, &ParseOptions::default());
    assert!(
        once == Ok((analysis.clone(), parsed.clone())),
        "{name}: read differs"
    );
    (analysis, parsed)
}

/// `field <- header` pairs of the mapping, in field order.
fn mapping(a: &Analysis) -> Vec<String> {
    a.mapping
        .pairs()
        .into_iter()
        .map(|(f, c)| format!("{} <- {}", f.name(), a.headers[c]))
        .collect()
}

/// `line severity kind column` of every issue.
fn issues(p: &Parsed) -> Vec<String> {
    p.issues
        .iter()
        .map(|i| {
            format!(
                "{} {} {} {}",
                i.line.map_or("-".into(), |l| l.to_string()),
                i.severity.as_str(),
                i.kind.as_str(),
                i.column
            )
        })
        .collect()
}

fn s(p: &Parsed, sym: Sym) -> &str {
    p.data.str(sym)
}

fn day(iso: &str) -> Day {
    let (y, rest) = iso.split_at(4);
    let m: u32 = rest[1..3].parse().unwrap();
    let d: u32 = rest[4..6].parse().unwrap();
    Day::from_ymd(y.parse().unwrap(), m, d).unwrap()
}

fn at(iso: &str, h: i64, m: i64, sec: i64) -> Timestamp {
    Timestamp(Timestamp::at_midnight(day(iso)).0 + h * 3600 + m * 60 + sec)
}

// ---------------------------------------------------------------- decode

#[test]
fn gbk_file_is_detected_and_decoded() {
    let (a, p) = import("gbk_customers.csv", &fixture("gbk_customers.csv"));
    assert_eq!(a.encoding.name(), "GBK");
    assert_eq!(a.kind, Kind::Customers);
    assert_eq!(
        mapping(&a),
        [
            "id <- 客户ID",
            "name <- 姓名",
            "phone <- 手机",
            "gender <- 性别",
            "city <- 城市",
            "signup_date <- 注册日期",
        ]
    );
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let c = &p.data.customers.rows;
    let names: Vec<&str> = c.iter().map(|c| s(&p, c.name)).collect();
    assert_eq!(names, ["张三", "李四", "王五客户"]);
    // Ids and phones stay text, leading zeros kept.
    assert_eq!(s(&p, c[0].id), "001");
    assert_eq!(s(&p, c[0].phone), "013800138000");
    assert_eq!(s(&p, c[2].phone), "+86 139 0000 0001");
    assert_eq!(c[0].signup, Some(day("2024-03-05")));
    assert_eq!(c[1].signup, Some(day("2024-12-25")));
}

#[test]
fn utf16le_tab_separated_file_is_read() {
    let (a, p) = import("utf16le_orders.txt", &fixture("utf16le_orders.txt"));
    assert_eq!(a.encoding.label(), "UTF-16LE (BOM)");
    assert_eq!(a.delimiter, b'\t');
    assert_eq!(a.kind, Kind::Orders);
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let o = &p.data.orders.rows;
    assert_eq!(s(&p, o[0].product), "茶叶");
    assert_eq!(s(&p, o[1].product), "Café crème");
    assert_eq!(o[0].unit_price, Some(Money(10_005_000)));
    assert_eq!(o[0].amount, Money::from_cents(200_100));
    assert_eq!(o[0].quantity, 2.0);
}

#[test]
fn windows_1252_accents_are_not_garbled() {
    let (a, p) = import("cp1252_customers.csv", &fixture("cp1252_customers.csv"));
    assert_eq!(a.encoding.name(), "windows-1252");
    let names: Vec<&str> = p
        .data
        .customers
        .rows
        .iter()
        .map(|c| s(&p, c.name))
        .collect();
    assert_eq!(names, ["José Müller", "Zoë Ñúñez", "François Côté"]);
    assert_eq!(s(&p, p.data.customers.rows[1].city), "Málaga");
    assert_eq!(s(&p, p.data.customers.rows[2].segment), "Société");
}

#[test]
fn utf16_without_bom_and_utf8_with_bom() {
    let text = "id,name\n1,Zoë\n";
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let (a, p) = import("be.csv", &be);
    assert_eq!(a.encoding.label(), "UTF-16BE");
    assert_eq!(s(&p, p.data.customers.rows[0].name), "Zoë");

    let bom = "\u{feff}id,name\n1,Zoë\n".as_bytes();
    let (a, p) = import("bom.csv", bom);
    assert_eq!(a.encoding.label(), "UTF-8 (BOM)");
    assert_eq!(a.headers, ["id", "name"]);
    assert_eq!(s(&p, p.data.customers.rows[0].id), "1");
}

/// The web page decodes in two steps (`decode_utf8` in its module; any other file's
/// `transcode` in its worker, then `check_text`): the same text, encoding, replacements and
/// refusals as `decode`, on every fixture and on bytes made for each of `decode`'s ways.
#[test]
fn the_pages_two_step_decoding_is_decode() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut cases: Vec<Vec<u8>> = (std::fs::read_dir(&dir).unwrap())
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let utf16 = |text: &str, bom: &[u8]| -> Vec<u8> {
        let units = text.encode_utf16().flat_map(u16::to_le_bytes);
        bom.iter().copied().chain(units).collect()
    };
    let mostly = ["name\nZoë Zoë Zoë Zoë ".as_bytes(), b"\xFF\n"].concat();
    cases.extend([
        b"\xEF\xBB\xBFid,name\n1,Zo\xC3\xAB\n".to_vec(),
        b"\xEF\xBB\xBFid,name\n1,Zo\xEB\n".to_vec(),
        mostly,
        utf16("id,name\n1,Zoë\n", b"\xFF\xFE"),
        utf16("id,name\n1,Zoë\n", b""),
        utf16("   \n ", b"\xFF\xFE"),
        utf16("\u{1}\u{2}\u{3}\u{4}\u{5}", b"\xFF\xFE"),
        b"\xEF\xBB\xBF  \n".to_vec(),
        "\u{1}\u{2}\u{3}\u{4}x".into(),
        b"id,name\n1,Jos\xE9\n2,Zo\xEB\n".to_vec(),
        b" \n\t ".to_vec(),
        b"PK\x03\x04rest".to_vec(),
        b"id\x00name\n".to_vec(),
        Vec::new(),
    ]);
    for bytes in cases {
        let whole = decode(&bytes).map(|d| (d.text.into_owned(), d.encoding, d.replaced));
        let (split, here) = match decode_utf8(bytes.clone()) {
            Err(e) => (Err(e), true),
            Ok(Utf8::Text(d)) => (Ok((d.text.into_owned(), d.encoding, d.replaced)), true),
            Ok(Utf8::Other(back)) => {
                assert_eq!(back, bytes, "the bytes come back as they were");
                let d = transcode(&back);
                let checked = check_text(&d.text);
                (
                    checked.map(|()| (d.text.into_owned(), d.encoding, d.replaced)),
                    false,
                )
            }
        };
        assert_eq!(split, whole, "{:?}", String::from_utf8_lossy(&bytes));
        if let Ok((_, encoding, replaced)) = whole {
            // The page's module decodes UTF-8 only, and names what the worker read.
            assert_eq!(here, encoding.name() == "UTF-8" && !replaced);
            assert_eq!(
                TextEncoding::named(encoding.name(), encoding.bom),
                Some(encoding)
            );
        }
    }
}

#[test]
fn whole_file_failures_are_import_errors() {
    let check = |bytes: &[u8], expected: ImportError| {
        assert_eq!(
            analyze("x.csv", bytes, None).unwrap_err(),
            expected,
            "{bytes:?}"
        );
    };
    check(b"", ImportError::Empty);
    check(b" \r\n\n ", ImportError::Empty);
    check(
        b"PK\x03\x04\x14\x00\x06\x00",
        ImportError::Binary {
            what: "an Excel workbook (.xlsx) or another zip archive; save it as CSV",
        },
    );
    check(
        b"id,name\n\x00\x01\x02\x03",
        ImportError::Binary {
            what: "binary data",
        },
    );
    check(b"2024-01-01,5.00\n2024-01-02,6.00\n", ImportError::NoHeader);
    check(
        b"1,ann@example.com,Paris\n2,bob@example.com,Rome\n",
        ImportError::NoHeader,
    );
}

// ---------------------------------------------------------------- sniff and cells

#[test]
fn delimiters_quotes_and_line_endings() {
    let check = |input: &str, delimiter: u8, expected: &[&[&str]]| {
        let a = analyze("t.csv", input.as_bytes(), None).unwrap();
        assert_eq!(a.delimiter, delimiter, "{input:?}");
        let rows = cells(&a, input.as_bytes());
        let expected: Vec<Vec<String>> = expected
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(rows, expected, "{input:?}");
        assert_eq!(a.row_count, expected.len() as u64);
    };
    check(
        "id,name\n1,Ann\n2,Bob\n",
        b',',
        &[&["1", "Ann"], &["2", "Bob"]],
    );
    check(
        "id;name\r\n1;Ann\r\n2;Bob",
        b';',
        &[&["1", "Ann"], &["2", "Bob"]],
    );
    check(
        "id\tname\r1\tAnn\r2\tBob\r",
        b'\t',
        &[&["1", "Ann"], &["2", "Bob"]],
    );
    check("id|name\n1|Ann\n", b'|', &[&["1", "Ann"]]);
    // Quoted delimiters, doubled quotes, newlines inside quotes.
    check(
        "id,name,note\n1,\"Smith, Ann\",\"said \"\"hi\"\"\"\n2,Bob,\"two\nlines\"\n",
        b',',
        &[
            &["1", "Smith, Ann", "said \"hi\""],
            &["2", "Bob", "two\nlines"],
        ],
    );
    // Semicolons win over the commas inside decimal-comma numbers.
    check(
        "id;amount;note\n1;1,50;a\n2;2,75;b\n",
        b';',
        &[&["1", "1,50", "a"], &["2", "2,75", "b"]],
    );
}

#[test]
fn quoted_newlines_keep_physical_line_numbers() {
    let (a, p) = import("quoted_newlines.csv", &fixture("quoted_newlines.csv"));
    assert_eq!(a.kind, Kind::Tickets);
    assert_eq!(p.rows_read, 3);
    // Row 2 starts on physical line 4 (row 1's description spans lines 2–3).
    assert_eq!(issues(&p), ["4 error out_of_range satisfaction"]);
    assert_eq!(p.issues[0].value, "9");
    let t = &p.data.tickets;
    assert_eq!(t.len(), 2);
    let extras: Vec<(&str, &str)> = t
        .extras(0)
        .map(|(c, v)| (p.data.str(c), p.data.str(v)))
        .collect();
    assert_eq!(
        extras,
        [
            ("subject", "Login, again"),
            (
                "description",
                "Cannot log in.\nTried twice, said \"error 42\"."
            ),
        ]
    );
    assert_eq!(t.rows[1].opened, Some(at("2024-03-03", 11, 0, 0)));
}

#[test]
fn lone_cr_and_preamble_line_numbers() {
    let (a, p) = import("lone_cr.csv", &fixture("lone_cr.csv"));
    assert_eq!(a.row_count, 3);
    assert_eq!(issues(&p), ["4 error bad_date signup_date"]);

    let (a, p) = import("preamble_campaigns.csv", &fixture("preamble_campaigns.csv"));
    assert_eq!((a.delimiter, a.header_line), (b';', 4));
    assert_eq!(issues(&p), ["- warning preamble "]);
    let c = &p.data.campaigns.rows;
    assert_eq!(c[0].cost, Money::from_units(1500));
    assert_eq!(c[1].cost, Money::from_cents(200_050));
    // `1.200` follows the file's decimal comma: twelve hundred clicks.
    assert_eq!((c[0].clicks, c[1].clicks), (Some(1200), Some(3456)));
}

// ---------------------------------------------------------------- kind and mapping

/// Headers (with one data row) → kind and the `field <- header` pairs.
fn check_mapping(csv: &str, kind: Kind, expected: &[&str]) {
    let a = analyze("upload.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(a.kind, kind, "{csv}\nscores {:?}", a.kind_scores);
    assert_eq!(mapping(&a), expected, "{csv}");
}

#[test]
fn bench_generator_columns_map_perfectly() {
    check_mapping(
        "customer_id,name,email,gender,age,city,signup_date,segment\n\
         1,Ines Campbell,ines.campbell1@inbox.test,M,30,New York,2020-07-01,Enterprise\n",
        Kind::Customers,
        &[
            "id <- customer_id",
            "name <- name",
            "email <- email",
            "gender <- gender",
            "age <- age",
            "city <- city",
            "segment <- segment",
            "signup_date <- signup_date",
        ],
    );
    check_mapping(
        "order_id,customer_id,order_date,product,category,unit_price,quantity,channel\n\
         1,179,2022-01-02,Data Science Handbook,Books,12.39,1,mobile\n",
        Kind::Orders,
        &[
            "id <- order_id",
            "customer_id <- customer_id",
            "order_date <- order_date",
            "product <- product",
            "category <- category",
            "quantity <- quantity",
            "unit_price <- unit_price",
            "channel <- channel",
        ],
    );
    check_mapping(
        "deal_id,customer_id,owner,stage,amount,created_date,closed_date\n\
         2,349,Chen Wei,won,8166.05,2022-01-01,2022-01-18\n",
        Kind::Deals,
        &[
            "id <- deal_id",
            "customer_id <- customer_id",
            "owner <- owner",
            "stage <- stage",
            "amount <- amount",
            "created_date <- created_date",
            "closed_date <- closed_date",
        ],
    );
    check_mapping(
        "ticket_id,customer_id,opened_at,first_response_at,resolved_at,issue_type,satisfaction\n\
         1,779,2022-01-11 09:14:53,2022-01-11 09:34:22,2022-01-11 14:32:37,billing,4\n",
        Kind::Tickets,
        &[
            "id <- ticket_id",
            "customer_id <- customer_id",
            "opened_at <- opened_at",
            "first_response_at <- first_response_at",
            "resolved_at <- resolved_at",
            "issue_type <- issue_type",
            "satisfaction <- satisfaction",
        ],
    );
    check_mapping(
        "campaign_id,name,channel,start_date,end_date,cost,attributed_revenue,attributed_leads\n\
         1,Back to School 2022 - affiliate #1,affiliate,2022-01-12,2022-01-28,7800.36,30179.62,122\n",
        Kind::Campaigns,
        &[
            "id <- campaign_id",
            "name <- name",
            "channel <- channel",
            "start_date <- start_date",
            "end_date <- end_date",
            "cost <- cost",
            "leads <- attributed_leads",
            "revenue <- attributed_revenue",
        ],
    );
}

#[test]
fn real_export_headers_map() {
    // Maven "CRM Sales Opportunities" pipeline.
    check_mapping(
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n\
         1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\n",
        Kind::Deals,
        &[
            "id <- opportunity_id",
            "customer_name <- account",
            "owner <- sales_agent",
            "stage <- deal_stage",
            "amount <- close_value",
            "created_date <- engage_date",
            "close_date <- close_date",
        ],
    );
    // IBM Telco churn.
    check_mapping(
        "customerID,gender,SeniorCitizen,tenure,Contract,MonthlyCharges,TotalCharges,Churn\n\
         7590-VHVEG,Female,0,1,Month-to-month,29.85,29.85,No\n",
        Kind::Customers,
        &[
            "id <- customerID",
            "gender <- gender",
            "churned <- Churn",
            "tenure_months <- tenure",
            "monthly_charges <- MonthlyCharges",
            "total_charges <- TotalCharges",
        ],
    );
    // Kaggle customer support tickets.
    check_mapping(
        "Ticket ID,Customer Name,Customer Email,Customer Age,Ticket Type,Ticket Status,\
         Ticket Priority,Ticket Channel,First Response Time,Time to Resolution,\
         Customer Satisfaction Rating\n\
         3,Christopher Robbins,gonzalestracy@example.com,48,Technical issue,Closed,Low,\
         Social media,2023-06-01 11:14:38,2023-06-01 18:05:38,3.0\n",
        Kind::Tickets,
        &[
            "id <- Ticket ID",
            "customer_email <- Customer Email",
            "customer_name <- Customer Name",
            "first_response_at <- First Response Time",
            "resolved_at <- Time to Resolution",
            "channel <- Ticket Channel",
            "issue_type <- Ticket Type",
            "priority <- Ticket Priority",
            "status <- Ticket Status",
            "satisfaction <- Customer Satisfaction Rating",
        ],
    );
}

#[test]
fn crm_export_headers_map() {
    let a = analyze("contacts.csv", &fixture("hubspot_contacts.csv"), None).unwrap();
    assert_eq!(a.kind, Kind::Customers);
    assert_eq!(
        mapping(&a),
        [
            "id <- Record ID",
            "first_name <- First Name",
            "last_name <- Last Name",
            "email <- Email",
            "phone <- Phone Number",
            "city <- City",
            "region <- State/Region",
            "country <- Country/Region",
            "signup_date <- Create Date",
            "channel <- Original Source",
            "owner <- Contact owner",
            "status <- Lifecycle Stage",
        ]
    );
    let a = analyze("x.csv", &fixture("pipedrive_deals.csv"), None).unwrap();
    assert_eq!(a.kind, Kind::Deals);
    assert_eq!(
        mapping(&a),
        [
            "id <- Deal - ID",
            "customer_email <- Person - Email (Work)",
            "customer_name <- Organization - Name",
            "title <- Deal - Title",
            "owner <- Deal - Owner",
            "stage <- Deal - Stage",
            "deal_status <- Deal - Status",
            "amount <- Deal - Value",
            "expected_close_date <- Deal - Expected close date",
            "closed_date <- Deal - Won time",
            "lost_reason <- Deal - Lost reason",
        ]
    );
    let extras: Vec<&str> = a
        .mapping
        .extra_columns()
        .into_iter()
        .map(|c| a.headers[c].as_str())
        .collect();
    assert_eq!(extras, ["Deal - Currency", "Person - Name"]);
    let a = analyze("x.csv", &fixture("salesforce_opportunities.csv"), None).unwrap();
    assert_eq!(a.kind, Kind::Deals);
    assert_eq!(
        mapping(&a),
        [
            "id <- Opportunity ID",
            "customer_name <- Account Name",
            "title <- Opportunity Name",
            "owner <- Opportunity Owner",
            "stage <- Stage",
            "amount <- Amount",
            "probability <- Probability (%)",
            "created_date <- Created Date",
            "close_date <- Close Date",
        ]
    );
    let a = analyze("x.csv", &fixture("zendesk_tickets.csv"), None).unwrap();
    assert_eq!(a.kind, Kind::Tickets);
    assert_eq!(
        mapping(&a),
        [
            "id <- Id",
            "customer_email <- Requester email",
            "customer_name <- Requester",
            "opened_at <- Created at",
            "resolved_at <- Solved at",
            "first_response_minutes <- First reply time in minutes",
            "resolution_minutes <- Full resolution time in minutes",
            "channel <- Via",
            "issue_type <- Ticket type",
            "priority <- Priority",
            "status <- Status",
            "satisfaction <- Satisfaction Score",
        ]
    );
}

#[test]
fn chinese_headers_map() {
    check_mapping(
        "订单号,客户ID,下单时间,商品名称,品类,数量,单价,销售额,订单状态\n\
         1,001,2024-03-05,绿茶,饮品,1,10,10,已完成\n",
        Kind::Orders,
        &[
            "id <- 订单号",
            "customer_id <- 客户ID",
            "order_date <- 下单时间",
            "product <- 商品名称",
            "category <- 品类",
            "quantity <- 数量",
            "unit_price <- 单价",
            "amount <- 销售额",
            "status <- 订单状态",
        ],
    );
    check_mapping(
        "工单号,客户ID,创建时间,优先级,满意度\nT1,001,2024-03-05 10:00,高,5\n",
        Kind::Tickets,
        &[
            "id <- 工单号",
            "customer_id <- 客户ID",
            "opened_at <- 创建时间",
            "priority <- 优先级",
            "satisfaction <- 满意度",
        ],
    );
    check_mapping(
        "商机名称,客户名称,阶段,金额,预计成交日期\n续约,甲公司,赢单,5000,2024-06-30\n",
        Kind::Deals,
        &[
            "customer_name <- 客户名称",
            "title <- 商机名称",
            "stage <- 阶段",
            "amount <- 金额",
            "expected_close_date <- 预计成交日期",
        ],
    );
}

#[test]
fn columns_whose_values_do_not_fit_stay_extra() {
    // "created" holds free text here: not a date field.
    let csv = "customer_id,name,created\n1,Ann,by import\n2,Bob,by hand\n";
    let a = analyze("c.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(mapping(&a), ["id <- customer_id", "name <- name"]);
    assert_eq!(a.mapping.extra_columns(), [2]);
}

#[test]
fn mapping_is_editable() {
    let bytes = fixture("quoted_newlines.csv");
    let mut a = analyze("q.csv", &bytes, None).unwrap();
    let subject = a.headers.iter().position(|h| h == "subject").unwrap();
    a.assign(Field::IssueType, Some(subject));
    a.assign(Field::Csat, None);
    assert_eq!(a.mapping.column_of(Field::IssueType), Some(subject));
    let p = parse(&a, &bytes, &ParseOptions::default(), &mut NoProgress);
    // Without the satisfaction mapping, row 2 imports; the column is kept as text.
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    assert_eq!(s(&p, p.data.tickets.rows[0].issue_type), "Login, again");
    let extra = p.data.tickets.extra_columns.iter().map(|c| p.data.str(*c));
    assert_eq!(extra.collect::<Vec<_>>(), ["description", "satisfaction"]);
    // A remembered mapping for this header set can be applied whole; a mapping for another
    // number of columns is ignored.
    let remembered = a.mapping.clone();
    let mut other = a.clone();
    other.set_kind(Kind::Orders);
    other.set_mapping(remembered.clone());
    assert_eq!((other.kind, &other.mapping), (Kind::Tickets, &remembered));
    let mut short = remembered.clone();
    short.columns.pop();
    other.set_mapping(short);
    assert_eq!(other.mapping, remembered);
    // Changing the kind remaps automatically.
    a.set_kind(Kind::Customers);
    assert_eq!(a.kind, Kind::Customers);
    assert_eq!(
        a.mapping.column_of(Field::Id),
        Some(1),
        "customer_id is the id"
    );
}

#[test]
fn fields_are_found_by_their_names() {
    // Every field of a kind is found again by its canonical name (the template's header).
    for kind in Kind::ALL {
        for &field in Field::of(kind) {
            assert_eq!(
                Field::from_name(kind, field.name()),
                Some(field),
                "{kind:?}"
            );
        }
    }
    assert_eq!(
        Field::from_name(Kind::Orders, "order_date"),
        Some(Field::Date)
    );
    assert_eq!(
        Field::from_name(Kind::Tickets, "satisfaction"),
        Some(Field::Csat)
    );
    // Only the kind's own fields, by their exact names.
    assert_eq!(Field::from_name(Kind::Customers, "order_date"), None);
    assert_eq!(Field::from_name(Kind::Deals, "Stage"), None);
    // The orders differ between kinds: an order's channel after its amount, a deal's owner
    // before it.
    let position = |kind: Kind, field: Field| Field::of(kind).iter().position(|f| *f == field);
    assert!(position(Kind::Orders, Field::Channel) > position(Kind::Orders, Field::Amount));
    assert!(position(Kind::Deals, Field::Owner) < position(Kind::Deals, Field::Amount));
    assert_eq!(Field::Opened.value_type(), ValueType::DateTime);
    assert_eq!(Field::Discount.value_type(), ValueType::Money);
}

// ---------------------------------------------------------------- values

#[test]
fn dates_in_many_shapes() {
    use DateOrder::{DayFirst as D, MonthFirst as M};
    let check = |input: &str, order: DateOrder, expected: Option<(&str, Option<u32>)>| {
        let got = parse_date(input, order).map(|d| (Day(d.day).iso(), d.secs));
        let expected = expected.map(|(iso, secs)| (iso.to_string(), secs));
        assert_eq!(got, expected, "{input:?} {order:?}");
    };
    check("2024-03-05", D, Some(("2024-03-05", None)));
    check("2024/3/5", M, Some(("2024-03-05", None)));
    check("2024.03.05", D, Some(("2024-03-05", None)));
    check("20240305", D, Some(("2024-03-05", None)));
    check("05/03/2024", D, Some(("2024-03-05", None)));
    check("05/03/2024", M, Some(("2024-05-03", None)));
    check("5.3.24", D, Some(("2024-03-05", None)));
    check("3-5-99", M, Some(("1999-03-05", None)));
    check("5 Mar 2024", M, Some(("2024-03-05", None)));
    check("Mar 5, 2024", D, Some(("2024-03-05", None)));
    check("March 5 2024", D, Some(("2024-03-05", None)));
    check("05-Mar-2024", D, Some(("2024-03-05", None)));
    check("Tue, 05 Mar 2024", D, Some(("2024-03-05", None)));
    check("2024年3月5日", D, Some(("2024-03-05", None)));
    check("2024-03-05 14:30:15", D, Some(("2024-03-05", Some(52_215))));
    check(
        "2024-03-05T14:30:15.250Z",
        D,
        Some(("2024-03-05", Some(52_215))),
    );
    check(
        "2024-03-05T14:30+01:00",
        D,
        Some(("2024-03-05", Some(52_200))),
    );
    check("3/5/2024 2:30 PM", M, Some(("2024-03-05", Some(52_200))));
    check("3/5/2024 12:05 am", M, Some(("2024-03-05", Some(300))));
    check("2024年3月5日 08:00", D, Some(("2024-03-05", Some(28_800))));
    check("29/02/2024", D, Some(("2024-02-29", None)));
    check("29/02/2023", D, None);
    check("2024-13-01", D, None);
    check("13/13/2024", D, None);
    check("12.50", D, None);
    check("555-010-2000", D, None);
    check("next tuesday", D, None);
    check("2024-03", D, None);
    check("", D, None);
    // Excel serial days (1899-12-30 based).
    let serial = |t: &str| parse_excel_serial(t).map(|d| (Day(d.day).iso(), d.secs));
    assert_eq!(serial("45356"), Some(("2024-03-05".into(), None)));
    assert_eq!(
        serial("45356.75"),
        Some(("2024-03-05".into(), Some(64_800)))
    );
    assert_eq!(serial("2024"), None);
}

#[test]
fn numbers_are_exact() {
    use DecimalSep::{Comma as C, Dot as P};
    let check = |input: &str, dec: DecimalSep, expected: Option<i64>| {
        let got = parse_number(input, dec).ok().map(|n| n.scaled);
        assert_eq!(got, expected, "{input:?} {dec:?}");
    };
    check("12.34", P, Some(123_400));
    check("1,234.56", P, Some(12_345_600));
    check("1.234,56", C, Some(12_345_600));
    check("1 234,56", C, Some(12_345_600));
    check("1\u{a0}234,56", C, Some(12_345_600));
    check("1'234.50", P, Some(12_345_000));
    check("$1,234.50", P, Some(12_345_000));
    check("-$5.00", P, Some(-50_000));
    check("$-5.00", P, Some(-50_000));
    check("(12.00)", P, Some(-120_000));
    check("€ 4,99", C, Some(49_900));
    check("4,99 €", C, Some(49_900));
    check("¥1,000", P, Some(10_000_000));
    check("￥88", P, Some(880_000));
    check("100元", P, Some(1_000_000));
    check("£0.5", P, Some(5_000));
    check(" 3 ", P, Some(30_000));
    check("15%", P, Some(150_000));
    check("0.1 + 0.2", P, None);
    check("1,23,4", P, None);
    check("12,5", P, None);
    check("1.2.3", C, None);
    check("abc", P, None);
    check("", P, None);
    check("-", P, None);
    check("99999999999999999999", P, None);
    // The largest amount there is room for (i64 at 4 decimals), and one cent more.
    check("922337203685477.5807", P, Some(i64::MAX));
    check("-922337203685477.5807", P, Some(-i64::MAX));
    check("922,337,203,685,477.58", P, Some(9_223_372_036_854_775_800));
    check("922337203685477.5808", P, None);
    check("922337203685478", P, None);
    check("9223372036854775807", P, None);
    check("9223372036854775808", P, None);
    // Too large is told apart from not a number, however long.
    let reason = |input: &str| parse_number(input, P).unwrap_err().reason();
    assert_eq!(
        reason("9223372036854775807"),
        reason("99999999999999999999")
    );
    assert_ne!(reason("9223372036854775807"), reason("12x"));
    assert_eq!(reason("922337203685477x"), reason("12x"));
    // Never through f64: ten cents ten times is exactly one unit.
    let tenth = parse_number("0.10", P).unwrap().money();
    assert_eq!((0..10).map(|_| tenth).sum::<Money>(), Money::from_units(1));
    // Beyond four decimals: rounded half away from zero, and flagged.
    let n = parse_number("0.123456", P).unwrap();
    assert_eq!((n.scaled, n.rounded), (1_235, true));
    let n = parse_number("-0.00005", P).unwrap();
    assert_eq!((n.scaled, n.rounded), (-1, true));
}

proptest::proptest! {
    /// The shortcut for plain numbers (`46.44`, `20706`) reads every text as the general
    /// path does: strings of digits and separators, with and without signs and spaces.
    #[test]
    fn plain_numbers_read_as_the_general_path(
        text in "[-+ ]?[0-9]{0,17}([.,][0-9]{0,6})?[.,0-9 %]{0,2}",
        comma in proptest::bool::ANY,
    ) {
        let dec = if comma { DecimalSep::Comma } else { DecimalSep::Dot };
        proptest::prop_assert_eq!(
            parse_number(&text, dec),
            rapport::core::import::parse_number_general(&text, dec)
        );
    }
}

#[test]
fn customer_references_keep_their_text_and_their_identity() {
    // Integer ids take a shortcut in the order file's customer column; the text that is not
    // a plain integer (leading zeros, letters, too large) goes the usual way.
    let ids = [
        "7",
        "007",
        "07",
        "7",
        "0",
        "2097151",
        "2097152",
        "2097151",
        "99999999999",
        "C-1",
        "70",
        " 7 ",
        "C-1",
        "18446744073709551616",
        "0",
        "1",
    ];
    let mut csv = String::from("order_id,customer_id,order_date,amount\n");
    for (i, id) in ids.iter().enumerate() {
        csv += &format!("O{i},\"{id}\",2024-01-{:02},1.00\n", i + 1);
    }
    let (_, p) = import("orders.csv", csv.as_bytes());
    let orders = &p.data.orders.rows;
    assert_eq!(orders.len(), ids.len(), "{:?}", issues(&p));
    for (o, id) in orders.iter().zip(ids) {
        assert_eq!(s(&p, o.customer), id.trim());
    }
    for (i, a) in ids.iter().enumerate() {
        for (j, b) in ids.iter().enumerate() {
            let same = orders[i].customer == orders[j].customer;
            assert_eq!(same, a.trim() == b.trim(), "{a:?} {b:?}");
        }
    }
    // In a deals file whose own ids (interned the usual way) look like customer ids: one
    // symbol per text, whichever way it came in.
    let mut csv = String::from("deal_id,customer_id,stage,amount\n");
    for (i, id) in ids.iter().enumerate() {
        csv += &format!("{i},\"{id}\",won,1.00\n");
    }
    let (_, p) = import("deals.csv", csv.as_bytes());
    let deals = &p.data.deals.rows;
    assert_eq!(deals.len(), ids.len(), "{:?}", issues(&p));
    for (d, id) in deals.iter().zip(ids) {
        assert_eq!(s(&p, d.customer), id.trim());
        for e in deals {
            assert_eq!(d.customer == e.id, id.trim() == s(&p, e.id));
        }
    }
}

#[test]
fn booleans_stages_and_statuses() {
    for (input, expected) in [
        ("yes", Some(true)),
        ("Y", Some(true)),
        ("TRUE", Some(true)),
        ("1", Some(true)),
        ("是", Some(true)),
        ("no", Some(false)),
        ("False", Some(false)),
        ("0", Some(false)),
        ("否", Some(false)),
        ("maybe", None),
    ] {
        assert_eq!(parse_bool(input), expected, "{input}");
    }
    for (input, name, outcome) in [
        ("closedwon", "Closed Won", DealOutcome::Won),
        ("Closed Won", "Closed Won", DealOutcome::Won),
        ("won", "Closed Won", DealOutcome::Won),
        ("赢单", "Closed Won", DealOutcome::Won),
        ("CLOSED_LOST", "Closed Lost", DealOutcome::Lost),
        ("lost", "Closed Lost", DealOutcome::Lost),
        (
            "appointmentscheduled",
            "Appointment Scheduled",
            DealOutcome::Open,
        ),
        (
            "negotiation/review",
            "Negotiation/Review",
            DealOutcome::Open,
        ),
        ("  needs   ANALYSIS ", "Needs Analysis", DealOutcome::Open),
        ("Prospecting", "Prospecting", DealOutcome::Open),
    ] {
        assert_eq!(
            normalize_stage(input),
            (name.to_string(), outcome),
            "{input}"
        );
    }
    for (input, expected) in [
        ("Paid", Some(OrderStatus::Completed)),
        ("", Some(OrderStatus::Completed)),
        ("已完成", Some(OrderStatus::Completed)),
        ("Refunded", Some(OrderStatus::Refunded)),
        ("returned", Some(OrderStatus::Refunded)),
        ("已退款", Some(OrderStatus::Refunded)),
        ("Canceled", Some(OrderStatus::Cancelled)),
        ("on hold", Some(OrderStatus::Pending)),
        ("lost in space", None),
    ] {
        assert_eq!(order_status(input), expected, "{input}");
    }
}

// ---------------------------------------------------------------- files

#[test]
fn ambiguous_date_column_is_a_decision() {
    let bytes = fixture("ambiguous_dates.csv");
    let a = analyze("a.csv", &bytes, None).unwrap();
    assert_eq!(a.date_decisions.len(), 1);
    let d = &a.date_decisions[0];
    assert_eq!((d.column, d.header.as_str()), (2, "order_date"));
    assert_eq!(d.default, DateOrder::MonthFirst, "comma file with / dates");
    assert_eq!(d.examples, ["01/02/2024", "03/04/2024", "05/06/2024"]);
    let dates =
        |p: &Parsed| -> Vec<String> { p.data.orders.rows.iter().map(|o| o.date.iso()).collect() };
    let p = parse(&a, &bytes, &ParseOptions::default(), &mut NoProgress);
    assert_eq!(
        dates(&p),
        ["2024-01-02", "2024-03-04", "2024-05-06", "2024-07-07"]
    );
    let options = ParseOptions {
        date_orders: vec![(2, DateOrder::DayFirst)],
        ..ParseOptions::default()
    };
    let p = parse(&a, &bytes, &options, &mut NoProgress);
    assert_eq!(
        dates(&p),
        ["2024-02-01", "2024-04-03", "2024-06-05", "2024-07-07"]
    );
}

#[test]
fn day_month_order_is_decided_from_the_whole_column() {
    // 1500 ambiguous dates, then one that can only be day first, far past the profiled rows.
    let mut csv = String::from("order_id,order_date,amount\n");
    for i in 0..1500 {
        csv.push_str(&format!("{i},01/02/2024,1\n"));
    }
    csv.push_str("1500,25/12/2024,1\n");
    let a = analyze("o.csv", csv.as_bytes(), None).unwrap();
    assert!(a.date_decisions.is_empty());
    assert_eq!(a.columns[1].date_order, Some(DateOrder::DayFirst));
    let p = parse(
        &a,
        csv.as_bytes(),
        &ParseOptions::default(),
        &mut NoProgress,
    );
    assert_eq!(p.data.orders.rows[0].date, day("2024-02-01"));
    assert_eq!(p.data.orders.rows[1500].date, day("2024-12-25"));

    // ISO dates in the profiled rows, then one ambiguous numeric date: still a decision.
    let mut csv = String::from("order_id,order_date,amount\n");
    for i in 0..1200 {
        csv.push_str(&format!("{i},2024-01-02,1\n"));
    }
    csv.push_str("1200,03/04/2024,1\n");
    let a = analyze("o.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(a.date_decisions.len(), 1);
    assert_eq!(a.date_decisions[0].examples, ["03/04/2024"]);

    // A column where some values are month first and more are day first: the majority wins
    // and the others are errors, never silently swapped.
    let csv = "order_id,order_date,amount\n1,13/01/2024,1\n2,14/01/2024,1\n3,01/15/2024,1\n";
    let (_, p) = import("o.csv", csv.as_bytes());
    assert_eq!(issues(&p), ["4 error bad_date order_date"]);
}

#[test]
fn decimal_separator_is_decided_from_the_whole_column() {
    // 1200 amounts that do not tell (`1.200`: twelve hundred or 1.2), an empty cell, then
    // past the profiled rows one padded with no-break spaces that can only be a decimal
    // comma: the column reads `1.200` as twelve hundred.
    let mut csv = String::from("order_id,order_date,amount\n");
    for i in 0..1200 {
        csv.push_str(&format!("{i},2024-01-02,1.200\n"));
    }
    csv.push_str("1200,2024-01-02,\n");
    csv.push_str("1201,2024-01-02,\"\u{a0}2,5\u{a0}\"\n");
    let a = analyze("o.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(a.columns[2].decimal, DecimalSep::Comma);
    assert_eq!(a.columns[2].filled, 1201);
    assert_eq!(a.row_count, 1202);
    let p = parse(
        &a,
        csv.as_bytes(),
        &ParseOptions::default(),
        &mut NoProgress,
    );
    assert_eq!(p.data.orders.rows[0].amount, Money::from_units(1200));
    // (The row without an amount is refused.)
    assert_eq!(p.data.orders.rows.len(), 1201);
    assert_eq!(p.data.orders.rows[1200].amount, Money::from_cents(250));
}

#[test]
fn mixed_date_shapes_in_one_column() {
    let (a, p) = import("m.csv", &fixture("mixed_dates.csv"));
    assert_eq!(a.columns[1].date_order, Some(DateOrder::DayFirst));
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let dates: Vec<String> = p.data.orders.rows.iter().map(|o| o.date.iso()).collect();
    assert_eq!(
        dates,
        [
            "2024-03-05",
            "2024-03-06",
            "2024-03-07",
            "2024-03-08",
            "2024-03-09",
            "2024-03-10",
            "2024-03-04",
            "2024-03-13",
            "2024-03-14",
        ]
    );
    // An Excel serial column.
    let csv = "order_id,order_date,amount\n1,45356,5\n2,45357.5,5\n";
    let (a, p) = import("s.csv", csv.as_bytes());
    assert!(a.columns[1].is_serial_dates());
    let dates: Vec<String> = p.data.orders.rows.iter().map(|o| o.date.iso()).collect();
    assert_eq!(dates, ["2024-03-05", "2024-03-06"]);
}

#[test]
fn semicolons_and_decimal_commas() {
    let (a, p) = import("de.csv", &fixture("semicolon_decimal_comma.csv"));
    assert_eq!(a.delimiter, b';');
    assert_eq!(a.columns[5].decimal, DecimalSep::Comma);
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let o = &p.data.orders.rows;
    assert_eq!(o[0].unit_price, Some(Money(12_345_000)));
    assert_eq!(o[0].amount, Money::from_units(2469));
    assert_eq!(o[1].amount, Money::from_cents(750));
    assert_eq!(o[2].unit_price, Some(Money::from_cents(499)));
    assert_eq!(o[0].date, day("2024-03-05"));
    assert_eq!(o[1].date, day("2024-03-13"));
    assert_eq!(o[2].date, day("2024-04-01"));
}

#[test]
fn chinese_orders_with_yuan_and_statuses() {
    let (_, p) = import("订单.csv", &fixture("chinese_orders.csv"));
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let o = &p.data.orders.rows;
    assert_eq!(o[1].date, day("2024-03-15"));
    assert_eq!(o[1].amount, Money::from_units(1280));
    assert_eq!(o[0].unit_price, Some(Money::from_cents(1250)));
    let statuses: Vec<OrderStatus> = o.iter().map(|o| o.status).collect();
    assert_eq!(
        statuses,
        [
            OrderStatus::Completed,
            OrderStatus::Refunded,
            OrderStatus::Cancelled
        ]
    );
    assert_eq!(s(&p, o[1].status_text), "已退款");
    assert_eq!(s(&p, o[0].customer), "001");
}

#[test]
fn hubspot_deals_stages_and_close_dates() {
    let (_, p) = import("deals.csv", &fixture("hubspot_deals.csv"));
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let d = &p.data.deals.rows;
    let stages: Vec<(&str, DealOutcome)> = d.iter().map(|d| (s(&p, d.stage), d.outcome)).collect();
    assert_eq!(
        stages,
        [
            ("Closed Won", DealOutcome::Won),
            ("Appointment Scheduled", DealOutcome::Open),
            ("Closed Lost", DealOutcome::Lost),
        ]
    );
    // "Close Date" is the closed date of a closed deal, the expected one of an open deal.
    assert_eq!(
        (d[0].closed, d[0].expected_close),
        (Some(day("2024-02-15")), None)
    );
    assert_eq!(
        (d[1].closed, d[1].expected_close),
        (None, Some(day("2024-05-30")))
    );
    assert_eq!(d[0].amount, Some(Money::from_units(12_000)));
    assert_eq!(d[2].amount, Some(Money(75_005_000)));
    // Probabilities given as fractions become percent.
    let probs: Vec<Option<f32>> = d.iter().map(|d| d.probability).collect();
    assert_eq!(probs, [Some(100.0), Some(20.0), Some(0.0)]);
    assert_eq!(s(&p, d[1].customer), "Globex");
    assert_eq!(d[0].created, Some(day("2024-01-02")));
}

#[test]
fn pipedrive_status_decides_the_outcome() {
    let (_, p) = import("deals.csv", &fixture("pipedrive_deals.csv"));
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let d = &p.data.deals.rows;
    let got: Vec<(&str, DealOutcome, &str)> = d
        .iter()
        .map(|d| (s(&p, d.stage), d.outcome, s(&p, d.customer)))
        .collect();
    assert_eq!(
        got,
        [
            ("Proposal Made", DealOutcome::Won, "ilse@umbrella.example"),
            (
                "Negotiations Started",
                DealOutcome::Open,
                "tony@stark.example"
            ),
            ("Qualified", DealOutcome::Lost, "bruce@wayne.example"),
        ]
    );
    assert_eq!(d[0].closed, Some(day("2024-04-12")));
    assert_eq!(s(&p, d[2].lost_reason), "Price too high");
}

#[test]
fn salesforce_month_first_dates_and_dollars() {
    let (a, p) = import("opps.csv", &fixture("salesforce_opportunities.csv"));
    assert!(a.date_decisions.is_empty());
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let d = &p.data.deals.rows;
    assert_eq!(d[0].amount, Some(Money::from_units(75_000)));
    assert_eq!(d[1].probability, Some(90.0));
    assert_eq!(d[0].closed, Some(day("2024-03-15")));
    assert_eq!(d[1].expected_close, Some(day("2024-07-28")));
    assert_eq!(d[2].created, Some(day("2024-01-22")));
    assert_eq!(s(&p, d[1].customer), "United Oil & Gas Corp.");
}

#[test]
fn zendesk_minutes_become_timestamps() {
    let (_, p) = import("tickets.csv", &fixture("zendesk_tickets.csv"));
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let t = &p.data.tickets.rows;
    assert_eq!(t[0].opened, Some(at("2024-03-01", 9, 0, 0)));
    assert_eq!(t[0].first_response, Some(at("2024-03-01", 9, 45, 0)));
    // The explicit "Solved at" wins over the minutes.
    assert_eq!(t[0].resolved, Some(at("2024-03-01", 12, 30, 0)));
    assert_eq!(t[0].csat, Some(4));
    assert_eq!((t[1].resolved, t[1].csat), (None, None));
    assert_eq!(s(&p, t[1].customer), "ben@globex.example");
}

#[test]
fn bad_rows_are_listed_with_their_lines() {
    let (_, p) = import("bad.csv", &fixture("bad_rows.csv"));
    assert_eq!(
        issues(&p),
        [
            "3 error bad_date order_date",
            "4 warning amount_mismatch amount",
            "6 error bad_number quantity",
            "7 error too_many_cells ",
            "8 error missing amount",
            "9 warning unknown_status status",
        ]
    );
    assert_eq!((p.rows_read, p.rows_rejected, p.rows_imported()), (7, 4, 3));
    assert_eq!(p.count(Severity::Error), 4);
    assert_eq!(
        p.issue_counts[&(Severity::Warning, IssueKind::AmountMismatch)],
        1
    );
    let ids: Vec<&str> = p.data.orders.rows.iter().map(|o| s(&p, o.id)).collect();
    assert_eq!(ids, ["1", "3", "7"]);
    // The mismatching amount is kept as written; the quoted newline survives in the product.
    let lamp = &p.data.orders.rows[1];
    assert_eq!(lamp.amount, Money::from_units(25));
    assert_eq!(s(&p, lamp.product), "Lamp\nwith shade");
    let csv = issues_csv(&p.issues[..2]);
    assert_eq!(
        csv,
        "file,line,severity,kind,column,value,reason\n\
         bad.csv,3,error,bad_date,order_date,2024-03-32,not a date (read as D/M/Y)\n\
         bad.csv,4,warning,amount_mismatch,amount,25,amount differs from unit price × quantity = 20\n"
    );
    let err = p
        .issues
        .iter()
        .find(|i| i.kind == IssueKind::BadDate)
        .unwrap();
    assert_eq!(
        err.to_string(),
        "bad.csv:3: error in column \"order_date\" (value \"2024-03-32\"): not a date (read as D/M/Y)"
    );
}

#[test]
fn orders_derive_and_check_amounts() {
    let csv = "order_id,order_date,unit_price,quantity,discount,amount\n\
               1,2024-01-01,19.99,3,,\n\
               2,2024-01-01,10.00,2,10%,\n\
               3,2024-01-01,10.00,2,1.50,18.50\n\
               4,2024-01-01,0.3333,3,,\n\
               5,2024-01-01,,,,7.00\n";
    let (_, p) = import("o.csv", csv.as_bytes());
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let amounts: Vec<Money> = p.data.orders.rows.iter().map(|o| o.amount).collect();
    assert_eq!(
        amounts,
        [
            Money::from_cents(5997),
            Money::from_units(18),
            Money::from_cents(1850),
            Money(9_999),
            Money::from_units(7),
        ]
    );
    assert_eq!(p.data.orders.rows[1].discount, Some(Money::from_units(2)));
    assert_eq!(p.data.orders.rows[4].quantity, 1.0);
}

#[test]
fn blank_cells_and_empty_rows_are_reported() {
    // Telco's TotalCharges is sometimes a single space; a row of empty cells is skipped.
    let csv = "customer_id,age\nA,30\nB, \n,\nC,41\n";
    let (_, p) = import("c.csv", csv.as_bytes());
    assert_eq!(issues(&p), ["3 warning blank age", "4 warning empty_row "]);
    assert_eq!((p.rows_read, p.rows_imported(), p.rows_empty), (4, 3, 1));
    assert_eq!(p.data.customers.rows[1].age, None);
}

#[test]
fn templates_import_cleanly() {
    for kind in Kind::ALL {
        let csv = template_csv(kind);
        let (a, p) = import("template.csv", csv.as_bytes());
        assert_eq!(a.kind, kind, "{csv}");
        assert!(
            a.mapping.extra_columns().is_empty(),
            "{kind:?}: {:?}",
            a.mapping
        );
        assert!(a.date_decisions.is_empty());
        assert!(p.issues.is_empty(), "{kind:?}: {:?}", p.issues);
        assert_eq!(p.rows_imported(), 3, "{kind:?}");
    }
}

#[test]
fn tickets_without_an_opening_time_import_with_a_note_saying_how_they_are_dated() {
    let csv = "Ticket ID,Customer Email,First Response Time,Time to Resolution,Customer Satisfaction Rating\n\
               1,a@x.org,2023-06-01 12:15:36,2023-06-01 18:05:38,3.0\n";
    let (a, p) = import("tickets.csv", csv.as_bytes());
    assert_eq!(a.kind, Kind::Tickets);
    assert_eq!(p.rows_imported(), 1);
    assert_eq!(issues(&p), ["- warning column "]);
    assert!(
        p.issues[0].reason.contains("dated by their first response"),
        "{}",
        p.issues[0].reason
    );
    let t = p.data.tickets.rows[0];
    assert_eq!(
        (t.opened, t.day()),
        (None, Some(Day::from_ymd(2023, 6, 1).unwrap()))
    );
}

#[test]
fn unrecognised_files_import_nothing_and_say_so() {
    let csv = "Table,Field,Description\naccounts,account,Company name\n";
    let (_, p) = import("dict.csv", csv.as_bytes());
    assert_eq!(p.rows_imported(), 0);
    assert_eq!(p.rows_rejected, 1);
    assert_eq!(issues(&p), ["- warning column ", "- error missing "]);
}

// ---------------------------------------------------------------- progress

#[test]
fn progress_is_reported_and_can_cancel() {
    let mut csv = String::from("order_id,order_date,amount\n");
    for i in 0..20_000 {
        csv.push_str(&format!("{i},2024-01-01,1.00\n"));
    }
    let a = analyze("big.csv", csv.as_bytes(), None).unwrap();
    let mut seen = Vec::new();
    let mut record = |rows: u64, bytes: u64, total: u64| {
        seen.push((rows, bytes <= total));
        Flow::Continue
    };
    let p = parse(&a, csv.as_bytes(), &ParseOptions::default(), &mut record);
    assert!(!p.cancelled);
    assert_eq!(seen, [(8192, true), (16384, true), (20_000, true)]);

    let mut cancel = |rows: u64, _: u64, _: u64| {
        if rows >= 8192 {
            Flow::Cancel
        } else {
            Flow::Continue
        }
    };
    let p = parse(&a, csv.as_bytes(), &ParseOptions::default(), &mut cancel);
    assert!(p.cancelled);
    let (data, summary) = merge(&Dataset::default(), vec![p], MergePolicy::CreateOnly, false);
    assert!(data.is_empty(), "a cancelled file is never merged");
    assert_eq!(summary.cancelled_files, ["big.csv"]);
}

#[test]
fn reading_in_slices_gives_the_same_result_as_reading_at_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for name in [
        "bad_rows.csv",
        "quoted_newlines.csv",
        "gbk_customers.csv",
        "utf16le_orders.txt",
    ] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let a = analyze(name, &bytes, None).unwrap();
        let whole = parse(&a, &bytes, &ParseOptions::default(), &mut NoProgress);
        for slice in [1, 2, 5] {
            let decoded = decode(&bytes).unwrap();
            let mut analyzer = Analyzer::new(name, &decoded, None).unwrap();
            while analyzer.step(slice) {
                assert!(analyzer.position().0 < analyzer.position().1, "{name}");
            }
            assert_eq!(analyzer.rows_read(), a.row_count, "{name}");
            assert_eq!(
                analyzer.finish().unwrap(),
                a,
                "{name} analysed in slices of {slice}"
            );

            let text = text_of(&a, &bytes);
            let mut parser = Parser::new(&a, &text, &ParseOptions::default());
            let mut steps = 0;
            let mut last = (0, 0);
            while parser.step(slice) {
                steps += 1;
                assert!(
                    parser.rows_read() <= steps * slice,
                    "{name}: a step reads at most its slice"
                );
                assert!(parser.position() >= last, "{name}: the position only grows");
                last = parser.position();
            }
            assert_eq!(
                parser.position().0,
                parser.position().1,
                "{name}: done at the end"
            );
            assert_eq!(parser.finish(false), whole, "{name} in slices of {slice}");
        }
    }
}

// ---------------------------------------------------------------- merge

fn parsed(name: &str, csv: &str) -> Parsed {
    let (_, p) = import(name, csv.as_bytes());
    assert_eq!(p.rows_rejected, 0, "{:?}", p.issues);
    p
}

fn customer_names(d: &Dataset) -> Vec<String> {
    d.customers
        .rows
        .iter()
        .map(|c| {
            format!(
                "{}:{}:{}{}",
                d.str(c.id),
                d.str(c.name),
                d.str(c.city),
                if c.placeholder { ":placeholder" } else { "" }
            )
        })
        .collect()
}

#[test]
fn merge_policies_by_id() {
    let base_file = parsed(
        "customers.csv",
        "customer_id,name,city,note\nC1,Ann,Oslo,gold\nC2,Bob,Rome,\n",
    );
    let (base, summary) = merge(
        &Dataset::default(),
        vec![base_file],
        MergePolicy::CreateOnly,
        false,
    );
    assert_eq!(summary.get(Kind::Customers).created, 2);
    assert_eq!(customer_names(&base), ["C1:Ann:Oslo", "C2:Bob:Rome"]);

    let update = || {
        parsed(
            "update.csv",
            "customer_id,name,city,vip\nC2,Bobby,,yes\nC3,Cy,Lima,no\n",
        )
    };
    let snapshot = base.clone();
    let check = |policy: MergePolicy, names: &[&str], counts: (u64, u64, u64)| {
        let (data, summary) = merge(&base, vec![update()], policy, false);
        assert_eq!(customer_names(&data), names, "{policy:?}");
        let k = summary.get(Kind::Customers);
        assert_eq!((k.created, k.updated, k.skipped), counts, "{policy:?}");
        data
    };
    check(
        MergePolicy::CreateOnly,
        &["C1:Ann:Oslo", "C2:Bob:Rome", "C3:Cy:Lima"],
        (1, 0, 1),
    );
    // The empty city of the update does not erase Rome.
    let data = check(
        MergePolicy::CreateAndUpdate,
        &["C1:Ann:Oslo", "C2:Bobby:Rome", "C3:Cy:Lima"],
        (1, 1, 0),
    );
    check(
        MergePolicy::UpdateOnly,
        &["C1:Ann:Oslo", "C2:Bobby:Rome"],
        (0, 1, 1),
    );
    // Extra columns of both files are kept, widened for the old rows.
    let extras: Vec<Vec<(&str, &str)>> = (0..3)
        .map(|i| {
            data.customers
                .extras(i)
                .map(|(c, v)| (data.str(c), data.str(v)))
                .collect()
        })
        .collect();
    assert_eq!(
        extras,
        [
            vec![("note", "gold")],
            vec![("vip", "yes")],
            vec![("vip", "no")],
        ]
    );
    // Undo is exact: the base value was never touched, updated records included.
    assert_eq!(base, snapshot);
    assert_eq!(customer_names(&base), ["C1:Ann:Oslo", "C2:Bob:Rome"]);
}

#[test]
fn a_first_import_keeps_exactly_the_strings_of_the_records_it_keeps() {
    let customers = parsed("customers.csv", "customer_id,name\nC1,Ann\nC2,Bob\n");
    let orders = parsed(
        "orders.csv",
        "order_id,customer_id,order_date,amount,product\nO1,C1,2024-01-02,5,Tea\nO2,C3,2024-01-03,7,Cake\nO3,C1,2024-01-04,1,Tea\n",
    );
    let files = [customers.clone(), orders.clone()];
    let (data, _) = merge(
        &Dataset::default(),
        files.to_vec(),
        MergePolicy::CreateAndUpdate,
        true,
    );
    // The same records as merging the files one by one into what is already there.
    let (one, _) = merge(
        &Dataset::default(),
        files[..1].to_vec(),
        MergePolicy::CreateAndUpdate,
        true,
    );
    let (two, _) = merge(
        &one,
        files[1..].to_vec(),
        MergePolicy::CreateAndUpdate,
        true,
    );
    assert_eq!(customer_names(&data), customer_names(&two));
    assert_eq!(
        customer_names(&data),
        ["C1:Ann:", "C2:Bob:", "C3:C3::placeholder"]
    );
    let orders_of = |d: &Dataset| -> Vec<String> {
        d.orders
            .rows
            .iter()
            .map(|o| format!("{}:{}:{}", d.str(o.id), d.str(o.customer), d.str(o.product)))
            .collect()
    };
    assert_eq!(orders_of(&data), ["O1:C1:Tea", "O2:C3:Cake", "O3:C1:Tea"]);
    assert_eq!(orders_of(&data), orders_of(&two));
    let mut strings: Vec<&str> = (0..data.strings.len() as u32)
        .map(|i| data.str(Sym(i)))
        .collect();
    strings.sort_unstable();
    let mut expected = [
        "", "Ann", "Bob", "C1", "C2", "C3", "Cake", "O1", "O2", "O3", "Tea",
    ]
    .to_vec();
    expected.sort_unstable();
    // Header names of unmapped columns would be here too; there are none.
    assert_eq!(strings, expected);

    // Updating only, into an empty dataset, keeps nothing: not even a string.
    let (data, summary) = merge(
        &Dataset::default(),
        files.to_vec(),
        MergePolicy::UpdateOnly,
        false,
    );
    assert!(data.is_empty());
    assert_eq!(data.strings.len(), 1);
    assert_eq!(summary.get(Kind::Orders).skipped, 3);
}

#[test]
fn customers_without_ids_match_by_email_or_phone() {
    let (base, _) = merge(
        &Dataset::default(),
        vec![parsed(
            "a.csv",
            "name,email,phone,city\nAnn,ann@x.example,+1 (555) 010-0001,Oslo\nBob,,555 010 0002,Rome\n",
        )],
        MergePolicy::CreateOnly,
        false,
    );
    let update = parsed(
        "b.csv",
        "name,email,phone,city\nAnn L.,ANN@X.example ,,Bergen\nRob,,(555) 010-0002,Milan\nCy,cy@x.example,,Lima\nDee,,1-555-010-0002,Oslo\n",
    );
    let (data, summary) = merge(&base, vec![update], MergePolicy::CreateAndUpdate, false);
    let got: Vec<(&str, &str)> = data
        .customers
        .rows
        .iter()
        .map(|c| (data.str(c.name), data.str(c.city)))
        .collect();
    // E-mail matches case-insensitively, phones by their digits; Dee's 15550100002 is not
    // Bob's 5550100002.
    assert_eq!(
        got,
        [
            ("Ann L.", "Bergen"),
            ("Rob", "Milan"),
            ("Cy", "Lima"),
            ("Dee", "Oslo")
        ]
    );
    let k = summary.get(Kind::Customers);
    assert_eq!((k.created, k.updated), (2, 2));
}

#[test]
fn unknown_customers_are_flagged_and_can_get_placeholders() {
    let orders = || {
        parsed(
            "orders.csv",
            "order_id,customer_id,order_date,amount\n1,C1,2024-01-01,5\n2,C9,2024-01-02,6\n3,C9,2024-01-03,7\n",
        )
    };
    let customers = || parsed("customers.csv", "customer_id,name\nC1,Ann\n");
    // Customers first whatever the file order.
    let (data, summary) = merge(
        &Dataset::default(),
        vec![orders(), customers()],
        MergePolicy::CreateOnly,
        false,
    );
    assert_eq!(summary.get(Kind::Orders).created, 3);
    assert_eq!(summary.get(Kind::Orders).unknown_customers, 2);
    assert_eq!(data.customers.len(), 1);

    let (data, summary) = merge(
        &Dataset::default(),
        vec![orders(), customers()],
        MergePolicy::CreateOnly,
        true,
    );
    assert_eq!(summary.get(Kind::Customers).placeholders, 1);
    assert_eq!(customer_names(&data), ["C1:Ann:", "C9:C9::placeholder"]);
    // A later customers file fills the placeholder in.
    let (data, summary) = merge(
        &data,
        vec![parsed("more.csv", "customer_id,name,city\nC9,Zed,Oslo\n")],
        MergePolicy::CreateOnly,
        false,
    );
    assert_eq!(customer_names(&data), ["C1:Ann:", "C9:Zed:Oslo"]);
    assert_eq!(summary.get(Kind::Customers).created, 1);
}

#[test]
fn orders_merge_by_id_and_rejected_rows_are_counted() {
    let first = parsed(
        "o1.csv",
        "order_id,customer_id,order_date,amount,status\n1,C1,2024-01-01,5.00,paid\n2,C1,2024-01-02,6.00,paid\n",
    );
    let (base, _) = merge(
        &Dataset::default(),
        vec![first],
        MergePolicy::CreateOnly,
        false,
    );
    let (_, second) = import(
        "o2.csv",
        b"order_id,customer_id,order_date,amount,status\n2,C1,2024-01-02,6.00,refunded\n3,C2,bad,1,paid\n4,C2,2024-01-04,8.00,\n",
    );
    let (data, summary) = merge(&base, vec![second], MergePolicy::CreateAndUpdate, false);
    let k = summary.get(Kind::Orders);
    assert_eq!((k.created, k.updated, k.errors), (1, 1, 1));
    let got: Vec<(&str, OrderStatus)> = data
        .orders
        .rows
        .iter()
        .map(|o| (data.str(o.id), o.status))
        .collect();
    assert_eq!(
        got,
        [
            ("1", OrderStatus::Completed),
            ("2", OrderStatus::Refunded),
            ("4", OrderStatus::Completed),
        ]
    );
    assert_eq!(
        base.orders.rows[1].status,
        OrderStatus::Completed,
        "undo snapshot"
    );
    // Strings of the rejected row (order id 3) never reach the dataset.
    assert_eq!(data.strings.lookup("3"), None);
}

// ---------------------------------------------------------------- robustness

/// Mutated fixtures (flipped bytes, inserted quotes, delimiters, line breaks, NULs, high
/// bytes, truncation) never make the pipeline panic, and every row is accounted for.
#[test]
fn arbitrary_bytes_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const INSERTS: [&[u8]; 10] = [
        b"\"",
        b",",
        b";",
        b"\n",
        b"\r",
        b"\r\n",
        b"\0",
        b"\xff\xfe",
        "年".as_bytes(),
        b"%",
    ];
    let mut runs = 0;
    for name in &names {
        let original = fixture(name);
        for _ in 0..80 {
            let mut bytes = original.clone();
            for _ in 0..1 + next() % 4 {
                let pos = (next() as usize) % (bytes.len() + 1);
                match next() % 4 {
                    0 if pos < bytes.len() => bytes[pos] = next() as u8,
                    1 => {
                        let insert = INSERTS[(next() as usize) % INSERTS.len()];
                        bytes.splice(pos..pos, insert.iter().copied());
                    }
                    2 => bytes.truncate(pos),
                    _ if pos < bytes.len() => {
                        bytes.remove(pos);
                    }
                    _ => {}
                }
            }
            let Ok(a) = analyze(name, &bytes, None) else {
                continue;
            };
            let p = parse(&a, &bytes, &ParseOptions::default(), &mut NoProgress);
            assert_eq!(
                p.rows_read,
                p.rows_imported() as u64 + p.rows_rejected + p.rows_empty,
                "{name}: {bytes:?}"
            );
            assert_eq!(p.rows_read, a.row_count, "{name}: {bytes:?}");
            let _ = cells(&a, &bytes);
            let (data, _) = merge(
                &Dataset::default(),
                vec![p],
                MergePolicy::CreateAndUpdate,
                true,
            );
            assert!(data.count(a.kind) <= a.row_count as usize);
            runs += 1;
        }
    }
    assert!(runs > 500, "only {runs} mutated files were analysable");
}

#[test]
fn dates_out_of_order_are_warnings() {
    let csv = "ticket_id,opened_at,first_response_at,resolved_at\n\
               1,2024-03-01 10:00,2024-03-01 11:00,2024-03-01 09:00\n\
               2,2024-03-01 10:00,2024-03-01 11:00,2024-03-01 10:30\n\
               3,2024-03-01 10:00,2024-03-01 11:00,2024-03-01 12:00\n";
    let (_, p) = import("t.csv", csv.as_bytes());
    assert_eq!(
        issues(&p),
        ["2 warning time_order ", "3 warning time_order "]
    );
    assert_eq!(p.issues[0].reason, "resolved before the ticket was opened");
    assert_eq!(p.issues[1].reason, "resolved before the first response");
    assert_eq!(p.rows_imported(), 3, "kept as written");
    let csv = "deal_id,stage,created_date,closed_date\n1,won,2024-03-05,2024-03-01\n";
    let (_, p) = import("d.csv", csv.as_bytes());
    assert_eq!(issues(&p), ["2 warning time_order "]);
}

// ---------------------------------------------------------------- found by fuzzing (fuzz/)

/// Minutes that put a ticket's first response or resolution outside the years 0–9999 are an
/// error on their row, not a time no calendar can show (showing one panicked).
#[test]
fn minutes_beyond_the_calendar_are_rejected() {
    let csv =
        "Id,Requester,Created at,First reply time in minutes,Full resolution time in minutes\n\
               101,Ana,2024-03-01 09:00:00,99999999999999,\n\
               102,Ben,2024-03-01 09:00:00,45,-9999999999999\n\
               103,Cai,2024-03-01 09:00:00,45,60\n\
               104,Dan,9999-12-31 23:00:00,59,60\n\
               105,Eve,9999-12-31 23:00:00,59,\n";
    let (a, p) = import("tickets.csv", csv.as_bytes());
    assert_eq!(a.kind, Kind::Tickets);
    assert_eq!(
        issues(&p),
        [
            "2 error out_of_range First reply time in minutes",
            "3 error out_of_range Full resolution time in minutes",
            "5 error out_of_range Full resolution time in minutes",
        ]
    );
    assert_eq!(p.issues[0].value, "99999999999999");
    assert_eq!((p.rows_read, p.rows_rejected, p.rows_imported()), (5, 3, 2));
    let t = &p.data.tickets.rows;
    assert_eq!(t[0].resolved, Some(at("2024-03-01", 10, 0, 0)));
    assert_eq!(t[1].first_response, Some(at("9999-12-31", 23, 59, 0)));
    assert_eq!(p.data.check(), Ok(()));
}

// ---------------------------------------------------------------- hostile files and cells

#[test]
fn zendesk_good_and_bad_ratings_are_csat_5_and_1() {
    let bytes = fixture("zendesk_ratings.csv");
    let (a, p) = import("tickets.csv", &bytes);
    assert_eq!(a.kind, Kind::Tickets);
    assert!(mapping(&a).contains(&"satisfaction <- Satisfaction Score".to_string()));
    let csat: Vec<Option<u8>> = p.data.tickets.rows.iter().map(|t| t.csat).collect();
    // Good 5, Bad 1, Offered and Unoffered: no rating, good_with_comment 5,
    // "Bad with comment" 1, empty: no rating. "Meh" is an error on its line.
    assert_eq!(csat, [Some(5), Some(1), None, None, Some(5), Some(1), None]);
    assert_eq!(issues(&p), ["9 error bad_number Satisfaction Score"]);
    for (word, expected) in [
        ("GOOD", Some(Some(5))),
        (" bad ", Some(Some(1))),
        ("not offered", Some(None)),
        ("5", None),
        ("goodish", None),
        ("Good_With-Comment", Some(Some(5))),
        ("g o o d", Some(Some(5))),
        ("  UN-offered\t", Some(None)),
        ("goodwithcomments", None),
        ("", None),
        ("bäd", None),
        ("\u{212A}ood", None),
        ("GOOD\u{a0}", Some(Some(5))),
    ] {
        assert_eq!(satisfaction_word(word), expected, "{word:?}");
        // As the words were matched before: the cell without spaces, `_` and `-`,
        // lower-cased as Unicode text.
        let lower: String = (word.trim().chars())
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        let words = ["good", "goodwithcomment", "bad", "badwithcomment"];
        let no_rating = ["offered", "unoffered", "notoffered"];
        let known = words.contains(&lower.as_str()) || no_rating.contains(&lower.as_str());
        assert_eq!(satisfaction_word(word).is_some(), known, "{word:?}");
    }
}

#[test]
fn hostile_files_are_refused_saying_where() {
    let err = |name: &str, bytes: &[u8]| analyze(name, bytes, None).unwrap_err();
    // An .xlsx (zip) or .xls (OLE) renamed .csv.
    let xlsx = err(
        "export.csv",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    );
    assert!(
        xlsx.to_string().contains("an Excel workbook (.xlsx)"),
        "{xlsx}"
    );
    assert!(xlsx.to_string().contains("save it as CSV"), "{xlsx}");
    let xls = err("export.csv", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00");
    assert!(xls.to_string().contains("an old Excel workbook (.xls)"));
    // Random binary bytes (a deterministic LCG, with NULs).
    let mut x = 12345u32;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    assert_eq!(
        err("noise.csv", &noise),
        ImportError::Binary {
            what: "binary data"
        }
    );
    // 10,000 columns.
    let header: Vec<String> = (1..=10_000).map(|i| format!("c{i}")).collect();
    let wide = format!("{}\n{}\n", header.join(","), vec!["1"; 10_000].join(","));
    assert_eq!(
        err("wide.csv", wide.as_bytes()),
        ImportError::TooManyColumns {
            columns: 10_000,
            line: 1
        }
    );
    assert_eq!(
        err("wide.csv", wide.as_bytes()).to_string(),
        "the header row (line 1) has 10000 columns; Rapport reads at most 1000: export only the columns you need"
    );
    // One 50 MB line: as the header, and as a data row.
    let long = "x".repeat(50_000_000);
    assert_eq!(
        err("long.csv", long.as_bytes()),
        ImportError::RowTooLong {
            line: 1,
            bytes: 50_000_001
        }
    );
    let row = format!("id,note\n1,ok\n2,{long}\n3,ok\n");
    let e = err("long.csv", row.as_bytes());
    assert_eq!(
        e,
        ImportError::RowTooLong {
            line: 3,
            bytes: 50_000_003
        }
    );
    assert_eq!(
        e.to_string(),
        "the row starting on line 3 is 50 MB long; rows may be at most 1.0 MB (is this a CSV file with line breaks?)"
    );
    // A quote opened on line 3 and never closed swallows the rest of the file.
    let mut open = String::from("id,name,note\n1,Ann,fine\n2,Bob,\"never closed\n");
    for i in 3..2000 {
        open.push_str(&format!("{i},N{i},text\n"));
    }
    let e = err("quotes.csv", open.as_bytes());
    assert_eq!(
        e,
        ImportError::UnclosedQuote {
            line: 3,
            column: "note".into()
        }
    );
    assert!(e
        .to_string()
        .starts_with("a quote opened on line 3 in column \"note\" is never closed"));
    // The same with more than 1 MB after the quote: the row is too long to read, and the
    // message still says where the quote opened.
    let mut big = String::from("id,name,note\n1,Ann,fine\n2,Bob,\"never closed\n");
    for i in 3..100_000 {
        big.push_str(&format!("{i},N{i},text\n"));
    }
    assert!(big.len() > 1_000_000);
    assert_eq!(
        err("quotes.csv", big.as_bytes()),
        ImportError::UnclosedQuote {
            line: 3,
            column: "note".into()
        }
    );
    // Closed quotes (with a newline, a doubled quote and a delimiter inside) are fine, even
    // on the last row; CRLF line ends too.
    let closed = "id,name\r\n1,\"a\r\nb\"\r\n2,\"say \"\"hi\"\", ok\"\r\n";
    let (a, p) = import("closed.csv", closed.as_bytes());
    assert_eq!(a.row_count, 2);
    assert_eq!(s(&p, p.data.customers.rows[1].name), "say \"hi\", ok");
    // Too large: refused from the size alone, before reading.
    assert_eq!(rapport::core::import::check_size(250_000_000), Ok(()));
    let e = rapport::core::import::check_size(300_000_000).unwrap_err();
    assert_eq!(e, ImportError::TooLarge { bytes: 300_000_000 });
    assert!(e
        .to_string()
        .starts_with("the file is 300 MB; Rapport reads files up to 250 MB"));
}

/// Cells that would be code in HTML, a URL or a spreadsheet, very long, or bidi tricks: the
/// importer keeps each exactly as written (rendering makes them inert, not the importer).
pub(crate) const HOSTILE: [&str; 6] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "javascript:alert(3)",
    "\u{202E}gnp.exe",
    "Zero\u{200B}width\u{200D}joiner\u{FEFF}",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
];

#[test]
fn hostile_cells_are_kept_verbatim() {
    let long = "W".repeat(10_000);
    let mut csv = String::from("id,name,note\n");
    for (i, cell) in HOSTILE.iter().chain([&long.as_str()]).enumerate() {
        csv.push_str(&format!(
            "{},\"{}\",\"{}\"\n",
            i + 1,
            cell.replace('"', "\"\""),
            cell.replace('"', "\"\"")
        ));
    }
    let (a, p) = import("customers.csv", csv.as_bytes());
    assert_eq!(a.kind, Kind::Customers);
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let names: Vec<&str> = p
        .data
        .customers
        .rows
        .iter()
        .map(|c| s(&p, c.name))
        .collect();
    let mut expected: Vec<&str> = HOSTILE.to_vec();
    expected.push(&long);
    assert_eq!(names, expected);
    let notes: Vec<&str> = (0..p.data.customers.rows.len())
        .map(|i| s(&p, p.data.customers.extras(i).next().unwrap().1))
        .collect();
    assert_eq!(notes, expected);
}

/// Each customer's `(id, name, city, email, segment, status)`.
fn customer_texts(p: &Parsed) -> Vec<[&str; 6]> {
    let rows = p.data.customers.rows.iter();
    rows.map(|c| [c.id, c.name, c.city, c.email, c.segment, c.status].map(|t| s(p, t)))
        .collect()
}

#[test]
fn text_cells_are_read_as_written_and_typed_cells_trimmed() {
    let (a, p) = import("cells_as_written.csv", &fixture("cells_as_written.csv"));
    assert!(p.issues.is_empty(), "{:?}", issues(&p));
    // Names, cities and segments keep their spaces, quoted or not, except those after a
    // closing quote; ids, e-mail addresses and statuses are trimmed.
    assert_eq!(
        customer_texts(&p),
        [
            [
                "C1",
                "  Anna ",
                " Paris ",
                "anna@example.com",
                "Gold",
                "churned"
            ],
            ["C2", "Bob  ", "Lyon ", "bob@example.com", "Gold ", "active"],
            ["C3", "Cleo\nDupont", "Nice", "", "", ""],
        ]
    );
    let c = &p.data.customers.rows;
    assert_eq!(
        c.iter().map(|c| c.age).collect::<Vec<_>>(),
        [Some(42), Some(37), None]
    );
    let signups: Vec<_> = c.iter().map(|c| c.signup).collect();
    assert_eq!(
        signups,
        [Some(day("2024-01-05")), Some(day("2024-02-01")), None]
    );
    // Extra columns hold what the file holds (`"a"b ` reads as the `csv` crate reads it;
    // `extras` leaves out the empty ones).
    let extras: Vec<Vec<(&str, &str)>> = (0..c.len())
        .map(|i| {
            p.data
                .customers
                .extras(i)
                .map(|(k, v)| (s(&p, k), s(&p, v)))
                .collect()
        })
        .collect();
    let expected: [&[_]; 3] = [
        &[("Column 3", "x"), ("Notes", " free text  ")],
        &[("Notes", "ab ")],
        &[],
    ];
    assert_eq!(extras, expected);
    assert_eq!(a.headers[..3], ["id", "Name", "Column 3"]);
}

#[test]
fn typed_cells_and_keys_are_trimmed_in_or_out_of_quotes() {
    let bytes = fixture("cells_as_written_orders.csv");
    let (_, p) = import("cells_as_written_orders.csv", &bytes);
    assert!(p.issues.is_empty(), "{:?}", issues(&p));
    let o = &p.data.orders.rows;
    let texts: Vec<[&str; 4]> = (o.iter())
        .map(|o| [o.id, o.customer, o.product, o.status_text].map(|t| s(&p, t)))
        .collect();
    assert_eq!(
        texts,
        [
            ["O1", "C1", " Widget ", "paid"],
            ["O2", "C1", "  Gadget ", "refunded"],
        ]
    );
    assert_eq!(o[0].customer, o[1].customer);
    assert_eq!(
        (o[0].date, o[1].date),
        (day("2024-03-01"), day("2024-03-02"))
    );
    assert_eq!((o[0].quantity, o[1].quantity), (2.0, 1.0));
    assert_eq!((o[0].amount, o[1].amount), (Money(100_000), Money(35_000)));
    assert_eq!(
        (o[0].status, o[1].status),
        (OrderStatus::Completed, OrderStatus::Refunded)
    );
}

#[test]
fn header_and_sample_cells_are_kept_as_written() {
    let bytes = fixture("cells_as_written.csv");
    let a = analyze("cells_as_written.csv", &bytes, None).unwrap();
    let header = [
        "id", " Name ", "", "City", "email", "age", "signup", "segment", "status",
    ];
    assert_eq!(a.header_cells[..9], header);
    assert_eq!(a.header_cells[9], "Notes");
    let names = [
        "id", "Name", "Column 3", "City", "email", "age", "signup", "segment",
    ];
    assert_eq!(a.headers[..8], names);
    let rows = cells(&a, &bytes);
    assert_eq!(rows, a.sample_rows);
    let row = |r: &[&str]| r.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        [
            row(&[
                " C1 ",
                "  Anna ",
                "x",
                " Paris ",
                " anna@example.com ",
                " 42 ",
                " 2024-01-05 ",
                "Gold",
                " churned ",
                " free text  "
            ]),
            row(&[
                "C2",
                "Bob  ",
                "",
                "Lyon ",
                "bob@example.com",
                "37",
                "2024-02-01",
                "Gold ",
                "active",
                "ab "
            ]),
            row(&["C3", "Cleo\nDupont", "", "Nice", "", "", "", "", "", ""]),
        ]
    );
    // Spaces after a closing quote, whatever the delimiter, the line ending and the field.
    let input = "a;b;c\r\n\"x\" ;\" y \"\u{a0};\"\"\"q\"\"\"\t\r\n";
    let a = analyze("t.csv", input.as_bytes(), None).unwrap();
    assert_eq!(a.delimiter, b';');
    assert_eq!(cells(&a, input.as_bytes()), [row(&["x", " y ", "\"q\""])]);
}

/// Pauses at every offer (a future that resolves at once); says stop after `stop_after`
/// pauses when set.
struct EveryStep {
    pauses: usize,
    stop_after: Option<usize>,
}

impl rapport::core::pace::Pace for EveryStep {
    fn pause(&mut self) -> Option<rapport::core::pace::Pause<'_>> {
        self.pauses += 1;
        let go_on = self.stop_after.is_none_or(|n| self.pauses <= n);
        Some(Box::pin(async move { go_on }))
    }
}

#[test]
fn a_paced_merge_is_the_merge_and_can_be_stopped() {
    use rapport::core::import::merge_paced;
    use rapport::core::pace::Cancelled;
    // 10,000 orders of 9,000 customers a customers file does not know (placeholders), and
    // a second file that updates half of them: more records than one step of the merge.
    let mut customers = String::from("customer_id,name\n");
    let mut orders = String::from("order_id,customer_id,order_date,amount\n");
    let mut update = orders.clone();
    for i in 0..1000 {
        customers.push_str(&format!("C{i},Name {i}\n"));
    }
    for i in 0..10_000 {
        orders.push_str(&format!(
            "{i},C{},2024-01-{:02},{i}.50\n",
            i % 9000,
            1 + i % 28
        ));
        if i % 2 == 0 {
            update.push_str(&format!("{i},C{},2024-02-01,1\n", i % 9000));
        }
    }
    let files = [
        parsed("customers.csv", &customers),
        parsed("orders.csv", &orders),
    ];
    let second = [parsed("orders2.csv", &update)];
    let (base, whole) = merge(
        &Dataset::default(),
        files.to_vec(),
        MergePolicy::CreateOnly,
        true,
    );
    assert_eq!(whole.get(Kind::Customers).placeholders, 8000);
    let (updated, whole_update) = merge(&base, second.to_vec(), MergePolicy::CreateAndUpdate, true);
    assert_eq!(whole_update.get(Kind::Orders).updated, 5000);

    let mut pace = EveryStep {
        pauses: 0,
        stop_after: None,
    };
    let (paced, summary) = pollster::block_on(merge_paced(
        &Dataset::default(),
        files.to_vec(),
        MergePolicy::CreateOnly,
        true,
        &mut pace,
    ))
    .expect("not stopped");
    assert_eq!(
        (&paced, &summary),
        (&base, &whole),
        "pausing changes nothing"
    );
    assert!(pace.pauses >= 4, "{} pauses", pace.pauses);
    let (paced, summary) = pollster::block_on(merge_paced(
        &base,
        second.to_vec(),
        MergePolicy::CreateAndUpdate,
        true,
        &mut EveryStep {
            pauses: 0,
            stop_after: None,
        },
    ))
    .expect("not stopped");
    assert_eq!((&paced, &summary), (&updated, &whole_update));

    let mut stop = EveryStep {
        pauses: 0,
        stop_after: Some(2),
    };
    let stopped = pollster::block_on(merge_paced(
        &Dataset::default(),
        files.to_vec(),
        MergePolicy::CreateOnly,
        true,
        &mut stop,
    ));
    assert_eq!(stopped.map(|_| ()), Err(Cancelled));
    assert_eq!(stop.pauses, 3, "stops at the first refused pause");
}

#[test]
fn the_first_file_into_an_empty_dataset_is_taken_whole_unless_an_id_repeats() {
    // Unique ids (and one row without an id), an extra column: the records are the file's.
    let csv = "order_id,customer_id,order_date,amount,coupon\n1,C1,2024-01-01,5.00,SPRING\n,C2,2024-01-02,6.00,\n3,C1,2024-01-03,7.00,X\n";
    let p = parsed("o.csv", csv);
    let (data, summary) = merge(&Dataset::default(), vec![p], MergePolicy::CreateOnly, true);
    let k = summary.get(Kind::Orders);
    assert_eq!((k.created, k.updated, k.skipped), (3, 0, 0));
    assert_eq!(summary.get(Kind::Customers).placeholders, 2);
    let p = parsed("o.csv", csv);
    assert_eq!(data.orders.rows, p.data.orders.rows);
    let coupons: Vec<&str> = (0..3)
        .map(|i| data.str(data.orders.extra_values[i]))
        .collect();
    assert_eq!(coupons, ["SPRING", "", "X"]);
    assert_eq!(data.str(data.orders.extra_columns[0]), "coupon");

    // An id twice in the file: the second row updates the first, as with any other merge.
    let csv = "order_id,customer_id,order_date,amount\n1,C1,2024-01-01,5.00\n2,C1,2024-01-02,6.00\n1,C1,2024-01-01,9.00\n";
    for (policy, counts, amount) in [
        (MergePolicy::CreateAndUpdate, (2, 1, 0), 900),
        (MergePolicy::CreateOnly, (2, 0, 1), 500),
    ] {
        let (data, summary) = merge(
            &Dataset::default(),
            vec![parsed("o.csv", csv)],
            policy,
            true,
        );
        let k = summary.get(Kind::Orders);
        assert_eq!((k.created, k.updated, k.skipped), counts, "{policy:?}");
        assert_eq!(data.orders.len(), 2);
        assert_eq!(
            data.orders.rows[0].amount,
            Money::from_cents(amount),
            "{policy:?}"
        );
    }
}

/// An orders file of `rows` rows whose row `i` has date `date(i)` and amount `amount(i)`.
fn orders_csv(
    rows: usize,
    date: impl Fn(usize) -> String,
    amount: impl Fn(usize) -> String,
) -> String {
    let mut csv = String::from("order_id;customer_id;order_date;amount\n");
    for i in 0..rows {
        csv.push_str(&format!("{i};C{};{};{}\n", i % 97, date(i), amount(i)));
    }
    csv
}

/// Past the profiled rows, `read` parses by the provisional analysis while it gathers the
/// rest of the evidence; where the evidence changes a column's reading, it parses again.
/// Either way, the result is `analyze` + `parse`'s.
#[test]
fn reading_once_gives_what_analyze_and_parse_give() {
    let iso = |i: usize| format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    let cents = |i: usize| format!("{}.{:02}", i % 500, i % 100);
    let cases = [
        // Nothing in the tail changes a decision: one reading.
        ("plain.csv", orders_csv(5000, iso, cents)),
        // Dates that read either way for 4,000 rows, then month-first ones: the column's
        // order is decided by the tail.
        ("dates.csv", late_month_first_dates()),
        // Amounts that do not tell their decimal separator, then decimal commas.
        (
            "decimals.csv",
            orders_csv(5000, iso, |i| match i {
                0..3000 => format!("{}", i % 900),
                _ => format!("{},{:02}", i % 900, i % 100),
            }),
        ),
    ];
    for (name, csv) in cases {
        let (analysis, parsed) = import(name, csv.as_bytes());
        assert_eq!(analysis.row_count, 5000, "{name}");
        assert_eq!(
            parsed.rows_imported(),
            5000,
            "{name}: {:?}",
            issues(&parsed)
        );
    }
    let (dates, _) = import("dates.csv", late_month_first_dates().as_bytes());
    assert_eq!(dates.columns[2].date_order, Some(DateOrder::MonthFirst));
}

/// Dates that read either way for 4,000 rows, then month-first ones (`04/13/2024`).
fn late_month_first_dates() -> String {
    orders_csv(
        5000,
        |i| match i {
            0..4000 => format!("{:02}/{:02}/2024", 1 + i % 12, 1 + i % 12),
            _ => format!("{:02}/{:02}/2024", 1 + i % 12, 13 + i % 15),
        },
        |i| format!("{}.{:02}", i % 500, i % 100),
    )
}

/// A file that cannot be imported is refused by `read` as by `analyze`, also when the
/// problem is far past the profiled rows.
#[test]
fn reading_once_refuses_what_analyze_refuses() {
    let mut csv = orders_csv(3000, |_| "2024-01-01".into(), |_| "1.00".into());
    csv.push_str("3000;C1;2024-01-01;\"never closed\n");
    csv.push_str(&"x".repeat(1_100_000));
    let expected = analyze("long.csv", csv.as_bytes(), None).unwrap_err();
    assert!(
        matches!(expected, ImportError::UnclosedQuote { .. }),
        "{expected:?}"
    );
    let got = read("long.csv", csv.as_bytes(), None, &ParseOptions::default());
    assert_eq!(got.map(|_| ()), Err(expected));
}

#[test]
fn a_telco_snapshot_maps_tenure_charges_and_churn() {
    let (a, p) = import("telco.csv", &fixture("telco_snapshot.csv"));
    assert_eq!(a.kind, Kind::Customers);
    assert_eq!(a.mapping.column_of(Field::Tenure), Some(3));
    // The one-space total is reported, and the row kept.
    assert_eq!(issues(&p), ["8 warning blank TotalCharges"]);
    let c = &p.data.customers.rows;
    assert_eq!(c.len(), 8);
    assert_eq!(s(&p, c[2].status), "churned");
    assert_eq!(c[2].tenure_months, Some(2));
    assert_eq!(c[2].monthly_charges, Some(Money::from_cents(5385)));
    assert_eq!(c[2].total_charges, Some(Money::from_cents(10815)));
    // A blank (one space) total is missing, not an error.
    assert_eq!((c[6].tenure_months, c[6].total_charges), (Some(0), None));
    // The columns Rapport has no field for stay, as text.
    assert!(p
        .data
        .customers
        .extras(0)
        .any(|(col, v)| s(&p, col) == "Contract" && s(&p, v) == "Month-to-month"));
}

#[test]
fn a_customer_status_that_says_neither_churned_nor_active_is_reported() {
    let csv = b"id,status,tenure,cancel date\n1,Active,3,\n2,VIP,5,\n3,Churned,-2,2024-03-05\n4,Lead,,\n5,Churned,1,2024-02-30\n6,Churned,4,2024-04-01\n";
    let (_, p) = import("status.csv", csv);
    assert_eq!(
        issues(&p),
        [
            "3 warning unknown_status status",
            "4 error out_of_range tenure",
            "6 error bad_date cancel date",
        ]
    );
    let i = &p.issues[0];
    assert_eq!((i.file.as_str(), i.value.as_str()), ("status.csv", "VIP"));
    // The warned row is kept with its status as written.
    let rows = &p.data.customers.rows;
    assert_eq!(rows.len(), 4);
    assert_eq!(s(&p, rows[1].status), "VIP");
    assert_eq!(rows[3].churn_date, Some(day("2024-04-01")));
}

#[test]
fn a_tenure_in_days_reads_as_whole_months() {
    let (a, p) = import(
        "days.csv",
        b"id,tenure_days,churn\n1,365,yes\n2,29,no\n3,61,no\n",
    );
    assert_eq!(a.mapping.column_of(Field::TenureDays), Some(1));
    let months: Vec<_> = p
        .data
        .customers
        .rows
        .iter()
        .map(|c| c.tenure_months)
        .collect();
    // 30.4375 days to the month: 365 days are 11.99 months, 61 days 2.004.
    assert_eq!(months, [Some(11), Some(0), Some(2)]);
}

/// The CSV reader reads a short text with a parser reused from an earlier reader, a long
/// one with a `csv::Reader` of its own: both give the same records (bytes and text), with
/// the same positions, and end at the same place, whatever the quotes and line breaks.
mod rows {
    use proptest::prelude::*;
    use rapport::core::import::Rows;

    /// Every record of `rdr`, read as text where `text`: its fields (`None` when it is not
    /// UTF-8) and where it starts (byte, line, record); then where the reader ends.
    type Read = (
        Vec<(Option<Vec<Vec<u8>>>, (u64, u64, u64))>,
        (u64, u64, u64),
    );

    fn read_all(mut rdr: Rows<'_>, text: bool) -> Read {
        let at = |p: &csv::Position| (p.byte(), p.line(), p.record());
        let mut out = Vec::new();
        let mut bytes = csv::ByteRecord::new();
        let mut string = csv::StringRecord::new();
        loop {
            let start = at(rdr.position());
            let fields = if text {
                match rdr.read_record(&mut string) {
                    Ok(false) => break,
                    Ok(true) => Some(string.iter().map(|f| f.as_bytes().to_vec()).collect()),
                    Err(_) => None,
                }
            } else {
                match rdr.read_byte_record(&mut bytes) {
                    Ok(false) => break,
                    Ok(true) => Some(bytes.iter().map(<[u8]>::to_vec).collect()),
                    Err(_) => None,
                }
            };
            let position = if text {
                string.position()
            } else {
                bytes.position()
            };
            assert_eq!(position.map(at), Some(start), "a record's position");
            out.push((fields, start));
        }
        (out, at(rdr.position()))
    }

    fn piece() -> impl Strategy<Value = &'static [u8]> {
        prop::sample::select(vec![
            &b"a"[..],
            b"bc",
            b",",
            b";",
            b"\"",
            b"\"\"",
            b"\r",
            b"\n",
            b"\r\n",
            b" ",
            "é".as_bytes(),
            &[0xC3],
            &[0xA9],
            b"\0",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn a_reused_parser_reads_as_a_csv_reader(
            pieces in prop::collection::vec(piece(), 0..120),
            semicolon in any::<bool>(),
            text in any::<bool>(),
        ) {
            let bytes = pieces.concat();
            let delimiter = if semicolon { b';' } else { b',' };
            // Twice: the second reused reader gets the first one's parser, reset.
            for _ in 0..2 {
                let own = read_all(Rows::own(&bytes, delimiter), text);
                let few = read_all(Rows::few(&bytes, delimiter), text);
                prop_assert_eq!(&few, &own);
            }
        }
    }
}
