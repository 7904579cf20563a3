//! Messages between the browser UI and the analysis worker.
//!
//! The UI posts a [`Request`] (serialised as JSON) together with the `File` or `Blob` it
//! concerns; the worker streams the blob in chunks and answers with any number of
//! [`Response::Progress`] messages followed by exactly one final response. The same types are
//! used when the UI falls back to running the analysis in the page.
//!
//! A session has two steps. [`Request::Inspect`] streams the file once through the ingest
//! pipeline; the worker answers with the [`InspectReport`] and keeps the [`Dataset`] in its
//! own memory. The analysis requests ([`Request::Rfm`], [`Request::Clv`],
//! [`Request::Cohort`]) then run on that dataset without the file being read again; they carry
//! no file. [`answer`] is the one function both the worker and the in-page fallback call for
//! them, so the two paths cannot drift apart.

use serde::{Deserialize, Serialize};

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
}

impl Request {
    /// Whether the request reads the attached file (only [`Request::Inspect`]); the others
    /// run on the dataset the last inspection kept.
    pub fn needs_file(&self) -> bool {
        matches!(self, Request::Inspect { .. })
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
    /// The result of [`Request::Clv`].
    Clv(ClvReport),
    /// The result of [`Request::Cohort`].
    Cohort(CohortReport),
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

/// Answer an analysis request on `dataset` (the file it came from is `file_name`); `None` for
/// [`Request::Inspect`], which needs the file itself.
pub fn answer(dataset: &Dataset, file_name: &str, request: &Request) -> Option<Response> {
    if request.needs_file() {
        return None;
    }
    let t = match dataset.customer_transactions() {
        Ok(t) => t,
        Err(e) => return Some(Response::Failed(Failure::new(file_name, e))),
    };
    let fail = |analysis: &str, message: String| {
        Response::Failed(Failure::new(
            file_name,
            Error::new(ErrorKind::BadOption(format!("{analysis}: {message}"))),
        ))
    };
    Some(match request {
        Request::Inspect { .. } => return None,
        Request::Rfm { params } => {
            rfm::analyse(t, params).map_or_else(|e| fail("RFM", e.to_string()), Response::Rfm)
        }
        Request::Clv { options } => clv::analyse(t, options)
            .map_or_else(|e| fail("lifetime value", e.to_string()), Response::Clv),
        Request::Cohort { options } => cohort::analyse(t, options)
            .map_or_else(|e| fail("cohorts", e.to_string()), Response::Cohort),
    })
}
