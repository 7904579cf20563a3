//! Segmint's analytics core.
//!
//! Everything here is platform-neutral Rust: the same code runs natively in the `segmint`
//! command-line tool and, compiled to WebAssembly, inside the browser's Web Worker. No web
//! crate may ever be part of this crate's dependency tree (`tests/it/no_web_deps.rs` enforces it).
//!
//! Data flows one way: bytes are [sniffed](ingest::sniff) for their dialect, decoded and split
//! into records by the streaming [`RecordReader`], mapped to column [`roles`], typed
//! ([`values`]) and cleaned ([`clean`]) into [`Transactions`] with a [`QualityReport`] by the
//! [`dataset`] pipeline ([`DatasetStream`], [`load_bytes`]); [`InspectStream`] summarises it.
//! The [`protocol`] module holds the typed requests and responses the browser exchanges with
//! the core, and the one [`protocol::Session`] that serves them; [`hint`] holds what a
//! message can ask of the user, for each host to word.
#![deny(missing_docs)]

pub mod basket;
pub mod clean;
pub mod cluster;
pub mod clv;
pub mod cohort;
pub mod dataset;
mod error;
pub mod export;
pub mod hint;
pub mod ingest;
pub mod inspect;
pub mod lift;
pub mod overview;
pub mod par;
pub mod profile;
pub mod protocol;
pub mod recommend;
pub mod rfm;
pub mod roles;
pub mod table;
pub mod values;

pub use basket::{BasketError, BasketParams, BasketReport, Baskets};
pub use clean::{DuplicatesPolicy, QualityReport, RejectReason, ReturnsPolicy};
pub use cluster::{ClusterError, ClusterParams, ClusterReport};
pub use clv::{ClvError, ClvOptions, ClvReport, TimeUnit};
pub use cohort::{CohortError, CohortOptions, CohortReport};
pub use dataset::{Dataset, DatasetOptions, DatasetStream, Layout, load_bytes};
pub use error::{Error, ErrorKind, Position};
pub use hint::{
    Analysis, CommandLine, Hint, Question, QuestionKind, Setting, Warning, Words, row_list,
};
pub use ingest::{Dialect, Encoding, RecordReader, sniff};
pub use ingest::{Record, SniffOptions, SniffReport, sniff_with};
pub use inspect::{InspectOptions, InspectReport, InspectStream, inspect_bytes};
pub use overview::{Overview, OverviewError, OverviewOptions};
pub use roles::{Mapping, Override, Preset, Role};
pub use table::{Interner, NO_ID, Transactions};
pub use values::{DateOrder, DecimalSeparator};
