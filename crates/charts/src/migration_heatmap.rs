use plotters::coord::Shift;
use plotters::prelude::*;

use crate::rf_heatmap::draw_count_cells;
use crate::{ChartError, FONT, Words, clean_label};

/// How customers moved between segments: rows are the segment at the earlier date (plus
/// "(new)"), columns the segment at the later date, each cell a count of customers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MigrationHeatmapView {
    /// The earlier date, `YYYY-MM-DD`.
    pub from_date: String,
    /// The later date.
    pub to_date: String,
    /// Row labels (segments at `from_date`, then "Other", then "(new)").
    pub rows: Vec<String>,
    /// Column labels (segments at `to_date`, then "Other").
    pub columns: Vec<String>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<u64>>,
}

impl MigrationHeatmapView {
    /// The view of a core migration matrix.
    pub fn from_migration(m: &segmint_core::rfm::Migration) -> Self {
        let width = m.counts.first().map_or(0, Vec::len);
        Self {
            from_date: m.from_date.clone(),
            to_date: m.to_date.clone(),
            rows: m.segments.clone(),
            columns: m.segments.iter().take(width).cloned().collect(),
            counts: m.counts.clone(),
        }
    }

    /// The largest cell.
    pub fn max(&self) -> u64 {
        self.counts.iter().flatten().copied().max().unwrap_or(0)
    }
}

/// Draw `view` as a heatmap: segment at the later date across, at the earlier date down (in
/// rule order from the top), the count in every non-empty cell.
pub fn draw_migration_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &MigrationHeatmapView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let (rows, columns) = (
        view.rows.len().max(1) as i32,
        view.columns.len().max(1) as i32,
    );
    let row_labels: Vec<String> = view.rows.iter().map(|l| clean_label(l, 22)).collect();
    let column_labels: Vec<String> = view.columns.iter().map(|l| clean_label(l, 13)).collect();
    let mut chart = ChartBuilder::on(area)
        .caption(
            clean_label(
                &words.text(
                    "chart-migration-title",
                    &[("from", &view.from_date), ("to", &view.to_date)],
                ),
                80,
            ),
            (FONT, 16),
        )
        .margin(8)
        .margin_right(16)
        .x_label_area_size(44)
        .y_label_area_size(150)
        // Discrete integer axes are inclusive: `0..n - 1` holds the n labels.
        .build_cartesian_2d((0..columns - 1).into_segmented(), (0..rows - 1).into_segmented())
        .map_err(|e| ChartError(e.to_string()))?;
    // Row 0 (the first rule) is drawn at the top: segment i holds row rows - 1 - i.
    let row_label = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if (0..rows).contains(i) => row_labels
            .get((rows - 1 - i) as usize)
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    let column_label = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if (0..columns).contains(i) => {
            column_labels.get(*i as usize).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(words.text("chart-migration-x", &[]))
        .y_desc(words.text("chart-migration-y", &[]))
        .x_label_formatter(&column_label)
        .y_label_formatter(&row_label)
        .x_label_style((FONT, 11))
        .x_labels(columns as usize)
        .y_labels(rows as usize)
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    let cells: Vec<(i32, i32, u64)> = view
        .counts
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(move |(c, &n)| (c as i32, rows - 1 - r as i32, n))
        })
        .collect();
    draw_count_cells(&mut chart, &cells, 12, false)?;
    Ok(())
}
