//! Arbitrary bytes × arbitrary chunkings through every ingest path: no panic, and the
//! one-thread stream, `load_reader` and the parallel reader agree (see the shared check).
#![no_main]

#[path = "../../crates/core/tests/it/ingest_fuzz_check.rs"]
mod ingest_fuzz_check;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let _ = ingest_fuzz_check::check(input);
});
