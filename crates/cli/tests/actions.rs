//! `segmint recommend`, `profile`, `export` and `lift` end to end (DESIGN §5 keys), and their
//! errors naming file, line and column.

mod common;

use common::*;

fn online_retail() -> String {
    repo("../shared/data/online_retail.csv")
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
fn recommend_json_lists_every_customer_with_the_design_keys() {
    let file = online_retail();
    let v = json(&["recommend", &file, "--json", "--top", "4", "--holdout-days"]);
    let customers = v["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 4338, "every customer with a kept order");
    for c in customers {
        assert!(c["customer_id"].is_string());
        let items = c["items"].as_array().unwrap();
        assert_eq!(items.len(), 4);
        for i in items {
            assert!(
                i["product_id"].is_string()
                    && i["score"].is_number()
                    && i["bestseller"].is_boolean()
            );
        }
    }
    let e = &v["evaluation"];
    for key in [
        "cutoff",
        "customers",
        "hit_rate",
        "precision",
        "baseline_hit_rate",
        "baseline_precision",
    ] {
        assert!(e.get(key).is_some(), "evaluation.{key}");
    }
    assert_eq!(e["cutoff"], "2011-11-09");
    assert!(
        e["summary"]
            .as_str()
            .unwrap()
            .starts_with("Suggestions were right for")
    );
    let v = json(&["recommend", &file, "--json", "--top", "2"]);
    assert!(v.get("evaluation").is_none(), "only when asked");
}

#[test]
fn recommend_out_and_profile_json() {
    let file = online_retail();
    let out = temp_path("suggestions.csv");
    let run = segmint(&[
        "recommend",
        &file,
        "--out",
        out.to_str().unwrap(),
        "--top",
        "3",
    ]);
    assert!(run.status.success());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("customer_id,rank,product_id,product_name,score,bestseller\r\n"));
    assert_eq!(csv.lines().count(), 1 + 3 * 4338);
    let v = json(&["profile", &file, "--json", "--k", "4"]);
    let c = &v["customers"][0];
    for key in [
        "customer_id",
        "orders",
        "revenue",
        "average_order_value",
        "average_days_between_orders",
        "expected_next_order_date",
        "overdue_days",
        "p_alive",
        "churn_risk",
        "churn_tier",
        "clv",
        "clv_tier",
        "segment",
        "cluster",
        "next_best_products",
    ] {
        assert!(c.get(key).is_some(), "profile key {key}");
    }
    assert_eq!(c["next_best_products"].as_array().unwrap().len(), 3);
    assert!(c["cluster"].as_u64().unwrap() < 4);
}

#[test]
fn export_writes_the_import_file_and_a_control_group() {
    // 60 customers with a separate email column (as WooCommerce exports have).
    let mut csv = String::from(
        "Order Number,Order Date,Customer User ID,Billing Email Address,SKU,Quantity,Item Cost\n",
    );
    for c in 0..60 {
        for k in 0..(1 + c % 3) {
            let day = 1 + (c * 7 + k * 11) % 27;
            let month = 1 + (c + k) % 6;
            let sku = format!("SKU-{}", (c + k) % 6);
            csv.push_str(&format!(
                "{c}-{k},2024-{month:02}-{day:02},{c},user{c}@example.org,{sku},1,{}.50\n",
                3 + c % 5
            ));
        }
    }
    let file = temp_file("shop_with_emails.csv", csv.as_bytes());
    let f = file.to_str().unwrap();
    let out = temp_path("woo-klaviyo.csv");
    let run = segmint(&[
        "export",
        f,
        "--clv-tier",
        "low",
        "--format",
        "klaviyo",
        "--control",
        "0.5",
        "--seed",
        "9",
        "--min-buyers",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    let control = temp_path("woo-klaviyo.control.csv");
    assert!(
        err.contains(control.to_str().unwrap()),
        "says where the control group is: {err}"
    );
    let main = std::fs::read_to_string(&out).unwrap();
    let held = std::fs::read_to_string(&control).unwrap();
    let header = "Email,External ID,Segment,Cluster,CLV Tier,Churn Risk Tier,Next Best Products";
    assert!(main.starts_with(header) && held.starts_with(header));
    assert!(
        main.contains("@example"),
        "emails from the Billing Email Address column"
    );
    // The same seed draws the same control group.
    let again = temp_path("again.csv");
    let run = segmint(&[
        "export",
        f,
        "--clv-tier",
        "low",
        "--format",
        "klaviyo",
        "--control",
        "0.5",
        "--seed",
        "9",
        "--min-buyers",
        "1",
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert_eq!(
        std::fs::read_to_string(temp_path("again.control.csv")).unwrap(),
        held
    );
}

#[test]
fn export_errors_say_what_to_do() {
    let file = online_retail();
    let out = temp_path("x.csv");
    let o = out.to_str().unwrap();
    let e = stderr(&[
        "export",
        &file,
        "--segment",
        "Champions",
        "--format",
        "mailchimp",
        "--out",
        o,
    ]);
    assert!(
        e.contains("online_retail.csv") && e.contains("--map email=COLUMN"),
        "{e}"
    );
    let e = stderr(&[
        "export",
        &file,
        "--segment",
        "Nobody",
        "--format",
        "hubspot",
        "--out",
        o,
    ]);
    assert!(
        e.contains("no customer is in segment \"Nobody\"") && e.contains("Champions"),
        "{e}"
    );
    let e = stderr(&[
        "export",
        &file,
        "--segment",
        "Champions",
        "--format",
        "hubspot",
        "--control",
        "1.5",
        "--out",
        o,
    ]);
    assert!(e.contains("--control 1.5"), "{e}");
    let e = stderr(&[
        "export",
        &file,
        "--segment",
        "Champions",
        "--format",
        "excel",
        "--out",
        o,
    ]);
    assert!(e.contains("unknown format"), "{e}");
    let e = stderr(&["export", &file, "--format", "hubspot", "--out", o]);
    assert!(e.contains("--segment"), "an audience is required: {e}");
}

#[test]
fn lift_reads_the_groups_and_the_next_orders() {
    let dir = repo("tests/reference/lift");
    let p = |n: &str| dir.join(n).to_str().unwrap().to_owned();
    let v = json(&[
        "lift",
        "--treatment",
        &p("treatment.csv"),
        "--control",
        &p("control.csv"),
        "--orders",
        &p("next_orders.csv"),
        "--json",
        "--since",
        "2012-01-10",
    ]);
    assert_eq!(v["since"], "2012-01-10");
    assert_eq!(v["treatment"]["customers"], 400);
    assert_eq!(v["control"]["customers"], 60);
    for key in ["difference", "low", "high", "statistic", "p_value"] {
        assert!(v["conversion"][key].is_number() && v["revenue_per_customer"][key].is_number());
    }
    let text = segmint(&[
        "lift",
        "--treatment",
        &p("treatment.csv"),
        "--control",
        &p("control.csv"),
        "--orders",
        &p("next_orders.csv"),
    ]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("of the customers who got the campaign bought"),
        "{text}"
    );
}

#[test]
fn lift_errors_name_file_line_and_column() {
    let dir = repo("tests/reference/lift");
    let orders = dir.join("next_orders.csv");
    let bad = temp_file("bad_group.csv", b"customer_id,segment\nT0001,x\n,y\n");
    let control = dir.join("control.csv");
    let e = stderr(&[
        "lift",
        "--treatment",
        bad.to_str().unwrap(),
        "--control",
        control.to_str().unwrap(),
        "--orders",
        orders.to_str().unwrap(),
    ]);
    assert!(
        e.contains("bad_group.csv: line 3, column 1: the customer id is empty"),
        "{e}"
    );
    let broken = temp_file(
        "broken_orders.csv",
        b"InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,2012-01-02,1.0,T0001\n2,\"B,1,2012-01-03,1.0,T0002\n",
    );
    let e = stderr(&[
        "lift",
        "--treatment",
        dir.join("treatment.csv").to_str().unwrap(),
        "--control",
        control.to_str().unwrap(),
        "--orders",
        broken.to_str().unwrap(),
    ]);
    assert!(e.contains("broken_orders.csv: line 3, column 2"), "{e}");
}

#[test]
fn recommend_similar_products() {
    let file = online_retail();
    let v = json(&[
        "recommend",
        &file,
        "--similar",
        "85123A",
        "--top",
        "3",
        "--json",
    ]);
    assert_eq!(v["method"], "co_purchase");
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    assert!(v["items"][0]["similarity"].as_f64().unwrap() > 0.0);
    let e = stderr(&["recommend", &file, "--similar", "NOPE"]);
    assert!(
        e.contains("online_retail.csv") && e.contains("\"NOPE\""),
        "{e}"
    );
}
