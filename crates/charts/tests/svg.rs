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
