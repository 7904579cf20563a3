//! The protocol between a host (the browser's Web Worker, the page's in-page fallback, a
//! test) and the core, and the one [`Session`] that serves it.
//!
//! A host sends a [`Request`], attaching a file when [`Request::needs_file`] says so, and gets
//! any number of [`Response::Progress`] messages followed by exactly one final response.
//! [`Request::Inspect`] streams the file once through the ingest pipeline; the session answers
//! with the [`InspectReport`] and keeps the [`Dataset`](crate::Dataset). The analysis requests
//! then run on that dataset without the file being read again. [`Request::Columns`] reads a
//! second, CRM-style file of per-customer columns against the kept dataset's customers and
//! answers with the columns as clustering features, which the host adds to the next
//! [`Request::Cluster`].
//!
//! Everything in a response is typed: a failure keeps its [`Error`] (kind, position, and the
//! [`Hint`](crate::hint::Hint) of what to do), which each host words for its user.
//!
//! Adding a request: a variant here with its parameters, its report as a [`Response`]
//! variant, and one arm in [`Session::start`] (and, for an analysis, an error conversion in
//! `session.rs`). No host changes: they carry requests without looking inside.

mod session;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::basket::{BasketParams, BasketReport};
use crate::cluster::{ClusterParams, ClusterReport, ColumnsSummary, Feature};
use crate::clv::{ClvOptions, ClvReport};
use crate::cohort::{CohortOptions, CohortReport};
use crate::export::campaign::{AudienceChoice, CampaignFiles};
use crate::export::crm::Format;
use crate::hint::Words;
use crate::lift::LiftReport;
use crate::overview::{Overview, OverviewOptions};
use crate::profile::{ProfileParams, ProfileReport};
use crate::recommend::{Audience, RecommendParams, RecommendReport, SimilarProducts};
use crate::rfm::{RfmParams, RfmReport};
use crate::{Error, InspectOptions, InspectReport};

pub use session::{OnProgress, Session, Start};

/// A job for the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Sniff, parse and summarise the attached file, and keep its dataset.
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
    /// The key numbers, months, segment mix and top products of the loaded dataset.
    Overview {
        /// Overview options.
        #[serde(default)]
        options: OverviewOptions,
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
    /// Every customer's next best products of the loaded dataset, and the time-split
    /// evaluation when `params.holdout_days` asks for it.
    Recommend {
        /// N, the smallest number of buyers, the holdout.
        params: RecommendParams,
    },
    /// The customers most likely to buy one product, best first.
    Audience {
        /// The product id.
        product_id: String,
        /// The recommendations' parameters (`min_buyers` matters here).
        params: RecommendParams,
        /// At most this many customers (`None`: all).
        #[serde(default)]
        limit: Option<usize>,
    },
    /// The products most similar to one product (co-purchase, or TF-IDF of the descriptions
    /// for a product with too few buyers).
    Similar {
        /// The product id.
        product_id: String,
        /// The recommendations' parameters (`min_buyers` matters here).
        params: RecommendParams,
        /// At most this many products.
        n: usize,
    },
    /// One profile per customer of the loaded dataset.
    Profile {
        /// The analyses the profile is made of, and the tier thresholds.
        params: ProfileParams,
    },
    /// An audience's import file in one tool's format, and its seeded control group as a
    /// second file. The attached file is the loaded dataset's file again: its emails are read
    /// from it (a dataset keeps none); a file that maps no email column is not read.
    Export {
        /// The file name, used in messages.
        file_name: String,
        /// Who the campaign is for, the format, the control group.
        export: ExportParams,
    },
    /// Campaign lift: the attached file is the orders since the campaign; the two groups are
    /// the treatment and control files (import files Segmint wrote, or any CSV with a
    /// customer-id or email column). The loaded dataset is kept.
    Lift {
        /// The orders file's name, used in messages.
        file_name: String,
        /// How the orders file is read.
        #[serde(default)]
        options: InspectOptions,
        /// The customers who got the campaign.
        treatment: GroupFile,
        /// The held-out customers.
        control: GroupFile,
        /// Count orders on or after this day only (`YYYY-MM-DD`).
        #[serde(default)]
        since: Option<String>,
    },
}

/// What [`Request::Export`] writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportParams {
    /// Who the campaign is for.
    pub audience: AudienceChoice,
    /// The tool's import format.
    pub format: Format,
    /// Hold out this share of the audience as a control group (`None`: no control group).
    #[serde(default)]
    pub control: Option<f64>,
    /// The seed of the control group's draw (same seed, same group; the command line's
    /// default is 0).
    #[serde(default)]
    pub seed: u64,
    /// The profiles the audience and the file's fields come from.
    #[serde(default)]
    pub profile: ProfileParams,
}

/// A small file carried inside a request (a campaign's group: one row per customer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupFile {
    /// Its name, used in messages.
    pub name: String,
    /// Its text.
    pub text: String,
}

impl Request {
    /// Whether the request reads an attached file ([`Request::Inspect`],
    /// [`Request::Columns`], [`Request::Export`], [`Request::Lift`]); the others run on the
    /// dataset the last inspection kept.
    pub fn needs_file(&self) -> bool {
        matches!(
            self,
            Request::Inspect { .. }
                | Request::Columns { .. }
                | Request::Export { .. }
                | Request::Lift { .. }
        )
    }

    /// Whether the request loads the dataset the others run on ([`Request::Inspect`]); the
    /// other file-reading requests ([`Request::Columns`], [`Request::Export`],
    /// [`Request::Lift`]) read their file beside it and leave it as it was, answered or
    /// cancelled.
    pub fn loads_dataset(&self) -> bool {
        matches!(self, Request::Inspect { .. })
    }

    /// The attached file's name, for a request that reads one.
    pub fn file_name(&self) -> Option<&str> {
        match self {
            Request::Inspect { file_name, .. }
            | Request::Columns { file_name, .. }
            | Request::Export { file_name, .. }
            | Request::Lift { file_name, .. } => Some(file_name),
            _ => None,
        }
    }
}

/// How far a request is: bytes of its attached file (compressed bytes for a gzip file), or
/// an analysis' steps. `total` is 0 when unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Done so far.
    pub done: u64,
    /// Out of.
    pub total: u64,
}

/// A message from the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
// One response per job: the size of the report does not matter, and boxing it would change
// the type every host builds and matches.
#[allow(clippy::large_enum_variant)]
pub enum Response {
    /// The host is ready to take requests (a worker posts it once it has loaded).
    Ready,
    /// Work in progress.
    Progress(Progress),
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
    /// The result of [`Request::Overview`].
    Overview(Overview),
    /// The result of [`Request::Columns`].
    Columns(ColumnsAnswer),
    /// The result of [`Request::Recommend`].
    Recommend(RecommendReport),
    /// The result of [`Request::Audience`].
    Audience(Audience),
    /// The result of [`Request::Similar`].
    Similar(SimilarProducts),
    /// The result of [`Request::Profile`].
    Profile(ProfileReport),
    /// The result of [`Request::Export`].
    Exported(CampaignFiles),
    /// The result of [`Request::Lift`].
    Lift(LiftReport),
    /// The request failed.
    Failed(Failure),
}

impl Response {
    /// Which response it is (`inspected`, `rfm`, …, `failed`), for a message about an answer
    /// that was not the one expected.
    pub fn kind(&self) -> &'static str {
        match self {
            Response::Ready => "ready",
            Response::Progress(_) => "progress",
            Response::Inspected(_) => "inspected",
            Response::Rfm(_) => "rfm",
            Response::Cluster(_) => "cluster",
            Response::Basket(_) => "basket",
            Response::Clv(_) => "clv",
            Response::Cohort(_) => "cohort",
            Response::Overview(_) => "overview",
            Response::Columns(_) => "columns",
            Response::Recommend(_) => "recommend",
            Response::Audience(_) => "audience",
            Response::Similar(_) => "similar",
            Response::Profile(_) => "profile",
            Response::Exported(_) => "exported",
            Response::Lift(_) => "lift",
            Response::Failed(_) => "failed",
        }
    }
}

/// A failed request: the file it was about and the typed error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The file the error is about (`(no file)` when there is none).
    pub file_name: String,
    /// The error, with its kind, position and hint.
    pub error: Error,
}

impl Failure {
    /// Wrap `error` for `file_name`.
    pub fn new(file_name: &str, error: Error) -> Self {
        Self {
            file_name: file_name.to_owned(),
            error,
        }
    }

    /// "orders.csv: line 12, column 3: …; <what to do, in `words`>".
    pub fn describe(&self, words: &dyn Words) -> String {
        format!("{}: {}", self.file_name, self.error.describe(words))
    }
}

/// In the command line's words (see [`Failure::describe`]).
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file_name, self.error)
    }
}

/// A file of customer columns, read: what the user picks from, and the picks themselves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnsAnswer {
    /// The file's id column, rows, columns (numeric or why not) and coverage of the customers.
    pub summary: ColumnsSummary,
    /// Every numeric column as a clustering feature (log1p → z-score, like the RFM features),
    /// in the file's column order; the host adds the ones the user keeps to
    /// [`ClusterParams::features`].
    pub features: Vec<Feature>,
    /// Columns left out because they are not numeric, and rows without orders, in words.
    pub warnings: Vec<String>,
}

/// The largest file of customer columns read. It is read whole (one row per customer, far
/// fewer bytes than the orders): the cap keeps a wrongly picked file from filling the memory.
pub const MAX_COLUMNS_BYTES: u64 = 512 << 20;
