//! Customer emails for the import files: a second streaming pass over the orders file.
//!
//! The cleaned [`Transactions`](crate::Transactions) keep no email, so the email of each
//! customer is read here from the file's `email` column: the first non-empty email on a row
//! of that customer (rows without a customer id take the customer of their order's first
//! row, as the ingest does for Shopify-style exports). When the customer id column *is* the
//! email column, the ids are the emails.

use std::collections::HashMap;

use crate::dataset::Dataset;
use crate::ingest::{Record, RecordReader};
use crate::roles::Role;
use crate::{Error, ErrorKind};

/// Customer id → email.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerEmails {
    by_customer: HashMap<String, String>,
    /// Whether the customer ids are themselves the emails.
    ids_are_emails: bool,
    /// Customers seen with more than one distinct email (the first is kept).
    pub conflicting: usize,
}

impl CustomerEmails {
    /// The email of `customer_id`, if known.
    pub fn get<'a>(&'a self, customer_id: &'a str) -> Option<&'a str> {
        if self.ids_are_emails {
            return Some(customer_id).filter(|c| c.contains('@'));
        }
        self.by_customer.get(customer_id).map(String::as_str)
    }

    /// Customers with an email.
    pub fn len(&self) -> usize {
        self.by_customer.len()
    }

    /// Whether no customer has an email (and the ids are not emails).
    pub fn is_empty(&self) -> bool {
        self.by_customer.is_empty() && !self.ids_are_emails
    }

    /// Emails of a file whose customer id column is the email column.
    pub fn from_ids() -> Self {
        Self {
            ids_are_emails: true,
            ..Self::default()
        }
    }

    /// email (lower-cased) → customer id: for matching a file that carries only emails.
    pub fn customers_by_email(&self) -> HashMap<String, String> {
        self.by_customer
            .iter()
            .map(|(c, e)| (e.to_lowercase(), c.clone()))
            .collect()
    }

    /// Whether the customer ids are the emails.
    pub fn ids_are_emails(&self) -> bool {
        self.ids_are_emails
    }
}

/// Reads the emails of a file already ingested into `dataset`, pushed in chunks.
pub struct EmailScan {
    reader: RecordReader,
    state: ScanState,
}

struct ScanState {
    has_header: bool,
    customer: usize,
    email: usize,
    order: Option<usize>,
    order_customer: HashMap<String, String>,
    out: CustomerEmails,
}

impl EmailScan {
    /// A scan with the dataset's dialect and mapping; `None` when no email column is mapped
    /// (or it is the customer id column: then [`CustomerEmails::from_ids`] is the answer).
    pub fn new(dataset: &Dataset) -> Option<Self> {
        let email = dataset.mapping.column(Role::Email)?;
        let customer = dataset.mapping.column(Role::CustomerId)?;
        if email == customer {
            return None;
        }
        Some(Self {
            reader: RecordReader::new(&dataset.dialect),
            state: ScanState {
                has_header: dataset.dialect.has_header,
                customer,
                email,
                order: dataset.mapping.column(Role::OrderId),
                order_customer: HashMap::new(),
                out: CustomerEmails::default(),
            },
        })
    }

    /// Push the next chunk of the same file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        let state = &mut self.state;
        self.reader.feed(chunk, &mut |r: &Record<'_>| {
            state.record(r);
            Ok(())
        })
    }

    /// End of the file: the emails.
    pub fn finish(mut self) -> Result<CustomerEmails, Error> {
        let state = &mut self.state;
        self.reader.finish(&mut |r: &Record<'_>| {
            state.record(r);
            Ok(())
        })?;
        Ok(self.state.out)
    }
}

impl ScanState {
    fn record(&mut self, r: &Record<'_>) {
        if self.has_header && r.index == 0 {
            return;
        }
        let cell = |c: usize| r.get(c).map_or("", str::trim);
        let order = self.order.map(cell).unwrap_or("");
        let mut customer = cell(self.customer).to_owned();
        if customer.is_empty() {
            match self.order_customer.get(order) {
                Some(c) => customer = c.clone(),
                None => return,
            }
        } else if !order.is_empty() && !self.order_customer.contains_key(order) {
            self.order_customer
                .insert(order.to_owned(), customer.clone());
        }
        let email = cell(self.email);
        if email.is_empty() {
            return;
        }
        match self.out.by_customer.get(&customer) {
            Some(known) if known != email => self.out.conflicting += 1,
            Some(_) => {}
            None => {
                self.out.by_customer.insert(customer, email.to_owned());
            }
        }
    }
}

/// The emails of `bytes` (the file `dataset` was read from): from its email column, from the
/// ids when the id column is the email column, or an error when no email column is mapped.
pub fn customer_emails(bytes: &[u8], dataset: &Dataset) -> Result<CustomerEmails, Error> {
    let (Some(email), Some(customer)) = (
        dataset.mapping.column(Role::Email),
        dataset.mapping.column(Role::CustomerId),
    ) else {
        return Err(Error::new(ErrorKind::BadOption(
            "no email column is mapped; pass --map email=COLUMN".into(),
        )));
    };
    if email == customer {
        return Ok(CustomerEmails::from_ids());
    }
    let mut scan = EmailScan::new(dataset).expect("both roles mapped, different columns");
    for chunk in bytes.chunks(1 << 20) {
        scan.push(chunk)?;
    }
    scan.finish()
}
