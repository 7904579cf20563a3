//! One forwarding [`DrawingBackend`]: [`Tapped`] passes every call to the backend it wraps
//! and lets a [`Tap`] watch the filled rectangles and answer text sizes.
//!
//! Two taps exist. [`Measure`] measures text itself: on wasm32, plotters measures text by
//! inserting a `<span style="…">` into `document.body`, which is a `style-src-attr`
//! violation under our Content-Security-Policy, needs a `<body>` (none in a worker), and
//! panics when there is none; answering `estimate_text_size` ourselves (in the browser from a
//! canvas's `measureText`) keeps plotters away from that code path. The widgets' hit testing
//! records the bars a chart draws with another tap.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// What a [`Tapped`] backend does besides forwarding. Both methods default to nothing.
pub trait Tap {
    /// A filled rectangle of `color` is drawn.
    fn filled_rect(
        &self,
        _upper_left: BackendCoord,
        _bottom_right: BackendCoord,
        _color: BackendColor,
    ) {
    }

    /// The size of `text` at `size` px in `family`; `None` asks the wrapped backend.
    fn text_size(&self, _text: &str, _size: f64, _family: &str) -> Option<(u32, u32)> {
        None
    }
}

/// `inner`, with `tap` watching.
pub struct Tapped<DB, T> {
    inner: DB,
    tap: T,
}

impl<DB: DrawingBackend, T: Tap> Tapped<DB, T> {
    /// Wrap `inner`.
    pub fn wrap(inner: DB, tap: T) -> Self {
        Self { inner, tap }
    }
}

/// Text sizes from `measure(text, font_size_px, family) -> (width, height)`.
pub struct Measure<M>(pub M);

impl<M: Fn(&str, f64, &str) -> (u32, u32)> Tap for Measure<M> {
    fn text_size(&self, text: &str, size: f64, family: &str) -> Option<(u32, u32)> {
        Some((self.0)(text, size, family))
    }
}

/// A backend that measures text with its own function (see the module docs).
pub type TextMeasured<DB, M> = Tapped<DB, Measure<M>>;

impl<DB, M> Tapped<DB, Measure<M>>
where
    DB: DrawingBackend,
    M: Fn(&str, f64, &str) -> (u32, u32),
{
    /// Wrap `inner`, measuring text with `measure`.
    pub fn new(inner: DB, measure: M) -> Self {
        Self::wrap(inner, Measure(measure))
    }
}

impl<DB: DrawingBackend, T: Tap> DrawingBackend for Tapped<DB, T> {
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
        if fill {
            self.tap
                .filled_rect(upper_left, bottom_right, style.color());
        }
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
        match self
            .tap
            .text_size(text, style.size(), style.family().as_str())
        {
            Some(size) => Ok(size),
            None => self.inner.estimate_text_size(text, style),
        }
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
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
