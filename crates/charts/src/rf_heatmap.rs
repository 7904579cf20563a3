use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::ChartError;
use crate::palette::{heat, ink_on};

/// Customers per (recency score, frequency score): the R×F grid of an RFM analysis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RfHeatmapView {
    /// Scores run 1..=bins on both axes.
    pub bins: u8,
    /// `counts[r - 1][f - 1]`: customers with recency score `r` and frequency score `f`.
    pub counts: Vec<Vec<u64>>,
}

impl RfHeatmapView {
    /// The grid of an RFM report.
    pub fn from_report(report: &segmint_core::rfm::RfmReport) -> Self {
        let n = usize::from(report.bins);
        let mut counts = vec![vec![0u64; n]; n];
        for c in &report.customers {
            let (r, f) = (usize::from(c.r), usize::from(c.f));
            if (1..=n).contains(&r) && (1..=n).contains(&f) {
                counts[r - 1][f - 1] += 1;
            }
        }
        Self {
            bins: report.bins,
            counts,
        }
    }

    /// The largest cell.
    pub fn max(&self) -> u64 {
        self.counts.iter().flatten().copied().max().unwrap_or(0)
    }
}

/// Draw `view` as a heatmap: frequency score across, recency score up, the count in each cell.
pub fn draw_rf_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &RfHeatmapView,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let n = i32::from(view.bins.max(1));
    let mut chart = ChartBuilder::on(area)
        .caption("Customers by recency and frequency score", ("sans-serif", 16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(48)
        // An integer range is inclusive as a discrete axis: `1..n` holds the n scores.
        .build_cartesian_2d((1..n).into_segmented(), (1..n).into_segmented())
        .map_err(|e| ChartError(e.to_string()))?;
    let score = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(s) if *s <= n => s.to_string(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("frequency score (F)")
        .y_desc("recency score (R)")
        .x_label_formatter(&score)
        .y_label_formatter(&score)
        .x_labels(n as usize)
        .y_labels(n as usize)
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    let max = view.max().max(1) as f64;
    let cells: Vec<(i32, i32, u64)> = view
        .counts
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(move |(f, &c)| (r as i32 + 1, f as i32 + 1, c))
        })
        .collect();
    chart
        .draw_series(cells.iter().map(|&(r, f, c)| {
            Rectangle::new(
                [
                    (SegmentValue::Exact(f), SegmentValue::Exact(r)),
                    (SegmentValue::Exact(f + 1), SegmentValue::Exact(r + 1)),
                ],
                heat(c as f64 / max).filled(),
            )
        }))
        .map_err(|e| ChartError(e.to_string()))?;
    let centre = Pos::new(HPos::Center, VPos::Center);
    chart
        .draw_series(cells.iter().map(|&(r, f, c)| {
            let style = ("sans-serif", 13)
                .into_font()
                .color(&ink_on(c as f64 / max))
                .pos(centre);
            Text::new(
                c.to_string(),
                (SegmentValue::CenterOf(f), SegmentValue::CenterOf(r)),
                style,
            )
        }))
        .map_err(|e| ChartError(e.to_string()))?;
    Ok(())
}
