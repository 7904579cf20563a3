//! Numbers and dates for people: thousands separators, counts with their noun, money,
//! percentages, model parameters, days, and dates as a language writes them.

use crate::Lang;

/// `1454` → `1,454`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `(1, "customer", "customers")` → `1 customer`; `(1454, …)` → `1,454 customers`.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// `12345.678` → `12,345.68`.
pub fn money(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let cents = (v.abs() * 100.0).round() as u64;
    let sign = if v < 0.0 && cents > 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", count(cents / 100), cents % 100)
}

/// `0.1234` → `12.3%`.
pub fn percent(share: f64) -> String {
    if share.is_finite() {
        // `+ 0.0` turns -0.0 into 0.0: no "-0.0%".
        format!("{:.1}%", share * 100.0 + 0.0)
    } else {
        "—".into()
    }
}

/// A model parameter: four significant digits.
pub fn param(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v != 0.0 && (v.abs() >= 1e5 || v.abs() < 1e-3) {
        format!("{v:.3e}")
    } else {
        let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
        format!("{v:.digits$}")
    }
}

/// An optional value, formatted, or a dash.
pub fn opt(v: Option<f64>, f: fn(f64) -> String) -> String {
    v.map_or_else(|| "—".into(), f)
}

/// A day number as `YYYY-MM-DD` (the core's one date format).
pub fn day(day: i32) -> String {
    segmint_core::table::format_day(day)
}

/// A `YYYY-MM-DD` date as `lang` writes it ("1 Dec 2010", "2010年12月1日", through the
/// `date-long` message); anything that is not such a date is given back as it is.
pub fn date(lang: Lang, iso: &str) -> String {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Some(year)), Some(Some(month)), Some(Some(day)))
            if (1..=12).contains(&month) && (1..=31).contains(&day) =>
        {
            lang.t_with(
                "date-long",
                &[
                    ("day", &day.to_string()),
                    ("month", &month.to_string()),
                    ("year", &year.to_string()),
                ],
            )
        }
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1454), "1,454");
        assert_eq!(count(135_080), "135,080");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(counted(1, "customer", "customers"), "1 customer");
        assert_eq!(counted(0, "customer", "customers"), "0 customers");
        assert_eq!(counted(1454, "row", "rows"), "1,454 rows");
        assert_eq!(money(12345.678), "12,345.68");
        assert_eq!(money(-3.5), "-3.50");
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(param(0.2426), "0.2426");
        assert_eq!(param(4.414), "4.414");
        assert_eq!(day(0), "1970-01-01");
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        assert_eq!(date(Lang::En, "2010-12-01"), "1 Dec 2010");
        assert_eq!(date(Lang::En, "2011-01-09"), "9 Jan 2011");
        assert_eq!(date(Lang::En, "2024-05-31"), "31 May 2024");
        assert_eq!(date(Lang::Zh, "2010-12-01"), "2010年12月1日");
        assert_eq!(date(Lang::Zh, "2011-09-30"), "2011年9月30日");
        assert_eq!(date(Lang::En, "2010-13-01"), "2010-13-01");
        assert_eq!(date(Lang::En, "not a date"), "not a date");
    }
}
