//! BG/NBD + Gamma-Gamma on the CDNOW 1/10th sample (2,357 customers) against the published
//! parameters (Fader, Hardie & Lee 2005) and against `lifetimes` 0.11.3.
//!
//! Reference outputs: `tests/reference/clv/cdnow_sample_{week,calendar_week,day}.{json,csv}`,
//! made by `tests/reference/clv/make_reference.py` with lifetimes 0.11.3, pandas 3.1.1,
//! numpy 2.4.6, scipy 1.17.1 on Python 3.11.7 (the exact versions are in each JSON file).
//! Calibration: purchases up to and including 1997-09-30, observation end 1997-09-30,
//! expected purchases over 364 days, CLV over 12 months at 1 % a month.

use crate::clv_support;

use std::collections::HashMap;
use std::path::Path;

use segmint_core::Transactions;
use segmint_core::clv::{self, ClvOptions, ClvReport, TimeUnit};
use segmint_core::table::days_from_civil;

fn sample() -> Transactions {
    let bytes = std::fs::read(clv_support::shared_data("cdnow_sample.csv"))
        .expect("../shared/data/cdnow_sample.csv");
    clv_support::load_cdnow(&bytes)
}

fn run(tx: &Transactions, unit: TimeUnit) -> ClvReport {
    let options = ClvOptions::new()
        .time_unit(unit)
        .observation_end(Some(days_from_civil(1997, 9, 30)))
        .horizon_days(364.0);
    clv::analyse(tx, &options).expect("CDNOW fits")
}

struct Reference {
    meta: serde_json::Value,
    rows: HashMap<String, Vec<f64>>,
}

fn reference(unit: &str) -> Reference {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference/clv");
    let meta = std::fs::read_to_string(dir.join(format!("cdnow_sample_{unit}.json"))).unwrap();
    let csv = std::fs::read_to_string(dir.join(format!("cdnow_sample_{unit}.csv"))).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,clv"
    );
    let rows = lines
        .map(|l| {
            let mut f = l.split(',');
            let id = f.next().unwrap().to_owned();
            (id, f.map(|v| v.parse().unwrap()).collect())
        })
        .collect();
    Reference {
        meta: serde_json::from_str(&meta).unwrap(),
        rows,
    }
}

fn assert_rel(name: &str, ours: f64, theirs: f64, tol: f64) {
    let rel = (ours - theirs).abs() / theirs.abs();
    assert!(
        rel <= tol,
        "{name}: ours {ours}, reference {theirs}, relative difference {rel:e}"
    );
}

/// Every customer's summary exactly, P(alive) and expected purchases within 1e-4, CLV within
/// 1e-4 relative, and the parameters within 0.1 % (the brief asks 1 %).
fn compare(report: &ClvReport, reference: &Reference) {
    let m = &reference.meta;
    assert_eq!(
        report.customers.len(),
        m["customers"].as_u64().unwrap() as usize
    );
    assert_eq!(
        report.counts.repeat_customers,
        m["repeat_customers"].as_u64().unwrap() as usize
    );
    assert_eq!(
        report.counts.gamma_gamma_customers,
        m["gamma_gamma_customers"].as_u64().unwrap() as usize
    );
    for (k, v) in [
        ("r", report.model.r),
        ("alpha", report.model.alpha),
        ("a", report.model.a),
        ("b", report.model.b),
    ] {
        assert_rel(k, v, m["model"][k].as_f64().unwrap(), 1e-3);
    }
    for (k, v) in [
        ("p", report.gamma_gamma.p),
        ("q", report.gamma_gamma.q),
        ("v", report.gamma_gamma.v),
    ] {
        assert_rel(k, v, m["gamma_gamma"][k].as_f64().unwrap(), 1e-3);
    }
    assert!(
        (report.frequency_monetary_correlation.unwrap()
            - m["frequency_monetary_correlation"].as_f64().unwrap())
        .abs()
            < 1e-9
    );
    let mut worst = [0.0_f64; 3];
    for c in &report.customers {
        let row = &reference.rows[&c.customer_id];
        assert_eq!(f64::from(c.frequency), row[0], "{}", c.customer_id);
        assert!(
            (c.recency - row[1]).abs() < 1e-9,
            "{} recency",
            c.customer_id
        );
        assert!((c.t - row[2]).abs() < 1e-9, "{} T", c.customer_id);
        assert!(
            (c.monetary_value - row[3]).abs() < 1e-8,
            "{} monetary",
            c.customer_id
        );
        worst[0] = worst[0].max((c.p_alive - row[4]).abs());
        worst[1] = worst[1].max((c.expected_purchases - row[5]).abs());
        worst[2] = worst[2].max((c.clv - row[6]).abs() / row[6].abs().max(1.0));
    }
    eprintln!(
        "{:?}: max |ΔP(alive)| {:e}, max |Δexpected| {:e}, max relative ΔCLV {:e}; \
         BG/NBD {} iterations, Gamma-Gamma {}",
        report.time_unit,
        worst[0],
        worst[1],
        worst[2],
        report.model_fit.iterations,
        report.gamma_gamma_fit.iterations
    );
    assert!(worst[0] < 1e-4, "P(alive) differs by up to {:e}", worst[0]);
    assert!(
        worst[1] < 1e-4,
        "expected purchases differ by up to {:e}",
        worst[1]
    );
    assert!(
        worst[2] < 1e-4,
        "CLV differs by up to {:e} (relative)",
        worst[2]
    );
}

#[test]
fn weeks_reproduce_the_published_bg_nbd_parameters() {
    let report = run(&sample(), TimeUnit::Week);
    // Fader, Hardie & Lee (2005), Table 1: r = 0.243, α = 4.414, a = 0.793, b = 2.426.
    assert_rel("r", report.model.r, 0.243, 0.01);
    assert_rel("alpha", report.model.alpha, 4.414, 0.01);
    assert_rel("a", report.model.a, 0.793, 0.01);
    assert_rel("b", report.model.b, 2.426, 0.01);
    assert_eq!(report.observation_end, "1997-09-30");
    assert_eq!(report.counts.customers, 2357);
}

#[test]
fn weeks_match_lifetimes() {
    compare(&run(&sample(), TimeUnit::Week), &reference("week"));
}

#[test]
fn calendar_weeks_match_lifetimes_freq_w() {
    compare(
        &run(&sample(), TimeUnit::CalendarWeek),
        &reference("calendar_week"),
    );
}

#[test]
fn days_match_lifetimes() {
    compare(&run(&sample(), TimeUnit::Day), &reference("day"));
}

#[test]
fn lines_after_the_observation_end_are_counted_not_used() {
    let tx = sample();
    let report = run(&tx, TimeUnit::Week);
    let end = days_from_civil(1997, 9, 30);
    let after = tx.day.iter().filter(|&&d| d > end).count();
    assert_eq!(report.counts.lines_after_observation_end, after);
    assert_eq!(report.counts.lines_used + after, tx.len());
}

/// The L2 penalizer acts exactly as in lifetimes (on BG/NBD parameters with times scaled to
/// max T = 1). Gamma-Gamma's penalised q falls below 1 here, which `analyse` rejects (the
/// population mean spend would be infinite), so the fitters are called directly.
#[test]
fn penalized_fits_match_lifetimes() {
    use segmint_core::clv::{BgNbd, FitControl, GammaGamma, summarise};
    let tx = sample();
    for (unit, name) in [
        (TimeUnit::Week, "week"),
        (TimeUnit::CalendarWeek, "calendar_week"),
        (TimeUnit::Day, "day"),
    ] {
        let reference = reference(name).meta["penalized"].clone();
        let pen = reference["penalizer"].as_f64().unwrap();
        let s = summarise(&tx, Some(days_from_civil(1997, 9, 30)), unit).unwrap();
        let (m, _) = BgNbd::fit(&s.customers, pen, FitControl::default()).unwrap();
        for (k, v) in [("r", m.r), ("alpha", m.alpha), ("a", m.a), ("b", m.b)] {
            assert_rel(k, v, reference["model"][k].as_f64().unwrap(), 1e-3);
        }
        let pairs: Vec<(u32, f64)> = s
            .customers
            .iter()
            .filter(|c| c.frequency > 0 && c.monetary_value > 0.0)
            .map(|c| (c.frequency, c.monetary_value))
            .collect();
        let (g, _) = GammaGamma::fit(&pairs, pen, FitControl::default()).unwrap();
        for (k, v) in [("p", g.p), ("q", g.q), ("v", g.v)] {
            assert_rel(k, v, reference["gamma_gamma"][k].as_f64().unwrap(), 1e-3);
        }
    }
}

#[test]
fn degenerate_gamma_gamma_is_a_typed_error() {
    let options = ClvOptions::new()
        .time_unit(TimeUnit::Week)
        .observation_end(Some(days_from_civil(1997, 9, 30)))
        .gamma_gamma_penalizer(0.01);
    assert!(matches!(
        clv::analyse(&sample(), &options),
        Err(clv::ClvError::Degenerate {
            model: "Gamma-Gamma",
            ..
        })
    ));
}
