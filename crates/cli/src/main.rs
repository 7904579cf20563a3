//! `segmint`: the Segmint analytics core on the command line.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use segmint_core::{InspectOptions, InspectReport, InspectStream};

#[derive(Parser)]
#[command(name = "segmint", version, about = "Customer analytics on your own machine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Dialect, columns, row counts and a preview of a delimited text file.
    Inspect {
        /// The file to read.
        file: PathBuf,
        /// Write one JSON document to stdout.
        #[arg(long)]
        json: bool,
        /// How many data records to preview.
        #[arg(long, default_value_t = 20)]
        records: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect { file, json, records } => inspect(&file, json, records),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

const CHUNK: usize = 1 << 20;

fn inspect(path: &Path, json: bool, records: usize) -> anyhow::Result<()> {
    let report = inspect_file(path, InspectOptions { preview_records: records })?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", path.display())?;
        writeln!(out, "  encoding   {}", report.encoding)?;
        writeln!(out, "  delimiter  {:?}", report.delimiter)?;
        writeln!(out, "  rows read  {}", report.rows_read)?;
        writeln!(out, "  columns    {}", report.columns)?;
        for (i, name) in report.header.iter().enumerate() {
            let filled = report.column_filled.get(i).copied().unwrap_or(0);
            writeln!(out, "    {:>3}  {name:<24} {filled} filled", i + 1)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Stream `path` through the same [`InspectStream`] the browser worker uses.
fn inspect_file(path: &Path, options: InspectOptions) -> anyhow::Result<InspectReport> {
    let name = path.display().to_string();
    let mut file = File::open(path).with_context(|| format!("{name}: cannot open"))?;
    let mut stream = InspectStream::new(options);
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).with_context(|| format!("{name}: cannot read")),
        };
        stream.push(&buf[..n]).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    }
    stream.finish().map_err(|e| anyhow::anyhow!("{name}: {e}"))
}
