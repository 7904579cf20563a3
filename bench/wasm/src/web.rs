//! wasm-bindgen exports for bench/browser: the page times each call with `performance.now()`.

use wasm_bindgen::prelude::*;

use crate::jobs::{Bench, ScaleStream, input_of};

/// The data file (`online_retail.csv` or `cdnow_master.csv`) that `job` reads.
#[wasm_bindgen]
pub fn input_file(job: &str) -> Result<String, JsError> {
    input_of(job)
        .map(|input| input.file().to_owned())
        .map_err(|e| JsError::new(&e))
}

/// One job's bench in the page: bytes in, prepare, run.
#[wasm_bindgen]
pub struct WasmBench {
    inner: Bench,
}

#[wasm_bindgen]
impl WasmBench {
    /// Copy the input file's bytes into wasm memory.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>) -> WasmBench {
        WasmBench {
            inner: Bench::new(bytes),
        }
    }

    /// Untimed set-up of `job`.
    pub fn prepare(&mut self, job: &str) -> Result<(), JsError> {
        self.inner.prepare(job).map_err(|e| JsError::new(&e))
    }

    /// The timed kernel; returns the check value.
    pub fn run(&self, job: &str) -> Result<f64, JsError> {
        self.inner.run(job).map_err(|e| JsError::new(&e))
    }

    /// The scaled clustering matrix, row-major.
    pub fn matrix(&self) -> Vec<f64> {
        self.inner.matrix().0.to_vec()
    }

    /// Columns of the matrix.
    pub fn matrix_cols(&self) -> usize {
        self.inner.matrix().1
    }

    /// The baskets' item ids, flattened.
    pub fn basket_items(&self) -> Vec<u32> {
        self.inner.baskets().0
    }

    /// The end offset of each basket in `basket_items`.
    pub fn basket_ends(&self) -> Vec<u32> {
        self.inner.baskets().1
    }
}

/// A file streamed chunk by chunk into the ingest pipeline, then RFM (the scale test).
#[wasm_bindgen]
pub struct WasmStream {
    inner: ScaleStream,
}

impl Default for WasmStream {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl WasmStream {
    /// An empty stream.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmStream {
        WasmStream {
            inner: ScaleStream::new(),
        }
    }

    /// Push the next chunk (copied into wasm memory, parsed, dropped).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.inner.push(chunk).map_err(|e| JsError::new(&e))
    }

    /// Finish ingest and run RFM: `[rows_read, rows_used, customers]`.
    pub fn finish_rfm(&mut self) -> Result<Vec<f64>, JsError> {
        let (read, used, customers) = self.inner.finish_rfm().map_err(|e| JsError::new(&e))?;
        Ok(vec![read as f64, used as f64, customers as f64])
    }
}
