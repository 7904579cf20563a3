//! The bridge between the page and the analysis worker.
//!
//! [`Engine::run`] sends a file to be inspected: the worker keeps the cleaned dataset.
//! [`Engine::analyse`] then queues analysis requests on that dataset; the worker answers
//! messages in the order they came, so the engine matches each answer to the oldest job
//! waiting. Without a worker the same core code runs in the page (the dataset is kept here),
//! reading the file in slices that yield to the event loop.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures_channel::oneshot;
use segmint_core::protocol::{self, Failure, Request, Response};
use segmint_core::{Dataset, Error, InspectStream};
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
    /// Jobs sent (or waiting to be sent) to the worker, oldest first.
    jobs: VecDeque<Job>,
    /// Bumped by every cancel; an in-page job stops when it sees a newer value.
    generation: u64,
    /// The in-page dataset (and its file name) when running without a worker.
    in_page: Option<Rc<(String, Dataset)>>,
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
    file: Option<Blob>,
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
            jobs: VecDeque::new(),
            generation: 0,
            in_page: None,
        }));
        inner.borrow_mut().backend = spawn_worker(&inner);
        Self { inner }
    }

    /// Whether work runs in a Web Worker (false: in the page).
    pub fn uses_worker(&self) -> bool {
        matches!(self.inner.borrow().backend, Backend::Worker { .. })
    }

    /// Inspect `file` with `request` (a [`Request::Inspect`]) and keep its dataset for
    /// [`Engine::analyse`]; `None` when the job was cancelled. Every job still running or
    /// queued is cancelled first.
    pub async fn run(
        &self,
        request: Request,
        file: Blob,
        progress: impl Fn(u64, u64) + 'static,
    ) -> Option<Response> {
        self.cancel();
        self.submit(request, Some(file), Rc::new(progress)).await
    }

    /// Run an analysis request on the dataset the last [`Engine::run`] kept. Requests queue
    /// behind each other; `None` when cancelled.
    pub async fn analyse(&self, request: Request) -> Option<Response> {
        self.submit(request, None, Rc::new(|_, _| {})).await
    }

    async fn submit(
        &self,
        request: Request,
        file: Option<Blob>,
        progress: ProgressFn,
    ) -> Option<Response> {
        if !self.uses_worker() {
            let generation = self.inner.borrow().generation;
            let still_wanted = || self.inner.borrow().generation == generation;
            return run_in_page(&self.inner, request, file, progress, still_wanted).await;
        }
        let (done, result) = oneshot::channel();
        let message = js_sys::Object::new();
        let json = serde_json::to_string(&request).expect("requests always serialise");
        let _ = js_sys::Reflect::set(&message, &"request".into(), &json.into());
        if let Some(file) = &file {
            let _ = js_sys::Reflect::set(&message, &"file".into(), file);
        }
        {
            let mut inner = self.inner.borrow_mut();
            let message = Some(message.into());
            inner.jobs.push_back(Job {
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
        let jobs = {
            let mut inner = self.inner.borrow_mut();
            inner.backend = Backend::InPage;
            std::mem::take(&mut inner.jobs)
        };
        if jobs.is_empty() {
            return;
        }
        let engine = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // In order: an analysis queued behind an inspection needs its dataset.
            for job in jobs {
                let generation = engine.inner.borrow().generation;
                let still_wanted = || engine.inner.borrow().generation == generation;
                let response = run_in_page(
                    &engine.inner,
                    job.request,
                    job.file,
                    job.progress,
                    still_wanted,
                )
                .await;
                if let Some(response) = response {
                    let _ = job.done.send(response);
                }
            }
        });
    }

    /// Stop the running job, if any: the worker is terminated and a fresh one started.
    pub fn cancel(&self) {
        self.inner.borrow_mut().generation += 1;
        let had_job = !std::mem::take(&mut self.inner.borrow_mut().jobs).is_empty();
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
        let mut unreachable = None;
        for job in self.jobs.iter_mut() {
            if let Some(message) = job.message.take()
                && let Err(e) = worker.post_message(&message)
            {
                unreachable = Some(format!("could not reach the worker: {e:?}"));
                break;
            }
        }
        if let Some(message) = unreachable {
            for job in std::mem::take(&mut self.jobs) {
                let _ = job.done.send(failed(message.clone()));
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
                if let Some(job) = self.jobs.front() {
                    (job.progress)(done, total);
                }
            }
            other => {
                if let Some(job) = self.jobs.pop_front() {
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
        // The dataset died with the worker: every job waiting fails.
        let jobs = std::mem::take(&mut inner.borrow_mut().jobs);
        for job in jobs {
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
/// event loop between them so the page stays responsive; analyses run on the dataset kept
/// in `inner`, through the same [`protocol::answer`] the worker calls.
async fn run_in_page(
    inner: &Rc<RefCell<Inner>>,
    request: Request,
    file: Option<Blob>,
    progress: ProgressFn,
    still_wanted: impl Fn() -> bool,
) -> Option<Response> {
    let (file_name, options) = match request {
        Request::Inspect { file_name, options } => (file_name, options),
        analysis => {
            gloo_timers::future::TimeoutFuture::new(0).await;
            if !still_wanted() {
                return None;
            }
            let loaded = inner.borrow().in_page.clone();
            return Some(match loaded {
                Some(loaded) => protocol::answer(&loaded.1, &loaded.0, &analysis)
                    .unwrap_or_else(|| failed("a request the page does not understand")),
                None => failed("no file is loaded; open a file first"),
            });
        }
    };
    let Some(file) = file else {
        return Some(failed("no file was attached to the request"));
    };
    // The old dataset is dropped first: two are never held at once.
    inner.borrow_mut().in_page = None;
    let total = file.size() as u64;
    let mut stream = InspectStream::new(options);
    let mut done = 0u64;
    while done < total {
        let end = (done + IN_PAGE_SLICE as u64).min(total);
        let slice = match file.slice_with_f64_and_f64(done as f64, end as f64) {
            Ok(slice) => slice,
            Err(e) => return Some(failed(format!("cannot slice the file: {e:?}"))),
        };
        let bytes = match JsFuture::from(slice.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(e) => return Some(failed(format!("cannot read the file: {e:?}"))),
        };
        if let Err(error) = stream.push(&bytes) {
            return Some(Response::Failed(Failure::new(&file_name, error)));
        }
        done = end;
        progress(done, total);
        gloo_timers::future::TimeoutFuture::new(0).await;
        if !still_wanted() {
            return None;
        }
    }
    Some(match stream.finish_with_dataset() {
        Ok((report, dataset)) => {
            inner.borrow_mut().in_page = Some(Rc::new((file_name, dataset)));
            Response::Inspected(report)
        }
        Err(error) => Response::Failed(Failure::new(&file_name, error)),
    })
}

fn failed(message: impl Into<String>) -> Response {
    Response::Failed(Failure::new("(worker)", Error::io(message)))
}
