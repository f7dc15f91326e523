//! Format 4's orders: the rows of a part as one stream of varints, field after field, row
//! after row, without serde. A million orders are 22 MB instead of postcard's 28, and a save
//! in the browser encodes them in about half the time (the storage benchmark's save went from
//! ~1,060 to ~810 ms). Decoding takes as long as postcard's (~4 ms per part natively, most
//! of it writing the rows to memory), and a reload waits on IndexedDB's read anyway.
//!
//! ```text
//! per order, in this order          written as
//! id, customer                      varint (symbol)
//! date                              zigzag varint (days since 1970-01-01)
//! product, category                 varint (symbol)
//! quantity                          varint 2·q for a whole q in 0..=2^52, else 1 then f64 LE
//! unit_price                        varint 0 (none), or 1 then zigzag varint
//! amount                            zigzag varint (minor units)
//! discount                          as unit_price
//! channel                           varint (symbol)
//! status                            varint (0 completed, 1 refunded, 2 cancelled, 3 pending)
//! status_text                       varint (symbol)
//! ```
//!
//! The varints are postcard's (seven bits a byte, low first). Decoding refuses what does not
//! fit a field (a symbol over 32 bits, an unknown status, bytes left over or missing); the
//! part's checksum has caught damage before, and `Dataset::check` checks the symbols and
//! dates after.

use super::{varint, Reader};
use crate::model::{Day, Money, Order, OrderStatus, Sym};

/// Whole quantities up to this are written as a varint; others as their 8 bytes.
const WHOLE_MAX: f64 = 4_503_599_627_370_496.0; // 2^52

/// Appends `rows` to `out`.
pub(super) fn encode(rows: &[Order], out: &mut Vec<u8>) {
    // Some 20 bytes an order in the benchmark's data.
    out.reserve(rows.len() * 24);
    for o in rows {
        varint(out, u64::from(o.id.0));
        varint(out, u64::from(o.customer.0));
        varint(out, zigzag(i64::from(o.date.0)));
        varint(out, u64::from(o.product.0));
        varint(out, u64::from(o.category.0));
        let q = o.quantity;
        if q.fract() == 0.0 && q.is_sign_positive() && q <= WHOLE_MAX {
            varint(out, (q as u64) << 1);
        } else {
            varint(out, 1);
            out.extend_from_slice(&q.to_le_bytes());
        }
        money(out, o.unit_price);
        varint(out, zigzag(o.amount.0));
        money(out, o.discount);
        varint(out, u64::from(o.channel.0));
        varint(out, status_code(o.status));
        varint(out, u64::from(o.status_text.0));
    }
}

/// Appends the `count` orders of `bytes` (all of them) to `out`; `Err` names what is wrong.
pub(super) fn decode(bytes: &[u8], count: usize, out: &mut Vec<Order>) -> Result<(), String> {
    // Every order takes at least 12 bytes: a count beyond that is damage, not a reason to
    // reserve memory.
    if count > bytes.len() / 12 {
        return Err(format!(
            "{count} orders cannot fit in {} bytes",
            bytes.len()
        ));
    }
    out.reserve(count);
    let mut r = Reader::new(bytes);
    for _ in 0..count {
        let order = r
            .order()
            .ok_or_else(|| format!("order at byte {} is cut short or invalid", r.at))?;
        out.push(order);
    }
    if r.left() > 0 {
        return Err(format!("{} unexpected bytes after the orders", r.left()));
    }
    Ok(())
}

impl Reader<'_> {
    #[inline(always)]
    fn sym(&mut self) -> Option<Sym> {
        self.u32().map(Sym)
    }

    #[inline(always)]
    fn money(&mut self) -> Option<Option<Money>> {
        match self.varint()? {
            0 => Some(None),
            1 => Some(Some(Money(unzigzag(self.varint()?)))),
            _ => None,
        }
    }

    fn order(&mut self) -> Option<Order> {
        let id = self.sym()?;
        let customer = self.sym()?;
        let date = Day(i32::try_from(unzigzag(self.varint()?)).ok()?);
        let product = self.sym()?;
        let category = self.sym()?;
        let quantity = match self.varint()? {
            code if code & 1 == 0 => (code >> 1) as f64,
            1 => f64::from_le_bytes(self.take(8)?.try_into().ok()?),
            _ => return None,
        };
        let unit_price = self.money()?;
        let amount = Money(unzigzag(self.varint()?));
        let discount = self.money()?;
        let channel = self.sym()?;
        let status = status_of(self.varint()?)?;
        let status_text = self.sym()?;
        Some(Order {
            id,
            customer,
            date,
            product,
            category,
            quantity,
            unit_price,
            amount,
            discount,
            channel,
            status,
            status_text,
        })
    }
}

fn money(out: &mut Vec<u8>, value: Option<Money>) {
    match value {
        None => varint(out, 0),
        Some(m) => {
            varint(out, 1);
            varint(out, zigzag(m.0));
        }
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// The stored code of a status (fixed: it must not follow the enum's order).
fn status_code(status: OrderStatus) -> u64 {
    match status {
        OrderStatus::Completed => 0,
        OrderStatus::Refunded => 1,
        OrderStatus::Cancelled => 2,
        OrderStatus::Pending => 3,
    }
}

fn status_of(code: u64) -> Option<OrderStatus> {
    Some(match code {
        0 => OrderStatus::Completed,
        1 => OrderStatus::Refunded,
        2 => OrderStatus::Cancelled,
        3 => OrderStatus::Pending,
        _ => return None,
    })
}
