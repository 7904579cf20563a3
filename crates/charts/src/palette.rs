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

/// The second series of a two-line chart.
pub(crate) const ACCENT: RGBColor = RGBColor(0xd9, 0x5f, 0x0e);
/// Neutral ink for marks and notes.
pub(crate) const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);

/// How many colours [`category`] has before it cycles.
pub const CATEGORIES: usize = 10;

/// Ten distinguishable colours for categories (Tableau 10); cycles after ten.
pub(crate) fn category(i: usize) -> RGBColor {
    const C: [RGBColor; CATEGORIES] = [
        RGBColor(0x4e, 0x79, 0xa7),
        RGBColor(0xf2, 0x8e, 0x2b),
        RGBColor(0xe1, 0x57, 0x59),
        RGBColor(0x76, 0xb7, 0xb2),
        RGBColor(0x59, 0xa1, 0x4f),
        RGBColor(0xed, 0xc9, 0x48),
        RGBColor(0xb0, 0x7a, 0xa1),
        RGBColor(0xff, 0x9d, 0xa7),
        RGBColor(0x9c, 0x75, 0x5f),
        RGBColor(0xba, 0xb0, 0xac),
    ];
    C[i % C.len()]
}

/// A perceptually ordered scale for values on white (viridis, five stops): 0 is yellow-green,
/// 1 dark purple; `t` is clamped, a non-finite `t` is 0.
pub(crate) fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (0xb5, 0xde, 0x2b),
        (0x35, 0xb7, 0x79),
        (0x26, 0x82, 0x8e),
        (0x3e, 0x4a, 0x89),
        (0x44, 0x01, 0x54),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let lerp = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    RGBColor(lerp(a.0, b.0), lerp(a.1, b.1), lerp(a.2, b.2))
}
