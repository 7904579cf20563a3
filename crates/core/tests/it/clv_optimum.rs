//! BG/NBD and Gamma-Gamma reach the maximum of their likelihood, on five data sets, checked
//! against an optimiser that is not ours (issue 20 point 2).
//!
//! Reference: tests/reference/clv/optimum.json, written by make_optimum_reference.py with
//! scipy 1.17.1 / numpy 2.4.6 / pandas 3.1.1 (lifetimes 0.11.3 only for the per-customer
//! summary): the objective of lifetimes written out in numpy, maximised by Nelder–Mead
//! (restarted until it stops moving) and by L-BFGS-B with the analytic gradient, each from
//! three starts; the best log-likelihood of the six runs is the bar. Tolerance: Segmint's
//! log-likelihood not below it by more than 1e-9 relative (the issue asks 1e-6; measured:
//! within 5e-15 on all ten fits), the fits reporting
//! that they converged.

use std::path::Path;

use segmint_core::clv::{self, ClvOptions, ClvReport, TimeUnit};
use segmint_core::table::days_from_civil;
use segmint_core::{DatasetOptions, Transactions, load_bytes};

use crate::clv_support;

fn optimum() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference/clv/optimum.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("optimum.json")).unwrap()
}

fn cdnow(name: &str) -> Transactions {
    let bytes = std::fs::read(clv_support::shared_data(name)).expect("shared CDNOW file");
    clv_support::load_cdnow(&bytes)
}

fn online_retail() -> Transactions {
    let bytes = std::fs::read(clv_support::shared_data("online_retail.csv"))
        .expect("../shared/data/online_retail.csv");
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).expect("loads");
    dataset
        .customer_transactions()
        .expect("customer roles")
        .clone()
}

fn fit(tx: &Transactions, unit: TimeUnit, end: Option<i32>) -> ClvReport {
    let options = ClvOptions::new()
        .time_unit(unit)
        .observation_end(end)
        .resamples(0);
    clv::analyse(tx, &options).expect("fits")
}

#[test]
fn fits_reach_the_maximum_found_by_scipy_on_five_data_sets() {
    let reference = optimum();
    let master = cdnow("cdnow_master.csv");
    let cases: Vec<(&str, ClvReport)> = vec![
        (
            "cdnow_sample_week",
            fit(
                &cdnow("cdnow_sample.csv"),
                TimeUnit::Week,
                Some(days_from_civil(1997, 9, 30)),
            ),
        ),
        (
            "cdnow_master_day_1998_01_31",
            fit(&master, TimeUnit::Day, Some(days_from_civil(1998, 1, 31))),
        ),
        ("cdnow_master_day", fit(&master, TimeUnit::Day, None)),
        ("cdnow_master_week", fit(&master, TimeUnit::Week, None)),
        (
            "online_retail_day",
            fit(&online_retail(), TimeUnit::Day, None),
        ),
    ];
    let mut lines = Vec::new();
    let mut misses = Vec::new();
    for (name, report) in &cases {
        let set = &reference["data_sets"][*name];
        assert_eq!(
            report.observation_end,
            set["observation_end"].as_str().unwrap(),
            "{name}"
        );
        // The same customers, summarised the same way.
        let customers = &report.customers;
        assert_eq!(
            customers.len() as u64,
            set["customers"].as_u64().unwrap(),
            "{name}"
        );
        let sum_frequency: f64 = customers.iter().map(|c| f64::from(c.frequency)).sum();
        assert_eq!(
            sum_frequency,
            set["sum_frequency"].as_f64().unwrap(),
            "{name}"
        );
        let sum_t: f64 = customers.iter().map(|c| c.t).sum();
        let want_t = set["sum_t"].as_f64().unwrap();
        assert!(
            (sum_t - want_t).abs() <= 1e-9 * want_t,
            "{name}: sum T {sum_t} vs {want_t}"
        );
        assert_eq!(
            report.gamma_gamma_fit.customers as u64,
            set["gamma_gamma_customers"].as_u64().unwrap(),
            "{name}"
        );
        for (model, fit) in [
            ("bg_nbd", &report.model_fit),
            ("gamma_gamma", &report.gamma_gamma_fit),
        ] {
            let best = set[model]["best"]["log_likelihood"].as_f64().unwrap();
            let rel = (fit.log_likelihood - best) / best.abs();
            lines.push(format!(
                "{name} {model}: {:.6} vs scipy {best:.6} ({rel:+.1e}), {} iterations, gradient norm {:.1e}",
                fit.log_likelihood, fit.iterations, fit.gradient_norm
            ));
            if rel < -1e-9 || !fit.converged {
                misses.push(lines.last().unwrap().clone());
            }
        }
    }
    eprintln!("{}", lines.join("\n"));
    assert!(
        misses.is_empty(),
        "short of the maximum:\n{}",
        misses.join("\n")
    );
}
