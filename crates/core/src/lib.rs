//! Segmint's analytics core.
//!
//! Everything here is platform-neutral Rust: the same code runs natively in the `segmint`
//! command-line tool and, compiled to WebAssembly, inside the browser's Web Worker. No web
//! crate may ever be part of this crate's dependency tree (`tests/no_web_deps.rs` enforces it).
//!
//! Data flows one way: bytes are [sniffed](ingest::sniff) for their dialect, decoded and split
//! into records by the streaming [`RecordReader`], and summarised by an [`Inspector`]. The
//! [`protocol`] module holds the serde messages that the browser UI and worker exchange.
#![deny(missing_docs)]

mod error;
pub mod ingest;
pub mod inspect;
pub mod protocol;
pub mod table;

pub use error::{Error, ErrorKind, Position};
pub use ingest::{Dialect, Encoding, RecordReader, sniff};
pub use table::{Interner, NO_ID, Transactions};
pub use inspect::{InspectOptions, InspectReport, InspectStream, Inspector, inspect_bytes};
