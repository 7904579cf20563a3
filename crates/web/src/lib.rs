//! Segmint in the browser, without any UI: what the app (`segmint-ui`), the widgets
//! (`segmint-widgets`) and the Web Worker (`segmint-worker`) share.
//!
//! - [`serve`]: the host side of core's [`Session`](segmint_core::protocol::Session) — a
//!   request's attached `Blob` pumped into it in slices (decompressed by [`gunzip`] when it
//!   is a `.csv.gz`), progress reported, cancellation honoured. The worker and the in-page
//!   fallback both call it: there is one way a file reaches the core.
//! - [`Engine`]: requests queued and run one at a time over a [`Transport`] — a Web Worker,
//!   or the page itself where no worker can start — behind one interface.
//! - [`i18n`]: every text in English or Chinese ([`Lang`]), from Fluent files checked at
//!   build time.
//! - [`format`]: numbers, money, shares and dates for people; [`paint`]: charts drawn after
//!   the frame that shows them; [`words`]: the core's hints, questions and warnings worded
//!   for the browser, naming its controls instead of the CLI's flags.
//!
//! No Leptos here: the reactive layer is the UI's business.

mod engine;
pub mod format;
pub mod gunzip;
pub mod i18n;
pub mod paint;
pub mod segments;
mod serve;
pub mod words;

pub use engine::{Activity, Engine, WORKER_URL};
pub use i18n::Lang;
pub use serve::{Pace, serve};
pub use words::{BrowserWords, Host};

/// What a thrown JavaScript value says, in words.
pub fn describe_js(value: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
