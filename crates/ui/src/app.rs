use leptos::prelude::*;
use leptos::task::spawn_local;
use segmint_core::{InspectOptions, InspectReport};
use segmint_web::Engine;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::components::{
    ActivityBar, ColumnChart, FileFold, FilePicker, MappingView, PrivacyPanel, ProgressBar, Remap,
    Summary, TabList,
};
use crate::i18n::{LanguageSwitch, Locale, t, tr_with};
use crate::pages::{
    BasketsPage, ClustersPage, ClvPage, CohortsPage, CustomersPage, LiftPage, OverviewPage,
    RecommendPage, RfmPage,
};
use crate::store::{Stage, Store};

/// The demo file shipped with the app: the first 20,000 lines of UCI Online Retail.
pub const DEMO_URL: &str = "demo/online_retail_sample.csv";
const DEMO_NAME: &str = "online_retail_sample.csv";

/// The analysis tabs: `(id, label key)`.
const TABS: [(&str, &str); 9] = [
    ("overview", "tab-overview"),
    ("rfm", "tab-rfm"),
    ("clusters", "tab-clusters"),
    ("baskets", "tab-baskets"),
    ("clv", "tab-clv"),
    ("cohorts", "tab-cohorts"),
    ("customers", "tab-customers"),
    ("recommend", "tab-recommend"),
    ("lift", "tab-lift"),
];

/// The single-page app: the store, and what the user does to it.
#[component]
pub fn App() -> impl IntoView {
    let locale = Locale::provide();
    let lang = locale.lang;
    let store = Store::new(Engine::new());
    route_tabs(store.tab);
    // Whether the user has the file's fold open; a new file starts folded.
    let fold_open = RwSignal::new(false);
    // A gzip file may unpack to at most this much; `?max-unpacked=MiB` changes it.
    if let Some(mib) = query_number("max-unpacked") {
        store.set_max_unpacked(mib.saturating_mul(1 << 20));
    }
    let on_file = move |file: web_sys::File| {
        fold_open.set(false);
        store.open(
            file.name(),
            file.unchecked_into::<Blob>(),
            InspectOptions::default(),
        )
    };
    let on_demo = move |_| {
        fold_open.set(false);
        spawn_local(async move {
            match fetch_blob(DEMO_URL).await {
                Ok(blob) => store.open(DEMO_NAME.to_owned(), blob, InspectOptions::default()),
                Err(reason) => store.stage.set(Stage::Failed {
                    message: lang
                        .get_untracked()
                        .t_with("app-demo-failed", &[("reason", &reason)]),
                }),
            }
        });
    };
    let on_answer = move |answer: String| {
        let Ok(order) = serde_json::from_value(serde_json::Value::String(answer)) else {
            return;
        };
        // Answered: the file folds again once it is read with the answer.
        fold_open.set(false);
        store.reopen(|o| o.ingest.date_order = Some(order));
    };
    // The user's own role mapping and returns policy (the CLI's --map and --returns): read
    // the file again with them, keeping earlier overrides of other roles.
    let on_remap = move |remap: Remap| {
        store.reopen(|o| {
            for new in remap.overrides {
                o.ingest.map.retain(|old| old.role != new.role);
                o.ingest.map.push(new);
            }
            o.ingest.returns = remap.returns;
        });
    };
    let on_cancel = move |_| store.cancel_loading();
    let activity = store.activity;
    let stopped = store.stopped;
    let remember = store.remember;
    let forgotten = store.forgotten;

    view! {
        <header class="top">
            <h1>"Segmint"</h1>
            <p class="tagline">{t("app-tagline")}</p>
            <LanguageSwitch />
        </header>
        <main>
            <section class="open" aria-label=t("app-open-file")>
                <FilePicker on_file=on_file />
                <button data-testid="demo-button" class="demo" on:click=on_demo>
                    {t("app-demo")}
                </button>
            </section>
            <PrivacyPanel remember on_forget=move || { store.forget(); locale.forget() } forgotten />
            <ActivityBar activity stopped on_cancel=move || store.cancel_analyses()
                on_rerun=move || store.rerun() />
            // Everything below is built in the page's language: a switch rebuilds it.
            {move || { lang.track(); match store.stage.get() {
                Stage::Empty => view! {
                    <p class="hint" data-testid="empty">{t("app-empty")}</p>
                }.into_any(),
                Stage::Working { file_name, done, total } => view! {
                    <section class="working" data-testid="working">
                        <ProgressBar label=tr_with("app-reading", &[("file", &file_name)]) done total />
                        <button data-testid="cancel" on:click=on_cancel>{t("app-cancel")}</button>
                    </section>
                }.into_any(),
                Stage::Inspected { file_name, report } => {
                    let report = *report;
                    // The analyses first when they can run (the dashboard is their first
                    // tab); the file's summary, mapping and columns folded into one line
                    // above them, open by itself when a question needs an answer or the
                    // analyses cannot run.
                    let tabs = (report.customer_analyses && report.questions.is_empty())
                        .then(|| view! { <AnalysisTabs report=report.clone() store tab=store.tab /> });
                    let (summary, mapping) = (report.clone(), report.clone());
                    view! {
                    <FileFold file_name=file_name.clone() report=report.clone()
                        overview=store.overview open=fold_open>
                        <Summary file_name report=summary />
                        <MappingView report=mapping on_answer=on_answer on_remap=on_remap />
                        <ColumnChart report=report />
                    </FileFold>
                    {tabs}
                }.into_any()
                }
                Stage::Failed { message } => view! {
                    <p class="error" role="alert" data-testid="error">{message}</p>
                }.into_any(),
            }}}
        </main>
    }
}

#[component]
fn AnalysisTabs(report: InspectReport, store: Store, tab: RwSignal<&'static str>) -> impl IntoView {
    view! {
        <section class="analyses" aria-label=t("app-analyses")>
            <TabList tabs=TABS.to_vec() active=tab label="app-analyses" />
            {move || {
                let id = tab.get();
                let panel = match id {
                    "overview" => view! { <OverviewPage report=report.clone() store /> }.into_any(),
                    "clv" => view! { <ClvPage store /> }.into_any(),
                    "cohorts" => view! { <CohortsPage store /> }.into_any(),
                    "clusters" => view! { <ClustersPage store /> }.into_any(),
                    "baskets" => view! { <BasketsPage store /> }.into_any(),
                    "customers" => view! { <CustomersPage store /> }.into_any(),
                    "recommend" => view! { <RecommendPage store /> }.into_any(),
                    "lift" => view! { <LiftPage store /> }.into_any(),
                    _ => view! { <RfmPage store /> }.into_any(),
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

/// The view a URL hash names (`#rfm`): one of [`TABS`], the dashboard for none or any other.
fn tab_of_hash(hash: &str) -> &'static str {
    let id = hash.strip_prefix('#').unwrap_or(hash);
    TABS.iter()
        .map(|(tab, _)| *tab)
        .find(|tab| *tab == id)
        .unwrap_or(TABS[0].0)
}

/// The view the page's URL names.
fn location_tab() -> &'static str {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    tab_of_hash(&hash)
}

/// Each view has its own URL, its hash (`#rfm`; the hash holds the view and nothing else,
/// never data): the page opens on the view a bookmark names, a tab the user picks is a new
/// history entry, and back and forward switch views.
fn route_tabs(tab: RwSignal<&'static str>) {
    tab.set(location_tab());
    let follow = move || {
        let at = location_tab();
        if tab.get_untracked() != at {
            tab.set(at);
        }
    };
    // Back/forward fire popstate; a hash typed into the address bar fires hashchange too.
    let _ = window_event_listener(leptos::ev::popstate, move |_| follow());
    let _ = window_event_listener(leptos::ev::hashchange, move |_| follow());
    Effect::new(move |_| {
        let shown = tab.get();
        // A change that came from the URL is already there; any other is a new entry.
        if location_tab() != shown
            && let Some(history) = web_sys::window().and_then(|w| w.history().ok())
        {
            let _ = history.push_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("#{shown}")),
            );
        }
    });
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
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let promise = response.blob().map_err(|e| format!("{e:?}"))?;
    let blob = JsFuture::from(promise)
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(blob.unchecked_into())
}
