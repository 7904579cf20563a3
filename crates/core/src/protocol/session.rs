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

use super::{
    ColumnsAnswer, ExportParams, Failure, GroupFile, MAX_COLUMNS_BYTES, Progress, Request, Response,
};
use crate::basket::{self, BasketError, Phase, Stop};
use crate::cluster::{self, ClusterError, ColumnChoice, CustomerColumns};
use crate::clv::{self, ClvError};
use crate::cohort;
use crate::export::campaign::{self, CampaignError};
use crate::export::contacts::{CustomerEmails, EmailScan, customer_emails};
use crate::export::crm::CrmError;
use crate::hint::{Analysis, Setting};
use crate::lift::{self, Group, Key};
use crate::overview::{self, OverviewError};
use crate::profile::{self, ProfileError};
use crate::recommend::{self, ItemItem, RecommendError};
use crate::rfm::{self, RfmError};
use crate::roles::Role;
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
    /// The loaded dataset's file read again for its emails.
    Export {
        export: Box<ExportParams>,
        scan: Box<EmailScan>,
    },
    /// The orders since a campaign, read into a dataset of their own (the loaded one is
    /// kept); the bytes are kept only when a group names its customers by email, for the
    /// second pass that reads the emails.
    Lift {
        stream: Box<InspectStream>,
        bytes: Option<Vec<u8>>,
        treatment: Group,
        control: Group,
        since: Option<i32>,
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
            Request::Export { file_name, export } => {
                let Some((_, dataset)) = &self.loaded else {
                    return Start::Answer(no_dataset());
                };
                // A file whose email column is its id column, or that maps none, has nothing
                // more to give: answered without reading it.
                let Some(scan) = EmailScan::new(dataset) else {
                    let emails = file_emails(dataset);
                    let answer = export_files(dataset, &export, emails.as_ref(), progress);
                    return Start::Answer(answer.unwrap_or_else(|e| failed(&file_name, e)));
                };
                let (export, scan) = (Box::new(export), Box::new(scan));
                (file_name, Into::Export { export, scan })
            }
            Request::Lift {
                file_name,
                options,
                treatment,
                control,
                since,
            } => {
                if file_size.is_none() {
                    return Start::Answer(no_attachment(&file_name));
                }
                let groups = lift_groups(&treatment, &control, since.as_deref());
                let (treatment, control, since) = match groups {
                    Ok(groups) => groups,
                    Err(e) => return Start::Answer(failed(&file_name, e)),
                };
                let by_email = treatment.key == Key::Email || control.key == Key::Email;
                let into = Into::Lift {
                    stream: Box::new(InspectStream::new(options)),
                    bytes: by_email.then(Vec::new),
                    treatment,
                    control,
                    since,
                };
                (file_name, into)
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
            Into::Export { scan, .. } => scan.push(chunk),
            Into::Lift { stream, bytes, .. } => {
                if let Some(bytes) = bytes {
                    bytes.extend_from_slice(chunk);
                }
                stream.push(chunk)
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
            Into::Export { export, scan } => match &self.loaded {
                Some((_, dataset)) => scan
                    .finish()
                    .and_then(|emails| export_files(dataset, &export, Some(&emails), progress))
                    .unwrap_or_else(|e| failed(&file_name, e)),
                None => no_dataset(),
            },
            Into::Lift {
                stream,
                bytes,
                treatment,
                control,
                since,
            } => measure_lift(*stream, bytes, &treatment, &control, since)
                .map_or_else(|e| failed(&file_name, e), Response::Lift),
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
        Request::Overview { options } => overview::analyse(t, options)
            .map(Response::Overview)
            .map_err(overview_error),
        Request::Recommend { params } => {
            start_step(progress)?;
            recommend::analyse_or_explain(t, params)
                .map(Response::Recommend)
                .map_err(recommend_error)
        }
        Request::Audience {
            product_id,
            params,
            limit,
        } => {
            start_step(progress)?;
            params.check().map_err(recommend_error)?;
            ItemItem::fit(t, params)
                .and_then(|model| model.audience(t, product_id, *limit))
                .map(Response::Audience)
                .map_err(recommend_error)
        }
        Request::Similar {
            product_id,
            params,
            n,
        } => {
            start_step(progress)?;
            params.check().map_err(recommend_error)?;
            let content = recommend::content_index(t);
            ItemItem::fit(t, params)
                .and_then(|model| model.similar(t, &content, product_id, *n))
                .map(Response::Similar)
                .map_err(recommend_error)
        }
        Request::Profile { params } => {
            start_step(progress)?;
            profile::analyse(t, params)
                .map(Response::Profile)
                .map_err(|e| profile_error(Analysis::Profiles, e))
        }
        Request::Inspect { .. }
        | Request::Columns { .. }
        | Request::Basket { .. }
        | Request::Export { .. }
        | Request::Lift { .. } => Err(Error::io("this request reads a file; attach one")),
    }
}

/// An analysis without steps of its own reports its start, where a cancel asked for before
/// it is seen (a worker is cancelled by being terminated, in the middle of one as well).
fn start_step(progress: &mut OnProgress<'_>) -> Result<(), Error> {
    match progress(Progress { done: 0, total: 1 }) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(Error::new(ErrorKind::Cancelled)),
    }
}

/// The emails a dataset has without reading its file again: its ids when they are the
/// emails, else none (the file maps no email column, or [`EmailScan`] must read it).
fn file_emails(dataset: &Dataset) -> Option<CustomerEmails> {
    let email = dataset.mapping.column(Role::Email)?;
    (dataset.mapping.column(Role::CustomerId) == Some(email)).then(CustomerEmails::from_ids)
}

/// The campaign files of [`Request::Export`], from the profiles of `dataset`.
fn export_files(
    dataset: &Dataset,
    export: &ExportParams,
    emails: Option<&CustomerEmails>,
    progress: &mut OnProgress<'_>,
) -> Result<Response, Error> {
    let a = Analysis::Exports;
    let t = dataset.customer_transactions()?;
    let needs_email = |e: CrmError| match e {
        CrmError::NeedsEmail(_) => Error::new(ErrorKind::NoEmailColumn {
            columns: dataset.header.clone(),
        }),
        #[allow(unreachable_patterns)]
        other => failure_of(a, other),
    };
    if export.format.needs_email() && emails.is_none() {
        // Fail before the analyses run.
        return Err(needs_email(CrmError::NeedsEmail(String::new())));
    }
    if let Some(share) = export.control
        && !(0.0..1.0).contains(&share)
    {
        return Err(invalid(
            a,
            Setting::from_field("control"),
            Some(share.to_string()),
            "must be at least 0 and below 1 (0.1 holds out 10%)".into(),
        ));
    }
    start_step(progress)?;
    let report =
        profile::analyse(t, &export.profile).map_err(|e| profile_error(Analysis::Exports, e))?;
    let campaign_error = |e: CampaignError| match e {
        CampaignError::Crm(e) => needs_email(e),
        CampaignError::Recommend(e) => recommend_error(e),
        other => failure_of(a, other),
    };
    let members = campaign::audience(&export.audience, &report, t, export.profile.min_buyers)
        .map_err(campaign_error)?;
    campaign::write(export.format, &members, emails, export.control, export.seed)
        .map(Response::Exported)
        .map_err(campaign_error)
}

/// The two groups of a lift, and its first day.
fn lift_groups(
    treatment: &GroupFile,
    control: &GroupFile,
    since: Option<&str>,
) -> Result<(Group, Group, Option<i32>), Error> {
    let a = Analysis::Lift;
    let group =
        |g: &GroupFile| lift::read_group(g.text.as_bytes(), &g.name).map_err(|e| failure_of(a, e));
    let since = match since {
        None => None,
        Some(day) => Some(crate::table::parse_day(day).ok_or_else(|| {
            invalid(
                a,
                Setting::from_field("since"),
                Some(day.to_owned()),
                "must be a date written YYYY-MM-DD".into(),
            )
        })?),
    };
    Ok((group(treatment)?, group(control)?, since))
}

/// The lift of [`Request::Lift`] on the orders read by `stream` (`bytes`: the same file, when
/// a group names its customers by email).
fn measure_lift(
    stream: InspectStream,
    bytes: Option<Vec<u8>>,
    treatment: &Group,
    control: &Group,
    since: Option<i32>,
) -> Result<lift::LiftReport, Error> {
    let (_, orders) = stream.finish_with_dataset()?;
    let t = orders.customer_transactions()?;
    let emails = match &bytes {
        Some(bytes) => Some(customer_emails(bytes, &orders)?),
        None => None,
    };
    lift::analyse(treatment, control, t, emails.as_ref(), since)
        .map_err(|e| failure_of(Analysis::Lift, e))
}

fn recommend_error(e: RecommendError) -> Error {
    let a = Analysis::Recommendations;
    match e {
        RecommendError::InvalidOption { name, reason } => {
            invalid(a, Setting::from_field(name), None, reason)
        }
        RecommendError::NoCustomers => Error::new(ErrorKind::NoCustomers { analysis: a }),
        RecommendError::TooFewBuyers {
            product,
            buyers,
            min_buyers,
        } => invalid(
            a,
            Setting::from_field("min_buyers"),
            Some(min_buyers.to_string()),
            format!(
                "must be at most {buyers} for product {product:?} (its buyers), or pick a \
                 product with more buyers"
            ),
        ),
        other => failure_of(a, other),
    }
}

fn profile_error(analysis: Analysis, e: ProfileError) -> Error {
    match e {
        ProfileError::InvalidOption { name, reason } => {
            invalid(analysis, Setting::from_field(name), None, reason)
        }
        ProfileError::Rfm(e) => rfm_error(analysis, e),
        ProfileError::Recommend(e) => recommend_error(e),
        #[allow(unreachable_patterns)]
        other => failure_of(analysis, other),
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
        ClusterError::Log1pDomain {
            feature,
            customer_id,
            value,
        } => Error::new(ErrorKind::Log1pDomain {
            feature,
            customer_id,
            value,
        }),
        ClusterError::MissingValue {
            feature,
            customer_id,
            missing,
        } => Error::new(ErrorKind::MissingFeatureValue {
            feature,
            customer_id,
            missing: missing as u64,
        }),
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

fn overview_error(e: OverviewError) -> Error {
    match e {
        OverviewError::NoCustomers => Error::new(ErrorKind::NoCustomers {
            analysis: Analysis::Overview,
        }),
        OverviewError::Rfm(e) => rfm_error(Analysis::Overview, e),
        #[allow(unreachable_patterns)]
        other => failure_of(Analysis::Overview, other),
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
