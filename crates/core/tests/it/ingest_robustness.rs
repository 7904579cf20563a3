//! No input may panic, hang or grow memory without bound: arbitrary bytes through sniffing,
//! the record reader (default and tight caps, every encoding) and the inspect stream.

use proptest::prelude::*;
use segmint_core::ingest::sniff_report;
use segmint_core::{
    Dialect, Encoding, Error, InspectOptions, Record, RecordReader, SniffOptions, inspect_bytes,
};

const ENCODINGS: [Encoding; 5] = [
    Encoding::Utf8,
    Encoding::Utf8Bom,
    Encoding::Utf16Le,
    Encoding::Utf16Be,
    Encoding::Windows1252,
];

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..1500),
        // Mostly the bytes a CSV parser cares about, so that states deep in the parser are hit.
        prop::collection::vec(
            prop::sample::select(b"a,;\t|\"\r\n\0\xEF\xBB\xBF\xFF\xFE\xC3\xA9\xD8 1".to_vec()),
            0..1500,
        ),
    ]
}

/// Reads everything; checks what must hold of any output.
fn read_checked(reader: RecordReader, bytes: &[u8], chunk: usize) -> Result<u64, Error> {
    let mut reader = reader;
    let mut next_index = 0;
    let mut last_line = 0;
    let mut check = |r: &Record<'_>| -> Result<(), Error> {
        assert_eq!(r.index, next_index);
        assert!(
            r.line > last_line,
            "lines increase: {} after {}",
            r.line,
            last_line
        );
        assert!(!r.is_empty());
        next_index += 1;
        last_line = r.line;
        Ok(())
    };
    for piece in bytes.chunks(chunk.max(1)) {
        reader.feed(piece, &mut check)?;
    }
    reader.finish(&mut check)?;
    Ok(next_index)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in any_bytes(),
        chunk in 1usize..64,
        encoding in prop::sample::select(ENCODINGS.to_vec()),
        delimiter in prop::sample::select(b",;\t|\"\n".to_vec()),
        capped: bool,
    ) {
        let report = sniff_report(&bytes, &SniffOptions::default());
        prop_assert!(report.consistency >= 0.0 && report.consistency <= 1.0);
        let forced = SniffOptions {
            delimiter: Some(delimiter),
            encoding: Some(encoding),
            has_header: None,
        };
        let dialect = sniff_report(&bytes, &forced).dialect;
        prop_assert_eq!((dialect.delimiter, dialect.encoding), (delimiter, encoding));

        for dialect in [report.dialect, dialect] {
            let make = || {
                let reader = RecordReader::new(&dialect);
                if capped { reader.max_field_len(5).max_record_len(12).max_fields(4) } else { reader }
            };
            // Same outcome whole and chunked (records counted, or the same error).
            prop_assert_eq!(read_checked(make(), &bytes, chunk), read_checked(make(), &bytes, usize::MAX));
        }

        let options = InspectOptions { preview_records: 3, ..InspectOptions::default() };
        let whole = inspect_bytes(&bytes, options.clone(), usize::MAX);
        prop_assert_eq!(inspect_bytes(&bytes, options, chunk), whole);
    }
}

/// Pathological inputs that a fuzzer would take long to find: each stops at a cap with a
/// clear error instead of buffering the file.
#[test]
fn pathological_inputs_stop_at_a_cap() {
    let dialect = Dialect::default();
    let big = 6 << 20;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("one huge unquoted field", vec![b'x'; big]),
        (
            "an unclosed quote",
            [b"\"".as_slice(), &vec![b'x'; big]].concat(),
        ),
        (
            "escaped quotes only",
            [b"\"".as_slice(), &vec![b'"'; big]].concat(),
        ),
        ("delimiters only", vec![b','; big]),
        ("many short fields", b"ab,".repeat(big / 3)),
    ];
    for (what, bytes) in cases {
        let error = read_checked(RecordReader::new(&dialect), &bytes, 64 * 1024).expect_err(what);
        let message = error.to_string();
        assert!(message.starts_with("line 1"), "{what}: {message}");
    }
    // Blank lines are skipped without buffering anything, and counted.
    let mut bytes = vec![b'\n'; big];
    bytes.extend_from_slice(b"a,b");
    let mut line = 0;
    let mut reader = RecordReader::new(&dialect);
    let mut take = |r: &Record<'_>| -> Result<(), Error> {
        line = r.line;
        Ok(())
    };
    reader
        .feed(&bytes, &mut take)
        .and_then(|()| reader.finish(&mut take))
        .expect("parses");
    assert_eq!(line, big as u64 + 1);
}
