//! Segmint's user interface: Leptos components over the analysis [`engine`].
//!
//! The UI never computes on the main thread when it can avoid it: every request goes to
//! the [`engine::Engine`], which runs it in a Web Worker (or, where a host page forbids
//! workers, in the page in slices that yield to the event loop).

mod app;
mod components;
mod download;
pub mod engine;
pub mod format;
mod pages;
pub mod paint;

pub use app::App;
