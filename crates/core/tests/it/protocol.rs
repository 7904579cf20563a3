//! The worker protocol's `answer` on the in-repo demo file: every analysis request gets its
//! report, the same one the library call gives, and survives a JSON round trip (the worker
//! posts JSON strings).

use segmint_core::basket::{BasketParams, MinSupport, NoProgress};
use segmint_core::dataset::{DatasetOptions, load_bytes};
use segmint_core::protocol::{Request, Response, answer};
use segmint_core::{ClusterParams, ClvOptions, CohortOptions, Dataset, NO_ID, cluster};

fn demo() -> Dataset {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../www/demo/online_retail_sample.csv"
    );
    let bytes = std::fs::read(path).unwrap();
    load_bytes(&bytes, DatasetOptions::default(), 1 << 20).unwrap()
}

fn round_trip(response: Response) -> Response {
    serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap()
}

fn ask(dataset: &Dataset, request: Request) -> Response {
    let json = serde_json::to_string(&request).unwrap();
    let request: Request = serde_json::from_str(&json).unwrap();
    round_trip(answer(dataset, "demo.csv", &request).expect("an analysis request"))
}

#[test]
fn cluster_request_answers_with_the_library_report() {
    let d = demo();
    let params = ClusterParams::new().k_range(2..=4).n_init(2);
    let Response::Cluster(report) = ask(
        &d,
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
    let params = BasketParams::new(MinSupport::Fraction(0.02)).min_confidence(0.3);
    let Response::Basket(report) = ask(
        &d,
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
    let d = demo();
    let params = BasketParams::new(MinSupport::Fraction(0.0));
    let Response::Failed(failure) = ask(&d, Request::Basket { params }) else {
        panic!("expected a failure");
    };
    assert!(
        failure.message.starts_with("demo.csv: "),
        "{}",
        failure.message
    );
    assert!(failure.message.contains("baskets"), "{}", failure.message);
    let Response::Failed(failure) = ask(
        &d,
        Request::Cluster {
            params: ClusterParams::new().k(0),
        },
    ) else {
        panic!("expected a failure");
    };
    assert!(failure.message.contains("clusters"), "{}", failure.message);
}

#[test]
fn every_other_analysis_still_answers() {
    let d = demo();
    assert!(matches!(
        ask(
            &d,
            Request::Clv {
                options: ClvOptions::default()
            }
        ),
        Response::Clv(_)
    ));
    assert!(matches!(
        ask(
            &d,
            Request::Cohort {
                options: CohortOptions::default()
            }
        ),
        Response::Cohort(_)
    ));
}

#[test]
fn basket_progress_reaches_the_caller_and_can_stop_the_mining() {
    use segmint_core::protocol::answer_with_progress;
    use std::ops::ControlFlow;
    let d = demo();
    let request = Request::Basket {
        params: BasketParams::new(MinSupport::Fraction(0.02)),
    };
    let mut seen = Vec::new();
    let response = answer_with_progress(&d, "demo.csv", &request, &mut |done, total| {
        seen.push((done, total));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert!(matches!(response, Response::Basket(_)), "{response:?}");
    // Every phase is reported, in order, out of three.
    assert!(seen.iter().all(|&(_, total)| total == 3), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    assert_eq!(seen.last().unwrap().0, 2, "{seen:?}");
    // The same answer as without progress.
    let Response::Basket(plain) = answer(&d, "demo.csv", &request).unwrap() else {
        panic!()
    };
    let Response::Basket(with) = response else {
        panic!()
    };
    assert_eq!(plain.rules.len(), with.rules.len());

    // Stopping at the first report ends with a "cancelled" failure, not a report.
    let stopped =
        answer_with_progress(&d, "demo.csv", &request, &mut |_, _| ControlFlow::Break(())).unwrap();
    let Response::Failed(failure) = stopped else {
        panic!("{stopped:?}")
    };
    assert!(failure.message.contains("cancel"), "{}", failure.message);
}

#[test]
fn a_columns_request_reads_the_file_against_the_customers_and_its_features_cluster() {
    use segmint_core::protocol::answer_columns;
    let d = demo();
    let request = Request::Columns {
        file_name: "crm.csv".into(),
        id_column: None,
    };
    assert!(request.needs_file());
    // Not an analysis of the kept dataset: `answer` leaves it to the caller with the file.
    assert!(answer(&d, "demo.csv", &request).is_none());
    let t = d.customer_transactions().unwrap();
    let ids: Vec<&str> = (0..t.customer_ids.len() as u32)
        .map(|c| t.customer_ids.name(c))
        .collect();
    let mut crm = String::from("CustomerID,points,tier\n");
    for (i, id) in ids.iter().enumerate() {
        crm.push_str(&format!("{id},{},gold\n", i % 7));
    }
    let Response::Columns(columns) =
        round_trip(answer_columns(&d, crm.as_bytes(), "crm.csv", None))
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
    let Response::Cluster(report) = ask(&d, Request::Cluster { params }) else {
        panic!("expected a cluster report");
    };
    assert_eq!(report.features.last().map(String::as_str), Some("points"));

    // A file without a customer-id column fails with its name.
    let Response::Failed(failure) = answer_columns(&d, b"who,points\nA,1\n", "crm.csv", None)
    else {
        panic!("expected a failure");
    };
    assert!(
        failure.message.starts_with("crm.csv: "),
        "{}",
        failure.message
    );
}

#[test]
fn a_file_of_customer_columns_over_the_cap_fails_with_what_to_do() {
    use segmint_core::protocol::{MAX_COLUMNS_BYTES, columns_too_large};
    assert!(columns_too_large("crm.csv", MAX_COLUMNS_BYTES).is_none());
    let Some(Response::Failed(failure)) = columns_too_large("crm.csv", MAX_COLUMNS_BYTES + 1)
    else {
        panic!("expected a failure");
    };
    assert!(
        failure.message.starts_with("crm.csv: ")
            && failure.message.contains("over the 512 MB")
            && failure.message.contains("keep only the customer id"),
        "{}",
        failure.message
    );
}
