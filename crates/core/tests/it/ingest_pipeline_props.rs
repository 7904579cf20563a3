//! Properties of the whole ingest path: no input panics, and the result does not depend on
//! how the input is chunked.

use proptest::prelude::*;
use segmint_core::dataset::{DatasetOptions, load_bytes, load_reader};
use segmint_core::{InspectOptions, inspect_bytes};

fn csvish() -> impl Strategy<Value = Vec<u8>> {
    // Bytes drawn mostly from the characters that matter to the parser and the value readers.
    let alphabet = prop::sample::select(
        b"0123456789,;|\t\"\r\n.-/: $CTZabAM+()e\xc3\xa9\xef\xbb\xbf\xff".to_vec(),
    );
    prop::collection::vec(alphabet, 0..600)
}

fn with_header(body: Vec<u8>) -> Vec<u8> {
    let mut v =
        b"InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            .to_vec();
    v.extend(body);
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = load_bytes(&bytes, DatasetOptions::new(), 97);
        let _ = inspect_bytes(&bytes, InspectOptions::default(), 13);
    }

    #[test]
    fn csvish_bytes_never_panic_and_reconcile(body in csvish()) {
        let bytes = with_header(body);
        if let Ok(d) = load_bytes(&bytes, DatasetOptions::new(), 1 << 16) {
            prop_assert!(d.quality.reconciles(), "{:?}", d.quality);
        }
    }

    #[test]
    fn chunking_does_not_matter(body in csvish(), chunk in 1usize..64) {
        let bytes = with_header(body);
        let whole = load_bytes(&bytes, DatasetOptions::new(), bytes.len().max(1));
        let parts = load_bytes(&bytes, DatasetOptions::new(), chunk);
        let threaded = load_reader(&bytes[..], DatasetOptions::new());
        prop_assert_eq!(&whole, &parts);
        prop_assert_eq!(whole, threaded);
    }
}
