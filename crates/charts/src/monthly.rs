use plotters::coord::Shift;
use plotters::prelude::*;

use crate::palette::BAR;
use crate::{ChartError, FONT, Words};

/// Revenue (bars, left axis) and active customers (line, right axis) by month.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthlyView {
    /// Month labels (`YYYY-MM`), oldest first.
    pub months: Vec<String>,
    /// Revenue per month.
    pub revenue: Vec<f64>,
    /// Active customers per month.
    pub customers: Vec<u64>,
    /// Whether each month is fully covered; a partial month's bar is drawn hollow.
    pub complete: Vec<bool>,
}

/// Draw `view`: one bar per month, the customers as a line over them.
pub fn draw_monthly<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &MonthlyView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let n = view.months.len().max(1);
    let max_revenue = view.revenue.iter().copied().fold(0.0f64, f64::max).max(1.0);
    let max_customers = view.customers.iter().copied().max().unwrap_or(0).max(1);
    let step = n.div_ceil(12).max(1);
    let label = |x: &SegmentValue<u32>| match x {
        SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(step) => {
            view.months.get(*i as usize).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    // A segmented range a..b has a segment for b too: the last month is n − 1.
    let x = (0u32..n as u32 - 1).into_segmented();
    let mut chart = ChartBuilder::on(area)
        .caption(words.text("chart-monthly-title", &[]), (FONT, 16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .right_y_label_area_size(52)
        .build_cartesian_2d(x.clone(), 0.0..max_revenue * 1.1)
        .map_err(|e| ChartError(e.to_string()))?
        .set_secondary_coord(x, 0u64..max_customers + max_customers / 10 + 1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&label)
        .y_desc(words.text("chart-monthly-revenue", &[]))
        .y_label_formatter(&|v| crate::format_compact(*v, 0))
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .configure_secondary_axes()
        .y_desc(words.text("chart-monthly-customers", &[]))
        .draw()
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .draw_series(view.revenue.iter().enumerate().map(|(i, &r)| {
            let complete = view.complete.get(i).copied().unwrap_or(true);
            let style = if complete {
                BAR.filled()
            } else {
                BAR.stroke_width(2)
            };
            let i = i as u32;
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), r),
                ],
                style,
            );
            bar.set_margin(0, 0, 4, 4);
            bar
        }))
        .map_err(|e| ChartError(e.to_string()))?;
    let line = RGBColor(0xd9, 0x5f, 0x02);
    let points: Vec<(SegmentValue<u32>, u64)> = view
        .customers
        .iter()
        .enumerate()
        .map(|(i, &c)| (SegmentValue::CenterOf(i as u32), c))
        .collect();
    chart
        .draw_secondary_series(LineSeries::new(points.clone(), line.stroke_width(2)))
        .map_err(|e| ChartError(e.to_string()))?;
    chart
        .draw_secondary_series(points.into_iter().map(|p| Circle::new(p, 3, line.filled())))
        .map_err(|e| ChartError(e.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_bar_per_month_and_the_customer_line() {
        let view = MonthlyView {
            months: vec!["2024-01".into(), "2024-02".into(), "2024-03".into()],
            revenue: vec![100.0, 250.0, 80.0],
            customers: vec![3, 5, 2],
            complete: vec![true, true, false],
        };
        let svg = crate::to_svg(640, 300, |area| {
            draw_monthly(area, &view, &|k: &str, _: &[(&str, &str)]| k.to_owned())
        })
        .unwrap();
        assert!(
            svg.contains("chart-monthly-title"),
            "the title from the words"
        );
        assert!(svg.contains("2024-02"), "month labels");
        assert!(svg.contains("<polyline"), "the customers line");
        // Two filled bars and one hollow (the partial month).
        let filled = svg.matches("<rect").count();
        assert!(filled >= 3, "{filled} rects");
    }
}
