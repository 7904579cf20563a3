//! The analyses that run pieces on several threads (issue 21 point 3: k-means starts and the
//! choose-k sweep, the CLV bootstrap, recommendation scoring and evaluation, FP-growth's first
//! level) give the same result to the bit on 1, 2 and 3 threads, on real data. Results are
//! compared through `Debug`, which writes every f64 in its shortest round-trip form (so two
//! equal strings are equal bits, `-0.0` and NaN included).

use std::sync::OnceLock;

use segmint_core::clv::{self, ClvOptions, TimeUnit};
use segmint_core::par::with_threads;
use segmint_core::recommend::{self, RecommendParams};
use segmint_core::table::days_from_civil;
use segmint_core::{ClusterParams, DatasetOptions, Transactions, cluster, load_bytes};

use crate::clv_support;

fn online_retail() -> &'static Transactions {
    static T: OnceLock<Transactions> = OnceLock::new();
    T.get_or_init(|| {
        let bytes = std::fs::read(clv_support::shared_data("online_retail.csv"))
            .expect("../shared/data/online_retail.csv");
        load_bytes(&bytes, DatasetOptions::new(), 1 << 20)
            .expect("loads")
            .transactions
            .expect("customer lines")
    })
}

/// `f`'s result printed with `Debug`, on one thread and on 2 and 3, which must agree.
fn same_on_any_threads<R: std::fmt::Debug>(what: &str, f: impl Fn() -> R) {
    let one = format!("{:?}", with_threads(1, &f));
    for threads in [2, 3] {
        let many = format!("{:?}", with_threads(threads, &f));
        assert!(one == many, "{what}: {threads} threads differ from one");
    }
}

#[test]
fn kmeans_sweep_on_online_retail() {
    let t = online_retail();
    same_on_any_threads("sweep 2..=8", || {
        cluster::analyse(t, &ClusterParams::new().k_range(2..=8)).unwrap()
    });
}

#[test]
fn kmeans_fixed_k_and_its_starts_on_online_retail() {
    let t = online_retail();
    same_on_any_threads("k = 5, 12 starts", || {
        cluster::analyse(t, &ClusterParams::new().k(5).n_init(12).seed(3)).unwrap()
    });
}

#[test]
fn clv_bootstrap_on_cdnow() {
    let bytes = std::fs::read(clv_support::shared_data("cdnow_sample.csv"))
        .expect("../shared/data/cdnow_sample.csv");
    let t = clv_support::load_cdnow(&bytes);
    let options = ClvOptions::new()
        .time_unit(TimeUnit::Week)
        .observation_end(Some(days_from_civil(1997, 9, 30)))
        .horizon_days(364.0)
        .resamples(30)
        .interval_seed(11);
    same_on_any_threads("bootstrap, 30 resamples", || {
        clv::analyse(&t, &options).unwrap()
    });
}

#[test]
fn recommendations_and_their_evaluation_on_online_retail() {
    let t = online_retail();
    let params = RecommendParams::new();
    same_on_any_threads("everyone's top 10", || {
        recommend::ItemItem::fit(t, &params)
            .unwrap()
            .recommend_all(t)
    });
    same_on_any_threads("hold-out evaluation", || {
        recommend::evaluate(t, &params, 30).unwrap()
    });
}
