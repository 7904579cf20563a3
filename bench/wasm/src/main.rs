//! `segmint-bench-native`: the native side of bench/browser. Times one job of
//! [`segmint_bench_wasm::jobs`] in-process, exactly as the page times the wasm build.
//!
//! ```text
//! segmint-bench-native JOB DATA_DIR REPS            one job: prepare, 1 warm-up, REPS timed runs
//! segmint-bench-native --scale FILE                  stream FILE in 1 MiB chunks, then RFM
//! ```
//! Prints one JSON object: `job`, `times_s` (every timed run), `check` (the job's check value),
//! `first_s` (the warm-up run),
//! `prepare_s` and `peak_rss_bytes` (VmHWM of this process, Linux; null elsewhere).

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use segmint_bench_wasm::jobs::input_of;
use segmint_bench_wasm::{Bench, ScaleStream};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, file] if flag == "--scale" => scale(Path::new(file)),
        [job, dir, reps] => match reps.parse() {
            Ok(reps) => job_run(job, Path::new(dir), reps),
            Err(_) => Err(format!("REPS must be a number, got {reps:?}")),
        },
        _ => Err("usage: segmint-bench-native JOB DATA_DIR REPS | --scale FILE".into()),
    };
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("segmint-bench-native: {e}");
            ExitCode::FAILURE
        }
    }
}

fn job_run(job: &str, dir: &Path, reps: usize) -> Result<String, String> {
    let path = dir.join(input_of(job)?.file());
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bench = Bench::new(bytes);
    let start = Instant::now();
    bench.prepare(job)?;
    let prepare_s = start.elapsed().as_secs_f64();
    // One warm-up run first, as in the page (where V8 tiers the wasm up while it runs).
    let start = Instant::now();
    bench.run(job)?;
    let first_s = start.elapsed().as_secs_f64();
    let mut times = Vec::with_capacity(reps);
    let mut check = f64::NAN;
    for _ in 0..reps {
        let start = Instant::now();
        check = bench.run(job)?;
        times.push(start.elapsed().as_secs_f64());
    }
    let times: Vec<String> = times.iter().map(|t| format!("{t:.6}")).collect();
    Ok(format!(
        "{{\"job\": \"{job}\", \"times_s\": [{}], \"check\": {check}, \"first_s\": {first_s:.6}, \"prepare_s\": {prepare_s:.6}, \"peak_rss_bytes\": {}}}",
        times.join(", "),
        peak_rss()
    ))
}

fn scale(path: &Path) -> Result<String, String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = Instant::now();
    let mut stream = ScaleStream::new();
    let mut chunk = vec![0; 1 << 20];
    loop {
        let n = file
            .read(&mut chunk)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        stream.push(&chunk[..n])?;
    }
    let (read, used, customers) = stream.finish_rfm()?;
    Ok(format!(
        "{{\"rows_read\": {read}, \"rows_used\": {used}, \"customers\": {customers}, \"seconds\": {:.6}, \"peak_rss_bytes\": {}}}",
        start.elapsed().as_secs_f64(),
        peak_rss()
    ))
}

/// Peak resident set of this process (`VmHWM`), or `null` where /proc is missing.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some((kb * 1024).to_string())
        })
        .unwrap_or_else(|| "null".into())
}
