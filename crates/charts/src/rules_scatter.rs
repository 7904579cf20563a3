use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{INK, viridis};
use crate::{ChartError, FONT, Words, clean_label};

/// At most this many rules are drawn: the ones with the highest lift.
pub const RULES_MAX_POINTS: usize = 5_000;

/// Association rules as points: support across, confidence up, lift as colour.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RulesScatterView {
    /// Support of each rule drawn.
    pub support: Vec<f64>,
    /// Confidence of each rule drawn.
    pub confidence: Vec<f64>,
    /// Lift of each rule drawn.
    pub lift: Vec<f64>,
    /// Rules in the report (drawn or not).
    pub total: usize,
}

impl RulesScatterView {
    /// The rules of a basket report; above `max_points` rules, those with the highest lift
    /// (ties: report order).
    pub fn from_report(report: &segmint_core::basket::BasketReport, max_points: usize) -> Self {
        let rules = &report.rules;
        let mut keep: Vec<usize> = (0..rules.len()).collect();
        if rules.len() > max_points {
            keep.sort_by(|&a, &b| {
                rules[b]
                    .metrics
                    .lift
                    .total_cmp(&rules[a].metrics.lift)
                    .then(a.cmp(&b))
            });
            keep.truncate(max_points);
            keep.sort_unstable();
        }
        Self {
            support: keep.iter().map(|&i| rules[i].metrics.support).collect(),
            confidence: keep.iter().map(|&i| rules[i].metrics.confidence).collect(),
            lift: keep.iter().map(|&i| rules[i].metrics.lift).collect(),
            total: rules.len(),
        }
    }

    /// The caption: what is drawn, and how many of the rules.
    pub fn caption(&self, words: &dyn Words) -> String {
        if self.support.len() < self.total {
            words.text(
                "chart-rules-scatter-sampled",
                &[
                    ("shown", &self.support.len().to_string()),
                    ("total", &self.total.to_string()),
                ],
            )
        } else {
            words.text("chart-rules-scatter-title", &[])
        }
    }

    /// The lift range of the colour scale (finite lifts only; `(1, 1)` when none).
    pub fn lift_range(&self) -> (f64, f64) {
        let (lo, hi) = self
            .lift
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        if lo.is_finite() { (lo, hi) } else { (1.0, 1.0) }
    }
}

/// Where `lift` falls on the colour scale: logarithmic, since lifts run from about 1 to the
/// hundreds.
fn scale(lift: f64, (lo, hi): (f64, f64)) -> f64 {
    if hi <= lo || lift <= 0.0 || lo <= 0.0 {
        return 0.5;
    }
    (lift.ln() - lo.ln()) / (hi.ln() - lo.ln())
}

/// Draw `view`: one dot per rule, a colour bar for lift on the right.
pub fn draw_rules_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &RulesScatterView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError(e.to_string());
    let (width, _) = area.dim_in_pixel();
    let (plot, legend) = area.split_horizontally(width.saturating_sub(86));
    let n = view
        .support
        .len()
        .min(view.confidence.len())
        .min(view.lift.len());
    let points: Vec<usize> = (0..n)
        .filter(|&i| view.support[i].is_finite() && view.confidence[i].is_finite())
        .collect();
    let max_support = points.iter().map(|&i| view.support[i]).fold(0.0, f64::max);
    let x_top = if max_support > 0.0 {
        max_support * 1.08
    } else {
        0.01
    };
    let mut chart = ChartBuilder::on(&plot)
        .caption(clean_label(&view.caption(words), 90), (FONT, 15))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d(0.0..x_top, 0.0..1.02)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(words.text("chart-rules-x", &[]))
        .y_desc(words.text("chart-rules-y", &[]))
        .x_label_formatter(&|v| format!("{:.1}%", v * 100.0))
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .light_line_style(WHITE)
        .draw()
        .map_err(err)?;
    let range = view.lift_range();
    // Highest lift last, so it is drawn on top.
    let mut order = points.clone();
    order.sort_by(|&a, &b| view.lift[a].total_cmp(&view.lift[b]).then(a.cmp(&b)));
    chart
        .draw_series(order.iter().map(|&i| {
            let colour = viridis(scale(view.lift[i], range));
            Circle::new(
                (view.support[i], view.confidence[i]),
                3,
                colour.mix(0.85).filled(),
            )
        }))
        .map_err(err)?;

    // The colour bar: lift from bottom (low) to top (high), log scale, three labels.
    let (_, height) = legend.dim_in_pixel();
    let top = 40i32;
    let bottom = (height as i32 - 50).max(top + 20);
    let steps = 24;
    let x0 = 8i32;
    let label = (FONT, 12)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    legend.draw(&Text::new(
        words.text("chart-metric-lift", &[]),
        (x0, top - 16),
        (FONT, 12).into_font().color(&INK),
    ))?;
    for s in 0..steps {
        let t0 = s as f64 / steps as f64;
        let y1 = bottom - ((bottom - top) as f64 * t0).round() as i32;
        let y0 = bottom - ((bottom - top) as f64 * (s + 1) as f64 / steps as f64).round() as i32;
        legend.draw(&Rectangle::new(
            [(x0, y0), (x0 + 16, y1)],
            viridis((s as f64 + 0.5) / steps as f64).filled(),
        ))?;
    }
    let (lo, hi) = range;
    let mid = (lo * hi).sqrt();
    for (t, v) in [(0.0, lo), (0.5, mid), (1.0, hi)] {
        let y = bottom - ((bottom - top) as f64 * t).round() as i32;
        legend.draw(&Text::new(format!("{v:.1}"), (x0 + 22, y), label.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::scale;

    #[test]
    fn lift_scale_is_logarithmic_and_safe() {
        assert_eq!(scale(1.0, (1.0, 100.0)), 0.0);
        assert!((scale(10.0, (1.0, 100.0)) - 0.5).abs() < 1e-12);
        assert_eq!(scale(100.0, (1.0, 100.0)), 1.0);
        assert_eq!(scale(3.0, (3.0, 3.0)), 0.5);
        assert_eq!(scale(0.0, (1.0, 2.0)), 0.5);
    }
}
