//! Segmint's user interface: Leptos components and pages over one [`store`].
//!
//! The UI never computes on the main thread when it can avoid it: every request goes to
//! `segmint_web::Engine`, which runs it in a Web Worker (or, where a host page forbids
//! workers, in the page in slices that yield to the event loop). The store holds the app's
//! state in one place; the pages read it and change it.

mod app;
mod components;
mod download;
mod i18n;
mod pages;
mod store;

pub use app::App;
