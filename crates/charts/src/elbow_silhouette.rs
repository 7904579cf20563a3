use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::legend::{Mark, draw_legend};
use crate::palette::{ACCENT, BAR, INK};
use crate::{ChartError, FONT, Words};

/// The choose-k chart of a clustering sweep: inertia (left axis) and mean silhouette (right
/// axis) for each k, the recommended k marked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ElbowSilhouetteView {
    /// The k values fitted, increasing.
    pub ks: Vec<u32>,
    /// Inertia per k (scaled feature space).
    pub inertia: Vec<f64>,
    /// Mean silhouette per k; `None` where it is undefined.
    pub silhouette: Vec<Option<f64>>,
    /// The recommended k, marked with a vertical line.
    pub recommended: Option<u32>,
}

impl ElbowSilhouetteView {
    /// The sweep of a cluster report, sorted by k.
    pub fn from_report(report: &segmint_core::cluster::ClusterReport) -> Self {
        let mut rows: Vec<_> = report.sweep.iter().collect();
        rows.sort_by_key(|r| r.k);
        Self {
            ks: rows.iter().map(|r| r.k as u32).collect(),
            inertia: rows.iter().map(|r| r.inertia).collect(),
            silhouette: rows.iter().map(|r| r.silhouette).collect(),
            recommended: (report.recommendation.k > 0).then_some(report.recommendation.k as u32),
        }
    }
}

/// Draw `view`: inertia as a blue line with dots, silhouette as an orange line with triangles
/// on a second axis, a dashed line at the recommended k.
pub fn draw_elbow_silhouette<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ElbowSilhouetteView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError(e.to_string());
    let lo = view.ks.first().copied().unwrap_or(1);
    let hi = view.ks.last().copied().unwrap_or(lo).max(lo);
    let x_range = f64::from(lo) - 0.5..f64::from(hi) + 0.5;
    let finite = |v: &&f64| v.is_finite();
    let max_inertia = view
        .inertia
        .iter()
        .filter(finite)
        .copied()
        .fold(0.0, f64::max);
    let inertia_top = if max_inertia > 0.0 {
        max_inertia * 1.1
    } else {
        1.0
    };
    let sil: Vec<f64> = view.silhouette.iter().flatten().copied().collect();
    let sil_lo = sil.iter().copied().fold(0.0, f64::min).max(-1.0);
    let sil_hi = (sil.iter().copied().fold(0.0, f64::max) * 1.15)
        .clamp(0.05, 1.0)
        .max(sil_lo + 0.05);
    let mut chart = ChartBuilder::on(area)
        .caption(words.text("chart-elbow-title", &[]), (FONT, 16))
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .right_y_label_area_size(56)
        .build_cartesian_2d(x_range.clone(), 0.0..inertia_top)
        .map_err(err)?
        .set_secondary_coord(x_range, sil_lo..sil_hi);
    let ticks = (hi - lo + 1) as usize;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_desc(words.text("chart-elbow-x", &[]))
        .y_desc(words.text("chart-elbow-inertia-axis", &[]))
        .x_labels(ticks.max(2))
        .x_label_formatter(&|v| {
            if (v - v.round()).abs() < 1e-9 && *v >= f64::from(lo) && *v <= f64::from(hi) {
                format!("{v:.0}")
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| compact(*v))
        .draw()
        .map_err(err)?;
    chart
        .configure_secondary_axes()
        .y_desc(words.text("chart-elbow-silhouette-axis", &[]))
        .y_label_formatter(&|v| format!("{v:.2}"))
        .draw()
        .map_err(err)?;
    if let Some(k) = view.recommended.filter(|k| (lo..=hi).contains(k)) {
        let x = f64::from(k);
        chart
            .draw_series(DashedLineSeries::new(
                [(x, 0.0), (x, inertia_top)],
                6,
                4,
                INK.stroke_width(1),
            ))
            .map_err(err)?;
        let style = (FONT, 12)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Bottom));
        chart
            .draw_series(std::iter::once(Text::new(
                words.text("chart-elbow-recommended", &[("k", &k.to_string())]),
                (x + 0.08, inertia_top * 0.02),
                style,
            )))
            .map_err(err)?;
    }
    let inertia: Vec<(f64, f64)> = view
        .ks
        .iter()
        .zip(&view.inertia)
        .filter(|(_, v)| v.is_finite())
        .map(|(&k, &v)| (f64::from(k), v))
        .collect();
    chart
        .draw_series(LineSeries::new(inertia.clone(), BAR.stroke_width(2)))
        .map_err(err)?;
    chart
        .draw_series(inertia.iter().map(|&p| Circle::new(p, 4, BAR.filled())))
        .map_err(err)?;
    let silhouette: Vec<(f64, f64)> = view
        .ks
        .iter()
        .zip(&view.silhouette)
        .filter_map(|(&k, s)| s.filter(|s| s.is_finite()).map(|s| (f64::from(k), s)))
        .collect();
    chart
        .draw_secondary_series(LineSeries::new(silhouette.clone(), ACCENT.stroke_width(2)))
        .map_err(err)?;
    chart
        .draw_secondary_series(
            silhouette
                .iter()
                .map(|&p| TriangleMarker::new(p, 5, ACCENT.filled())),
        )
        .map_err(err)?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    draw_legend(
        area,
        (xs.end - 8, ys.start + 8),
        &[
            (words.text("chart-elbow-inertia", &[]), Mark::Line(BAR)),
            (
                words.text("chart-elbow-silhouette", &[]),
                Mark::Line(ACCENT),
            ),
        ],
    )?;
    Ok(())
}

/// `12345.6` → `12.3k`: axis labels stay short.
pub(crate) fn compact(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 10.0 || a == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}
