//! Segmint's analysis worker.
//!
//! Runs inside a dedicated Web Worker. Each message from the page is an object
//! `{ request: "<protocol::Request as JSON>", file?: Blob }`. For `Inspect` the worker reads
//! the blob in slices with `FileReaderSync` (the raw text is never held whole), feeds them to
//! `segmint-core`'s ingest pipeline, posts `Progress` messages, answers with the report and
//! keeps the cleaned [`Dataset`] in its [`Session`]. Analysis requests (RFM, lifetime value,
//! cohorts) carry no file: they run on that dataset. Every message gets exactly one final
//! answer, in the order the messages came. All messages to the page are `protocol::Response`
//! serialised as JSON strings.
//!
//! Cancelling is the page's job: it terminates the worker and starts a new one, which stops
//! the work at once however deep inside a kernel it is.

use std::cell::RefCell;
use std::rc::Rc;

use segmint_core::protocol::{self, Failure, Request, Response};
use segmint_core::{Dataset, Error, InspectStream};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// Bytes read from the file per slice.
pub const SLICE_BYTES: u64 = 4 << 20;

/// Install the message handler and tell the page the worker is ready.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler_scope = scope.clone();
    let session = Rc::new(RefCell::new(Session::default()));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let response = session
            .borrow_mut()
            .handle(&event.data(), &mut |r| post(&handler_scope, r));
        post(&handler_scope, &response);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &Response::Ready);
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

    /// Handle one message `{ request, file? }`; `progress` receives intermediate responses.
    pub fn handle(&mut self, data: &JsValue, progress: &mut dyn FnMut(&Response)) -> Response {
        let request = js_sys::Reflect::get(data, &"request".into())
            .ok()
            .and_then(|v| v.as_string())
            .and_then(|s| serde_json::from_str::<Request>(&s).ok());
        let file = js_sys::Reflect::get(data, &"file".into())
            .ok()
            .and_then(|v| v.dyn_into::<Blob>().ok());
        match (request, file) {
            (Some(Request::Inspect { file_name, options }), Some(file)) => {
                // The old dataset is dropped first: two are never held at once.
                self.loaded = None;
                let mut stream = InspectStream::new(options);
                let result = read_slices(&file, progress, &mut |chunk| stream.push(chunk))
                    .and_then(|()| stream.finish_with_dataset());
                match result {
                    Ok((report, dataset)) => {
                        self.loaded = Some((file_name, dataset));
                        Response::Inspected(report)
                    }
                    Err(error) => Response::Failed(Failure::new(&file_name, error)),
                }
            }
            (Some(request), _) if !request.needs_file() => match &self.loaded {
                Some((file_name, dataset)) => {
                    protocol::answer(dataset, file_name, &request).unwrap_or_else(not_understood)
                }
                None => Response::Failed(Failure::new(
                    "(no file)",
                    Error::io("no file is loaded in the worker; open a file first"),
                )),
            },
            _ => not_understood(),
        }
    }
}

/// Handle one message with a fresh [`Session`] (the dataset is not kept).
pub fn handle(data: &JsValue, progress: &mut dyn FnMut(&Response)) -> Response {
    Session::default().handle(data, progress)
}

fn not_understood() -> Response {
    Response::Failed(Failure::new(
        "(message)",
        Error::io("the worker received a message it does not understand"),
    ))
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
