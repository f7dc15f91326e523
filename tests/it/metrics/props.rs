//! Properties over random datasets: partitions add up, filters never add.

use super::builder::{day, B};
use proptest::prelude::*;
use rapport::core::metrics::AsOf;
use rapport::core::metrics::{
    customer_metrics, dashboard, sales, CustomerIndex, CustomerModel, Filter, Params,
};
use rapport::core::model::{Dataset, OrderStatus};

const CHANNELS: [&str; 3] = ["web", "store", ""];
const SEGMENTS: [&str; 3] = ["Consumer", "Corporate", ""];
const CATEGORIES: [&str; 3] = ["Books", "Toys", ""];

/// (customer 0..8, day offset 0..120, cents −500..20 000, channel, category, status)
type OrderSpec = (u8, i32, i64, usize, usize, u8);

fn dataset(orders: &[OrderSpec]) -> Dataset {
    let mut b = B::new();
    for c in 0..6u8 {
        b.customer(&c.to_string(), SEGMENTS[c as usize % 3], None);
    }
    for (i, &(c, off, cents, ch, cat, st)) in orders.iter().enumerate() {
        let status = match st {
            0 => OrderStatus::Refunded,
            1 => OrderStatus::Cancelled,
            2 => OrderStatus::Pending,
            _ => OrderStatus::Completed,
        };
        let date = rapport::core::model::Day(day("2024-01-01").0 + off).iso();
        let id = if i % 4 == 3 {
            format!("{}", i - 1)
        } else {
            i.to_string()
        };
        b.order_full(
            &id,
            &c.to_string(),
            &date,
            cents as f64 / 100.0,
            CATEGORIES[cat],
            CHANNELS[ch],
            status,
        );
    }
    b.build()
}

fn orders() -> impl Strategy<Value = Vec<OrderSpec>> {
    prop::collection::vec(
        (
            0u8..8,
            0i32..120,
            -500i64..20_000,
            0usize..3,
            0usize..3,
            0u8..8,
        ),
        0..60,
    )
}

fn sum(s: &rapport::core::series::Series) -> f64 {
    s.values().iter().sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn revenue_partitions_add_up(specs in orders(), from in 0i32..60, len in 1i32..90) {
        let ds = dataset(&specs);
        let idx = CustomerIndex::build(&ds);
        let params = Params::default();
        let f = Filter {
            from: Some(rapport::core::model::Day(day("2024-01-01").0 + from)),
            to: Some(rapport::core::model::Day(day("2024-01-01").0 + from + len)),
            ..Filter::default()
        };
        let as_of = day("2024-06-30");
        let s = sales(&ds, &idx, &f, as_of, &params);
        let total = s.revenue.value.unwrap();
        for part in [&s.by_month.value, &s.by_week.value, &s.by_category.value, &s.by_channel.value] {
            prop_assert!((sum(part) - total).abs() < 1e-6, "{} vs {}", sum(part), total);
        }
        // Splitting by channel: the channel-filtered revenues add up to the whole.
        let by_channel: f64 = idx.channels().iter().map(|&ch| {
            let g = Filter { channels: vec![ch], ..f.clone() };
            sales(&ds, &idx, &g, as_of, &params).revenue.value.unwrap()
        }).sum();
        prop_assert!((by_channel - total).abs() < 1e-6);
        prop_assert!((s.gross.value.unwrap() - s.refunds.value.unwrap() - total).abs() < 1e-6);
    }

    #[test]
    fn filters_never_increase_counts(specs in orders(), seg in 0usize..3, ch in 0usize..3) {
        let ds = dataset(&specs);
        let idx = CustomerIndex::build(&ds);
        let params = Params::default();
        let as_of = day("2024-06-30");
        let all = Filter::all();
        let narrowed = Filter {
            segments: vec![ds.strings.lookup(SEGMENTS[seg]).unwrap()],
            channels: ds.strings.lookup(CHANNELS[ch]).into_iter().collect(),
            ..Filter::default()
        };
        let (a, n) = (
            customer_metrics(&ds, &idx, &all, as_of, &params),
            customer_metrics(&ds, &idx, &narrowed, as_of, &params),
        );
        for (x, y) in [(&a.total, &n.total), (&a.active, &n.active), (&a.new, &n.new)] {
            prop_assert!(y.value.unwrap() <= x.value.unwrap());
        }
        prop_assert!(n.churn.prev_active <= a.churn.prev_active);
        let (sa, sn) = (sales(&ds, &idx, &all, as_of, &params), sales(&ds, &idx, &narrowed, as_of, &params));
        prop_assert!(sn.orders.value.unwrap() <= sa.orders.value.unwrap());
        prop_assert!(sn.gross.value.unwrap() <= sa.gross.value.unwrap() + 1e-9);
    }

    #[test]
    fn the_dashboard_never_panics_or_yields_nan(specs in orders(), as_of in 0i32..200) {
        let ds = dataset(&specs);
        let idx = CustomerIndex::build(&ds);
        let params = Params::default();
        let as_of = rapport::core::model::Day(day("2024-01-01").0 + as_of);
        let model = CustomerModel::fit(&idx, as_of, &params);
        let d = dashboard(&ds, &idx, Some(&model), &Filter::all(), &AsOf::same(as_of), &params);
        let json = serde_json::to_string(&d).unwrap();
        prop_assert!(!json.contains("NaN") && !json.contains("null,null,null,null,null,null,null,null,null"));
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
}
