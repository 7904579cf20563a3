//! Parallel ingest (`load_parallel`) gives exactly what the one-thread stream gives — the
//! same dataset, quality report and error (line, column, record) — over every fixture, with
//! its body repeated past the 1,000 records the plan is made from (so chunks are read on
//! other threads), over random CSV-like bytes, and for every way of cutting the input.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use segmint_core::dataset::{DatasetOptions, Parallelism, load_bytes, load_parallel};
use segmint_core::{DuplicatesPolicy, ReturnsPolicy};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("csv" | "tsv" | "txt")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The file's first line, then the rest repeated until there are more than `lines` lines.
fn grown(bytes: &[u8], lines: usize) -> Vec<u8> {
    let split = bytes.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
    let (head, body) = bytes.split_at(split);
    let mut out = head.to_vec();
    let per = body.iter().filter(|&&b| b == b'\n').count().max(1);
    for _ in 0..(lines / per + 1).min(5_000) {
        if body.is_empty() {
            break;
        }
        out.extend_from_slice(body);
        if !body.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

fn option_sets() -> Vec<DatasetOptions> {
    let mut keep = DatasetOptions::new();
    keep.duplicates = DuplicatesPolicy::Keep;
    keep.returns = ReturnsPolicy::Net;
    let mut long_preview = DatasetOptions::new();
    long_preview.preview_records = 1_500;
    vec![DatasetOptions::new(), keep, long_preview]
}

const CUTS: [Parallelism; 5] = [
    Parallelism {
        threads: 2,
        chunk_bytes: 1,
    },
    Parallelism {
        threads: 3,
        chunk_bytes: 61,
    },
    Parallelism {
        threads: 2,
        chunk_bytes: 4096,
    },
    Parallelism {
        threads: 4,
        chunk_bytes: 50_000,
    },
    Parallelism {
        threads: 2,
        chunk_bytes: 4 << 20,
    },
];

#[test]
fn every_fixture_reads_the_same_on_many_threads() {
    let files = fixtures();
    assert!(files.len() >= 20, "fixtures not found: {files:?}");
    for file in files {
        let bytes = grown(&std::fs::read(&file).expect("fixture"), 2_500);
        for options in option_sets() {
            let one = load_bytes(&bytes, options.clone(), 1 << 16);
            for cut in CUTS {
                let many = load_parallel(&bytes[..], options.clone(), cut);
                assert_eq!(one, many, "{} with {cut:?}", file.display());
            }
        }
    }
}

#[test]
fn online_retail_reads_the_same_on_many_threads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/online_retail.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        panic!(
            "{} is needed (see /work/shared/data/README)",
            path.display()
        );
    };
    let one = load_bytes(&bytes, DatasetOptions::new(), 1 << 20);
    assert!(one.is_ok());
    for cut in [
        Parallelism::threads(2),
        Parallelism {
            threads: 3,
            chunk_bytes: 1 << 18,
        },
    ] {
        assert_eq!(
            one,
            load_parallel(&bytes[..], DatasetOptions::new(), cut),
            "{cut:?}"
        );
    }
}

/// Rows that mean something to the builder (dates in both orders, decimal commas, returns,
/// duplicates, quoted line breaks and delimiters, ragged rows, bad cells, non-UTF-8 bytes),
/// drawn at random.
fn row() -> impl Strategy<Value = String> {
    let invoice = prop_oneof![
        (536_000u32..536_040).prop_map(|n| n.to_string()),
        (536_000u32..536_010).prop_map(|n| format!("C{n}")),
        Just(String::new()),
    ];
    let text = prop_oneof![
        Just("WHITE MUG".to_owned()),
        Just("\"QUOTED, WITH COMMA\"".to_owned()),
        Just("\"TWO\nLINES\"".to_owned()),
        Just("\"SAY \"\"HI\"\"\"".to_owned()),
        Just("caf\u{e9}".to_owned()),
        Just(" padded ".to_owned()),
        Just("\"unclosed".to_owned()),
    ];
    let quantity = prop_oneof![
        (-3i32..12).prop_map(|n| n.to_string()),
        Just("1,5".to_owned()),
        Just("x".to_owned()),
        Just(String::new()),
    ];
    let date = prop_oneof![
        (1u32..13, 1u32..29).prop_map(|(m, d)| format!("{m}/{d}/2011 8:26")),
        (1u32..29, 1u32..13).prop_map(|(d, m)| format!("{d}/{m}/2011 8:26")),
        Just("2011-02-30".to_owned()),
        Just(String::new()),
    ];
    let price = prop_oneof![
        Just("2.55".to_owned()),
        Just("\"1,25\"".to_owned()),
        Just("0".to_owned()),
        Just("-1".to_owned()),
    ];
    let customer = prop_oneof![
        (17_850u32..17_870).prop_map(|n| n.to_string()),
        Just(String::new()),
    ];
    (
        invoice,
        0u8..20,
        text,
        quantity,
        date,
        price,
        customer,
        0u8..12,
    )
        .prop_map(
            |(invoice, code, text, quantity, date, price, customer, shape)| match shape {
                0 => format!("{invoice},{code}"),
                1 => String::new(),
                2 => {
                    format!("{invoice},{code},{text},{quantity},{date},{price},{customer},UK,extra")
                }
                _ => format!("{invoice},{code},{text},{quantity},{date},{price},{customer},UK"),
            },
        )
}

fn file(rows: Vec<String>, crlf: bool, junk: Option<(usize, u8)>) -> Vec<u8> {
    let end = if crlf { "\r\n" } else { "\n" };
    let mut out = format!(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country{end}"
    );
    for r in rows {
        out.push_str(&r);
        out.push_str(end);
    }
    let mut bytes = out.into_bytes();
    if let Some((at, byte)) = junk {
        let at = at % bytes.len();
        bytes[at] = byte;
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_files_and_cuts_read_the_same(
        rows in prop::collection::vec(row(), 1_000..1_400),
        crlf in any::<bool>(),
        junk in prop::option::weighted(0.3, (any::<usize>(), prop::sample::select(b"\"\r\n\xff\xc3,".to_vec()))),
        threads in 2usize..5,
        chunk_bytes in 1usize..3_000,
    ) {
        let bytes = file(rows, crlf, junk);
        let one = load_bytes(&bytes, DatasetOptions::new(), 1 << 16);
        let many = load_parallel(&bytes[..], DatasetOptions::new(), Parallelism { threads, chunk_bytes });
        prop_assert_eq!(one, many);
    }
}
