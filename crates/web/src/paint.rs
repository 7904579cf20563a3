//! Drawing charts without lengthening the task that built the page.
//!
//! A view that arrives with several charts (the RFM view has three) used to draw them all in
//! the task that built its DOM, and the first font set on a canvas in the page forced a style
//! recalculation of the new DOM inside that same task. Each chart is drawn instead in a task
//! of its own, after the browser has painted the frame with the new DOM: no single task
//! holds the main thread for the whole view.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The attribute a canvas gets once its chart is drawn (tests and embedders wait for it).
pub const DRAWN: &str = "data-drawn";

/// Draw on `canvas` with `draw` in a task of its own after the next frame; mark the canvas
/// [`DRAWN`] when that succeeds, or hand the error to `on_error`.
pub fn draw_after_paint<E: ToString>(
    canvas: HtmlCanvasElement,
    draw: impl FnOnce(&HtmlCanvasElement) -> Result<(), E> + 'static,
    on_error: impl FnOnce(String) + 'static,
) {
    // A timeout set from inside a frame callback runs after that frame has been painted.
    let after_frame = Closure::once_into_js(move || {
        gloo_timers::callback::Timeout::new(0, move || match draw(&canvas) {
            Ok(()) => {
                let _ = canvas.set_attribute(DRAWN, "true");
            }
            Err(e) => on_error(e.to_string()),
        })
        .forget();
    });
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
    }
}
