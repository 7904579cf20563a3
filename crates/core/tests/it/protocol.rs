//! The protocol's [`Session`] on the in-repo demo file: every analysis request gets its
//! report, the same one the library call gives, and survives a JSON round trip (the worker
//! posts JSON strings); files are pushed in pieces with progress, and a request can be
//! cancelled from its progress callback.

use std::ops::ControlFlow;

use segmint_core::basket::{BasketParams, MinSupport, NoProgress};
use segmint_core::dataset::{DatasetOptions, load_bytes};
use segmint_core::protocol::{Progress, Request, Response, Session, Start};
use segmint_core::{
    Analysis, ClusterParams, ClvOptions, CohortOptions, Dataset, ErrorKind, InspectOptions, NO_ID,
    Setting, cluster, inspect_bytes,
};

fn demo_bytes() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../www/demo/online_retail_sample.csv"
    );
    std::fs::read(path).unwrap()
}

fn demo() -> Dataset {
    load_bytes(&demo_bytes(), DatasetOptions::new(), 1 << 20).unwrap()
}

fn round_trip(response: Response) -> Response {
    serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap()
}

fn inspect(file_name: &str) -> Request {
    Request::Inspect {
        file_name: file_name.into(),
        options: InspectOptions::default(),
    }
}

fn keep_going(_: Progress) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// A session holding the demo file, as `demo.csv`.
fn session() -> Session {
    let mut session = Session::new();
    let bytes = demo_bytes();
    let response = session.answer(inspect("demo.csv"), Some(&bytes), &mut keep_going);
    assert!(matches!(response, Response::Inspected(_)), "{response:?}");
    session
}

fn ask(session: &mut Session, request: Request) -> Response {
    let json = serde_json::to_string(&request).unwrap();
    let request: Request = serde_json::from_str(&json).unwrap();
    round_trip(session.answer(request, None, &mut keep_going))
}

#[test]
fn cluster_request_answers_with_the_library_report() {
    let d = demo();
    let mut s = session();
    let params = ClusterParams::new().k_range(2..=4).n_init(2);
    let Response::Cluster(report) = ask(
        &mut s,
        Request::Cluster {
            params: params.clone(),
        },
    ) else {
        panic!("expected a cluster report");
    };
    let direct = cluster::analyse(d.customer_transactions().unwrap(), &params).unwrap();
    assert_eq!(report.k, direct.k);
    assert_eq!(report.assignments, direct.assignments);
    assert_eq!(report.sweep.len(), 3);
}

#[test]
fn basket_request_mines_the_baskets_not_the_customers() {
    let d = demo();
    let mut s = session();
    let params = BasketParams::new(MinSupport::Fraction(0.02)).min_confidence(0.3);
    let Response::Basket(report) = ask(
        &mut s,
        Request::Basket {
            params: params.clone(),
        },
    ) else {
        panic!("expected a basket report");
    };
    let direct =
        segmint_core::basket::analyse(d.basket_transactions().unwrap(), &params, &mut NoProgress)
            .unwrap();
    assert!(!report.rules.is_empty());
    assert_eq!(report.transactions, direct.transactions);
    assert_eq!(report.rules.len(), direct.rules.len());
    // Baskets count orders without a customer id too (138 in the demo file), so there are
    // more of them than the customer analyses see.
    let customer_orders = {
        let t = d.customer_transactions().unwrap();
        let mut orders: Vec<_> = (0..t.len())
            .filter(|&i| t.customer[i] != NO_ID)
            .map(|i| t.order[i])
            .collect();
        orders.sort_unstable();
        orders.dedup();
        orders.len() as u64
    };
    assert!(
        report.transactions > customer_orders,
        "{} baskets, {customer_orders} customer orders",
        report.transactions
    );
}

#[test]
fn bad_options_fail_with_the_analysis_named() {
    let mut s = session();
    let params = BasketParams::new(MinSupport::Fraction(0.0));
    let Response::Failed(failure) = ask(&mut s, Request::Basket { params }) else {
        panic!("expected a failure");
    };
    let message = failure.to_string();
    assert!(message.starts_with("demo.csv: "), "{message}");
    assert!(message.contains("baskets"), "{message}");
    // Typed: the option, and what to do about it.
    let ErrorKind::InvalidOption {
        analysis, setting, ..
    } = &failure.error.kind
    else {
        panic!("{failure:?}")
    };
    assert_eq!(
        (*analysis, setting),
        (Analysis::Baskets, &Setting::MinSupport)
    );
    assert!(message.ends_with("; change --min-support"), "{message}");
    let Response::Failed(failure) = ask(
        &mut s,
        Request::Cluster {
            params: ClusterParams::new().k(0),
        },
    ) else {
        panic!("expected a failure");
    };
    assert!(failure.to_string().contains("clusters"), "{failure}");
    assert!(
        matches!(&failure.error.kind, ErrorKind::InvalidOption { setting: Setting::K, value: Some(v), .. } if v == "0"),
        "{failure:?}"
    );
    let Response::Failed(failure) = ask(
        &mut s,
        Request::Rfm {
            params: segmint_core::rfm::RfmParams {
                bins: 42,
                ..Default::default()
            },
        },
    ) else {
        panic!("expected a failure");
    };
    assert_eq!(
        failure.to_string(),
        "demo.csv: RFM: invalid bins 42: must be between 3 and 10; change --bins"
    );
}

#[test]
fn every_other_analysis_still_answers() {
    let mut s = session();
    assert!(matches!(
        ask(
            &mut s,
            Request::Clv {
                options: ClvOptions::default()
            }
        ),
        Response::Clv(_)
    ));
    assert!(matches!(
        ask(
            &mut s,
            Request::Cohort {
                options: CohortOptions::default()
            }
        ),
        Response::Cohort(_)
    ));
}

#[test]
fn basket_progress_reaches_the_caller_and_can_stop_the_mining() {
    let mut s = session();
    let request = Request::Basket {
        params: BasketParams::new(MinSupport::Fraction(0.02)),
    };
    let mut seen = Vec::new();
    let response = s.answer(request.clone(), None, &mut |p: Progress| {
        seen.push((p.done, p.total));
        ControlFlow::Continue(())
    });
    assert!(matches!(response, Response::Basket(_)), "{response:?}");
    // Every phase is reported, in order, out of three.
    assert!(seen.iter().all(|&(_, total)| total == 3), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    assert_eq!(seen.last().unwrap().0, 2, "{seen:?}");
    // The same answer as without progress.
    let Response::Basket(plain) = ask(&mut s, request.clone()) else {
        panic!()
    };
    let Response::Basket(with) = response else {
        panic!()
    };
    assert_eq!(plain.rules.len(), with.rules.len());

    // Stopping at the first report ends with a "cancelled" failure, not a report.
    let stopped = s.answer(request, None, &mut |_| ControlFlow::Break(()));
    let Response::Failed(failure) = stopped else {
        panic!("{stopped:?}")
    };
    assert!(failure.to_string().contains("cancel"), "{failure}");
    assert_eq!(failure.error.kind, ErrorKind::Cancelled);
    // The dataset survives a cancelled analysis.
    assert!(s.has_dataset());
}

#[test]
fn a_file_pushed_in_pieces_gives_the_in_memory_report_with_progress_per_piece() {
    let bytes = demo_bytes();
    let expected = inspect_bytes(&bytes, InspectOptions::default(), bytes.len()).unwrap();
    let mut s = Session::new();
    let mut seen = Vec::new();
    let mut progress = |p: Progress| {
        seen.push(p);
        ControlFlow::Continue(())
    };
    let total = bytes.len() as u64;
    assert!(matches!(
        s.start(inspect("demo.csv"), Some(total), &mut progress),
        Start::ReadFile
    ));
    let mut read = 0u64;
    for piece in bytes.chunks(300_000) {
        read += piece.len() as u64;
        assert!(s.push(piece, read, &mut progress).is_continue());
    }
    let Response::Inspected(report) = s.finish(&mut progress) else {
        panic!("no report")
    };
    assert_eq!(report, expected);
    assert!(s.has_dataset());
    let pieces = bytes.len().div_ceil(300_000);
    assert_eq!(seen.len(), pieces, "{seen:?}");
    assert_eq!(seen.last(), Some(&Progress { done: total, total }));

    // Decompressed pieces that do not move the position read are not reported twice, and the
    // end is reported once when the last piece fell short of it (gzip's trailer).
    let mut seen = Vec::new();
    let mut progress = |p: Progress| {
        seen.push(p);
        ControlFlow::Continue(())
    };
    s.start(inspect("demo.csv.gz"), Some(1_000), &mut progress);
    let half = bytes.len() / 2;
    assert!(s.push(&bytes[..half], 400, &mut progress).is_continue());
    assert!(s.push(&bytes[half..], 400, &mut progress).is_continue());
    assert!(matches!(s.finish(&mut progress), Response::Inspected(_)));
    let steps: Vec<(u64, u64)> = seen.iter().map(|p| (p.done, p.total)).collect();
    assert_eq!(steps, [(400, 1_000), (1_000, 1_000)]);
}

#[test]
fn a_cancelled_or_failed_read_keeps_no_dataset_and_says_why() {
    let bytes = demo_bytes();
    let mut s = session();
    // Cancelled from the progress callback: the old dataset went when the new file started.
    let mut stop = |_: Progress| ControlFlow::Break(());
    s.start(inspect("big.csv"), Some(bytes.len() as u64), &mut stop);
    let ControlFlow::Break(Response::Failed(failure)) = s.push(&bytes, 10, &mut stop) else {
        panic!("not stopped")
    };
    assert_eq!(failure.file_name, "big.csv");
    assert_eq!(failure.error.kind, ErrorKind::Cancelled);
    assert!(!s.has_dataset());
    // Bad bytes: the failure names file, line and column, and what to do in each host's words.
    let response = s.answer(
        inspect("bad.csv"),
        Some(b"a,b\n1,2\n3,caf\xE9\n"),
        &mut keep_going,
    );
    let Response::Inspected(_) = response else {
        // A UTF-8 guess falls back to Windows-1252: this file reads. Force UTF-8 instead.
        panic!("{response:?}")
    };
    let mut options = InspectOptions::default();
    options.ingest.encoding = Some(segmint_core::Encoding::Utf8);
    let request = Request::Inspect {
        file_name: "bad.csv".into(),
        options,
    };
    let Response::Failed(failure) =
        s.answer(request, Some(b"a,b\n1,2\n3,caf\xE9\n"), &mut keep_going)
    else {
        panic!("expected a failure")
    };
    let position = failure.error.position.expect("a position");
    assert_eq!((position.line, position.column), (3, Some(2)));
    assert!(
        failure
            .to_string()
            .starts_with("bad.csv: line 3, column 2: the bytes are not valid UTF-8"),
        "{failure}"
    );
    assert_eq!(
        failure.error.kind.hint(),
        Some(segmint_core::Hint::ReadAsWindows1252)
    );
    // An analysis without a dataset is an answer, not a crash.
    let Response::Failed(_) = ask(
        &mut Session::new(),
        Request::Cohort {
            options: CohortOptions::default(),
        },
    ) else {
        panic!("expected a failure")
    };
}

#[test]
fn a_columns_request_reads_the_file_against_the_customers_and_its_features_cluster() {
    let d = demo();
    let mut s = session();
    let request = Request::Columns {
        file_name: "crm.csv".into(),
        id_column: None,
    };
    assert!(request.needs_file());
    // Not an analysis of the kept dataset: without the file it is refused.
    assert!(matches!(
        s.answer(request.clone(), None, &mut keep_going),
        Response::Failed(_)
    ));
    let t = d.customer_transactions().unwrap();
    let ids: Vec<&str> = (0..t.customer_ids.len() as u32)
        .map(|c| t.customer_ids.name(c))
        .collect();
    let mut crm = String::from("CustomerID,points,tier\n");
    for (i, id) in ids.iter().enumerate() {
        crm.push_str(&format!("{id},{},gold\n", i % 7));
    }
    let Response::Columns(columns) =
        round_trip(s.answer(request.clone(), Some(crm.as_bytes()), &mut keep_going))
    else {
        panic!("expected a columns answer");
    };
    assert_eq!(columns.summary.coverage.matched as usize, ids.len());
    assert_eq!(columns.summary.coverage.missing, 0);
    assert_eq!(columns.features.len(), 1);
    assert!(
        columns.warnings[0].contains("\"tier\" is not numeric"),
        "{:?}",
        columns.warnings
    );
    // The features go into the cluster request as they are, and are clustered on.
    let mut params = ClusterParams::new().k(3).n_init(2);
    params.features.extend(columns.features);
    let Response::Cluster(report) = ask(&mut s, Request::Cluster { params }) else {
        panic!("expected a cluster report");
    };
    assert_eq!(report.features.last().map(String::as_str), Some("points"));

    // A file without a customer-id column fails with its name.
    let Response::Failed(failure) = s.answer(request, Some(b"who,points\nA,1\n"), &mut keep_going)
    else {
        panic!("expected a failure");
    };
    assert!(failure.to_string().starts_with("crm.csv: "), "{failure}");
    // The orders file is still loaded.
    assert!(s.has_dataset());
}

#[test]
fn a_file_of_customer_columns_over_the_cap_fails_with_what_to_do() {
    use segmint_core::protocol::MAX_COLUMNS_BYTES;
    let mut s = session();
    let request = Request::Columns {
        file_name: "crm.csv".into(),
        id_column: None,
    };
    let mut progress = keep_going;
    assert!(matches!(
        s.start(request.clone(), Some(MAX_COLUMNS_BYTES), &mut progress),
        Start::ReadFile
    ));
    let Start::Answer(Response::Failed(failure)) =
        s.start(request, Some(MAX_COLUMNS_BYTES + 1), &mut progress)
    else {
        panic!("expected a failure");
    };
    let message = failure.to_string();
    assert!(
        message.starts_with("crm.csv: ")
            && message.contains("over the 512 MB")
            && message.contains("keep only the customer id"),
        "{message}"
    );
}
