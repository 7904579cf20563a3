//! The migration heatmap and the lifetime-value charts drawn natively to SVG: snapshots and
//! content checks. Regenerate snapshots with `SEGMINT_UPDATE_SNAPSHOTS=1 cargo test -p
//! segmint-charts --test svg_rfm_clv` after an intended change, and review the diff.

use segmint_charts::{
    CalibrationView, MigrationHeatmapView, PAliveScatterView, draw_calibration,
    draw_migration_heatmap, draw_p_alive_scatter, to_svg,
};

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

/// The text of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|t| {
            t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()]
                .trim()
                .to_owned()
        })
        .collect()
}

fn migration() -> MigrationHeatmapView {
    MigrationHeatmapView {
        from_date: "2011-09-10".into(),
        to_date: "2011-12-10".into(),
        rows: vec![
            "Champions".into(),
            "Lost\u{1b}[31m".into(),
            "Other".into(),
            "(new)".into(),
        ],
        columns: vec!["Champions".into(), "Lost\u{1b}[31m".into(), "Other".into()],
        counts: vec![vec![12, 3, 0], vec![1, 40, 2], vec![0, 5, 7], vec![9, 0, 4]],
    }
}

#[test]
fn migration_heatmap_matches_its_snapshot_and_shows_every_non_empty_cell() {
    let view = migration();
    let svg = to_svg(480, 260, |area| {
        draw_migration_heatmap(area, &view, &english)
    })
    .unwrap();
    check_snapshot("migration_heatmap", &svg);
    let texts = texts(&svg);
    for n in ["12", "3", "1", "40", "2", "5", "7", "9", "4"] {
        assert!(texts.iter().any(|t| t == n), "{n} missing: {texts:?}");
    }
    // Empty cells are coloured but carry no number.
    assert!(!texts.iter().any(|t| t == "0"), "{texts:?}");
    // 12 cells + the white background.
    assert_eq!(svg.matches("<rect").count(), 13, "{svg}");
    assert!(texts.iter().any(|t| t == "(new)"), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("2011-09-10")), "{texts:?}");
    assert!(!svg.contains('\u{1b}'));
    assert_eq!(view.max(), 40);
}

#[test]
fn migration_view_follows_the_core_matrix() {
    let m = segmint_core::rfm::Migration {
        from_date: "2011-01-01".into(),
        to_date: "2011-02-01".into(),
        segments: vec!["A".into(), "Other".into(), "(new)".into()],
        counts: vec![vec![1, 2], vec![3, 4], vec![5, 6]],
    };
    let view = MigrationHeatmapView::from_migration(&m);
    assert_eq!(view.rows, ["A", "Other", "(new)"]);
    // "(new)" is a row only: nobody is new at the later date.
    assert_eq!(view.columns, ["A", "Other"]);
    assert_eq!(view.counts, m.counts);
}

#[test]
fn p_alive_scatter_draws_one_dot_per_customer() {
    let view = PAliveScatterView {
        horizon_days: 365.0,
        points: (0..50)
            .map(|i| (f64::from(i) / 49.0, f64::from(i % 7) * 0.5))
            .collect(),
    };
    let svg = to_svg(480, 300, |area| draw_p_alive_scatter(area, &view, &english)).unwrap();
    check_snapshot("p_alive_scatter", &svg);
    assert_eq!(svg.matches("<circle").count(), 50, "{svg}");
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t == "100%"), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("365 days")), "{texts:?}");
    assert!(!svg.contains("NaN"));
    // Nothing to draw still draws.
    let empty = to_svg(320, 200, |area| {
        draw_p_alive_scatter(area, &PAliveScatterView::default(), &english)
    })
    .unwrap();
    assert!(!empty.contains("NaN"));
}

#[test]
fn calibration_chart_has_the_diagonal_and_one_point_per_bin() {
    let view = CalibrationView {
        auc: 0.8234,
        window_days: 90,
        bins: vec![
            (0.05, 0.04, 100),
            (0.2, 0.25, 100),
            (0.5, 0.45, 100),
            (0.8, 0.83, 100),
        ],
    };
    let svg = to_svg(480, 360, |area| draw_calibration(area, &view, &english)).unwrap();
    check_snapshot("calibration", &svg);
    assert_eq!(svg.matches("<circle").count(), 4, "{svg}");
    // The diagonal and the joined bins.
    assert_eq!(
        svg.matches("<polyline").count() - axis_polylines(&svg),
        2,
        "{svg}"
    );
    let texts = texts(&svg);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("AUC 0.82") && t.contains("90 days")),
        "{texts:?}"
    );
}

/// Polylines of the axes and their ticks (black, one pixel).
fn axis_polylines(svg: &str) -> usize {
    svg.split("<polyline")
        .skip(1)
        .filter(|p| p.contains(r##"stroke="#000000""##))
        .count()
}
