//! An orders file's row: the order line, its customer reference, and the amounts that are
//! combined at the end (unit price × quantity − discount, checked against a given amount).

use super::plan::Val;
use super::row::{mul_div_round, push_row, Bad, Context, CustomerRef, RowEnd, Staged};
use crate::import::issue::{IssueKind, Severity};
use crate::import::map::Field;
use crate::import::value::Number;
use crate::model::{Dataset, Day, Money, Order, OrderStatus, Sym};

/// An order line being staged.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct OrderRow {
    order: Order,
    customer: CustomerRef,
    has_date: bool,
    amount: Option<Money>,
    unit_price: Option<Money>,
    quantity: Option<Number>,
    discount: Option<Number>,
}

impl Staged for OrderRow {
    #[inline]
    fn apply(&mut self, field: Field, val: Val, cx: &mut Context<'_>) -> Result<(), Bad> {
        use Field as F;
        match val {
            Val::Text(s) => {
                if !self.customer.take(field, s) {
                    return self.text(field, s, cx);
                }
            }
            Val::Date(d) => {
                self.order.date = Day(d.day);
                self.has_date = true;
            }
            Val::Num(n) => match field {
                F::UnitPrice => self.unit_price = Some(n.money()),
                F::Amount => self.amount = Some(n.money()),
                F::Quantity => self.quantity = Some(n),
                F::Discount => self.discount = Some(n),
                _ => {}
            },
            Val::Int(_) | Val::Bool(_) => {}
        }
        Ok(())
    }

    /// An order needs a date, and an amount or a unit price to compute it.
    fn finish(&mut self, end: &mut RowEnd<'_, '_>) -> bool {
        self.order.customer = self.customer.resolve();
        if !self.has_date {
            if !end.failed(Field::Date) {
                let reason = "an order needs a date";
                end.missing(Field::Date, reason);
            }
            return false;
        }
        let qty = self.quantity.map_or(Money::SCALE, |q| q.scaled);
        let o = &mut self.order;
        o.quantity = qty as f64 / Money::SCALE as f64;
        o.unit_price = self.unit_price;
        let scale = i128::from(Money::SCALE);
        let gross =
            (self.unit_price).map(|p| mul_div_round(i128::from(p.0), i128::from(qty), scale));
        let discount = match (self.discount, gross) {
            (Some(d), Some(g)) if d.percent => {
                Some(mul_div_round(g, i128::from(d.scaled), 100 * scale))
            }
            (Some(d), None) if d.percent => None,
            (Some(d), _) => Some(i128::from(d.scaled)),
            (None, _) => None,
        };
        o.discount = discount.map(|d| Money(d as i64));
        self.settle_amount(gross, discount, end)
    }

    fn push(&self, data: &mut Dataset, extras: &[Sym]) {
        push_row(&mut data.orders, self.order, extras);
    }
}

impl OrderRow {
    /// A text value of the order's own (not its customer reference).
    #[inline]
    fn text(&mut self, field: Field, s: Sym, cx: &mut Context<'_>) -> Result<(), Bad> {
        let o = &mut self.order;
        match field {
            Field::Id => o.id = s,
            Field::Product => o.product = s,
            Field::Category => o.category = s,
            Field::Channel => o.channel = s,
            Field::Status => {
                o.status_text = s;
                let status = cx.meanings.order_status(s, cx.strings);
                o.status = status.unwrap_or(OrderStatus::Completed);
                if status.is_none() {
                    let reason = "unknown order status: counted as completed";
                    return Err((IssueKind::UnknownStatus, reason.into()));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The line's amount: as given (with a warning when it is neither unit price × quantity
    /// nor that less the discount), else computed from the unit price; false when there
    /// is neither.
    fn settle_amount(
        &mut self,
        gross: Option<i128>,
        discount: Option<i128>,
        end: &mut RowEnd<'_, '_>,
    ) -> bool {
        let o = &mut self.order;
        match (self.amount, gross) {
            (Some(a), Some(g)) => {
                let a128 = i128::from(a.0);
                let tolerance = i128::from(Money::SCALE / 100);
                let net = g - discount.unwrap_or(0);
                if (a128 - g).abs() > tolerance && (a128 - net).abs() > tolerance {
                    let less = if discount.is_some() {
                        " − discount"
                    } else {
                        ""
                    };
                    let computed = Money(net as i64).to_f64();
                    let reason =
                        format!("amount differs from unit price × quantity{less} = {computed}");
                    let value = format!("{}", a.to_f64());
                    end.report(
                        Some(Field::Amount),
                        &value,
                        Severity::Warning,
                        IssueKind::AmountMismatch,
                        reason,
                    );
                }
                o.amount = a;
            }
            (Some(a), None) => o.amount = a,
            (None, Some(g)) => o.amount = Money((g - discount.unwrap_or(0)) as i64),
            (None, None) => {
                if !end.failed(Field::Amount) && !end.failed(Field::UnitPrice) {
                    let reason = "an order needs an amount, or a unit price to compute it";
                    end.missing(Field::Amount, reason);
                }
                return false;
            }
        }
        true
    }
}
