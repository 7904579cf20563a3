//! Purchase propensity on CDNOW (`cdnow_master.csv`, 23,570 customers, Jan 1997 – Jun 1998)
//! with 90-day windows, against an independent numpy/pandas implementation
//! (`tests/reference/clv/make_propensity_reference.py` → `cdnow_master_propensity.json`).

use crate::clv_support;

use std::path::Path;

use segmint_core::Transactions;
use segmint_core::clv::propensity::{self, PropensityError, PropensityOptions};

fn master() -> Transactions {
    let bytes = std::fs::read(clv_support::shared_data("cdnow_master.csv")).unwrap();
    clv_support::load_cdnow(&bytes)
}

#[test]
fn cdnow_matches_the_numpy_reference() {
    let report = propensity::analyse(&master(), &PropensityOptions::new()).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reference/clv");
    let text = std::fs::read_to_string(dir.join("cdnow_master_propensity.json")).unwrap();
    let r: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report.end, r["end"]);
    assert_eq!(
        report.training.features_as_of,
        r["training"]["features_as_of"]
    );
    assert_eq!(
        report.training.customers as u64,
        r["training"]["customers"].as_u64().unwrap()
    );
    assert_eq!(
        report.training.buyers as u64,
        r["training"]["buyers"].as_u64().unwrap()
    );
    assert_eq!(
        report.test.customers as u64,
        r["test"]["customers"].as_u64().unwrap()
    );
    assert_eq!(
        report.test.buyers as u64,
        r["test"]["buyers"].as_u64().unwrap()
    );
    assert!(
        (report.auc - r["auc"].as_f64().unwrap()).abs() < 1e-9,
        "{}",
        report.auc
    );
    assert!((report.log_loss - r["log_loss"].as_f64().unwrap()).abs() < 1e-9);
    let close = |a: f64, b: &serde_json::Value| (a - b.as_f64().unwrap()).abs() < 1e-7;
    assert!(close(report.model.intercept, &r["model"]["intercept"]));
    for j in 0..4 {
        assert!(
            close(report.model.weights[j], &r["model"]["weights"][j]),
            "weight {j}"
        );
        assert!(
            close(report.model.means[j], &r["model"]["means"][j]),
            "mean {j}"
        );
        assert!(
            close(report.model.scales[j], &r["model"]["scales"][j]),
            "scale {j}"
        );
    }
    for (bin, reference) in report
        .calibration
        .iter()
        .zip(r["calibration"].as_array().unwrap())
    {
        assert!(close(bin.mean_predicted, &reference["mean_predicted"]));
        assert!(close(bin.observed_rate, &reference["observed_rate"]));
    }
    // What the numbers say about CDNOW: well above chance, and calibrated out of time.
    assert!(report.auc > 0.75, "AUC {}", report.auc);
    let first = &report.calibration[0];
    let last = report.calibration.last().unwrap();
    assert!(
        first.observed_rate < 0.1 && last.observed_rate > 0.4,
        "{:?}",
        report.calibration
    );
    assert_eq!(report.customers.len(), 23_570);
    assert!(
        report
            .customers
            .iter()
            .all(|c| (0.0..=1.0).contains(&c.probability))
    );
}

#[test]
fn typed_errors() {
    let tx = master();
    assert!(matches!(
        propensity::analyse(&tx, &PropensityOptions::new().window_days(300)),
        Err(PropensityError::NotEnoughHistory { .. })
    ));
    assert!(matches!(
        propensity::analyse(&tx, &PropensityOptions::new().window_days(0)),
        Err(PropensityError::InvalidOption {
            name: "window_days",
            ..
        })
    ));
    assert!(matches!(
        propensity::analyse(&Transactions::default(), &PropensityOptions::new()),
        Err(PropensityError::NotEnoughHistory { .. })
    ));
    // Everyone buys every week: no non-buyer to learn from.
    let mut steady = Transactions::default();
    for c in 0..10 {
        for week in 0..60 {
            steady.push(Some(&format!("c{c}")), None, None, 7 * week + c, 5.0);
        }
    }
    assert!(matches!(
        propensity::analyse(&steady, &PropensityOptions::new()),
        Err(PropensityError::OneClass {
            window: "training",
            ..
        })
    ));
}
