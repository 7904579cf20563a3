//! Customer columns from a second file (`cluster::columns`): reading, errors with line and
//! column, and clustering with them against scikit-learn (tests/reference/cluster/columns.json,
//! made by make_reference_columns.py with scikit-learn 1.9.1: inertia at most 0.1% above).

use std::path::PathBuf;

use segmint_core::cluster::{self, ClusterParams, ColumnChoice, CustomerColumns, Transform};
use segmint_core::{DatasetOptions, load_bytes};

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn read(text: &str) -> CustomerColumns {
    CustomerColumns::read(text.as_bytes(), None).unwrap()
}

fn read_err(text: &str) -> String {
    CustomerColumns::read(text.as_bytes(), None)
        .unwrap_err()
        .to_string()
}

#[test]
fn numeric_columns_are_found_and_the_others_named() {
    let c = read("Customer ID;points;tier;spend\nA;10;gold;1.234,5\nB;3;;2,5\nC;7;silver;10\n");
    assert_eq!(c.id_column, "Customer ID");
    assert_eq!(c.ids, ["A", "B", "C"]);
    let names: Vec<&str> = c.numeric().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["points", "spend"]);
    // The decimal comma is read as the column's cells say.
    assert_eq!(c.columns[2].values, [1234.5, 2.5, 10.0]);
    let tier = c.columns[1].problem.as_ref().unwrap();
    assert_eq!((tier.line, tier.column, tier.text.as_str()), (2, 3, "gold"));
    let (features, warnings) = c.features("crm.csv", &ColumnChoice::default()).unwrap();
    assert_eq!(features.len(), 2);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("\"tier\" is not numeric (line 2, column 3 has \"gold\""),
        "{warnings:?}"
    );
    // A chosen column that is not numeric is an error naming the cell.
    let choice = ColumnChoice {
        columns: Some(vec!["tier".into()]),
        ..ColumnChoice::default()
    };
    let err = c.features("crm.csv", &choice).unwrap_err().to_string();
    assert!(
        err.starts_with("line 2, column 3: column \"tier\""),
        "{err}"
    );
    let choice = ColumnChoice {
        columns: Some(vec!["nope".into()]),
        ..ColumnChoice::default()
    };
    let err = c.features("crm.csv", &choice).unwrap_err().to_string();
    assert!(
        err.contains("its columns are: points, tier, spend"),
        "{err}"
    );
    // A transform for a column not clustered on is named.
    let mut choice = ColumnChoice::default();
    choice
        .transforms
        .insert("tier".into(), vec![Transform::MinMax]);
    assert!(c.features("crm.csv", &choice).is_err());
    // An empty cell makes a column non-numeric, with its place.
    let c = read("customer_id,points\nA,1\nB,\n");
    let p = c.columns[0].problem.as_ref().unwrap();
    assert_eq!((p.line, p.column, p.text.as_str()), (3, 2, ""));
    assert!(c.features("f", &ColumnChoice::default()).is_err());
}

#[test]
fn bad_files_name_the_line_and_column() {
    let err = read_err("customer_id,points\nA,1\nB,2\nA,3\n");
    assert!(
        err.starts_with("line 4, column 1: customer \"A\" is also on line 2"),
        "{err}"
    );
    let err = read_err("customer_id,points\nA,1\n,2\n");
    assert!(
        err.starts_with("line 3, column 1: this row has no customer id"),
        "{err}"
    );
    let err = read_err("customer_id,points\nA,1\nB,2,3\n");
    assert!(
        err.starts_with("line 3: this row has 3 fields and the header 2"),
        "{err}"
    );
    let err = read_err("alpha,beta\n1,2\n");
    assert!(err.contains("no column looks like a customer id (the columns are: alpha, beta)"));
    let err = read_err("customer_id,points\n");
    assert!(err.contains("no rows"), "{err}");
    let err = CustomerColumns::read(b"alpha,beta\n1,2\n", Some("gamma"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("there is no column \"gamma\""), "{err}");
    let c = CustomerColumns::read(b"alpha,beta\nx,2\n", Some("alpha")).unwrap();
    assert_eq!(c.ids, ["x"]);
}

#[test]
fn online_retail_with_customer_columns_matches_sklearn() {
    let bytes = std::fs::read(repo().join("../shared/data/online_retail.csv"))
        .expect("../shared/data/online_retail.csv");
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).unwrap();
    let t = dataset.customer_transactions().unwrap();
    let file = std::fs::read(repo().join("tests/fixtures/online_retail_customers.csv")).unwrap();
    let columns = CustomerColumns::read(&file, None).unwrap();
    let coverage = columns.coverage(t);
    assert_eq!(
        (coverage.matched, coverage.missing, coverage.unmatched),
        (4338, 0, 2)
    );
    assert!(
        coverage
            .warning("crm.csv")
            .unwrap()
            .contains("2 of its customers")
    );
    let mut choice = ColumnChoice::default();
    choice
        .transforms
        .insert("distinct_products".into(), vec![Transform::MinMax]);
    let (features, warnings) = columns.features("crm.csv", &choice).unwrap();
    assert_eq!(warnings.len(), 1, "country is not numeric: {warnings:?}");
    let mut params = ClusterParams::new().k_range(2..=6);
    for f in features {
        params = params.feature(f);
    }
    let report = cluster::analyse(t, &params).unwrap();
    assert_eq!(
        report.features,
        [
            "recency_days",
            "frequency",
            "monetary",
            "tenure_days",
            "distinct_products"
        ]
    );
    let text =
        std::fs::read_to_string(repo().join("tests/reference/cluster/columns.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    for row in reference["sweep"].as_array().unwrap() {
        let k = row["k"].as_u64().unwrap() as usize;
        let sk = row["inertia"].as_f64().unwrap();
        let ours = report.sweep.iter().find(|r| r.k == k).unwrap().inertia;
        assert!(ours <= sk * 1.001, "k = {k}: {ours} vs sklearn {sk}");
    }
    // The profiles carry the added columns' medians in original units.
    assert!(report.profiles.iter().all(|p| p.feature_medians.len() == 5));
    // A customer the file lacks is named when clustering.
    let short: Vec<&str> = std::str::from_utf8(&file)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("12347,"))
        .collect();
    let columns = CustomerColumns::read(short.join("\n").as_bytes(), None).unwrap();
    assert_eq!(columns.coverage(t).first_missing.as_deref(), Some("12347"));
    let (features, _) = columns.features("crm.csv", &choice).unwrap();
    let err = cluster::analyse(t, &ClusterParams::new().k(2).features(features))
        .unwrap_err()
        .to_string();
    assert!(err.contains("customer \"12347\""), "{err}");
}
