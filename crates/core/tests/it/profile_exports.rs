//! Customer profiles equal the RFM, lifetime-value, cluster and recommendation results they
//! come from (Online Retail), and every import format's header, identifiers and formula
//! safety.

use std::collections::HashMap;

use segmint_core::cluster::{self, ClusterParams};
use segmint_core::clv::{self, ClvOptions};
use segmint_core::export::contacts::customer_emails;
use segmint_core::export::crm::{self, CrmError, Format};
use segmint_core::profile::{self, CustomerProfile, ProfileParams, Tier};
use segmint_core::recommend::{ItemItem, RecommendParams, Suggestion};
use segmint_core::rfm::{self, RfmParams};
use segmint_core::table::NO_ID;
use segmint_core::{DatasetOptions, load_bytes};

#[test]
fn profile_fields_equal_the_analyses_they_come_from() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/online_retail.csv"
    );
    let bytes = std::fs::read(path).expect("shared data beside the repository");
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).unwrap();
    let t = dataset.customer_transactions().unwrap();
    let report = profile::analyse(t, &ProfileParams::default()).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let rfm = rfm::analyse(t, &RfmParams::default()).unwrap();
    let clv = clv::analyse(t, &ClvOptions::default()).unwrap();
    let clusters = cluster::analyse(t, &ClusterParams::new()).unwrap();
    let model = ItemItem::fit(t, &RecommendParams::new()).unwrap();
    assert_eq!(report.customers.len(), rfm.customers.len());
    let clv_of: HashMap<&str, _> = clv
        .customers
        .iter()
        .map(|c| (c.customer_id.as_str(), c))
        .collect();
    let cluster_of: HashMap<&str, u32> = clusters
        .assignments
        .iter()
        .map(|a| (a.customer_id.as_str(), a.cluster))
        .collect();
    // Independent order days per customer.
    let mut days: HashMap<&str, Vec<i32>> = HashMap::new();
    for i in 0..t.len() {
        if t.customer[i] != NO_ID {
            days.entry(t.customer_ids.name(t.customer[i]))
                .or_default()
                .push(t.day[i]);
        }
    }
    let mut tiers = [0usize; 3];
    for (p, r) in report.customers.iter().zip(&rfm.customers) {
        assert_eq!(p.customer_id, r.customer_id);
        assert_eq!(
            (p.orders, p.revenue, p.segment.as_str()),
            (r.frequency, r.monetary, r.segment.as_str())
        );
        assert_eq!(p.average_order_value, r.monetary / r.frequency as f64);
        assert_eq!(p.recency_days, r.recency_days);
        let c = clv_of[p.customer_id.as_str()];
        assert_eq!(p.p_alive, Some(c.p_alive));
        assert_eq!(p.churn_risk, Some(1.0 - c.p_alive));
        assert_eq!(p.clv, Some(c.clv));
        let churn = p.churn_tier.unwrap();
        let risk = 1.0 - c.p_alive;
        assert_eq!(
            churn,
            if risk >= 0.7 {
                Tier::High
            } else if risk >= 0.3 {
                Tier::Medium
            } else {
                Tier::Low
            }
        );
        let above = clv.customers.iter().filter(|o| o.clv > c.clv).count() as f64;
        let n = clv.customers.len() as f64;
        let want = if above < 0.2 * n {
            Tier::High
        } else if above < 0.5 * n {
            Tier::Medium
        } else {
            Tier::Low
        };
        assert_eq!(p.clv_tier, Some(want), "{}", p.customer_id);
        tiers[want as usize] += 1;
        assert_eq!(p.cluster, Some(cluster_of[p.customer_id.as_str()]));
        let mut d = days[p.customer_id.as_str()].clone();
        d.sort_unstable();
        d.dedup();
        assert_eq!(p.order_days, d.len() as u64);
        if d.len() >= 2 {
            let avg = f64::from(d[d.len() - 1] - d[0]) / (d.len() - 1) as f64;
            assert_eq!(p.average_days_between_orders, Some(avg));
            assert!(p.expected_next_order_date.is_some());
        } else {
            assert_eq!(
                (
                    p.average_days_between_orders,
                    p.expected_next_order_date.as_deref()
                ),
                (None, None)
            );
        }
        let top: Vec<Suggestion> = model.recommend(t, &p.customer_id).unwrap()[..3].to_vec();
        assert_eq!(p.next_best_products, top);
    }
    // Ties go up, so the high tier holds at least 20%, and nothing else moves it far.
    let n = report.customers.len();
    assert!(tiers[0] * 5 >= n && tiers[0] * 5 <= n + 5 * 10, "{tiers:?}");
}

fn profile(id: &str, segment: &str) -> CustomerProfile {
    CustomerProfile {
        customer_id: id.into(),
        orders: 2,
        revenue: 10.0,
        average_order_value: 5.0,
        first_order_date: "2024-01-01".into(),
        last_order_date: "2024-02-01".into(),
        recency_days: 3,
        order_days: 2,
        average_days_between_orders: Some(31.0),
        expected_next_order_date: Some("2024-03-03".into()),
        overdue_days: None,
        p_alive: Some(0.9),
        churn_risk: Some(0.1),
        churn_tier: Some(Tier::Low),
        clv: Some(100.0),
        clv_tier: Some(Tier::High),
        segment: segment.into(),
        cluster: Some(2),
        cluster_name: None,
        next_best_products: vec![Suggestion {
            product_id: "=SUM(A1)".into(),
            product_name: Some("MUG, RED".into()),
            score: 1.5,
            bestseller: false,
        }],
    }
}

#[test]
fn every_format_has_its_documented_header() {
    let headers = [
        (
            Format::Klaviyo,
            "Email,External ID,Segment,Cluster,CLV Tier,Churn Risk Tier,Next Best Products",
        ),
        (
            Format::Mailchimp,
            "Email Address,Customer ID,Segment,Cluster,CLV Tier,Churn Risk Tier,Next Best Products,Tags",
        ),
        (
            Format::Hubspot,
            "Email,Segmint Customer ID,Segmint Segment,Segmint Cluster,Segmint CLV Tier,Segmint Churn Risk Tier,Segmint Next Best Products",
        ),
        (
            Format::Salesforce,
            "Email,Segmint Customer ID,Segmint Segment,Segmint Cluster,Segmint CLV Tier,Segmint Churn Risk Tier,Segmint Next Best Products",
        ),
        (
            Format::Shopify,
            "First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Accepts Email Marketing,Accepts SMS Marketing,Tags,Note,Tax Exempt",
        ),
    ];
    let csv =
        b"Order,Customer,Email,Date,Amount\no1,=c1,+ann@x.org,2024-01-01,5\no2,c2,,2024-01-02,6\n";
    let dataset = load_bytes(csv, DatasetOptions::new(), 7).unwrap();
    let emails = customer_emails(csv, &dataset).unwrap();
    assert_eq!(emails.get("=c1"), Some("+ann@x.org"));
    assert_eq!(emails.get("c2"), None);
    let a = profile("=c1", "-Champions");
    let b = profile("c2", "Lost");
    for (format, header) in headers {
        let file = crm::write(format, &[&a, &b], Some(&emails)).unwrap();
        let text = file.csv.as_str();
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next(), Some(header), "{format:?}");
        // Formula-like text from the data is neutralised wherever it lands.
        assert!(text.contains("\"'+ann@x.org\""), "{format:?}: {text}");
        for hostile in ["=c1", "-Champions", "=SUM(A1)"] {
            let bare = format!(",{hostile}");
            assert!(
                !text.contains(&bare),
                "{format:?} writes {hostile} unescaped: {text}"
            );
        }
        if format.needs_email() {
            assert_eq!(
                (file.rows, file.without_email.as_slice()),
                (1, ["c2".to_owned()].as_slice())
            );
            assert_eq!(file.warnings.len(), 1);
        } else {
            assert_eq!(file.rows, 2);
        }
        assert_eq!(text.lines().count(), 1 + file.rows);
    }
    // Without an email column: HubSpot and Salesforce key on the customer id; the others say
    // what to do.
    let file = crm::write(Format::Hubspot, &[&b], None).unwrap();
    assert!(file.csv.as_str().starts_with("Segmint Customer ID,"));
    for format in [Format::Klaviyo, Format::Mailchimp, Format::Shopify] {
        let err = crm::write(format, &[&b], None).unwrap_err();
        assert!(matches!(&err, CrmError::NeedsEmail(m) if m.contains("--map email=COLUMN")));
    }
    // Mailchimp tags never hold a comma inside one tag.
    let m = crm::write(
        Format::Mailchimp,
        &[&profile("x", "A, B")],
        Some(&segmint_core::export::contacts::CustomerEmails::from_ids()),
    )
    .unwrap();
    assert_eq!(
        m.rows, 0,
        "an id that is not an email is no Mailchimp contact"
    );
}
