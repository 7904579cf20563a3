use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{INCOMPLETE, heat, ink_on};
use crate::{ChartError, FONT, Words, clean_label};

/// Retention by first-purchase month: one row per cohort, one column per month since.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CohortHeatmapView {
    /// Cohort labels (`2011-01`), oldest first.
    pub cohorts: Vec<String>,
    /// `shares[c][k]`: share (0..=1) of cohort `c` that bought in month `+k`.
    pub shares: Vec<Vec<f64>>,
    /// `complete[c][k]`: whether that month was fully observed.
    pub complete: Vec<Vec<bool>>,
}

impl CohortHeatmapView {
    /// The view of a cohort report.
    pub fn from_report(report: &segmint_core::cohort::CohortReport) -> Self {
        Self {
            cohorts: report.cohorts.iter().map(|c| c.cohort.clone()).collect(),
            shares: report
                .cohorts
                .iter()
                .map(|c| c.cells.iter().map(|cell| cell.share).collect())
                .collect(),
            complete: report
                .cohorts
                .iter()
                .map(|c| c.cells.iter().map(|cell| cell.complete).collect())
                .collect(),
        }
    }

    /// Months on the horizontal axis.
    pub fn months(&self) -> usize {
        self.shares.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Draw `view`: the oldest cohort at the top, month 0 on the left, the share in each cell;
/// partly observed months are outlined in orange.
pub fn draw_cohort_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &CohortHeatmapView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let rows = view.cohorts.len().max(1);
    let months = view.months().max(1);
    let labels: Vec<String> = view.cohorts.iter().map(|c| clean_label(c, 12)).collect();
    let mut chart = ChartBuilder::on(area)
        .caption(words.text("chart-cohort-title", &[]), (FONT, 16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(80)
        // An integer range is inclusive as a discrete axis: `0..n - 1` holds n segments.
        .build_cartesian_2d((0..months - 1).into_segmented(), (0..rows - 1).into_segmented())
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(words.text("chart-cohort-x", &[]))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) if *k < months => format!("+{k}"),
            _ => String::new(),
        })
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if *i < rows => {
                labels.get(rows - 1 - i).cloned().unwrap_or_default()
            }
            _ => String::new(),
        })
        .x_labels(months)
        .y_labels(rows)
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    let cells: Vec<(usize, usize, f64, bool)> = view
        .shares
        .iter()
        .enumerate()
        .flat_map(|(c, row)| {
            let complete = view.complete.get(c);
            row.iter().enumerate().map(move |(k, &share)| {
                let done = complete.and_then(|v| v.get(k)).copied().unwrap_or(true);
                (rows - 1 - c, k, share, done)
            })
        })
        .collect();
    let rect = |i: usize, k: usize| {
        [
            (SegmentValue::Exact(k), SegmentValue::Exact(i)),
            (SegmentValue::Exact(k + 1), SegmentValue::Exact(i + 1)),
        ]
    };
    chart
        .draw_series(
            cells
                .iter()
                .map(|&(i, k, share, _)| Rectangle::new(rect(i, k), heat(share).filled())),
        )
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .draw_series(
            cells
                .iter()
                .filter(|c| !c.3)
                .map(|&(i, k, _, _)| Rectangle::new(rect(i, k), INCOMPLETE.stroke_width(2))),
        )
        .map_err(|e| ChartError(e.to_string()))?;
    // Percentages only where a cell is wide enough to hold one.
    let (width, _) = area.dim_in_pixel();
    if (width as usize).saturating_sub(100) / months >= 30 && rows <= 40 {
        let centre = Pos::new(HPos::Center, VPos::Center);
        chart
            .draw_series(cells.iter().map(|&(i, k, share, _)| {
                let style = (FONT, 11).into_font().color(&ink_on(share)).pos(centre);
                Text::new(
                    format!("{:.0}%", share * 100.0),
                    (SegmentValue::CenterOf(k), SegmentValue::CenterOf(i)),
                    style,
                )
            }))
            .map_err(|e| ChartError(e.to_string()))?;
    }
    Ok(())
}
