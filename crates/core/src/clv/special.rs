//! Special functions the lifetime-value models need: `ln Γ`, digamma and Gauss's
//! hypergeometric function `₂F₁`, in plain `f64` (no dependency, identical natively and in
//! wasm).

use std::f64::consts::PI;

const LANCZOS_G: f64 = 7.0;
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, n = 9; relative error ≈ 1e-15).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        // Reflection keeps the Lanczos sum in its accurate range for small shape parameters.
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = LANCZOS[0];
    for (i, c) in LANCZOS.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    let t = x + LANCZOS_G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Digamma `ψ(x) = d ln Γ(x) / dx` for `x > 0` (recurrence up to 10, then the asymptotic
/// series; absolute error ≈ 1e-14).
pub(crate) fn digamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    let series = inv2
        * (1.0 / 12.0
            - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 / 132.0))));
    acc + x.ln() - 0.5 * inv - series
}

/// `₂F₁(a, b; c; z)` for `0 ≤ z < 1` as `(sign, ln |value|)`, so that huge values never
/// overflow. `c` must not be 0 or a negative integer.
///
/// First tries Euler's transformation `₂F₁(a, b; c; z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z)`:
/// in the BG/NBD prediction `c − a` and `c − b` do not grow with the purchase count while
/// `c` does, so the transformed series needs a handful of terms where the direct one needs
/// hundreds. Terms may change sign (e.g. `a < 1`, or `c < 0` under a strong penalizer), so a
/// series is accepted only when it converged without losing more than ~8 digits to
/// cancellation; the direct series is the fallback. NaN if neither converges within a
/// million terms (only for `z` within ~1e-5 of 1).
pub(crate) fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> (f64, f64) {
    if z == 0.0 {
        return (1.0, 0.0);
    }
    if !(0.0..1.0).contains(&z) || (c <= 0.0 && c == c.floor()) || !(a + b + c).is_finite() {
        return (f64::NAN, f64::NAN);
    }
    if let Some((sign, ln)) = series(c - a, c - b, c, z, 2_000, true) {
        return (sign, (c - a - b) * (-z).ln_1p() + ln);
    }
    series(a, b, c, z, 1_000_000, true)
        .or_else(|| series(a, b, c, z, 1_000_000, false))
        .unwrap_or((f64::NAN, f64::NAN))
}

/// `Σₙ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ` as `(sign, ln |sum|)`, or `None` if it did not converge in
/// `max_terms`, is zero, or (when `guard`) lost too many digits to cancellation.
fn series(a: f64, b: f64, c: f64, z: f64, max_terms: u32, guard: bool) -> Option<(f64, f64)> {
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    let mut largest = 1.0_f64;
    let mut log_scale = 0.0_f64;
    for n in 0..max_terms {
        let nf = f64::from(n);
        let ratio = (a + nf) * (b + nf) / ((c + nf) * (nf + 1.0)) * z;
        term *= ratio;
        sum += term;
        largest = largest.max(term.abs());
        if ratio.abs() < 1.0 && term.abs() <= sum.abs() * 1e-17 {
            if sum == 0.0 || !sum.is_finite() || (guard && largest > 1e8 * sum.abs()) {
                return None;
            }
            return Some((sum.signum(), sum.abs().ln() + log_scale));
        }
        if sum.abs() > 1e250 {
            let s = sum.abs();
            term /= s;
            largest /= s;
            sum /= s;
            log_scale += s.ln();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_known_values() {
        assert!((ln_gamma(1.0)).abs() < 1e-14);
        assert!((ln_gamma(2.0)).abs() < 1e-14);
        assert!((ln_gamma(0.5) - PI.sqrt().ln()).abs() < 1e-14);
        assert!((ln_gamma(10.0) - 362_880f64.ln()).abs() < 1e-12);
        // math.lgamma(0.243) and lgamma(123.4) (CPython 3.11)
        assert!(
            (ln_gamma(0.243) - 1.318_043_584_699_67).abs() < 1e-12,
            "{}",
            ln_gamma(0.243)
        );
        assert!(
            (ln_gamma(123.4) - 469.336_097_442_190_6).abs() < 1e-10,
            "{}",
            ln_gamma(123.4)
        );
    }

    #[test]
    fn digamma_is_the_derivative_of_ln_gamma() {
        for x in [0.05_f64, 0.243, 1.0, 2.5, 7.3, 150.0] {
            let h = 1e-5 * x.max(1.0);
            let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!(
                (digamma(x) - numeric).abs() < 1e-7 * (1.0 + numeric.abs()),
                "x = {x}"
            );
        }
        // ψ(1) = -γ
        assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-13);
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(1, 1; 2; z) = -ln(1 - z) / z
        for z in [0.1_f64, 0.5, 0.9, 0.99] {
            let exact = (-(1.0 - z).ln() / z).ln();
            assert!(
                (hyp2f1(1.0, 1.0, 2.0, z).1 - exact).abs() < 1e-12,
                "z = {z}"
            );
        }
        // ₂F₁(a, b; b; z) = (1 - z)^-a
        let (sign, v) = hyp2f1(30.5, 4.0, 4.0, 0.8);
        assert!(sign == 1.0 && (v - (-30.5 * 0.2f64.ln())).abs() < 1e-10);
        assert!(hyp2f1(1.0, 1.0, 2.0, 1.0).1.is_nan());
        assert!(hyp2f1(1.0, 1.0, -2.0, 0.5).1.is_nan());
        // A negative value: scipy.special.hyp2f1(1, 1, -0.5, 0.5) = -8.71238898038469
        // (scipy 1.17.1).
        let (sign, v) = hyp2f1(1.0, 1.0, -0.5, 0.5);
        assert_eq!(sign, -1.0);
        assert!((v - 8.712_388_980_384_69_f64.ln()).abs() < 1e-12, "{v}");
        // The direct and the transformed series agree where both converge.
        for &(a, b, c, z) in &[
            (0.5, 2.9, 1.9, 0.7),
            (40.3, 42.1, 42.6, 0.55),
            (0.3, 3.0, 2.5, 0.95),
        ] {
            let direct = series(a, b, c, z, 1_000_000, false).unwrap().1;
            assert!((hyp2f1(a, b, c, z).1 - direct).abs() < 1e-11 * direct.abs().max(1.0));
        }
    }
}
