//! The whole clustering of a table's customers: features, the chosen method, the report.

use super::report::Assignment;
use super::sweep::within_ss;
use super::{
    ClusterError, ClusterParams, ClusterProfile, ClusterReport, Covariance, DbscanParams,
    DbscanSummary, FeatureMatrix, GmmOptions, GmmSummary, KChoice, Method, Pca, Reason,
    Recommendation, SweepRow, calinski_harabasz_score, davies_bouldin_score, features, gmm_sweep,
    metrics, pca, profile, recommend, recommend_by_bic, sweep,
};
use crate::rfm::{RfmError, format_day, metrics as rfm_metrics};
use crate::table::{NO_ID, Transactions};

/// Cluster the customers of `t`: features, then the chosen method (k-means or a Gaussian
/// mixture: sweep, recommendation; DBSCAN: one labelling), then the report.
pub fn analyse(t: &Transactions, params: &ClusterParams) -> Result<ClusterReport, ClusterError> {
    params.check()?;
    let last = (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i])
        .max()
        .ok_or(ClusterError::NoCustomers)?;
    let reference_day = params.reference_day.unwrap_or(last + 1);
    if reference_day < last {
        return Err(RfmError::ReferenceTooEarly {
            reference: format_day(reference_day),
            last: format_day(last),
        }
        .into());
    }
    let m = rfm_metrics(t, reference_day, params.monetary, None);
    let fm = features::build(&m, &t.customer_ids, &params.features)?;
    let input = Input {
        t,
        m: &m,
        fm: &fm,
        reference_day,
    };
    match &params.method {
        Method::KMeans => analyse_kmeans(&input, params),
        Method::Gmm(options) => analyse_gmm(&input, params, options),
        Method::Dbscan(dbscan) => analyse_dbscan(&input, params, dbscan),
    }
}

/// What every method's report is built from.
struct Input<'a> {
    t: &'a Transactions,
    m: &'a crate::rfm::Metrics,
    fm: &'a FeatureMatrix,
    reference_day: i32,
}

/// A labelling renumbered for the report: `groups` groups, largest first.
struct Grouped {
    labels: Vec<u32>,
    /// Per new number, the old one.
    order: Vec<usize>,
    size: Vec<usize>,
}

/// Renumber `labels` in `0..k` by size, largest first (ties: lower original number).
fn by_size(labels: &[u32], k: usize) -> Grouped {
    let mut size = vec![0usize; k];
    labels.iter().for_each(|&l| size[l as usize] += 1);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
    let mut new_label = vec![0u32; k];
    for (new, &old) in order.iter().enumerate() {
        new_label[old] = new as u32;
    }
    Grouped {
        labels: labels.iter().map(|&l| new_label[l as usize]).collect(),
        size: order.iter().map(|&o| size[o]).collect(),
        order,
    }
}

/// The sweep's range warning (a sweep cut short by too few distinct customers).
fn range_warning(params: &ClusterParams, rows: &[SweepRow], warnings: &mut Vec<String>) {
    if let KChoice::Range { end, .. } = params.k {
        let last_k = rows.last().map_or(0, |r| r.k);
        if last_k < end {
            warnings.push(format!(
                "only {last_k} customers have distinct feature values, so the sweep stops at \
                 k = {last_k} instead of {end}"
            ));
        }
    }
}

/// The parts every report shares: profiles, assignments and the PCA.
fn report_base(
    input: &Input<'_>,
    labels: &[u32],
    groups: usize,
) -> (Vec<ClusterProfile>, Vec<Assignment>, Pca) {
    let fm = input.fm;
    let raw_rows: Vec<&[f64]> = (0..fm.raw.rows()).map(|i| fm.raw.row(i)).collect();
    let profiles = profile::profiles(input.m, labels, groups, &raw_rows);
    let assignments = fm
        .customer
        .iter()
        .zip(labels)
        .map(|(&c, &cluster)| Assignment {
            customer_id: input.t.customer_ids.name(c).to_owned(),
            cluster,
        })
        .collect();
    (profiles, assignments, pca::pca2(&fm.scaled))
}

fn analyse_kmeans(
    input: &Input<'_>,
    params: &ClusterParams,
) -> Result<ClusterReport, ClusterError> {
    let fm = input.fm;
    let x = &fm.scaled;
    let points = sweep(x, params)?;
    let rows: Vec<SweepRow> = points.iter().map(|p| p.row.clone()).collect();
    let mut warnings = Vec::new();
    range_warning(params, &rows, &mut warnings);
    let recommendation = recommend(&rows, params.min_cluster_share);
    let chosen = points
        .into_iter()
        .find(|p| p.row.k == recommendation.k)
        .expect("the recommendation is one of the rows");
    let k = chosen.row.k;
    let fit = chosen.fit;
    let g = by_size(&fit.labels, k);
    let centroids = g
        .order
        .iter()
        .map(|&c| fit.centroids.row(c).to_vec())
        .collect();
    if g.size.contains(&0) {
        warnings.push(format!(
            "k-means left {} of the {k} clusters empty (too many identical customers)",
            g.size.iter().filter(|&&s| s == 0).count()
        ));
    }
    if !fit.converged {
        warnings.push(format!(
            "k-means stopped after max_iter = {} iterations without converging",
            params.max_iter
        ));
    }
    let (profiles, assignments, pca) = report_base(input, &g.labels, k);
    Ok(ClusterReport {
        k,
        inertia: fit.inertia,
        silhouette: chosen.row.silhouette,
        features: fm.names.clone(),
        centroids,
        assignments,
        sweep: rows,
        recommendation,
        profiles,
        pca,
        n_iter: fit.n_iter,
        converged: fit.converged,
        reference_date: format_day(input.reference_day),
        warnings,
        gmm: None,
        dbscan: None,
    })
}

fn analyse_gmm(
    input: &Input<'_>,
    params: &ClusterParams,
    options: &GmmOptions,
) -> Result<ClusterReport, ClusterError> {
    let fm = input.fm;
    let x = &fm.scaled;
    let points = gmm_sweep(x, params, options)?;
    let rows: Vec<SweepRow> = points.iter().map(|p| p.row.clone()).collect();
    let mut warnings = Vec::new();
    range_warning(params, &rows, &mut warnings);
    let recommendation = recommend_by_bic(&rows, params.min_cluster_share);
    let chosen = points
        .into_iter()
        .find(|p| p.row.k == recommendation.k)
        .expect("the recommendation is one of the rows");
    let k = chosen.row.k;
    let fit = chosen.fit;
    let g = by_size(&fit.labels, k);
    let centroids = g.order.iter().map(|&c| fit.means.row(c).to_vec()).collect();
    let empty = g.size.iter().filter(|&&s| s == 0).count();
    if empty > 0 {
        warnings.push(format!(
            "{empty} of the {k} mixture components is the most likely one for no customer; \
             their profiles are empty"
        ));
    }
    if !fit.converged {
        warnings.push(format!(
            "the Gaussian mixture stopped after max_iter = {} EM iterations without \
             converging; raise max_iter or tol",
            options.max_iter
        ));
    }
    // A component squeezed onto one value of a feature (e.g. every one-time buyer has the
    // same frequency) has a near-zero variance there and an enormous likelihood: say so.
    let d = x.cols();
    let mut flat_clusters = Vec::new();
    for (new, &old) in g.order.iter().enumerate() {
        let cov = &fit.covariances[old];
        let variance = |j: usize| match options.covariance {
            Covariance::Full => cov[j * d + j],
            Covariance::Diag => cov[j],
        };
        let flat: Vec<&str> = (0..d)
            .filter(|&j| variance(j) <= 10.0 * options.reg_covar.max(1e-12))
            .map(|j| fm.names[j].as_str())
            .collect();
        if !flat.is_empty() && g.size[new] > 0 {
            flat_clusters.push(format!("{new} ({})", flat.join(", ")));
        }
    }
    if !flat_clusters.is_empty() {
        warnings.push(format!(
            "cluster{} {} (almost) no spread in the feature named — their customers share one \
             value — so the mixture's likelihood there is very high and BIC favours such \
             splits; compare with k-means before acting on them",
            if flat_clusters.len() == 1 { "" } else { "s" },
            flat_clusters.join(", ")
                + if flat_clusters.len() == 1 {
                    " has"
                } else {
                    " have"
                },
        ));
    }
    let (profiles, assignments, pca) = report_base(input, &g.labels, k);
    Ok(ClusterReport {
        k,
        inertia: chosen.row.inertia,
        silhouette: chosen.row.silhouette,
        features: fm.names.clone(),
        centroids,
        assignments,
        sweep: rows,
        recommendation,
        profiles,
        pca,
        n_iter: fit.n_iter,
        converged: fit.converged,
        reference_date: format_day(input.reference_day),
        warnings,
        gmm: Some(GmmSummary {
            covariance: options.covariance,
            log_likelihood: fit.log_likelihood,
            bic: fit.bic,
            aic: fit.aic,
            n_parameters: fit.n_parameters,
            weights: g.order.iter().map(|&c| fit.weights[c]).collect(),
            covariances: g
                .order
                .iter()
                .map(|&c| fit.covariances[c].clone())
                .collect(),
        }),
        dbscan: None,
    })
}

fn analyse_dbscan(
    input: &Input<'_>,
    params: &ClusterParams,
    dbscan: &DbscanParams,
) -> Result<ClusterReport, ClusterError> {
    let fm = input.fm;
    let x = &fm.scaled;
    let fit = dbscan.fit(x)?;
    let clusters = fit.n_clusters;
    let noise = fit.labels.iter().filter(|l| l.is_none()).count();
    let n = x.rows();
    // Dense clusters by size, largest first; the noise after them as its own group.
    let dense: Vec<usize> = (0..n).filter(|&i| fit.labels[i].is_some()).collect();
    let dense_labels: Vec<u32> = dense.iter().filter_map(|&i| fit.labels[i]).collect();
    let g = by_size(&dense_labels, clusters);
    let mut labels = vec![clusters as u32; n];
    for (&i, &l) in dense.iter().zip(&g.labels) {
        labels[i] = l;
    }
    let groups = clusters + usize::from(noise > 0);
    // Quality scores of the dense clusters alone: noise is not a cluster.
    let sub = x.select(&dense);
    let (silhouette, davies_bouldin, calinski_harabasz) = if clusters >= 2 {
        let s = metrics::silhouette_sweep(
            &sub,
            &[g.labels.as_slice()],
            params.silhouette_sample,
            params.seed,
        );
        (
            s[0],
            davies_bouldin_score(&sub, &g.labels)?,
            calinski_harabasz_score(&sub, &g.labels)?,
        )
    } else {
        (None, None, None)
    };
    let inertia = if clusters > 0 {
        within_ss(&sub, &g.labels, clusters)
    } else {
        0.0
    };
    let d = x.cols();
    let centroids: Vec<Vec<f64>> = (0..clusters)
        .map(|c| {
            let mut mean = vec![0.0; d];
            for (&i, &l) in dense.iter().zip(&g.labels) {
                if l as usize == c {
                    mean.iter_mut().zip(x.row(i)).for_each(|(m, v)| *m += v);
                }
            }
            mean.iter_mut().for_each(|m| *m /= g.size[c] as f64);
            mean
        })
        .collect();
    let pct = |count: usize| 100.0 * count as f64 / n as f64;
    let mut warnings = Vec::new();
    if clusters == 0 {
        warnings.push(format!(
            "DBSCAN found no dense region: every customer is noise; raise eps (now {}) or \
             lower min_samples (now {})",
            dbscan.eps, dbscan.min_samples
        ));
    } else if clusters == 1 {
        warnings.push(format!(
            "DBSCAN found a single dense cluster; lower eps (now {}) to split it",
            dbscan.eps
        ));
    }
    if pct(noise) > 25.0 {
        warnings.push(format!(
            "{:.1}% of the customers are noise; raise eps or lower min_samples to cluster more \
             of them",
            pct(noise)
        ));
    }
    let recommendation = Recommendation::new(
        clusters,
        Reason::Dbscan {
            clusters,
            eps: dbscan.eps,
            min_samples: dbscan.min_samples,
            noise,
            customers: n,
        },
    );
    let (mut profiles, assignments, pca) = report_base(input, &labels, groups);
    if noise > 0 {
        let p = profiles.last_mut().expect("the noise group");
        if let Some(name) = p.typed_name() {
            p.name = name.as_noise().to_string();
        }
    }
    Ok(ClusterReport {
        k: clusters,
        inertia,
        silhouette,
        features: fm.names.clone(),
        centroids,
        assignments,
        sweep: vec![SweepRow {
            k: clusters,
            inertia,
            silhouette,
            davies_bouldin,
            calinski_harabasz,
            smallest_share: g.size.iter().copied().min().unwrap_or(0) as f64 / n as f64,
            bic: None,
            aic: None,
            log_likelihood: None,
        }],
        recommendation,
        profiles,
        pca,
        n_iter: 0,
        converged: true,
        reference_date: format_day(input.reference_day),
        warnings,
        gmm: None,
        dbscan: Some(DbscanSummary {
            eps: dbscan.eps,
            min_samples: dbscan.min_samples,
            clusters,
            noise,
            core_points: fit.core.iter().filter(|&&c| c).count(),
            noise_cluster: (noise > 0).then_some(clusters as u32),
        }),
    })
}
