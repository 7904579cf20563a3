use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BAR, INK};
use crate::{ChartError, FONT, Words, clean_label};

/// The strongest rules as horizontal bars, labelled "A, B → C".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopRulesView {
    /// What the bars measure ("lift", "confidence").
    pub metric: String,
    /// One label per rule, top to bottom.
    pub labels: Vec<String>,
    /// The metric per rule.
    pub values: Vec<f64>,
}

/// Which metric ranks the rules of a [`TopRulesView`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankBy {
    /// Lift.
    Lift,
    /// Confidence.
    Confidence,
}

impl RankBy {
    /// The key of the metric's name (for [`Words`]).
    pub fn key(self) -> &'static str {
        match self {
            RankBy::Lift => "chart-metric-lift",
            RankBy::Confidence => "chart-metric-confidence",
        }
    }

    /// The metric's name.
    pub fn name(self) -> &'static str {
        match self {
            RankBy::Lift => "lift",
            RankBy::Confidence => "confidence",
        }
    }
}

/// An item as a chart shows it: its label when the report has one, else the item itself.
pub fn item_text<'a>(item: &'a str, labels: &'a BTreeMap<String, String>) -> &'a str {
    labels.get(item).map_or(item, String::as_str)
}

/// "A, B → C", items through [`item_text`].
pub fn rule_text(
    antecedent: &[String],
    consequent: &[String],
    labels: &BTreeMap<String, String>,
) -> String {
    let side = |items: &[String]| {
        items
            .iter()
            .map(|i| item_text(i, labels))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{} → {}", side(antecedent), side(consequent))
}

impl TopRulesView {
    /// The `n` rules of a report with the highest `by` (ties: higher support, then report
    /// order).
    pub fn from_report(report: &segmint_core::basket::BasketReport, by: RankBy, n: usize) -> Self {
        let metric = |r: &segmint_core::basket::RuleRow| match by {
            RankBy::Lift => r.metrics.lift,
            RankBy::Confidence => r.metrics.confidence,
        };
        let mut order: Vec<usize> = (0..report.rules.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&report.rules[a], &report.rules[b]);
            metric(rb)
                .total_cmp(&metric(ra))
                .then(rb.metrics.support.total_cmp(&ra.metrics.support))
                .then(a.cmp(&b))
        });
        order.truncate(n);
        Self {
            metric: by.name().to_owned(),
            labels: order
                .iter()
                .map(|&i| {
                    let r = &report.rules[i];
                    rule_text(&r.antecedent, &r.consequent, &report.item_labels)
                })
                .collect(),
            values: order.iter().map(|&i| metric(&report.rules[i])).collect(),
        }
    }
}

/// Draw `view` as horizontal bars, the first rule at the top, each value at its bar's end.
pub fn draw_top_rules<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &TopRulesView,
    words: &dyn Words,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    area.fill(&WHITE)?;
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| ChartError(e.to_string());
    let n = view.labels.len().min(view.values.len()).max(1);
    let labels: Vec<String> = view.labels.iter().map(|l| clean_label(l, 64)).collect();
    let max = view
        .values
        .iter()
        .filter(|v| v.is_finite())
        .copied()
        .fold(0.0, f64::max);
    let top = if max > 0.0 { max * 1.15 } else { 1.0 };
    let metric = clean_label(&view.metric, 30);
    let mut chart = ChartBuilder::on(area)
        .caption(
            words.text("chart-top-rules-title", &[("metric", &metric)]),
            (FONT, 16),
        )
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(420)
        // An integer range is inclusive as a discrete axis: `0..n - 1` holds n rules.
        .build_cartesian_2d(0.0..top, (0..n - 1).into_segmented())
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .x_desc(metric.clone())
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if *i < n => {
                labels.get(n - 1 - i).cloned().unwrap_or_default()
            }
            _ => String::new(),
        })
        .y_labels(n)
        .y_label_style((FONT, 11))
        .draw()
        .map_err(err)?;
    let bars: Vec<(usize, f64)> = view
        .values
        .iter()
        .enumerate()
        .take(n)
        .filter(|(_, v)| v.is_finite())
        .map(|(k, &v)| (n - 1 - k, v))
        .collect();
    chart
        .draw_series(bars.iter().map(|&(i, v)| {
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(i)),
                    (v, SegmentValue::Exact(i + 1)),
                ],
                BAR.filled(),
            );
            bar.set_margin(3, 3, 0, 0);
            bar
        }))
        .map_err(err)?;
    let style = (FONT, 11)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    chart
        .draw_series(bars.iter().map(|&(i, v)| {
            Text::new(
                if v >= 10.0 {
                    format!("{v:.1}")
                } else {
                    format!("{v:.2}")
                },
                (v + top * 0.01, SegmentValue::CenterOf(i)),
                style.clone(),
            )
        }))
        .map_err(err)?;
    Ok(())
}
