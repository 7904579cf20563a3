//! Messages between the browser UI and the analysis worker.
//!
//! The UI posts a [`Request`] (serialised as JSON) together with the `File` or `Blob` it
//! concerns; the worker streams the blob in chunks and answers with any number of
//! [`Response::Progress`] messages followed by exactly one final response. The same types are
//! used when the UI falls back to running the analysis in the page.

use serde::{Deserialize, Serialize};

use crate::{Error, InspectOptions, InspectReport};

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
}

/// A message from the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
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
        Self { file_name: file_name.to_owned(), error, message }
    }
}
