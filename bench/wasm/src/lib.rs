//! The same segmint-core kernels, timed in the browser and natively.
//!
//! [`Bench`] holds the inputs (the bytes of `online_retail.csv` and `cdnow_master.csv`) and
//! runs one named job at a time: [`Bench::prepare`] builds what the job starts from (untimed),
//! [`Bench::run`] is the timed kernel and returns a check value so that the wasm and the native
//! run can be compared for equal results. The browser drives it through the wasm-bindgen
//! exports of `web` (wasm32 only); `src/main.rs` (`segmint-bench-native`) drives the very
//! same functions natively. Timing stays outside: `performance.now()` around the export call
//! in the page, `Instant` around `run` natively.

pub mod jobs;

#[cfg(target_arch = "wasm32")]
mod web;

pub use jobs::{Bench, JOBS, ScaleStream};
