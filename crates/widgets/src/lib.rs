//! Segmint's embeddable widgets: custom elements for CRMs and other host pages.
//!
//! One script (`www/widgets/segmint-widgets.js`, a small class shim) and this crate's wasm
//! define `<segmint-rfm>`, `<segmint-segments>`, `<segmint-clusters>`, `<segmint-basket>` and
//! `<segmint-clv>`. The shim owns what only JavaScript can do (the `class … extends
//! HTMLElement`, the shadow root, the constructable stylesheet); on `connectedCallback` it
//! calls [`mount`], which renders a Leptos view into the shadow root and returns a
//! [`Widget`] handle; attribute changes go to [`Widget::set_attribute`], `el.loadCsv(text)`
//! to [`Widget::load_csv`], and `disconnectedCallback` calls [`Widget::unmount`], which drops
//! the view, its effects and its event listeners.
//!
//! Widgets that name the same `dataset` (default `"default"`) share one
//! [`segmint_web::Engine`] — one Web Worker holding one parsed dataset — and the
//! analyses computed on it (`registry`). The model is documented in `docs/embed.md`.

mod csv_rows;
mod events;
mod hit;
mod registry;
mod views;
mod widget;

pub use views::request;
pub use widget::{Kind, Widget, configure, mount, widget_css};

/// Install the panic hook once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}
