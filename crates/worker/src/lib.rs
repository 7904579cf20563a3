//! Segmint's analysis worker.
//!
//! Runs inside a dedicated Web Worker. Each message from the page is an object
//! `{ request: "<protocol::Request as JSON>", file: Blob }`. The worker reads the blob in
//! slices with `FileReaderSync` (the raw text is never held whole), feeds them to
//! `segmint-core`, posts `Progress` messages, and finally one result or `Failed`. All
//! messages to the page are `protocol::Response` serialised as JSON strings.
//!
//! Cancelling is the page's job: it terminates the worker and starts a new one, which stops
//! the work at once however deep inside a kernel it is.

use segmint_core::protocol::{Failure, Request, Response};
use segmint_core::{Error, InspectStream};
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
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let response = handle(&event.data(), &mut |r| post(&handler_scope, r));
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

/// Handle one message `{ request, file }`; `progress` receives intermediate responses.
pub fn handle(data: &JsValue, progress: &mut dyn FnMut(&Response)) -> Response {
    let request = js_sys::Reflect::get(data, &"request".into())
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| serde_json::from_str::<Request>(&s).ok());
    let file = js_sys::Reflect::get(data, &"file".into())
        .ok()
        .and_then(|v| v.dyn_into::<Blob>().ok());
    match (request, file) {
        (Some(Request::Inspect { file_name, options }), Some(file)) => {
            let mut stream = InspectStream::new(options);
            let result = read_slices(&file, progress, &mut |chunk| stream.push(chunk))
                .and_then(|()| stream.finish());
            match result {
                Ok(report) => Response::Inspected(report),
                Err(error) => Response::Failed(Failure::new(&file_name, error)),
            }
        }
        _ => Response::Failed(Failure::new(
            "(message)",
            Error::io("the worker received a message it does not understand"),
        )),
    }
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
