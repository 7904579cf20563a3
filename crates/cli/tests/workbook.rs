//! Workbooks on the command line: `--sheet`, sheets listed by `inspect`, format by content,
//! the same results as the CSV, clear errors.

mod common;

use common::*;

fn book(name: &str) -> String {
    repo("tests/fixtures/workbook")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

fn stderr(args: &[&str]) -> String {
    let out = segmint(args);
    assert!(!out.status.success(), "expected a failure: {args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn inspect_lists_sheets_with_hidden_ones_marked() {
    let path = book("report_multi_sheet.xlsx");
    let v = json(&["inspect", &path, "--json", "--sheet", "Orders 2010"]);
    let sheets = v["workbook"]["sheets"].as_array().unwrap();
    let listed: Vec<(&str, bool)> = sheets
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["hidden"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Read me", false),
            ("Orders 2010", false),
            ("Archive", true),
            ("Chart", false)
        ]
    );
    assert_eq!(v["workbook"]["format"], "xlsx");
    assert_eq!(v["workbook"]["sheet"]["sheet"], "Orders 2010");
    assert_eq!(v["rows_read"], 301);
    assert_eq!(v["mapping"]["customer_id"], "Customer ID");
    let text = segmint(&["inspect", &path, "--sheet", "2"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Archive") && text.contains("(hidden)"),
        "{text}"
    );
    assert!(text.contains("'Orders 2010'!E306"), "{text}");
}

#[test]
fn every_analysis_takes_sheet_and_matches_the_csv() {
    let csv = book("online_retail_2000.csv");
    for name in [
        "online_retail_2000.xlsx",
        "online_retail_2000.ods",
        "online_retail_2000.xls",
        "online_retail_2000.xlsb",
    ] {
        let path = book(name);
        for args in [
            vec!["rfm", "--json"],
            vec!["cohort", "--json"],
            vec!["basket", "--json", "--min-support", "0.1"],
        ] {
            let mut with_sheet = vec![args[0], path.as_str()];
            with_sheet.extend(&args[1..]);
            with_sheet.extend(["--sheet", "1"]);
            let mut on_csv = vec![args[0], csv.as_str()];
            on_csv.extend(&args[1..]);
            assert_eq!(json(&with_sheet), json(&on_csv), "{name} {args:?}");
        }
    }
}

#[test]
fn the_format_is_recognised_by_content_not_by_name() {
    let bytes = std::fs::read(book("online_retail_2000.xlsx")).unwrap();
    let renamed = temp_file("export.csv", &bytes);
    let v = json(&["inspect", renamed.to_str().unwrap(), "--json"]);
    assert_eq!(v["workbook"]["format"], "xlsx");
    assert_eq!(v["rows_read"], 2000);
}

#[test]
fn bad_workbooks_and_choices_say_what_to_do() {
    let e = stderr(&["inspect", &book("protected.xlsx")]);
    assert!(
        e.contains("password") && e.contains("protected.xlsx"),
        "{e}"
    );
    let e = stderr(&["rfm", &book("truncated.xlsx")]);
    assert!(e.contains("damaged") && e.contains("save it again"), "{e}");
    let e = stderr(&[
        "inspect",
        &book("report_multi_sheet.xlsx"),
        "--sheet",
        "Nope",
    ]);
    assert!(
        e.contains("no sheet \"Nope\"") && e.contains("Read me, Orders 2010"),
        "{e}"
    );
    let e = stderr(&[
        "inspect",
        &book("report_multi_sheet.xlsx"),
        "--sheet",
        "Chart",
    ]);
    assert!(e.contains("chart"), "{e}");
    let e = stderr(&["inspect", &book("online_retail_2000.csv"), "--sheet", "1"]);
    assert!(e.contains("sheets apply to workbooks"), "{e}");
}

#[test]
fn customer_columns_come_from_a_workbook_too() {
    let orders = book("online_retail_2000.csv");
    let run = |columns: &str| {
        json(&[
            "cluster",
            &orders,
            "--json",
            "--k",
            "3",
            "--customer-columns",
            columns,
            "--columns",
            "tenure_days",
        ])
    };
    let from_csv = run(&book("customers_2000.csv"));
    let from_book = run(&book("customers_2000.xlsx"));
    assert_eq!(from_book, from_csv);
    assert_eq!(from_book["features"][3], "tenure_days");
    let e = stderr(&[
        "cluster",
        &orders,
        "--k",
        "3",
        "--customer-columns",
        &book("customers_2000.csv"),
        "--columns-sheet",
        "CRM",
    ]);
    assert!(e.contains("sheets apply to workbooks"), "{e}");
}
