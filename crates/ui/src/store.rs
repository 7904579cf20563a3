//! The app's state, in one place.
//!
//! One [`Store`] holds the file (where it came from, the options it is read with, what the
//! page shows of it), the user's choices, and one [`Resource`] per analysis. A resource is
//! keyed by (dataset version, its request): it asks the engine when its key changes, and an
//! answer is shown only while its key is still the current one.
//!
//! Every change of dataset goes through one path, [`Store::begin`]: a new file, Apply (the
//! roles remapped), an answered question, and "Forget everything" all clear the dataset
//! version and the choices that belonged to the old file. Every resource's key changes with
//! it, so every view — clusters and baskets included — resets at once; no old result can be
//! shown next to a new file.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use segmint_core::basket::{BasketReport, TogetherParams};
use segmint_core::cluster::{ClusterParams, ClusterReport, Feature, Transform};
use segmint_core::export::campaign::CampaignFiles;
use segmint_core::lift::LiftReport;
use segmint_core::overview::{Overview, OverviewOptions};
use segmint_core::profile::{ProfileParams, ProfileReport};
use segmint_core::protocol::{ColumnsAnswer, ExportParams, GroupFile, Progress, Request, Response};
use segmint_core::recommend::{Audience, RecommendParams, RecommendReport, SimilarProducts};
use segmint_core::rfm::{MigrationParams, RfmParams, RfmReport, SegmentRules};
use segmint_core::{
    ClvOptions, ClvReport, CohortOptions, CohortReport, ErrorKind, InspectOptions, InspectReport,
};
use segmint_web::{Activity, BrowserWords, Engine, Lang};
use web_sys::Blob;

use crate::components::privacy;
use crate::pages::{BasketChoice, auto_support};

/// The purchase window of the propensity shown on the lifetime-value tab, in days.
pub(crate) const PROPENSITY_WINDOW_DAYS: u32 = 90;

/// The days held out by the recommendations' evaluation (DESIGN §4's default).
pub(crate) const HOLDOUT_DAYS: u32 = 30;

/// How many customers of a product's audience the recommendations view lists.
pub(crate) const AUDIENCE_SHOWN: usize = 100;

/// How many similar products the recommendations view lists.
pub(crate) const SIMILAR_SHOWN: usize = 10;

/// The tabs whose views need the profiles and recommendations: these are computed once one
/// of them is opened, not for every file (they fit every model at once).
const ACTION_TABS: [&str; 2] = ["customers", "recommend"];

/// The tab shown first.
const FIRST_TAB: &str = "overview";

/// What the page shows of the file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stage {
    Empty,
    Working {
        file_name: String,
        done: u64,
        total: u64,
    },
    Inspected {
        file_name: String,
        report: Box<InspectReport>,
    },
    Failed {
        message: String,
    },
}

/// An analysis result as the page sees it: not asked yet / computing, done, or failed.
#[derive(Debug)]
pub(crate) enum Load<T> {
    Pending,
    Ready(Arc<T>),
    Failed(String),
}

// Not derived: that would ask for `T: Clone`, and the report itself is never cloned.
impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Pending => Load::Pending,
            Load::Ready(r) => Load::Ready(r.clone()),
            Load::Failed(e) => Load::Failed(e.clone()),
        }
    }
}

/// What a resource's answer is for: the dataset version, the request, and which attached
/// file (a request that reads one is asked again for another file of the same name).
type Key = (u64, Request, u64);

/// What a resource asked for last, its ticket, and whether the answer is still to come.
#[derive(Default)]
struct Asked {
    key: Option<Key>,
    ticket: u64,
    waiting: bool,
}

/// One analysis: its result for the current key.
pub(crate) struct Resource<T: Send + Sync + 'static> {
    /// What the views show.
    pub load: RwSignal<Load<T>>,
    asked: StoredValue<Asked>,
}

impl<T: Send + Sync + 'static> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Resource<T> {}

// The generic part is kept to setting the view: the keys, the asking and the waiting are
// handled once for every report type (`rekey`, `fetch`, `stop_waiting`).
impl<T: Send + Sync + 'static> Resource<T> {
    fn new() -> Self {
        Self {
            load: RwSignal::new(Load::Pending),
            asked: StoredValue::new(Asked::default()),
        }
    }

    /// Show the answer for `key` (asking `engine` for it, with `file` attached, unless it is
    /// the one shown or coming); no key: nothing to ask, shown as pending.
    fn want(
        self,
        engine: Engine,
        key: Option<Key>,
        file: Option<Blob>,
        pick: fn(Response) -> Result<T, String>,
    ) {
        let Some(ticket) = rekey(self.asked, &key) else {
            return;
        };
        self.load.set(Load::Pending);
        let Some((_, request, _)) = key else { return };
        let load = self.load;
        let deliver = Box::new(move |response| {
            load.set(match pick(response) {
                Ok(report) => Load::Ready(Arc::new(report)),
                Err(message) => Load::Failed(message),
            });
        });
        fetch(engine, self.asked, ticket, request, file, deliver);
    }

    /// The result (tracked).
    pub fn get(&self) -> Load<T> {
        self.load.get()
    }

    /// The analysis was cancelled while it ran: say so, and ask again next time.
    fn cancelled(self) {
        if stop_waiting(self.asked) {
            self.load
                .set(Load::Failed(Lang::page().t("action-cancelled")));
        }
    }
}

/// Make `key` the one asked for; its ticket if it changed.
fn rekey(asked: StoredValue<Asked>, key: &Option<Key>) -> Option<u64> {
    if asked.with_value(|a| a.key == *key) {
        return None;
    }
    let ticket = asked.with_value(|a| a.ticket) + 1;
    asked.set_value(Asked {
        key: key.clone(),
        ticket,
        waiting: key.is_some(),
    });
    Some(ticket)
}

/// Forget a key whose answer is still to come (it was cancelled); whether there was one.
fn stop_waiting(asked: StoredValue<Asked>) -> bool {
    let waiting = asked.with_value(|a| a.waiting);
    if waiting {
        asked.update_value(|a| {
            a.key = None;
            a.waiting = false;
        });
    }
    waiting
}

/// Ask `engine` for the answer to `request` and hand it to `deliver` if `asked` still holds
/// `ticket` when it comes (a cancelled request has no answer; the cancel says so).
fn fetch(
    engine: Engine,
    asked: StoredValue<Asked>,
    ticket: u64,
    request: Request,
    file: Option<Blob>,
    deliver: Box<dyn FnOnce(Response)>,
) {
    spawn_local(async move {
        let response = match file {
            Some(file) => engine.analyse_file(request, file).await,
            None => engine.analyse(request).await,
        };
        let current = asked.with_value(|a| a.ticket == ticket && a.key.is_some());
        if let (true, Some(response)) = (current, response) {
            asked.update_value(|a| a.waiting = false);
            deliver(response);
        }
    });
}

/// The message of a failed (or unexpected) answer, in the app's words.
pub(crate) fn failure_text(response: Response) -> String {
    match response {
        Response::Failed(failure) => BrowserWords::app().failure(&failure),
        other => Lang::page().t_with("worker-unexpected", &[("kind", other.kind())]),
    }
}

/// The app's state: see the module docs.
#[derive(Clone, Copy)]
pub(crate) struct Store {
    // The engine holds JS objects (the worker), which are not Send: kept in local storage.
    engine: StoredValue<Engine, LocalStorage>,
    /// What the page shows of the file.
    pub stage: RwSignal<Stage>,
    /// The version of the dataset the analyses run on; `None` while there is none they can
    /// use. Every load gets a new version.
    pub dataset: RwSignal<Option<u64>>,
    versions: StoredValue<u64>,
    /// The file last opened, to read it again with other options.
    source: StoredValue<Option<(String, Blob)>, LocalStorage>,
    /// The options it is read with (the user's roles, returns policy, date order).
    options: StoredValue<InspectOptions>,
    /// The data file's name (export file names start with it).
    pub file_name: RwSignal<String>,
    /// What the engine runs.
    pub activity: RwSignal<Activity>,
    /// Analyses were cancelled (the notice offers to run them again).
    pub stopped: RwSignal<bool>,
    /// "Forget everything" was done (the notice says what went).
    pub forgotten: RwSignal<bool>,
    /// Whether the user opted in to remembering their settings.
    pub remember: RwSignal<bool>,
    /// The analysis tab shown.
    pub tab: RwSignal<&'static str>,

    /// The segment rule preset: `rfm-10`, `rf-grid` or `three-level`.
    pub preset: RwSignal<String>,
    /// Scores per metric.
    pub bins: RwSignal<u8>,
    /// Rules edited by the user, used instead of the preset's (`None`: the preset).
    pub custom_rules: RwSignal<Option<SegmentRules>>,
    /// The earlier date of the segment migration (`None`: the core's default).
    pub migration_from: RwSignal<Option<i32>>,
    /// A k the user picked instead of the recommended one.
    pub cluster_k: RwSignal<Option<usize>>,
    /// The customer columns the clusters use, besides recency, frequency and monetary value.
    pub cluster_extra: RwSignal<Vec<Feature>>,
    /// The transforms the user chose, by feature name (`segmint cluster --transform`); a
    /// feature not named keeps log1p then z-score.
    pub cluster_transforms: RwSignal<BTreeMap<String, Vec<Transform>>>,
    /// The customer-id column of the file of customer columns (`segmint cluster
    /// --id-column`); `None`: found by its name, as the command line does by default.
    pub columns_id: RwSignal<Option<String>>,
    /// The choices of the basket analysis.
    pub basket_choice: RwSignal<BasketChoice>,
    /// The product whose companions the user asked for.
    pub together_ask: RwSignal<Option<String>>,
    /// A file of customer columns the user picked for the clusters (numbered: each pick is
    /// read, even a file of the same name).
    pub columns_ask: RwSignal<Option<(u64, String, Blob)>, LocalStorage>,

    /// The key numbers, months, segment mix and top products (the dashboard).
    pub overview: Resource<Overview>,
    /// RFM scores and segments.
    pub rfm: Resource<RfmReport>,
    /// Lifetime value.
    pub clv: Resource<ClvReport>,
    /// Retention cohorts.
    pub cohort: Resource<CohortReport>,
    /// The clusters of the k sweep (the recommended k).
    pub cluster: Resource<ClusterReport>,
    /// The clusters at `cluster_k`.
    pub cluster_fixed: Resource<ClusterReport>,
    /// Frequent itemsets and rules.
    pub basket: Resource<BasketReport>,
    /// The baskets counted, to choose the default support for the data.
    basket_probe: Resource<BasketReport>,
    /// "What sells with X": the companions of `together_ask`.
    pub together: Resource<BasketReport>,
    /// The file of customer columns, read against the loaded file's customers.
    pub columns: Resource<ColumnsRead>,

    /// A tab of [`ACTION_TABS`] was opened: the profiles and recommendations are wanted.
    actions_wanted: RwSignal<bool>,
    /// The days the recommendations' evaluation holds out.
    pub holdout_days: RwSignal<u32>,
    /// The product whose audience and similar products the user asked for.
    pub product_ask: RwSignal<Option<String>>,
    /// One profile per customer.
    pub profile: Resource<ProfileReport>,
    /// Every customer's next best products and their time-split evaluation.
    pub recommend: Resource<RecommendReport>,
    /// The customers most likely to buy `product_ask`.
    pub audience: Resource<Audience>,
    /// The products similar to `product_ask`.
    pub similar: Resource<SimilarProducts>,
}

impl Store {
    /// The store, with the engine started and every analysis wired to its choices.
    pub(crate) fn new(engine: Engine) -> Self {
        let activity = RwSignal::new(engine.activity());
        engine.on_activity(move |a| activity.set(a));
        let store = Self {
            engine: StoredValue::new_local(engine),
            stage: RwSignal::new(Stage::Empty),
            dataset: RwSignal::new(None),
            versions: StoredValue::new(0),
            source: StoredValue::new_local(None),
            options: StoredValue::new(InspectOptions::default()),
            file_name: RwSignal::new(String::new()),
            activity,
            stopped: RwSignal::new(false),
            forgotten: RwSignal::new(false),
            remember: RwSignal::new(false),
            tab: RwSignal::new(FIRST_TAB),
            preset: RwSignal::new("rfm-10".into()),
            bins: RwSignal::new(5),
            custom_rules: RwSignal::new(None),
            migration_from: RwSignal::new(None),
            cluster_k: RwSignal::new(None),
            cluster_extra: RwSignal::new(Vec::new()),
            cluster_transforms: RwSignal::new(BTreeMap::new()),
            columns_id: RwSignal::new(None),
            basket_choice: RwSignal::new(BasketChoice::default()),
            together_ask: RwSignal::new(None),
            columns_ask: RwSignal::new_local(None),
            overview: Resource::new(),
            rfm: Resource::new(),
            clv: Resource::new(),
            cohort: Resource::new(),
            cluster: Resource::new(),
            cluster_fixed: Resource::new(),
            basket: Resource::new(),
            basket_probe: Resource::new(),
            together: Resource::new(),
            columns: Resource::new(),
            actions_wanted: RwSignal::new(false),
            holdout_days: RwSignal::new(HOLDOUT_DAYS),
            product_ask: RwSignal::new(None),
            profile: Resource::new(),
            recommend: Resource::new(),
            audience: Resource::new(),
            similar: Resource::new(),
        };
        store.remember_settings();
        store.wire();
        store
    }

    fn engine(&self) -> Engine {
        self.engine.get_value()
    }

    /// Cap the decompressed size of gzip files.
    pub(crate) fn set_max_unpacked(&self, bytes: u64) {
        self.engine.with_value(|e| e.set_max_unpacked(bytes));
    }

    /// The key of `request` on the current dataset (tracked).
    fn key(&self, request: Option<Request>) -> Option<Key> {
        Some((self.dataset.get()?, request?, 0))
    }

    /// Every analysis asks for its result whenever its key changes: one effect reads every
    /// choice, and an analysis whose key is unchanged asks for nothing. The order is the
    /// order the engine queues them in on a new file: the dashboard's key numbers, RFM, cohorts, lifetime value, clusters,
    /// baskets.
    fn wire(self) {
        let s = self;
        Effect::new(move |_| {
            let engine = s.engine();
            // The defaults, as `segmint summary` computes them: the dashboard's numbers are
            // the command line's.
            let overview = Request::Overview {
                options: OverviewOptions::default(),
            };
            s.overview
                .want(engine.clone(), s.key(Some(overview)), None, |r| match r {
                    Response::Overview(r) => Ok(r),
                    other => Err(failure_text(other)),
                });
            let rfm = Request::Rfm {
                params: s.rfm_params(),
            };
            s.rfm
                .want(engine.clone(), s.key(Some(rfm)), None, |r| match r {
                    Response::Rfm(r) => Ok(r),
                    other => Err(failure_text(other)),
                });
            let cohort = Request::Cohort {
                options: CohortOptions::default(),
            };
            s.cohort
                .want(engine.clone(), s.key(Some(cohort)), None, |r| match r {
                    Response::Cohort(r) => Ok(r),
                    other => Err(failure_text(other)),
                });
            let clv = Request::Clv {
                options: ClvOptions {
                    propensity_window_days: Some(PROPENSITY_WINDOW_DAYS),
                    ..ClvOptions::default()
                },
            };
            s.clv
                .want(engine.clone(), s.key(Some(clv)), None, |r| match r {
                    Response::Clv(r) => Ok(r),
                    other => Err(failure_text(other)),
                });

            let extra = s.cluster_extra.get();
            let transforms = s.cluster_transforms.get();
            let sweep = Request::Cluster {
                params: with_features(ClusterParams::new(), extra.clone(), &transforms),
            };
            s.cluster
                .want(engine.clone(), s.key(Some(sweep)), None, pick_cluster);
            let fixed = s.cluster_k.get().map(|k| Request::Cluster {
                params: with_features(ClusterParams::new().k(k), extra, &transforms),
            });
            s.cluster_fixed
                .want(engine.clone(), s.key(fixed), None, pick_cluster);

            let choice = s.basket_choice.get();
            // Until a support is chosen for the data, count the baskets first (single items
            // only: one pass over the lines).
            let probe = choice.min_support.is_none().then(|| Request::Basket {
                params: choice.params().max_len(1),
            });
            s.basket_probe
                .want(engine.clone(), s.key(probe), None, pick_basket);
            let mine = choice.min_support.map(|_| Request::Basket {
                params: choice.params(),
            });
            s.basket
                .want(engine.clone(), s.key(mine), None, pick_basket);
            let together = s.together_ask.get().map(|item| {
                // The companions are counted straight from the baskets; single items are all
                // the mining needs to do here.
                let mut params = choice.params().max_len(1);
                params.bought_together = Some(TogetherParams {
                    item,
                    min_count: 1,
                    top: Some(20),
                });
                Request::Basket { params }
            });
            s.together
                .want(engine.clone(), s.key(together), None, pick_basket);

            let ask = s.columns_ask.get();
            let id_column = s.columns_id.get();
            let key = ask.as_ref().and_then(|(n, file_name, _)| {
                let request = Request::Columns {
                    file_name: file_name.clone(),
                    id_column,
                };
                s.key(Some(request)).map(|(v, r, _)| (v, r, *n))
            });
            let file = ask.map(|(_, _, file)| file);
            s.columns.want(engine.clone(), key, file, pick_columns);

            let wanted = s.actions_wanted.get();
            let profile = wanted.then(|| Request::Profile {
                params: ProfileParams::default(),
            });
            s.profile
                .want(engine.clone(), s.key(profile), None, |r| match r {
                    Response::Profile(r) => Ok(r),
                    other => Err(failure_text(other)),
                });
            let recommend = wanted.then(|| Request::Recommend {
                params: RecommendParams::new().holdout_days(Some(s.holdout_days.get())),
            });
            s.recommend
                .want(engine.clone(), s.key(recommend), None, |r| match r {
                    Response::Recommend(r) => Ok(r),
                    other => Err(failure_text(other)),
                });
            let product = s.product_ask.get();
            let audience = product.clone().map(|product_id| Request::Audience {
                product_id,
                params: RecommendParams::new(),
                limit: Some(AUDIENCE_SHOWN),
            });
            s.audience
                .want(engine.clone(), s.key(audience), None, |r| match r {
                    Response::Audience(r) => Ok(r),
                    other => Err(failure_text(other)),
                });
            let similar = product.map(|product_id| Request::Similar {
                product_id,
                params: RecommendParams::new(),
                n: SIMILAR_SHOWN,
            });
            s.similar.want(engine, s.key(similar), None, |r| match r {
                Response::Similar(r) => Ok(r),
                other => Err(failure_text(other)),
            });
        });
        Effect::new(move |_| {
            if ACTION_TABS.contains(&s.tab.get()) && !s.actions_wanted.get_untracked() {
                s.actions_wanted.set(true);
            }
        });
        // The support for the data, once its baskets are counted.
        Effect::new(move |_| {
            if let Load::Ready(probe) = s.basket_probe.load.get() {
                s.basket_choice.update(|c| {
                    c.min_support = Some(auto_support(probe.transactions));
                });
            }
        });
    }

    /// Cluster on these customer columns too, with these transforms (by feature name); a
    /// picked k no longer applies to other features.
    pub(crate) fn set_cluster_features(
        &self,
        extra: Vec<Feature>,
        transforms: BTreeMap<String, Vec<Transform>>,
    ) {
        self.cluster_k.set(None);
        self.cluster_extra.set(extra);
        self.cluster_transforms.set(transforms);
    }

    /// The baskets as the view shows them: the mining, or why the baskets could not even be
    /// counted (tracked).
    pub(crate) fn baskets(&self) -> Load<BasketReport> {
        match self.basket_probe.get() {
            Load::Failed(message) => Load::Failed(message),
            _ => self.basket.get(),
        }
    }

    /// The RFM parameters the current choices stand for: bins, the preset's rules or the
    /// user's own, and the segment migration to the reference date.
    pub(crate) fn rfm_params(&self) -> RfmParams {
        let preset = self.preset.get();
        let rules = self.custom_rules.get().unwrap_or_else(|| {
            SegmentRules::preset(&preset).unwrap_or_else(SegmentRules::rfm_package)
        });
        RfmParams {
            bins: self.bins.get(),
            rules,
            migration: Some(MigrationParams {
                from_day: self.migration_from.get(),
            }),
            ..RfmParams::default()
        }
    }

    /// Remember the preset and bins when the user opted in (and only then).
    fn remember_settings(self) {
        if let Some(settings) = privacy::load_settings() {
            self.remember.set(true);
            self.preset.set(settings.preset);
            self.bins.set(settings.bins);
        }
        Effect::new(move |_| {
            let settings = privacy::Settings::new(self.preset.get(), self.bins.get());
            if self.remember.get() {
                privacy::save_settings(&settings);
            } else {
                privacy::drop_settings();
            }
        });
    }

    /// The one path of every change of dataset: no dataset for the analyses until the new
    /// one is read, and the choices that belonged to the old file dropped.
    fn begin(&self) {
        self.dataset.set(None);
        self.stopped.set(false);
        // A comparison date belongs to the file it was chosen for; so do the customer
        // columns (matched to its customers), a picked k, the support chosen for its
        // baskets and the companions asked for.
        self.migration_from.set(None);
        self.columns_ask.set(None);
        self.columns_id.set(None);
        if self.cluster_extra.with_untracked(|e| !e.is_empty()) {
            self.cluster_extra.set(Vec::new());
        }
        if self.cluster_transforms.with_untracked(|t| !t.is_empty()) {
            self.cluster_transforms.set(BTreeMap::new());
        }
        self.cluster_k.set(None);
        self.basket_choice.update(|c| c.min_support = None);
        self.together_ask.set(None);
        self.product_ask.set(None);
    }

    /// An audience's import file and its control group, written from the loaded file (read
    /// again for its emails); `Err` in words.
    pub(crate) async fn export(&self, export: ExportParams) -> Result<CampaignFiles, String> {
        let Some((file_name, blob)) = self.source.get_value() else {
            return Err(Lang::page().t("action-no-file"));
        };
        let request = Request::Export { file_name, export };
        match self.engine().analyse_file(request, blob).await {
            Some(Response::Exported(files)) => Ok(files),
            Some(other) => Err(failure_text(other)),
            None => Err(Lang::page().t("action-cancelled")),
        }
    }

    /// The lift of a campaign: `orders` (the orders since it, called `file_name`) against the
    /// treatment and control groups; the loaded file stays. `Err` in words.
    pub(crate) async fn lift(
        &self,
        file_name: String,
        orders: Blob,
        treatment: GroupFile,
        control: GroupFile,
    ) -> Result<LiftReport, String> {
        let request = Request::Lift {
            file_name,
            options: InspectOptions::default(),
            treatment,
            control,
            since: None,
        };
        match self.engine().analyse_file(request, orders).await {
            Some(Response::Lift(report)) => Ok(report),
            Some(other) => Err(failure_text(other)),
            None => Err(Lang::page().t("action-cancelled")),
        }
    }

    /// A dataset the analyses can use is in: a new version, so every analysis runs on it.
    fn publish_dataset(&self) {
        self.versions.update_value(|n| *n += 1);
        self.dataset.set(Some(self.versions.get_value()));
    }

    /// Read `blob` (called `file_name`) with `options`, in place of whatever was loaded.
    pub(crate) fn open(&self, file_name: String, blob: Blob, options: InspectOptions) {
        self.options.set_value(options);
        self.begin();
        self.forgotten.set(false);
        self.source
            .set_value(Some((file_name.clone(), blob.clone())));
        self.file_name.set(file_name.clone());
        self.stage.set(Stage::Working {
            file_name: file_name.clone(),
            done: 0,
            total: 0,
        });
        let store = *self;
        let engine = self.engine();
        spawn_local(async move {
            let request = Request::Inspect {
                file_name: file_name.clone(),
                options: store.options.get_value(),
            };
            let name = file_name.clone();
            let progress = move |p: Progress| {
                store.stage.set(Stage::Working {
                    file_name: name.clone(),
                    done: p.done,
                    total: p.total,
                });
            };
            match engine.run(request, blob, progress).await {
                None => {}
                Some(Response::Inspected(report)) => {
                    let usable = report.customer_analyses && report.questions.is_empty();
                    store.stage.set(Stage::Inspected {
                        file_name,
                        report: Box::new(report),
                    });
                    if usable {
                        store.publish_dataset();
                    }
                }
                Some(other) => store.stage.set(Stage::Failed {
                    message: failure_text(other),
                }),
            }
        });
    }

    /// Read the file again with `change` made to its options.
    pub(crate) fn reopen(&self, change: impl FnOnce(&mut InspectOptions)) {
        let mut options = self.options.get_value();
        change(&mut options);
        if let Some((name, blob)) = self.source.get_value() {
            self.open(name, blob, options);
        }
    }

    /// Read `file` as customer columns for the clusters.
    pub(crate) fn ask_columns(&self, file_name: String, file: Blob) {
        self.versions.update_value(|n| *n += 1);
        let n = self.versions.get_value();
        // A new file: its id column is found by its name until the user picks one.
        self.columns_id.set(None);
        self.columns_ask.set(Some((n, file_name, file)));
    }

    /// Stop reading the file: back to the empty page.
    pub(crate) fn cancel_loading(&self) {
        self.engine.with_value(Engine::cancel);
        self.begin();
        self.source.set_value(None);
        self.stage.set(Stage::Empty);
    }

    /// Stop the analyses; the file stays ("Run them again" runs them on it).
    pub(crate) fn cancel_analyses(&self) {
        self.engine.with_value(Engine::cancel);
        self.overview.cancelled();
        self.rfm.cancelled();
        self.clv.cancelled();
        self.cohort.cancelled();
        self.cluster.cancelled();
        self.cluster_fixed.cancelled();
        self.basket_probe.cancelled();
        self.basket.cancelled();
        self.together.cancelled();
        self.columns.cancelled();
        self.profile.cancelled();
        self.recommend.cancelled();
        self.audience.cancelled();
        self.similar.cancelled();
        self.stopped.set(true);
    }

    /// Run every analysis of the loaded file again (the engine first loads it again if the
    /// cancel took the worker's copy).
    pub(crate) fn rerun(&self) {
        self.stopped.set(false);
        if self.dataset.get_untracked().is_some() {
            self.publish_dataset();
        }
    }

    /// Forget everything: storage, the engine's dataset (a worker is terminated), the page,
    /// and every choice.
    pub(crate) fn forget(&self) {
        self.engine.with_value(Engine::forget);
        privacy::clear_storage();
        self.remember.set(false);
        self.begin();
        self.source.set_value(None);
        self.options.set_value(InspectOptions::default());
        self.file_name.set(String::new());
        self.preset.set("rfm-10".into());
        self.bins.set(5);
        self.custom_rules.set(None);
        self.basket_choice.set(BasketChoice::default());
        self.tab.set(FIRST_TAB);
        self.stage.set(Stage::Empty);
        self.forgotten.set(true);
    }
}

fn pick_cluster(response: Response) -> Result<ClusterReport, String> {
    match response {
        Response::Cluster(r) => Ok(r),
        other => Err(failure_text(other)),
    }
}

fn pick_basket(response: Response) -> Result<BasketReport, String> {
    match response {
        Response::Basket(r) => Ok(r),
        other => Err(failure_text(other)),
    }
}

/// `params` with the customer columns `extra` after recency, frequency and monetary value.
/// `params` with the customer columns added and every feature named in `transforms` given
/// those steps, as `segmint cluster --customer-columns … --transform …` builds them.
fn with_features(
    mut params: ClusterParams,
    extra: Vec<Feature>,
    transforms: &BTreeMap<String, Vec<Transform>>,
) -> ClusterParams {
    params.features.extend(extra);
    for feature in &mut params.features {
        if let Some(steps) = transforms.get(&feature.name) {
            feature.transforms = steps.clone();
        }
    }
    params
}

/// A file of customer columns as the page sees it once read.
#[derive(Debug)]
pub(crate) enum ColumnsRead {
    /// Read: what the user picks from.
    Read(ColumnsAnswer),
    /// No column looks like a customer id: the message, and the file's columns to pick the
    /// id column from.
    NoId {
        message: String,
        columns: Vec<String>,
    },
}

fn pick_columns(response: Response) -> Result<ColumnsRead, String> {
    match response {
        Response::Columns(answer) => Ok(ColumnsRead::Read(answer)),
        Response::Failed(failure) => match &failure.error.kind {
            ErrorKind::NoIdColumn { columns } => Ok(ColumnsRead::NoId {
                columns: columns.clone(),
                message: BrowserWords::app().failure(&failure),
            }),
            _ => Err(failure_text(Response::Failed(failure))),
        },
        other => Err(failure_text(other)),
    }
}
