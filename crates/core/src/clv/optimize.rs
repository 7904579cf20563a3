//! A small minimiser for the 3- and 4-parameter likelihoods of the CLV models: BFGS, then
//! Newton steps on a Hessian from differences of the analytic gradient.
//!
//! Why hand-written rather than a crate such as `argmin`: the problems have at most four
//! unknowns and analytic gradients, so the whole optimiser is ~250 lines on fixed-size arrays
//! with no allocation in the loop, and adds nothing to the wasm bundle. What costs time is
//! evaluating the likelihood, not the optimiser's bookkeeping.
//!
//! # Steps
//! 1. **BFGS** from `x0` with the identity as inverse-Hessian estimate (rescaled after the
//!    first step): the quasi-Newton direction (steepest descent if that is not a descent
//!    direction), a backtracking Armijo line search that also rejects non-finite values
//!    (log-parameters can overflow `exp`), and the standard inverse update (skipped when the
//!    curvature `sᵀy` is not positive).
//! 2. **Newton polish**, once the line search can no longer show a decrease: near the
//!    optimum the objective's change per step falls below
//!    its own rounding (`1e-16 · |f|`), so Armijo's test becomes noise and BFGS stalls with a
//!    gradient of ~1e-9 on the likelihood's flat ridges (Gamma-Gamma's `q`–`v`, BG/NBD's `a`
//!    when it is near 0). Newton steps with the Hessian from central differences of the
//!    analytic gradient (`2N` gradient calls) are accepted when they shrink the gradient norm
//!    — a test rounding does not blur — and converge quadratically.
//! 3. **Stop** when both hold: the gradient norm `‖∇f‖₂ ≤ gtol`, and the last step changed
//!    the objective by at most `ftol · max(|f|, 1)` (relative change). `converged` says whether
//!    they did; the caller reports the gradient norm, the relative change and the iterations.
//!
//! An iteration is one BFGS step or one Newton step.

/// Why the minimiser stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Gradient norm and relative change both within tolerance.
    Converged,
    /// Neither a BFGS nor a Newton step could improve on the point (at the optimum to the
    /// precision the objective allows, or hopelessly flat).
    NoProgress,
    /// `max_iter` iterations.
    MaxIter,
    /// The objective is not finite at the start.
    NotFinite,
}

/// Outcome of a minimisation.
#[derive(Clone, Debug)]
pub(crate) struct Minimum<const N: usize> {
    pub x: [f64; N],
    pub grad_norm: f64,
    pub grad_max: f64,
    pub relative_change: f64,
    pub iterations: u32,
    pub stop: Stop,
}

impl<const N: usize> Minimum<N> {
    pub(crate) fn converged(&self) -> bool {
        self.stop == Stop::Converged
    }

    /// Whether the minimiser failed rather than merely missing the tolerances: it ran out of
    /// iterations, started where the objective is not finite, let a log-parameter run past 40
    /// (the parameter past 10¹⁷: no maximum exists, e.g. BG/NBD's a and b without drop-out
    /// evidence), or got stuck with a gradient norm above `√gtol` (away from any stationary
    /// point). A stop short of the tolerances with a gradient below `√gtol` is the optimum to
    /// the precision the objective allows: the fit is kept and reported as not converged.
    pub(crate) fn failed(&self, tol: Tolerance) -> bool {
        matches!(self.stop, Stop::MaxIter | Stop::NotFinite)
            || self.x.iter().any(|&v| v > 40.0)
            || (self.stop == Stop::NoProgress
                && (self.grad_norm.is_nan() || self.grad_norm > tol.gtol.sqrt()))
    }
}

/// Where a minimisation starts: the point and, for a warm start, the inverse Hessian there.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WarmStart<const N: usize> {
    pub x: [f64; N],
    pub inverse_hessian: Option<[[f64; N]; N]>,
}

/// Convergence tolerances: gradient norm and relative change of the objective.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tolerance {
    pub gtol: f64,
    pub ftol: f64,
    pub max_iter: u32,
}

fn norm<const N: usize>(g: &[f64; N]) -> f64 {
    g.iter().map(|v| v * v).sum::<f64>().sqrt()
}

fn max_abs<const N: usize>(g: &[f64; N]) -> f64 {
    g.iter().fold(0.0_f64, |m, v| m.max(v.abs()))
}

/// Minimise `f` (which writes its gradient into the second argument) from `x0`.
pub(crate) fn minimise<const N: usize>(
    mut f: impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    x0: [f64; N],
    tol: Tolerance,
    inverse_hessian: Option<[[f64; N]; N]>,
) -> Minimum<N> {
    let mut x = x0;
    let mut g = [0.0; N];
    let mut fx = f(&x, &mut g);
    let mut iterations = 0;
    let mut change = f64::INFINITY;
    let done = |x: [f64; N], _fx: f64, g: &[f64; N], change: f64, iterations, stop| Minimum {
        x,
        grad_norm: norm(g),
        grad_max: max_abs(g),
        relative_change: change,
        iterations,
        stop,
    };
    if !fx.is_finite() || !g.iter().all(|v| v.is_finite()) {
        return done(x, fx, &g, change, iterations, Stop::NotFinite);
    }
    let relative = |old: f64, new: f64| (old - new).abs() / new.abs().max(1.0);
    let converged = |g: &[f64; N], change: f64| norm(g) <= tol.gtol && change <= tol.ftol;

    // 1. BFGS until the gradient is small or the line search stalls.
    let mut h = [[0.0; N]; N];
    for (i, row) in h.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    // A warm start (a bootstrap refit from the full data's optimum) also brings the full
    // data's curvature: quasi-Newton steps are then nearly Newton steps from the first one.
    let mut first_step = true;
    if let Some(start) = inverse_hessian {
        h = start;
        first_step = false;
    }
    // Steps that no longer change the objective measurably, and steps taken once the gradient
    // is small: either way Newton's steps (phase 2) finish faster and more surely.
    let (mut stalls, mut small) = (0, 0);
    while iterations < tol.max_iter && !converged(&g, change) && stalls < 2 && small < 20 {
        let mut d = [0.0; N];
        for i in 0..N {
            d[i] = -(0..N).map(|j| h[i][j] * g[j]).sum::<f64>();
        }
        let mut slope: f64 = (0..N).map(|i| d[i] * g[i]).sum();
        if slope >= 0.0 || !slope.is_finite() {
            // The estimate lost positive definiteness: restart from steepest descent.
            for (i, row) in h.iter_mut().enumerate() {
                *row = [0.0; N];
                row[i] = 1.0;
            }
            d = g.map(|v| -v);
            slope = -(0..N).map(|i| g[i] * g[i]).sum::<f64>();
        }
        // Keep the first trial step modest in log-parameter space.
        let dmax = max_abs(&d);
        let mut step = if dmax > 2.0 { 2.0 / dmax } else { 1.0 };
        let mut x_new = x;
        let mut g_new = [0.0; N];
        let mut f_new = f64::NAN;
        let mut accepted = false;
        for _ in 0..60 {
            for i in 0..N {
                x_new[i] = x[i] + step * d[i];
            }
            f_new = f(&x_new, &mut g_new);
            if f_new.is_finite() && f_new <= fx + 1e-4 * step * slope {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
        iterations += 1;
        let mut s = [0.0; N];
        let mut y = [0.0; N];
        for i in 0..N {
            s[i] = x_new[i] - x[i];
            y[i] = g_new[i] - g[i];
        }
        let sy: f64 = (0..N).map(|i| s[i] * y[i]).sum();
        if sy > 1e-300 {
            if first_step {
                let yy: f64 = (0..N).map(|i| y[i] * y[i]).sum();
                let scale = sy / yy;
                for (i, row) in h.iter_mut().enumerate() {
                    *row = [0.0; N];
                    row[i] = scale;
                }
                first_step = false;
            }
            let mut hy = [0.0; N];
            for i in 0..N {
                hy[i] = (0..N).map(|j| h[i][j] * y[j]).sum();
            }
            let yhy: f64 = (0..N).map(|i| y[i] * hy[i]).sum();
            let rho = 1.0 / sy;
            for i in 0..N {
                for j in 0..N {
                    h[i][j] +=
                        rho * ((1.0 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
                }
            }
        }
        change = relative(fx, f_new);
        x = x_new;
        g = g_new;
        fx = f_new;
        stalls = if change <= 1e-14 { stalls + 1 } else { 0 };
        small += usize::from(norm(&g) <= 1e-5);
    }
    if converged(&g, change) {
        return done(x, fx, &g, change, iterations, Stop::Converged);
    }
    if iterations >= tol.max_iter {
        return done(x, fx, &g, change, iterations, Stop::MaxIter);
    }

    // 2. Newton steps on a finite-difference Hessian of the analytic gradient.
    while iterations < tol.max_iter {
        let Some(hess) = hessian(&mut f, x) else {
            return done(x, fx, &g, change, iterations, Stop::NoProgress);
        };
        // Levenberg damping when the Hessian is not positive definite or its step fails
        // (a likelihood ridge, e.g. a → 0 with b → ∞, makes it nearly singular).
        let scale = (0..N)
            .map(|i| hess[i][i].abs())
            .fold(0.0_f64, f64::max)
            .max(1e-300);
        let noise = 1e-13 * fx.abs().max(1.0);
        let mut next = None;
        for damping in [0.0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1.0] {
            let mut damped = hess;
            for (i, row) in damped.iter_mut().enumerate() {
                row[i] += damping * scale;
            }
            let Some(step) = solve_spd(damped, g.map(|v| -v)) else {
                continue;
            };
            let mut x_new = x;
            for i in 0..N {
                x_new[i] += step[i];
            }
            let mut g_new = [0.0; N];
            let f_new = f(&x_new, &mut g_new);
            // The objective may not move measurably any more; it must not rise beyond
            // rounding, and the gradient must shrink.
            if f_new.is_finite() && f_new <= fx + noise && norm(&g_new) < norm(&g) {
                next = Some((x_new, g_new, f_new));
                break;
            }
        }
        let Some((x_new, g_new, f_new)) = next else {
            let stop = if converged(&g, change) {
                Stop::Converged
            } else {
                Stop::NoProgress
            };
            return done(x, fx, &g, change, iterations, stop);
        };
        iterations += 1;
        change = relative(fx, f_new);
        x = x_new;
        g = g_new;
        fx = f_new;
        if converged(&g, change) {
            return done(x, fx, &g, change, iterations, Stop::Converged);
        }
    }
    done(x, fx, &g, change, iterations, Stop::MaxIter)
}

/// The inverse of the Hessian of `f` at `x`, from central differences of its gradient; `None`
/// if it is not positive definite (not at a strict minimum).
pub(crate) fn inverse_hessian<const N: usize>(
    mut f: impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    x: [f64; N],
) -> Option<[[f64; N]; N]> {
    let hess = hessian(&mut f, x)?;
    let mut inverse = [[0.0; N]; N];
    for j in 0..N {
        let mut e = [0.0; N];
        e[j] = 1.0;
        let column = solve_spd(hess, e)?;
        for i in 0..N {
            inverse[i][j] = column[i];
        }
    }
    Some(inverse)
}

/// The Hessian of `f` at `x` from central differences of the analytic gradient, symmetrised;
/// `None` if a gradient is not finite.
#[allow(clippy::needless_range_loop)] // matrix algebra reads best with its indices
fn hessian<const N: usize>(
    f: &mut impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    x: [f64; N],
) -> Option<[[f64; N]; N]> {
    let mut g_plus = [0.0; N];
    let mut g_minus = [0.0; N];
    let mut hess = [[0.0; N]; N];
    for j in 0..N {
        let h_j = 1e-5 * (1.0 + x[j].abs());
        let (mut xp, mut xm) = (x, x);
        xp[j] += h_j;
        xm[j] -= h_j;
        let (fp, fm) = (f(&xp, &mut g_plus), f(&xm, &mut g_minus));
        if !(fp.is_finite() && fm.is_finite()) {
            return None;
        }
        for i in 0..N {
            hess[i][j] = (g_plus[i] - g_minus[i]) / (2.0 * h_j);
        }
    }
    for i in 0..N {
        for j in 0..i {
            let v = 0.5 * (hess[i][j] + hess[j][i]);
            hess[i][j] = v;
            hess[j][i] = v;
        }
    }
    Some(hess)
}

/// Solve `A s = b` for a symmetric positive-definite `A` (Cholesky); `None` if `A` is not
/// positive definite (then Newton's step would not be a descent direction).
#[allow(clippy::needless_range_loop)] // matrix algebra reads best with its indices
fn solve_spd<const N: usize>(a: [[f64; N]; N], b: [f64; N]) -> Option<[f64; N]> {
    let mut l = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..=i {
            let mut s = a[i][j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                if !s.is_finite() || s <= 0.0 {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    let mut y = [0.0; N];
    for i in 0..N {
        let s: f64 = (0..i).map(|k| l[i][k] * y[k]).sum();
        y[i] = (b[i] - s) / l[i][i];
    }
    let mut x = [0.0; N];
    for i in (0..N).rev() {
        let s: f64 = (i + 1..N).map(|k| l[k][i] * x[k]).sum();
        x[i] = (y[i] - s) / l[i][i];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rosenbrock(x: &[f64; 2], g: &mut [f64; 2]) -> f64 {
        let (a, b) = (1.0 - x[0], x[1] - x[0] * x[0]);
        g[0] = -2.0 * a - 400.0 * x[0] * b;
        g[1] = 200.0 * b;
        a * a + 100.0 * b * b
    }

    #[test]
    fn minimises_rosenbrock_to_the_gradient_and_change_tolerances() {
        let tol = Tolerance {
            gtol: 1e-10,
            ftol: 1e-14,
            max_iter: 1000,
        };
        let m = minimise(rosenbrock, [-1.2, 1.0], tol, None);
        assert!(m.converged(), "{m:?}");
        assert!(m.grad_norm <= 1e-10 && m.relative_change <= 1e-14, "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-9 && (m.x[1] - 1.0).abs() < 1e-9,
            "{m:?}"
        );
    }

    #[test]
    fn running_out_of_iterations_is_not_convergence() {
        let tol = Tolerance {
            gtol: 1e-10,
            ftol: 1e-14,
            max_iter: 5,
        };
        let m = minimise(rosenbrock, [-1.2, 1.0], tol, None);
        assert_eq!(m.stop, Stop::MaxIter, "{m:?}");
        assert!(!m.converged() && m.iterations == 5);
    }

    #[test]
    fn solves_a_small_spd_system() {
        let s = solve_spd([[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0]).unwrap();
        assert!((4.0 * s[0] + s[1] - 1.0).abs() < 1e-15);
        assert!((s[0] + 3.0 * s[1] - 2.0).abs() < 1e-15);
        assert!(solve_spd([[1.0, 2.0], [2.0, 1.0]], [1.0, 1.0]).is_none());
    }
}
