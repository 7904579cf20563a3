use plotters::coord::Shift;
use plotters::prelude::*;

use crate::palette::BAR;
use crate::{ChartError, FONT, Words, clean_label};

/// A histogram: counts of values in equal-width bins.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistogramView {
    /// The chart's title.
    pub title: String,
    /// What the values are.
    pub x_desc: String,
    /// Bin edges, `counts.len() + 1` of them, increasing.
    pub edges: Vec<f64>,
    /// Values per bin; the last bin also holds every value above the last edge.
    pub counts: Vec<u64>,
}

impl HistogramView {
    /// `bins` equal-width bins from the smallest value to the 99th percentile; the few values
    /// above it are counted in the last bin, so one outlier does not flatten the chart.
    /// Non-finite values are skipped.
    pub fn from_values(title: &str, x_desc: &str, values: &[f64], bins: usize) -> Self {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let bins = bins.max(1);
        let (Some(&lo), Some(_)) = (sorted.first(), sorted.last()) else {
            return Self {
                title: title.to_owned(),
                x_desc: x_desc.to_owned(),
                ..Self::default()
            };
        };
        let p99 = sorted[((sorted.len() - 1) as f64 * 0.99).round() as usize];
        let hi = if p99 > lo { p99 } else { lo + 1.0 };
        let width = (hi - lo) / bins as f64;
        let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
        let mut counts = vec![0u64; bins];
        for v in sorted {
            let i = (((v - lo) / width).floor() as usize).min(bins - 1);
            counts[i] += 1;
        }
        Self {
            title: title.to_owned(),
            x_desc: x_desc.to_owned(),
            edges,
            counts,
        }
    }
}

/// Draw `view` as adjacent bars.
pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &HistogramView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let lo = view.edges.first().copied().unwrap_or(0.0);
    let hi = view
        .edges
        .last()
        .copied()
        .unwrap_or(1.0)
        .max(lo + f64::EPSILON);
    let max = view.counts.iter().copied().max().unwrap_or(0).max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(clean_label(&view.title, 80), (FONT, 16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(lo..hi, 0u64..max + max / 10 + 1)
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(clean_label(&view.x_desc, 60))
        .y_desc(words.text("chart-customers", &[]))
        .x_label_formatter(&|v| crate::format_compact(*v, 1))
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .draw_series(
            view.counts
                .iter()
                .zip(view.edges.windows(2))
                .map(|(&c, e)| Rectangle::new([(e[0], 0), (e[1], c)], BAR.filled())),
        )
        .map_err(|e| ChartError(e.to_string()))?;
    Ok(())
}
