use rapport::core::edit::{
    add_customer, delete_customer, update_customer, CustomerFields, EditError,
};
use rapport::core::model::*;

fn sample() -> Dataset {
    let mut ds = Dataset::default();
    let s = &mut ds.strings;
    let (a, b) = (s.intern("A1"), s.intern("B2"));
    ds.customers.rows.push(Customer {
        id: a,
        name: s.intern("Ann"),
        ..Default::default()
    });
    ds.customers.rows.push(Customer {
        id: b,
        name: s.intern("Bob"),
        placeholder: true,
        ..Default::default()
    });
    ds.customers.extra_columns.push(s.intern("tier"));
    ds.customers.extra_values = vec![s.intern("gold"), s.intern("silver")];
    for (i, c) in [a, b, a].into_iter().enumerate() {
        ds.orders.rows.push(Order {
            id: s.intern(&format!("O{i}")),
            customer: c,
            amount: Money::from_units(10),
            ..Default::default()
        });
    }
    ds.orders.extra_columns.push(s.intern("note"));
    ds.orders.extra_values = vec![s.intern("x"), s.intern("y"), s.intern("z")];
    ds.tickets.rows.push(Ticket {
        customer: b,
        ..Default::default()
    });
    ds
}

fn fields(id: &str, name: &str) -> CustomerFields {
    CustomerFields {
        id: id.into(),
        name: name.into(),
        email: " new@example.com ".into(),
        ..Default::default()
    }
}

#[test]
fn adding_needs_a_new_id_and_keeps_the_input() {
    let ds = sample();
    let out = add_customer(&ds, &fields("C3", "Cy")).unwrap();
    assert_eq!(out.customers.len(), 3);
    let c = out.customers.rows[2];
    assert_eq!(
        (out.str(c.id), out.str(c.name), out.str(c.email)),
        ("C3", "Cy", "new@example.com")
    );
    assert_eq!(out.customers.extras(2).count(), 0);
    assert_eq!(out.customers.extra_values.len(), 3);
    assert_eq!(ds, sample(), "the input is unchanged (it is the undo)");
    assert_eq!(
        add_customer(&ds, &fields(" A1 ", "x")),
        Err(EditError::DuplicateId("A1".into()))
    );
    assert_eq!(
        add_customer(&ds, &fields("  ", "x")),
        Err(EditError::MissingId)
    );
}

#[test]
fn editing_changes_fields_and_carries_a_new_id_to_related_records() {
    let ds = sample();
    let out = update_customer(&ds, "B2", &fields("B9", "Bobby")).unwrap();
    let c = out.customers.rows[1];
    assert_eq!(
        (out.str(c.id), out.str(c.name), c.placeholder),
        ("B9", "Bobby", false)
    );
    assert_eq!(out.str(out.orders.rows[1].customer), "B9");
    assert_eq!(out.str(out.tickets.rows[0].customer), "B9");
    assert_eq!(out.str(out.orders.rows[0].customer), "A1");
    assert_eq!(
        out.customers
            .extras(1)
            .map(|(_, v)| out.str(v).to_string())
            .collect::<Vec<_>>(),
        ["silver"]
    );
    assert_eq!(
        update_customer(&ds, "B2", &fields("A1", "x")),
        Err(EditError::DuplicateId("A1".into()))
    );
    assert_eq!(
        update_customer(&ds, "ZZ", &fields("ZZ", "x")),
        Err(EditError::NotFound("ZZ".into()))
    );
}

#[test]
fn deleting_keeps_or_removes_related_records_as_asked() {
    let ds = sample();
    let kept = delete_customer(&ds, "A1", false).unwrap();
    assert_eq!(kept.customers.len(), 1);
    assert_eq!(kept.str(kept.customers.rows[0].id), "B2");
    assert_eq!(
        kept.customers
            .extras(0)
            .map(|(_, v)| kept.str(v).to_string())
            .collect::<Vec<_>>(),
        ["silver"]
    );
    assert_eq!(kept.orders.len(), 3);
    let removed = delete_customer(&ds, "A1", true).unwrap();
    assert_eq!(removed.orders.len(), 1);
    assert_eq!(removed.str(removed.orders.rows[0].id), "O1");
    assert_eq!(
        removed
            .orders
            .extras(0)
            .map(|(_, v)| removed.str(v).to_string())
            .collect::<Vec<_>>(),
        ["y"]
    );
    assert_eq!(removed.tickets.len(), 1, "B2's ticket stays");
    assert!(removed.check().is_ok());
    assert_eq!(
        delete_customer(&ds, "nope", true),
        Err(EditError::NotFound("nope".into()))
    );
}
