//! Cohort retention on hand-made tables with hand-computed answers.

use segmint_core::Transactions;
use segmint_core::cohort::{self, CohortError, CohortOptions};
use segmint_core::table::days_from_civil;

fn table(lines: &[(&str, (i32, u32, u32), f64)]) -> Transactions {
    let mut tx = Transactions::default();
    for &(c, (y, m, d), a) in lines {
        tx.push(Some(c), None, None, days_from_civil(y, m, d), a);
    }
    tx
}

#[test]
fn shares_and_completeness_by_hand() {
    let tx = table(&[
        // January cohort: a, b, c, d
        ("a", (2024, 1, 3), 10.0),
        ("a", (2024, 1, 20), 10.0), // second January purchase: still one customer in month 0
        ("a", (2024, 2, 1), 10.0),
        ("a", (2024, 4, 2), 10.0),
        ("b", (2024, 1, 31), 5.0),
        ("b", (2024, 2, 1), 5.0), // next day, but next calendar month: month 1
        ("c", (2024, 1, 15), 7.0),
        ("c", (2024, 3, 15), -7.0), // a return is not a purchase
        ("d", (2024, 1, 9), 1.0),
        ("d", (2024, 3, 9), 1.0),
        // March cohort: e, f
        ("e", (2024, 3, 1), 2.0),
        ("e", (2024, 4, 10), 2.0),
        ("f", (2024, 3, 30), 3.0),
    ]);
    let mut tx = tx;
    tx.push(None, None, None, days_from_civil(2024, 2, 2), 4.0); // no customer: skipped
    let r = cohort::analyse(&tx, &CohortOptions::new()).unwrap();
    assert_eq!(r.end, "2024-04-10");
    assert_eq!(r.customers, 6);
    assert_eq!(r.lines_skipped, 2);
    assert_eq!(
        r.cohorts.len(),
        2,
        "February has no new customer, so no row"
    );

    let jan = &r.cohorts[0];
    assert_eq!(
        (jan.cohort.as_str(), jan.size, jan.complete),
        ("2024-01", 4, true)
    );
    let shares: Vec<f64> = jan.cells.iter().map(|c| c.share).collect();
    assert_eq!(shares, vec![1.0, 0.5, 0.25, 0.25]);
    let complete: Vec<bool> = jan.cells.iter().map(|c| c.complete).collect();
    assert_eq!(
        complete,
        vec![true, true, true, false],
        "April is observed to the 10th only"
    );
    assert_eq!(jan.cells[3].month, "2024-04");

    let mar = &r.cohorts[1];
    assert_eq!((mar.size, mar.cells.len()), (2, 2));
    assert_eq!(mar.cells[1].customers, 1);
    assert!(mar.complete && !mar.cells[1].complete);
}

#[test]
fn a_cohort_whose_month_is_not_over_is_incomplete() {
    let tx = table(&[
        ("a", (2023, 12, 5), 1.0),
        ("b", (2024, 1, 31), 1.0),
        ("c", (2024, 2, 29), 1.0),
    ]);
    let r = cohort::analyse(&tx, &CohortOptions::new()).unwrap();
    // The data end on 29 Feb 2024, the last day of a leap February: every month is complete.
    assert!(
        r.cohorts
            .iter()
            .all(|c| c.complete && c.cells.iter().all(|k| k.complete))
    );
    assert_eq!(r.cohorts[0].cells.len(), 3);
    let cut = cohort::analyse(
        &tx,
        &CohortOptions::new().end(Some(days_from_civil(2024, 2, 10))),
    )
    .unwrap();
    assert_eq!(cut.cohorts.len(), 2, "c bought after the end");
    assert!(cut.cohorts[0].complete && !cut.cohorts[0].cells[2].complete);
    let jan_only = cohort::analyse(
        &tx,
        &CohortOptions::new().end(Some(days_from_civil(2024, 1, 20))),
    )
    .unwrap();
    assert!(!jan_only.cohorts.last().unwrap().complete || jan_only.cohorts.len() == 1);
    assert!(!jan_only.cohorts[0].cells.last().unwrap().complete);
}

#[test]
fn no_purchases_is_an_error() {
    assert_eq!(
        cohort::analyse(&Transactions::default(), &CohortOptions::new()),
        Err(CohortError::NoPurchases)
    );
    let returns_only = table(&[("a", (2024, 1, 1), -3.0)]);
    assert_eq!(
        cohort::analyse(&returns_only, &CohortOptions::new()),
        Err(CohortError::NoPurchases)
    );
}

#[test]
fn json_shape() {
    let tx = table(&[("a", (2024, 1, 3), 1.0), ("a", (2024, 2, 3), 1.0)]);
    let r = cohort::analyse(&tx, &CohortOptions::new()).unwrap();
    let j = serde_json::to_value(&r).unwrap();
    assert_eq!(j["cohorts"][0]["cohort"], "2024-01");
    assert_eq!(j["cohorts"][0]["cells"][1]["months_since"], 1);
    assert_eq!(j["cohorts"][0]["cells"][1]["share"], 1.0);
    assert_eq!(j["cohorts"][0]["cells"][1]["complete"], false);
}

use crate::clv_support;

/// CDNOW's master file holds the customers who first bought in 1997 Q1, followed to June 1998.
#[test]
fn cdnow_master_has_three_quarter_one_cohorts() {
    let bytes = std::fs::read(clv_support::shared_data("cdnow_master.csv")).unwrap();
    let tx = clv_support::load_cdnow(&bytes);
    let r = cohort::analyse(&tx, &CohortOptions::new()).unwrap();
    let names: Vec<&str> = r.cohorts.iter().map(|c| c.cohort.as_str()).collect();
    assert_eq!(names, ["1997-01", "1997-02", "1997-03"]);
    assert_eq!(r.customers, 23_570);
    assert_eq!(r.end, "1998-06-30");
    for c in &r.cohorts {
        assert!(c.complete);
        assert_eq!(c.cells[0].share, 1.0);
        assert!(
            c.cells
                .iter()
                .all(|k| k.complete && (0.0..=1.0).contains(&k.share))
        );
        assert_eq!(c.cells.last().unwrap().month, "1998-06");
    }
}

proptest::proptest! {
    #[test]
    fn every_customer_is_in_exactly_one_cohort(
        lines in proptest::collection::vec((0u8..20, 0i32..400, -5.0f64..50.0), 1..200),
    ) {
        let mut tx = Transactions::default();
        for (c, d, a) in &lines {
            tx.push(Some(&format!("c{c}")), None, None, days_from_civil(2023, 1, 1) + d, *a);
        }
        match cohort::analyse(&tx, &CohortOptions::new()) {
            Err(CohortError::NoPurchases) => {
                proptest::prop_assert!(lines.iter().all(|l| l.2 < 0.0));
            }
            Ok(r) => {
                let buyers: std::collections::HashSet<u8> =
                    lines.iter().filter(|l| l.2 >= 0.0).map(|l| l.0).collect();
                proptest::prop_assert_eq!(r.customers, buyers.len());
                proptest::prop_assert_eq!(r.cohorts.iter().map(|c| c.size).sum::<usize>(), buyers.len());
                for c in &r.cohorts {
                    proptest::prop_assert_eq!(c.cells[0].share, 1.0);
                    for k in &c.cells {
                        proptest::prop_assert!((0.0..=1.0).contains(&k.share));
                        proptest::prop_assert!(k.customers <= c.size);
                    }
                }
            }
            Err(e) => proptest::prop_assert!(false, "unexpected error {e}"),
        }
    }
}
