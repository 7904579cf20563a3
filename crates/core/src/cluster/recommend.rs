//! The recommended k of a sweep, with the reason in words.

use super::{Recommendation, SweepRow};

/// The recommendation rule of the module docs over `rows` (k = 0 when `rows` is empty).
pub fn recommend(rows: &[SweepRow], min_share: f64) -> Recommendation {
    let better = |a: &&SweepRow, b: &&SweepRow| {
        let s = |r: &SweepRow| r.silhouette.unwrap_or(f64::NEG_INFINITY);
        // max_by keeps the last maximum; reversing k makes ties go to the smaller k.
        s(a).total_cmp(&s(b)).then(b.k.cmp(&a.k))
    };
    if rows.is_empty() {
        return Recommendation {
            k: 0,
            reason: "no k was fitted.".to_owned(),
        };
    }
    if let [only] = rows {
        return Recommendation {
            k: only.k,
            reason: format!("k = {} was asked for.", only.k),
        };
    }
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let sil = |r: &SweepRow| {
        r.silhouette
            .map_or("undefined".to_owned(), |s| format!("{s:.3}"))
    };
    let eligible: Vec<&SweepRow> = rows
        .iter()
        .filter(|r| r.smallest_share >= min_share)
        .collect();
    let overall = rows.iter().max_by(better).expect("a sweep has rows");
    match eligible.iter().copied().max_by(better) {
        Some(best) => {
            let mut reason = format!(
                "k = {}: the highest silhouette ({}) among the {} of {} cluster counts whose \
                 smallest cluster holds at least {} of the customers",
                best.k,
                sil(best),
                eligible.len(),
                rows.len(),
                pct(min_share)
            );
            if overall.k != best.k {
                reason.push_str(&format!(
                    "; k = {} scores higher ({}) but its smallest cluster holds only {}",
                    overall.k,
                    sil(overall),
                    pct(overall.smallest_share)
                ));
            }
            reason.push('.');
            Recommendation { k: best.k, reason }
        }
        None => Recommendation {
            k: overall.k,
            reason: format!(
                "k = {}: the highest silhouette ({}); no k gives every cluster at least {} of \
                 the customers, so expect some very small clusters.",
                overall.k,
                sil(overall),
                pct(min_share)
            ),
        },
    }
}

/// The BIC rule for Gaussian mixtures: the lowest BIC wins (ties: the smaller k), with the
/// reason in words (k = 0 when `rows` is empty).
pub fn recommend_by_bic(rows: &[SweepRow], min_share: f64) -> Recommendation {
    let bic = |r: &SweepRow| r.bic.unwrap_or(f64::INFINITY);
    let Some(best) = rows
        .iter()
        .min_by(|a, b| bic(a).total_cmp(&bic(b)).then(a.k.cmp(&b.k)))
    else {
        return Recommendation {
            k: 0,
            reason: "no k was fitted.".to_owned(),
        };
    };
    let ll = best.log_likelihood.map_or(String::new(), |l| {
        format!(", mean log-likelihood {l:.3} per customer")
    });
    if rows.len() == 1 {
        return Recommendation {
            k: best.k,
            reason: format!("k = {} was asked for (BIC {:.1}{ll}).", best.k, bic(best)),
        };
    }
    let mut reason = format!(
        "k = {}: the lowest BIC ({:.1}{ll}) of k = {}..={}. BIC rewards how well the mixture \
         explains the customers and charges ln(n) for every extra parameter, so a larger k \
         must earn its extra components",
        best.k,
        bic(best),
        rows[0].k,
        rows[rows.len() - 1].k
    );
    if let Some(next) = rows
        .iter()
        .filter(|r| r.k != best.k)
        .min_by(|a, b| bic(a).total_cmp(&bic(b)).then(a.k.cmp(&b.k)))
    {
        reason.push_str(&format!(
            "; the runner-up, k = {}, is {:.1} higher",
            next.k,
            bic(next) - bic(best)
        ));
    }
    if best.k == rows[rows.len() - 1].k {
        reason
            .push_str("; the lowest BIC is at the end of the range, so a wider range may go lower");
    }
    if best.smallest_share < min_share {
        reason.push_str(&format!(
            "; note that its smallest cluster holds only {:.1}% of the customers",
            100.0 * best.smallest_share
        ));
    }
    reason.push('.');
    Recommendation { k: best.k, reason }
}
