//! Charts drawn natively to SVG: snapshot and content checks.
//!
//! Snapshots live in tests/snapshots; after an intended change, regenerate them with
//! `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-charts` and review the diff.

use segmint_charts::{ColumnFillView, draw_column_fill, to_svg};

fn check_snapshot(name: &str, svg: &str) {
    let path = format!("{}/tests/snapshots/{name}.svg", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("SEGMINT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, svg).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {path}; run with SEGMINT_UPDATE_SNAPSHOTS=1"));
    assert!(expected == svg, "{name}.svg differs from its snapshot");
}

/// `(y, text)` of every `<text>` element, top to bottom.
fn texts(svg: &str) -> Vec<(i64, String)> {
    let mut texts: Vec<(i64, String)> = svg
        .split("<text")
        .skip(1)
        .map(|t| {
            let y = t.split("y=\"").nth(1).unwrap().split('"').next().unwrap();
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            (y.parse().unwrap(), body.trim().to_owned())
        })
        .collect();
    texts.sort_by_key(|(y, _)| *y);
    texts
}

fn view() -> ColumnFillView {
    ColumnFillView {
        columns: vec![
            "InvoiceNo".into(),
            "CustomerID".into(),
            "Desc\u{7}ription\r\n".into(),
        ],
        filled: vec![1.0, 0.75, 0.5],
    }
}

#[test]
fn column_fill_matches_its_snapshot() {
    let svg = to_svg(480, 200, |area| draw_column_fill(area, &view())).unwrap();
    check_snapshot("column_fill", &svg);
}

#[test]
fn column_fill_draws_one_bar_per_column_with_clean_labels() {
    let svg = to_svg(480, 200, |area| draw_column_fill(area, &view())).unwrap();
    let texts = texts(&svg);
    // Columns top to bottom in file order; control characters stripped from labels.
    let labels: Vec<&str> = texts
        .iter()
        .map(|(_, t)| t.as_str())
        .filter(|t| ["InvoiceNo", "CustomerID", "Description"].contains(t))
        .collect();
    assert_eq!(
        labels,
        ["InvoiceNo", "CustomerID", "Description"],
        "{texts:?}"
    );
    assert!(texts.iter().any(|(_, t)| t == "100%"), "{texts:?}");
    assert!(!svg.contains('\u{7}'));
    let bars = svg.matches(r##"fill="#2F6FB3""##).count();
    assert_eq!(bars, 3, "{svg}");
}

#[test]
fn an_empty_view_still_draws() {
    let svg = to_svg(320, 120, |area| {
        draw_column_fill(area, &ColumnFillView::default())
    })
    .unwrap();
    assert!(svg.starts_with("<svg"));
}

mod analyses {
    use segmint_charts::{
        CohortHeatmapView, HistogramView, RfHeatmapView, SegmentBarsView, draw_cohort_heatmap,
        draw_histogram, draw_rf_heatmap, draw_segment_bars, to_svg,
    };

    use super::{check_snapshot, texts};

    fn rf() -> RfHeatmapView {
        RfHeatmapView {
            bins: 3,
            counts: vec![vec![5, 1, 0], vec![2, 7, 3], vec![0, 4, 11]],
        }
    }

    #[test]
    fn rf_heatmap_matches_its_snapshot_and_shows_every_count() {
        let svg = to_svg(420, 360, |area| draw_rf_heatmap(area, &rf())).unwrap();
        check_snapshot("rf_heatmap", &svg);
        let texts: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
        for count in ["5", "1", "0", "2", "7", "3", "4", "11"] {
            assert!(
                texts.iter().any(|t| t == count),
                "{count} missing: {texts:?}"
            );
        }
        // 9 cells + the white background.
        let rects = svg.matches("<rect").count();
        assert_eq!(rects, 10, "{svg}");
        assert_eq!(rf().max(), 11);
    }

    #[test]
    fn segment_bars_have_one_bar_per_segment_and_clean_labels() {
        let view = SegmentBarsView {
            names: vec![
                "Champions".into(),
                "<img src=x onerror=alert(1)>".into(),
                "Lost\u{1b}[31m\r\n".into(),
            ],
            customers: vec![40, 12, 3],
        };
        let svg = to_svg(480, 200, |area| draw_segment_bars(area, &view)).unwrap();
        check_snapshot("segment_bars", &svg);
        assert_eq!(svg.matches(r##"fill="#2F6FB3""##).count(), 3, "{svg}");
        assert!(!svg.contains('\u{1b}'));
        // Markup in a label is escaped text, not an element.
        assert!(!svg.contains("<img"), "{svg}");
        let labels: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
        assert!(labels.iter().any(|t| t == "Champions"), "{labels:?}");
        assert!(labels.iter().any(|t| t == "Lost[31m"), "{labels:?}");
    }

    #[test]
    fn cohort_heatmap_marks_incomplete_months() {
        let view = CohortHeatmapView {
            cohorts: vec!["2011-01".into(), "2011-02".into()],
            shares: vec![vec![1.0, 0.25, 0.5], vec![1.0, 0.4]],
            complete: vec![vec![true, true, false], vec![true, false]],
        };
        let svg = to_svg(480, 200, |area| draw_cohort_heatmap(area, &view)).unwrap();
        check_snapshot("cohort_heatmap", &svg);
        let labels: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
        for t in ["2011-01", "2011-02", "+0", "+2", "25%", "40%", "100%"] {
            assert!(labels.iter().any(|l| l == t), "{t} missing: {labels:?}");
        }
        // Two incomplete cells are outlined.
        assert_eq!(svg.matches(r##"stroke="#D97A00""##).count(), 2, "{svg}");
        // A single cohort of a single month still draws, with its share.
        let one = CohortHeatmapView {
            cohorts: vec!["2010-12".into()],
            shares: vec![vec![1.0]],
            complete: vec![vec![false]],
        };
        let svg = to_svg(480, 120, |area| draw_cohort_heatmap(area, &one)).unwrap();
        assert!(texts(&svg).iter().any(|(_, t)| t == "100%"), "{svg}");
        assert!(!svg.contains("NaN"), "{svg}");
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let values: Vec<f64> = (0..200).map(f64::from).chain([1e9, f64::NAN]).collect();
        let view = HistogramView::from_values("CLV", "value", &values, 10);
        assert_eq!(view.counts.iter().sum::<u64>(), 201);
        assert_eq!(view.edges.len(), 11);
        let svg = to_svg(480, 300, |area| draw_histogram(area, &view)).unwrap();
        check_snapshot("histogram", &svg);
        assert_eq!(svg.matches(r##"fill="#2F6FB3""##).count(), 10, "{svg}");
        let empty = HistogramView::from_values("CLV", "value", &[], 10);
        assert!(empty.counts.is_empty());
        assert!(to_svg(320, 200, |area| draw_histogram(area, &empty)).is_ok());
    }
}
