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
//!
//! Where no worker can start, the page loads this same module into itself and calls
//! [`serve_page`]: the app and the widgets then carry none of the core's kernels in their own
//! wasm (segmint-web's in-page transport), and the kernels stay at opt-level 3 in one place.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use segmint_core::Error;
use segmint_core::protocol::{Failure, Request, Response, Session};
use segmint_web::gunzip::DEFAULT_MAX_UNPACKED;
use segmint_web::{Pace, serve};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

/// Install the message loop and tell the page the worker is ready; nothing in a page, which
/// calls [`serve_page`] instead.
pub fn start() {
    console_error_panic_hook::set_once();
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
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
            let response = handle(
                &self.session,
                &data,
                Pace::Worker,
                &mut |r| post(&scope, r),
                &|| true,
            )
            .await;
            post(&self.scope, &response);
        }
        self.busy.set(false);
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    // Posting a string to our own page cannot fail in a way we could report.
    let _ = scope.post_message(&JsValue::from_str(&encode(response)));
}

fn encode(response: &Response) -> String {
    serde_json::to_string(response).unwrap_or_else(|e| {
        let error = Error::io(format!("could not encode the result: {e}"));
        serde_json::to_string(&Response::Failed(Failure::new("(worker)", error)))
            .unwrap_or_default()
    })
}

thread_local! {
    /// The in-page sessions, one per engine of the page (each widget group has its own).
    static PAGE_SESSIONS: RefCell<HashMap<u32, Rc<RefCell<Session>>>> = RefCell::default();
}

/// The in-page fallback: answer one message (as [`handle`] reads it) on the session of the
/// page's engine `engine`, reading in the page's slices and yielding between them. Returns a
/// `Response` as JSON; `progress(done, total)` hears how far it is; `wanted()` is asked
/// between slices, and `false` cancels.
#[wasm_bindgen(js_name = servePage)]
pub async fn serve_page(
    engine: u32,
    data: JsValue,
    progress: js_sys::Function,
    wanted: js_sys::Function,
) -> String {
    console_error_panic_hook::set_once();
    let session = PAGE_SESSIONS.with(|sessions| {
        let mut sessions = sessions.borrow_mut();
        let session = sessions.entry(engine);
        session
            .or_insert_with(|| Rc::new(RefCell::new(Session::new())))
            .clone()
    });
    let mut report = |r: &Response| {
        if let Response::Progress(p) = r {
            let (done, total) = (p.done as f64, p.total as f64);
            let _ = progress.call2(&JsValue::NULL, &done.into(), &total.into());
        }
    };
    let wanted = || {
        let answer = wanted.call0(&JsValue::NULL).ok();
        answer.and_then(|v| v.as_bool()).unwrap_or(false)
    };
    encode(&handle(&session, &data, Pace::Page, &mut report, &wanted).await)
}

/// Drop the dataset of the page's engine `engine` (see [`serve_page`]).
#[wasm_bindgen(js_name = forgetPage)]
pub fn forget_page(engine: u32) {
    PAGE_SESSIONS.with(|s| s.borrow_mut().remove(&engine));
}

/// Answer one message `{ request, file?, maxUnpacked? }` on `session` at `pace`; `progress`
/// receives the `Progress` responses; `wanted` returning `false` cancels.
pub async fn handle(
    session: &RefCell<Session>,
    data: &JsValue,
    pace: Pace,
    progress: &mut dyn FnMut(&Response),
    wanted: &dyn Fn() -> bool,
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
        pace,
        max_unpacked,
        &mut report,
        wanted,
    )
    .await
}
