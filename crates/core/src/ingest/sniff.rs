use super::reader::RecordReader;
use super::{Dialect, Encoding};
use crate::Error;

const CANDIDATE_DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Sniffing looks at no more than this much decoded text, however long the sample.
const MAX_SNIFF_TEXT: usize = 1 << 20;
/// ... and at no more than this many records.
const MAX_SNIFF_RECORDS: usize = 5_000;

/// What the caller already knows about a file; `None` leaves it to sniffing.
/// The command line's `--delimiter` and `--encoding` land here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SniffOptions {
    /// Force the field delimiter.
    pub delimiter: Option<u8>,
    /// Force the text encoding.
    pub encoding: Option<Encoding>,
    /// Force whether the first record is a header.
    pub has_header: Option<bool>,
}

/// On what grounds a part of the [`Dialect`] was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The caller forced it ([`SniffOptions`]).
    Forced,
    /// A byte-order mark at the start of the file.
    ByteOrderMark,
    /// The content of the sample.
    Content,
    /// Nothing in the sample decided it; the default was taken.
    Default,
}

/// The sniffed [`Dialect`] and how each part of it was decided, for reports and for asking
/// the user when a guess is weak.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SniffReport {
    /// The decided dialect.
    pub dialect: Dialect,
    /// How the encoding was decided.
    pub encoding_basis: Basis,
    /// How the delimiter was decided.
    pub delimiter_basis: Basis,
    /// How the header row was decided.
    pub header_basis: Basis,
    /// Fields per record in the sample with the chosen delimiter (the most common count).
    pub columns: usize,
    /// Share of sampled records that have exactly `columns` fields (1.0 = all).
    pub consistency: f64,
    /// Records looked at.
    pub records_sampled: usize,
    /// Whether any sampled field is quoted.
    pub quoted_fields: bool,
}

/// Decide the dialect of a file from a sample of its first bytes.
/// Same as [`sniff_with`] with nothing forced.
pub fn sniff(sample: &[u8]) -> Dialect {
    sniff_report(sample, &SniffOptions::default()).dialect
}

/// Decide the dialect of a file from a sample of its first bytes, keeping what `options`
/// forces. See [`sniff_report`] for how.
pub fn sniff_with(sample: &[u8], options: &SniffOptions) -> Dialect {
    sniff_report(sample, options).dialect
}

/// Decide the dialect of a file from a sample of its first bytes (the whole file or its
/// first tens of kilobytes; a record cut by the end of the sample is allowed), and say how.
///
/// Everything is decided over the whole sample, never from the first line alone:
/// 1. **Encoding**: a byte-order mark wins (UTF-8, UTF-16LE as Excel's "Unicode Text"
///    writes it, UTF-16BE); then UTF-16 without a mark if every other byte is NUL; then
///    UTF-8 if the sample is valid UTF-8 (a character cut by the end of the sample is
///    allowed); else Windows-1252, which decodes any byte.
/// 2. **Delimiter**: the sample is parsed with each of `,` `;` TAB `|` (quotes respected).
///    A candidate scores the share of records having its most common field count, times
///    the share of fields that look clean (empty, a number — `1,5` and `1.234,56 €`
///    included — or free of the other candidates). Highest score wins; ties go to more
///    fields, then to the order above. With no candidate giving two or more fields, the
///    file has one column and `,` is reported as the default.
/// 3. **Header**: each column votes. Where the other records are mostly numbers or dates,
///    a first-record value that is text votes "header" and one of the same kind votes
///    "data"; a first-record value repeated further down its column votes "data". With no
///    votes, a first record without numbers is taken as a header (the default).
///
/// The quote character is always `"` (doubled to escape, as Excel writes it);
/// [`SniffReport::quoted_fields`] says whether the sample uses it.
pub fn sniff_report(sample: &[u8], options: &SniffOptions) -> SniffReport {
    let (encoding, encoding_basis) = match options.encoding {
        Some(forced) => (forced, Basis::Forced),
        None => detect_encoding(sample),
    };
    let text = decode_sample(sample, encoding);
    let complete_tail = text.ends_with(['\n', '\r']);

    let candidates: &[u8] = match &options.delimiter {
        Some(forced) => std::slice::from_ref(forced),
        None => &CANDIDATE_DELIMITERS,
    };
    let mut best: Option<Candidate> = None;
    for &delimiter in candidates {
        let records = parse_sample(&text, delimiter, complete_tail);
        let candidate = Candidate::score(delimiter, records);
        let better = match &best {
            None => true,
            Some(b) => {
                (candidate.score, candidate.columns) > (b.score, b.columns)
                    && (candidate.columns >= 2 || options.delimiter.is_some())
            }
        };
        if better {
            best = Some(candidate);
        }
    }
    let Some(best) = best else {
        // Unreachable (there is always a candidate), but no panic on any input.
        return SniffReport {
            dialect: Dialect {
                encoding,
                ..Dialect::default()
            },
            encoding_basis,
            delimiter_basis: Basis::Default,
            header_basis: Basis::Default,
            columns: 0,
            consistency: 0.0,
            records_sampled: 0,
            quoted_fields: false,
        };
    };
    let (delimiter, delimiter_basis) = if options.delimiter.is_some() {
        (best.delimiter, Basis::Forced)
    } else if best.columns >= 2 {
        (best.delimiter, Basis::Content)
    } else {
        (b',', Basis::Default)
    };
    let records = if delimiter == best.delimiter {
        best.records
    } else {
        parse_sample(&text, delimiter, complete_tail)
    };
    let (has_header, header_basis) = match options.has_header {
        Some(forced) => (forced, Basis::Forced),
        None => detect_header(&records),
    };
    SniffReport {
        dialect: Dialect {
            encoding,
            delimiter,
            quote: b'"',
            has_header,
        },
        encoding_basis,
        delimiter_basis,
        header_basis,
        columns: best.columns,
        consistency: best.consistency,
        records_sampled: records.len(),
        quoted_fields: has_quoted_field(&text, delimiter),
    }
}

fn detect_encoding(sample: &[u8]) -> (Encoding, Basis) {
    if sample.starts_with(b"\xEF\xBB\xBF") {
        return (Encoding::Utf8Bom, Basis::ByteOrderMark);
    }
    if sample.starts_with(b"\xFF\xFE") {
        return (Encoding::Utf16Le, Basis::ByteOrderMark);
    }
    if sample.starts_with(b"\xFE\xFF") {
        return (Encoding::Utf16Be, Basis::ByteOrderMark);
    }
    if let Some(encoding) = utf16_without_bom(sample) {
        return (encoding, Basis::Content);
    }
    match std::str::from_utf8(sample) {
        Ok(_) => (Encoding::Utf8, Basis::Content),
        // A multi-byte character cut by the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() => (Encoding::Utf8, Basis::Content),
        Err(_) => (Encoding::Windows1252, Basis::Content),
    }
}

/// Text in UTF-16 without a byte-order mark has a NUL in nearly every high byte.
fn utf16_without_bom(sample: &[u8]) -> Option<Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 10 >= pairs * 9;
    let rarely = |n: usize| n * 10 <= pairs;
    if mostly(odd) && rarely(even) {
        Some(Encoding::Utf16Le)
    } else if mostly(even) && rarely(odd) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

fn decode_sample(sample: &[u8], encoding: Encoding) -> String {
    let sample = &sample[..sample.len().min(MAX_SNIFF_TEXT)];
    let text = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            let sample = sample.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(sample);
            String::from_utf8_lossy(sample)
        }
        Encoding::Utf16Le => encoding_rs::UTF_16LE.decode_with_bom_removal(sample).0,
        Encoding::Utf16Be => encoding_rs::UTF_16BE.decode_with_bom_removal(sample).0,
        Encoding::Windows1252 => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(sample)
                .0
        }
    };
    text.into_owned()
}

/// The sample's records with `delimiter`, as far as they parse. A last record that the end
/// of the sample may have cut is left out, unless it is all there is.
fn parse_sample(text: &str, delimiter: u8, complete_tail: bool) -> Vec<Vec<String>> {
    let dialect = Dialect {
        encoding: Encoding::Utf8,
        delimiter,
        quote: b'"',
        has_header: false,
    };
    let mut reader = RecordReader::new(&dialect);
    let mut records = Vec::new();
    let mut collect = |r: &super::Record<'_>| -> Result<(), Error> {
        if records.len() < MAX_SNIFF_RECORDS {
            records.push(
                r.fields()
                    .iter()
                    .map(|f| (*f).to_owned())
                    .collect::<Vec<_>>(),
            );
        }
        Ok(())
    };
    // The sample may end inside a quoted field; what parsed before that still counts.
    let whole =
        reader.feed(text.as_bytes(), &mut collect).is_ok() && reader.finish(&mut collect).is_ok();
    if (!whole || !complete_tail) && records.len() > 2 {
        records.pop();
    }
    records
}

struct Candidate {
    delimiter: u8,
    score: f64,
    columns: usize,
    consistency: f64,
    records: Vec<Vec<String>>,
}

impl Candidate {
    fn score(delimiter: u8, records: Vec<Vec<String>>) -> Self {
        let columns = mode(records.iter().map(Vec::len));
        let consistent = records.iter().filter(|r| r.len() == columns).count();
        let consistency = if records.is_empty() {
            0.0
        } else {
            consistent as f64 / records.len() as f64
        };
        let (mut fields, mut clean) = (0usize, 0usize);
        for field in records.iter().flatten() {
            fields += 1;
            clean += usize::from(is_clean(field, delimiter));
        }
        let cleanliness = if fields == 0 {
            0.0
        } else {
            clean as f64 / fields as f64
        };
        let score = if columns >= 2 {
            consistency * cleanliness
        } else {
            0.0
        };
        Self {
            delimiter,
            score,
            columns,
            consistency,
            records,
        }
    }
}

/// The most common value (ties: the larger); 0 for none.
fn mode(values: impl Iterator<Item = usize>) -> usize {
    let mut freq = std::collections::BTreeMap::new();
    for v in values {
        *freq.entry(v).or_insert(0usize) += 1;
    }
    freq.into_iter()
        .max_by_key(|&(value, n)| (n, value))
        .map_or(0, |(value, _)| value)
}

fn is_clean(field: &str, delimiter: u8) -> bool {
    let field = field.trim();
    field.is_empty()
        || looks_numeric(field)
        || !field
            .bytes()
            .any(|b| b != delimiter && CANDIDATE_DELIMITERS.contains(&b))
}

/// Digits with the punctuation numbers and amounts are written with: `-1,234.56`,
/// `1.234,56 €`, `$12`, `(3.50)`, `12%`.
fn looks_numeric(field: &str) -> bool {
    let mut digits = 0;
    for c in field.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' | ',' | ' ' | '\u{a0}' | '\'' | '-' | '+' | '(' | ')' | '%' => {}
            c if is_currency(c) => {}
            _ => return false,
        }
    }
    digits > 0
}

fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '¥' | '₹' | '₩' | '₽' | '¢' | '₺' | '₪' | '₫'
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    Number,
    Date,
    Text,
}

fn kind(field: &str) -> Kind {
    let field = field.trim();
    if field.is_empty() {
        Kind::Empty
    } else if looks_date(field) {
        Kind::Date
    } else if looks_numeric(field) {
        Kind::Number
    } else {
        Kind::Text
    }
}

/// `2024-03-01`, `01/03/2024 10:15`, `2024-03-01T10:15:00+01:00`, `1.3.24`: digits with at
/// least two date separators, and nothing else but time punctuation.
fn looks_date(field: &str) -> bool {
    let mut separators = 0;
    let mut digits = 0;
    for c in field.chars() {
        match c {
            '0'..='9' => digits += 1,
            '-' | '/' | '.' => separators += 1,
            ':' | ' ' | 'T' | 'Z' | '+' => {}
            _ => return false,
        }
    }
    digits >= 3 && separators >= 2
}

pub(crate) fn detect_header(records: &[Vec<String>]) -> (bool, Basis) {
    let Some((first, rest)) = records.split_first() else {
        return (true, Basis::Default);
    };
    let (mut header, mut data) = (0usize, 0usize);
    for (column, value) in first.iter().enumerate() {
        let value = value.trim();
        let below: Vec<&str> = rest
            .iter()
            .filter_map(|r| r.get(column))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if below.is_empty() {
            continue;
        }
        if !value.is_empty() && below.contains(&value) {
            data += 1;
            continue;
        }
        let mut kinds = [0usize; 2];
        for v in &below {
            match kind(v) {
                Kind::Number => kinds[0] += 1,
                Kind::Date => kinds[1] += 1,
                Kind::Empty | Kind::Text => {}
            }
        }
        let typed = |n: usize| n * 10 >= below.len() * 8;
        let column_kind = if typed(kinds[0]) {
            Kind::Number
        } else if typed(kinds[1]) {
            Kind::Date
        } else {
            continue;
        };
        match kind(value) {
            Kind::Text => header += 1,
            k if k == column_kind => data += 1,
            _ => {}
        }
    }
    if header > data {
        (true, Basis::Content)
    } else if data > header {
        (false, Basis::Content)
    } else {
        let any_number = first
            .iter()
            .any(|f| matches!(kind(f), Kind::Number | Kind::Date));
        (!any_number, Basis::Default)
    }
}

/// Whether some field in `text` starts with a quote.
fn has_quoted_field(text: &str, delimiter: u8) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'"', bytes)
        .any(|i| i == 0 || matches!(bytes[i - 1], b'\n' | b'\r') || bytes[i - 1] == delimiter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_comma_does_not_fool_the_delimiter() {
        let d = sniff(b"1,5;2,3\n4,25;7,0\n8,5;9,75\n");
        assert_eq!(d.delimiter, b';');
        assert!(!d.has_header);
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text: Vec<u8> = "a\tb\n1\t2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(detect_encoding(&text), (Encoding::Utf16Le, Basis::Content));
        let text: Vec<u8> = "a\tb\n1\t2\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(detect_encoding(&text), (Encoding::Utf16Be, Basis::Content));
    }

    #[test]
    fn numbers_and_dates() {
        for yes in ["1", "-1,234.56", "1.234,56 €", "$12", "(3.50)", "12%"] {
            assert!(looks_numeric(yes), "{yes}");
        }
        for no in ["", "abc", "12a", "-"] {
            assert!(!looks_numeric(no), "{no}");
        }
        for yes in [
            "2024-03-01",
            "01/03/2024 10:15",
            "2024-03-01T10:15:00+01:00",
            "1.3.24",
        ] {
            assert!(looks_date(yes), "{yes}");
        }
        for no in ["1.5", "12", "Invoice", "1-2"] {
            assert!(!looks_date(no), "{no}");
        }
    }
}
