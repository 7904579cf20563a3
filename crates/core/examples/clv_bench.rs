//! Times the lifetime-value analysis (summary + BG/NBD + Gamma-Gamma + per-customer P(alive),
//! expected purchases and CLV) on a CDNOW-format CSV.
//!
//! ```text
//! cargo run --profile native -p segmint-core --example clv_bench -- FILE [REPS] [day|week|calendar_week]
//! ```
//! Prints one JSON object: the load time, every repetition's analysis wall-clock and CPU
//! time, their medians, and the fitted parameters (so `bash bench/run.sh --only clv` can check both
//! sides fitted the same).

#[path = "../tests/it/clv_support/mod.rs"]
mod clv_support;

use std::time::Instant;

use segmint_core::clv::{self, ClvOptions, TimeUnit};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: clv_bench FILE [REPS] [day|week|calendar_week]");
    let reps: usize = args
        .next()
        .map_or(7, |s| s.parse().expect("REPS is a number"));
    let unit = match args.next().as_deref() {
        None | Some("week") => TimeUnit::Week,
        Some("day") => TimeUnit::Day,
        Some("calendar_week") => TimeUnit::CalendarWeek,
        Some(other) => panic!("unknown time unit {other}"),
    };
    let start = Instant::now();
    let bytes = std::fs::read(&path).expect("readable file");
    let tx = clv_support::load_cdnow(&bytes);
    let load_s = start.elapsed().as_secs_f64();
    let options = ClvOptions::new().time_unit(unit).horizon_days(364.0);
    let mut times = Vec::with_capacity(reps);
    let mut cpu_times = Vec::with_capacity(reps);
    let mut report = None;
    for _ in 0..reps {
        let (start, cpu_start) = (Instant::now(), cpu_seconds());
        let r = clv::analyse(&tx, &options).expect("fit");
        times.push(start.elapsed().as_secs_f64());
        cpu_times.push(cpu_seconds() - cpu_start);
        report = Some(r);
    }
    let report = report.expect("at least one repetition");
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let mut sorted_cpu = cpu_times.clone();
    sorted_cpu.sort_by(f64::total_cmp);
    let total_clv: f64 = report.customers.iter().map(|c| c.clv).sum();
    let out = serde_json::json!({
        "implementation": "segmint-core",
        "file": path,
        "lines": tx.len(),
        "customers": report.customers.len(),
        "load_s": load_s,
        "analyse_s": times,
        "analyse_median_s": median,
        "analyse_cpu_s": cpu_times,
        "analyse_cpu_median_s": sorted_cpu[sorted_cpu.len() / 2],
        "model": report.model,
        "gamma_gamma": report.gamma_gamma,
        "total_clv": total_clv,
    });
    println!("{out}");
}

/// CPU time of this thread (Linux `/proc/thread-self/schedstat`, in ns), so that a machine
/// shared with other work does not inflate the measurement; NaN elsewhere.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns * 1e-9)
}
