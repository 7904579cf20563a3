//! The bridge between the page and the analysis worker.

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::oneshot;
use segmint_core::protocol::{Failure, Request, Response};
use segmint_core::{Error, InspectStream};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};

/// Where the worker's loader lives, relative to the page (Trunk's `data-loader-shim`).
pub const WORKER_URL: &str = "./worker_loader.js";

/// Bytes per slice when running in the page.
const IN_PAGE_SLICE: usize = 1 << 20;

type ProgressFn = Rc<dyn Fn(u64, u64)>;

/// Runs protocol requests off the main thread, one at a time.
#[derive(Clone)]
pub struct Engine {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    backend: Backend,
    job: Option<Job>,
    /// Bumped by every cancel; an in-page job stops when it sees a newer value.
    generation: u64,
}

enum Backend {
    Worker {
        worker: Worker,
        ready: bool,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_error: Closure<dyn FnMut(JsValue)>,
    },
    InPage,
}

struct Job {
    request: Request,
    file: Blob,
    /// Set until the message has been posted to the worker.
    message: Option<JsValue>,
    progress: ProgressFn,
    done: oneshot::Sender<Response>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// Start a worker, or fall back to running in the page when workers are unavailable.
    pub fn new() -> Self {
        let inner = Rc::new(RefCell::new(Inner {
            backend: Backend::InPage,
            job: None,
            generation: 0,
        }));
        inner.borrow_mut().backend = spawn_worker(&inner);
        Self { inner }
    }

    /// Whether work runs in a Web Worker (false: in the page).
    pub fn uses_worker(&self) -> bool {
        matches!(self.inner.borrow().backend, Backend::Worker { .. })
    }

    /// Run `request` on `file`; `None` when the job was cancelled. A job still running is
    /// cancelled first.
    pub async fn run(
        &self,
        request: Request,
        file: Blob,
        progress: impl Fn(u64, u64) + 'static,
    ) -> Option<Response> {
        self.cancel();
        let progress: ProgressFn = Rc::new(progress);
        if !self.uses_worker() {
            let generation = self.inner.borrow().generation;
            let still_wanted = || self.inner.borrow().generation == generation;
            return run_in_page(request, file, progress, still_wanted).await;
        }
        let (done, result) = oneshot::channel();
        let message = js_sys::Object::new();
        let json = serde_json::to_string(&request).expect("requests always serialise");
        let _ = js_sys::Reflect::set(&message, &"request".into(), &json.into());
        let _ = js_sys::Reflect::set(&message, &"file".into(), &file);
        {
            let mut inner = self.inner.borrow_mut();
            let message = Some(message.into());
            inner.job = Some(Job {
                request,
                file,
                message,
                progress,
                done,
            });
            inner.post_pending();
        }
        result.await.ok()
    }

    /// The worker could not start (its script failed to load, or the host forbids it): run
    /// in the page from now on, including the job that was waiting for the worker.
    fn fall_back_to_page(&self) {
        let job = {
            let mut inner = self.inner.borrow_mut();
            inner.backend = Backend::InPage;
            inner.job.take()
        };
        let Some(job) = job else { return };
        let engine = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let generation = engine.inner.borrow().generation;
            let still_wanted = || engine.inner.borrow().generation == generation;
            if let Some(response) =
                run_in_page(job.request, job.file, job.progress, still_wanted).await
            {
                let _ = job.done.send(response);
            }
        });
    }

    /// Stop the running job, if any: the worker is terminated and a fresh one started.
    pub fn cancel(&self) {
        self.inner.borrow_mut().generation += 1;
        let had_job = self.inner.borrow_mut().job.take().is_some();
        if !had_job {
            return;
        }
        let old = std::mem::replace(&mut self.inner.borrow_mut().backend, Backend::InPage);
        if let Backend::Worker { worker, .. } = old {
            worker.terminate();
            let fresh = spawn_worker(&self.inner);
            self.inner.borrow_mut().backend = fresh;
        }
    }
}

impl Inner {
    fn post_pending(&mut self) {
        let Backend::Worker {
            worker,
            ready: true,
            ..
        } = &self.backend
        else {
            return;
        };
        if let Some(message) = self.job.as_mut().and_then(|j| j.message.take()) {
            if let Err(e) = worker.post_message(&message) {
                if let Some(job) = self.job.take() {
                    let _ = job
                        .done
                        .send(failed(format!("could not reach the worker: {e:?}")));
                }
            }
        }
    }

    fn on_response(&mut self, response: Response) {
        match response {
            Response::Ready => {
                if let Backend::Worker { ready, .. } = &mut self.backend {
                    *ready = true;
                }
                self.post_pending();
            }
            Response::Progress { done, total } => {
                if let Some(job) = &self.job {
                    (job.progress)(done, total);
                }
            }
            other => {
                if let Some(job) = self.job.take() {
                    let _ = job.done.send(other);
                }
            }
        }
    }
}

fn spawn_worker(inner: &Rc<RefCell<Inner>>) -> Backend {
    let Ok(worker) = Worker::new(WORKER_URL) else {
        return Backend::InPage;
    };
    let weak = Rc::downgrade(inner);
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let Some(inner) = weak.upgrade() else { return };
        let started = matches!(inner.borrow().backend, Backend::Worker { ready: true, .. });
        if !started {
            Engine { inner }.fall_back_to_page();
            return;
        }
        // The worker died mid-job (a trap): fail the job and start a fresh worker.
        let detail = event
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .unwrap_or_default();
        let job = inner.borrow_mut().job.take();
        if let Some(job) = job {
            let _ = job.done.send(failed(format!(
                "the analysis stopped unexpectedly: {detail}"
            )));
        }
        let old = std::mem::replace(&mut inner.borrow_mut().backend, Backend::InPage);
        if let Backend::Worker { worker, .. } = old {
            worker.terminate();
        }
        let fresh = spawn_worker(&inner);
        inner.borrow_mut().backend = fresh;
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let weak = Rc::downgrade(inner);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(inner) = weak.upgrade() else { return };
        let response = event
            .data()
            .as_string()
            .and_then(|s| serde_json::from_str::<Response>(&s).ok())
            .unwrap_or_else(|| failed("the worker sent a message the page does not understand"));
        // A progress callback may start a re-render, but never a new job, so this borrow
        // is never re-entered.
        inner.borrow_mut().on_response(response);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Backend::Worker {
        worker,
        ready: false,
        _on_message: on_message,
        _on_error: on_error,
    }
}

/// The fallback when no worker can be created: stream the blob in slices and yield to the
/// event loop between them so the page stays responsive.
async fn run_in_page(
    request: Request,
    file: Blob,
    progress: ProgressFn,
    still_wanted: impl Fn() -> bool,
) -> Option<Response> {
    let Request::Inspect { file_name, options } = request;
    let bytes = match JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(e) => return Some(failed(format!("cannot read the file: {e:?}"))),
    };
    let total = bytes.len() as u64;
    let mut stream = InspectStream::new(options);
    for (i, slice) in bytes.chunks(IN_PAGE_SLICE).enumerate() {
        if let Err(error) = stream.push(slice) {
            return Some(Response::Failed(Failure::new(&file_name, error)));
        }
        progress(((i + 1) * IN_PAGE_SLICE).min(bytes.len()) as u64, total);
        gloo_timers::future::TimeoutFuture::new(0).await;
        if !still_wanted() {
            return None;
        }
    }
    Some(match stream.finish() {
        Ok(report) => Response::Inspected(report),
        Err(error) => Response::Failed(Failure::new(&file_name, error)),
    })
}

fn failed(message: impl Into<String>) -> Response {
    Response::Failed(Failure::new("(worker)", Error::io(message)))
}
