//! The recommended k of a sweep, with the reason typed ([`Reason`]) and in words.

use super::{Reason, Recommendation, RunnerUp, SmallerClusterK, SweepRow};

/// The recommendation rule of the module docs over `rows` (k = 0 when `rows` is empty).
pub fn recommend(rows: &[SweepRow], min_share: f64) -> Recommendation {
    let better = |a: &&SweepRow, b: &&SweepRow| {
        let s = |r: &SweepRow| r.silhouette.unwrap_or(f64::NEG_INFINITY);
        // max_by keeps the last maximum; reversing k makes ties go to the smaller k.
        s(a).total_cmp(&s(b)).then(b.k.cmp(&a.k))
    };
    if rows.is_empty() {
        return Recommendation::new(0, Reason::NoneFitted);
    }
    if let [only] = rows {
        return Recommendation::new(only.k, Reason::AskedFor { k: only.k });
    }
    let eligible: Vec<&SweepRow> = rows
        .iter()
        .filter(|r| r.smallest_share >= min_share)
        .collect();
    let overall = rows.iter().max_by(better).expect("a sweep has rows");
    match eligible.iter().copied().max_by(better) {
        Some(best) => {
            let higher = (overall.k != best.k).then_some(SmallerClusterK {
                k: overall.k,
                silhouette: overall.silhouette,
                smallest_share: overall.smallest_share,
            });
            let why = Reason::BestSilhouette {
                k: best.k,
                silhouette: best.silhouette,
                eligible: eligible.len(),
                fitted: rows.len(),
                min_share,
                higher,
            };
            Recommendation::new(best.k, why)
        }
        None => Recommendation::new(
            overall.k,
            Reason::NoneLargeEnough {
                k: overall.k,
                silhouette: overall.silhouette,
                min_share,
            },
        ),
    }
}

/// The BIC rule for Gaussian mixtures: the lowest BIC wins (ties: the smaller k), with the
/// reason (k = 0 when `rows` is empty).
pub fn recommend_by_bic(rows: &[SweepRow], min_share: f64) -> Recommendation {
    let bic = |r: &SweepRow| r.bic.unwrap_or(f64::INFINITY);
    let Some(best) = rows
        .iter()
        .min_by(|a, b| bic(a).total_cmp(&bic(b)).then(a.k.cmp(&b.k)))
    else {
        return Recommendation::new(0, Reason::NoneFitted);
    };
    if rows.len() == 1 {
        let why = Reason::BicAskedFor {
            k: best.k,
            bic: best.bic,
            log_likelihood: best.log_likelihood,
        };
        return Recommendation::new(best.k, why);
    }
    let runner_up = rows
        .iter()
        .filter(|r| r.k != best.k)
        .min_by(|a, b| bic(a).total_cmp(&bic(b)).then(a.k.cmp(&b.k)))
        .map(|next| RunnerUp {
            k: next.k,
            bic_gap: bic(next) - bic(best),
        });
    let why = Reason::LowestBic {
        k: best.k,
        bic: best.bic,
        log_likelihood: best.log_likelihood,
        first: rows[0].k,
        last: rows[rows.len() - 1].k,
        runner_up,
        at_range_end: best.k == rows[rows.len() - 1].k,
        small_share: (best.smallest_share < min_share).then_some(best.smallest_share),
    };
    Recommendation::new(best.k, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(k: usize, silhouette: f64, smallest_share: f64) -> SweepRow {
        SweepRow {
            k,
            inertia: 10.0 / k as f64,
            silhouette: Some(silhouette),
            davies_bouldin: None,
            calinski_harabasz: None,
            smallest_share,
            bic: None,
            aic: None,
            log_likelihood: None,
        }
    }

    /// The reason is typed with the numbers the rule went by; the words are the command
    /// line's, made from it; both survive JSON.
    #[test]
    fn the_reason_is_typed_and_worded_from_its_numbers() {
        let rows = [row(2, 0.61, 0.004), row(3, 0.55, 0.2), row(4, 0.41, 0.1)];
        let r = recommend(&rows, 0.02);
        assert_eq!(r.k, 3);
        assert_eq!(
            r.why,
            Reason::BestSilhouette {
                k: 3,
                silhouette: Some(0.55),
                eligible: 2,
                fitted: 3,
                min_share: 0.02,
                higher: Some(SmallerClusterK {
                    k: 2,
                    silhouette: Some(0.61),
                    smallest_share: 0.004,
                }),
            }
        );
        assert_eq!(
            r.reason,
            "k = 3: the highest silhouette (0.550) among the 2 of 3 cluster counts whose \
             smallest cluster holds at least 2.0% of the customers; k = 2 scores higher (0.610) \
             but its smallest cluster holds only 0.4%."
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["why"]["kind"], "best_silhouette");
        assert_eq!(json["why"]["higher"]["k"], 2);
        assert_eq!(serde_json::from_value::<Recommendation>(json).unwrap(), r);

        let none = recommend(&[row(2, 0.5, 0.001), row(3, 0.4, 0.001)], 0.02);
        assert_eq!(
            none.why,
            Reason::NoneLargeEnough {
                k: 2,
                silhouette: Some(0.5),
                min_share: 0.02
            }
        );
        assert_eq!(
            none.reason,
            "k = 2: the highest silhouette (0.500); no k gives every cluster at least 2.0% of \
             the customers, so expect some very small clusters."
        );
        let one = recommend(&[row(5, 0.3, 0.1)], 0.02);
        assert_eq!(one.why, Reason::AskedFor { k: 5 });
        assert_eq!(one.reason, "k = 5 was asked for.");
        assert_eq!(recommend(&[], 0.02).why, Reason::NoneFitted);
    }

    #[test]
    fn the_bic_reason_is_typed_too() {
        let mut rows = [row(2, 0.5, 0.3), row(3, 0.4, 0.01), row(4, 0.3, 0.1)];
        for (r, bic) in rows.iter_mut().zip([120.0, 100.0, 104.5]) {
            r.bic = Some(bic);
            r.log_likelihood = Some(-1.5);
        }
        let r = recommend_by_bic(&rows, 0.02);
        assert_eq!(
            r.why,
            Reason::LowestBic {
                k: 3,
                bic: Some(100.0),
                log_likelihood: Some(-1.5),
                first: 2,
                last: 4,
                runner_up: Some(RunnerUp { k: 4, bic_gap: 4.5 }),
                at_range_end: false,
                small_share: Some(0.01),
            }
        );
        assert_eq!(
            r.reason,
            "k = 3: the lowest BIC (100.0, mean log-likelihood -1.500 per customer) of k = 2..=4. \
             BIC rewards how well the mixture explains the customers and charges ln(n) for \
             every extra parameter, so a larger k must earn its extra components; the \
             runner-up, k = 4, is 4.5 higher; note that its smallest cluster holds only 1.0% of \
             the customers."
        );
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Recommendation>(&json).unwrap(), r);
    }
}
