//! One mounted widget: its attributes, its phase, and the handle the JavaScript shim holds.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use segmint_core::ClvReport;
use segmint_core::basket::BasketReport;
use segmint_core::cluster::ClusterReport;
use segmint_core::profile::ProfileReport;
use segmint_core::protocol::{Request, Response};
use segmint_core::recommend::RecommendReport;
use segmint_core::rfm::RfmReport;
use segmint_web::{BrowserWords, Lang};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, HtmlElement, ShadowRoot};

use crate::events::{emit, to_js};
use crate::registry::{self, Status};
use crate::views;

/// The widgets, by the part of their element name after `segmint-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `<segmint-rfm>`: scores and the segment table.
    Rfm,
    /// `<segmint-segments>`: the segment chart; a click selects a segment's customers.
    Segments,
    /// `<segmint-clusters>`: cluster profiles and the scatter.
    Clusters,
    /// `<segmint-basket>`: association rules and "what sells with X".
    Basket,
    /// `<segmint-clv>`: lifetime value.
    Clv,
    /// `<segmint-profile customer-id="…">`: one customer's profile, for a CRM contact page.
    Profile,
    /// `<segmint-recommend customer-id="…">`: one customer's next best products.
    Recommend,
}

impl Kind {
    /// Every widget, in the order the docs list them.
    pub const ALL: [Kind; 7] = [
        Kind::Rfm,
        Kind::Segments,
        Kind::Clusters,
        Kind::Basket,
        Kind::Clv,
        Kind::Profile,
        Kind::Recommend,
    ];

    /// `rfm`, `segments`, … (the element is `segmint-` + this).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rfm => "rfm",
            Kind::Segments => "segments",
            Kind::Clusters => "clusters",
            Kind::Basket => "basket",
            Kind::Clv => "clv",
            Kind::Profile => "profile",
            Kind::Recommend => "recommend",
        }
    }

    /// The kind called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the analysis needs customers (all but baskets, which need orders).
    pub(crate) fn needs_customers(self) -> bool {
        !matches!(self, Kind::Basket)
    }
}

/// An analysis result as a widget shows it.
#[derive(Clone, Debug)]
pub(crate) enum Output {
    Rfm(Arc<RfmReport>),
    Cluster(Arc<ClusterReport>),
    Basket(Arc<BasketReport>),
    Clv(Arc<ClvReport>),
    Profile(Arc<ProfileReport>),
    Recommend(Arc<RecommendReport>),
}

impl Output {
    fn from_response(response: Response, lang: Lang) -> Result<Self, String> {
        match response {
            Response::Rfm(r) => Ok(Output::Rfm(Arc::new(r))),
            Response::Cluster(r) => Ok(Output::Cluster(Arc::new(r))),
            Response::Basket(r) => Ok(Output::Basket(Arc::new(r))),
            Response::Clv(r) => Ok(Output::Clv(Arc::new(r))),
            Response::Profile(r) => Ok(Output::Profile(Arc::new(r))),
            Response::Recommend(r) => Ok(Output::Recommend(Arc::new(r))),
            Response::Failed(f) => Err(BrowserWords::widget(lang).failure(&f)),
            other => Err(format!(
                "unexpected answer from the worker: {}",
                other.kind()
            )),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Output::Rfm(r) => serde_json::to_value(&**r),
            Output::Cluster(r) => serde_json::to_value(&**r),
            Output::Basket(r) => serde_json::to_value(&**r),
            Output::Clv(r) => serde_json::to_value(&**r),
            Output::Profile(r) => serde_json::to_value(&**r),
            Output::Recommend(r) => serde_json::to_value(&**r),
        }
        .unwrap_or_default()
    }
}

/// Where a widget is.
#[derive(Clone, Debug)]
pub(crate) enum Phase {
    /// No data yet: shows the drop zone.
    Empty,
    /// The group's file is being read.
    Loading(String),
    /// The analysis runs.
    Computing,
    /// Something went wrong; the message says what and what to do.
    Failed(String),
    /// The result.
    Ready(Output),
}

impl Phase {
    fn state(&self) -> &'static str {
        match self {
            Phase::Empty => "empty",
            Phase::Loading(_) => "loading",
            Phase::Computing => "computing",
            Phase::Failed(_) => "error",
            Phase::Ready(_) => "ready",
        }
    }
}

/// What the views and handlers of one widget share (all `Send + Sync`, as Leptos views ask).
#[derive(Clone)]
pub(crate) struct Ctx {
    pub kind: Kind,
    pub attrs: ArcRwSignal<BTreeMap<String, String>>,
    pub phase: ArcRwSignal<Phase>,
    pub host: StoredValue<HtmlElement, LocalStorage>,
    pub alive: StoredValue<Rc<Cell<bool>>, LocalStorage>,
}

impl Ctx {
    /// The widget's language: its `lang` attribute (`en`, `zh`), else the page's.
    pub fn lang(&self) -> Lang {
        self.attrs
            .with(|a| a.get("lang").and_then(|l| Lang::parse(l)))
            .unwrap_or_else(Lang::page)
    }

    /// [`Ctx::lang`] without tracking it.
    pub fn lang_untracked(&self) -> Lang {
        self.attrs
            .with_untracked(|a| a.get("lang").and_then(|l| Lang::parse(l)))
            .unwrap_or_else(Lang::page)
    }

    /// Dispatch a `CustomEvent` on the host, with `widget` added to the detail.
    pub fn emit(&self, name: &str, mut detail: serde_json::Value) {
        // Work started before an unmount may finish after it: the stored values are gone
        // then, and nothing is sent.
        if !self.alive.try_with_value(|a| a.get()).unwrap_or(false) {
            return;
        }
        if let Some(map) = detail.as_object_mut() {
            map.insert("widget".into(), self.kind.name().into());
        }
        let _ = self.host.try_with_value(|host| emit(host, name, &detail));
    }

    /// Replace the group's dataset with `blob` (from a drop or the file picker).
    pub fn load(&self, blob: Blob, name: String) {
        let group = registry::group(&dataset_name(&self.attrs.get_untracked()));
        wasm_bindgen_futures::spawn_local(async move {
            // The outcome reaches every widget of the group through its status.
            let _ = group.load_blob(blob, name).await;
        });
    }
}

fn dataset_name(attrs: &BTreeMap<String, String>) -> String {
    attrs
        .get("dataset")
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("default")
        .to_owned()
}

/// The handle the shim keeps per connected element.
#[wasm_bindgen]
pub struct Widget {
    kind: Kind,
    attrs: ArcRwSignal<BTreeMap<String, String>>,
    phase: ArcRwSignal<Phase>,
    alive: Rc<Cell<bool>>,
    root: ShadowRoot,
    container: HtmlElement,
    view: RefCell<Option<Box<dyn std::any::Any>>>,
}

/// The stylesheet of every widget's shadow root (the shim adopts it as a constructable
/// stylesheet: no `<style>` element, nothing the host's CSP has to allow).
#[wasm_bindgen]
pub fn widget_css() -> String {
    include_str!("widget.css").to_owned()
}

/// Start datasets' workers from `worker_url` (the shim passes the worker next to itself).
#[wasm_bindgen]
pub fn configure(worker_url: &str) {
    registry::set_worker_url(worker_url);
}

/// Render widget `kind` (`rfm`, `segments`, …) into `root`, the shadow root of `host`, with
/// `attributes` (name → value) as its initial attributes.
#[wasm_bindgen]
pub fn mount(
    kind: &str,
    host: HtmlElement,
    root: ShadowRoot,
    attributes: JsValue,
) -> Result<Widget, JsValue> {
    let kind = Kind::parse(kind).ok_or_else(|| {
        JsValue::from_str(&format!(
            "unknown widget \"{kind}\"; use one of rfm, segments, clusters, basket, clv, \
             profile, recommend"
        ))
    })?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("segmint");
    container.set_attribute("part", "root")?;
    container.set_attribute("data-widget", kind.name())?;
    root.append_child(&container)?;
    let mut initial = BTreeMap::new();
    if let Some(object) = attributes.dyn_ref::<js_sys::Object>() {
        for entry in js_sys::Object::entries(object).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                initial.insert(k, v);
            }
        }
    }
    let attrs = ArcRwSignal::new(initial);
    let phase = ArcRwSignal::new(Phase::Empty);
    let alive = Rc::new(Cell::new(true));
    let handle = {
        let (attrs, phase, alive) = (attrs.clone(), phase.clone(), alive.clone());
        leptos::mount::mount_to(container.clone(), move || {
            let ctx = Ctx {
                kind,
                attrs,
                phase,
                host: StoredValue::new_local(host),
                alive: StoredValue::new_local(alive),
            };
            run(&ctx);
            views::widget(ctx)
        })
    };
    Ok(Widget {
        kind,
        attrs,
        phase,
        alive,
        root,
        container,
        view: RefCell::new(Some(Box::new(handle))),
    })
}

/// The effects of one widget: load `src`, run the analysis whenever the dataset or an
/// attribute it depends on changes, and tell the host.
fn run(ctx: &Ctx) {
    let attrs = ctx.attrs.clone();
    let dataset = Memo::new(move |_| dataset_name(&attrs.get()));
    let attrs = ctx.attrs.clone();
    let src = Memo::new(move |_| {
        attrs
            .with(|a| a.get("src").cloned())
            .filter(|s| !s.trim().is_empty())
    });
    Effect::new(move |_| {
        let dataset = dataset.get();
        if let Some(src) = src.get() {
            registry::group(&dataset).load_url(src.trim());
        }
    });
    let (kind, attrs) = (ctx.kind, ctx.attrs.clone());
    let request = Memo::new(move |_| attrs.with(|a| views::request(kind, a)));
    let ticket = Arc::new(AtomicU64::new(0));
    let ctx = ctx.clone();
    Effect::new(move |_| {
        let group = registry::group(&dataset.get());
        let status = group.status.get();
        let request = request.get();
        let mine = ticket.fetch_add(1, Ordering::SeqCst) + 1;
        let phase = ctx.phase.clone();
        let fail = {
            let ctx = ctx.clone();
            let ticket = ticket.clone();
            move |message: String| {
                ctx.phase.set(Phase::Failed(message.clone()));
                let ctx = ctx.clone();
                let ticket = ticket.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    if ticket.load(Ordering::SeqCst) == mine {
                        ctx.emit("segmint-error", json!({ "message": message }));
                    }
                });
            }
        };
        let report = match status {
            Status::Empty => return phase.set(Phase::Empty),
            Status::Loading { name } => return phase.set(Phase::Loading(name)),
            Status::Failed { message } => return fail(message),
            Status::Ready { report, .. } => report,
        };
        if let Some(missing) = views::cannot_run(ctx.kind, &report) {
            return fail(missing);
        }
        let request: Request = match request {
            Ok(request) => request,
            Err(message) => return fail(message),
        };
        phase.set(Phase::Computing);
        let ctx = ctx.clone();
        let ticket = ticket.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(response) = group.analyse(request).await else {
                return;
            };
            if ticket.load(Ordering::SeqCst) != mine {
                return;
            }
            match Output::from_response(response, ctx.lang_untracked()) {
                Ok(output) => {
                    let summary = views::summary(&output);
                    ctx.phase.set(Phase::Ready(output));
                    // Let the view render first, so a listener sees what the event says.
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    if ticket.load(Ordering::SeqCst) == mine {
                        ctx.emit("segmint-ready", summary);
                    }
                }
                Err(message) => fail(message),
            }
        });
    });
}

#[wasm_bindgen]
impl Widget {
    /// The widget's name (`rfm`, `segments`, …).
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.kind.name().to_owned()
    }

    /// An attribute changed (`None`: removed).
    pub fn set_attribute(&self, name: &str, value: Option<String>) {
        self.attrs.update(|a| match value {
            Some(v) => {
                a.insert(name.to_owned(), v);
            }
            None => {
                a.remove(name);
            }
        });
    }

    /// Replace the dataset of this widget's group with CSV `text`; resolves to the inspection
    /// report (rows read, used, …) or rejects with the message.
    pub fn load_csv(&self, text: String, name: Option<String>) -> js_sys::Promise {
        let parts = js_sys::Array::of1(&JsValue::from_str(&text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv");
        match Blob::new_with_str_sequence_and_options(&parts, &options) {
            Ok(blob) => self.load(blob, name.unwrap_or_else(|| "data.csv".into())),
            Err(e) => js_sys::Promise::reject(&e),
        }
    }

    /// Replace the dataset of this widget's group with `file` (a `File` or `Blob`).
    pub fn load_file(&self, file: JsValue, name: Option<String>) -> js_sys::Promise {
        let Some(blob) = file.dyn_ref::<Blob>() else {
            return js_sys::Promise::reject(
                &js_sys::Error::new("loadFile expects a File or a Blob").into(),
            );
        };
        let name = name
            .or_else(|| file.dyn_ref::<web_sys::File>().map(|f| f.name()))
            .unwrap_or_else(|| "data.csv".into());
        self.load(blob.clone(), name)
    }

    /// `el.data = value`: CSV text, a `File`/`Blob`, or an array of rows (objects, or arrays
    /// with the header first).
    pub fn set_data(&self, data: JsValue) -> js_sys::Promise {
        if let Some(text) = data.as_string() {
            return self.load_csv(text, None);
        }
        if data.is_instance_of::<Blob>() {
            return self.load_file(data, None);
        }
        let rows = js_sys::JSON::stringify(&data)
            .ok()
            .and_then(|s| s.as_string())
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(serde_json::Value::Null);
        // Header order as the objects give it (Object.keys), which JSON parsing would lose.
        let mut keys: Vec<String> = Vec::new();
        if let Some(array) = data.dyn_ref::<js_sys::Array>() {
            for row in array.iter() {
                if row.is_object() && !js_sys::Array::is_array(&row) {
                    let object: &js_sys::Object = row.unchecked_ref();
                    for key in js_sys::Object::keys(object).iter() {
                        if let Some(key) = key.as_string()
                            && !keys.contains(&key)
                        {
                            keys.push(key);
                        }
                    }
                }
            }
        }
        match crate::csv_rows::to_csv(&rows, &keys) {
            Ok(text) => self.load_csv(text, Some("data".into())),
            Err(message) => {
                let message = format!("segmint-{}: {message}", self.kind.name());
                self.phase.set(Phase::Failed(message.clone()));
                js_sys::Promise::reject(&js_sys::Error::new(&message).into())
            }
        }
    }

    fn load(&self, blob: Blob, name: String) -> js_sys::Promise {
        let group = registry::group(&dataset_name(&self.attrs.get_untracked()));
        wasm_bindgen_futures::future_to_promise(async move {
            match group.load_blob(blob, name).await {
                Ok(report) => Ok(to_js(&serde_json::to_value(&*report).unwrap_or_default())),
                Err(message) => Err(js_sys::Error::new(&message).into()),
            }
        })
    }

    /// `empty`, `loading`, `computing`, `ready` or `error`.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        self.phase.with_untracked(|p| p.state().to_owned())
    }

    /// The last result as a plain object (the JSON of docs/definitions.md §5), or `null`.
    #[wasm_bindgen(getter)]
    pub fn result(&self) -> JsValue {
        self.phase.with_untracked(|p| match p {
            Phase::Ready(output) => to_js(&output.to_json()),
            _ => JsValue::NULL,
        })
    }

    /// Whether this widget's dataset lives in a Web Worker (false: in the page, for hosts
    /// that forbid workers).
    #[wasm_bindgen(getter)]
    pub fn uses_worker(&self) -> bool {
        registry::group(&dataset_name(&self.attrs.get_untracked())).uses_worker()
    }

    /// Take the widget out: its view, effects and listeners are dropped and its shadow root
    /// is emptied. The dataset stays with its group for other widgets.
    pub fn unmount(&self) {
        self.alive.set(false);
        // Dropping the handle unmounts the view and disposes its reactive owner.
        drop(self.view.borrow_mut().take());
        let _ = self.root.remove_child(&self.container);
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.unmount();
    }
}
