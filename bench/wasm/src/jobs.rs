//! The benchmark jobs, shared by the wasm exports and the native binary.

use segmint_core::basket::{Baskets, MinSupport, MiningParams, NoProgress, mine};
use segmint_core::cluster::{self, ClusterParams, KMeansParams, Matrix, features};
use segmint_core::clv::{self, ClvOptions, TimeUnit};
use segmint_core::rfm::{self, Monetary, RfmParams};
use segmint_core::{Dataset, DatasetOptions, DatasetStream, NO_ID, Transactions, load_bytes};

/// Every job, in the order the harness runs them, with the input file it needs.
pub const JOBS: &[(&str, Input)] = &[
    ("ingest", Input::Retail),
    ("rfm", Input::Retail),
    ("ingest_rfm", Input::Retail),
    ("kmeans_sweep", Input::Retail),
    ("cluster_sweep", Input::Retail),
    ("cluster_analyse", Input::Retail),
    ("mine_0.01", Input::Retail),
    ("mine_0.005", Input::Retail),
    ("mine_0.002", Input::Retail),
    ("clv", Input::Cdnow),
];

/// Which file a job reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// UCI Online Retail (`online_retail.csv`).
    Retail,
    /// CDNOW purchases (`cdnow_master.csv`).
    Cdnow,
}

impl Input {
    /// The file name under `shared/data`.
    pub fn file(self) -> &'static str {
        match self {
            Input::Retail => "online_retail.csv",
            Input::Cdnow => "cdnow_master.csv",
        }
    }
}

/// The input file of `job`, or an error for an unknown job.
pub fn input_of(job: &str) -> Result<Input, String> {
    JOBS.iter()
        .find(|(name, _)| *name == job)
        .map(|&(_, input)| input)
        .ok_or_else(|| format!("unknown job {job:?}"))
}

/// Chunk size used when ingesting from memory (the CLI's and the worker's).
const CHUNK: usize = 1 << 20;

/// Inputs and the state prepared for the timed job.
#[derive(Default)]
pub struct Bench {
    bytes: Vec<u8>,
    dataset: Option<Dataset>,
    matrix: Option<Matrix>,
    baskets: Option<Baskets>,
}

/// The k-means sweep's parameters: k = 2..=10, n_init 10, seed 0 (bench/cluster, the CLI).
pub fn cluster_params() -> ClusterParams {
    ClusterParams::new().k_range(2..=10).n_init(10).seed(0)
}

/// The lifetime-value options of bench/clv: weeks, observation end = last date, 52 weeks.
pub fn clv_options() -> ClvOptions {
    ClvOptions::new()
        .time_unit(TimeUnit::Week)
        .horizon_days(364.0)
}

fn load(bytes: &[u8]) -> Result<Dataset, String> {
    load_bytes(bytes, DatasetOptions::new(), CHUNK).map_err(|e| e.to_string())
}

fn customers(d: &Dataset) -> Result<&Transactions, String> {
    d.customer_transactions().map_err(|e| e.to_string())
}

/// The scaled RFM feature matrix of the clustering (recency, frequency, monetary → log1p →
/// z-score), as `cluster::analyse` builds it.
fn scaled_matrix(t: &Transactions) -> Result<Matrix, String> {
    let last = (0..t.len())
        .filter(|&i| t.customer[i] != NO_ID)
        .map(|i| t.day[i])
        .max()
        .ok_or("no customers")?;
    let m = rfm::metrics(t, last + 1, Monetary::Sum, None);
    let fm = features::build(&m, &t.customer_ids, &cluster_params().features)
        .map_err(|e| e.to_string())?;
    Ok(fm.scaled)
}

fn support_of(job: &str) -> Option<f64> {
    job.strip_prefix("mine_").and_then(|s| s.parse().ok())
}

impl Bench {
    /// A bench over the bytes of the job's input file.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self {
            bytes,
            ..Self::default()
        }
    }

    /// Build what `job` starts from (untimed): the ingested table, the scaled matrix or the
    /// baskets.
    pub fn prepare(&mut self, job: &str) -> Result<(), String> {
        input_of(job)?;
        match job {
            "ingest" | "ingest_rfm" => {}
            _ => self.dataset = Some(load(&self.bytes)?),
        }
        let dataset = self.dataset.as_ref();
        match job {
            "kmeans_sweep" | "cluster_sweep" => {
                let t = customers(dataset.ok_or("not loaded")?)?;
                self.matrix = Some(scaled_matrix(t)?);
            }
            _ if job.starts_with("mine_") => {
                let d = dataset.ok_or("not loaded")?;
                let t = d.basket_transactions().map_err(|e| e.to_string())?;
                self.baskets = Some(Baskets::from_transactions(t).map_err(|e| e.to_string())?);
            }
            _ => {}
        }
        Ok(())
    }

    /// Run `job` once (the timed part) and return its check value: rows used (ingest),
    /// customers (RFM), the sum of the inertias over k (k-means), the recommended k (whole
    /// clustering), the number of frequent itemsets, or the total CLV.
    pub fn run(&self, job: &str) -> Result<f64, String> {
        let dataset = || self.dataset.as_ref().ok_or("call prepare first");
        let matrix = || self.matrix.as_ref().ok_or("call prepare first");
        match job {
            "ingest" => Ok(load(&self.bytes)?.quality.rows_used as f64),
            "rfm" => {
                let r = rfm::analyse(customers(dataset()?)?, &RfmParams::default())
                    .map_err(|e| e.to_string())?;
                Ok(r.customers.len() as f64)
            }
            "ingest_rfm" => {
                let d = load(&self.bytes)?;
                let r = rfm::analyse(customers(&d)?, &RfmParams::default())
                    .map_err(|e| e.to_string())?;
                Ok(r.customers.len() as f64)
            }
            "kmeans_sweep" => {
                let x = matrix()?;
                let p = cluster_params();
                let mut total = 0.0;
                for k in 2..=10 {
                    let fit = KMeansParams::new(k)
                        .n_init(p.n_init)
                        .max_iter(p.max_iter)
                        .tol(p.tol)
                        .seed(p.seed)
                        .fit(x)
                        .map_err(|e| e.to_string())?;
                    total += fit.inertia;
                }
                Ok(total)
            }
            "cluster_sweep" => {
                let points =
                    cluster::sweep(matrix()?, &cluster_params()).map_err(|e| e.to_string())?;
                Ok(points.iter().filter_map(|p| p.row.silhouette).sum())
            }
            "cluster_analyse" => {
                let r = cluster::analyse(customers(dataset()?)?, &cluster_params())
                    .map_err(|e| e.to_string())?;
                Ok(r.k as f64)
            }
            "clv" => {
                let r = clv::analyse(customers(dataset()?)?, &clv_options())
                    .map_err(|e| e.to_string())?;
                Ok(r.customers.iter().map(|c| c.clv).sum())
            }
            _ => {
                let support = support_of(job).ok_or_else(|| format!("unknown job {job:?}"))?;
                let baskets = self.baskets.as_ref().ok_or("call prepare first")?;
                let params = MiningParams::new(MinSupport::Fraction(support)).max_itemsets(None);
                let found = mine(baskets, &params, &mut NoProgress).map_err(|e| e.to_string())?;
                Ok(found.len() as f64)
            }
        }
    }

    /// The scaled clustering matrix, row-major (after `prepare("kmeans_sweep")`), for the
    /// JavaScript k-means to run on the same numbers.
    pub fn matrix(&self) -> (&[f64], usize) {
        self.matrix
            .as_ref()
            .map_or((&[][..], 0), |m| (m.data(), m.cols()))
    }

    /// The baskets (after `prepare("mine_…")`) as item ids, flattened, with the end offset of
    /// each basket, for the JavaScript miner to run on the same baskets.
    pub fn baskets(&self) -> (Vec<u32>, Vec<u32>) {
        let mut items = Vec::new();
        let mut ends = Vec::new();
        if let Some(b) = &self.baskets {
            for basket in b.iter() {
                items.extend_from_slice(basket);
                ends.push(items.len() as u32);
            }
        }
        (items, ends)
    }
}

/// A file streamed in chunks through the ingest pipeline, then RFM: the scale test's path
/// (what the app's worker does with a large file).
pub struct ScaleStream {
    stream: Option<DatasetStream>,
}

impl Default for ScaleStream {
    fn default() -> Self {
        Self::new()
    }
}

impl ScaleStream {
    /// An empty stream with the default options.
    pub fn new() -> Self {
        Self {
            stream: Some(DatasetStream::new(DatasetOptions::new())),
        }
    }

    /// Push the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), String> {
        self.stream
            .as_mut()
            .ok_or("stream already finished")?
            .push(chunk)
            .map_err(|e| e.to_string())
    }

    /// End of input: ingest, then RFM. Returns (rows read, rows used, customers).
    pub fn finish_rfm(&mut self) -> Result<(u64, u64, usize), String> {
        let d = self
            .stream
            .take()
            .ok_or("stream already finished")?
            .finish()
            .map_err(|e| e.to_string())?;
        let r = rfm::analyse(customers(&d)?, &RfmParams::default()).map_err(|e| e.to_string())?;
        Ok((d.quality.rows_read, d.quality.rows_used, r.customers.len()))
    }
}
