use super::{Dialect, Encoding};

const CANDIDATE_DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
const SNIFF_LINES: usize = 200;

/// Decide the dialect of a file from a sample of its first bytes.
///
/// Encoding: a byte-order mark wins; otherwise UTF-8 if the sample is valid UTF-8 (a sequence
/// cut by the end of the sample is allowed), else Windows-1252. Delimiter: the candidate whose
/// per-line count (outside quotes) is most consistent over the sampled lines, preferring
/// more fields on ties. Header: assumed when no field of the first record parses as a number.
pub fn sniff(sample: &[u8]) -> Dialect {
    let (encoding, text) = decode_sample(sample);
    let lines: Vec<&str> = logical_lines(&text).take(SNIFF_LINES).collect();
    let delimiter = pick_delimiter(&lines);
    let has_header = lines.first().is_none_or(|first| {
        split_unquoted(first, delimiter).all(|f| f.trim().parse::<f64>().is_err())
    });
    Dialect { encoding, delimiter, quote: b'"', has_header }
}

fn decode_sample(sample: &[u8]) -> (Encoding, String) {
    if let Some(rest) = sample.strip_prefix(b"\xEF\xBB\xBF") {
        return (Encoding::Utf8Bom, String::from_utf8_lossy(rest).into_owned());
    }
    if sample.starts_with(b"\xFF\xFE") {
        let (text, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(sample);
        return (Encoding::Utf16Le, text.into_owned());
    }
    if sample.starts_with(b"\xFE\xFF") {
        let (text, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(sample);
        return (Encoding::Utf16Be, text.into_owned());
    }
    match std::str::from_utf8(sample) {
        Ok(text) => (Encoding::Utf8, text.to_owned()),
        // A multi-byte character cut by the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() => {
            (Encoding::Utf8, String::from_utf8_lossy(&sample[..e.valid_up_to()]).into_owned())
        }
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(sample);
            (Encoding::Windows1252, text.into_owned())
        }
    }
}

/// Lines, joining physical lines inside quoted fields. The last line of a sample may be cut.
fn logical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut in_quotes = false;
        let bytes = rest.as_bytes();
        let mut end = bytes.len();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' if !in_quotes => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let line = rest[..end].trim_end_matches('\r');
        rest = rest.get(end + 1..).unwrap_or("");
        Some(line)
    })
    .filter(|l| !l.is_empty())
}

fn split_unquoted(line: &str, delimiter: u8) -> impl Iterator<Item = &str> {
    let mut in_quotes = false;
    line.split(move |c: char| {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        !in_quotes && c as u32 == u32::from(delimiter)
    })
}

fn pick_delimiter(lines: &[&str]) -> u8 {
    // The last sampled line may be cut short by the sample size; leave it out when possible.
    let lines = if lines.len() > 2 { &lines[..lines.len() - 1] } else { lines };
    let mut best = (b',', 0.0_f64, 0usize);
    for &d in &CANDIDATE_DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|l| split_unquoted(l, d).count() - 1).collect();
        let Some(mode) = mode(&counts) else { continue };
        if mode == 0 {
            continue;
        }
        let consistency =
            counts.iter().filter(|&&c| c == mode).count() as f64 / counts.len() as f64;
        if consistency > best.1 || (consistency == best.1 && mode > best.2) {
            best = (d, consistency, mode);
        }
    }
    best.0
}

fn mode(counts: &[usize]) -> Option<usize> {
    let mut freq = std::collections::BTreeMap::new();
    for &c in counts {
        *freq.entry(c).or_insert(0usize) += 1;
    }
    freq.into_iter().max_by_key(|&(count, n)| (n, count)).map(|(count, _)| count)
}
