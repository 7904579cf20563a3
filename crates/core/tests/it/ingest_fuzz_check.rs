//! The property the ingest fuzz target checks (issue 21 point 5), shared by the cargo-fuzz
//! target (`fuzz/fuzz_targets/ingest_chunks.rs`, nightly, the long run) and the stable test
//! `ingest_fuzz` (the committed corpus and random inputs, the short run in CI).
//!
//! An input is 4 control bytes and a file. The control bytes choose the options, the size of
//! the pieces the one-thread stream is fed, the threads and chunk size of the parallel reader,
//! and whether the file's body is repeated past the 1,000 records the plan is made from (the
//! parallel reader reads nothing on other threads before that). Every reader must then give
//! the same result — the same dataset and quality report, or the same error with the same
//! line, column and record — and none may panic.

use segmint_core::dataset::{
    Dataset, DatasetOptions, Parallelism, load_bytes, load_parallel, load_reader,
};
use segmint_core::{DuplicatesPolicy, Error, ReturnsPolicy};

/// The file's first line, then the rest repeated until there are more than `lines` lines
/// (at most 2 MiB, so a long line cannot make one input huge).
pub fn grown(bytes: &[u8], lines: usize) -> Vec<u8> {
    let split = bytes.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
    let (head, body) = bytes.split_at(split);
    let mut out = head.to_vec();
    let per = body.iter().filter(|&&b| b == b'\n').count().max(1);
    let times = (lines / per + 1)
        .min((2 << 20) / body.len().max(1))
        .min(5_000);
    for _ in 0..times {
        out.extend_from_slice(body);
        if !body.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

fn options(which: u8) -> DatasetOptions {
    let mut options = DatasetOptions::new();
    match which % 3 {
        0 => {}
        1 => {
            options.duplicates = DuplicatesPolicy::Keep;
            options.returns = ReturnsPolicy::Net;
        }
        _ => options.preview_records = 1_500,
    }
    options
}

/// The readers' results for `input` (control bytes and file); panics if they differ.
pub fn check(input: &[u8]) -> Result<Dataset, Error> {
    let Some((control, file)) = input.split_first_chunk::<4>() else {
        return load_bytes(input, DatasetOptions::new(), 1 << 16);
    };
    let [which, feed, threads, chunk] = *control;
    let file = if which & 0x80 != 0 {
        grown(file, 1_100)
    } else {
        file.to_vec()
    };
    let options = options(which & 0x7f);
    let one = load_bytes(&file, options.clone(), 1 << 16);
    let fed = load_bytes(&file, options.clone(), 1 + usize::from(feed));
    assert!(
        one == fed,
        "fed in pieces of {} bytes: {fed:?}\nvs {one:?}",
        1 + feed
    );
    let reader = load_reader(&file[..], options.clone());
    assert!(one == reader, "load_reader: {reader:?}\nvs {one:?}");
    let parallelism = Parallelism {
        threads: 2 + usize::from(threads % 3),
        chunk_bytes: 1 + usize::from(chunk) * 64,
    };
    let many = load_parallel(&file[..], options, parallelism);
    assert!(one == many, "{parallelism:?}: {many:?}\nvs {one:?}");
    one
}
