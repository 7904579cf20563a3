//! Where the bars are: a backend wrapper that records the filled, non-white rectangles a chart
//! draws, so a click on the canvas maps to the bar under it with the chart's own geometry
//! (`segmint_charts::draw_segment_bars` draws exactly one such rectangle per segment, in
//! order).

use std::cell::RefCell;
use std::rc::Rc;

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// Rectangles `(upper_left, bottom_right)` in canvas pixels, in drawing order.
pub(crate) type Rects = Rc<RefCell<Vec<(BackendCoord, BackendCoord)>>>;

/// `inner`, recording every filled rectangle that is not white into `rects`.
pub(crate) struct Recording<DB> {
    inner: DB,
    rects: Rects,
}

impl<DB: DrawingBackend> Recording<DB> {
    pub(crate) fn new(inner: DB, rects: Rects) -> Self {
        Self { inner, rects }
    }
}

/// The index of the rectangle whose row band (its vertical extent, any x) holds `y`.
pub(crate) fn row_at(rects: &[(BackendCoord, BackendCoord)], y: i32) -> Option<usize> {
    rects.iter().position(|&((_, top), (_, bottom))| {
        let (top, bottom) = (top.min(bottom), top.max(bottom));
        (top..=bottom).contains(&y)
    })
}

impl<DB: DrawingBackend> DrawingBackend for Recording<DB> {
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
        if fill && style.color().rgb != (255, 255, 255) {
            self.rects.borrow_mut().push((upper_left, bottom_right));
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
        self.inner.estimate_text_size(text, style)
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

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;
    use segmint_charts::{SegmentBarsView, draw_segment_bars};

    #[test]
    fn one_rectangle_per_segment_in_order_top_to_bottom() {
        let view = SegmentBarsView {
            names: vec!["Champions".into(), "Lost".into(), "Empty".into()],
            customers: vec![7, 141, 0],
        };
        let mut svg = String::new();
        let rects = Rects::default();
        {
            let backend = SVGBackend::with_string(&mut svg, (640, 200));
            let area = Recording::new(backend, rects.clone()).into_drawing_area();
            draw_segment_bars(&area, &view).unwrap();
            area.present().unwrap();
        }
        let rects = rects.borrow().clone();
        assert_eq!(rects.len(), 3, "{rects:?}");
        // The first segment is drawn at the top, each band below the previous one.
        assert!(rects[0].0.1 < rects[1].0.1 && rects[1].0.1 < rects[2].0.1);
        let middle = |r: &(BackendCoord, BackendCoord)| (r.0.1 + r.1.1) / 2;
        assert_eq!(row_at(&rects, middle(&rects[1])), Some(1));
        assert_eq!(row_at(&rects, 0), None);
    }
}
