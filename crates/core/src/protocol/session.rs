//! The one place the protocol is served. Push-based, so that any host can drive it: the
//! worker from `FileReaderSync` slices, the page from awaited `Blob` slices that yield to the
//! event loop, a native test from a byte slice.
//!
//! ```text
//! start(request, file_size) ─► Answer(response)                       (analyses, failures)
//!                           └► ReadFile ─► push(chunk, read)* ─► finish() ─► response
//! ```
//!
//! Every call takes the host's progress callback: the session reports [`Progress`] through
//! it (bytes read while a file is read, steps while an analysis runs), and a
//! `ControlFlow::Break` from it cancels the request, which then answers
//! [`ErrorKind::Cancelled`].

use std::ops::ControlFlow;

use super::{ColumnsAnswer, Failure, MAX_COLUMNS_BYTES, Progress, Request, Response};
use crate::basket::{self, BasketError, Phase, Stop};
use crate::cluster::{self, ClusterError, ColumnChoice, CustomerColumns};
use crate::clv::{self, ClvError};
use crate::cohort;
use crate::hint::{Analysis, Setting};
use crate::rfm::{self, RfmError};
use crate::{Dataset, Error, ErrorKind, InspectStream};

/// The host's progress callback: told how far the request is; `Break` cancels it.
pub type OnProgress<'a> = dyn FnMut(Progress) -> ControlFlow<()> + 'a;

/// What a request needs from its host next.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Start {
    /// The request reads its attached file: [`Session::push`] its bytes, then
    /// [`Session::finish`].
    ReadFile,
    /// The answer, at once (the request needs no file, or cannot start).
    Answer(Response),
}

/// Keeps the dataset of the last file inspected and answers each [`Request`] on it.
#[derive(Default)]
pub struct Session {
    loaded: Option<(String, Dataset)>,
    reading: Option<Reading>,
}

/// A file being read for a request.
struct Reading {
    file_name: String,
    /// The attached file's size, for progress (0 when unknown).
    total: u64,
    /// The last position reported.
    reported: u64,
    into: Into,
}

enum Into {
    Inspect(Box<InspectStream>),
    Columns {
        id_column: Option<String>,
        bytes: Vec<u8>,
    },
}

impl Session {
    /// A session with no dataset.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether a dataset is loaded.
    pub fn has_dataset(&self) -> bool {
        self.loaded.is_some()
    }

    /// Drop the dataset and any file being read.
    pub fn forget(&mut self) {
        self.loaded = None;
        self.reading = None;
    }

    /// Start answering `request`; `file_size` is the size of the attached file, if one is
    /// attached. A request started while a file is still being read abandons that read.
    pub fn start(
        &mut self,
        request: Request,
        file_size: Option<u64>,
        progress: &mut OnProgress<'_>,
    ) -> Start {
        self.reading = None;
        let (file_name, into) = match request {
            Request::Inspect { file_name, options } => {
                if file_size.is_none() {
                    return Start::Answer(no_attachment(&file_name));
                }
                // The old dataset is dropped first: two are never held at once.
                self.loaded = None;
                (
                    file_name,
                    Into::Inspect(Box::new(InspectStream::new(options))),
                )
            }
            Request::Columns {
                file_name,
                id_column,
            } => {
                if self.loaded.is_none() {
                    return Start::Answer(no_dataset());
                }
                let Some(size) = file_size else {
                    return Start::Answer(no_attachment(&file_name));
                };
                if let Some(failure) = columns_too_large(&file_name, size) {
                    return Start::Answer(failure);
                }
                let bytes = Vec::new();
                (file_name, Into::Columns { id_column, bytes })
            }
            analysis => {
                let Some((file_name, dataset)) = &self.loaded else {
                    return Start::Answer(no_dataset());
                };
                let answer = analyse(dataset, &analysis, progress);
                return Start::Answer(answer.unwrap_or_else(|e| failed(file_name, e)));
            }
        };
        self.reading = Some(Reading {
            file_name,
            total: file_size.unwrap_or(0),
            reported: 0,
            into,
        });
        Start::ReadFile
    }

    /// The next piece of the attached file; `read` is how far into the file it reaches
    /// (compressed bytes for a gzip file), for progress. `Break` carries the final answer
    /// when the request ended early (bad bytes, cancelled): stop reading then.
    pub fn push(
        &mut self,
        chunk: &[u8],
        read: u64,
        progress: &mut OnProgress<'_>,
    ) -> ControlFlow<Response> {
        let Some(reading) = &mut self.reading else {
            return ControlFlow::Break(not_reading());
        };
        let pushed = match &mut reading.into {
            Into::Inspect(stream) => stream.push(chunk),
            Into::Columns { bytes, .. } => {
                bytes.extend_from_slice(chunk);
                match columns_too_large(&reading.file_name, bytes.len() as u64) {
                    Some(failure) => {
                        self.reading = None;
                        return ControlFlow::Break(failure);
                    }
                    None => Ok(()),
                }
            }
        };
        if let Err(error) = pushed {
            let file_name = reading.file_name.clone();
            self.reading = None;
            return ControlFlow::Break(failed(&file_name, error));
        }
        if read > reading.reported {
            reading.reported = read;
            let total = reading.total.max(read);
            if progress(Progress { done: read, total }).is_break() {
                return ControlFlow::Break(self.cancel());
            }
        }
        ControlFlow::Continue(())
    }

    /// The attached file is read: the answer.
    pub fn finish(&mut self, progress: &mut OnProgress<'_>) -> Response {
        let Some(reading) = self.reading.take() else {
            return not_reading();
        };
        if reading.reported < reading.total {
            let whole = Progress {
                done: reading.total,
                total: reading.total,
            };
            if progress(whole).is_break() {
                return failed(&reading.file_name, Error::new(ErrorKind::Cancelled));
            }
        }
        let file_name = reading.file_name;
        match reading.into {
            Into::Inspect(stream) => match stream.finish_with_dataset() {
                Ok((report, dataset)) => {
                    self.loaded = Some((file_name, dataset));
                    Response::Inspected(report)
                }
                Err(error) => failed(&file_name, error),
            },
            Into::Columns { id_column, bytes } => match &self.loaded {
                Some((_, dataset)) => answer_columns(dataset, &bytes, &file_name, id_column)
                    .map_or_else(|e| failed(&file_name, e), Response::Columns),
                None => no_dataset(),
            },
        }
    }

    /// Stop reading the attached file: the answer is a "cancelled" failure. A dataset being
    /// inspected is never kept half-read.
    pub fn cancel(&mut self) -> Response {
        let file_name = self
            .reading
            .take()
            .map_or_else(|| "(no file)".to_owned(), |r| r.file_name);
        failed(&file_name, Error::new(ErrorKind::Cancelled))
    }

    /// Answer `request` with its whole attached `file` at hand (tests, native hosts).
    pub fn answer(
        &mut self,
        request: Request,
        file: Option<&[u8]>,
        progress: &mut OnProgress<'_>,
    ) -> Response {
        let size = file.map(|f| f.len() as u64);
        match self.start(request, size, progress) {
            Start::Answer(response) => response,
            Start::ReadFile => {
                let bytes = file.unwrap_or_default();
                if let ControlFlow::Break(answer) = self.push(bytes, bytes.len() as u64, progress) {
                    return answer;
                }
                self.finish(progress)
            }
        }
    }
}

fn failed(file_name: &str, error: Error) -> Response {
    Response::Failed(Failure::new(file_name, error))
}

fn no_dataset() -> Response {
    failed(
        "(no file)",
        Error::io("no file is loaded; open a file first"),
    )
}

fn no_attachment(file_name: &str) -> Response {
    failed(file_name, Error::io("no file was attached to the request"))
}

fn not_reading() -> Response {
    failed(
        "(no file)",
        Error::io("no request is reading a file; start one first"),
    )
}

/// The failure for a file of customer columns of `size` bytes over [`MAX_COLUMNS_BYTES`].
fn columns_too_large(file_name: &str, size: u64) -> Option<Response> {
    (size > MAX_COLUMNS_BYTES).then(|| {
        failed(
            file_name,
            Error::new(ErrorKind::BadCustomerColumns(format!(
                "the file is {} MB, over the {} MB a file of customer columns may have; keep \
                 only the customer id and the columns to cluster on",
                size.div_ceil(1 << 20),
                MAX_COLUMNS_BYTES >> 20
            ))),
        )
    })
}

/// A file of customer columns (`bytes`) read against the customers of `dataset`. A file with
/// no numeric column is an error.
fn answer_columns(
    dataset: &Dataset,
    bytes: &[u8],
    file_name: &str,
    id_column: Option<String>,
) -> Result<ColumnsAnswer, Error> {
    let t = dataset.customer_transactions()?;
    let columns = CustomerColumns::read(bytes, id_column.as_deref())?;
    let (features, mut warnings) = columns.features(file_name, &ColumnChoice::default())?;
    let coverage = columns.coverage(t);
    warnings.extend(coverage.warning(file_name));
    Ok(ColumnsAnswer {
        summary: columns.summary(file_name, coverage),
        features,
        warnings,
    })
}

/// Run an analysis request on `dataset`, reporting `progress`.
fn analyse(
    dataset: &Dataset,
    request: &Request,
    progress: &mut OnProgress<'_>,
) -> Result<Response, Error> {
    // Baskets need orders and products, not customers: they have their own view of the table.
    if let Request::Basket { params } = request {
        let t = dataset.basket_transactions()?;
        let mut phases = PhaseProgress { phase: 0, progress };
        return basket::analyse(t, params, &mut phases)
            .map(Response::Basket)
            .map_err(basket_error);
    }
    let t = dataset.customer_transactions()?;
    match request {
        Request::Rfm { params } => rfm::analyse(t, params)
            .map(Response::Rfm)
            .map_err(|e| rfm_error(Analysis::Rfm, e)),
        Request::Cluster { params } => cluster::analyse(t, params)
            .map(Response::Cluster)
            .map_err(cluster_error),
        // The bootstrap's resamples are the steps (done, resamples + 1).
        Request::Clv { options } => clv::analyse_with_progress(t, options, &mut |done, total| {
            progress(Progress { done, total })
        })
        .map(Response::Clv)
        .map_err(clv_error),
        Request::Cohort { options } => cohort::analyse(t, options)
            .map(Response::Cohort)
            .map_err(|e| failure_of(Analysis::Cohorts, e)),
        Request::Inspect { .. } | Request::Columns { .. } | Request::Basket { .. } => {
            Err(Error::io("this request reads a file; attach one"))
        }
    }
}

fn failure_of(analysis: Analysis, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::AnalysisFailed {
        analysis,
        reason: e.to_string(),
    })
}

fn invalid(analysis: Analysis, setting: Setting, value: Option<String>, allowed: String) -> Error {
    Error::new(ErrorKind::InvalidOption {
        analysis,
        setting,
        value,
        allowed,
    })
}

fn rfm_error(analysis: Analysis, e: RfmError) -> Error {
    match e {
        RfmError::Bins(bins) => invalid(
            analysis,
            Setting::Bins,
            Some(bins.to_string()),
            "must be between 3 and 10".into(),
        ),
        RfmError::Breakpoints {
            metric,
            expected,
            got,
        } => invalid(
            analysis,
            Setting::Breakpoints,
            Some(format!("{got:?}")),
            format!("must be {expected} increasing numbers for {metric} (one fewer than bins)"),
        ),
        RfmError::Rule { name, problem } => {
            invalid(analysis, Setting::Segments, Some(name), problem)
        }
        RfmError::NoCustomers => Error::new(ErrorKind::NoCustomers { analysis }),
        RfmError::MigrationOrder { from, to } => invalid(
            analysis,
            Setting::MigrationFrom,
            Some(from),
            format!("must be before the second date ({to})"),
        ),
        RfmError::ReferenceTooEarly { reference, last } => invalid(
            analysis,
            Setting::ReferenceDate,
            Some(reference),
            format!("must be on or after the last order date {last}"),
        ),
        #[allow(unreachable_patterns)]
        other => failure_of(analysis, other),
    }
}

fn cluster_error(e: ClusterError) -> Error {
    let a = Analysis::Clusters;
    match e {
        ClusterError::K { k, min } => invalid(
            a,
            Setting::K,
            Some(k.to_string()),
            format!("must be at least {min}"),
        ),
        ClusterError::KRange { start, end } => invalid(
            a,
            Setting::KRange,
            Some(format!("{start}..={end}")),
            "must be A..B with 2 <= A <= B".into(),
        ),
        ClusterError::Zero { name } => invalid(
            a,
            Setting::from_field(name),
            Some("0".into()),
            "must be at least 1".into(),
        ),
        ClusterError::Eps(eps) => invalid(
            a,
            Setting::Eps,
            Some(eps.to_string()),
            "must be a finite number > 0".into(),
        ),
        ClusterError::TooFewPoints { points, k }
        | ClusterError::TooFewDistinct {
            distinct: points,
            k,
        } => invalid(
            a,
            Setting::K,
            Some(k.to_string()),
            format!("must be at most {points} (the customers with distinct values)"),
        ),
        ClusterError::NoFeatures => {
            invalid(a, Setting::Features, None, "choose at least one".into())
        }
        ClusterError::NoCustomers => Error::new(ErrorKind::NoCustomers { analysis: a }),
        ClusterError::Rfm(e) => rfm_error(a, e),
        other => failure_of(a, other),
    }
}

fn basket_error(e: BasketError) -> Error {
    let a = Analysis::Baskets;
    match e {
        BasketError::InvalidOption { name, reason } => {
            invalid(a, Setting::from_field(name), None, reason)
        }
        BasketError::BudgetExceeded {
            what,
            suggested_min_support,
            ..
        } => Error::new(ErrorKind::BudgetExceeded {
            analysis: a,
            what,
            suggested_min_support,
        }),
        BasketError::Cancelled => Error::new(ErrorKind::Cancelled),
        other => failure_of(a, other),
    }
}

fn clv_error(e: ClvError) -> Error {
    let a = Analysis::Clv;
    match e {
        ClvError::InvalidOption { name, reason } => {
            invalid(a, Setting::from_field(name), None, reason)
        }
        ClvError::Cancelled => Error::new(ErrorKind::Cancelled),
        other => failure_of(a, other),
    }
}

/// Reports the basket miner's phases as steps `(phase, 3)`.
struct PhaseProgress<'a, 'p> {
    phase: u64,
    progress: &'a mut OnProgress<'p>,
}

impl basket::Progress for PhaseProgress<'_, '_> {
    fn tick(&mut self, _done: u64) -> ControlFlow<Stop> {
        let step = Progress {
            done: self.phase,
            total: 3,
        };
        match (self.progress)(step) {
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
        let _ = (self.progress)(Progress {
            done: self.phase,
            total: 3,
        });
    }
}
