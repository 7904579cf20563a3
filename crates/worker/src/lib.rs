//! Segmint's analysis worker.
//!
//! Runs inside a dedicated Web Worker. Each message from the page is an object
//! `{ request: "<protocol::Request as JSON>", file?: Blob, maxUnpacked?: number }`. For
//! `Inspect` the worker reads the blob in slices with `FileReaderSync` (the raw text is never
//! held whole) — or, for a gzip file, through the browser's `DecompressionStream` ([`gunzip`]) —
//! feeds them to `segmint-core`'s ingest pipeline, posts `Progress` messages, answers with the
//! report and keeps the cleaned [`Dataset`] in its [`Session`]. Analysis requests (RFM, lifetime
//! value, cohorts, clusters, baskets) carry no file: they run on that dataset, posting
//! `Progress` for the long ones (baskets). Messages are queued and handled one at a time, so
//! every message gets exactly one final answer, in the order the messages came, even while a
//! gzip file is read asynchronously. All messages to the page are `protocol::Response`
//! serialised as JSON strings.
//!
//! Cancelling is the page's job: it terminates the worker and starts a new one, which stops
//! the work at once however deep inside a kernel it is.

pub mod gunzip;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::rc::Rc;

use segmint_core::protocol::{self, Failure, Request, Response};
use segmint_core::{Dataset, Error, InspectStream};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

pub use gunzip::DEFAULT_MAX_UNPACKED;

/// Bytes read from the file per slice.
pub const SLICE_BYTES: u64 = 4 << 20;

/// At most one analysis progress message per this many milliseconds.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Install the message handler and tell the page the worker is ready.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker = Rc::new(Queue {
        scope: scope.clone(),
        waiting: RefCell::new(VecDeque::new()),
        busy: Cell::new(false),
        session: RefCell::new(Some(Session::default())),
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        worker.waiting.borrow_mut().push_back(event.data());
        if !worker.busy.replace(true) {
            wasm_bindgen_futures::spawn_local(worker.clone().drain());
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &Response::Ready);
}

/// Messages waiting, and the one session that answers them in order.
struct Queue {
    scope: DedicatedWorkerGlobalScope,
    waiting: RefCell<VecDeque<JsValue>>,
    busy: Cell<bool>,
    /// Taken out while a message is handled (which may await), put back after.
    session: RefCell<Option<Session>>,
}

impl Queue {
    async fn drain(self: Rc<Self>) {
        loop {
            let next = self.waiting.borrow_mut().pop_front();
            let Some(data) = next else { break };
            let mut session = self.session.borrow_mut().take().unwrap_or_default();
            let scope = self.scope.clone();
            let response = session.handle(&data, &mut |r| post(&scope, r)).await;
            *self.session.borrow_mut() = Some(session);
            post(&self.scope, &response);
        }
        self.busy.set(false);
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    let json = serde_json::to_string(response).unwrap_or_else(|e| {
        format!(r#"{{"type":"failed","message":"could not encode the result: {e}"}}"#)
    });
    // Posting a string to our own page cannot fail in a way we could report.
    let _ = scope.post_message(&JsValue::from_str(&json));
}

/// What the worker remembers between messages: the last file's dataset.
#[derive(Default)]
pub struct Session {
    loaded: Option<(String, Dataset)>,
}

impl Session {
    /// Whether a dataset is loaded.
    pub fn has_dataset(&self) -> bool {
        self.loaded.is_some()
    }

    /// Handle one message `{ request, file?, maxUnpacked? }`; `progress` receives intermediate
    /// responses.
    pub async fn handle(
        &mut self,
        data: &JsValue,
        progress: &mut dyn FnMut(&Response),
    ) -> Response {
        let request = js_sys::Reflect::get(data, &"request".into())
            .ok()
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str::<Request>(&s).ok());
        let file = js_sys::Reflect::get(data, &"file".into())
            .ok()
            .and_then(|v| v.dyn_into::<Blob>().ok());
        let max_unpacked = js_sys::Reflect::get(data, &"maxUnpacked".into())
            .ok()
            .and_then(|v| v.as_f64())
            .filter(|v| *v >= 1.0)
            .map_or(DEFAULT_MAX_UNPACKED, |v| v as u64);
        match (request, file) {
            (Some(Request::Inspect { file_name, options }), Some(file)) => {
                // The old dataset is dropped first: two are never held at once.
                self.loaded = None;
                let mut stream = InspectStream::new(options);
                let read = if gunzip::is_gzip(&file_name, &file).await {
                    read_gzip(&file, max_unpacked, progress, &mut |chunk| {
                        stream.push(chunk)
                    })
                    .await
                } else {
                    read_slices(&file, progress, &mut |chunk| stream.push(chunk))
                };
                match read.and_then(|()| stream.finish_with_dataset()) {
                    Ok((report, dataset)) => {
                        self.loaded = Some((file_name, dataset));
                        Response::Inspected(report)
                    }
                    Err(error) => Response::Failed(Failure::new(&file_name, error)),
                }
            }
            (
                Some(Request::Columns {
                    file_name,
                    id_column,
                }),
                Some(file),
            ) => {
                let Some((_, dataset)) = &self.loaded else {
                    return no_file();
                };
                if let Some(failure) = protocol::columns_too_large(&file_name, file.size() as u64) {
                    return failure;
                }
                let mut bytes = Vec::new();
                let mut keep = |chunk: &[u8]| {
                    bytes.extend_from_slice(chunk);
                    Ok(())
                };
                let read = if gunzip::is_gzip(&file_name, &file).await {
                    read_gzip(&file, max_unpacked, progress, &mut keep).await
                } else {
                    read_slices(&file, progress, &mut keep)
                };
                match read {
                    Ok(()) => {
                        protocol::answer_columns(dataset, &bytes, &file_name, id_column.as_deref())
                    }
                    Err(error) => Response::Failed(Failure::new(&file_name, error)),
                }
            }
            (Some(request), _) if !request.needs_file() => match &self.loaded {
                Some((file_name, dataset)) => {
                    let mut last = f64::NEG_INFINITY;
                    let mut last_step = None;
                    let mut report = |done: u64, total: u64| {
                        let now = js_sys::Date::now();
                        if last_step != Some(done) || now - last >= PROGRESS_EVERY_MS {
                            progress(&Response::Progress { done, total });
                            last = now;
                            last_step = Some(done);
                        }
                        ControlFlow::Continue(())
                    };
                    protocol::answer_with_progress(dataset, file_name, &request, &mut report)
                        .unwrap_or_else(not_understood)
                }
                None => no_file(),
            },
            _ => not_understood(),
        }
    }
}

/// Handle one message with a fresh [`Session`] (the dataset is not kept).
pub async fn handle(data: &JsValue, progress: &mut dyn FnMut(&Response)) -> Response {
    Session::default().handle(data, progress).await
}

fn no_file() -> Response {
    Response::Failed(Failure::new(
        "(no file)",
        Error::io("no file is loaded in the worker; open a file first"),
    ))
}

fn not_understood() -> Response {
    Response::Failed(Failure::new(
        "(message)",
        Error::io("the worker received a message it does not understand"),
    ))
}

/// Decompress the gzip `blob`, handing each decompressed chunk to `consume`; progress is in
/// compressed bytes.
pub async fn read_gzip(
    blob: &Blob,
    max_unpacked: u64,
    progress: &mut dyn FnMut(&Response),
    consume: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut gunzip = gunzip::Gunzip::new(blob, max_unpacked)?;
    let total = gunzip.compressed_total();
    let mut reported = 0;
    while let Some(chunk) = gunzip.next_chunk().await? {
        consume(&chunk)?;
        let done = gunzip.compressed_done();
        if done > reported {
            progress(&Response::Progress { done, total });
            reported = done;
        }
    }
    if reported < total {
        progress(&Response::Progress { done: total, total });
    }
    Ok(())
}
/// Read `blob` in [`SLICE_BYTES`] slices, handing each to `consume`.
fn read_slices(
    blob: &Blob,
    progress: &mut dyn FnMut(&Response),
    consume: &mut dyn FnMut(&[u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    let reader = FileReaderSync::new().map_err(|e| Error::io(format!("{e:?}")))?;
    let total = blob.size() as u64;
    let mut buf = Vec::new();
    let mut done = 0u64;
    while done < total {
        let end = (done + SLICE_BYTES).min(total);
        let slice = blob
            .slice_with_f64_and_f64(done as f64, end as f64)
            .map_err(|e| Error::io(format!("cannot slice the file: {e:?}")))?;
        let array = reader
            .read_as_array_buffer(&slice)
            .map_err(|e| Error::io(format!("cannot read the file: {e:?}")))?;
        let bytes = js_sys::Uint8Array::new(&array);
        buf.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut buf);
        consume(&buf)?;
        done = end;
        progress(&Response::Progress { done, total });
    }
    Ok(())
}
