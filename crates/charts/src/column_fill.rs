use plotters::coord::Shift;
use plotters::prelude::*;

use crate::{ChartError, FONT, Words, clean_label};

/// How completely each column of a file is filled: one horizontal bar per column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnFillView {
    /// Column names, in file order.
    pub columns: Vec<String>,
    /// Share of data rows (0..=1) with a non-empty value, per column.
    pub filled: Vec<f64>,
}

impl ColumnFillView {
    /// The view for an inspection report.
    pub fn from_report(report: &segmint_core::InspectReport) -> Self {
        let rows = report.rows_read.max(1) as f64;
        let columns = (0..report.columns)
            .map(|i| match report.header.get(i) {
                Some(name) if !name.trim().is_empty() => name.clone(),
                _ => format!("column {}", i + 1),
            })
            .collect();
        let filled = report
            .column_filled
            .iter()
            .map(|&n| n as f64 / rows)
            .collect();
        Self { columns, filled }
    }
}

/// Draw `view` as horizontal bars of percent filled, one per column.
pub fn draw_column_fill<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ColumnFillView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let n = view.columns.len().max(1);
    let labels: Vec<String> = view.columns.iter().map(|c| clean_label(c, 24)).collect();
    // A discrete integer axis is inclusive: `0..n - 1` holds exactly the n columns (`0..n`
    // would add an empty row above the first one).
    let last = n as i32 - 1;
    let mut chart = ChartBuilder::on(area)
        .caption(words.text("chart-column-fill-title", &[]), (FONT, 16))
        .margin(8)
        // Room on the right so the "100%" label is not cut off.
        .margin_right(24)
        .x_label_area_size(44)
        .y_label_area_size(120)
        .build_cartesian_2d(0.0..100.0, (0..last).into_segmented())
        .map_err(|e| ChartError(e.to_string()))?;
    let row = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if (0..=last).contains(i) => {
            labels.get((last - i) as usize).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(words.text("chart-column-fill-x", &[]))
        // Five steps of 20%: short labels that never crowd, whatever the canvas is scaled to.
        .x_labels(6)
        .x_label_formatter(&|v| format!("{v:.0}%"))
        // The first column is drawn at the top: segment i holds column n - 1 - i.
        .y_label_formatter(&row)
        .y_labels(n)
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    let bar_colour = RGBColor(0x2f, 0x6f, 0xb3);
    chart
        .draw_series(view.filled.iter().enumerate().map(|(column, &share)| {
            let i = last - column as i32;
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(i)),
                    (share * 100.0, SegmentValue::Exact(i + 1)),
                ],
                bar_colour.filled(),
            );
            bar.set_margin(2, 2, 0, 0);
            bar
        }))
        .map_err(|e| ChartError(e.to_string()))?;
    Ok(())
}
