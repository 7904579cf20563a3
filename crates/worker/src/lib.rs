//! Segmint's analysis worker: a thin message loop around core's protocol
//! [`Session`], inside a dedicated Web Worker.
//!
//! Each message from the page is `{ request: "<protocol::Request as JSON>", file?: Blob,
//! maxUnpacked?: number }`; every message to the page is a `protocol::Response` as a JSON
//! string: `Ready` once, then per request any number of `Progress` and one final answer.
//! Requests are answered one at a time in the order they came (a gzip file is read
//! asynchronously, so later messages wait in a queue), all through [`segmint_web::serve`] —
//! the same code the page runs when no worker can start.
//!
//! Cancelling is the page's job: it terminates the worker, which stops the work at once
//! however deep inside a kernel it is.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use segmint_core::Error;
use segmint_core::protocol::{Failure, Request, Response, Session};
use segmint_web::gunzip::DEFAULT_MAX_UNPACKED;
use segmint_web::{Pace, serve};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

/// Install the message loop and tell the page the worker is ready.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker = Rc::new(Loop {
        scope: scope.clone(),
        waiting: RefCell::new(VecDeque::new()),
        busy: Cell::new(false),
        session: RefCell::new(Session::new()),
    });
    let listener = gloo_events::EventListener::new(&scope, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        worker.waiting.borrow_mut().push_back(event.data());
        if !worker.busy.replace(true) {
            wasm_bindgen_futures::spawn_local(worker.clone().drain());
        }
    });
    // The loop lives as long as the worker.
    listener.forget();
    post(&scope, &Response::Ready);
}

/// Messages waiting, and the one session that answers them in order.
struct Loop {
    scope: DedicatedWorkerGlobalScope,
    waiting: RefCell<VecDeque<JsValue>>,
    busy: Cell<bool>,
    session: RefCell<Session>,
}

impl Loop {
    async fn drain(self: Rc<Self>) {
        loop {
            let next = self.waiting.borrow_mut().pop_front();
            let Some(data) = next else { break };
            let scope = self.scope.clone();
            let response = handle(&self.session, &data, &mut |r| post(&scope, r)).await;
            post(&self.scope, &response);
        }
        self.busy.set(false);
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    let json = serde_json::to_string(response).unwrap_or_else(|e| {
        let error = Error::io(format!("could not encode the result: {e}"));
        serde_json::to_string(&Response::Failed(Failure::new("(worker)", error)))
            .unwrap_or_default()
    });
    // Posting a string to our own page cannot fail in a way we could report.
    let _ = scope.post_message(&JsValue::from_str(&json));
}

/// Answer one message `{ request, file?, maxUnpacked? }` on `session`; `progress` receives
/// the `Progress` responses.
pub async fn handle(
    session: &RefCell<Session>,
    data: &JsValue,
    progress: &mut dyn FnMut(&Response),
) -> Response {
    let field = |name: &str| js_sys::Reflect::get(data, &name.into()).ok();
    let request = field("request")
        .and_then(|v| v.as_string())
        .and_then(|s| serde_json::from_str::<Request>(&s).ok());
    let Some(request) = request else {
        return Response::Failed(Failure::new(
            "(message)",
            Error::io("the worker received a message it does not understand"),
        ));
    };
    let file = field("file").and_then(|v| v.dyn_into::<Blob>().ok());
    let max_unpacked = field("maxUnpacked")
        .and_then(|v| v.as_f64())
        .filter(|v| *v >= 1.0)
        .map_or(DEFAULT_MAX_UNPACKED, |v| v as u64);
    let mut report = |p| progress(&Response::Progress(p));
    serve(
        session,
        request,
        file,
        Pace::Worker,
        max_unpacked,
        &mut report,
        &|| true,
    )
    .await
}
