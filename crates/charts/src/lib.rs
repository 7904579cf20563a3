//! Segmint's charts.
//!
//! Every chart is a function `draw_x<DB: DrawingBackend>(area, &view)` over a plain view
//! struct, so one function draws to a canvas in the browser and to an SVG string natively
//! (for tests and for "export as SVG"). Labels that come from user data pass through
//! [`clean_label`] first: control characters never reach a chart.
#![deny(missing_docs)]

mod cluster_scatter;
mod clv_charts;
mod cohort_heatmap;
mod column_fill;
mod elbow_silhouette;
mod histogram;
mod legend;
mod measured;
mod migration_heatmap;
mod monthly;
mod palette;
mod rf_heatmap;
mod rules_scatter;
mod segment_bars;
mod top_rules;

pub use cluster_scatter::{ClusterScatterView, SCATTER_MAX_POINTS, draw_cluster_scatter};
pub use palette::CATEGORIES;

/// The colour of category `i` (cluster `i` in [`draw_cluster_scatter`]) as `#rrggbb`, for a
/// swatch next to the chart; cycles after [`CATEGORIES`].
pub fn category_hex(i: usize) -> String {
    let c = palette::category(i);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}
pub use clv_charts::{CalibrationView, PAliveScatterView, draw_calibration, draw_p_alive_scatter};
pub use cohort_heatmap::{CohortHeatmapView, draw_cohort_heatmap};
pub use column_fill::{ColumnFillView, draw_column_fill};
pub use elbow_silhouette::{ElbowSilhouetteView, draw_elbow_silhouette};
pub use histogram::{HistogramView, draw_histogram};
#[cfg(feature = "canvas")]
pub use measured::canvas_measure;
pub use measured::{Measure, Tap, Tapped, TextMeasured};
pub use migration_heatmap::{MigrationHeatmapView, draw_migration_heatmap};
pub use monthly::{MonthlyView, draw_monthly};
pub use rf_heatmap::{RfHeatmapView, draw_rf_heatmap};
pub use rules_scatter::{RULES_MAX_POINTS, RulesScatterView, draw_rules_scatter};
pub use segment_bars::{SegmentBarsView, draw_segment_bars};
pub use top_rules::{RankBy, TopRulesView, draw_top_rules, item_text, rule_text};

use plotters::prelude::*;

/// The font of every chart text: the CJK fonts first that a Chinese label needs (Noto Sans
/// CJK on Linux, PingFang on macOS, Microsoft YaHei on Windows, WenQuanYi as a fallback),
/// then the platform's sans-serif, which still draws Latin text. Names are single-quoted so
/// that the list fits both a canvas font string and an SVG `font-family="…"` attribute.
pub const FONT: &str = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC',\
                        'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif";

/// Where a chart gets its words (titles, axes, legends): `text(key, variables)` returns the
/// message `key` (`chart-segments-title`, …) in the reader's language. The charts know the
/// keys and not the languages; the browser crates pass `segmint_web::Lang`'s messages. Any
/// `Fn(&str, &[(&str, &str)]) -> String` is one.
pub trait Words {
    /// The message `key` with its variables (numbers already written as the chart shows
    /// them).
    fn text(&self, key: &str, args: &[(&str, &str)]) -> String;
}

impl<F: Fn(&str, &[(&str, &str)]) -> String> Words for F {
    fn text(&self, key: &str, args: &[(&str, &str)]) -> String {
        self(key, args)
    }
}

/// A chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("could not draw the chart: {0}")]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// Strip control characters from a label and shorten it to `max_chars` characters.
pub fn clean_label(label: &str, max_chars: usize) -> String {
    let cleaned: String = label.chars().filter(|c| !c.is_control()).collect();
    if cleaned.chars().count() <= max_chars {
        return cleaned;
    }
    let mut short: String = cleaned.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// `1234.5` → `1.2k` (thousands with `thousands_decimals` decimals), `2.5M`: axis labels stay
/// short.
pub(crate) fn format_compact(v: f64, thousands_decimals: usize) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e3 {
        format!("{:.*}k", thousands_decimals, v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// Draw a chart into an SVG document of `width`×`height` pixels.
pub fn to_svg<F>(width: u32, height: u32, draw: F) -> Result<String, ChartError>
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), ChartError>,
{
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(&area)?;
        area.present()?;
    }
    Ok(svg)
}

/// Draw a chart into an SVG document, measuring text with `measure` instead of plotters' own
/// measuring (which, in the browser, inserts a styled element: a CSP violation).
pub fn to_svg_measured<M, F>(
    width: u32,
    height: u32,
    measure: M,
    draw: F,
) -> Result<String, ChartError>
where
    M: Fn(&str, f64, &str) -> (u32, u32),
    F: FnOnce(
        &DrawingArea<TextMeasured<SVGBackend<'_>, M>, plotters::coord::Shift>,
    ) -> Result<(), ChartError>,
{
    let mut svg = String::new();
    {
        let backend = SVGBackend::with_string(&mut svg, (width, height));
        let area = TextMeasured::new(backend, measure).into_drawing_area();
        draw(&area)?;
        area.present()?;
    }
    Ok(svg)
}

/// Any of the charts, so that one piece of UI can draw, show and export each of them.
#[derive(Clone, Debug, PartialEq)]
pub enum Chart {
    /// [`draw_column_fill`].
    ColumnFill(ColumnFillView),
    /// [`draw_rf_heatmap`].
    RfHeatmap(RfHeatmapView),
    /// [`draw_segment_bars`].
    SegmentBars(SegmentBarsView),
    /// [`draw_cohort_heatmap`].
    CohortHeatmap(CohortHeatmapView),
    /// [`draw_histogram`].
    Histogram(HistogramView),
    /// [`draw_migration_heatmap`].
    MigrationHeatmap(MigrationHeatmapView),
    /// [`draw_p_alive_scatter`].
    PAliveScatter(PAliveScatterView),
    /// [`draw_calibration`].
    Calibration(CalibrationView),
    /// [`draw_elbow_silhouette`].
    ElbowSilhouette(ElbowSilhouetteView),
    /// [`draw_cluster_scatter`].
    ClusterScatter(ClusterScatterView),
    /// [`draw_rules_scatter`].
    RulesScatter(RulesScatterView),
    /// [`draw_top_rules`].
    TopRules(TopRulesView),
    /// [`draw_monthly`].
    Monthly(MonthlyView),
}

impl Chart {
    /// Draw the chart on `area`.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, plotters::coord::Shift>,
        words: &dyn Words,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        match self {
            Chart::ColumnFill(v) => draw_column_fill(area, v, words),
            Chart::RfHeatmap(v) => draw_rf_heatmap(area, v, words),
            Chart::SegmentBars(v) => draw_segment_bars(area, v, words),
            Chart::CohortHeatmap(v) => draw_cohort_heatmap(area, v, words),
            Chart::Histogram(v) => draw_histogram(area, v, words),
            Chart::MigrationHeatmap(v) => draw_migration_heatmap(area, v, words),
            Chart::PAliveScatter(v) => draw_p_alive_scatter(area, v, words),
            Chart::Calibration(v) => draw_calibration(area, v, words),
            Chart::ElbowSilhouette(v) => draw_elbow_silhouette(area, v, words),
            Chart::ClusterScatter(v) => draw_cluster_scatter(area, v, words),
            Chart::RulesScatter(v) => draw_rules_scatter(area, v, words),
            Chart::TopRules(v) => draw_top_rules(area, v, words),
            Chart::Monthly(v) => draw_monthly(area, v, words),
        }
    }

    /// A size in pixels that fits the chart's content.
    pub fn size(&self) -> (u32, u32) {
        let rows = |n: usize, each: u32| 70 + each * n.max(1) as u32;
        match self {
            Chart::ColumnFill(v) => (640, 76 + 24 * v.columns.len().max(1) as u32),
            Chart::RfHeatmap(v) => (520, rows(usize::from(v.bins), 72).min(820)),
            Chart::SegmentBars(v) => (640, rows(v.names.len(), 30).max(160)),
            Chart::CohortHeatmap(v) => (
                (140 + 44 * v.months() as u32).clamp(480, 1100),
                rows(v.cohorts.len(), 26).max(220),
            ),
            Chart::Histogram(_) => (640, 320),
            Chart::MigrationHeatmap(v) => (
                (200 + 90 * v.columns.len() as u32).clamp(480, 1200),
                (110 + 30 * v.rows.len() as u32).max(240),
            ),
            Chart::PAliveScatter(_) => (640, 360),
            Chart::Calibration(_) => (560, 400),
            Chart::ElbowSilhouette(_) => (680, 340),
            Chart::ClusterScatter(_) => (680, 480),
            Chart::RulesScatter(_) => (720, 440),
            Chart::TopRules(v) => (960, rows(v.labels.len(), 26).max(160)),
            Chart::Monthly(_) => (640, 260),
        }
    }
}

/// Measures `(text, font size in px, font family)` as `(width, height)` in pixels.
pub type MeasureText = Box<dyn Fn(&str, f64, &str) -> (u32, u32)>;

/// The backend charts draw on in the browser: a canvas that measures its own text.
#[cfg(feature = "canvas")]
pub type CanvasBackend = TextMeasured<plotters_canvas::CanvasBackend, MeasureText>;

/// The backend for the `<canvas>` element `canvas`, measuring text with `measureText`.
#[cfg(feature = "canvas")]
pub fn canvas_backend(canvas: web_sys::HtmlCanvasElement) -> Result<CanvasBackend, ChartError> {
    use wasm_bindgen::JsCast;
    let context_2d = |canvas: &web_sys::HtmlCanvasElement| {
        canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    };
    // Text is measured on a canvas outside the page: plotters-canvas sets its own font
    // string on the visible canvas for every label, and measuring there would switch the
    // font back and forth (each switch a parse, and a style resolution for a canvas in the
    // page).
    let measuring = canvas
        .owner_document()
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .and_then(|c| context_2d(&c))
        .or_else(|| context_2d(&canvas))
        .ok_or_else(|| ChartError("the canvas has no 2-D context".into()))?;
    let backend = plotters_canvas::CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| ChartError("the canvas has no 2-D context".into()))?;
    let measure: MeasureText = Box::new(canvas_measure(measuring));
    Ok(TextMeasured::new(backend, measure))
}

/// Draw a chart onto the `<canvas>` element `canvas`.
#[cfg(feature = "canvas")]
pub fn to_canvas<F>(canvas: web_sys::HtmlCanvasElement, draw: F) -> Result<(), ChartError>
where
    F: FnOnce(&DrawingArea<CanvasBackend, plotters::coord::Shift>) -> Result<(), ChartError>,
{
    let area = canvas_backend(canvas)?.into_drawing_area();
    draw(&area)?;
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_control_characters_and_are_shortened() {
        assert_eq!(clean_label("a\u{0}b\r\nc\u{1b}[31m", 20), "abc[31m");
        assert_eq!(clean_label("abcdefgh", 5), "abcd…");
        assert_eq!(clean_label("abcde", 5), "abcde");
    }
}
