//! The bridge between the page and the analysis worker.
//!
//! [`Engine::run`] sends a file to be inspected: the worker keeps the cleaned dataset.
//! [`Engine::analyse`] then queues analysis requests on that dataset; the worker answers
//! messages in the order they came, so the engine matches each answer to the oldest job
//! waiting. Without a worker the same core code runs in the page (the dataset is kept here),
//! reading the file in slices that yield to the event loop.
//!
//! Cancelling terminates the worker, and the dataset dies with it. The engine keeps the file
//! (the `Blob`, a reference to the user's file, not a copy) and the request that loaded it:
//! after an analysis is cancelled, the next [`Engine::analyse`] first loads the same file
//! again in the fresh worker, transparently. Cancelling a file while it loads forgets it.
//! [`Engine::activity`] tells the page what is running, for its progress bars and Cancel
//! buttons.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures_channel::oneshot;
use leptos::prelude::{GetUntracked, RwSignal, Set};
use segmint_core::protocol::{self, Failure, Request, Response};
use segmint_core::{Dataset, Error, InspectStream};
use segmint_worker::gunzip::{self, Gunzip};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};

/// Where the worker's loader lives, relative to the page (Trunk's `data-loader-shim`).
pub const WORKER_URL: &str = "./worker_loader.js";

/// Bytes per slice when running in the page.
const IN_PAGE_SLICE: usize = 1 << 20;

type ProgressFn = Rc<dyn Fn(u64, u64)>;

/// What the worker is doing, for the page's progress bars and Cancel buttons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// A file is being read (a new one, or the kept one again after a cancel).
    pub loading: bool,
    /// Analyses running or queued.
    pub analyses: usize,
    /// Progress of the job running now: bytes of the file, or an analysis' steps; `total`
    /// is 0 when unknown.
    pub done: u64,
    /// See `done`.
    pub total: u64,
}

impl Activity {
    /// Whether anything is running or queued.
    pub fn busy(&self) -> bool {
        self.loading || self.analyses > 0
    }
}

/// Runs protocol requests off the main thread, one at a time.
#[derive(Clone)]
pub struct Engine {
    inner: Rc<RefCell<Inner>>,
    activity: RwSignal<Activity>,
}

struct Inner {
    backend: Backend,
    /// Jobs sent (or waiting to be sent) to the worker, oldest first.
    jobs: VecDeque<Job>,
    /// Bumped by every cancel; an in-page job stops when it sees a newer value.
    generation: u64,
    /// The in-page dataset (and its file name) when running without a worker.
    in_page: Option<Rc<(String, Dataset)>>,
    /// The request and file that loaded the current dataset, to load it again after a cancel.
    source: Option<(Request, Blob)>,
    /// The worker lost the dataset (an analysis was cancelled): load `source` again first.
    needs_reload: bool,
    /// The cap on a gzip file's decompressed size.
    max_unpacked: u64,
    activity: RwSignal<Activity>,
    /// The worker's script, started again after a cancel.
    worker_url: String,
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
        Self::with_worker_url(WORKER_URL)
    }

    /// [`Engine::new`] with the worker's script at `url` (the widgets resolve it against
    /// their own script, not the host page). A worker must come from the page's origin;
    /// when it cannot start the engine runs in the page.
    pub fn with_worker_url(url: &str) -> Self {
        let activity = RwSignal::new(Activity::default());
        let inner = Rc::new(RefCell::new(Inner {
            backend: Backend::InPage,
            jobs: VecDeque::new(),
            generation: 0,
            in_page: None,
            source: None,
            needs_reload: false,
            max_unpacked: gunzip::DEFAULT_MAX_UNPACKED,
            activity,
            worker_url: url.to_owned(),
        }));
        inner.borrow_mut().backend = spawn_worker(&inner);
        Self { inner, activity }
    }

    /// What is running now (a reactive signal).
    pub fn activity(&self) -> RwSignal<Activity> {
        self.activity
    }

    /// Cap the decompressed size of gzip files (default [`gunzip::DEFAULT_MAX_UNPACKED`]).
    pub fn set_max_unpacked(&self, bytes: u64) {
        self.inner.borrow_mut().max_unpacked = bytes.max(1);
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
        {
            let mut inner = self.inner.borrow_mut();
            inner.source = Some((request.clone(), file.clone()));
            inner.needs_reload = false;
        }
        self.submit(request, Some(file), Rc::new(progress)).await
    }

    /// Run an analysis request on the dataset the last [`Engine::run`] kept. Requests queue
    /// behind each other; `None` when cancelled. After a cancelled analysis the file is first
    /// loaded again in the fresh worker.
    pub async fn analyse(&self, request: Request) -> Option<Response> {
        self.analyse_with(request, None).await
    }

    /// Like [`Engine::analyse`], for a request that also reads `file` (a
    /// [`Request::Columns`]): the loaded dataset stays.
    pub async fn analyse_file(&self, request: Request, file: Blob) -> Option<Response> {
        self.analyse_with(request, Some(file)).await
    }

    async fn analyse_with(&self, request: Request, file: Option<Blob>) -> Option<Response> {
        let reload = {
            let mut inner = self.inner.borrow_mut();
            let reload = std::mem::take(&mut inner.needs_reload);
            reload.then(|| inner.source.clone()).flatten()
        };
        if let Some((inspect, file)) = reload {
            // Queued first; its answer only matters to the worker, which keeps the dataset.
            drop(self.enqueue(inspect, Some(file), Rc::new(|_, _| {})));
        }
        self.submit(request, file, Rc::new(|_, _| {})).await
    }

    /// Forget the file and its dataset: the worker is terminated (its memory goes with it)
    /// and a fresh one started; the in-page dataset is dropped; every job is cancelled.
    pub fn forget(&self) {
        let old = {
            let mut inner = self.inner.borrow_mut();
            inner.generation += 1;
            inner.jobs.clear();
            inner.in_page = None;
            inner.source = None;
            inner.needs_reload = false;
            std::mem::replace(&mut inner.backend, Backend::InPage)
        };
        if let Backend::Worker { worker, .. } = old {
            worker.terminate();
            let fresh = spawn_worker(&self.inner);
            self.inner.borrow_mut().backend = fresh;
        }
        self.inner.borrow().publish();
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
        self.enqueue(request, file, progress).await.ok()
    }

    /// Queue a job for the worker now; its answer arrives on the receiver.
    fn enqueue(
        &self,
        request: Request,
        file: Option<Blob>,
        progress: ProgressFn,
    ) -> oneshot::Receiver<Response> {
        let (done, result) = oneshot::channel();
        let message = js_sys::Object::new();
        let json = serde_json::to_string(&request).expect("requests always serialise");
        let _ = js_sys::Reflect::set(&message, &"request".into(), &json.into());
        if let Some(file) = &file {
            let _ = js_sys::Reflect::set(&message, &"file".into(), file);
            let cap = self.inner.borrow().max_unpacked as f64;
            let _ = js_sys::Reflect::set(&message, &"maxUnpacked".into(), &cap.into());
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
            inner.publish();
        }
        result
    }

    /// The worker could not start (its script failed to load, or the host forbids it): run
    /// in the page from now on, including the job that was waiting for the worker.
    fn fall_back_to_page(&self) {
        let jobs = {
            let mut inner = self.inner.borrow_mut();
            inner.backend = Backend::InPage;
            let jobs = std::mem::take(&mut inner.jobs);
            inner.publish();
            jobs
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

    /// Stop the running job and every queued one, if any: the worker is terminated and a
    /// fresh one started. A file being loaded is forgotten; a loaded one is loaded again by
    /// the next [`Engine::analyse`].
    pub fn cancel(&self) {
        let jobs = {
            let mut inner = self.inner.borrow_mut();
            inner.generation += 1;
            std::mem::take(&mut inner.jobs)
        };
        if jobs.is_empty() {
            return;
        }
        let old = {
            let mut inner = self.inner.borrow_mut();
            if jobs.front().is_some_and(|job| job.request.needs_file()) {
                inner.source = None;
                inner.needs_reload = false;
            } else {
                // Only the worker loses its dataset; the in-page one is kept.
                inner.needs_reload =
                    inner.source.is_some() && matches!(inner.backend, Backend::Worker { .. });
            }
            std::mem::replace(&mut inner.backend, Backend::InPage)
        };
        if let Backend::Worker { worker, .. } = old {
            worker.terminate();
            let fresh = spawn_worker(&self.inner);
            self.inner.borrow_mut().backend = fresh;
        }
        self.inner.borrow().publish();
    }
}

impl Inner {
    /// Tell the page what is running (from the job queue).
    fn publish(&self) {
        self.publish_progress(0, 0);
    }

    fn publish_progress(&self, done: u64, total: u64) {
        let activity = Activity {
            loading: self.jobs.iter().any(|job| job.request.needs_file()),
            analyses: self
                .jobs
                .iter()
                .filter(|job| !job.request.needs_file())
                .count(),
            done,
            total,
        };
        if self.activity.get_untracked() != activity {
            self.activity.set(activity);
        }
    }

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
                self.publish_progress(done, total);
            }
            other => {
                if let Some(job) = self.jobs.pop_front() {
                    let _ = job.done.send(other);
                }
                self.publish();
            }
        }
    }
}

fn spawn_worker(inner: &Rc<RefCell<Inner>>) -> Backend {
    let url = inner.borrow().worker_url.clone();
    let Ok(worker) = Worker::new(&url) else {
        return Backend::InPage;
    };
    let weak = Rc::downgrade(inner);
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let Some(inner) = weak.upgrade() else { return };
        let started = matches!(inner.borrow().backend, Backend::Worker { ready: true, .. });
        if !started {
            let activity = inner.borrow().activity;
            Engine { inner, activity }.fall_back_to_page();
            return;
        }
        // The worker died mid-job (a trap): fail the job and start a fresh worker.
        let detail = event
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .unwrap_or_default();
        // The dataset died with the worker: every job waiting fails.
        let jobs = std::mem::take(&mut inner.borrow_mut().jobs);
        inner.borrow_mut().source = None;
        inner.borrow().publish();
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
        Request::Columns {
            file_name,
            id_column,
        } => {
            let Some(file) = file else {
                return Some(failed("no file was attached to the request"));
            };
            if let Some(failure) = protocol::columns_too_large(&file_name, file.size() as u64) {
                return Some(failure);
            }
            let bytes = match read_whole(inner, &file_name, &file).await {
                Ok(bytes) => bytes,
                Err(response) => return Some(response),
            };
            if !still_wanted() {
                return None;
            }
            let loaded = inner.borrow().in_page.clone();
            return Some(match loaded {
                Some(loaded) => {
                    protocol::answer_columns(&loaded.1, &bytes, &file_name, id_column.as_deref())
                }
                None => failed("no file is loaded; open a file first"),
            });
        }
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
    if gunzip::is_gzip(&file_name, &file).await {
        let max_unpacked = inner.borrow().max_unpacked;
        let mut gunzip = match Gunzip::new(&file, max_unpacked) {
            Ok(gunzip) => gunzip,
            Err(error) => return Some(Response::Failed(Failure::new(&file_name, error))),
        };
        let mut since_yield = 0usize;
        loop {
            let chunk = match gunzip.next_chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(error) => return Some(Response::Failed(Failure::new(&file_name, error))),
            };
            if let Err(error) = stream.push(&chunk) {
                return Some(Response::Failed(Failure::new(&file_name, error)));
            }
            // Decompressed chunks come in as microtasks: yield to the event loop about once
            // per slice's worth of text so the page can paint.
            since_yield += chunk.len();
            if since_yield >= IN_PAGE_SLICE {
                since_yield = 0;
                progress(gunzip.compressed_done(), total);
                gloo_timers::future::TimeoutFuture::new(0).await;
                if !still_wanted() {
                    return None;
                }
            }
        }
        progress(total, total);
        return Some(finish_in_page(inner, stream, file_name));
    }
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
    Some(finish_in_page(inner, stream, file_name))
}

/// All of a (small) file's bytes, decompressed if it is gzip.
async fn read_whole(
    inner: &Rc<RefCell<Inner>>,
    file_name: &str,
    file: &Blob,
) -> Result<Vec<u8>, Response> {
    if !gunzip::is_gzip(file_name, file).await {
        return match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => Ok(js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(e) => Err(failed(format!("cannot read the file: {e:?}"))),
        };
    }
    let max_unpacked = inner.borrow().max_unpacked;
    let fail = |error| Response::Failed(Failure::new(file_name, error));
    let mut gunzip = Gunzip::new(file, max_unpacked).map_err(fail)?;
    let mut bytes = Vec::new();
    while let Some(chunk) = gunzip.next_chunk().await.map_err(fail)? {
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn finish_in_page(
    inner: &Rc<RefCell<Inner>>,
    stream: InspectStream,
    file_name: String,
) -> Response {
    match stream.finish_with_dataset() {
        Ok((report, dataset)) => {
            inner.borrow_mut().in_page = Some(Rc::new((file_name, dataset)));
            Response::Inspected(report)
        }
        Err(error) => Response::Failed(Failure::new(&file_name, error)),
    }
}

fn failed(message: impl Into<String>) -> Response {
    Response::Failed(Failure::new("(worker)", Error::io(message)))
}
