use plotters::coord::Shift;
use plotters::prelude::*;

use crate::legend::{Mark, draw_legend};
use crate::palette::category;
use crate::{ChartError, FONT, Words, clean_label};

/// At most this many points are drawn; above it an evenly spaced, deterministic subsample.
pub const SCATTER_MAX_POINTS: usize = 5_000;

/// Customers on the first two principal components of the scaled features, coloured by
/// cluster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterScatterView {
    /// `(pc1, pc2)` of the points drawn.
    pub points: Vec<[f64; 2]>,
    /// Cluster of each point drawn, `0..names.len()`.
    pub clusters: Vec<u32>,
    /// Cluster names, in cluster order (the legend).
    pub names: Vec<String>,
    /// Customers in the data (drawn or not).
    pub total: usize,
    /// Share of the variance each axis explains.
    pub explained: [f64; 2],
}

impl ClusterScatterView {
    /// The PCA points of a cluster report, at most `max_points` of them (evenly spaced in
    /// assignment order, so the same report always gives the same picture).
    pub fn from_report(report: &segmint_core::cluster::ClusterReport, max_points: usize) -> Self {
        let n = report.pca.points.len().min(report.assignments.len());
        let keep = subsample(n, max_points);
        Self {
            points: keep.iter().map(|&i| report.pca.points[i]).collect(),
            clusters: keep
                .iter()
                .map(|&i| report.assignments[i].cluster)
                .collect(),
            names: report.profiles.iter().map(|p| p.name.clone()).collect(),
            total: n,
            explained: report.pca.explained_variance_ratio,
        }
    }

    /// Whether fewer points are drawn than there are customers.
    pub fn is_sampled(&self) -> bool {
        self.points.len() < self.total
    }

    /// The caption: what is drawn, and how many of the customers.
    pub fn caption(&self, words: &dyn Words) -> String {
        if self.is_sampled() {
            words.text(
                "chart-cluster-scatter-sampled",
                &[
                    ("shown", &self.points.len().to_string()),
                    ("total", &self.total.to_string()),
                ],
            )
        } else {
            words.text("chart-cluster-scatter-title", &[])
        }
    }
}

/// `min(n, max)` indices of `0..n`, evenly spaced: `⌊j·n / max⌋`.
fn subsample(n: usize, max: usize) -> Vec<usize> {
    if n <= max {
        return (0..n).collect();
    }
    (0..max).map(|j| j * n / max).collect()
}

/// Draw `view`: one dot per point in its cluster's colour, the legend naming each cluster.
pub fn draw_cluster_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ClusterScatterView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError(e.to_string());
    let finite: Vec<usize> = (0..view.points.len().min(view.clusters.len()))
        .filter(|&i| view.points[i].iter().all(|v| v.is_finite()))
        .collect();
    let range = |axis: usize| {
        let (lo, hi) = finite
            .iter()
            .map(|&i| view.points[i][axis])
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        if lo.is_finite() && hi > lo {
            let pad = (hi - lo) * 0.05;
            lo - pad..hi + pad
        } else if lo.is_finite() {
            lo - 1.0..lo + 1.0
        } else {
            -1.0..1.0
        }
    };
    let mut chart = ChartBuilder::on(area)
        .caption(clean_label(&view.caption(words), 90), (FONT, 15))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(range(0), range(1))
        .map_err(err)?;
    let pct = |v: f64| {
        if v.is_finite() {
            format!("{:.0}%", v * 100.0)
        } else {
            "—".to_owned()
        }
    };
    chart
        .configure_mesh()
        .x_desc(format!("PC1 ({} of the variance)", pct(view.explained[0])))
        .y_desc(format!("PC2 ({})", pct(view.explained[1])))
        .x_label_formatter(&|v| format!("{:.1}", v + 0.0))
        .y_label_formatter(&|v| format!("{:.1}", v + 0.0))
        .light_line_style(WHITE)
        .draw()
        .map_err(err)?;
    let clusters = view.names.len().max(
        view.clusters
            .iter()
            .map(|&c| c as usize + 1)
            .max()
            .unwrap_or(0),
    );
    let mut entries = Vec::with_capacity(clusters);
    for c in 0..clusters {
        let colour = category(c);
        let name = view.names.get(c).map_or_else(
            || words.text("chart-cluster", &[("c", &c.to_string())]),
            |n| format!("{c}: {n}"),
        );
        entries.push((clean_label(&name, 48), Mark::Dot(colour)));
        chart
            .draw_series(
                finite
                    .iter()
                    .filter(|&&i| view.clusters[i] as usize == c)
                    .map(|&i| {
                        let [x, y] = view.points[i];
                        Circle::new((x, y), 3, colour.mix(0.7).filled())
                    }),
            )
            .map_err(err)?;
    }
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    draw_legend(area, (xs.end - 8, ys.start + 8), &entries)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::subsample;

    #[test]
    fn subsamples_are_even_and_deterministic() {
        assert_eq!(subsample(3, 5), [0, 1, 2]);
        assert_eq!(subsample(10, 4), [0, 2, 5, 7]);
        let s = subsample(12_345, 5_000);
        assert_eq!(s.len(), 5_000);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s, subsample(12_345, 5_000));
    }
}
