use leptos::prelude::*;
use leptos::task::spawn_local;
use segmint_core::InspectOptions;
use segmint_core::protocol::{Request, Response};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::components::{ColumnChart, FilePicker, ProgressBar, Summary};
use crate::engine::Engine;

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
        report: segmint_core::InspectReport,
    },
    Failed {
        message: String,
    },
}

/// The single-page app.
#[component]
pub fn App() -> impl IntoView {
    // The engine holds JS objects (the worker), which are not Send: keep it in local storage.
    let engine = StoredValue::new_local(Engine::new());
    let (stage, set_stage) = signal(Stage::Empty);

    let analyse = {
        move |file_name: String, blob: Blob| {
            let engine = engine.get_value();
            set_stage.set(Stage::Working {
                file_name: file_name.clone(),
                done: 0,
                total: 0,
            });
            spawn_local(async move {
                let request = Request::Inspect {
                    file_name: file_name.clone(),
                    options: InspectOptions::default(),
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
                        set_stage.set(Stage::Inspected { file_name, report })
                    }
                    Some(Response::Failed(failure)) => set_stage.set(Stage::Failed {
                        message: failure.message,
                    }),
                    Some(other) => set_stage.set(Stage::Failed {
                        message: format!("unexpected answer from the worker: {other:?}"),
                    }),
                }
            });
        }
    };

    let on_file =
        { move |file: web_sys::File| analyse(file.name(), file.unchecked_into::<Blob>()) };
    let on_demo = move |_| {
        spawn_local(async move {
            match fetch_blob(DEMO_URL).await {
                Ok(blob) => analyse(DEMO_NAME.to_owned(), blob),
                Err(message) => set_stage.set(Stage::Failed { message }),
            }
        });
    };
    let on_cancel = move |_| {
        engine.with_value(Engine::cancel);
        set_stage.set(Stage::Empty);
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
            {move || match stage.get() {
                Stage::Empty => view! {
                    <p class="hint" data-testid="empty">
                        "Drop an orders or transactions export (CSV, TSV or TXT). \
                         It is read here, in your browser; nothing is uploaded."
                    </p>
                }.into_any(),
                Stage::Working { file_name, done, total } => view! {
                    <section class="working" data-testid="working">
                        <ProgressBar label=format!("Reading {file_name}") done total />
                        <button data-testid="cancel" on:click=on_cancel>"Cancel"</button>
                    </section>
                }.into_any(),
                Stage::Inspected { file_name, report } => view! {
                    <Summary file_name report=report.clone() />
                    <ColumnChart report />
                }.into_any(),
                Stage::Failed { message } => view! {
                    <p class="error" role="alert" data-testid="error">{message}</p>
                }.into_any(),
            }}
        </main>
    }
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
