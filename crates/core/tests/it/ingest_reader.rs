//! The record layer of ingest: records, line numbers and errors, table-driven in the style of
//! rust-csv's tests, plus property tests that the output does not depend on chunking.

use proptest::prelude::*;
use segmint_core::{Dialect, Encoding, Error, ErrorKind, Position, Record, RecordReader};

/// Everything a reader produced: `(line, fields)` per record, then the error if any.
#[derive(Debug, PartialEq)]
struct Output {
    records: Vec<(u64, Vec<String>)>,
    error: Option<Error>,
}

fn dialect(encoding: Encoding, delimiter: u8) -> Dialect {
    Dialect {
        encoding,
        delimiter,
        quote: b'"',
        has_header: false,
    }
}

fn read_with(reader: RecordReader, input: &[u8], cuts: &[usize]) -> Output {
    let mut reader = reader;
    let mut records = Vec::new();
    let mut next_index = 0;
    let mut collect = |r: &Record<'_>| -> Result<(), Error> {
        assert_eq!(r.index, next_index, "record indexes are dense");
        next_index += 1;
        records.push((r.line, r.fields().iter().map(|f| (*f).to_owned()).collect()));
        Ok(())
    };
    let mut start = 0;
    let mut error = None;
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(input.len())).collect();
    cuts.sort_unstable();
    for end in cuts.into_iter().chain([input.len()]) {
        if let Err(e) = reader.feed(&input[start..end], &mut collect) {
            error = Some(e);
            break;
        }
        start = end;
    }
    if error.is_none() {
        error = reader.finish(&mut collect).err();
    }
    Output { records, error }
}

fn read(input: &[u8]) -> Output {
    read_with(
        RecordReader::new(&dialect(Encoding::Utf8, b',')),
        input,
        &[],
    )
}

/// A UTF-8 reader that never falls back to Windows-1252.
fn strict() -> RecordReader {
    RecordReader::new(&dialect(Encoding::Utf8, b',')).fallback_to_windows_1252(false)
}

fn rows(records: &[(u64, &[&str])]) -> Vec<(u64, Vec<String>)> {
    records
        .iter()
        .map(|(l, f)| (*l, f.iter().map(|s| (*s).to_owned()).collect()))
        .collect()
}

/// `parses_to!(name, input, [(line, [fields…]), …])`: the records and the physical line
/// each starts on, with no error; checked whole and split at every byte.
macro_rules! parses_to {
    ($name:ident, $input:expr, [$(($line:expr, [$($field:expr),* $(,)?])),* $(,)?]) => {
        #[test]
        fn $name() {
            let input: &[u8] = $input.as_ref();
            let expected = Output {
                records: rows(&[$(($line, &[$($field),*] as &[&str])),*]),
                error: None,
            };
            assert_eq!(read(input), expected, "input {:?}", String::from_utf8_lossy(input));
            for cut in 0..=input.len() {
                let got = read_with(
                    RecordReader::new(&dialect(Encoding::Utf8, b',')),
                    input,
                    &[cut],
                );
                assert_eq!(got, expected, "cut at {cut}");
            }
        }
    };
}

/// `fails_with!(name, input, [records before…], kind, line, column)`, with a [`strict`]
/// reader.
macro_rules! fails_with {
    ($name:ident, $input:expr, [$(($rline:expr, [$($field:expr),*])),*], $kind:expr, $line:expr, $column:expr) => {
        #[test]
        fn $name() {
            let input: &[u8] = $input.as_ref();
            let got = read_with(strict(), input, &[]);
            let records = rows(&[$(($rline, &[$($field),*] as &[&str])),*]);
            assert_eq!(got.records, records);
            let error = got.error.expect("an error");
            assert_eq!(error.kind, $kind);
            let p = error.position.expect("a position");
            assert_eq!((p.line, p.column), ($line, $column), "{error}");
            for cut in 0..=input.len() {
                let split = read_with(strict(), input, &[cut]);
                assert_eq!(split.records, records, "cut at {cut}");
                assert_eq!(split.error.as_ref(), Some(&error), "cut at {cut}");
            }
        }
    };
}

parses_to!(empty, "", []);
parses_to!(only_newlines, "\n\r\n\r\n\n", []);
parses_to!(one_field, "a", [(1, ["a"])]);
parses_to!(simple_lf, "a,b\n1,2\n", [(1, ["a", "b"]), (2, ["1", "2"])]);
parses_to!(
    simple_crlf,
    "a,b\r\n1,2\r\n",
    [(1, ["a", "b"]), (2, ["1", "2"])]
);
parses_to!(
    lone_cr,
    "a,b\r1,2\r3,4",
    [(1, ["a", "b"]), (2, ["1", "2"]), (3, ["3", "4"])]
);
parses_to!(
    mixed_terminators,
    "a\r\nb\nc\rd",
    [(1, ["a"]), (2, ["b"]), (3, ["c"]), (4, ["d"])]
);
parses_to!(
    no_final_newline,
    "a,b\n1,2",
    [(1, ["a", "b"]), (2, ["1", "2"])]
);
parses_to!(
    blank_lines_are_skipped_but_counted,
    "\n\na,b\n\n\r\n1,2\n\n",
    [(3, ["a", "b"]), (6, ["1", "2"])]
);
parses_to!(
    blank_lines_crlf,
    "\r\n\r\na\r\n\r\nb\r\n",
    [(3, ["a"]), (5, ["b"])]
);
parses_to!(
    whitespace_line_is_a_record,
    "a\n \nb\n",
    [(1, ["a"]), (2, [" "]), (3, ["b"])]
);
parses_to!(empty_fields, ",\n,,\n", [(1, ["", ""]), (2, ["", "", ""])]);
parses_to!(
    quoted_empty_field_is_a_record,
    "\"\"\na\n",
    [(1, [""]), (2, ["a"])]
);
parses_to!(quoted_delimiter, "\"a,b\",c\n", [(1, ["a,b", "c"])]);
parses_to!(escaped_quote, "\"a\"\"b\",c\n", [(1, ["a\"b", "c"])]);
parses_to!(
    quoted_newline_lines,
    "h\n\"a\nb\",c\nnext\n",
    [(1, ["h"]), (2, ["a\nb", "c"]), (4, ["next"])]
);
parses_to!(
    quoted_crlf_lines,
    "h\r\n\"a\r\nb\r\nc\",d\r\nnext\r\n",
    [(1, ["h"]), (2, ["a\r\nb\r\nc", "d"]), (5, ["next"])]
);
parses_to!(
    quoted_lone_cr_counts_as_a_line,
    "\"a\rb\",c\nnext",
    [(1, ["a\rb", "c"]), (3, ["next"])]
);
parses_to!(
    cr_and_lf_in_adjacent_fields_are_two_lines,
    "\"a\r\",\"\nb\"\nnext\n",
    [(1, ["a\r", "\nb"]), (4, ["next"])]
);
parses_to!(
    quote_inside_unquoted_field_is_data,
    "a\"b,c\n",
    [(1, ["a\"b", "c"])]
);
parses_to!(text_after_closing_quote, "\"a\"b,c\n", [(1, ["ab", "c"])]);
parses_to!(
    ragged_rows_are_delivered_as_they_are,
    "a,b,c\n1,2\n1,2,3,4\n",
    [
        (1, ["a", "b", "c"]),
        (2, ["1", "2"]),
        (3, ["1", "2", "3", "4"])
    ]
);
parses_to!(utf8_bom_is_removed, b"\xEF\xBB\xBFa,b\n", [(1, ["a", "b"])]);
parses_to!(
    only_the_first_bom_is_removed,
    b"\xEF\xBB\xBF\xEF\xBB\xBFa\n",
    [(1, ["\u{feff}a"])]
);
parses_to!(bom_only, b"\xEF\xBB\xBF", []);
parses_to!(multibyte, "é,€\n😀\n", [(1, ["é", "€"]), (2, ["😀"])]);

fails_with!(
    unterminated_quote_names_its_opening_line,
    "a,b\n1,2\n3,\"open\n4,5\n6,7\n",
    [(1, ["a", "b"]), (2, ["1", "2"])],
    ErrorKind::UnterminatedQuote,
    3,
    Some(2)
);
fails_with!(
    unterminated_quote_after_a_multiline_field,
    "\"x\ny\",\"open\nmore",
    [],
    ErrorKind::UnterminatedQuote,
    2,
    Some(2)
);
fails_with!(
    unterminated_quote_at_start,
    "\"",
    [],
    ErrorKind::UnterminatedQuote,
    1,
    Some(1)
);
fails_with!(
    escaped_quote_at_eof_is_still_open,
    "a\n\"b\"\"",
    [(1, ["a"])],
    ErrorKind::UnterminatedQuote,
    2,
    Some(1)
);
fails_with!(
    invalid_utf8_names_line_and_column,
    b"a,b\n1,2\n3,caf\xE9,5\n",
    [(1, ["a", "b"]), (2, ["1", "2"])],
    ErrorKind::InvalidEncoding {
        encoding: "UTF-8".into()
    },
    3,
    Some(2)
);
fails_with!(
    invalid_utf8_inside_a_multiline_field,
    b"\"a\nb\nc\xFF\"\n",
    [],
    ErrorKind::InvalidEncoding {
        encoding: "UTF-8".into()
    },
    3,
    Some(1)
);
fails_with!(
    character_split_by_a_delimiter,
    b"x\n\xC3,\xA9\n",
    [(1, ["x"])],
    ErrorKind::InvalidEncoding {
        encoding: "UTF-8".into()
    },
    2,
    Some(1)
);
fails_with!(
    partial_bom_is_data,
    b"\xEF\xBB,\n",
    [],
    ErrorKind::InvalidEncoding {
        encoding: "UTF-8".into()
    },
    1,
    Some(1)
);
fails_with!(
    truncated_character_at_eof,
    b"x\ny\xE2\x82",
    [(1, ["x"])],
    ErrorKind::InvalidEncoding {
        encoding: "UTF-8".into()
    },
    2,
    Some(1)
);

#[test]
fn error_messages_let_a_user_find_the_row() {
    let error = read_with(strict(), b"a,b\n1,2\n3,caf\xE9\n", &[])
        .error
        .expect("invalid");
    let message = error.to_string();
    assert!(
        message.starts_with("line 3, column 2: the bytes are not valid UTF-8"),
        "{message}"
    );
    assert!(message.contains("--encoding windows-1252"), "{message}");

    let error = read(b"a\n\"open\n\n").error.expect("open quote");
    assert!(
        error
            .to_string()
            .starts_with("line 2, column 1: this quoted field is never closed")
    );
}

parses_to!(
    ascii_then_windows_1252_falls_back,
    b"id,city\n1,Paris\n2,M\xFCnchen\n3,\xA35 \x80\n",
    [
        (1, ["id", "city"]),
        (2, ["1", "Paris"]),
        (3, ["2", "München"]),
        (4, ["3", "£5 €"])
    ]
);
parses_to!(
    fallback_rereads_a_character_split_by_a_delimiter,
    b"x\n\xC3,\xA9\n",
    [(1, ["x"]), (2, ["Ã", "©"])]
);
parses_to!(
    fallback_inside_a_multiline_field,
    b"\"a\nb\nc\xFF\"\n\xE9",
    [(1, ["a\nb\ncÿ"]), (4, ["é"])]
);

#[test]
fn fallback_is_reported_and_only_when_lossless() {
    let mut reader = RecordReader::new(&dialect(Encoding::Utf8, b','));
    assert_eq!(reader.encoding(), Encoding::Utf8);
    let mut ignore = |_: &Record<'_>| Ok(());
    reader.feed(b"a\nb\xE9\n", &mut ignore).expect("falls back");
    assert_eq!(reader.encoding(), Encoding::Windows1252);

    // Once real UTF-8 was seen, a later stray byte is an error, never a silent re-read.
    let got = read(b"caf\xC3\xA9\nna\xEFve\n");
    assert_eq!(got.records, rows(&[(1, &["café"])]));
    let error = got.error.expect("mixed encodings");
    assert_eq!(
        error.kind,
        ErrorKind::InvalidEncoding {
            encoding: "UTF-8".into()
        }
    );
    assert_eq!(
        error.position.map(|p| (p.line, p.column)),
        Some((2, Some(1)))
    );
    // ... also within one record.
    assert!(read(b"\xC3\xA9,\xE9\n").error.is_some());

    // A BOM says UTF-8 for sure; so does the user forcing it.
    for reader in [
        RecordReader::new(&dialect(Encoding::Utf8Bom, b',')),
        strict(),
    ] {
        let got = read_with(reader, b"a\nb\xE9\n", &[]);
        assert!(got.error.is_some());
    }
}

#[test]
fn binary_files_are_refused_with_a_hint() {
    for (bytes, what) in [
        (b"PK\x03\x04\x14\x00rest".as_slice(), "a zip archive"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1",
            "an old-style Excel workbook (.xls)",
        ),
        (b"%PDF-1.7\n", "a PDF document"),
    ] {
        for cut in 0..=bytes.len() {
            let got = read_with(
                RecordReader::new(&dialect(Encoding::Windows1252, b',')),
                bytes,
                &[cut],
            );
            let error = got.error.expect("refused");
            assert!(matches!(error.kind, ErrorKind::NotText { .. }));
            assert!(
                error.to_string().starts_with(&format!("this is {what}")),
                "{error}"
            );
            assert!(got.records.is_empty());
        }
    }
    // Text that merely starts like one is read.
    assert_eq!(read(b"PK,x\n").records, rows(&[(1, &["PK", "x"])]));
}

#[test]
fn field_cap() {
    let reader = RecordReader::new(&dialect(Encoding::Utf8, b',')).max_field_len(5);
    let got = read_with(reader, b"a,12345\nb,\"12\n3456\"\n", &[]);
    assert_eq!(got.records, rows(&[(1, &["a", "12345"])]));
    let error = got.error.expect("too long");
    assert_eq!(error.kind, ErrorKind::FieldTooLong { limit: 5 });
    assert_eq!(
        error.position,
        Some(Position {
            line: 2,
            column: Some(2),
            record: 1
        })
    );
}

#[test]
fn record_and_field_count_caps() {
    let reader = RecordReader::new(&dialect(Encoding::Utf8, b',')).max_record_len(6);
    let got = read_with(reader, b"ab,cd\n\nabc,def,g\n", &[]);
    assert_eq!(got.records.len(), 1);
    let error = got.error.expect("too long");
    assert_eq!(error.kind, ErrorKind::RecordTooLong { limit: 6 });
    assert_eq!(
        error.position,
        Some(Position {
            line: 3,
            column: None,
            record: 1
        })
    );
    assert!(
        error
            .to_string()
            .starts_with("line 3: a row is longer than 6 bytes")
    );

    let reader = RecordReader::new(&dialect(Encoding::Utf8, b',')).max_fields(3);
    let got = read_with(reader, b"a,b,c\n,,,\n", &[]);
    assert_eq!(got.records.len(), 1);
    assert_eq!(
        got.error.expect("too many").kind,
        ErrorKind::TooManyFields { limit: 3 }
    );
}

#[test]
fn an_unclosed_quote_in_a_big_file_trips_the_cap_not_the_memory() {
    let mut input = b"a,b\n\"open,".to_vec();
    input.resize(8 << 20, b'x');
    let got = read_with(
        RecordReader::new(&dialect(Encoding::Utf8, b',')),
        &input,
        &[],
    );
    let error = got.error.expect("too long");
    assert_eq!(
        error.kind,
        ErrorKind::FieldTooLong {
            limit: segmint_core::ingest::DEFAULT_MAX_FIELD_LEN
        }
    );
    assert_eq!(
        error.position.map(|p| (p.line, p.column)),
        Some((2, Some(1)))
    );
}

#[test]
fn errors_are_sticky() {
    let mut reader = strict();
    let mut ignore = |_: &Record<'_>| Ok(());
    let first = reader.feed(b"a\n\xFF\n", &mut ignore).expect_err("invalid");
    assert_eq!(reader.feed(b"b\n", &mut ignore), Err(first.clone()));
    assert_eq!(reader.finish(&mut ignore), Err(first));
}

#[test]
fn callback_errors_stop_the_reader() {
    let mut reader = RecordReader::new(&dialect(Encoding::Utf8, b','));
    let stop = Error::io("stop");
    let mut seen = 0;
    let result = reader.feed(b"a\nb\nc\n", &mut |_: &Record<'_>| {
        seen += 1;
        if seen == 2 {
            Err(Error::io("stop"))
        } else {
            Ok(())
        }
    });
    assert_eq!(result, Err(stop));
    assert_eq!(seen, 2);
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    bytes
}

#[test]
fn excel_unicode_text_is_utf16le_with_tabs() {
    let input = utf16le("Name\tCity\r\n\"Zoë\r\nX\"\tKöln 😀\r\n\r\nB\tC", true);
    let expected = rows(&[
        (1, &["Name", "City"]),
        (2, &["Zoë\r\nX", "Köln 😀"]),
        (5, &["B", "C"]),
    ]);
    for cut in 0..=input.len() {
        let got = read_with(
            RecordReader::new(&dialect(Encoding::Utf16Le, b'\t')),
            &input,
            &[cut],
        );
        assert_eq!(
            got,
            Output {
                records: expected.clone(),
                error: None
            },
            "cut at {cut}"
        );
    }
    let got = read_with(
        RecordReader::new(&dialect(Encoding::Utf16Be, b'\t')),
        &utf16be("a\tb\n"),
        &[3],
    );
    assert_eq!(got.records, rows(&[(1, &["a", "b"])]));
}

#[test]
fn unpaired_surrogate_is_an_error_with_its_line() {
    let mut input = utf16le("a\tb\nc\t", true);
    input.extend([0x00, 0xD8]); // a lone high surrogate
    input.extend(utf16le("x\n", false));
    let got = read_with(
        RecordReader::new(&dialect(Encoding::Utf16Le, b'\t')),
        &input,
        &[],
    );
    assert_eq!(got.records, rows(&[(1, &["a", "b"])]));
    let error = got.error.expect("malformed");
    assert_eq!(
        error.kind,
        ErrorKind::InvalidEncoding {
            encoding: "UTF-16LE".into()
        }
    );
    assert_eq!(
        error.position.map(|p| (p.line, p.column)),
        Some((2, Some(2)))
    );
}

#[test]
fn windows_1252_decodes_every_byte() {
    let input = b"Caf\xE9;\x80 5\r\nna\xEFve;\x9C\r\n";
    let got = read_with(
        RecordReader::new(&dialect(Encoding::Windows1252, b';')),
        input,
        &[4],
    );
    assert_eq!(
        got.records,
        rows(&[(1, &["Café", "€ 5"]), (2, &["naïve", "œ"])])
    );
    assert_eq!(got.error, None);
}

#[test]
fn a_forced_bom_encoding_does_not_eat_data() {
    let got = read_with(
        RecordReader::new(&dialect(Encoding::Utf8Bom, b',')),
        b"abc,d\n",
        &[1],
    );
    assert_eq!(got.records, rows(&[(1, &["abc", "d"])]));
}

// ---------------------------------------------------------------------------------------
// Properties.

/// Bytes that matter to the parser, plus multi-byte and invalid UTF-8.
fn csvish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"a".to_vec()),
        Just(b"1".to_vec()),
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\n".to_vec()),
        Just("é".as_bytes().to_vec()),
        Just("€".as_bytes().to_vec()),
        Just("😀".as_bytes().to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF".to_vec()),
        Just(b"\xE2\x82".to_vec()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|p| p.concat())
}

fn cuts() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..400, 0..8)
}

fn small_caps(reader: RecordReader) -> RecordReader {
    reader.max_field_len(6).max_record_len(16).max_fields(5)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Records, lines and errors are the same however the input is chunked — for UTF-8
    /// (cuts inside characters, CRLF and the BOM), with and without tight caps.
    #[test]
    fn chunking_does_not_matter_utf8(
        input in csvish_bytes(),
        cuts in cuts(),
        capped: bool,
        fallback: bool,
    ) {
        let make = || {
            let r = RecordReader::new(&dialect(Encoding::Utf8, b','))
                .fallback_to_windows_1252(fallback);
            if capped { small_caps(r) } else { r }
        };
        let whole = read_with(make(), &input, &[]);
        let split = read_with(make(), &input, &cuts);
        prop_assert_eq!(split, whole);
    }

    /// The same for UTF-16 (cuts inside code units and surrogate pairs) and Windows-1252.
    #[test]
    fn chunking_does_not_matter_decoded(input in csvish_bytes(), cuts in cuts(), bom: bool) {
        let text = String::from_utf8_lossy(&input);
        for (encoding, bytes) in [
            (Encoding::Utf16Le, utf16le(&text, bom)),
            (Encoding::Utf16Be, utf16be(&text)),
            (Encoding::Windows1252, input.clone()),
        ] {
            let make = || RecordReader::new(&dialect(encoding, b';'));
            let whole = read_with(make(), &bytes, &[]);
            let split = read_with(make(), &bytes, &cuts);
            prop_assert_eq!(split, whole);
        }
    }

    /// Written records read back exactly, each on the physical line where it starts, with
    /// any mix of line endings and blank lines, in any chunking.
    #[test]
    fn written_records_read_back_with_their_lines(
        records in prop::collection::vec(
            prop::collection::vec("[a,\"\r\né😀 ]{0,6}", 1..5),
            0..12,
        ),
        endings in prop::collection::vec(0usize..3, 12),
        blanks in prop::collection::vec(0usize..3, 12),
        cuts in cuts(),
    ) {
        let mut text = String::new();
        let mut expected = Vec::new();
        let breaks = |s: &str| s.replace("\r\n", "\n").matches(['\r', '\n']).count() as u64;
        for (i, record) in records.iter().enumerate() {
            for _ in 0..blanks[i] {
                text.push_str(["\n", "\r\n", "\r\n"][endings[i]]);
            }
            expected.push((breaks(&text) + 1, record.clone()));
            let fields: Vec<String> = record
                .iter()
                .map(|f| {
                    if f.contains([',', '"', '\r', '\n']) || (record.len() == 1 && f.is_empty()) {
                        format!("\"{}\"", f.replace('"', "\"\""))
                    } else {
                        f.clone()
                    }
                })
                .collect();
            text.push_str(&fields.join(","));
            text.push_str(["\n", "\r\n", "\r"][endings[i]]);
        }
        let got = read_with(RecordReader::new(&dialect(Encoding::Utf8, b',')), text.as_bytes(), &cuts);
        prop_assert_eq!(got, Output { records: expected, error: None }, "text {:?}", text);
    }
}
