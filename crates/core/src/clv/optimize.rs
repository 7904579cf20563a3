//! A small BFGS minimiser for the 3- and 4-parameter likelihoods of the CLV models.
//!
//! Why hand-written rather than a crate such as `argmin`: the problems have at most four
//! unknowns and analytic gradients, so the whole optimiser is ~150 lines on fixed-size arrays
//! with no allocation in the loop, and adds nothing to the wasm bundle. What costs time is
//! evaluating the likelihood, not the optimiser's bookkeeping, so a framework could only add
//! overhead: on CDNOW (23,570 customers, 11,104 distinct histories) BG/NBD converges in 25
//! iterations (~27 likelihood evaluations) and Gamma-Gamma in 24, to a gradient 100× tighter
//! than `lifetimes` asks of scipy.
//!
//! Steps: start from `x0` with the identity as inverse-Hessian estimate; each iteration takes
//! the quasi-Newton direction (steepest descent if that is not a descent direction), a
//! backtracking Armijo line search that also rejects non-finite values (log-parameters can
//! overflow `exp`), and the standard BFGS inverse update (skipped when the curvature
//! `sᵀy` is not positive). Stops when the largest gradient component is below `gtol`, or
//! when the objective stops changing at machine precision.

/// Outcome of a minimisation.
#[derive(Clone, Debug)]
pub(crate) struct Minimum<const N: usize> {
    pub x: [f64; N],
    pub grad_max: f64,
    pub iterations: u32,
    pub converged: bool,
}

/// Minimise `f` (which writes its gradient into the second argument) from `x0`.
pub(crate) fn bfgs<const N: usize>(
    mut f: impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    x0: [f64; N],
    gtol: f64,
    max_iter: u32,
) -> Minimum<N> {
    let mut x = x0;
    let mut g = [0.0; N];
    let mut fx = f(&x, &mut g);
    let mut h = [[0.0; N]; N];
    for (i, row) in h.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    let mut first_step = true;
    let mut stalls = 0;
    let mut iterations = 0;
    let grad_max = |g: &[f64; N]| g.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if !fx.is_finite() {
        return Minimum {
            x,
            grad_max: f64::NAN,
            iterations,
            converged: false,
        };
    }
    while iterations < max_iter {
        if grad_max(&g) < gtol {
            return Minimum {
                x,
                grad_max: grad_max(&g),
                iterations,
                converged: true,
            };
        }
        iterations += 1;
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
        let dmax = d.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
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
            // No decrease is possible along any direction we can represent: at the optimum
            // to machine precision (or hopelessly flat).
            let gm = grad_max(&g);
            return Minimum {
                x,
                grad_max: gm,
                iterations,
                converged: gm < gtol.sqrt(),
            };
        }
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
        let change = fx - f_new;
        x = x_new;
        g = g_new;
        fx = f_new;
        if change <= 1e-15 * (1.0 + fx.abs()) {
            stalls += 1;
            if stalls >= 3 {
                let gm = grad_max(&g);
                return Minimum {
                    x,
                    grad_max: gm,
                    iterations,
                    converged: gm < gtol.sqrt(),
                };
            }
        } else {
            stalls = 0;
        }
    }
    let gm = grad_max(&g);
    Minimum {
        x,
        grad_max: gm,
        iterations,
        converged: gm < gtol,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_rosenbrock() {
        let m = bfgs(
            |x: &[f64; 2], g: &mut [f64; 2]| {
                let (a, b) = (1.0 - x[0], x[1] - x[0] * x[0]);
                g[0] = -2.0 * a - 400.0 * x[0] * b;
                g[1] = 200.0 * b;
                a * a + 100.0 * b * b
            },
            [-1.2, 1.0],
            1e-10,
            1000,
        );
        assert!(m.converged, "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-8 && (m.x[1] - 1.0).abs() < 1e-8,
            "{m:?}"
        );
    }
}
