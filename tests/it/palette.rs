use rapport::palette::{search, Person, Target};
use rapport::routes::Page;

const PAGES: [(Page, &str); 3] = [
    (Page::Overview, "Overview"),
    (Page::Customers, "Customers"),
    (Page::Sales, "Sales"),
];

fn people() -> Vec<Person<'static>> {
    [
        ("c-1", "Ann Lee", "ann@example.com"),
        ("c-2", "Bob Annan", "bob@example.com"),
        ("c-3", "", "zoe@annex.io"),
        ("ann", "Zed", ""),
        ("c-5", "Annabel", "a@b.c"),
    ]
    .into_iter()
    .map(|(id, name, email)| Person { id, name, email })
    .collect()
}

/// (label, detail) of each entry, pages as "page:/route".
fn check(query: &str, limit: usize, expected: &[&str]) {
    let got: Vec<String> = search(query, &PAGES, people(), limit)
        .into_iter()
        .map(|e| match e.target {
            Target::Page(p) => format!("page:{}", p.path()),
            Target::Customer(id) => format!("{id}|{}|{}", e.label, e.detail),
        })
        .collect();
    assert_eq!(got, expected, "query {query:?} limit {limit}");
}

#[test]
fn pages_and_customers_match_case_insensitively_best_first() {
    // Empty: every page, no customers.
    check("", 5, &["page:/", "page:/customers", "page:/sales"]);
    check("  SAL ", 5, &["page:/sales"]);
    // Exact ID first, then names starting with the query, then the rest in data order.
    check(
        "ann",
        10,
        &[
            "ann|Zed|ann",
            "c-1|Ann Lee|c-1 · ann@example.com",
            "c-5|Annabel|c-5 · a@b.c",
            "c-2|Bob Annan|c-2 · bob@example.com",
            "c-3|c-3|c-3 · zoe@annex.io",
        ],
    );
    // Capped.
    check(
        "ann",
        2,
        &["ann|Zed|ann", "c-1|Ann Lee|c-1 · ann@example.com"],
    );
    // By e-mail, and a page and a customer together.
    check(
        "EXAMPLE.com",
        5,
        &[
            "c-1|Ann Lee|c-1 · ann@example.com",
            "c-2|Bob Annan|c-2 · bob@example.com",
        ],
    );
    check(
        "o",
        1,
        &[
            "page:/",
            "page:/customers",
            "c-1|Ann Lee|c-1 · ann@example.com",
        ],
    );
    check("nobody", 5, &[]);
}
