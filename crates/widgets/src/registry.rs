//! The datasets the widgets of one page share.
//!
//! A *group* is named by the widgets' `dataset` attribute (`"default"` when absent). Each
//! group owns one [`Engine`] — one Web Worker holding one parsed dataset — and remembers
//! where that dataset came from:
//!
//! - `src` on any widget loads that URL into the widget's group, unless the group already
//!   holds (or is loading) the same URL: two widgets with one `src` fetch and parse it once.
//! - `loadCsv`, `loadFile`, `data =` or a drop on any widget replace the group's dataset;
//!   every widget of the group re-renders on the new data.
//! - Analyses are cached per dataset by their request (compared as values), so an RFM table
//!   and a segment chart with the same preset and bins share one computation.
//!
//! Groups live as long as the page: a widget moved in the DOM (disconnected, connected
//! again) finds its dataset still loaded.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use futures_channel::oneshot;
use leptos::prelude::*;
use segmint_core::Words;
use segmint_core::protocol::{Request, Response};
use segmint_core::{InspectOptions, InspectReport};
use segmint_web::{BrowserWords, Engine, Lang, WORKER_URL};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// What a group's dataset is doing.
#[derive(Clone, Debug)]
pub(crate) enum Status {
    /// Nothing loaded yet.
    Empty,
    /// A file is being read and parsed.
    Loading { name: String },
    /// Parsed: analyses can run on it (the report says what it holds).
    Ready { report: Arc<InspectReport> },
    /// The last load failed, with the message to show.
    Failed { message: String },
}

enum Cached {
    // Boxed: a report is far larger than a list of waiters.
    Done(Box<Response>),
    Waiting(Vec<oneshot::Sender<Response>>),
}

/// One shared dataset and the worker that holds it.
pub(crate) struct Group {
    engine: Engine,
    /// The reactive owner of the engine's signals. A group outlives the widget that happened
    /// to create it, so its signals must not belong to that widget's owner: when that widget
    /// (or the effect it was created in) was disposed, the engine's activity signal went
    /// with it and the next worker message panicked.
    _owner: Owner,
    /// Watched by every widget of the group.
    pub status: ArcRwSignal<Status>,
    /// `url:<absolute URL>` or `inline:<n>`: what the dataset was loaded from.
    source: RefCell<Option<String>>,
    version: Cell<u64>,
    /// Per request asked on the current dataset: its answer, or who waits for it.
    cache: RefCell<Vec<(Request, Cached)>>,
}

thread_local! {
    static WORKER: RefCell<String> = RefCell::new(WORKER_URL.to_owned());
    static GROUPS: RefCell<HashMap<String, Rc<Group>>> = RefCell::new(HashMap::new());
    static INLINE: Cell<u64> = const { Cell::new(0) };
}

/// Where groups created from now on start their worker.
pub(crate) fn set_worker_url(url: &str) {
    WORKER.with(|w| *w.borrow_mut() = url.to_owned());
}

/// The group called `name`, created (with its worker) on first use.
pub(crate) fn group(name: &str) -> Rc<Group> {
    GROUPS.with(|groups| {
        groups
            .borrow_mut()
            .entry(name.to_owned())
            .or_insert_with(|| {
                let url = WORKER.with(|w| w.borrow().clone());
                let owner = Owner::new_root(None);
                let engine = owner.with(|| Engine::with_worker_url(&url));
                Rc::new(Group {
                    engine,
                    _owner: owner,
                    status: ArcRwSignal::new(Status::Empty),
                    source: RefCell::new(None),
                    version: Cell::new(0),
                    cache: RefCell::new(Vec::new()),
                })
            })
            .clone()
    })
}

impl Group {
    /// Whether the group's analyses run in a worker (false: in the page).
    pub(crate) fn uses_worker(&self) -> bool {
        self.engine.uses_worker()
    }

    /// Load the same-origin `url` unless this group already holds or is loading it.
    pub(crate) fn load_url(self: &Rc<Self>, url: &str) {
        let resolved = match same_origin(url) {
            Ok(resolved) => resolved,
            Err(message) => {
                self.begin(format!("url:{url}"), url);
                self.fail(self.version.get(), message);
                return;
            }
        };
        let key = format!("url:{resolved}");
        let failed = matches!(self.status.get_untracked(), Status::Failed { .. });
        if self.source.borrow().as_deref() == Some(key.as_str()) && !failed {
            return;
        }
        let name = file_name(&resolved);
        let version = self.begin(key, &name);
        let group = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match fetch_blob(&resolved).await {
                Ok(blob) => {
                    let _ = group.inspect(version, name, blob).await;
                }
                Err(message) => group.fail(version, message),
            }
        });
    }

    /// Replace the dataset with `blob` (called `name` in messages); the report, or why not.
    pub(crate) async fn load_blob(
        self: &Rc<Self>,
        blob: Blob,
        name: String,
    ) -> Result<Arc<InspectReport>, String> {
        let n = INLINE.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        let version = self.begin(format!("inline:{n}"), &name);
        self.inspect(version, name, blob).await
    }

    /// Run `request` on the current dataset, once per dataset and request; `None` when the
    /// dataset was replaced meanwhile.
    pub(crate) async fn analyse(&self, request: Request) -> Option<Response> {
        let version = self.version.get();
        let waiting = {
            let mut cache = self.cache.borrow_mut();
            match cache.iter_mut().find(|(asked, _)| *asked == request) {
                Some((_, Cached::Done(response))) => return Some((**response).clone()),
                Some((_, Cached::Waiting(waiters))) => {
                    let (tx, rx) = oneshot::channel();
                    waiters.push(tx);
                    Some(rx)
                }
                None => {
                    cache.push((request.clone(), Cached::Waiting(Vec::new())));
                    None
                }
            }
        };
        if let Some(rx) = waiting {
            return rx.await.ok();
        }
        let response = self.engine.analyse(request.clone()).await;
        if self.version.get() != version {
            return None;
        }
        let entry = {
            let mut cache = self.cache.borrow_mut();
            let at = cache.iter().position(|(asked, _)| *asked == request);
            at.map(|at| cache.remove(at).1)
        };
        let waiters = match entry {
            Some(Cached::Waiting(waiters)) => waiters,
            _ => Vec::new(),
        };
        let response = response?;
        for waiter in waiters {
            let _ = waiter.send(response.clone());
        }
        // A failure is not kept: asking again (e.g. after changing an attribute back) retries.
        if !matches!(response, Response::Failed(_)) {
            self.cache
                .borrow_mut()
                .push((request, Cached::Done(Box::new(response.clone()))));
        }
        Some(response)
    }

    fn begin(&self, source: String, name: &str) -> u64 {
        let version = self.version.get() + 1;
        self.version.set(version);
        *self.source.borrow_mut() = Some(source);
        // Dropping the waiters tells every widget waiting on the old dataset to let go.
        self.cache.borrow_mut().clear();
        self.status.set(Status::Loading {
            name: name.to_owned(),
        });
        version
    }

    fn fail(&self, version: u64, message: String) {
        if self.version.get() == version {
            self.status.set(Status::Failed { message });
        }
    }

    async fn inspect(
        &self,
        version: u64,
        name: String,
        blob: Blob,
    ) -> Result<Arc<InspectReport>, String> {
        let request = Request::Inspect {
            file_name: name.clone(),
            options: InspectOptions::default(),
        };
        let response = self.engine.run(request, blob, |_| {}).await;
        let superseded = || format!("{name}: replaced by a newer file before it was read");
        if self.version.get() != version {
            return Err(superseded());
        }
        let outcome = match response {
            None => Err(superseded()),
            Some(Response::Inspected(report)) if !report.questions.is_empty() => Err(format!(
                "{name}: {} Open the file in the Segmint app to answer, or give the \
                 dates in ISO form (YYYY-MM-DD).",
                report
                    .questions
                    .iter()
                    .map(|q| BrowserWords::widget(Lang::page()).question(q))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            Some(Response::Inspected(report)) => Ok(Arc::new(report)),
            Some(Response::Failed(failure)) => {
                Err(BrowserWords::widget(Lang::page()).failure(&failure))
            }
            Some(other) => Err(format!(
                "{name}: unexpected answer from the worker: {}",
                other.kind()
            )),
        };
        match &outcome {
            Ok(report) => self.status.set(Status::Ready {
                report: report.clone(),
            }),
            Err(message) => self.fail(version, message.clone()),
        }
        outcome
    }
}

/// `url` resolved against the page, when it is on the page's own origin: Segmint never
/// fetches data from, or sends it to, another origin.
fn same_origin(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let base = window
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let resolved = web_sys::Url::new_with_base(url, &base)
        .map_err(|_| format!("src \"{url}\" is not a valid URL"))?;
    let origin = window.location().origin().unwrap_or_default();
    if resolved.origin() != origin {
        return Err(format!(
            "src \"{url}\" is on another origin ({}); widgets only read files from this page's \
             origin ({origin}). Serve the file from this site, or pass its text with \
             el.loadCsv(text).",
            resolved.origin()
        ));
    }
    Ok(resolved.href())
}

fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or(path);
    if last.is_empty() {
        url.to_owned()
    } else {
        last.to_owned()
    }
}

async fn fetch_blob(url: &str) -> Result<Blob, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("cannot load {url}: {}", describe(&e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "cannot load {url}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let promise = response
        .blob()
        .map_err(|e| format!("cannot read {url}: {}", describe(&e)))?;
    let blob = JsFuture::from(promise)
        .await
        .map_err(|e| format!("cannot read {url}: {}", describe(&e)))?;
    Ok(blob.unchecked_into())
}

/// A thrown JavaScript value in words.
pub(crate) fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_come_from_the_path() {
        assert_eq!(file_name("http://x/a/orders.csv?v=2#top"), "orders.csv");
        assert_eq!(file_name("http://x/a/"), "http://x/a/");
    }
}
