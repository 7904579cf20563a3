//! A backend wrapper that measures text itself.
//!
//! On wasm32, plotters measures text by inserting a `<span style="…">` into `document.body`.
//! That is a `style-src-attr` violation under our Content-Security-Policy, it needs a
//! `<body>` (none in a worker), and it panics when there is none. Wrapping the backend and
//! answering `estimate_text_size` ourselves (in the browser from a canvas's `measureText`)
//! keeps plotters away from that code path.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// `inner`, with text sizes from `measure(text, font_size_px, family) -> (width, height)`.
pub struct TextMeasured<DB, M> {
    inner: DB,
    measure: M,
}

impl<DB, M> TextMeasured<DB, M>
where
    DB: DrawingBackend,
    M: Fn(&str, f64, &str) -> (u32, u32),
{
    /// Wrap `inner`.
    pub fn new(inner: DB, measure: M) -> Self {
        Self { inner, measure }
    }
}

impl<DB, M> DrawingBackend for TextMeasured<DB, M>
where
    DB: DrawingBackend,
    M: Fn(&str, f64, &str) -> (u32, u32),
{
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok((self.measure)(text, style.size(), style.family().as_str()))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (iw, ih): (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, (iw, ih), src)
    }
}

/// Text measurement from a canvas 2-D context (`measureText`), for the browser.
///
/// Setting a canvas font makes the browser parse it, and on a canvas in the page resolve
/// its style, which can force a style recalculation of the whole document: the font is set
/// only when it changes, and each text is measured once per font.
#[cfg(feature = "canvas")]
pub fn canvas_measure(
    context: web_sys::CanvasRenderingContext2d,
) -> impl Fn(&str, f64, &str) -> (u32, u32) {
    use std::cell::RefCell;
    use std::collections::HashMap;
    let current_font = RefCell::new(String::new());
    let measured = RefCell::new(HashMap::<(String, String), (u32, u32)>::new());
    move |text, size, family| {
        let key = (format!("{size}px {family}"), text.to_owned());
        if let Some(&size) = measured.borrow().get(&key) {
            return size;
        }
        if *current_font.borrow() != key.0 {
            context.set_font(&key.0);
            current_font.replace(key.0.clone());
        }
        let width = context
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or(size * 0.6);
        let answer = (width.ceil() as u32, size.ceil() as u32);
        measured.borrow_mut().insert(key, answer);
        answer
    }
}
