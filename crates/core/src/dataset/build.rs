//! Building: records in, rows staged. Until the [plan](super::plan) is made the first records
//! are only sampled; after it, every record goes through [`Builder::row`]: counted, checked
//! for its field count and for being a duplicate, its cells read in both readings, its order's
//! fields filled down, and staged (or rejected with its line and reason).

use std::collections::HashSet;

use crate::Error;
use crate::clean::{DuplicatesPolicy, QualityReport, RejectReason, StatusClass, classify_status};
use crate::ingest::{Dialect, Record, joint};
use crate::roles::Role;
use crate::table::{NO_ID, Transactions};
use crate::values::{DateCell, DateEvidence, NumberCell, NumberEvidence, parse_date, parse_number};

use super::hash::{DigestSet, FastInterner, row_digest};
use super::plan::Plan;
use super::{DatasetOptions, Layout, SAMPLE_RECORDS};

/// Staged flag: the order id starts with `C` and a digit (an Online Retail cancellation).
pub(super) const F_CANCEL_PREFIX: u8 = 1;
/// Bit `1 << (1 + k)`: number role `k`'s cell has no decimal-comma reading.
pub(super) const F_NO_COMMA: u8 = 2;
/// The staged flags' top bits hold the row's [`StatusClass`].
pub(super) const STATUS_SHIFT: u8 = 5;

/// Rows waiting for their columns' formats to be decided.
#[derive(Default)]
pub(super) struct Staged {
    /// 1-based lines (saturating at 2^32 - 1).
    pub(super) line: Vec<u32>,
    pub(super) customer: Vec<u32>,
    pub(super) order: Vec<u32>,
    pub(super) product: Vec<u32>,
    /// Day-first and month-first readings.
    pub(super) day: Vec<(i32, i32)>,
    /// Per number role: the decimal-point reading (NaN when there is none) ...
    pub(super) numbers: [Vec<f64>; 4],
    /// ... and, only where it differs, the decimal-comma reading, by row.
    pub(super) comma: [Vec<(u32, f64)>; 4],
    pub(super) flags: Vec<u8>,
    /// When both product_id and product_name are mapped: per row, which of its product's
    /// names ([`ProductNames`]) the row carries, or [`NO_NAME`].
    pub(super) name: Vec<u8>,
}

/// A row without a product name of its own.
pub(super) const NO_NAME: u8 = u8::MAX;
/// Distinct names remembered per product id; further names are not counted (a product id
/// with more is not named consistently anyway, and the bound keeps the scan short).
const MAX_NAMES: usize = 64;

/// Per staging product id: the distinct product names its rows carry, in order of first
/// appearance. A row's name is found by comparing strings along this short list (most ids
/// have one name), so no hashing is added to the per-row path.
#[derive(Default)]
pub(super) struct ProductNames(pub(super) Vec<Vec<Box<str>>>);

impl ProductNames {
    /// The slot of `name` among `product`'s names, adding it if new and there is room.
    fn slot(&mut self, product: u32, name: &str) -> u8 {
        if name.is_empty() {
            return NO_NAME;
        }
        let i = product as usize;
        if self.0.len() <= i {
            self.0.resize_with(i + 1, Vec::new);
        }
        let names = &mut self.0[i];
        if let Some(k) = names.iter().position(|n| &**n == name) {
            return k as u8;
        }
        if names.len() >= MAX_NAMES {
            return NO_NAME;
        }
        names.push(name.into());
        (names.len() - 1) as u8
    }
}

/// Number roles in staging order.
pub(super) const NUMBER_ROLES: [Role; 4] = [
    Role::Quantity,
    Role::UnitPrice,
    Role::Amount,
    Role::AmountRefunded,
];
/// A date reading that does not exist.
pub(super) const NONE_DAY: i32 = i32::MIN;

/// The fields an order's first row gives the order's later rows that leave them empty
/// (Shopify puts order-level fields on the first line item only).
#[derive(Clone, Copy)]
pub(super) struct OrderFill {
    customer: u32,
    day: (i32, i32),
    date_missing: bool,
    status: u8,
}

/// What the data says about each column's format, gathered from the rows that are kept.
#[derive(Default)]
pub(super) struct Evidence {
    /// The order date column: which readings its cells allow.
    pub(super) date: DateEvidence,
    /// The first cell that reads both as day/month and as month/day.
    pub(super) first_ambiguous: Option<String>,
    /// Per number role: which decimal separators its cells allow.
    pub(super) numbers: [NumberEvidence; 4],
}

impl Evidence {
    /// Count a kept row's date and numbers.
    #[inline]
    pub(super) fn add(
        &mut self,
        plan: &Plan,
        date: DateCell,
        date_text: &str,
        numbers: &[NumberCell; 4],
        line: u64,
    ) {
        if plan.date.is_some() {
            let before = self.date.ambiguous;
            self.date.add(date, line);
            if before == 0 && self.date.ambiguous == 1 {
                self.first_ambiguous = Some(date_text.to_owned());
            }
        }
        for (k, n) in numbers.iter().enumerate() {
            if plan.numbers[k].is_some() {
                self.numbers[k].add(*n);
            }
        }
    }
}

/// Builds a [`Dataset`](super::Dataset) from records: samples, plans, stages, and at the end
/// ([`finish`](super::finish)) cleans.
pub(super) struct Builder {
    pub(super) dialect: Dialect,
    pub(super) options: DatasetOptions,
    /// The first records, until the plan is made.
    pub(super) sample: Vec<(Vec<String>, u64)>,
    pub(super) plan: Option<Plan>,
    pub(super) header: Vec<String>,
    pub(super) columns: usize,
    pub(super) preview: Vec<Vec<String>>,
    pub(super) column_filled: Vec<u64>,
    pub(super) quality: QualityReport,
    pub(super) seen: DigestSet,
    pub(super) customers: FastInterner,
    pub(super) orders: FastInterner,
    pub(super) products: FastInterner,
    pub(super) order_fill: Vec<Option<OrderFill>>,
    pub(super) staged: Staged,
    pub(super) evidence: Evidence,
    /// The table of a one-basket-per-line file, built as it is read (nothing to decide).
    pub(super) baskets: Transactions,
    item_seen: HashSet<u32>,
    queue: Queue,
    pub(super) product_names: ProductNames,
}

/// How many rows are queued before they are processed (see [`Builder::record_queued`]).
pub(super) const WARM: usize = 16;

/// Records copied out of the reader's buffers: rows waiting in [`Builder::record_queued`],
/// or a batch crossing to the builder's thread in [`load_reader`](super::load_reader).
#[derive(Default)]
pub(super) struct Queue {
    /// Each record's [`Record::text`], end to end.
    pub(super) text: String,
    /// Per field: its start and end in `text`.
    pub(super) spans: Vec<(usize, usize)>,
    /// Per record: (fields so far, line, digest).
    pub(super) records: Vec<(usize, u64, u128)>,
}

impl Queue {
    pub(super) fn push(&mut self, r: &Record<'_>, digest: u128) {
        let mut at = self.text.len();
        self.text.push_str(r.text());
        for f in r.fields() {
            self.spans.push((at, at + f.len()));
            // Fields are joined by one byte.
            at += f.len() + 1;
        }
        self.records.push((self.spans.len(), r.line, digest));
    }

    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.records.clear();
    }

    /// Hand every record to `f` with its fields, text, line and digest, `warm` at a time
    /// after loading their slots in the duplicate set together (independent loads: their
    /// cache misses overlap instead of coming one after another).
    pub(super) fn each(
        &self,
        warm: usize,
        builder: &mut Builder,
        mut f: impl FnMut(&mut Builder, &[&str], &str, u64, u128) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let fields: Vec<&str> = self.spans.iter().map(|&(a, b)| &self.text[a..b]).collect();
        let mut first = 0;
        for group in self.records.chunks(warm.max(1)) {
            builder.seen.warm(group.iter().map(|r| r.2));
            for &(last, line, digest) in group {
                let text = match (self.spans.get(first), last.checked_sub(1)) {
                    (Some(&(from, _)), Some(l)) if l >= first => &self.text[from..self.spans[l].1],
                    _ => "",
                };
                f(builder, &fields[first..last], text, line, digest)?;
                first = last;
            }
        }
        Ok(())
    }
}

/// One table row's cells for the mapped roles, trimmed (`""` when unmapped or empty).
pub(super) struct Cells<'a> {
    pub(super) order: &'a str,
    pub(super) customer: &'a str,
    pub(super) status: &'a str,
    pub(super) date: &'a str,
    pub(super) product_id: &'a str,
    pub(super) product_name: &'a str,
}

impl<'a> Cells<'a> {
    #[inline]
    pub(super) fn read(plan: &Plan, fields: &[&'a str]) -> Self {
        let cell = |c: Option<usize>| c.and_then(|c| fields.get(c)).map_or("", |f| trim(f));
        let mut customer = cell(plan.customer);
        if customer.is_empty() || plan.guest_ids.contains(&customer) {
            // A guest: their email, when the export has one; else no customer (the row is
            // counted as without customer id and left out of customer analyses).
            customer = cell(plan.customer_fallback);
        }
        Self {
            order: cell(plan.order),
            customer,
            status: cell(plan.status),
            date: cell(plan.date),
            product_id: cell(plan.product_id),
            product_name: cell(plan.product_name),
        }
    }
}

/// Why a row's numbers cannot be used: the reason, the column and the cell, if any.
pub(super) type NumberProblem<'a> = (RejectReason, usize, Option<&'a str>);

/// Both readings of each mapped number cell. An empty refund cell is zero; any other empty
/// cell, or one no reading can parse, is the row's problem.
#[inline]
pub(super) fn read_numbers<'a>(
    plan: &Plan,
    fields: &[&'a str],
) -> Result<[NumberCell; 4], NumberProblem<'a>> {
    let mut numbers = [NumberCell::BAD; 4];
    for (k, column) in plan.numbers.iter().enumerate() {
        let Some(column) = *column else { continue };
        let text = fields.get(column).map_or("", |f| trim(f));
        if text.is_empty() {
            if NUMBER_ROLES[k] == Role::AmountRefunded {
                numbers[k] = NumberCell {
                    point: 0.0,
                    comma: 0.0,
                };
                continue;
            }
            return Err((RejectReason::MissingNumber, column, None));
        }
        let n = parse_number(text);
        if n.point.is_nan() && n.comma.is_nan() {
            return Err((RejectReason::BadNumber, column, Some(text)));
        }
        numbers[k] = n;
    }
    Ok(numbers)
}

/// A row's customer, status and date, after its order's first row filled in what it lacks.
#[derive(Clone, Copy)]
pub(super) struct Keys {
    pub(super) customer: u32,
    pub(super) status: u8,
    pub(super) date: DateCell,
    pub(super) date_missing: bool,
    /// Day-first and month-first readings ([`NONE_DAY`] when there is none).
    day: (i32, i32),
}

impl Keys {
    #[inline]
    fn read(plan: &Plan, cells: &Cells<'_>, customers: &mut FastInterner) -> Self {
        let customer = match cells.customer {
            "" => NO_ID,
            c => customers.intern(c),
        };
        Self::with_customer(plan, cells, customer)
    }

    /// The keys of a row whose customer is already interned.
    #[inline]
    pub(super) fn with_customer(plan: &Plan, cells: &Cells<'_>, customer: u32) -> Self {
        let status = plan.status.map_or(StatusClass::Ok, |_| {
            classify_status(cells.status, plan.vocabulary)
        }) as u8;
        let date_missing = plan.date.is_some() && cells.date.is_empty();
        let date = if plan.date.is_some() && !date_missing {
            parse_date(cells.date)
        } else {
            DateCell::BAD
        };
        let day = (
            date.day_first.unwrap_or(NONE_DAY),
            date.month_first.unwrap_or(NONE_DAY),
        );
        Self {
            customer,
            status,
            date,
            date_missing,
            day,
        }
    }

    /// Remember the first row of `order`, or fill this later row's empty customer, date and
    /// status from it.
    #[inline]
    pub(super) fn fill_down(
        &mut self,
        order: u32,
        status_empty: bool,
        fills: &mut Vec<Option<OrderFill>>,
    ) {
        let i = order as usize;
        if fills.len() <= i {
            fills.resize(i + 1, None);
        }
        let Some(first) = fills[i] else {
            fills[i] = Some(OrderFill {
                customer: self.customer,
                day: self.day,
                date_missing: self.date_missing,
                status: self.status,
            });
            return;
        };
        if self.customer == NO_ID {
            self.customer = first.customer;
        }
        if self.date_missing && !first.date_missing {
            self.date_missing = false;
            self.day = first.day;
            self.date = DateCell {
                day_first: (self.day.0 != NONE_DAY).then_some(self.day.0),
                month_first: (self.day.1 != NONE_DAY).then_some(self.day.1),
                kind: None,
            };
        }
        if status_empty {
            self.status = first.status;
        }
    }
}

impl Staged {
    /// Stage one row that passed every check made while reading.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
        &mut self,
        plan: &Plan,
        line: u64,
        keys: &Keys,
        order: u32,
        product: u32,
        name: Option<u8>,
        cancel: bool,
        numbers: &[NumberCell; 4],
    ) {
        let row = u32::try_from(self.line.len()).unwrap_or(u32::MAX);
        self.line.push(u32::try_from(line).unwrap_or(u32::MAX));
        self.customer.push(keys.customer);
        self.order.push(order);
        self.product.push(product);
        if let Some(name) = name {
            self.name.push(name);
        }
        self.day.push(keys.day);
        let mut flags = (u8::from(cancel) * F_CANCEL_PREFIX) | (keys.status << STATUS_SHIFT);
        for (k, n) in numbers.iter().enumerate() {
            if plan.numbers[k].is_some() {
                self.numbers[k].push(n.point);
                if n.comma.is_nan() {
                    flags |= F_NO_COMMA << k;
                } else if n.point.is_nan() || n.point != n.comma {
                    self.comma[k].push((row, n.comma));
                }
            }
        }
        self.flags.push(flags);
    }

    /// Size the buffers for `rows` rows.
    fn reserve(&mut self, rows: usize, plan: &Plan) {
        self.line.reserve(rows);
        self.customer.reserve(rows);
        self.order.reserve(rows);
        self.product.reserve(rows);
        self.day.reserve(rows);
        self.flags.reserve(rows);
        for (k, column) in plan.numbers.iter().enumerate() {
            if column.is_some() {
                self.numbers[k].reserve(rows);
            }
        }
    }
}

impl Builder {
    pub(super) fn new(dialect: Dialect, options: DatasetOptions) -> Self {
        Self {
            dialect,
            options,
            sample: Vec::new(),
            plan: None,
            header: Vec::new(),
            columns: 0,
            preview: Vec::new(),
            column_filled: Vec::new(),
            quality: QualityReport::default(),
            seen: DigestSet::default(),
            customers: FastInterner::default(),
            orders: FastInterner::default(),
            products: FastInterner::default(),
            order_fill: Vec::new(),
            staged: Staged::default(),
            evidence: Evidence::default(),
            baskets: Transactions::default(),
            item_seen: HashSet::new(),
            queue: Queue::default(),
            product_names: ProductNames::default(),
        }
    }

    /// Take one record from the reader. Table rows are queued, [`WARM`] at a time, so their
    /// slots in the duplicate set can be loaded together (the set is far bigger than the
    /// caches; one miss at a time would dominate the whole ingest).
    pub(super) fn record_queued(&mut self, r: &Record<'_>) -> Result<(), Error> {
        if !self
            .plan
            .as_ref()
            .is_some_and(|p| p.layout == Layout::Table)
        {
            return self.record(r.fields(), Some(r.text()), r.line, None);
        }
        let digest = row_digest(r.fields(), r.text().as_bytes());
        self.queue.push(r, digest);
        if self.queue.records.len() >= WARM {
            self.flush_queue();
        }
        Ok(())
    }

    /// Process the queued rows, in order.
    pub(super) fn flush_queue(&mut self) {
        if self.queue.records.is_empty() {
            return;
        }
        let mut q = std::mem::take(&mut self.queue);
        let _ = q.each(WARM, self, |builder, fields, text, line, digest| {
            builder.row(fields, Some(text), line, Some(digest));
            Ok(())
        });
        q.clear();
        self.queue = q;
    }

    /// Take one record; `text` is its fields laid end to end, when at hand, and `digest` its
    /// [`row_digest`] when already computed.
    pub(super) fn record(
        &mut self,
        fields: &[&str],
        text: Option<&str>,
        line: u64,
        digest: Option<u128>,
    ) -> Result<(), Error> {
        if self.plan.is_some() {
            self.row(fields, text, line, digest);
            return Ok(());
        }
        self.sample
            .push((fields.iter().map(|f| (*f).to_owned()).collect(), line));
        if self.sample.len() >= SAMPLE_RECORDS {
            self.plan()?;
        }
        Ok(())
    }

    /// Size the staging buffers for a `size`-byte input whose rows look like `sample`.
    pub(super) fn reserve(&mut self, size: u64, sample: &[(Vec<String>, u64)]) {
        let Some(plan) = self.plan.as_ref() else {
            return;
        };
        if plan.layout != Layout::Table || sample.is_empty() {
            return;
        }
        let bytes: usize = sample
            .iter()
            .map(|(r, _)| r.iter().map(|f| f.len() + 1).sum::<usize>())
            .sum();
        let per_row = (bytes / sample.len()).max(4) as u64;
        let rows = (size / per_row + size / per_row / 32 + 16).min(1 << 28) as usize;
        self.seen.reserve(rows);
        self.staged.reserve(rows, plan);
    }

    /// One data record after the plan: counted, then staged or rejected (or dropped as a
    /// duplicate).
    pub(super) fn row(
        &mut self,
        fields: &[&str],
        text: Option<&str>,
        line: u64,
        digest: Option<u128>,
    ) {
        self.count(fields);
        let Some(layout) = self.plan.as_ref().map(|p| p.layout) else {
            return;
        };
        if layout == Layout::BasketPerLine {
            self.basket_row(fields, line);
            return;
        }
        if fields.len() != self.columns {
            self.quality
                .reject(RejectReason::WrongFieldCount, line, None, None);
            return;
        }
        if self.drops_duplicate(fields, text, digest) {
            return;
        }
        let Some(plan) = self.plan.as_ref() else {
            return;
        };
        let cells = Cells::read(plan, fields);
        // Numbers that no reading can parse are rejected once the date is known to be good
        // (dates are checked first); their evidence waits until the row is known to be good.
        let numbers = read_numbers(plan, fields);
        let order = match cells.order {
            "" => NO_ID,
            o => self.orders.intern(o),
        };
        let mut keys = Keys::read(plan, &cells, &mut self.customers);
        if plan.fill_down && order != NO_ID {
            keys.fill_down(order, cells.status.is_empty(), &mut self.order_fill);
        }
        if keys.date_missing {
            self.quality
                .reject(RejectReason::MissingDate, line, plan.date, None);
            return;
        }
        if plan.date.is_some() && keys.date.day_first.is_none() && keys.date.month_first.is_none() {
            self.quality
                .reject(RejectReason::BadDate, line, plan.date, Some(cells.date));
            return;
        }
        let numbers = match numbers {
            Ok(numbers) => numbers,
            Err((reason, column, text)) => {
                self.quality.reject(reason, line, Some(column), text);
                return;
            }
        };
        self.evidence
            .add(plan, keys.date, cells.date, &numbers, line);
        let (product, name) = product_of(plan, &cells, &mut self.products, &mut self.product_names);
        let cancel = cells.order.len() > 1
            && cells.order.as_bytes()[0] == b'C'
            && cells.order.as_bytes()[1].is_ascii_digit();
        self.staged
            .push(plan, line, &keys, order, product, name, cancel, &numbers);
    }

    /// Count a record read: its non-empty cells, and the preview while it is short.
    #[inline]
    pub(super) fn count(&mut self, fields: &[&str]) {
        self.quality.rows_read += 1;
        for (filled, f) in self.column_filled.iter_mut().zip(fields) {
            *filled += u64::from(!is_blank(f));
        }
        if self.preview.len() < self.options.preview_records {
            self.preview
                .push(fields.iter().map(|f| (*f).to_owned()).collect());
        }
    }

    /// Whether this row repeats an earlier one exactly and the policy removes it (it is
    /// counted either way).
    #[inline]
    pub(super) fn drops_duplicate(
        &mut self,
        fields: &[&str],
        text: Option<&str>,
        digest: Option<u128>,
    ) -> bool {
        let digest = digest.unwrap_or_else(|| match text {
            Some(text) => row_digest(fields, text.as_bytes()),
            None => {
                let joint = char::from(joint(self.dialect.delimiter)).to_string();
                row_digest(fields, fields.join(joint.as_str()).as_bytes())
            }
        });
        if self.seen.insert(digest) {
            return false;
        }
        self.quality.duplicates += 1;
        self.options.duplicates == DuplicatesPolicy::Remove
    }

    /// One basket per line: the line is an order, its distinct non-empty fields its items.
    fn basket_row(&mut self, fields: &[&str], line: u64) {
        self.item_seen.clear();
        let mut items = Vec::new();
        for f in fields {
            let item = f.trim();
            if item.is_empty() {
                continue;
            }
            let id = self.baskets.products.intern(item);
            if self.item_seen.insert(id) {
                items.push(id);
            }
        }
        if items.is_empty() {
            self.quality
                .reject(RejectReason::EmptyBasket, line, None, None);
            return;
        }
        let order = self.baskets.order_ids.intern(&line.to_string());
        for id in items {
            self.baskets.customer.push(NO_ID);
            self.baskets.order.push(order);
            self.baskets.product.push(id);
            self.baskets.day.push(0);
            self.baskets.amount.push(0.0);
        }
        self.quality.rows_used += 1;
        self.quality.missing_customer_id += 1;
    }
}

/// `f` without surrounding white space; most cells have none, so look before trimming.
pub(super) fn trim(f: &str) -> &str {
    match (f.as_bytes().first(), f.as_bytes().last()) {
        (Some(a), Some(b)) if *a > b' ' && *b > b' ' && a.is_ascii() && b.is_ascii() => f,
        _ => f.trim(),
    }
}

fn is_blank(f: &str) -> bool {
    trim(f).is_empty()
}

/// The row's staging product id (its product id, else its name) and, when both are
/// mapped, which of the product's names it carries.
#[inline]
fn product_of(
    plan: &Plan,
    cells: &Cells<'_>,
    products: &mut FastInterner,
    names: &mut ProductNames,
) -> (u32, Option<u8>) {
    let product = match product_text(cells) {
        "" => NO_ID,
        text => products.intern(text),
    };
    (product, product_name_slot(plan, cells, product, names))
}

/// The text a row's product is interned by: its product id, else its name.
#[inline]
pub(super) fn product_text<'a>(cells: &Cells<'a>) -> &'a str {
    match cells.product_id {
        "" => cells.product_name,
        p => p,
    }
}

/// When both product_id and product_name are mapped, which of `product`'s names the row
/// carries ([`NO_NAME`] for none).
#[inline]
pub(super) fn product_name_slot(
    plan: &Plan,
    cells: &Cells<'_>,
    product: u32,
    names: &mut ProductNames,
) -> Option<u8> {
    let labelled = plan.product_id.is_some() && plan.product_name.is_some();
    if !labelled {
        return None;
    }
    Some(if product != NO_ID && !cells.product_id.is_empty() {
        names.slot(product, cells.product_name)
    } else {
        NO_NAME
    })
}
