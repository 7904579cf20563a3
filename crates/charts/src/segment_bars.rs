use plotters::coord::Shift;
use plotters::prelude::*;

use crate::palette::BAR;
use crate::{ChartError, FONT, Words, clean_label};

/// Customers per segment: one horizontal bar per segment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SegmentBarsView {
    /// Segment names, top to bottom.
    pub names: Vec<String>,
    /// Customers per segment.
    pub customers: Vec<u64>,
}

impl SegmentBarsView {
    /// The segments of an RFM report, in the report's order.
    pub fn from_report(report: &segmint_core::rfm::RfmReport) -> Self {
        Self {
            names: report.segments.iter().map(|s| s.name.clone()).collect(),
            customers: report.segments.iter().map(|s| s.customers).collect(),
        }
    }
}

/// Draw `view` as horizontal bars of customers, the first segment at the top.
pub fn draw_segment_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &SegmentBarsView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let n = view.names.len().max(1);
    let labels: Vec<String> = view.names.iter().map(|c| clean_label(c, 24)).collect();
    let max = view.customers.iter().copied().max().unwrap_or(0).max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(words.text("chart-segments-title", &[]), (FONT, 16))
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(150)
        // An integer range is inclusive as a discrete axis: `0..n - 1` holds n segments.
        .build_cartesian_2d(0u64..max + max / 10 + 1, (0..n - 1).into_segmented())
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(words.text("chart-customers", &[]))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if *i < n => {
                labels.get(n - 1 - i).cloned().unwrap_or_default()
            }
            _ => String::new(),
        })
        .y_labels(n)
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .draw_series(view.customers.iter().enumerate().map(|(k, &c)| {
            let i = n - 1 - k;
            Rectangle::new(
                [(0, SegmentValue::Exact(i)), (c, SegmentValue::Exact(i + 1))],
                BAR.filled(),
            )
        }))
        .map_err(|e| ChartError(e.to_string()))?;
    Ok(())
}
