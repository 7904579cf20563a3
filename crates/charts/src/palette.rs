use plotters::style::RGBColor;

/// The accent blue of bars.
pub(crate) const BAR: RGBColor = RGBColor(0x2f, 0x6f, 0xb3);
/// Marks what is not complete yet (cohort cells of a partly observed month).
pub(crate) const INCOMPLETE: RGBColor = RGBColor(0xd9, 0x7a, 0x00);

/// A sequential scale from near-white (0) to the app's dark blue (1); `t` is clamped.
pub(crate) fn heat(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let lerp = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(lerp(0xee, 0x1f), lerp(0xf4, 0x4e), lerp(0xfb, 0x79))
}

/// Black text on light cells, white on dark ones.
pub(crate) fn ink_on(t: f64) -> RGBColor {
    if t > 0.55 {
        RGBColor(0xff, 0xff, 0xff)
    } else {
        RGBColor(0x1b, 0x1f, 0x24)
    }
}
