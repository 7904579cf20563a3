//! Mine the frequent itemsets of a file's baskets and time it (the basket benchmark's Segmint
//! side, `bash bench/run.sh --only basket`):
//!
//! ```text
//! cargo run --profile native -p segmint-core --example basket_mine -- FILE SUPPORT [options]
//!   SUPPORT          a fraction (0.01) or, with a leading `#`, a basket count (#200)
//!   --max-len L      itemsets of at most L items
//!   --per-line       FILE has one basket per line (items comma-separated)
//!   --export OUT     write the baskets, one per line, items comma-separated, and stop
//!   --rules          also generate every rule (timed separately)
//!   --count-only     stream the itemsets through `mine_each` and only count them (what
//!                    pyfim's pattern-spectrum mode does), instead of keeping them
//!   --reps R         mine R times (reports the median and every run)
//! ```
//! FILE is any table with order and product columns (e.g. UCI Online Retail) or one basket
//! per line (groceries). The last stdout line is `{"seconds": mining time}`.

use std::io::Write;
use std::time::Instant;

use segmint_core::basket::{
    Baskets, MinSupport, MiningParams, NoProgress, RuleParams, generate_rules, mine, mine_each,
};
use segmint_core::{DatasetOptions, Preset, load_bytes};
use std::ops::ControlFlow;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: basket_mine FILE SUPPORT [--max-len L] [--per-line] [--export OUT] [--rules] [--reps R]";
    let (Some(path), Some(support)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let start = Instant::now();
    let bytes = std::fs::read(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    let mut options = DatasetOptions::new();
    if args.iter().any(|a| a == "--per-line") {
        options.preset = Some(Preset::BasketPerLine);
    }
    let dataset =
        load_bytes(&bytes, options, 1 << 20).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    drop(bytes);
    let t = dataset
        .basket_transactions()
        .unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    let loaded = start.elapsed();
    let built = Instant::now();
    let baskets = Baskets::from_transactions(t).unwrap_or_else(|e| fail(&e.to_string()));
    let built = built.elapsed();

    if let Some(out) = flag("--export") {
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(out).unwrap_or_else(|e| fail(&format!("{out}: {e}"))),
        );
        for basket in baskets.iter() {
            let names: Vec<&str> = basket.iter().map(|&i| baskets.name(i)).collect();
            writeln!(w, "{}", names.join(",")).unwrap_or_else(|e| fail(&e.to_string()));
        }
        w.flush().unwrap_or_else(|e| fail(&e.to_string()));
        eprintln!("{} baskets written to {out}", baskets.len());
        return;
    }

    let min_support = match support.strip_prefix('#') {
        Some(count) => MinSupport::Count(count.parse().unwrap_or_else(|_| fail(usage))),
        None => MinSupport::Fraction(support.parse().unwrap_or_else(|_| fail(usage))),
    };
    let mut params = MiningParams::new(min_support).max_itemsets(None);
    if let Some(l) = flag("--max-len") {
        params = params.max_len(l.parse().unwrap_or_else(|_| fail(usage)));
    }
    let reps: usize = flag("--reps").map_or(1, |r| r.parse().unwrap_or_else(|_| fail(usage)));
    if args.iter().any(|a| a == "--count-only") {
        let mut times = Vec::new();
        let mut summary = None;
        for _ in 0..reps.max(1) {
            let clock = Instant::now();
            let mut items = 0u64;
            let result = mine_each(&baskets, &params, &mut NoProgress, |set, _| {
                items += set.len() as u64;
                ControlFlow::Continue(())
            })
            .unwrap_or_else(|e| fail(&e.to_string()));
            times.push(clock.elapsed().as_secs_f64());
            summary = Some((result, items));
        }
        let (summary, items) = summary.unwrap_or_else(|| fail("no run"));
        eprintln!(
            "{} baskets, min_count {}: {} itemsets ({items} items in all), streamed; runs {times:?} s",
            summary.transactions, summary.min_count, summary.itemsets
        );
        times.sort_by(f64::total_cmp);
        println!("{}", summary.itemsets);
        println!("{{\"seconds\": {}}}", times[times.len() / 2]);
        return;
    }
    let mut times = Vec::new();
    let mut found = None;
    for _ in 0..reps.max(1) {
        drop(found.take());
        let clock = Instant::now();
        let result =
            mine(&baskets, &params, &mut NoProgress).unwrap_or_else(|e| fail(&e.to_string()));
        times.push(clock.elapsed().as_secs_f64());
        found = Some(result);
    }
    let found = found.unwrap_or_else(|| fail("no run"));
    let mut by_size = Vec::new();
    for (items, _) in found.iter() {
        if by_size.len() < items.len() {
            by_size.resize(items.len(), 0u64);
        }
        by_size[items.len() - 1] += 1;
    }
    eprintln!(
        "{} baskets ({} distinct after pruning), min_count {}, {} frequent items; load {:?}, \
         baskets {:?}; mining runs {:?} s; {} itemsets by size {:?}; {} steps",
        found.transactions,
        found.stats.distinct_baskets,
        found.min_count,
        found.stats.frequent_items,
        loaded,
        built,
        times,
        found.len(),
        by_size,
        found.stats.steps
    );
    if args.iter().any(|a| a == "--rules") {
        let clock = Instant::now();
        let rules = generate_rules(
            &found,
            &baskets,
            &RuleParams {
                max_rules: None,
                ..RuleParams::default()
            },
            &mut NoProgress,
        )
        .unwrap_or_else(|e| fail(&e.to_string()));
        eprintln!("{} rules in {:?}", rules.rules.len(), clock.elapsed());
    }
    times.sort_by(f64::total_cmp);
    println!("{}", found.len());
    println!("{{\"seconds\": {}}}", times[times.len() / 2]);
}

fn fail(message: &str) -> ! {
    eprintln!("basket_mine: {message}");
    std::process::exit(1);
}
