//! Charts drawn natively to SVG: snapshot and content checks.
//!
//! Snapshots live in tests/snapshots; after an intended change, regenerate them with
//! `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p segmint-charts` and review the diff.

use segmint_charts::{ColumnFillView, draw_column_fill, to_svg};

/// The charts' words in English, from the browser's own locale file.
fn english(key: &str, args: &[(&str, &str)]) -> String {
    segmint_web::Lang::En.t_with(key, args)
}

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
    let svg = to_svg(480, 200, |area| draw_column_fill(area, &view(), &english)).unwrap();
    check_snapshot("column_fill", &svg);
}

#[test]
fn column_fill_draws_one_bar_per_column_with_clean_labels() {
    let svg = to_svg(480, 200, |area| draw_column_fill(area, &view(), &english)).unwrap();
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
fn column_fill_bars_fill_the_plot_with_no_empty_row() {
    let svg = to_svg(480, 200, |area| draw_column_fill(area, &view(), &english)).unwrap();
    let attr = |tag: &str, name: &str| -> i64 {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let bars: Vec<(i64, i64)> = svg
        .split("<rect")
        .skip(1)
        .filter(|r| r.contains(r##"fill="#2F6FB3""##))
        .map(|r| (attr(r, "y"), attr(r, "height")))
        .collect();
    // The y axis: the first polyline, from the plot's top to its bottom.
    let axis = svg.split("<polyline").nth(1).unwrap();
    let points = axis
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let ys: Vec<i64> = points
        .split_whitespace()
        .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let (top, bottom) = (ys[0], ys[1]);
    // The first column's bar starts at the top of the plot (a 2 px gap between bars), the last
    // ends at its bottom: no empty row anywhere.
    assert!((bars[0].0 - top - 2).abs() <= 1, "{bars:?} top {top}");
    let end = bars[2].0 + bars[2].1;
    assert!((bottom - end - 2).abs() <= 1, "{bars:?} bottom {bottom}");
    // Five steps of 20% on the x axis, not ten crowded ones.
    let ticks: Vec<String> = texts(&svg)
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| t.ends_with('%'))
        .collect();
    assert_eq!(ticks, ["0%", "20%", "40%", "60%", "80%", "100%"]);
}

#[test]
fn an_empty_view_still_draws() {
    let svg = to_svg(320, 120, |area| {
        draw_column_fill(area, &ColumnFillView::default(), &english)
    })
    .unwrap();
    assert!(svg.starts_with("<svg"));
}

mod analyses {
    use segmint_charts::{
        CohortHeatmapView, HistogramView, RfHeatmapView, SegmentBarsView, draw_cohort_heatmap,
        draw_histogram, draw_rf_heatmap, draw_segment_bars, to_svg,
    };

    use super::{check_snapshot, english, texts};

    fn rf() -> RfHeatmapView {
        RfHeatmapView {
            bins: 3,
            counts: vec![vec![5, 1, 0], vec![2, 7, 3], vec![0, 4, 11]],
        }
    }

    #[test]
    fn rf_heatmap_matches_its_snapshot_and_shows_every_count() {
        let svg = to_svg(420, 360, |area| draw_rf_heatmap(area, &rf(), &english)).unwrap();
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
        let svg = to_svg(480, 200, |area| draw_segment_bars(area, &view, &english)).unwrap();
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
        let svg = to_svg(480, 200, |area| draw_cohort_heatmap(area, &view, &english)).unwrap();
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
        let svg = to_svg(480, 120, |area| draw_cohort_heatmap(area, &one, &english)).unwrap();
        assert!(texts(&svg).iter().any(|(_, t)| t == "100%"), "{svg}");
        assert!(!svg.contains("NaN"), "{svg}");
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let values: Vec<f64> = (0..200).map(f64::from).chain([1e9, f64::NAN]).collect();
        let view = HistogramView::from_values("CLV", "value", &values, 10);
        assert_eq!(view.counts.iter().sum::<u64>(), 201);
        assert_eq!(view.edges.len(), 11);
        let svg = to_svg(480, 300, |area| draw_histogram(area, &view, &english)).unwrap();
        check_snapshot("histogram", &svg);
        assert_eq!(svg.matches(r##"fill="#2F6FB3""##).count(), 10, "{svg}");
        let empty = HistogramView::from_values("CLV", "value", &[], 10);
        assert!(empty.counts.is_empty());
        assert!(to_svg(320, 200, |area| draw_histogram(area, &empty, &english)).is_ok());
    }
}

mod clusters_and_baskets {
    use std::collections::BTreeMap;

    use segmint_charts::{
        ClusterScatterView, ElbowSilhouetteView, RankBy, RulesScatterView, TopRulesView,
        draw_cluster_scatter, draw_elbow_silhouette, draw_rules_scatter, draw_top_rules, rule_text,
        to_svg,
    };
    use segmint_core::Transactions;
    use segmint_core::basket::{BasketParams, Baskets, MinSupport, NoProgress, analyse_baskets};
    use segmint_core::cluster::{ClusterParams, analyse};

    use super::{check_snapshot, english, texts};

    fn labels(svg: &str) -> Vec<String> {
        texts(svg).into_iter().map(|(_, t)| t).collect()
    }

    fn elbow() -> ElbowSilhouetteView {
        ElbowSilhouetteView {
            ks: vec![2, 3, 4, 5],
            inertia: vec![900.0, 520.0, 380.0, 330.0],
            silhouette: vec![Some(0.41), Some(0.38), Some(0.44), None],
            recommended: Some(4),
        }
    }

    #[test]
    fn elbow_silhouette_has_both_series_and_marks_the_recommended_k() {
        let svg = to_svg(640, 340, |area| {
            draw_elbow_silhouette(area, &elbow(), &english)
        })
        .unwrap();
        check_snapshot("elbow_silhouette", &svg);
        let labels = labels(&svg);
        for t in [
            "2",
            "3",
            "4",
            "5",
            "recommended k = 4",
            "inertia",
            "silhouette",
        ] {
            assert!(labels.iter().any(|l| l == t), "{t} missing: {labels:?}");
        }
        // Both axes are described.
        assert!(
            labels.iter().any(|l| l.starts_with("inertia (")),
            "{labels:?}"
        );
        assert!(
            labels.iter().any(|l| l.starts_with("silhouette (")),
            "{labels:?}"
        );
        // Four inertia dots (blue circles) and three silhouette triangles (k = 5 has none).
        assert_eq!(svg.matches("<circle").count(), 4, "{svg}");
        assert_eq!(
            svg.matches(r##"<polygon opacity="1" fill="#D95F0E""##)
                .count(),
            3,
            "{svg}"
        );
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn elbow_view_from_a_real_sweep() {
        let t = customers();
        let report = analyse(&t, &ClusterParams::new().k_range(2..=4).seed(1)).unwrap();
        let view = ElbowSilhouetteView::from_report(&report);
        assert_eq!(view.ks, [2, 3, 4]);
        assert_eq!(view.recommended, Some(report.recommendation.k as u32));
        assert_eq!(view.inertia[0], report.sweep[0].inertia);
        let svg = to_svg(640, 340, |area| {
            draw_elbow_silhouette(area, &view, &english)
        })
        .unwrap();
        assert!(labels(&svg).contains(&format!("recommended k = {}", report.recommendation.k)));
    }

    /// Two well separated groups of customers.
    fn customers() -> Transactions {
        let mut t = Transactions::default();
        for i in 0..30 {
            let c = format!("c{i}");
            let (day, amount, orders) = if i % 3 == 0 {
                (10 + i, 20.0, 1)
            } else if i % 3 == 1 {
                (300 + i, 900.0 + f64::from(i), 6)
            } else {
                (150 + i, 200.0, 3)
            };
            for o in 0..orders {
                t.push(Some(&c), Some(&format!("{c}-{o}")), None, day - o, amount);
            }
        }
        t
    }

    #[test]
    fn cluster_scatter_colours_points_by_cluster_with_a_named_legend() {
        let view = ClusterScatterView {
            points: vec![
                [0.0, 0.0],
                [1.0, 0.5],
                [-1.0, 2.0],
                [0.5, -1.0],
                [f64::NAN, 0.0],
            ],
            clusters: vec![0, 0, 1, 2, 1],
            names: vec![
                "recent, frequent, high spend".into(),
                "lapsed\u{7}\r\n".into(),
                "<b>new</b>".into(),
            ],
            total: 5,
            explained: [0.61, 0.27],
        };
        let svg = to_svg(640, 460, |area| draw_cluster_scatter(area, &view, &english)).unwrap();
        check_snapshot("cluster_scatter", &svg);
        let labels = labels(&svg);
        for t in [
            "0: recent, frequent, high spend",
            "1: lapsed",
            "2: &lt;b&gt;new&lt;/b&gt;",
        ] {
            assert!(labels.iter().any(|l| l == t), "{t} missing: {labels:?}");
        }
        assert!(
            labels.iter().any(|l| l == "PC1 (61% of the variance)"),
            "{labels:?}"
        );
        assert!(!svg.contains('\u{7}') && !svg.contains("<b>"));
        // Four finite points + three legend marks; the NaN point is not drawn.
        assert_eq!(svg.matches("<circle").count(), 4 + 3, "{svg}");
        assert_eq!(view.caption(&english), "Customers by cluster (PCA)");
    }

    #[test]
    fn cluster_scatter_subsamples_large_reports_and_says_so() {
        let mut t = Transactions::default();
        for i in 0..240 {
            let c = format!("c{i}");
            t.push(Some(&c), Some(&c), None, i % 97, 10.0 + f64::from(i % 13));
        }
        let report = analyse(&t, &ClusterParams::new().k(3)).unwrap();
        let all = ClusterScatterView::from_report(&report, 10_000);
        assert_eq!(all.points.len(), 240);
        assert!(!all.is_sampled());
        let some = ClusterScatterView::from_report(&report, 100);
        assert_eq!((some.points.len(), some.total), (100, 240));
        assert_eq!(some, ClusterScatterView::from_report(&report, 100));
        assert_eq!(
            some.caption(&english),
            "Customers by cluster (PCA) — 100 of 240 shown, evenly sampled"
        );
        assert_eq!(some.names.len(), 3);
        let svg = to_svg(640, 460, |area| draw_cluster_scatter(area, &some, &english)).unwrap();
        assert_eq!(svg.matches("<circle").count(), 100 + 3);
        assert!(labels(&svg).iter().any(|l| l.contains("100 of 240 shown")));
    }

    fn basket_report() -> segmint_core::basket::BasketReport {
        let baskets = Baskets::from_lists([
            vec!["bread", "milk"],
            vec!["bread", "butter", "milk"],
            vec!["beer", "crisps"],
            vec!["bread", "butter"],
            vec!["beer", "crisps", "bread"],
            vec!["milk"],
        ])
        .unwrap();
        analyse_baskets(
            &baskets,
            &BasketParams::new(MinSupport::Fraction(0.3)),
            &mut NoProgress,
        )
        .unwrap()
    }

    #[test]
    fn rules_scatter_draws_every_rule_and_a_lift_legend() {
        let report = basket_report();
        let view = RulesScatterView::from_report(&report, 5_000);
        assert_eq!(view.support.len(), report.rules.len());
        assert!(view.support.len() >= 4, "{:?}", report.rules);
        let svg = to_svg(720, 440, |area| draw_rules_scatter(area, &view, &english)).unwrap();
        check_snapshot("rules_scatter", &svg);
        assert_eq!(svg.matches("<circle").count(), report.rules.len(), "{svg}");
        let labels = labels(&svg);
        let (lo, hi) = view.lift_range();
        for t in [
            "lift",
            "confidence",
            &format!("{lo:.1}"),
            &format!("{hi:.1}"),
        ] {
            assert!(labels.iter().any(|l| l == t), "{t} missing: {labels:?}");
        }
        // 24 colour steps in the legend.
        // 24 steps + the background.
        assert!(svg.matches("<rect").count() > 24, "{svg}");
        // Capped to the highest lifts.
        let two = RulesScatterView::from_report(&report, 2);
        assert_eq!((two.support.len(), two.total), (2, report.rules.len()));
        let mut lifts: Vec<f64> = report.rules.iter().map(|r| r.metrics.lift).collect();
        lifts.sort_by(|a, b| b.total_cmp(a));
        let mut kept = two.lift.clone();
        kept.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(kept, lifts[..2]);
        assert!(two.caption(&english).contains("the 2 of"));
    }

    #[test]
    fn top_rules_are_ranked_and_labelled_a_to_c() {
        let mut report = basket_report();
        report
            .item_labels
            .insert("beer".into(), "BEER\u{1b}[31m 6-PACK".into());
        let view = TopRulesView::from_report(&report, RankBy::Lift, 3);
        assert_eq!(view.labels.len(), 3);
        assert!(view.values.windows(2).all(|w| w[0] >= w[1]), "{view:?}");
        let best = report
            .rules
            .iter()
            .map(|r| r.metrics.lift)
            .fold(0.0, f64::max);
        assert_eq!(view.values[0], best);
        let svg = to_svg(960, 200, |area| draw_top_rules(area, &view, &english)).unwrap();
        check_snapshot("top_rules", &svg);
        let labels = labels(&svg);
        assert!(
            labels.iter().any(|l| l == "Top rules by lift"),
            "{labels:?}"
        );
        assert!(
            labels.iter().any(|l| l == "BEER[31m 6-PACK → crisps"),
            "{labels:?}"
        );
        assert!(!svg.contains('\u{1b}'));
        assert_eq!(svg.matches(r##"fill="#2F6FB3""##).count(), 3, "{svg}");
        let by_conf = TopRulesView::from_report(&report, RankBy::Confidence, 50);
        assert_eq!(by_conf.labels.len(), report.rules.len());
        assert!(by_conf.values.iter().all(|&c| c <= 1.0));
        let none = BTreeMap::new();
        assert_eq!(
            rule_text(&["a".into(), "b".into()], &["c".into()], &none),
            "a, b → c"
        );
        assert!(
            to_svg(960, 160, |area| draw_top_rules(
                area,
                &TopRulesView::default(),
                &english
            ))
            .is_ok()
        );
    }
}
