//! The Engine in a real browser page (headless Chromium via wasm-bindgen-test). The test page
//! has no worker script: the engine falls back to the page, through the same `serve` and
//! core `Session` as the worker.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use segmint_core::InspectOptions;
use segmint_core::protocol::{Request, Response};
use segmint_web::{Activity, Engine};
use wasm_bindgen_test::*;
use web_sys::Blob;

wasm_bindgen_test_configure!(run_in_browser);

const CSV: &str = "order_id,customer,date,amount\nA-1,alice,2024-01-03,12.50\nA-2,,2024-01-04,7\n";

fn blob(text: &str) -> Blob {
    let parts = js_sys::Array::new();
    parts.push(&text.into());
    Blob::new_with_str_sequence(&parts).unwrap()
}

#[wasm_bindgen_test]
async fn without_a_worker_script_the_engine_runs_in_the_page() {
    let engine = Engine::new();
    let request = Request::Inspect {
        file_name: "t.csv".into(),
        options: InspectOptions::default(),
    };
    let response = engine.run(request, blob(CSV), |_| {}).await;
    let Some(Response::Inspected(report)) = response else {
        panic!("{response:?}")
    };
    assert_eq!(report.rows_read, 2);
    assert_eq!(report.column_filled, [2, 1, 2, 2]);
    assert!(!engine.uses_worker());
}

#[wasm_bindgen_test]
async fn without_a_worker_analyses_run_in_the_page_on_the_kept_dataset() {
    use segmint_core::rfm::RfmParams;
    let engine = Engine::new();
    let csv = "order_id,customer,date,amount\nA-1,alice,2024-01-03,12.50\nA-2,alice,2024-02-04,7\n\
               A-3,bob,2024-01-05,3\n";
    let request = Request::Inspect {
        file_name: "t.csv".into(),
        options: InspectOptions::default(),
    };
    let response = engine.run(request, blob(csv), |_| {}).await;
    assert!(
        matches!(response, Some(Response::Inspected(_))),
        "{response:?}"
    );
    let response = engine
        .analyse(Request::Rfm {
            params: RfmParams::default(),
        })
        .await;
    let Some(Response::Rfm(report)) = response else {
        panic!("{response:?}")
    };
    let alice = report
        .customers
        .iter()
        .find(|c| c.customer_id == "alice")
        .unwrap();
    assert_eq!((alice.frequency, alice.monetary), (2, 19.5));
    // A file of customer columns is read in the page too, against the kept dataset.
    let response = engine
        .analyse_file(
            Request::Columns {
                file_name: "crm.csv".into(),
                id_column: None,
            },
            blob("customer,points\nalice,10\nbob,3\ncarol,1\n"),
        )
        .await;
    let Some(Response::Columns(columns)) = response else {
        panic!("{response:?}")
    };
    assert_eq!(columns.summary.coverage.matched, 2);
    assert_eq!(columns.summary.coverage.unmatched, 1);
    assert_eq!(columns.features[0].name, "points");
    assert!(!engine.uses_worker());
}

#[wasm_bindgen_test]
async fn a_cancel_drops_the_queue_and_the_next_analysis_still_answers() {
    use segmint_core::rfm::RfmParams;
    let engine = Engine::in_page();
    let seen: Rc<RefCell<Vec<Activity>>> = Rc::default();
    let log = seen.clone();
    engine.on_activity(move |a| log.borrow_mut().push(a));
    let request = Request::Inspect {
        file_name: "t.csv".into(),
        options: InspectOptions::default(),
    };
    let loaded = engine.run(request, blob(CSV), |_| {}).await;
    assert!(matches!(loaded, Some(Response::Inspected(_))), "{loaded:?}");
    let rfm = || Request::Rfm {
        params: RfmParams::default(),
    };
    // Queued (the task starts at the next microtask), then cancelled: no answer.
    let queued: Rc<RefCell<Option<Option<Response>>>> = Rc::default();
    {
        let (engine, queued) = (engine.clone(), queued.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let answer = engine.analyse(rfm()).await;
            *queued.borrow_mut() = Some(answer);
        });
    }
    let tick = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
    assert!(engine.activity().busy());
    engine.cancel();
    while queued.borrow().is_none() {
        gloo_timers::future::TimeoutFuture::new(5).await;
    }
    assert!(queued.borrow().as_ref().unwrap().is_none(), "{queued:?}");
    // The in-page session kept its dataset: the next analysis answers without a reload.
    let answer = engine.analyse(rfm()).await;
    assert!(matches!(answer, Some(Response::Rfm(_))), "{answer:?}");
    {
        let seen = seen.borrow();
        assert!(seen.iter().any(|a| a.loading), "{seen:?}");
        assert!(seen.iter().any(|a| a.analyses > 0), "{seen:?}");
        assert!(!seen.last().unwrap().busy(), "{seen:?}");
    }
    // Forgetting drops the dataset.
    engine.forget();
    let answer = engine.analyse(rfm()).await;
    assert!(matches!(answer, Some(Response::Failed(_))), "{answer:?}");
}
