use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::RangedCoordi32;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{heat, ink_on};
use crate::{ChartError, FONT, Words};

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
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let n = i32::from(view.bins.max(1));
    let mut chart = ChartBuilder::on(area)
        .caption(words.text("chart-rf-title", &[]), (FONT, 16))
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
        .x_desc(words.text("chart-rf-x", &[]))
        .y_desc(words.text("chart-rf-y", &[]))
        .x_label_formatter(&score)
        .y_label_formatter(&score)
        .x_labels(n as usize)
        .y_labels(n as usize)
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    let cells: Vec<(i32, i32, u64)> = view
        .counts
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(move |(f, &c)| (f as i32 + 1, r as i32 + 1, c))
        })
        .collect();
    draw_count_cells(&mut chart, &cells, 13, true)?;
    Ok(())
}

/// The discrete grid both heatmaps draw on.
pub(crate) type Grid<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<SegmentedCoord<RangedCoordi32>, SegmentedCoord<RangedCoordi32>>,
>;

/// Fill each `(x, y, count)` cell of `chart` on the heat scale (relative to the largest
/// count) and write its count in the middle, in ink that reads on that fill; with
/// `zeros: false` an empty cell keeps its fill but gets no "0".
pub(crate) fn draw_count_cells<DB: DrawingBackend>(
    chart: &mut Grid<'_, DB>,
    cells: &[(i32, i32, u64)],
    font_size: u32,
    zeros: bool,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    let max = cells.iter().map(|c| c.2).max().unwrap_or(0).max(1) as f64;
    chart
        .draw_series(cells.iter().map(|&(x, y, n)| {
            Rectangle::new(
                [
                    (SegmentValue::Exact(x), SegmentValue::Exact(y)),
                    (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1)),
                ],
                heat(n as f64 / max).filled(),
            )
        }))
        .map_err(|e| ChartError(e.to_string()))?;
    let centre = Pos::new(HPos::Center, VPos::Center);
    chart
        .draw_series(cells.iter().filter(|c| zeros || c.2 > 0).map(|&(x, y, n)| {
            let style = (FONT, font_size)
                .into_font()
                .color(&ink_on(n as f64 / max))
                .pos(centre);
            Text::new(
                n.to_string(),
                (SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)),
                style,
            )
        }))
        .map_err(|e| ChartError(e.to_string()))?;
    Ok(())
}
