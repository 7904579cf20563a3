//! Lifetime-value charts: P(alive) against expected purchases, and the calibration of the
//! purchase-propensity model.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::palette::BAR;
use crate::{ChartError, FONT, Words};

/// One point per customer: the probability of being alive and the purchases expected over
/// the horizon.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PAliveScatterView {
    /// The horizon of `expected`, in days.
    pub horizon_days: f64,
    /// `(p_alive, expected_purchases)` per customer; non-finite pairs are skipped.
    pub points: Vec<(f64, f64)>,
}

impl PAliveScatterView {
    /// The view of a lifetime-value report.
    pub fn from_report(report: &segmint_core::ClvReport) -> Self {
        Self {
            horizon_days: report.horizon_days,
            points: report
                .customers
                .iter()
                .map(|c| (c.p_alive, c.expected_purchases))
                .filter(|(p, e)| p.is_finite() && e.is_finite())
                .collect(),
        }
    }

    /// The top of the y axis: the 99th percentile of expected purchases (a few heavy buyers
    /// would otherwise squash everyone else to the floor); points above are drawn on the top
    /// edge.
    pub fn y_max(&self) -> f64 {
        let mut ys: Vec<f64> = self.points.iter().map(|p| p.1).collect();
        if ys.is_empty() {
            return 1.0;
        }
        ys.sort_by(f64::total_cmp);
        let p99 = ys[((ys.len() - 1) as f64 * 0.99).round() as usize];
        if p99 > 0.0 { p99 * 1.05 } else { 1.0 }
    }
}

/// Draw `view` as a scatter: P(alive) across, expected purchases up.
pub fn draw_p_alive_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &PAliveScatterView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let top = view.y_max();
    let mut chart = ChartBuilder::on(area)
        .caption(words.text("chart-palive-title", &[]), (FONT, 16))
        .margin(8)
        .margin_right(20)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..1.0, 0.0..top)
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .configure_mesh()
        .x_desc(words.text("chart-palive-x", &[]))
        .y_desc(words.text(
            "chart-palive-y",
            &[("days", &format!("{:.0}", view.horizon_days))],
        ))
        .x_labels(6)
        .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    let dot = BAR.mix(0.45).filled();
    chart
        .draw_series(
            view.points
                .iter()
                .map(|&(p, e)| Circle::new((p.clamp(0.0, 1.0), e.clamp(0.0, top)), 2, dot)),
        )
        .map_err(|e| ChartError(e.to_string()))?;
    Ok(())
}

/// The calibration of a purchase-propensity model on its holdout: per bin of customers
/// (sorted by predicted probability), the mean prediction against the share who bought.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CalibrationView {
    /// Area under the ROC curve on the holdout.
    pub auc: f64,
    /// The purchase window in days.
    pub window_days: u32,
    /// `(mean predicted, observed rate, customers)` per bin, in order of prediction.
    pub bins: Vec<(f64, f64, usize)>,
}

impl CalibrationView {
    /// The view of a propensity report.
    pub fn from_report(report: &segmint_core::clv::propensity::PropensityReport) -> Self {
        Self {
            auc: report.auc,
            window_days: report.window_days,
            bins: report
                .calibration
                .iter()
                .map(|b| (b.mean_predicted, b.observed_rate, b.customers))
                .collect(),
        }
    }
}

/// Draw `view`: the diagonal of perfect calibration, and one point per bin joined by a line.
pub fn draw_calibration<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &CalibrationView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(area)
        .caption(
            words.text(
                "chart-calibration-title",
                &[
                    ("days", &view.window_days.to_string()),
                    ("auc", &format!("{:.2}", view.auc)),
                ],
            ),
            (FONT, 16),
        )
        .margin(8)
        .margin_right(20)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .map_err(|e| ChartError(e.to_string()))?;
    let percent = |v: &f64| format!("{:.0}%", v * 100.0);
    chart
        .configure_mesh()
        .x_desc(words.text("chart-calibration-x", &[]))
        .y_desc(words.text("chart-calibration-y", &[]))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&percent)
        .y_label_formatter(&percent)
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    let grey = RGBColor(0x88, 0x88, 0x88);
    chart
        .draw_series(LineSeries::new(
            [(0.0, 0.0), (1.0, 1.0)],
            grey.stroke_width(1),
        ))
        .map_err(|e| ChartError(e.to_string()))?;
    let points: Vec<(f64, f64)> = view
        .bins
        .iter()
        .map(|&(p, o, _)| (p.clamp(0.0, 1.0), o.clamp(0.0, 1.0)))
        .collect();
    chart
        .draw_series(LineSeries::new(points.clone(), BAR.stroke_width(2)))
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .draw_series(points.into_iter().map(|p| Circle::new(p, 4, BAR.filled())))
        .map_err(|e| ChartError(e.to_string()))?;
    Ok(())
}
