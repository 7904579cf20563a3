//! Wall time of ingesting one file in memory on one thread (the browser's stream), the
//! two-thread pipeline (`load_reader`) and `load_parallel` at 2..=N threads, best of 5.
//! `cargo run --profile native -p segmint-core --example ingest_threads -- FILE [MAX_THREADS]`

use std::time::{Duration, Instant};

use segmint_core::dataset::{DatasetOptions, Parallelism, load_bytes, load_parallel, load_reader};

fn best(mut f: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: ingest_threads FILE [MAX_THREADS]");
    let max: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let bytes = std::fs::read(&path).expect("readable file");
    let mut options = DatasetOptions::new();
    options.size_hint = Some(bytes.len() as u64);
    let one = best(|| {
        load_bytes(&bytes, options.clone(), 1 << 20).expect("ingest");
    });
    println!("stream, 1 thread        {:8.1} ms", one.as_secs_f64() * 1e3);
    let pipeline = best(|| {
        load_reader(&bytes[..], options.clone()).expect("ingest");
    });
    println!(
        "load_reader, 2 threads  {:8.1} ms",
        pipeline.as_secs_f64() * 1e3
    );
    for threads in 2..=max.max(2) {
        let t = best(|| {
            load_parallel(&bytes[..], options.clone(), Parallelism::threads(threads))
                .expect("ingest");
        });
        println!(
            "load_parallel, {threads} threads {:8.1} ms  ({:.2}x the stream)",
            t.as_secs_f64() * 1e3,
            one.as_secs_f64() / t.as_secs_f64()
        );
    }
}
