//! Dialect sniffing: the fixtures in `tests/fixtures/dialects/` (one per way spreadsheets and
//! shops really export), forced options, and labels.

use std::path::PathBuf;

use segmint_core::ingest::{Basis, sniff_report};
use segmint_core::{
    Dialect, Encoding, Error, Record, RecordReader, SniffOptions, sniff, sniff_with,
};

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "tests",
        "fixtures",
        "dialects",
        name,
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn records(bytes: &[u8], dialect: &Dialect) -> Vec<(u64, Vec<String>)> {
    let mut reader = RecordReader::new(dialect);
    let mut out = Vec::new();
    let mut push = |r: &Record<'_>| -> Result<(), Error> {
        out.push((r.line, r.fields().iter().map(|f| (*f).to_owned()).collect()));
        Ok(())
    };
    reader
        .feed(bytes, &mut push)
        .and_then(|()| reader.finish(&mut push))
        .expect("parses");
    out
}

struct Case {
    file: &'static str,
    encoding: Encoding,
    delimiter: u8,
    has_header: bool,
    records: usize,
    /// The second record (the first data row when there is a header), and its line.
    second: (u64, &'static [&'static str]),
}

const CASES: &[Case] = &[
    Case {
        file: "excel_unicode_text.txt",
        encoding: Encoding::Utf16Le,
        delimiter: b'\t',
        has_header: true,
        records: 5,
        second: (
            2,
            &["Zoë Müller", "A-1001", "01.03.2024", "1234,56", "Köln"],
        ),
    },
    Case {
        file: "utf16be_comma.csv",
        encoding: Encoding::Utf16Be,
        delimiter: b',',
        has_header: true,
        records: 3,
        second: (2, &["1", "Ann", "3.50"]),
    },
    Case {
        file: "utf8_bom_semicolon.csv",
        encoding: Encoding::Utf8Bom,
        delimiter: b';',
        has_header: true,
        records: 5,
        second: (
            2,
            &[
                "10001",
                "R-1",
                "01.03.2024",
                "1.234,56 €",
                "Kaffee, gemahlen",
            ],
        ),
    },
    Case {
        file: "windows1252_comma.csv",
        encoding: Encoding::Windows1252,
        delimiter: b',',
        has_header: true,
        records: 4,
        second: (
            2,
            &["12345", "CAFÉ CRÈME, LARGE", "£2.50", "United Kingdom"],
        ),
    },
    Case {
        file: "pipe_no_header.csv",
        encoding: Encoding::Utf8,
        delimiter: b'|',
        has_header: false,
        records: 4,
        second: (2, &["1002", "2024-03-02", "5.00", "paid"]),
    },
    Case {
        file: "tab_utf8.tsv",
        encoding: Encoding::Utf8,
        delimiter: b'\t',
        has_header: true,
        records: 4,
        second: (2, &["O1", "c1", "Mug, blue", "9.5"]),
    },
    Case {
        file: "quoted_multiline.csv",
        encoding: Encoding::Utf8,
        delimiter: b',',
        has_header: true,
        records: 4,
        second: (
            2,
            &[
                "#1001",
                "a@example.com",
                "Hat, \"wool\"",
                "first line\nsecond line",
            ],
        ),
    },
    Case {
        file: "single_column.csv",
        encoding: Encoding::Utf8,
        delimiter: b',',
        has_header: true,
        records: 4,
        second: (2, &["a@example.com"]),
    },
    Case {
        file: "lone_cr_semicolon.csv",
        encoding: Encoding::Utf8,
        delimiter: b';',
        has_header: true,
        records: 4,
        second: (2, &["1", "2,5"]),
    },
];

#[test]
fn fixtures_sniff_and_parse() {
    for case in CASES {
        let bytes = fixture(case.file);
        let dialect = sniff(&bytes);
        let expected = Dialect {
            encoding: case.encoding,
            delimiter: case.delimiter,
            quote: b'"',
            has_header: case.has_header,
        };
        assert_eq!(dialect, expected, "{}", case.file);
        let records = records(&bytes, &dialect);
        assert_eq!(records.len(), case.records, "{}", case.file);
        let second = (
            case.second.0,
            case.second.1.iter().map(|s| (*s).to_owned()).collect(),
        );
        assert_eq!(records[1], second, "{}", case.file);
        let width = records[0].1.len();
        assert!(
            records.iter().all(|r| r.1.len() == width),
            "{}: ragged",
            case.file
        );
        // A sample cut anywhere still gives the same dialect once it holds a few records.
        let cut = &bytes[..bytes.len() * 3 / 4];
        assert_eq!(sniff(cut), expected, "{} cut", case.file);
    }
}

#[test]
fn report_says_how_it_decided() {
    let report = sniff_report(&fixture("excel_unicode_text.txt"), &SniffOptions::default());
    assert_eq!(report.encoding_basis, Basis::ByteOrderMark);
    assert_eq!(report.delimiter_basis, Basis::Content);
    assert_eq!(report.header_basis, Basis::Content);
    assert_eq!(report.columns, 5);
    assert_eq!(report.consistency, 1.0);
    assert!(report.quoted_fields);
    assert_eq!(report.records_sampled, 5);

    let report = sniff_report(&fixture("single_column.csv"), &SniffOptions::default());
    assert_eq!(report.delimiter_basis, Basis::Default);
    assert!(!report.quoted_fields);

    let json = serde_json::to_value(&report).expect("serialises");
    assert_eq!(json["dialect"]["encoding"], "utf8");
    assert_eq!(json["delimiter_basis"], "default");
}

#[test]
fn forced_options_win() {
    let bytes = fixture("utf8_bom_semicolon.csv");
    let options = SniffOptions {
        delimiter: Some(b','),
        ..SniffOptions::default()
    };
    let report = sniff_report(&bytes, &options);
    assert_eq!(report.dialect.delimiter, b',');
    assert_eq!(report.delimiter_basis, Basis::Forced);

    let options = SniffOptions {
        encoding: Some(Encoding::Windows1252),
        has_header: Some(false),
        ..SniffOptions::default()
    };
    let dialect = sniff_with(b"a,b\n1,2\n", &options);
    assert_eq!(dialect.encoding, Encoding::Windows1252);
    assert!(!dialect.has_header);

    // Forcing UTF-8 on a Windows-1252 file: parsing then names the line and suggests the fix.
    let bytes = fixture("windows1252_comma.csv");
    let forced = SniffOptions {
        encoding: Some(Encoding::Utf8),
        ..SniffOptions::default()
    };
    let dialect = sniff_with(&bytes, &forced);
    let mut reader = RecordReader::new(&dialect).fallback_to_windows_1252(false);
    let error = reader
        .feed(&bytes, &mut |_: &Record<'_>| Ok(()))
        .and_then(|()| reader.finish(&mut |_: &Record<'_>| Ok(())))
        .expect_err("not UTF-8");
    assert!(
        error
            .to_string()
            .starts_with("line 2, column 2: the bytes are not valid UTF-8")
    );
    assert!(error.to_string().contains("--encoding windows-1252"));
}

/// `(sample, delimiter, has_header)`: delimiter and header decided over the whole sample.
#[test]
fn sniffing_table() {
    let table: &[(&str, u8, bool)] = &[
        ("", b',', true),
        ("a", b',', true),
        ("a,b\n", b',', true),
        ("1,2\n3,4\n", b',', false),
        ("name;amount\nAnn;1,5\nBob;2,25\n", b';', true),
        ("1,5;2,3\n4,25;7,0\n8,5;9,75\n", b';', false),
        ("a|b|c\n1|2|3\n", b'|', true),
        ("id\tnote\n1\thello, world\n2\tbye, now\n", b'\t', true),
        // A quoted field full of semicolons does not make `;` the delimiter.
        ("id,text\n1,\"a;b;c;d\"\n2,\"e;f;g;h\"\n", b',', true),
        // One ragged line does not beat a consistent delimiter.
        ("a,b,c\n1,2,3\n4,5\n6,7,8\n", b',', true),
        // A header whose names recur in the data is not a header.
        ("red,small\nblue,large\nred,large\n", b',', false),
        // Text header over a date column.
        ("when,who\n2024-01-02,ann\n2024-01-03,bob\n", b',', true),
        (
            "2024-01-01,ann\n2024-01-02,bob\n2024-01-03,cy\n",
            b',',
            false,
        ),
    ];
    for &(sample, delimiter, has_header) in table {
        let d = sniff(sample.as_bytes());
        assert_eq!(
            (d.delimiter, d.has_header),
            (delimiter, has_header),
            "{sample:?}"
        );
    }
}

#[test]
fn encoding_table() {
    let table: &[(&[u8], Encoding)] = &[
        (b"a,b\n", Encoding::Utf8),
        (b"\xEF\xBB\xBFa,b\n", Encoding::Utf8Bom),
        (b"\xFF\xFEa\0,\0b\0", Encoding::Utf16Le),
        (b"\xFE\xFF\0a\0,\0b", Encoding::Utf16Be),
        ("café,b\n".as_bytes(), Encoding::Utf8),
        (b"caf\xE9,b\n", Encoding::Windows1252),
        // A character cut by the end of the sample is still UTF-8.
        (b"a,caf\xC3", Encoding::Utf8),
        (b"", Encoding::Utf8),
    ];
    for &(sample, encoding) in table {
        assert_eq!(sniff(sample).encoding, encoding, "{sample:?}");
    }
}

#[test]
fn labels() {
    for e in [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1252,
    ] {
        assert_eq!(Encoding::from_label(e.label()), Some(e));
        assert_eq!(e.to_string(), e.label());
    }
    assert_eq!(Encoding::from_label("CP1252"), Some(Encoding::Windows1252));
    assert_eq!(Encoding::from_label("latin1"), Some(Encoding::Windows1252));
    assert_eq!(Encoding::from_label("UTF_8"), Some(Encoding::Utf8));
    assert_eq!(Encoding::from_label("utf-16"), Some(Encoding::Utf16Le));
    assert_eq!(Encoding::from_label("ebcdic"), None);

    for (label, delimiter) in [
        (",", b','),
        (";", b';'),
        ("tab", b'\t'),
        ("\\t", b'\t'),
        ("\t", b'\t'),
        ("|", b'|'),
    ] {
        assert_eq!(
            Dialect::delimiter_from_label(label),
            Some(delimiter),
            "{label:?}"
        );
    }
    assert_eq!(Dialect::delimiter_from_label("semicolon"), Some(b';'));
    for bad in ["", "ab", "\"", "x", "€"] {
        assert_eq!(Dialect::delimiter_from_label(bad), None, "{bad:?}");
    }
}
