//! The short, stable run of the ingest fuzz target (issue 21 point 5): every input of the
//! committed corpus (`fuzz/corpus/ingest_chunks`: the fixtures, each plain and grown past the
//! plan, plus what the long runs kept) and random inputs go through
//! [`ingest_fuzz_check::check`]: no panic, and the one-thread stream in any piece size,
//! `load_reader` and the parallel reader at any threads and chunk size give the same dataset,
//! quality report or error. The long run is the cargo-fuzz target (docs/ingest.md, "Fuzzing").

use std::path::Path;

use proptest::prelude::*;

use crate::ingest_fuzz_check::check;

#[test]
fn the_committed_corpus_reads_the_same_everywhere() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/ingest_chunks");
    let mut inputs = 0;
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/corpus/ingest_chunks") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("corpus file");
        inputs += 1;
        read += usize::from(check(&bytes).is_ok());
    }
    // The fixtures are in it, most of them readable.
    assert!(inputs >= 70, "{inputs} inputs");
    assert!(read >= inputs / 2, "{read} of {inputs} read");
}

/// Bytes that make CSV interesting: delimiters, quotes, line breaks, digits, dates, invalid
/// UTF-8.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let header =
        b"InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    let byte = prop::sample::select(b",;\t|\"\"\r\n\n\n0123456789-/.: aZ\xff\xc3\xa9".to_vec());
    (any::<bool>(), prop::collection::vec(byte, 0..600)).prop_map(move |(header_first, body)| {
        let mut file = if header_first {
            header.to_vec()
        } else {
            Vec::new()
        };
        file.extend(body);
        file
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_and_chunkings_read_the_same(
        control in any::<[u8; 4]>(),
        file in prop_oneof![csvish(), prop::collection::vec(any::<u8>(), 0..400)],
    ) {
        let mut input = control.to_vec();
        input.extend(file);
        check(&input).ok();
    }
}
