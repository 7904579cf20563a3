//! Auto-mapping: header names scored against each role's vocabulary, then checked against
//! a sample of the column's values.

use super::{Assignment, MIN_CONFIDENCE, Mapping, Role, Source, Suggestion, column_name};
use crate::values::{parse_date, parse_number};

/// Header words per role: (normalised name, confidence when the header is exactly it).
/// Normalised = lower case, letters and digits only.
const VOCABULARY: &[(Role, &[(&str, f64)])] = &[
    (
        Role::CustomerId,
        &[
            ("customerid", 0.97),
            ("customer", 0.9),
            ("customerno", 0.95),
            ("customernumber", 0.95),
            ("custid", 0.95),
            ("clientid", 0.95),
            ("client", 0.8),
            ("userid", 0.85),
            ("customeruserid", 0.95),
            ("memberid", 0.9),
            ("buyerid", 0.9),
            ("accountid", 0.85),
            ("contactid", 0.85),
            ("shopperid", 0.9),
            ("customercode", 0.95),
            ("cid", 0.7),
        ],
    ),
    (
        Role::OrderId,
        &[
            ("orderid", 0.97),
            ("order", 0.85),
            ("ordernumber", 0.95),
            ("orderno", 0.95),
            ("invoice", 0.9),
            ("invoiceno", 0.95),
            ("invoiceid", 0.95),
            ("invoicenumber", 0.95),
            ("transactionid", 0.9),
            ("transaction", 0.8),
            ("receipt", 0.8),
            ("receiptid", 0.9),
            ("basketid", 0.95),
            ("basket", 0.8),
            ("ticketid", 0.85),
            ("billno", 0.85),
            ("salesorder", 0.85),
            ("orderref", 0.9),
            ("orderreference", 0.9),
            ("paymentid", 0.8),
        ],
    ),
    (
        Role::OrderDate,
        &[
            ("orderdate", 0.97),
            ("date", 0.9),
            ("invoicedate", 0.97),
            ("createdat", 0.85),
            ("created", 0.8),
            ("purchasedate", 0.95),
            ("transactiondate", 0.95),
            ("timestamp", 0.85),
            ("datetime", 0.9),
            ("paidat", 0.8),
            ("closedate", 0.85),
            ("orderdatetime", 0.95),
            ("saledate", 0.95),
            ("time", 0.7),
            ("day", 0.7),
            ("createddate", 0.85),
            ("paymentdate", 0.9),
        ],
    ),
    (
        Role::Quantity,
        &[
            ("quantity", 0.97),
            ("qty", 0.95),
            ("units", 0.9),
            ("unitssold", 0.9),
            ("lineitemquantity", 0.95),
            ("itemssold", 0.85),
            ("numberofitems", 0.85),
            ("count", 0.65),
            ("pieces", 0.8),
            ("numberofcds", 0.8),
        ],
    ),
    (
        Role::UnitPrice,
        &[
            ("unitprice", 0.97),
            ("price", 0.9),
            ("itemprice", 0.95),
            ("lineitemprice", 0.95),
            ("priceeach", 0.95),
            ("unitcost", 0.85),
            ("itemcost", 0.85),
            ("rate", 0.65),
            ("priceperunit", 0.95),
            ("salesprice", 0.85),
        ],
    ),
    (
        Role::Amount,
        &[
            ("amount", 0.95),
            ("total", 0.85),
            ("linetotal", 0.95),
            ("revenue", 0.9),
            ("sales", 0.85),
            ("value", 0.75),
            ("dollarvalue", 0.9),
            ("ordertotal", 0.85),
            ("totalprice", 0.9),
            ("totalamount", 0.9),
            ("netsales", 0.85),
            ("grosssales", 0.85),
            ("spend", 0.85),
            ("monetary", 0.85),
            ("sum", 0.65),
            ("subtotal", 0.75),
            ("lineamount", 0.95),
            ("price total", 0.9),
        ],
    ),
    (
        Role::AmountRefunded,
        &[
            ("amountrefunded", 0.95),
            ("refunded", 0.8),
            ("refundamount", 0.95),
        ],
    ),
    (
        Role::ProductId,
        &[
            ("productid", 0.97),
            ("stockcode", 0.95),
            ("sku", 0.95),
            ("itemid", 0.9),
            ("productcode", 0.95),
            ("articleid", 0.9),
            ("itemcode", 0.9),
            ("upc", 0.85),
            ("ean", 0.85),
            ("variantid", 0.8),
            ("lineitemsku", 0.95),
            ("asin", 0.85),
        ],
    ),
    (
        Role::ProductName,
        &[
            ("productname", 0.97),
            ("product", 0.9),
            ("description", 0.8),
            ("itemname", 0.95),
            ("item", 0.85),
            ("title", 0.7),
            ("lineitemname", 0.95),
            ("productdescription", 0.9),
            ("producttitle", 0.9),
            ("article", 0.8),
        ],
    ),
    (
        Role::Status,
        &[
            ("status", 0.9),
            ("financialstatus", 0.95),
            ("paymentstatus", 0.95),
            ("orderstatus", 0.9),
            ("state", 0.65),
            ("stage", 0.85),
            ("dealstage", 0.95),
        ],
    ),
    (
        Role::Email,
        &[
            ("email", 0.95),
            ("emailaddress", 0.95),
            ("customeremail", 0.95),
            ("billingemail", 0.9),
            ("billingemailaddress", 0.9),
            ("mail", 0.7),
        ],
    ),
    (
        Role::Country,
        &[
            ("country", 0.95),
            ("billingcountry", 0.9),
            ("shippingcountry", 0.85),
            ("countrycode", 0.9),
            ("nation", 0.7),
        ],
    ),
    (
        Role::Channel,
        &[
            ("channel", 0.95),
            ("saleschannel", 0.95),
            ("source", 0.7),
            ("medium", 0.7),
            ("leadsource", 0.8),
            ("utmsource", 0.8),
        ],
    ),
];

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How well a normalised header names `role`: exact vocabulary matches score their listed
/// confidence; a header containing a vocabulary word of at least four letters scores less.
fn name_score(role: Role, header: &str) -> f64 {
    let Some((_, words)) = VOCABULARY.iter().find(|(r, _)| *r == role) else {
        return 0.0;
    };
    let mut best: f64 = 0.0;
    for &(word, conf) in *words {
        if header == word {
            best = best.max(conf);
        } else if word.len() >= 4 && header.contains(word) {
            best = best.max(conf * 0.7);
        }
    }
    best
}

/// Share of the non-empty sample values that fit `role`, and how many were non-empty.
fn value_fit(role: Role, values: &[&str]) -> (f64, usize) {
    let filled: Vec<&str> = values
        .iter()
        .copied()
        .filter(|v| !v.trim().is_empty())
        .collect();
    if filled.is_empty() {
        return (0.0, 0);
    }
    let fits = |v: &str| match role {
        Role::OrderDate => {
            let c = parse_date(v);
            // A bare number is a date only as an Excel serial or YYYYMMDD; that is a weak
            // sign on its own and left to the header name.
            c.day_first.is_some() || c.month_first.is_some()
        }
        Role::Quantity | Role::UnitPrice | Role::Amount | Role::AmountRefunded => {
            let c = parse_number(v);
            !c.point.is_nan() || !c.comma.is_nan()
        }
        Role::Email => v.contains('@'),
        _ => true,
    };
    let n = filled.iter().filter(|v| fits(v)).count();
    (n as f64 / filled.len() as f64, filled.len())
}

/// Guess a mapping from the header and a sample of records.
pub fn auto_map(header: &[String], columns: usize, sample: &[Vec<String>]) -> Mapping {
    let names: Vec<String> = (0..columns)
        .map(|i| normalise(header.get(i).map_or("", |h| h)))
        .collect();
    let mut candidates: Vec<(f64, Role, usize)> = Vec::new();
    for role in Role::ALL {
        for (col, name) in names.iter().enumerate() {
            let mut conf = name_score(role, name);
            if conf == 0.0 {
                continue;
            }
            let values: Vec<&str> = sample
                .iter()
                .filter_map(|r| r.get(col).map(String::as_str))
                .collect();
            let (fit, filled) = value_fit(role, &values);
            if filled > 0 {
                // Values that do not fit the role sink the guess; values that do confirm it.
                if fit < 0.5 {
                    conf *= 0.3;
                } else if fit < 0.95 {
                    conf *= 0.8;
                } else {
                    conf = (conf + 0.03).min(0.99);
                }
            } else {
                conf *= 0.8;
            }
            candidates.push((conf, role, col));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut mapping = Mapping::default();
    let mut used = vec![false; columns];
    for (conf, role, col) in candidates {
        if mapping.has(role) || used[col] {
            continue;
        }
        if conf < MIN_CONFIDENCE {
            if !mapping.suggestions.iter().any(|s| s.role == role) {
                mapping.suggestions.push(Suggestion {
                    role,
                    column: column_name(header, col),
                    confidence: round2(conf),
                });
            }
            continue;
        }
        used[col] = true;
        mapping.roles.insert(
            role,
            Assignment {
                column: col,
                name: column_name(header, col),
                confidence: round2(conf),
                source: Source::Auto,
            },
        );
    }
    // No customer id column but an email column: the email identifies the customer.
    let email = mapping.roles.get(&Role::Email).cloned();
    if let Some(email) = email.filter(|_| !mapping.has(Role::CustomerId)) {
        let confidence = round2(email.confidence * 0.9);
        mapping.roles.insert(
            Role::CustomerId,
            Assignment {
                confidence,
                ..email
            },
        );
    }
    mapping
        .suggestions
        .retain(|s| !mapping.roles.contains_key(&s.role));
    mapping
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
