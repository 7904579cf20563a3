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

// ---- From scores to actions: recommendations, profiles, exports and lift (issue 19) ----

mod actions {
    use super::*;
    use segmint_core::export::campaign::{self, AudienceChoice};
    use segmint_core::export::crm::Format;
    use segmint_core::lift;
    use segmint_core::profile::{self, ProfileParams};
    use segmint_core::protocol::{ExportParams, GroupFile};
    use segmint_core::recommend::{self, ItemItem, RecommendParams};

    /// `request` answered with `file` pushed in 256-byte pieces, with progress.
    fn pushed(session: &mut Session, request: Request, file: &[u8]) -> (Response, usize) {
        let mut ticks = 0;
        let mut progress = |_: Progress| {
            ticks += 1;
            ControlFlow::Continue(())
        };
        let start = session.start(request, Some(file.len() as u64), &mut progress);
        let response = match start {
            Start::Answer(response) => response,
            Start::ReadFile => {
                let mut read = 0;
                let mut early = None;
                for piece in file.chunks(256) {
                    read += piece.len() as u64;
                    if let ControlFlow::Break(answer) = session.push(piece, read, &mut progress) {
                        early = Some(answer);
                        break;
                    }
                }
                early.unwrap_or_else(|| session.finish(&mut progress))
            }
        };
        let back: Response =
            serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap();
        assert_eq!(back.kind(), response.kind(), "the answer crosses JSON");
        (response, ticks)
    }

    /// The answer to `request` as the session gives it, after checking that it crosses the
    /// worker's JSON (floats may differ in the last bit there: compared without it).
    fn answer(session: &mut Session, request: Request) -> Response {
        let response = session.answer(request, None, &mut keep_going);
        let json = serde_json::to_string(&response).unwrap();
        let back: Response = serde_json::from_str(&json).unwrap();
        assert_eq!(back.kind(), response.kind());
        response
    }

    #[test]
    fn recommendations_profiles_audiences_and_similar_products_equal_the_library() {
        let d = demo();
        let t = d.customer_transactions().unwrap();
        let mut s = session();
        let params = RecommendParams::new().holdout_days(Some(30));
        let Response::Recommend(report) = answer(
            &mut s,
            Request::Recommend {
                params: params.clone(),
            },
        ) else {
            panic!("no recommendations");
        };
        assert_eq!(report, recommend::analyse_or_explain(t, &params).unwrap());
        // The demo spans fewer days than the holdout: the suggestions come with the reason
        // there is no evaluation, which a shorter holdout gives.
        assert!(report.evaluation.is_none());
        let why = report.evaluation_unavailable.as_deref().unwrap();
        assert!(why.contains("holdout"), "{why}");
        // Typed too, for a host that words it in its own language: nothing before the cutoff.
        let Some(recommend::Unevaluable::NoTraining {
            cutoff,
            holdout_days: 30,
        }) = &report.unevaluable
        else {
            panic!("no typed reason: {:?}", report.unevaluable);
        };
        assert_eq!(why, report.unevaluable.as_ref().unwrap().to_string());
        assert!(why.contains(&format!("older than {cutoff}")), "{why}");
        let short = RecommendParams::new().holdout_days(Some(3));
        let Response::Recommend(evaluated) = answer(
            &mut s,
            Request::Recommend {
                params: short.clone(),
            },
        ) else {
            panic!("no recommendations");
        };
        assert_eq!(evaluated, recommend::analyse(t, &short).unwrap());
        assert!(evaluated.evaluation.is_some(), "the holdout asks for it");
        assert_eq!(evaluated.customers, report.customers);

        let model = ItemItem::fit(t, &RecommendParams::new()).unwrap();
        // The product with the most buyers has an audience and neighbours by co-purchase.
        let top = &report.customers[0].items[0].product_id;
        let Response::Audience(audience) = answer(
            &mut s,
            Request::Audience {
                product_id: top.clone(),
                params: RecommendParams::new(),
                limit: Some(50),
            },
        ) else {
            panic!("no audience");
        };
        assert_eq!(audience, model.audience(t, top, Some(50)).unwrap());
        let Response::Similar(similar) = answer(
            &mut s,
            Request::Similar {
                product_id: top.clone(),
                params: RecommendParams::new(),
                n: 8,
            },
        ) else {
            panic!("no similar products");
        };
        let content = recommend::content_index(t);
        assert_eq!(similar, model.similar(t, &content, top, 8).unwrap());

        let Response::Profile(profiles) = answer(
            &mut s,
            Request::Profile {
                params: ProfileParams::default(),
            },
        ) else {
            panic!("no profiles");
        };
        assert_eq!(
            profiles,
            profile::analyse(t, &ProfileParams::default()).unwrap()
        );
    }

    #[test]
    fn recommendation_failures_are_typed_and_a_cancel_is_seen() {
        let mut s = session();
        let Response::Failed(f) = ask(
            &mut s,
            Request::Recommend {
                params: RecommendParams::new().top_n(0),
            },
        ) else {
            panic!("top 0 must fail");
        };
        assert!(matches!(
            &f.error.kind,
            ErrorKind::InvalidOption { analysis: Analysis::Recommendations, setting, .. }
                if *setting == Setting::from_field("top_n")
        ));
        let Response::Failed(f) = ask(
            &mut s,
            Request::Audience {
                product_id: "no such product".into(),
                params: RecommendParams::new(),
                limit: None,
            },
        ) else {
            panic!("an unknown product must fail");
        };
        assert!(f.to_string().contains("no such product"), "{f}");
        let response = s.answer(
            Request::Profile {
                params: ProfileParams::default(),
            },
            None,
            &mut |_| ControlFlow::Break(()),
        );
        let Response::Failed(f) = response else {
            panic!("cancelled")
        };
        assert_eq!(f.error.kind, ErrorKind::Cancelled);
        assert!(s.has_dataset(), "a cancelled analysis keeps the dataset");
    }

    fn export(audience: AudienceChoice, format: Format, control: Option<f64>) -> Request {
        Request::Export {
            file_name: "demo.csv".into(),
            export: ExportParams {
                audience,
                format,
                control,
                seed: 7,
                profile: ProfileParams::default(),
            },
        }
    }

    #[test]
    fn an_export_writes_the_audience_and_its_seeded_control_group_as_the_library_does() {
        let d = demo();
        let t = d.customer_transactions().unwrap();
        let profiles = profile::analyse(t, &ProfileParams::default()).unwrap();
        let segment = profiles.customers[0].segment.clone();
        let choice = AudienceChoice::Segment {
            name: segment.to_uppercase(),
        };
        let mut s = session();
        // The demo maps no email: HubSpot keys on the customer id, and the file is not read.
        let (response, _) = pushed(
            &mut s,
            export(choice.clone(), Format::Hubspot, Some(0.25)),
            &demo_bytes(),
        );
        let Response::Exported(files) = response else {
            panic!("{response:?}");
        };
        let members = campaign::audience(&choice, &profiles, t, 5).unwrap();
        let expected = campaign::write(Format::Hubspot, &members, None, Some(0.25), 7).unwrap();
        assert_eq!(files, expected);
        let control = files.control.as_ref().unwrap();
        assert_eq!(files.campaign.rows + control.rows, files.audience);
        assert_eq!(
            control.rows,
            (0.25 * files.audience as f64 + 0.5).floor() as usize
        );
        for csv in [&files.campaign.csv, &control.csv] {
            assert_eq!(
                csv.lines().next().unwrap(),
                Format::Hubspot.header(false).join(",")
            );
        }
        // Without a share there is no control file.
        let (response, _) = pushed(&mut s, export(choice, Format::Salesforce, None), &[]);
        let Response::Exported(files) = response else {
            panic!("{response:?}");
        };
        assert!(files.control.is_none());
        assert_eq!(files.campaign.rows, files.audience);

        // Klaviyo needs emails: typed, with the file's columns to map one from.
        let (response, _) = pushed(
            &mut s,
            export(
                AudienceChoice::ClvTier {
                    tier: profile::Tier::High,
                },
                Format::Klaviyo,
                Some(0.1),
            ),
            &demo_bytes(),
        );
        let Response::Failed(f) = response else {
            panic!("{response:?}");
        };
        assert!(
            matches!(&f.error.kind, ErrorKind::NoEmailColumn { columns } if columns.len() == 8)
        );
        // An unknown segment names the segments there are.
        let (response, _) = pushed(
            &mut s,
            export(
                AudienceChoice::Segment {
                    name: "Nobody".into(),
                },
                Format::Hubspot,
                None,
            ),
            &[],
        );
        let Response::Failed(f) = response else {
            panic!("{response:?}");
        };
        assert!(f.to_string().contains(&segment), "{f}");
        // A share of 1 or more is an invalid option.
        let (response, _) = pushed(
            &mut s,
            export(
                AudienceChoice::Cluster { cluster: 0 },
                Format::Hubspot,
                Some(1.0),
            ),
            &[],
        );
        let Response::Failed(f) = response else {
            panic!("{response:?}");
        };
        assert!(matches!(
            &f.error.kind,
            ErrorKind::InvalidOption { analysis: Analysis::Exports, setting, .. }
                if *setting == Setting::from_field("control")
        ));
    }

    /// Orders with an email column: 12 customers, 3 products, 2 orders each.
    fn orders_with_emails() -> Vec<u8> {
        let mut csv =
            String::from("order_id,order_date,customer_id,email,product_id,quantity,unit_price\n");
        for c in 0..12 {
            for o in 0..2 {
                let day = 1 + o * 10 + c;
                csv.push_str(&format!(
                    "o{c}-{o},2024-03-{day:02},c{c},C{c}@Example.com,p{},1,{}.5\n",
                    (c + o) % 3,
                    10 + c
                ));
            }
        }
        csv.into_bytes()
    }

    #[test]
    fn an_export_reads_the_emails_from_the_file_pushed_in_pieces() {
        let bytes = orders_with_emails();
        let mut s = Session::new();
        let (response, _) = pushed(&mut s, inspect("orders.csv"), &bytes);
        assert!(matches!(response, Response::Inspected(_)), "{response:?}");
        let params = ProfileParams {
            min_buyers: 1,
            ..ProfileParams::default()
        };
        let request = Request::Export {
            file_name: "orders.csv".into(),
            export: ExportParams {
                audience: AudienceChoice::Product {
                    product_id: "p0".into(),
                },
                format: Format::Klaviyo,
                control: Some(0.5),
                seed: 3,
                profile: params,
            },
        };
        let (response, ticks) = pushed(&mut s, request, &bytes);
        let Response::Exported(files) = response else {
            panic!("{response:?}");
        };
        assert!(ticks > 1, "progress while the file is read");
        let control = files.control.unwrap();
        assert!(files.audience > 0);
        assert_eq!(files.campaign.rows + control.rows, files.audience);
        for csv in [&files.campaign.csv, &control.csv] {
            for row in csv.lines().skip(1) {
                let email = row.split(',').next().unwrap();
                let id = row.split(',').nth(1).unwrap();
                assert_eq!(email.to_lowercase(), format!("{id}@example.com"), "{row}");
            }
        }
    }

    #[test]
    fn a_lift_reads_the_next_orders_keeps_the_dataset_and_equals_the_library() {
        let bytes = orders_with_emails();
        let mut s = Session::new();
        let (response, _) = pushed(&mut s, inspect("orders.csv"), &bytes);
        assert!(matches!(response, Response::Inspected(_)), "{response:?}");
        let rfm = Request::Rfm {
            params: segmint_core::rfm::RfmParams::default(),
        };
        let before = ask(&mut s, rfm.clone());

        // Treatment by email (as Klaviyo files name them), control by customer id.
        let treatment = GroupFile {
            name: "campaign.csv".into(),
            text: "Email,Segment\nc0@example.com,x\nC1@EXAMPLE.COM,x\nc2@example.com,x\nc3@example.com,x\nc4@example.com,x\nc5@example.com,x\n".into(),
        };
        let control = GroupFile {
            name: "control.csv".into(),
            text: "customer_id\nc6\nc7\nc8\nc9\n".into(),
        };
        let next: Vec<u8> = orders_with_emails()
            .into_iter()
            .chain(
                b"o-late,2024-04-20,c0,c0@example.com,p1,3,99\n"
                    .iter()
                    .copied(),
            )
            .collect();
        let request = Request::Lift {
            file_name: "next.csv".into(),
            options: InspectOptions::default(),
            treatment: treatment.clone(),
            control: control.clone(),
            since: Some("2024-03-15".into()),
        };
        let (response, ticks) = pushed(&mut s, request, &next);
        let Response::Lift(report) = response else {
            panic!("{response:?}");
        };
        assert!(ticks > 1, "progress while the orders are read");
        let orders = load_bytes(&next, DatasetOptions::new(), 1 << 20).unwrap();
        let emails = segmint_core::export::contacts::customer_emails(&next, &orders).unwrap();
        let group = |g: &GroupFile| lift::read_group(g.text.as_bytes(), &g.name).unwrap();
        let since = segmint_core::table::parse_day("2024-03-15");
        let expected = lift::analyse(
            &group(&treatment),
            &group(&control),
            orders.customer_transactions().unwrap(),
            Some(&emails),
            since,
        )
        .unwrap();
        assert_eq!(report, expected);
        assert_eq!(report.treatment.customers, 6);
        assert_eq!(
            (report.treatment.converted, report.control.converted),
            (3, 4)
        );
        assert_eq!(report.control.customers, 4);
        // Everyone bought in the whole file.
        let all = Request::Lift {
            file_name: "next.csv".into(),
            options: InspectOptions::default(),
            treatment: treatment.clone(),
            control: control.clone(),
            since: None,
        };
        let Response::Lift(all) = pushed(&mut s, all, &next).0 else {
            panic!("a lift where everyone converted still answers");
        };
        assert_eq!(all.treatment.converted, all.treatment.customers);
        // A statistic that is not a number (0/0) is written as null and read back as NaN.
        let mut nan = all.clone();
        nan.conversion.p_value = f64::NAN;
        nan.control.revenue_sd = f64::NAN;
        let back: lift::LiftReport =
            serde_json::from_str(&serde_json::to_string(&nan).unwrap()).unwrap();
        assert!(back.conversion.p_value.is_nan() && back.control.revenue_sd.is_nan());
        // The orders file did not replace the loaded dataset.
        assert_eq!(ask(&mut s, rfm), before);

        // A bad date and a group without an id column fail before the orders are read.
        let bad_since = Request::Lift {
            file_name: "next.csv".into(),
            options: InspectOptions::default(),
            treatment: treatment.clone(),
            control: control.clone(),
            since: Some("10/03/2024".into()),
        };
        let Response::Failed(f) = pushed(&mut s, bad_since, &next).0 else {
            panic!("a bad date must fail");
        };
        assert!(matches!(
            &f.error.kind,
            ErrorKind::InvalidOption { analysis: Analysis::Lift, setting, .. }
                if *setting == Setting::from_field("since")
        ));
        let no_ids = Request::Lift {
            file_name: "next.csv".into(),
            options: InspectOptions::default(),
            treatment,
            control: GroupFile {
                name: "control.csv".into(),
                text: "name\nAnn\n".into(),
            },
            since: None,
        };
        let Response::Failed(f) = pushed(&mut s, no_ids, &next).0 else {
            panic!("a group without ids must fail");
        };
        assert!(
            f.to_string()
                .contains("control.csv: no customer-id or email column"),
            "{f}"
        );
        // Cancelled while the orders are read: the loaded dataset stays.
        let request = Request::Lift {
            file_name: "next.csv".into(),
            options: InspectOptions::default(),
            treatment: GroupFile {
                name: "t.csv".into(),
                text: "customer_id\nc1\n".into(),
            },
            control: GroupFile {
                name: "c.csv".into(),
                text: "customer_id\nc2\n".into(),
            },
            since: None,
        };
        assert!(matches!(
            s.start(request, Some(next.len() as u64), &mut keep_going),
            Start::ReadFile
        ));
        let r = s.push(&next[..100], 100, &mut |_| ControlFlow::Break(()));
        assert!(
            matches!(r, ControlFlow::Break(Response::Failed(ref f)) if f.error.kind == ErrorKind::Cancelled)
        );
        assert!(s.has_dataset());
    }
}
