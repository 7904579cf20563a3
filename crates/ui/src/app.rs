use leptos::prelude::*;
use leptos::task::spawn_local;
use segmint_core::protocol::{Request, Response};
use segmint_core::{ClvOptions, CohortOptions, InspectOptions, InspectReport};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::components::privacy::{self, Settings};
use crate::components::{
    ActivityBar, ColumnChart, FilePicker, MappingView, PrivacyPanel, ProgressBar, Remap, Summary,
    TabList,
};
use crate::engine::Engine;
use crate::pages::{
    Analyses, BasketsPage, ClustersPage, ClvPage, CohortsPage, Load, OverviewPage, RfmPage,
    basket_effects, cluster_effects, columns_effect,
};
/// The demo file shipped with the app: the first 20,000 lines of UCI Online Retail.
pub const DEMO_URL: &str = "demo/online_retail_sample.csv";
const DEMO_NAME: &str = "online_retail_sample.csv";

/// What the page is showing.
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

/// The analysis tabs: `(id, label)`.
const TABS: [(&str, &str); 6] = [
    ("overview", "Overview"),
    ("rfm", "RFM & segments"),
    ("clusters", "Clusters"),
    ("baskets", "Baskets"),
    ("clv", "Lifetime value"),
    ("cohorts", "Cohorts"),
];

/// The single-page app.
#[component]
pub fn App() -> impl IntoView {
    // The engine holds JS objects (the worker), which are not Send: keep it in local storage.
    let engine = StoredValue::new_local(Engine::new());
    let (stage, set_stage) = signal(Stage::Empty);
    // The file last opened and the options it was read with, to read it again after the
    // user answers a question.
    let source = StoredValue::new_local(None::<(String, Blob)>);
    let options = StoredValue::new(InspectOptions::default());
    let analyses = Analyses::new();
    // Bumped each time a dataset the customer analyses can use is loaded in the engine.
    let loaded = RwSignal::new(None::<u64>);
    let loads = StoredValue::new(0u64);
    let rfm_requests = StoredValue::new(0u64);
    let tab = RwSignal::new("rfm");
    // A gzip file may unpack to at most this much; `?max-unpacked=MiB` changes it.
    if let Some(mib) = query_number("max-unpacked") {
        engine.with_value(|e| e.set_max_unpacked(mib.saturating_mul(1 << 20)));
    }
    let activity = engine.with_value(Engine::activity);
    // Analyses were cancelled (the notice offers to run them again).
    let stopped = RwSignal::new(false);
    // Nothing is stored unless the user opts in; then only these settings.
    let remembered = privacy::load_settings();
    let remember = RwSignal::new(remembered.is_some());
    if let Some(settings) = remembered {
        analyses.preset.set(settings.preset);
        analyses.bins.set(settings.bins);
    }
    let forgotten = RwSignal::new(false);
    Effect::new(move |_| {
        let settings = Settings {
            preset: analyses.preset.get(),
            bins: analyses.bins.get(),
        };
        if remember.get() {
            privacy::save_settings(&settings);
        } else {
            privacy::drop_settings();
        }
    });

    let ingest = move |file_name: String, blob: Blob| {
        let engine = engine.get_value();
        source.set_value(Some((file_name.clone(), blob.clone())));
        loaded.set(None);
        // A comparison date belongs to the file it was chosen for.
        analyses.migration_from.set(None);
        // So do customer columns: they were matched to this file's customers.
        analyses.forget_columns();
        stopped.set(false);
        forgotten.set(false);
        analyses.rfm.set(Load::Pending);
        analyses.clv.set(Load::Pending);
        analyses.cohort.set(Load::Pending);
        analyses.file_name.set(file_name.clone());
        set_stage.set(Stage::Working {
            file_name: file_name.clone(),
            done: 0,
            total: 0,
        });
        spawn_local(async move {
            let request = Request::Inspect {
                file_name: file_name.clone(),
                options: options.get_value(),
            };
            let name = file_name.clone();
            let progress = move |done, total| {
                set_stage.set(Stage::Working {
                    file_name: name.clone(),
                    done,
                    total,
                });
            };
            match engine.run(request, blob, progress).await {
                None => {}
                Some(Response::Inspected(report)) => {
                    let usable = report.customer_analyses && report.questions.is_empty();
                    set_stage.set(Stage::Inspected {
                        file_name,
                        report: Box::new(report),
                    });
                    if usable {
                        loads.update_value(|n| *n += 1);
                        loaded.set(Some(loads.get_value()));
                    }
                }
                Some(Response::Failed(failure)) => set_stage.set(Stage::Failed {
                    message: failure.message,
                }),
                Some(other) => set_stage.set(Stage::Failed {
                    message: format!("unexpected answer from the worker: {other:?}"),
                }),
            }
        });
    };

    // RFM runs when a dataset is loaded and again whenever its preset or bins change; the
    // answer to an older request is dropped.
    Effect::new(move |_| {
        let params = analyses.rfm_params();
        if loaded.get().is_none() {
            return;
        }
        rfm_requests.update_value(|n| *n += 1);
        let ticket = rfm_requests.get_value();
        analyses.rfm.set(Load::Pending);
        let engine = engine.get_value();
        spawn_local(async move {
            let response = engine.analyse(Request::Rfm { params }).await;
            if rfm_requests.get_value() != ticket {
                return;
            }
            match response {
                Some(Response::Rfm(report)) => analyses.rfm.set(Load::Ready(report.into())),
                Some(other) => analyses.rfm.set(Load::Failed(failure_text(other))),
                None => {}
            }
        });
    });
    // Cohorts and lifetime value run once per dataset, queued behind RFM.
    Effect::new(move |_| {
        if loaded.get().is_none() {
            return;
        }
        let engine = engine.get_value();
        spawn_local(async move {
            let cohort = engine.analyse(Request::Cohort {
                options: CohortOptions::default(),
            });
            let clv = engine.analyse(Request::Clv {
                options: ClvOptions {
                    propensity_window_days: Some(crate::pages::PROPENSITY_WINDOW_DAYS),
                    ..ClvOptions::default()
                },
            });
            match cohort.await {
                Some(Response::Cohort(report)) => analyses.cohort.set(Load::Ready(report.into())),
                Some(other) => analyses.cohort.set(Load::Failed(failure_text(other))),
                None => return,
            }
            match clv.await {
                Some(Response::Clv(report)) => analyses.clv.set(Load::Ready(report.into())),
                Some(other) => analyses.clv.set(Load::Failed(failure_text(other))),
                None => {}
            }
        });
    });

    // Clusters and baskets are queued behind RFM, cohorts and lifetime value.
    cluster_effects(engine, analyses, loaded);
    columns_effect(engine, analyses);
    basket_effects(engine, analyses, loaded);

    let on_file = move |file: web_sys::File| {
        options.set_value(InspectOptions::default());
        ingest(file.name(), file.unchecked_into::<Blob>())
    };
    let on_demo = move |_| {
        options.set_value(InspectOptions::default());
        spawn_local(async move {
            match fetch_blob(DEMO_URL).await {
                Ok(blob) => ingest(DEMO_NAME.to_owned(), blob),
                Err(message) => set_stage.set(Stage::Failed { message }),
            }
        });
    };
    let on_answer = move |answer: String| {
        let Ok(order) = serde_json::from_value(serde_json::Value::String(answer)) else {
            return;
        };
        options.update_value(|o| o.ingest.date_order = Some(order));
        if let Some((name, blob)) = source.get_value() {
            ingest(name, blob);
        }
    };
    // The user's own role mapping and returns policy (the CLI's --map and --returns): read
    // the file again with them, keeping earlier overrides of other roles.
    let on_remap = move |remap: Remap| {
        options.update_value(|o| {
            for new in remap.overrides {
                o.ingest.map.retain(|old| old.role != new.role);
                o.ingest.map.push(new);
            }
            o.ingest.returns = remap.returns;
        });
        if let Some((name, blob)) = source.get_value() {
            ingest(name, blob);
        }
    };
    let on_cancel = move |_| {
        engine.with_value(Engine::cancel);
        loaded.set(None);
        source.set_value(None);
        set_stage.set(Stage::Empty);
    };
    // Cancelling analyses keeps the file: "Run them again" re-runs every analysis of the
    // loaded file (the engine first loads it again in its fresh worker).
    let cancel_analyses = move || {
        engine.with_value(Engine::cancel);
        const CANCELLED: &str = "Cancelled.";
        if matches!(analyses.rfm.get_untracked(), Load::Pending) {
            analyses.rfm.set(Load::Failed(CANCELLED.into()));
        }
        if matches!(analyses.clv.get_untracked(), Load::Pending) {
            analyses.clv.set(Load::Failed(CANCELLED.into()));
        }
        if matches!(analyses.cluster.get_untracked(), Load::Pending) {
            analyses.cluster.set(Load::Failed(CANCELLED.into()));
        }
        // The fixed-k fit is only asked for once the user picks a k.
        if analyses.cluster_k.get_untracked().is_some()
            && matches!(analyses.cluster_fixed.get_untracked(), Load::Pending)
        {
            analyses.cluster_fixed.set(Load::Failed(CANCELLED.into()));
        }
        if matches!(analyses.cohort.get_untracked(), Load::Pending) {
            analyses.cohort.set(Load::Failed(CANCELLED.into()));
        }
        if matches!(analyses.basket.get_untracked(), Load::Pending) {
            analyses.basket.set(Load::Failed(CANCELLED.into()));
        }
        if let Some((item, Load::Pending)) = analyses.together.get_untracked() {
            analyses
                .together
                .set(Some((item, Load::Failed(CANCELLED.into()))));
        }
        stopped.set(true);
    };
    let rerun_analyses = move || {
        stopped.set(false);
        analyses.clv.set(Load::Pending);
        analyses.cohort.set(Load::Pending);
        if loaded.get_untracked().is_some() {
            loads.update_value(|n| *n += 1);
            loaded.set(Some(loads.get_value()));
        }
    };
    // Forget everything: storage, the worker's dataset (the worker is terminated), the page.
    let on_forget = move || {
        engine.with_value(Engine::forget);
        privacy::clear_storage();
        remember.set(false);
        source.set_value(None);
        options.set_value(InspectOptions::default());
        loaded.set(None);
        stopped.set(false);
        analyses.rfm.set(Load::Pending);
        analyses.clv.set(Load::Pending);
        analyses.cohort.set(Load::Pending);
        analyses.file_name.set(String::new());
        analyses.preset.set("rfm-10".into());
        analyses.forget_columns();
        analyses.bins.set(5);
        set_stage.set(Stage::Empty);
        forgotten.set(true);
    };

    view! {
        <header class="top">
            <h1>"Segmint"</h1>
            <p class="tagline">"Customer analytics that never leave your device."</p>
        </header>
        <main>
            <section class="open" aria-label="Open a file">
                <FilePicker on_file=on_file />
                <button data-testid="demo-button" class="demo" on:click=on_demo>
                    "Try demo data"
                </button>
            </section>
            <PrivacyPanel remember on_forget forgotten />
            <ActivityBar activity stopped on_cancel=cancel_analyses on_rerun=rerun_analyses />
            {move || match stage.get() {
                Stage::Empty => view! {
                    <p class="hint" data-testid="empty">
                        "Drop an orders or transactions export (CSV, TSV or TXT, or the same gzipped as .csv.gz). \
                         It is read here, in your browser; nothing is uploaded."
                    </p>
                }.into_any(),
                Stage::Working { file_name, done, total } => view! {
                    <section class="working" data-testid="working">
                        <ProgressBar label=format!("Reading {file_name}") done total />
                        <button data-testid="cancel" on:click=on_cancel>"Cancel"</button>
                    </section>
                }.into_any(),
                Stage::Inspected { file_name, report } => {
                    let report = *report;
                    view! {
                    <Summary file_name report=report.clone() />
                    <MappingView report=report.clone() on_answer=on_answer on_remap=on_remap />
                    <ColumnChart report=report.clone() />
                    {(report.customer_analyses && report.questions.is_empty()).then(|| {
                        view! { <AnalysisTabs report analyses tab /> }
                    })}
                }.into_any()
                }
                Stage::Failed { message } => view! {
                    <p class="error" role="alert" data-testid="error">{message}</p>
                }.into_any(),
            }}
        </main>
    }
}

#[component]
fn AnalysisTabs(
    report: InspectReport,
    analyses: Analyses,
    tab: RwSignal<&'static str>,
) -> impl IntoView {
    view! {
        <section class="analyses" aria-label="Analyses">
            <TabList tabs=TABS.to_vec() active=tab label="Analyses" />
            {move || {
                let id = tab.get();
                let panel = match id {
                    "overview" => view! { <OverviewPage report=report.clone() analyses /> }.into_any(),
                    "clv" => view! { <ClvPage analyses /> }.into_any(),
                    "cohorts" => view! { <CohortsPage analyses /> }.into_any(),
                    "clusters" => view! { <ClustersPage analyses /> }.into_any(),
                    "baskets" => view! { <BasketsPage analyses /> }.into_any(),
                    _ => view! { <RfmPage analyses /> }.into_any(),
                };
                view! {
                    <div role="tabpanel" class="panel" id=format!("panel-{id}")
                        aria-labelledby=format!("tab-{id}") tabindex="0"
                        data-testid=format!("panel-{id}")>
                        {panel}
                    </div>
                }
            }}
        </section>
    }
}

fn failure_text(response: Response) -> String {
    match response {
        Response::Failed(failure) => failure.message,
        other => format!("unexpected answer from the worker: {other:?}"),
    }
}

/// A whole number from the page's query string (`?name=N`).
fn query_number(name: &str) -> Option<u64> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
}

/// Fetch a same-origin URL as a blob.
async fn fetch_blob(url: &str) -> Result<Blob, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("cannot load the demo data: {e:?}"))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "cannot load the demo data: HTTP {}",
            response.status()
        ));
    }
    let promise = response
        .blob()
        .map_err(|e| format!("cannot load the demo data: {e:?}"))?;
    let blob = JsFuture::from(promise)
        .await
        .map_err(|e| format!("cannot load the demo data: {e:?}"))?;
    Ok(blob.unchecked_into())
}
