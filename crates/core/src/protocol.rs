//! Messages between the browser UI and the analysis worker.
//!
//! The UI posts a [`Request`] (serialised as JSON) together with the `File` or `Blob` it
//! concerns; the worker streams the blob in chunks and answers with any number of
//! [`Response::Progress`] messages followed by exactly one final response. The same types are
//! used when the UI falls back to running the analysis in the page.
//!
//! A session has two steps. [`Request::Inspect`] streams the file once through the ingest
//! pipeline; the worker answers with the [`InspectReport`] and keeps the [`Dataset`] in its
//! own memory. The analysis requests ([`Request::Rfm`], [`Request::Cluster`],
//! [`Request::Basket`], [`Request::Clv`], [`Request::Cohort`]) then run on that dataset without the file being read again; they carry
//! no file. [`answer_with_progress`] (or [`answer`], without progress) is the one function both
//! the worker and the in-page fallback call for them, so the two paths cannot drift apart.
//!
//! [`Request::Columns`] also carries a file: a second, CRM-style file of per-customer numeric
//! columns. [`answer_columns`] (again the one function of both paths) reads it against the
//! loaded dataset's customers and answers with a summary and the columns as clustering
//! features, which the UI adds to the next [`Request::Cluster`]'s parameters: the worker
//! keeps no state for it.

use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};

use crate::basket::{self, BasketParams, BasketReport, Phase, Stop};
use crate::cluster::{
    self, ClusterParams, ClusterReport, ColumnChoice, ColumnsSummary, CustomerColumns, Feature,
};
use crate::clv::{self, ClvOptions, ClvReport};
use crate::cohort::{self, CohortOptions, CohortReport};
use crate::rfm::{self, RfmParams, RfmReport};
use crate::{Dataset, Error, ErrorKind, InspectOptions, InspectReport};

/// A job for the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Sniff, parse and summarise the attached file.
    Inspect {
        /// The file name, used in error messages.
        file_name: String,
        /// Inspection options.
        options: InspectOptions,
    },
    /// RFM scores and segments of the loaded dataset.
    Rfm {
        /// Bins, scoring, segment rules.
        params: RfmParams,
    },
    /// Customer clusters (k-means sweep or one k) of the loaded dataset.
    Cluster {
        /// Features, k, restarts, seed.
        params: ClusterParams,
    },
    /// Frequent itemsets and association rules of the loaded dataset's baskets.
    Basket {
        /// Support, rule filters, "bought together".
        params: BasketParams,
    },
    /// Lifetime value (BG/NBD + Gamma-Gamma) of the loaded dataset.
    Clv {
        /// Model options.
        options: ClvOptions,
    },
    /// Retention cohorts of the loaded dataset.
    Cohort {
        /// Cohort options.
        options: CohortOptions,
    },
    /// Read the attached file of per-customer columns (a CRM export, one row per customer)
    /// against the loaded dataset's customers.
    Columns {
        /// The file name, used in messages.
        file_name: String,
        /// The header of its customer-id column; `None`: found by name, as in an orders file.
        #[serde(default)]
        id_column: Option<String>,
    },
}

impl Request {
    /// Whether the request reads the attached file ([`Request::Inspect`] and
    /// [`Request::Columns`]); the others run on the dataset the last inspection kept.
    pub fn needs_file(&self) -> bool {
        matches!(self, Request::Inspect { .. } | Request::Columns { .. })
    }
}

/// A message from the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
// One response per job: the size of the report does not matter, and boxing it would change
// the type the worker and the UI build and match.
#[allow(clippy::large_enum_variant)]
pub enum Response {
    /// The worker has loaded and can take requests.
    Ready,
    /// Work in progress.
    Progress {
        /// Bytes processed so far.
        done: u64,
        /// Total bytes.
        total: u64,
    },
    /// The result of [`Request::Inspect`].
    Inspected(InspectReport),
    /// The result of [`Request::Rfm`].
    Rfm(RfmReport),
    /// The result of [`Request::Cluster`].
    Cluster(ClusterReport),
    /// The result of [`Request::Basket`].
    Basket(BasketReport),
    /// The result of [`Request::Clv`].
    Clv(ClvReport),
    /// The result of [`Request::Cohort`].
    Cohort(CohortReport),
    /// The result of [`Request::Columns`].
    Columns(ColumnsAnswer),
    /// The request failed.
    Failed(Failure),
}

/// A failed request, with the message a user sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The file the error is about.
    pub file_name: String,
    /// The structured error.
    pub error: Error,
    /// "orders.csv: line 12, column 3: …" — what to show.
    pub message: String,
}

impl Failure {
    /// Wrap `error` for `file_name`.
    pub fn new(file_name: &str, error: Error) -> Self {
        let message = format!("{file_name}: {error}");
        Self {
            file_name: file_name.to_owned(),
            error,
            message,
        }
    }
}

/// A file of customer columns, read: what the user picks from, and the picks themselves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnsAnswer {
    /// The file's id column, rows, columns (numeric or why not) and coverage of the customers.
    pub summary: ColumnsSummary,
    /// Every numeric column as a clustering feature (log1p → z-score, like the RFM features),
    /// in the file's column order; the UI adds the ones the user keeps to
    /// [`ClusterParams::features`].
    pub features: Vec<Feature>,
    /// Columns left out because they are not numeric, and rows without orders, in words.
    pub warnings: Vec<String>,
}

/// The largest file of customer columns read. It is read whole (one row per customer, far
/// fewer bytes than the orders): the cap keeps a wrongly picked file from filling the memory.
pub const MAX_COLUMNS_BYTES: u64 = 512 << 20;

/// The failure for a file of customer columns of `size` bytes over [`MAX_COLUMNS_BYTES`].
pub fn columns_too_large(file_name: &str, size: u64) -> Option<Response> {
    (size > MAX_COLUMNS_BYTES).then(|| {
        Response::Failed(Failure::new(
            file_name,
            Error::new(ErrorKind::BadCustomerColumns(format!(
                "the file is {} MB, over the {} MB a file of customer columns may have; keep \
                 only the customer id and the columns to cluster on",
                size.div_ceil(1 << 20),
                MAX_COLUMNS_BYTES >> 20
            ))),
        ))
    })
}

/// Answer [`Request::Columns`] (`file_name`, `id_column`) from the attached file's `bytes`,
/// against the customers of `dataset`. A file with no numeric column is a failure, and so is
/// one over [`MAX_COLUMNS_BYTES`] (decompressed).
pub fn answer_columns(
    dataset: &Dataset,
    bytes: &[u8],
    file_name: &str,
    id_column: Option<&str>,
) -> Response {
    if let Some(failure) = columns_too_large(file_name, bytes.len() as u64) {
        return failure;
    }
    let failed = |e| Response::Failed(Failure::new(file_name, e));
    let t = match dataset.customer_transactions() {
        Ok(t) => t,
        Err(e) => return failed(e),
    };
    let columns = match CustomerColumns::read(bytes, id_column) {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let (features, mut warnings) = match columns.features(file_name, &ColumnChoice::default()) {
        Ok(f) => f,
        Err(e) => return failed(e),
    };
    let coverage = columns.coverage(t);
    warnings.extend(coverage.warning(file_name));
    Response::Columns(ColumnsAnswer {
        summary: columns.summary(file_name, coverage),
        features,
        warnings,
    })
}

/// Answer an analysis request on `dataset` (the file it came from is `file_name`); `None` for
/// [`Request::Inspect`], which needs the file itself.
pub fn answer(dataset: &Dataset, file_name: &str, request: &Request) -> Option<Response> {
    answer_with_progress(dataset, file_name, request, &mut |_, _| {
        ControlFlow::Continue(())
    })
}

/// [`answer`], telling `progress` how far a long analysis is: `(done, total)` steps, called
/// every few milliseconds of work. Market baskets report their phases (preparing, mining,
/// rules: `total` = 3); the other analyses finish in one step and are not reported.
/// `ControlFlow::Break` stops the analysis, which then answers with a "cancelled" failure.
pub fn answer_with_progress(
    dataset: &Dataset,
    file_name: &str,
    request: &Request,
    progress: &mut dyn FnMut(u64, u64) -> ControlFlow<()>,
) -> Option<Response> {
    if request.needs_file() {
        return None;
    }
    let fail = |analysis: &str, message: String| {
        Response::Failed(Failure::new(
            file_name,
            Error::new(ErrorKind::BadOption(format!("{analysis}: {message}"))),
        ))
    };
    // Baskets need orders and products, not customers: they have their own view of the table.
    if let Request::Basket { params } = request {
        return Some(match dataset.basket_transactions() {
            Ok(t) => basket::analyse(t, params, &mut PhaseProgress { phase: 0, progress })
                .map_or_else(|e| fail("baskets", e.to_string()), Response::Basket),
            Err(e) => Response::Failed(Failure::new(file_name, e)),
        });
    }
    let t = match dataset.customer_transactions() {
        Ok(t) => t,
        Err(e) => return Some(Response::Failed(Failure::new(file_name, e))),
    };
    Some(match request {
        Request::Inspect { .. } | Request::Columns { .. } | Request::Basket { .. } => return None,
        Request::Rfm { params } => {
            rfm::analyse(t, params).map_or_else(|e| fail("RFM", e.to_string()), Response::Rfm)
        }
        Request::Cluster { params } => cluster::analyse(t, params)
            .map_or_else(|e| fail("clusters", e.to_string()), Response::Cluster),
        Request::Clv { options } => clv::analyse(t, options)
            .map_or_else(|e| fail("lifetime value", e.to_string()), Response::Clv),
        Request::Cohort { options } => cohort::analyse(t, options)
            .map_or_else(|e| fail("cohorts", e.to_string()), Response::Cohort),
    })
}

/// Reports the basket miner's phases as steps `(phase, 3)`.
struct PhaseProgress<'a> {
    phase: u64,
    progress: &'a mut dyn FnMut(u64, u64) -> ControlFlow<()>,
}

impl basket::Progress for PhaseProgress<'_> {
    fn tick(&mut self, _done: u64) -> ControlFlow<Stop> {
        match (self.progress)(self.phase, 3) {
            ControlFlow::Continue(()) => ControlFlow::Continue(()),
            ControlFlow::Break(()) => ControlFlow::Break(Stop::Cancel),
        }
    }

    fn phase(&mut self, phase: Phase) {
        self.phase = match phase {
            Phase::Preparing => 0,
            Phase::Mining => 1,
            Phase::Rules => 2,
        };
        // A stop asked for here is seen at the next tick.
        let _ = (self.progress)(self.phase, 3);
    }
}
