//! The clusters' scatter: every customer on the first two principal components of the scaled
//! features, coloured by cluster (`segmint-charts` has no scatter yet; this one follows its
//! conventions: a `draw_x<DB>(area, &view)` function, labels cleaned of control characters).

use plotters::coord::Shift;
use plotters::prelude::*;
use segmint_charts::ChartError;
use segmint_core::cluster::ClusterReport;

/// Cluster colours (colour-blind-safe Okabe–Ito order); cluster `i` uses `i % 8`.
pub(crate) const COLOURS: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0xf0, 0xe4, 0x42),
    RGBColor(0x00, 0x00, 0x00),
];

/// Points drawn at most; above this every `n / MAX_POINTS`-th customer is drawn (the
/// profiles table always counts everyone).
const MAX_POINTS: usize = 5_000;

/// What the scatter shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ScatterView {
    /// `(pc1, pc2, cluster)` per customer drawn.
    pub points: Vec<(f64, f64, u32)>,
    /// Cluster names, by cluster number (their count is the number of colours used).
    pub names: Vec<String>,
    /// Variance explained by each component, 0..=1.
    pub explained: [f64; 2],
}

impl ScatterView {
    pub(crate) fn from_report(report: &ClusterReport) -> Self {
        let n = report.pca.points.len().min(report.assignments.len());
        let step = n.div_ceil(MAX_POINTS).max(1);
        let points = (0..n)
            .step_by(step)
            .map(|i| {
                let [x, y] = report.pca.points[i];
                (x, y, report.assignments[i].cluster)
            })
            .collect();
        let mut names = vec![String::new(); report.k];
        for p in &report.profiles {
            if let Some(slot) = names.get_mut(p.cluster as usize) {
                *slot = p.name.clone();
            }
        }
        Self {
            points,
            names,
            explained: report.pca.explained_variance_ratio,
        }
    }
}

/// Draw `view`: one dot per customer, coloured by cluster.
pub(crate) fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ScatterView,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let range = |f: fn(&(f64, f64, u32)) -> f64| {
        let (lo, hi) = view
            .points
            .iter()
            .map(f)
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        if lo.is_finite() && hi > lo {
            let pad = (hi - lo) * 0.05;
            (lo - pad)..(hi + pad)
        } else {
            -1.0..1.0
        }
    };
    let mut chart = ChartBuilder::on(area)
        .caption("Customers by cluster", ("sans-serif", 16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(range(|p| p.0), range(|p| p.1))
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .configure_mesh()
        .x_desc(format!(
            "component 1 ({:.0}% of variance)",
            view.explained[0] * 100.0
        ))
        .y_desc(format!("component 2 ({:.0}%)", view.explained[1] * 100.0))
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    // No plotters legend: it measures its labels with a styled <span> (a CSP violation).
    // The profiles table next to the chart carries a swatch of each cluster's colour.
    for cluster in 0..view.names.len() {
        let colour = COLOURS[cluster % COLOURS.len()];
        chart
            .draw_series(
                view.points
                    .iter()
                    .filter(|p| p.2 as usize == cluster && p.0.is_finite() && p.1.is_finite())
                    .map(|p| Circle::new((p.0, p.1), 2, colour.mix(0.7).filled())),
            )
            .map_err(|e| ChartError(e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_every_finite_point_in_its_cluster_colour() {
        let view = ScatterView {
            points: vec![
                (0.0, 0.0, 0),
                (1.0, 2.0, 1),
                (-1.0, 0.5, 1),
                (f64::NAN, 0.0, 0),
            ],
            names: vec!["recent, frequent".into(), "lapsed\u{1b}[31m".into()],
            explained: [0.6, 0.3],
        };
        let svg = segmint_charts::to_svg(480, 320, |area| draw_scatter(area, &view)).unwrap();
        assert_eq!(
            svg.matches("<circle").count(),
            3,
            "the NaN point is left out"
        );
        assert_eq!(
            svg.matches("#0072B2").count() + svg.matches("#0072b2").count(),
            1
        );
        assert!(svg.contains("component 1 (60% of variance)"));
    }
}
