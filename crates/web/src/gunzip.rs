//! `.csv.gz` files, decompressed by the browser's own `DecompressionStream('gzip')`.
//!
//! The compressed blob is written into the stream slice by slice by a small task
//! (`blob.slice().arrayBuffer()` → `writer.write()`), while [`Gunzip::next_chunk`] reads the
//! decompressed side; the stream's backpressure keeps at most a few chunks in memory, so a
//! file is never held whole, compressed or not. Progress is counted in compressed bytes
//! accepted by the stream (the uncompressed size is unknown until the end). The output is
//! capped: a file that decompresses to more than the cap (a "gzip bomb", or just a huge
//! export) stops with an error that says what to do. Works in the worker and in the page (see [`crate::serve`]).

use std::cell::Cell;
use std::rc::Rc;

use segmint_core::Error;

use crate::describe_js;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStreamDefaultReader, WritableStreamDefaultWriter};

/// The default cap on the decompressed size: 2 GiB.
pub const DEFAULT_MAX_UNPACKED: u64 = 2 << 30;

/// Compressed bytes written into the stream per slice (also the progress step).
pub const SLICE: u64 = 256 << 10;

#[wasm_bindgen]
extern "C" {
    // web-sys has DecompressionStream only behind `web_sys_unstable_apis`; this is all of it
    // that is needed.
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}

/// Whether a file is gzip-compressed: its name ends in `.gz`, or it starts with the gzip
/// magic bytes `1f 8b`.
pub async fn is_gzip(file_name: &str, blob: &Blob) -> bool {
    if file_name.to_ascii_lowercase().ends_with(".gz") {
        return true;
    }
    if blob.size() < 2.0 {
        return false;
    }
    let Ok(head) = blob.slice_with_f64_and_f64(0.0, 2.0) else {
        return false;
    };
    match JsFuture::from(head.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec() == [0x1f, 0x8b],
        Err(_) => false,
    }
}

/// Human-readable size: "2 GiB", "512 MiB", "300 KiB".
pub fn describe_size(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A gzip blob being decompressed.
pub struct Gunzip {
    reader: ReadableStreamDefaultReader,
    written: Rc<Cell<u64>>,
    total: u64,
    unpacked: u64,
    max_unpacked: u64,
}

impl Gunzip {
    /// Start decompressing `blob`, stopping with an error past `max_unpacked` bytes of output.
    pub fn new(blob: &Blob, max_unpacked: u64) -> Result<Self, Error> {
        let stream = DecompressionStream::new("gzip").map_err(|e| {
            Error::io(format!(
                "this browser cannot decompress gzip files ({}); unpack the file first and open \
                 the .csv",
                describe_js(&e)
            ))
        })?;
        let writer: WritableStreamDefaultWriter = stream
            .writable()
            .get_writer()
            .map_err(|e| Error::io(format!("cannot start decompressing: {}", describe_js(&e))))?;
        let reader: ReadableStreamDefaultReader = stream.readable().get_reader().unchecked_into();
        let written = Rc::new(Cell::new(0));
        wasm_bindgen_futures::spawn_local(feed(blob.clone(), writer, written.clone()));
        Ok(Self {
            reader,
            written,
            total: blob.size() as u64,
            unpacked: 0,
            max_unpacked,
        })
    }

    /// Compressed bytes handed to the decompressor so far.
    pub fn compressed_done(&self) -> u64 {
        self.written.get()
    }

    /// The compressed size.
    pub fn compressed_total(&self) -> u64 {
        self.total
    }

    /// The next decompressed chunk; `None` at the end.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        let result = JsFuture::from(self.reader.read()).await.map_err(|e| {
            Error::io(format!(
                "the gzip data is damaged or cut short ({}); download or export the file again, \
                 or open the uncompressed .csv",
                describe_js(&e)
            ))
        })?;
        let done = js_sys::Reflect::get(&result, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            return Ok(None);
        }
        let value = js_sys::Reflect::get(&result, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        self.unpacked += bytes.len() as u64;
        if self.unpacked > self.max_unpacked {
            // Stops the decompressor and, through it, the feeding task.
            settle(self.reader.cancel());
            return Err(Error::io(format!(
                "decompresses to more than {} — unpack it first and open the .csv, or open a \
                 smaller export",
                describe_size(self.max_unpacked)
            )));
        }
        Ok(Some(bytes))
    }
}

impl Drop for Gunzip {
    fn drop(&mut self) {
        // A reader dropped early (an error in the consumer) stops the feeding task too.
        settle(self.reader.cancel());
    }
}

/// Write `blob` into the decompressor slice by slice, then close it. Each write waits for the
/// decompressor to take the slice (backpressure); any failure (the reader cancelled, damaged
/// data) ends the task — the reader side reports the error.
async fn feed(blob: Blob, writer: WritableStreamDefaultWriter, written: Rc<Cell<u64>>) {
    let total = blob.size() as u64;
    let mut done = 0u64;
    while done < total {
        let end = (done + SLICE).min(total);
        let Ok(slice) = blob.slice_with_f64_and_f64(done as f64, end as f64) else {
            settle(writer.abort());
            return;
        };
        let Ok(buffer) = JsFuture::from(slice.array_buffer()).await else {
            settle(writer.abort());
            return;
        };
        let chunk = js_sys::Uint8Array::new(&buffer);
        if JsFuture::from(writer.write_with_chunk(&chunk))
            .await
            .is_err()
        {
            return;
        }
        done = end;
        written.set(done);
    }
    // A truncated stream fails here and on the reader side, which reports it.
    let _ = JsFuture::from(writer.close()).await;
}

/// Await `promise` in the background, ignoring its outcome: the error it may carry (the
/// stream's) is reported by the reader, and must not surface as an unhandled rejection.
fn settle(promise: js_sys::Promise) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}
