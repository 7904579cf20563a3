//! Segmint's embeddable widgets.
//!
//! This crate will define the custom elements of DESIGN §6 (`<segmint-rfm>`,
//! `<segmint-segments>`, `<segmint-clusters>`, `<segmint-basket>`, `<segmint-clv>`) over the
//! components of `segmint-ui`, each in its own shadow root, sharing one
//! [`segmint_ui::engine::Engine`]. Until then it only fixes the crate's place in the
//! dependency graph (widgets → ui), which the workspace build checks.

pub use segmint_ui::engine::Engine;
