//! Value readers against independent formulations: std's float parser, the civil-day
//! helpers, and Excel's own serial numbers.

use proptest::prelude::*;
use segmint_core::table::days_from_civil;
use segmint_core::values::{DecimalSeparator, parse_date, parse_number};

fn days_in_month(y: i32, m: u32) -> u32 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][m as usize - 1]
}

fn date() -> impl Strategy<Value = (i32, u32, u32)> {
    (1901i32..2100, 1u32..=12).prop_flat_map(|(y, m)| (Just(y), Just(m), 1..=days_in_month(y, m)))
}

proptest! {
    #[test]
    fn plain_decimals_match_std(int in 0u64..10_000_000, frac in 0u64..100_000, neg: bool) {
        let s = format!("{}{int}.{frac}", if neg { "-" } else { "" });
        let cell = parse_number(&s);
        prop_assert_eq!(cell.get(DecimalSeparator::Point), Some(s.parse::<f64>().unwrap()));
    }

    #[test]
    fn grouped_numbers_read_both_ways(int in 1000u64..1_000_000_000, cents in 0u64..100) {
        let grouped = |sep: char| {
            let digits = int.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(sep);
                }
                out.push(c);
            }
            out
        };
        let expected = int as f64 + cents as f64 / 100.0;
        let us = format!("${}.{cents:02}", grouped(','));
        let eu = format!("{},{cents:02} €", grouped('.'));
        let us_v = parse_number(&us).get(DecimalSeparator::Point).unwrap();
        let eu_v = parse_number(&eu).get(DecimalSeparator::Comma).unwrap();
        prop_assert!((us_v - expected).abs() < 1e-6, "{} {}", us, us_v);
        prop_assert!((eu_v - expected).abs() < 1e-6, "{} {}", eu, eu_v);
    }

    #[test]
    fn every_format_gives_the_civil_day((y, m, d) in date(), h in 0u32..24, min in 0u32..60) {
        let want = days_from_civil(y, m, d);
        for s in [
            format!("{y:04}-{m:02}-{d:02}"),
            format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:00Z"),
            format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:00 +0530"),
            format!("{y:04}{m:02}{d:02}"),
            format!("{y:04}/{m}/{d}"),
        ] {
            let c = parse_date(&s);
            prop_assert_eq!((c.day_first, c.month_first), (Some(want), Some(want)), "{}", s);
        }
        let c = parse_date(&format!("{d:02}/{m:02}/{y:04} {h}:{min:02}"));
        prop_assert_eq!(c.day_first, Some(want));
        let c = parse_date(&format!("{m}/{d}/{y:04}"));
        prop_assert_eq!(c.month_first, Some(want));
        // Excel 1900 system: serial = days since 1899-12-30 from 1900-03-01 on.
        let serial = want - days_from_civil(1899, 12, 30);
        prop_assert_eq!(parse_date(&serial.to_string()).day_first, Some(want));
        prop_assert_eq!(parse_date(&format!("{serial}.25")).day_first, Some(want));
    }

    #[test]
    fn value_readers_never_panic(s in "\\PC{0,40}") {
        let _ = parse_number(&s);
        let _ = parse_date(&s);
    }
}
