//! Where the bars are: a backend wrapper that records the filled, non-white rectangles a chart
//! draws, so a click on the canvas maps to the bar under it with the chart's own geometry
//! (`segmint_charts::draw_segment_bars` draws exactly one such rectangle per segment, in
//! order).

use std::cell::RefCell;
use std::rc::Rc;

use plotters_backend::{BackendColor, BackendCoord};
use segmint_charts::{Tap, Tapped};

/// Rectangles `(upper_left, bottom_right)` in canvas pixels, in drawing order.
pub(crate) type Rects = Rc<RefCell<Vec<(BackendCoord, BackendCoord)>>>;

/// Records every filled rectangle that is not white.
pub(crate) struct RecordBars(Rects);

impl Tap for RecordBars {
    fn filled_rect(
        &self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        color: BackendColor,
    ) {
        if color.rgb != (255, 255, 255) {
            self.0.borrow_mut().push((upper_left, bottom_right));
        }
    }
}

/// A backend recording the bars it draws into `rects`.
pub(crate) type Recording<DB> = Tapped<DB, RecordBars>;

/// `inner`, recording its bars into `rects`.
pub(crate) fn recording<DB: plotters_backend::DrawingBackend>(
    inner: DB,
    rects: Rects,
) -> Recording<DB> {
    Tapped::wrap(inner, RecordBars(rects))
}

/// The index of the rectangle whose row band (its vertical extent, any x) holds `y`.
pub(crate) fn row_at(rects: &[(BackendCoord, BackendCoord)], y: i32) -> Option<usize> {
    rects.iter().position(|&((_, top), (_, bottom))| {
        let (top, bottom) = (top.min(bottom), top.max(bottom));
        (top..=bottom).contains(&y)
    })
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
            let area = recording(backend, rects.clone()).into_drawing_area();
            let words = |key: &str, args: &[(&str, &str)]| segmint_web::Lang::En.t_with(key, args);
            draw_segment_bars(&area, &view, &words).unwrap();
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
