//! The [`Engine`]: the page's one way to the core.
//!
//! [`Engine::run`] sends a file to be inspected (the session keeps its dataset);
//! [`Engine::analyse`] queues analysis requests on that dataset. Jobs run one at a time, in
//! the order they came, over a [`Transport`]: a Web Worker ([`WorkerTransport`]), or the page
//! itself ([`InPage`]) when no worker can start (a CRM sandbox may forbid them). Both answer
//! every request through [`serve`](crate::serve) and the same core `Session` — in the page,
//! the worker's own module loaded beside the page's (see [`InPage`]); the engine does not
//! know which one it drives, and never looks inside a request.
//!
//! Cancelling stops the running job and drops the queued ones. A worker is terminated (it
//! stops at once however deep inside a kernel it is) and its dataset dies with it: the engine
//! keeps the file (the `Blob`, a reference to the user's file, not a copy) and the request
//! that loaded it, and the next [`Engine::analyse`] loads it again first, transparently.
//! Cancelling a file while it loads forgets it. [`Engine::on_activity`] tells the page what
//! is running, for its progress bars and Cancel buttons.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use std::task::{Poll, Waker};

use futures_channel::oneshot;
use gloo_events::EventListener;
use segmint_core::Error;
#[cfg(feature = "local-session")]
use segmint_core::protocol::Session;
use segmint_core::protocol::{Failure, Progress, Request, Response};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, MessageEvent, Worker};

use crate::gunzip::DEFAULT_MAX_UNPACKED;
#[cfg(feature = "local-session")]
use crate::serve::{Pace, serve};

/// Where the worker's loader lives, relative to the page (Trunk's `data-loader-shim`).
pub const WORKER_URL: &str = "./worker_loader.js";

/// What the engine is doing, for the page's progress bars and Cancel buttons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// A file is being read (a new one, or the kept one again after a cancel).
    pub loading: bool,
    /// Analyses running or queued.
    pub analyses: usize,
    /// Progress of the job running now (see [`Progress`]).
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

/// One request on its way.
struct Job {
    request: Request,
    file: Option<Blob>,
    progress: Rc<dyn Fn(Progress)>,
}

/// How a job ended on a transport.
#[allow(clippy::large_enum_variant)] // one per job, moved once
enum Outcome {
    /// The session's answer.
    Answer(Response),
    /// Stopped by [`Transport::stop`].
    Cancelled,
    /// The transport cannot run anything (the worker's script did not start): run the job
    /// elsewhere.
    Unavailable,
    /// The transport died mid-job and took the dataset with it.
    Died(String),
}

type Running<'a> = Pin<Box<dyn Future<Output = Outcome> + 'a>>;

/// Carries jobs to a core `Session` and its answers back: one interface, two places the
/// session can live.
trait Transport {
    /// Run `job` to its end; progress goes to the job's callback.
    fn run<'a>(&'a self, job: &'a Job, max_unpacked: u64) -> Running<'a>;
    /// Stop the running job, if any (its `run` then ends with [`Outcome::Cancelled`]).
    /// Returns whether the dataset survives.
    fn stop(&self) -> bool;
    /// Drop the dataset, and stop what runs.
    fn forget(&self);
    /// Whether the session lives in a Web Worker.
    fn in_worker(&self) -> bool;
}

type Listener = Rc<dyn Fn(Activity)>;

/// Runs protocol requests off the main thread where it can, one at a time.
#[derive(Clone)]
pub struct Engine {
    inner: Rc<Inner>,
}

struct Inner {
    transport: RefCell<Rc<dyn Transport>>,
    /// The worker's script; the in-page transport finds the worker's module beside it.
    worker_url: String,
    queue: RefCell<VecDeque<(Job, oneshot::Sender<Response>)>>,
    /// Whether the job running now loads the dataset (`None`: nothing runs).
    running: Cell<Option<bool>>,
    /// Bumped by every cancel: an answer to an older job is dropped.
    generation: Cell<u64>,
    /// The request and file that loaded the current dataset, to load it again after a cancel.
    source: RefCell<Option<(Request, Blob)>>,
    /// The transport lost the dataset (an analysis was cancelled): load `source` again first.
    needs_reload: Cell<bool>,
    max_unpacked: Cell<u64>,
    activity: Cell<Activity>,
    on_activity: RefCell<Option<Listener>>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// Start a worker from [`WORKER_URL`], or run in the page when workers are unavailable.
    pub fn new() -> Self {
        Self::with_worker_url(WORKER_URL)
    }

    /// [`Engine::new`] with the worker's script at `url` (the widgets resolve it against
    /// their own script, not the host page). A worker must come from the page's origin;
    /// when it cannot start the engine runs in the page.
    pub fn with_worker_url(url: &str) -> Self {
        let transport: Rc<dyn Transport> = match WorkerTransport::new(url) {
            Some(worker) => Rc::new(worker),
            None => Rc::new(InPage::new(url)),
        };
        Self::with_transport(transport, url)
    }

    /// An engine that runs everything in the page (the worker's module, from beside
    /// [`WORKER_URL`], unless the `local-session` feature keeps the session in this module).
    pub fn in_page() -> Self {
        Self::with_transport(Rc::new(InPage::new(WORKER_URL)), WORKER_URL)
    }

    fn with_transport(transport: Rc<dyn Transport>, worker_url: &str) -> Self {
        Self {
            inner: Rc::new(Inner {
                worker_url: worker_url.to_owned(),
                transport: RefCell::new(transport),
                queue: RefCell::new(VecDeque::new()),
                running: Cell::new(None),
                generation: Cell::new(0),
                source: RefCell::new(None),
                needs_reload: Cell::new(false),
                max_unpacked: Cell::new(DEFAULT_MAX_UNPACKED),
                activity: Cell::new(Activity::default()),
                on_activity: RefCell::new(None),
            }),
        }
    }

    /// Call `listener` whenever what runs changes (replaces any earlier listener).
    pub fn on_activity(&self, listener: impl Fn(Activity) + 'static) {
        *self.inner.on_activity.borrow_mut() = Some(Rc::new(listener));
    }

    /// What runs now.
    pub fn activity(&self) -> Activity {
        self.inner.activity.get()
    }

    /// Cap the decompressed size of gzip files (default [`DEFAULT_MAX_UNPACKED`]).
    pub fn set_max_unpacked(&self, bytes: u64) {
        self.inner.max_unpacked.set(bytes.max(1));
    }

    /// Whether work runs in a Web Worker (false: in the page).
    pub fn uses_worker(&self) -> bool {
        self.inner.transport.borrow().in_worker()
    }

    /// Inspect `file` with `request` (a [`Request::Inspect`]) and keep its dataset for
    /// [`Engine::analyse`]; `None` when the job was cancelled. Every job still running or
    /// queued is cancelled first.
    pub async fn run(
        &self,
        request: Request,
        file: Blob,
        progress: impl Fn(Progress) + 'static,
    ) -> Option<Response> {
        self.cancel();
        *self.inner.source.borrow_mut() = Some((request.clone(), file.clone()));
        self.inner.needs_reload.set(false);
        self.submit(request, Some(file), Rc::new(progress)).await
    }

    /// Run an analysis request on the dataset the last [`Engine::run`] kept. Requests queue
    /// behind each other; `None` when cancelled. After a cancelled analysis the file is first
    /// loaded again.
    pub async fn analyse(&self, request: Request) -> Option<Response> {
        self.analyse_with(request, None).await
    }

    /// Like [`Engine::analyse`], for a request that also reads `file` (a
    /// [`Request::Columns`]): the loaded dataset stays.
    pub async fn analyse_file(&self, request: Request, file: Blob) -> Option<Response> {
        self.analyse_with(request, Some(file)).await
    }

    async fn analyse_with(&self, request: Request, file: Option<Blob>) -> Option<Response> {
        if self.inner.needs_reload.replace(false) {
            let source = self.inner.source.borrow().clone();
            if let Some((inspect, file)) = source {
                // Queued first; its answer only matters to the session, which keeps the dataset.
                drop(self.enqueue(inspect, Some(file), Rc::new(|_| {})));
            }
        }
        self.submit(request, file, Rc::new(|_| {})).await
    }

    /// Forget the file and its dataset (a worker is terminated: its memory goes with it);
    /// every job is cancelled.
    pub fn forget(&self) {
        self.drop_jobs();
        *self.inner.source.borrow_mut() = None;
        self.inner.needs_reload.set(false);
        let transport = self.inner.transport.borrow().clone();
        transport.forget();
        self.inner.publish(None);
    }

    /// Stop the running job and every queued one, if any. A file being loaded is forgotten;
    /// a loaded one is loaded again by the next [`Engine::analyse`] if the transport lost it.
    pub fn cancel(&self) {
        let running = self.inner.running.get();
        let queued_load = self.drop_jobs();
        let Some(first_loads) = running.or(queued_load) else {
            return;
        };
        let transport = self.inner.transport.borrow().clone();
        let kept = transport.stop();
        // Only a dataset being loaded is forgotten: an export or a lift reads its file beside
        // the loaded one, which a cancel must not take away.
        if first_loads {
            *self.inner.source.borrow_mut() = None;
            self.inner.needs_reload.set(false);
        } else {
            let reload = !kept && self.inner.source.borrow().is_some();
            self.inner.needs_reload.set(reload);
        }
        self.inner.publish(None);
    }

    /// Drop the queued jobs and make the running one's answer stale; whether the first
    /// queued job loaded the dataset (`None`: no job was queued).
    fn drop_jobs(&self) -> Option<bool> {
        self.inner.generation.set(self.inner.generation.get() + 1);
        let dropped = std::mem::take(&mut *self.inner.queue.borrow_mut());
        dropped.front().map(|(job, _)| job.request.loads_dataset())
    }

    async fn submit(
        &self,
        request: Request,
        file: Option<Blob>,
        progress: Rc<dyn Fn(Progress)>,
    ) -> Option<Response> {
        self.enqueue(request, file, progress).await.ok()
    }

    /// Queue a job now; its answer arrives on the receiver (dropped: cancelled).
    fn enqueue(
        &self,
        request: Request,
        file: Option<Blob>,
        progress: Rc<dyn Fn(Progress)>,
    ) -> oneshot::Receiver<Response> {
        let (done, answer) = oneshot::channel();
        let job = Job {
            request,
            file,
            progress,
        };
        self.inner.queue.borrow_mut().push_back((job, done));
        self.inner.publish(None);
        if self.inner.running.get().is_none() {
            wasm_bindgen_futures::spawn_local(drive(self.inner.clone()));
        }
        answer
    }
}

/// Run the queued jobs one after another until none is left.
async fn drive(inner: Rc<Inner>) {
    if inner.running.get().is_some() {
        return;
    }
    loop {
        let next = inner.queue.borrow_mut().pop_front();
        let Some((job, done)) = next else { break };
        inner.running.set(Some(job.request.loads_dataset()));
        inner.publish(None);
        let generation = inner.generation.get();
        let transport = inner.transport.borrow().clone();
        let publish = {
            let inner = inner.clone();
            let progress = job.progress.clone();
            move |p: Progress| {
                progress(p);
                inner.publish(Some(p));
            }
        };
        let job = Job {
            progress: Rc::new(publish),
            ..job
        };
        let outcome = transport.run(&job, inner.max_unpacked.get()).await;
        let current = inner.generation.get() == generation;
        match outcome {
            Outcome::Unavailable => {
                // The worker never started: from now on, and for this job, the page.
                *inner.transport.borrow_mut() = Rc::new(InPage::new(&inner.worker_url));
                inner.queue.borrow_mut().push_front((job, done));
            }
            Outcome::Answer(answer) if current => {
                let _ = done.send(answer);
            }
            Outcome::Died(detail) => {
                // The dataset died with the worker: this job and every one waiting fail.
                *inner.source.borrow_mut() = None;
                let message = format!("the analysis stopped unexpectedly: {detail}");
                let _ = done.send(failed(&message));
                for (_, done) in std::mem::take(&mut *inner.queue.borrow_mut()) {
                    let _ = done.send(failed(&message));
                }
            }
            Outcome::Answer(_) | Outcome::Cancelled => {}
        }
        inner.running.set(None);
    }
    inner.publish(None);
}

impl Inner {
    /// Tell the listener what runs (with the running job's `progress`).
    fn publish(&self, progress: Option<Progress>) {
        let queue = self.queue.borrow();
        let files = queue
            .iter()
            .filter(|(j, _)| j.request.loads_dataset())
            .count();
        let running = self.running.get();
        let p = progress.unwrap_or_default();
        let activity = Activity {
            loading: files > 0 || running == Some(true),
            analyses: queue.len() - files + usize::from(running == Some(false)),
            done: p.done,
            total: p.total,
        };
        drop(queue);
        if self.activity.replace(activity) != activity {
            let listener = self.on_activity.borrow().clone();
            if let Some(listener) = listener {
                listener(activity);
            }
        }
    }
}

fn failed(message: &str) -> Response {
    Response::Failed(Failure::new("(worker)", Error::io(message)))
}

/// The session in the page's own thread, read in slices that yield to the event loop.
///
/// Without the `local-session` feature (the app and the widgets) the session lives in the
/// worker's own module (`worker.js` + `worker_bg.wasm`, see `segmint_worker::serve_page`),
/// loaded into the page the first time it is needed: the page's wasm then carries none of
/// the core's kernels, which the worker's module has anyway. With the feature (the browser
/// tests, whose page has no worker files) it lives in this module.
struct InPage {
    /// Where the worker's files are (ends with `/`, or empty: the page's own folder).
    #[cfg_attr(feature = "local-session", allow(dead_code))]
    base: String,
    /// This engine's session among the page's (each engine has its own dataset).
    #[cfg_attr(feature = "local-session", allow(dead_code))]
    id: u32,
    #[cfg(feature = "local-session")]
    session: Rc<RefCell<Session>>,
    /// Bumped by [`Transport::stop`]: the running job sees it between slices.
    stops: Rc<Cell<u64>>,
}

impl InPage {
    fn new(worker_url: &str) -> Self {
        thread_local!(static ENGINES: Cell<u32> = const { Cell::new(0) });
        let base = worker_url.rsplit_once('/').map_or("", |(dir, _)| dir);
        Self {
            base: if base.is_empty() {
                String::new()
            } else {
                format!("{base}/")
            },
            id: ENGINES.with(|n| n.replace(n.get() + 1)),
            #[cfg(feature = "local-session")]
            session: Rc::new(RefCell::new(Session::new())),
            stops: Rc::default(),
        }
    }

    #[cfg(feature = "local-session")]
    async fn answer(&self, job: &Job, max_unpacked: u64, stops: u64) -> Response {
        let wanted = || self.stops.get() == stops;
        let mut progress = |p| (job.progress)(p);
        serve(
            &self.session,
            job.request.clone(),
            job.file.clone(),
            Pace::Page,
            max_unpacked,
            &mut progress,
            &wanted,
        )
        .await
    }

    #[cfg(not(feature = "local-session"))]
    async fn answer(&self, job: &Job, max_unpacked: u64, stops: u64) -> Response {
        match self.ask_module(job, max_unpacked, stops).await {
            Ok(json) => serde_json::from_str::<Response>(&json).unwrap_or_else(|_| {
                failed("the analysis module sent an answer the page does not understand")
            }),
            Err(e) => failed(&format!(
                "the analysis could not run in the page: {}",
                crate::describe_js(&e)
            )),
        }
    }

    /// The job answered by the worker's module in the page, as JSON.
    #[cfg(not(feature = "local-session"))]
    async fn ask_module(
        &self,
        job: &Job,
        max_unpacked: u64,
        stops: u64,
    ) -> Result<String, JsValue> {
        let module = page_module::load(&self.base).await?;
        let serve_page: js_sys::Function =
            js_sys::Reflect::get(&module, &"servePage".into())?.dyn_into()?;
        let progress = job.progress.clone();
        let progress = Closure::<dyn Fn(f64, f64)>::new(move |done: f64, total: f64| {
            progress(Progress {
                done: done as u64,
                total: total as u64,
            })
        });
        let now = self.stops.clone();
        let wanted = Closure::<dyn Fn() -> bool>::new(move || now.get() == stops);
        let args = js_sys::Array::of4(
            &self.id.into(),
            &message(job, max_unpacked)?,
            progress.as_ref(),
            wanted.as_ref(),
        );
        let answer: js_sys::Promise = serve_page.apply(&JsValue::NULL, &args)?.dyn_into()?;
        // The closures live until the module has answered, after which it never calls them.
        let answer = wasm_bindgen_futures::JsFuture::from(answer).await?;
        answer
            .as_string()
            .ok_or_else(|| JsValue::from_str("the module's answer is not text"))
    }
}

/// The worker's module loaded into the page, once for all its engines.
#[cfg(not(feature = "local-session"))]
mod page_module {
    use std::cell::RefCell;
    use std::rc::Rc;

    use gloo_events::EventListener;
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    /// Where `worker_page.js` puts `worker.js`'s `wasm_bindgen` (a binding scripts share but
    /// wasm cannot name).
    const GLOBAL: &str = "segmintWorkerModule";

    thread_local! {
        /// The module's exports, once it runs.
        static MODULE: RefCell<Option<JsValue>> = RefCell::default();
        /// The one load, which every engine of the page waits on.
        static LOADING: RefCell<Option<Promise>> = RefCell::default();
    }

    /// The module's exports (`servePage`, `forgetPage`), loaded from `base` the first time.
    pub(super) async fn load(base: &str) -> Result<JsValue, JsValue> {
        if let Some(module) = MODULE.with(|m| m.borrow().clone()) {
            return Ok(module);
        }
        let loading = LOADING.with(|l| {
            l.borrow_mut()
                .get_or_insert_with(|| {
                    let base = base.to_owned();
                    wasm_bindgen_futures::future_to_promise(async move { start(&base).await })
                })
                .clone()
        });
        JsFuture::from(loading).await
    }

    async fn start(base: &str) -> Result<JsValue, JsValue> {
        let global = js_sys::global();
        if Reflect::get(&global, &GLOBAL.into())?.is_undefined() {
            script(&format!("{base}worker.js")).await?;
            script(&format!("{base}worker_page.js")).await?;
        }
        let module = Reflect::get(&global, &GLOBAL.into())?;
        let init: Function = module.clone().dyn_into()?;
        let options = js_sys::Object::new();
        let wasm = format!("{base}worker_bg.wasm");
        Reflect::set(&options, &"module_or_path".into(), &wasm.into())?;
        let started: Promise = init.call1(&JsValue::NULL, &options)?.dyn_into()?;
        JsFuture::from(started).await?;
        MODULE.with(|m| *m.borrow_mut() = Some(module.clone()));
        Ok(module)
    }

    /// Add a classic `<script src>` to the page and wait until it ran.
    async fn script(src: &str) -> Result<(), JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let head = document
            .head()
            .ok_or_else(|| JsValue::from_str("no <head>"))?;
        let script = document.create_element("script")?;
        script.set_attribute("src", src)?;
        let (sent, ran) = futures_channel::oneshot::channel::<bool>();
        let sent = Rc::new(RefCell::new(Some(sent)));
        let on = |kind: &'static str, ok: bool| {
            let sent = sent.clone();
            EventListener::once(&script, kind, move |_| {
                if let Some(sent) = sent.borrow_mut().take() {
                    let _ = sent.send(ok);
                }
            })
        };
        let _listeners = [on("load", true), on("error", false)];
        head.append_child(&script)?;
        match ran.await {
            Ok(true) => Ok(()),
            _ => Err(JsValue::from_str(&format!("{src} did not load"))),
        }
    }

    /// Drop engine `id`'s dataset in the module, if it runs.
    pub(super) fn forget(id: u32) {
        let Some(module) = MODULE.with(|m| m.borrow().clone()) else {
            return;
        };
        let forget = Reflect::get(&module, &"forgetPage".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        if let Some(forget) = forget {
            let _ = forget.call1(&JsValue::NULL, &id.into());
        }
    }
}

impl Transport for InPage {
    fn run<'a>(&'a self, job: &'a Job, max_unpacked: u64) -> Running<'a> {
        Box::pin(async move {
            let stops = self.stops.get();
            let answer = self.answer(job, max_unpacked, stops).await;
            if self.stops.get() == stops {
                Outcome::Answer(answer)
            } else {
                Outcome::Cancelled
            }
        })
    }

    fn stop(&self) -> bool {
        self.stops.set(self.stops.get() + 1);
        true
    }

    fn forget(&self) {
        self.stop();
        #[cfg(feature = "local-session")]
        self.session.borrow_mut().forget();
        #[cfg(not(feature = "local-session"))]
        page_module::forget(self.id);
    }

    fn in_worker(&self) -> bool {
        false
    }
}

/// What a worker says, as the transport sees it.
#[allow(clippy::large_enum_variant)] // one per message, moved once
enum Event {
    Message(Response),
    /// The worker's script failed (to load, or with a trap mid-job).
    Error(String),
}

/// A running worker and what it has said so far.
struct Spawned {
    worker: Worker,
    ready: Cell<bool>,
    events: Rc<Events>,
    _listeners: [EventListener; 2],
}

/// What the worker said and the job has not read yet; closed when the worker is discarded,
/// which ends the job waiting on it.
#[derive(Default)]
struct Events {
    queue: RefCell<VecDeque<Event>>,
    closed: Cell<bool>,
    waiting: RefCell<Option<Waker>>,
}

impl Events {
    fn push(&self, event: Event) {
        self.queue.borrow_mut().push_back(event);
        self.wake();
    }

    fn close(&self) {
        self.closed.set(true);
        self.wake();
    }

    fn wake(&self) {
        if let Some(waker) = self.waiting.borrow_mut().take() {
            waker.wake();
        }
    }

    /// The next event; `None` once closed.
    async fn next(&self) -> Option<Event> {
        std::future::poll_fn(|cx| {
            if self.closed.get() {
                return Poll::Ready(None);
            }
            match self.queue.borrow_mut().pop_front() {
                Some(event) => Poll::Ready(Some(event)),
                None => {
                    *self.waiting.borrow_mut() = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }
}

/// The session in a dedicated Web Worker (`segmint-worker`), spoken to in JSON messages
/// `{ request, file?, maxUnpacked? }`; answers are `Response`s as JSON strings.
struct WorkerTransport {
    url: String,
    current: RefCell<Option<Rc<Spawned>>>,
}

impl WorkerTransport {
    /// A transport whose first worker started (`None`: workers cannot be created here).
    fn new(url: &str) -> Option<Self> {
        let transport = Self {
            url: url.to_owned(),
            current: RefCell::new(None),
        };
        transport.worker()?;
        Some(transport)
    }

    /// The running worker, started if there is none.
    fn worker(&self) -> Option<Rc<Spawned>> {
        if let Some(spawned) = self.current.borrow().as_ref() {
            return Some(spawned.clone());
        }
        let worker = Worker::new(&self.url).ok()?;
        let events = Rc::new(Events::default());
        let on_message = {
            let events = events.clone();
            EventListener::new(&worker, "message", move |event| {
                let Some(event) = event.dyn_ref::<MessageEvent>() else {
                    return;
                };
                let response = event
                    .data()
                    .as_string()
                    .and_then(|s| serde_json::from_str::<Response>(&s).ok())
                    .unwrap_or_else(|| {
                        failed("the worker sent a message the page does not understand")
                    });
                events.push(Event::Message(response));
            })
        };
        let on_error = {
            let events = events.clone();
            EventListener::new(&worker, "error", move |event| {
                let detail = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .unwrap_or_default();
                events.push(Event::Error(detail));
            })
        };
        let spawned = Rc::new(Spawned {
            worker,
            ready: Cell::new(false),
            events,
            _listeners: [on_message, on_error],
        });
        *self.current.borrow_mut() = Some(spawned.clone());
        Some(spawned)
    }

    /// Terminate the running worker, if any, and end the job waiting on it.
    fn discard(&self) {
        if let Some(spawned) = self.current.borrow_mut().take() {
            spawned.worker.terminate();
            spawned.events.close();
        }
    }
}

impl Spawned {
    async fn next(&self) -> Option<Event> {
        self.events.next().await
    }

    fn post(&self, job: &Job, max_unpacked: u64) -> Result<(), JsValue> {
        self.worker.post_message(&message(job, max_unpacked)?)
    }
}

/// A job as the worker's module reads it: `{ request, file?, maxUnpacked? }`.
fn message(job: &Job, max_unpacked: u64) -> Result<JsValue, JsValue> {
    let message = js_sys::Object::new();
    let json = serde_json::to_string(&job.request).unwrap_or_default();
    js_sys::Reflect::set(&message, &"request".into(), &json.into())?;
    if let Some(file) = &job.file {
        js_sys::Reflect::set(&message, &"file".into(), file)?;
        let cap = max_unpacked as f64;
        js_sys::Reflect::set(&message, &"maxUnpacked".into(), &cap.into())?;
    }
    Ok(message.into())
}

impl Transport for WorkerTransport {
    fn run<'a>(&'a self, job: &'a Job, max_unpacked: u64) -> Running<'a> {
        Box::pin(async move {
            let Some(worker) = self.worker() else {
                return Outcome::Unavailable;
            };
            while !worker.ready.get() {
                match worker.next().await {
                    Some(Event::Message(Response::Ready)) => worker.ready.set(true),
                    Some(Event::Message(_)) => {}
                    Some(Event::Error(_)) => {
                        self.discard();
                        return Outcome::Unavailable;
                    }
                    None => return Outcome::Cancelled,
                }
            }
            if let Err(e) = worker.post(job, max_unpacked) {
                let detail = crate::describe_js(&e);
                return Outcome::Answer(failed(&format!("could not reach the worker: {detail}")));
            }
            loop {
                match worker.next().await {
                    Some(Event::Message(Response::Progress(p))) => (job.progress)(p),
                    Some(Event::Message(Response::Ready)) => {}
                    Some(Event::Message(answer)) => return Outcome::Answer(answer),
                    Some(Event::Error(detail)) => {
                        self.discard();
                        return Outcome::Died(detail);
                    }
                    None => return Outcome::Cancelled,
                }
            }
        })
    }

    fn stop(&self) -> bool {
        // A worker deep inside a kernel cannot be asked to stop: it is replaced, and its
        // dataset goes with it. The fresh one loads while the user decides what next.
        let had = self.current.borrow().is_some();
        self.discard();
        let _ = self.worker();
        !had
    }

    fn forget(&self) {
        self.discard();
        let _ = self.worker();
    }

    fn in_worker(&self) -> bool {
        true
    }
}
