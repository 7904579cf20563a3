//! A legend drawn by hand: plotters' `configure_series_labels` measures its labels with the
//! font backend directly (in the browser: a styled `<span>`, a CSP violation), while this one
//! measures through the drawing area, that is through [`crate::TextMeasured`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::ChartError;
use crate::palette::INK;

/// How an entry is marked.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mark {
    /// A short line.
    Line(RGBColor),
    /// A dot.
    Dot(RGBColor),
}

/// Draw `entries` in a white box whose top-right corner is `(right, top)` (pixels of `area`).
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (right, top): (i32, i32),
    entries: &[(String, Mark)],
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    if entries.is_empty() {
        return Ok(());
    }
    let font = (crate::FONT, 12).into_font();
    let measured: TextStyle<'_> = font.clone().into();
    let mut width = 0u32;
    for (label, _) in entries {
        let (w, _) = area
            .estimate_text_size(label, &measured)
            .map_err(|e| ChartError(e.to_string()))?;
        width = width.max(w);
    }
    let row = 18i32;
    let box_w = width as i32 + 44;
    let box_h = row * entries.len() as i32 + 8;
    let left = right - box_w;
    area.draw(&Rectangle::new(
        [(left, top), (right, top + box_h)],
        WHITE.mix(0.9).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(left, top), (right, top + box_h)],
        RGBColor(0xcc, 0xcc, 0xcc).stroke_width(1),
    ))?;
    let style = font.color(&INK).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (label, mark)) in entries.iter().enumerate() {
        let y = top + 4 + row * i as i32 + row / 2;
        match *mark {
            Mark::Line(c) => area.draw(&PathElement::new(
                vec![(left + 8, y), (left + 28, y)],
                c.stroke_width(2),
            ))?,
            Mark::Dot(c) => area.draw(&Circle::new((left + 18, y), 4, c.filled()))?,
        }
        area.draw(&Text::new(label.clone(), (left + 36, y), style.clone()))?;
    }
    Ok(())
}
