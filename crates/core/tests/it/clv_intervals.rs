//! Bootstrap intervals of the CLV analysis (issue 20 point 3) on the CDNOW 1/10th sample:
//! seeded, around the point estimates, reported with progress, and cancellable.

use std::ops::ControlFlow;

use segmint_core::Transactions;
use segmint_core::clv::{self, ClvError, ClvOptions, Interval, TimeUnit};
use segmint_core::table::days_from_civil;

use crate::clv_support;

fn sample() -> Transactions {
    let bytes = std::fs::read(clv_support::shared_data("cdnow_sample.csv"))
        .expect("../shared/data/cdnow_sample.csv");
    clv_support::load_cdnow(&bytes)
}

fn options(resamples: u32, seed: u64) -> ClvOptions {
    ClvOptions::new()
        .time_unit(TimeUnit::Week)
        .observation_end(Some(days_from_civil(1997, 9, 30)))
        .horizon_days(364.0)
        .resamples(resamples)
        .interval_seed(seed)
}

fn contains(i: Interval, v: f64) -> bool {
    i.low <= v && v <= i.high
}

#[test]
fn intervals_are_seeded_and_contain_the_point_estimates() {
    let tx = sample();
    let a = clv::analyse(&tx, &options(40, 7)).unwrap();
    let i = a.intervals.as_ref().expect("intervals asked for");
    assert_eq!((i.resamples, i.seed, i.level), (40, 7, 0.9));
    assert_eq!(i.fitted + i.failed, 40);
    assert!(i.fitted >= 38, "{i:?}");
    let m = &a.model;
    for (iv, v) in [
        (i.model.r, m.r),
        (i.model.alpha, m.alpha),
        (i.model.a, m.a),
        (i.model.b, m.b),
        (i.gamma_gamma.p, a.gamma_gamma.p),
        (i.gamma_gamma.q, a.gamma_gamma.q),
        (i.gamma_gamma.v, a.gamma_gamma.v),
    ] {
        assert!(iv.low < iv.high && contains(iv, v), "{iv:?} vs {v}");
    }
    // The published r = 0.243 (Fader, Hardie & Lee 2005) is well inside the 90% interval.
    assert!(
        i.model.r.low < 0.243 && 0.243 < i.model.r.high,
        "{:?}",
        i.model.r
    );
    let mut inside = 0;
    for c in &a.customers {
        let (e, v) = (
            c.expected_purchases_interval.unwrap(),
            c.clv_interval.unwrap(),
        );
        assert!(e.low <= e.high && v.low <= v.high, "{c:?}");
        inside += usize::from(contains(e, c.expected_purchases) && contains(v, c.clv));
    }
    // A percentile interval need not contain the estimate for every customer, but nearly.
    assert!(
        inside * 100 >= a.customers.len() * 95,
        "{inside} of {}",
        a.customers.len()
    );

    let again = clv::analyse(&tx, &options(40, 7)).unwrap();
    assert_eq!(again.intervals, a.intervals);
    assert_eq!(again.customers, a.customers);
    let other = clv::analyse(&tx, &options(40, 8)).unwrap();
    assert_ne!(other.intervals, a.intervals);

    let none = clv::analyse(&tx, &options(0, 7)).unwrap();
    assert!(none.intervals.is_none() && none.customers[0].clv_interval.is_none());
    assert_eq!(none.model, a.model);
}

#[test]
fn progress_counts_every_resample_and_can_cancel() {
    let tx = sample();
    let mut seen = Vec::new();
    clv::analyse_with_progress(&tx, &options(5, 0), &mut |done, total| {
        seen.push((done, total));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(seen, (1..=6).map(|d| (d, 6)).collect::<Vec<_>>());

    let mut calls = 0;
    let cancelled = clv::analyse_with_progress(&tx, &options(50, 0), &mut |done, _| {
        calls += 1;
        if done == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(
        matches!(cancelled, Err(ClvError::Cancelled)),
        "{cancelled:?}"
    );
    assert_eq!(calls, 3);
}
