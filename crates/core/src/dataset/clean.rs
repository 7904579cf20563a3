//! Cleaning: once every column's format is decided, each staged row is read in its column's
//! reading and goes through the cleaning policies (failed payments, lost deals, adjustments,
//! returns); the rows kept become the [`Transactions`], with ids dense and
//! in order of first kept use.

use crate::clean::{QualityReport, RejectReason, ReturnsPolicy, StatusClass};
use crate::table::{Interner, NO_ID, Transactions};
use crate::values::{DateOrder, DecimalSeparator};

use super::build::{Builder, F_CANCEL_PREFIX, F_NO_COMMA, NO_NAME, NONE_DAY, STATUS_SHIFT, Staged};
use super::hash::FastInterner;
use super::plan::Plan;

// Positions of the number roles in `NUMBER_ROLES`.
const QTY: usize = 0;
const PRICE: usize = 1;
const AMOUNT: usize = 2;
const REFUNDED: usize = 3;

impl Builder {
    /// Apply the cleaning policies to the staged rows.
    pub(super) fn clean(
        &mut self,
        plan: &Plan,
        order: DateOrder,
        seps: [DecimalSeparator; 4],
    ) -> Transactions {
        let s = std::mem::take(&mut self.staged);
        let names = std::mem::take(&mut self.product_names).0;
        let mut kept = Kept::new(&self.customers, &self.orders, &self.products, names, &s);
        let mut numbers = Numbers::new(plan, seps);
        let policy = self.options.returns;
        for i in 0..s.line.len() {
            let line = u64::from(s.line[i]);
            let day = match order {
                DateOrder::DayFirst => s.day[i].0,
                DateOrder::MonthFirst => s.day[i].1,
            };
            if plan.date.is_some() && day == NONE_DAY {
                self.quality
                    .reject(RejectReason::BadDate, line, plan.date, None);
                continue;
            }
            let values = match numbers.read(&s, i) {
                Ok(values) => values,
                Err(k) => {
                    self.quality
                        .reject(RejectReason::BadNumber, line, plan.numbers[k], None);
                    continue;
                }
            };
            let Some(amount) =
                apply_policies(&values, numbers.has, s.flags[i], policy, &mut self.quality)
            else {
                continue;
            };
            self.quality.rows_used += 1;
            let day = if plan.date.is_some() { day } else { 0 };
            if kept.push(&s, i, day, amount) == NO_ID {
                self.quality.missing_customer_id += 1;
            }
        }
        kept.finish()
    }
}

/// Reads each staged row's numbers in the decided decimal separator.
struct Numbers {
    has: [bool; 4],
    seps: [DecimalSeparator; 4],
    /// Per number role: where the walk is in its (row-ordered) table of comma readings.
    cursor: [usize; 4],
}

impl Numbers {
    fn new(plan: &Plan, seps: [DecimalSeparator; 4]) -> Self {
        Self {
            has: plan.numbers.map(|c| c.is_some()),
            seps,
            cursor: [0; 4],
        }
    }

    /// Row `i`'s values, or the first number role that has none in its column's reading.
    /// Rows must be read in order.
    #[inline]
    fn read(&mut self, s: &Staged, i: usize) -> Result<[f64; 4], usize> {
        let mut values = [0.0f64; 4];
        let mut bad = None;
        for (k, value) in values.iter_mut().enumerate() {
            if !self.has[k] {
                continue;
            }
            let point = s.numbers[k][i];
            let side_table = &s.comma[k];
            while side_table
                .get(self.cursor[k])
                .is_some_and(|(row, _)| (*row as usize) < i)
            {
                self.cursor[k] += 1;
            }
            let side = side_table
                .get(self.cursor[k])
                .filter(|(row, _)| *row as usize == i);
            let v = match self.seps[k] {
                DecimalSeparator::Point => point,
                DecimalSeparator::Comma => match side {
                    Some(&(_, v)) => v,
                    None if s.flags[i] & (F_NO_COMMA << k) != 0 => f64::NAN,
                    None => point,
                },
            };
            if v.is_nan() {
                bad.get_or_insert(k);
            } else {
                *value = v;
            }
        }
        match bad {
            Some(k) => Err(k),
            None => Ok(values),
        }
    }
}

/// The status class staged in a row's flags.
fn status_of(flags: u8) -> StatusClass {
    match flags >> STATUS_SHIFT {
        1 => StatusClass::Failed,
        2 => StatusClass::Refunded,
        3 => StatusClass::NotWon,
        _ => StatusClass::Ok,
    }
}

/// The cleaning policies for one parsed line: its amount if it is kept, `None` (counted in
/// `quality`) if a failed payment, a lost deal, an adjustment or an excluded return.
#[inline]
fn apply_policies(
    values: &[f64; 4],
    has: [bool; 4],
    flags: u8,
    policy: ReturnsPolicy,
    quality: &mut QualityReport,
) -> Option<f64> {
    let status = status_of(flags);
    match status {
        StatusClass::Failed => {
            quality.failed_payments += 1;
            return None;
        }
        StatusClass::NotWon => {
            quality.not_won += 1;
            return None;
        }
        _ => {}
    }
    let (qty, price, amount, refunded) =
        (values[QTY], values[PRICE], values[AMOUNT], values[REFUNDED]);
    let mut line_amount = if has[AMOUNT] {
        amount - refunded
    } else if has[QTY] && has[PRICE] {
        qty * price
    } else {
        0.0
    };
    let adjustment = (has[PRICE] && price <= 0.0)
        || (has[AMOUNT] && amount == 0.0)
        || (!has[AMOUNT] && has[QTY] && has[PRICE] && line_amount == 0.0);
    if adjustment {
        quality.adjustments += 1;
        return None;
    }
    let cancelled = flags & F_CANCEL_PREFIX != 0;
    let refunded_in_full = has[REFUNDED] && has[AMOUNT] && refunded > 0.0 && refunded >= amount;
    let is_return = (has[QTY] && qty < 0.0)
        || (has[AMOUNT] && amount < 0.0)
        || cancelled
        || status == StatusClass::Refunded
        || refunded_in_full;
    if is_return {
        quality.returns += 1;
        if policy == ReturnsPolicy::Exclude {
            return None;
        }
        // Netting: a refunded sale is worth nothing; a cancellation line carries its own
        // negative amount.
        if status == StatusClass::Refunded && line_amount > 0.0 {
            line_amount = 0.0;
        }
        if cancelled && line_amount > 0.0 {
            line_amount = -line_amount;
        }
    }
    Some(line_amount)
}

/// Staging ids → the cleaned table's ids, interned on first kept use.
struct Remap<'a> {
    staging: &'a FastInterner,
    map: Vec<u32>,
}

impl<'a> Remap<'a> {
    fn new(staging: &'a FastInterner) -> Self {
        Self {
            staging,
            map: vec![NO_ID; staging.len()],
        }
    }

    /// The final id of staging id `id` (or [`NO_ID`]): interned into `out` on first use, so
    /// the cleaned table's ids are dense and in order of first kept use.
    #[inline]
    fn id(&mut self, id: u32, out: &mut Interner) -> u32 {
        if id == NO_ID {
            return NO_ID;
        }
        let slot = &mut self.map[id as usize];
        if *slot == NO_ID {
            *slot = out.intern(self.staging.name(id));
        }
        *slot
    }
}

/// The kept rows, as the cleaned table, and how often each product name was kept.
struct Kept<'a> {
    t: Transactions,
    customers: Remap<'a>,
    orders: Remap<'a>,
    products: Remap<'a>,
    /// Per staging product id, its names (see [`ProductNames`](super::build::ProductNames)).
    names: Vec<Vec<Box<str>>>,
    /// Per staging product id and name slot: kept lines carrying that name.
    name_counts: Vec<Vec<u64>>,
    labelled: bool,
}

impl<'a> Kept<'a> {
    fn new(
        customers: &'a FastInterner,
        orders: &'a FastInterner,
        products: &'a FastInterner,
        names: Vec<Vec<Box<str>>>,
        s: &Staged,
    ) -> Self {
        let name_counts = names.iter().map(|n| vec![0; n.len()]).collect();
        Self {
            t: Transactions::default(),
            customers: Remap::new(customers),
            orders: Remap::new(orders),
            products: Remap::new(products),
            names,
            name_counts,
            labelled: s.name.len() == s.line.len() && !s.name.is_empty(),
        }
    }

    /// Keep staged row `i` with its `day` and `amount`; its customer's final id.
    #[inline]
    fn push(&mut self, s: &Staged, i: usize, day: i32, amount: f64) -> u32 {
        let t = &mut self.t;
        let customer = self.customers.id(s.customer[i], &mut t.customer_ids);
        let order = self.orders.id(s.order[i], &mut t.order_ids);
        let product = self.products.id(s.product[i], &mut t.products);
        if self.labelled
            && s.name[i] != NO_NAME
            && let Some(counts) = self.name_counts.get_mut(s.product[i] as usize)
        {
            counts[usize::from(s.name[i])] += 1;
        }
        t.customer.push(customer);
        t.order.push(order);
        t.product.push(product);
        t.day.push(day);
        t.amount.push(amount);
        customer
    }

    /// The table, each product labelled with the name most of its kept lines carry.
    fn finish(mut self) -> Transactions {
        if !self.labelled {
            return self.t;
        }
        let t = &mut self.t;
        t.product_labels = vec![String::new(); t.products.len()];
        for (staging, counts) in self.name_counts.iter().enumerate() {
            let id = self.products.map.get(staging).copied().unwrap_or(NO_ID);
            // The most frequent name; `max_by_key` keeps the last maximum, so walk the slots
            // backwards to let ties go to the first name seen.
            let best = counts
                .iter()
                .enumerate()
                .rev()
                .filter(|&(_, &c)| c > 0)
                .max_by_key(|&(_, &c)| c);
            if let (true, Some((k, _))) = (id != NO_ID, best) {
                t.product_labels[id as usize] = self.names[staging][k].to_string();
            }
        }
        self.t
    }
}
