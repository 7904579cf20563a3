//! Times the recommendations on an orders file: fit + every customer's top N, and the
//! time-split evaluation, in process (the file is loaded first and not timed).
//!
//! ```text
//! cargo run --profile native -p segmint-core --example recommend_bench -- FILE [REPS] [--min-buyers K] [--export-split DIR]
//! ```
//! Prints one JSON object last: the median seconds of fit + score of all customers
//! (`seconds`), of the fit alone, of the evaluation (fit on the training days + score the
//! evaluated customers), the evaluation's numbers, and `count` = customers scored.
//! `--export-split DIR` writes `train.csv`, `test.csv` and `all.csv` (customer, item pairs of
//! the evaluation's split and of the whole file, after Segmint's cleaning) for the peers of `bench/run.sh --only recommend`.

use std::io::Write;
use std::time::Instant;

use segmint_core::recommend::{ItemItem, PurchaseMatrix, RecommendParams, evaluate};
use segmint_core::table::NO_ID;
use segmint_core::{DatasetOptions, load_bytes};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: recommend_bench FILE [REPS] [--min-buyers K] [--export-split DIR]");
    let mut reps = 5usize;
    let mut min_buyers = 5u32;
    let mut export = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--min-buyers" => min_buyers = args.next().and_then(|s| s.parse().ok()).expect("K"),
            "--export-split" => export = args.next(),
            n => reps = n.parse().expect("REPS is a number"),
        }
    }
    let bytes = std::fs::read(&path).expect("readable file");
    let dataset = load_bytes(&bytes, DatasetOptions::new(), 1 << 20).expect("loads");
    let t = dataset.customer_transactions().expect("customer roles");
    let params = RecommendParams::new().min_buyers(min_buyers);

    let (mut all, mut fit, mut eval_s, mut cpu) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut customers = 0;
    let mut evaluation = None;
    for _ in 0..reps.max(1) {
        let (start, cpu_start) = (Instant::now(), cpu_seconds());
        let model = ItemItem::fit(t, &params).expect("fit");
        fit.push(start.elapsed().as_secs_f64());
        let lists = model.recommend_all(t);
        all.push(start.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - cpu_start);
        customers = lists.len();
        let start = Instant::now();
        evaluation = Some(evaluate(t, &params, 30).expect("evaluation"));
        eval_s.push(start.elapsed().as_secs_f64());
    }
    let e = evaluation.expect("one repetition");
    if let Some(dir) = export {
        let last = (0..t.len())
            .filter(|&i| t.customer[i] != NO_ID)
            .map(|i| t.day[i])
            .max()
            .unwrap();
        let cutoff = last - 30;
        for (name, window) in [
            ("train.csv", i32::MIN..cutoff),
            ("test.csv", cutoff..i32::MAX),
            ("all.csv", i32::MIN..i32::MAX),
        ] {
            let m = PurchaseMatrix::from_lines(t, Some(window));
            let mut out = std::io::BufWriter::new(
                std::fs::File::create(std::path::Path::new(&dir).join(name)).expect("writable"),
            );
            writeln!(out, "customer_id,product_id").unwrap();
            for c in 0..m.customers() as u32 {
                for &i in m.bought(c) {
                    writeln!(out, "{},{}", t.customer_ids.name(c), t.products.name(i)).unwrap();
                }
            }
        }
    }
    println!(
        "{}",
        serde_json::json!({
            "implementation": "segmint-core",
            "customers": customers,
            "fit_s": median(fit),
            "seconds": median(all),
            "cpu_s": median(cpu),
            "evaluate_s": median(eval_s),
            "count": customers,
            "evaluated": e.customers,
            "hit_rate": e.hit_rate,
            "precision": e.precision,
            "baseline_hit_rate": e.baseline_hit_rate,
            "baseline_precision": e.baseline_precision,
            "min_buyers": min_buyers,
        })
    );
}

/// CPU time of this thread (the one doing the work), unaffected by other processes' load.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns * 1e-9)
}
