//! The k-means kernel: greedy k-means++ seeding and Lloyd iterations, as scikit-learn does.

use serde::{Deserialize, Serialize};

use super::rng::Rng;
use super::{ClusterError, Matrix};

/// Hyper-parameters of one k-means fit; a consuming builder, checked before fitting.
///
/// ```
/// use segmint_core::cluster::{KMeansParams, Matrix};
/// let x = Matrix::from_rows(&[vec![0.0], vec![0.1], vec![5.0], vec![5.2]]).unwrap();
/// let fit = KMeansParams::new(2).n_init(4).seed(7).fit(&x).unwrap();
/// assert_eq!(fit.labels[0], fit.labels[1]);
/// assert_ne!(fit.labels[0], fit.labels[2]);
/// assert!((fit.inertia - (0.005 + 0.02)).abs() < 1e-12);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KMeansParams {
    /// Number of clusters (≥ 1).
    pub k: usize,
    /// Independent k-means++ starts; the lowest inertia wins. Default 10.
    pub n_init: usize,
    /// Lloyd iterations per start at most. Default 300.
    pub max_iter: usize,
    /// Stop when the summed squared centre shift of an iteration is at most
    /// `tol × mean feature variance` (sklearn's rule). Default 1e-4.
    pub tol: f64,
    /// Seed of the generator; the same seed and data give the same clusters. Default 0.
    pub seed: u64,
}

restart_setters!(KMeansParams {
    n_init,
    max_iter,
    tol,
    seed
});

impl KMeansParams {
    /// Defaults for `k` clusters: 10 starts, 300 iterations, tol 1e-4, seed 0.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            n_init: 10,
            max_iter: 300,
            tol: 1e-4,
            seed: 0,
        }
    }

    /// Validate the parameters alone.
    pub fn check(&self) -> Result<(), ClusterError> {
        if self.k == 0 {
            return Err(ClusterError::K { k: 0, min: 1 });
        }
        if self.n_init == 0 {
            return Err(ClusterError::Zero { name: "n_init" });
        }
        if self.max_iter == 0 {
            return Err(ClusterError::Zero { name: "max_iter" });
        }
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(ClusterError::Tol(self.tol));
        }
        Ok(())
    }

    /// Validate the parameters against the data: at least `k` points. (Fewer than `k`
    /// distinct points is found by the seeding and reported by [`fit`](Self::fit).)
    pub fn check_data(&self, x: &Matrix) -> Result<(), ClusterError> {
        self.check()?;
        if x.rows() < self.k {
            return Err(ClusterError::TooFewPoints {
                points: x.rows(),
                k: self.k,
            });
        }
        Ok(())
    }

    /// Fit: `n_init` seeded k-means++ starts, each refined by Lloyd's algorithm; the start with
    /// the lowest inertia wins (the earliest on a tie); then it is polished and improved by
    /// swaps (see [`fit`](Self::fit)'s steps in the module docs of [`super`]).
    ///
    /// # Steps
    /// 1. `n_init` starts, as scikit-learn: greedy k-means++ seeds, Lloyd's iterations until
    ///    the labels stop changing or the summed squared centre shift is at most
    ///    `tol × mean feature variance`, a final assignment step; the lowest inertia wins.
    /// 2. **Polish** the winner: Lloyd's iterations until the labels stop changing, then
    ///    Hartigan's single-point moves (Hartigan & Wong 1979) — a point moves when that
    ///    lowers the inertia even though its own centre is the nearest — and Lloyd again. Each step only
    ///    lowers the inertia; the result is a local optimum of both rules.
    /// 3. **Swaps**: take the centre whose removal costs least (its points to their second
    ///    nearest centre), replace it by a greedy k-means++ draw, rerun 1–2 from there and keep
    ///    the result if its inertia is lower; try every centre once, and start again after each
    ///    improvement. This lets a whole centre move to where it is needed, which Lloyd's and
    ///    Hartigan's rules cannot do.
    pub fn fit(&self, x: &Matrix) -> Result<KMeansFit, ClusterError> {
        self.check_data(x)?;
        let distinct = x.distinct_rows();
        if self.k > distinct {
            return Err(ClusterError::TooFewDistinct {
                distinct,
                k: self.k,
            });
        }
        let mut fits = self.fits(x, self.k, self.k, distinct)?;
        Ok(fits.pop().expect("one k"))
    }

    /// Steps 1–3 of [`fit`](Self::fit) for this k alone.
    fn fit_alone(&self, x: &Matrix) -> Result<KMeansFit, ClusterError> {
        let mut best = self.starts(x)?;
        let tol = self.tol * x.mean_variance();
        let mut work = Work::new(x.rows(), x.cols(), self.k);
        polish(x, &mut best, self.max_iter, &mut work);
        let mut swap_rng = Rng::new(self.seed ^ 0x5157_4150);
        Ok(self.swaps(x, best, tol, &mut swap_rng, &mut work))
    }

    /// Step 1 of [`fit`](Self::fit): scikit-learn's algorithm, the best of `n_init` starts.
    /// (The start of a Gaussian mixture, as sklearn's `init_params='kmeans'`.)
    pub(super) fn starts(&self, x: &Matrix) -> Result<KMeansFit, ClusterError> {
        self.check_data(x)?;
        let tol = self.tol * x.mean_variance();
        // Each start's seed is drawn before any start runs, so the starts are independent and
        // run in parallel (crate::par); the best is chosen afterwards in start order.
        let mut rng = Rng::new(self.seed);
        let seeds: Vec<u64> = (0..self.n_init).map(|_| rng.next_u64()).collect();
        let runs = crate::par::map_with(
            seeds.len(),
            || Work::new(x.rows(), x.cols(), self.k),
            |work, run| {
                let init = kmeans_plusplus(x, self.k, &mut Rng::new(seeds[run]), work)?;
                Some(lloyd(x, init, self.max_iter, tol, work, true))
            },
        );
        let mut best: Option<KMeansFit> = None;
        for fit in runs {
            let Some(fit) = fit else {
                return Err(ClusterError::TooFewDistinct {
                    distinct: x.distinct_rows(),
                    k: self.k,
                });
            };
            if best.as_ref().is_none_or(|b| fit.inertia < b.inertia) {
                best = Some(fit);
            }
        }
        Ok(best.expect("n_init >= 1"))
    }

    /// The same parameters for another k.
    fn with_k(&self, k: usize) -> KMeansParams {
        KMeansParams { k, ..self.clone() }
    }

    /// The k-means fits for k = `start..=end`, each at least as good as [`KMeansParams::fit`]'s
    /// and improved by its neighbours: a good solution for k − 1 plus one centre, or for k + 1
    /// minus one, is often a better start for k than any of k's own (neighbouring k share most of
    /// their structure; k-means++ starts do not). So the fits of `start − 1` and `end + 1` are made
    /// too (when they exist), and in each round, for k ascending, the fit of k − 1 plus a greedy
    /// k-means++ centre is refined (Lloyd, then Hartigan's moves), and for k descending, the fit of
    /// k + 1 without each one of its centres in turn; a refined fit replaces k's when its inertia is
    /// lower. Rounds stop when one changes nothing (at most [`NEIGHBOUR_ROUNDS`]). Deterministic:
    /// the k-means++ draws are seeded from `self.seed`, k and the round.
    pub(super) fn fits(
        &self,
        x: &Matrix,
        start: usize,
        end: usize,
        distinct: usize,
    ) -> Result<Vec<KMeansFit>, ClusterError> {
        let lo = start.saturating_sub(1).max(1);
        let hi = if end < distinct { end + 1 } else { end };
        // Every k's own fit is independent of the others': one parallel piece per k.
        let mut fits = crate::par::map(hi + 1 - lo, |i| self.with_k(lo + i).fit_alone(x))
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        let d = x.cols();
        let mut work = Work::new(x.rows(), d, hi + 1);
        for round in 0..NEIGHBOUR_ROUNDS {
            let mut changed = false;
            let mut adopt = |fits: &mut Vec<KMeansFit>, i: usize, candidate: KMeansFit| {
                if candidate.inertia < fits[i].inertia * (1.0 - 1e-12) {
                    fits[i] = candidate;
                    changed = true;
                }
            };
            for i in 1..fits.len() {
                let k = lo + i;
                let seed = self.seed ^ ((k as u64) << 32) ^ (round << 48);
                let trials = 2 + (k as f64).ln().floor() as usize;
                let grown = add_centre(
                    x,
                    fits[i - 1].centroids.data().to_vec(),
                    trials,
                    &mut Rng::new(seed),
                    &mut work,
                );
                if let Some(centres) = grown {
                    let candidate = self.with_k(k).refine(x, centres, &mut work);
                    adopt(&mut fits, i, candidate);
                }
            }
            for i in (0..fits.len() - 1).rev() {
                let k = lo + i;
                // The k + 1 candidates start from the same bigger fit, so they are refined in
                // parallel and adopted in centre order, as one thread would.
                let bigger = fits[i + 1].centroids.data().to_vec();
                let candidates = crate::par::map_with(
                    k + 1,
                    || Work::new(x.rows(), d, hi + 1),
                    |work, j| self.with_k(k).refine(x, without(&bigger, d, j), work),
                );
                for candidate in candidates {
                    adopt(&mut fits, i, candidate);
                }
            }
            if !changed {
                break;
            }
        }
        Ok(fits.drain(start - lo..=end - lo).collect())
    }

    /// Step 3 of [`fit`](Self::fit).
    fn swaps(
        &self,
        x: &Matrix,
        mut best: KMeansFit,
        tol: f64,
        rng: &mut Rng,
        w: &mut Work,
    ) -> KMeansFit {
        let (d, k) = (x.cols(), self.k);
        if k < 2 {
            return best;
        }
        let trials = 2 + (k as f64).ln().floor() as usize;
        let mut tried = vec![false; k];
        while let Some(j) = cheapest_removal(x, best.centroids.data(), &tried) {
            tried[j] = true;
            let centres = best.centroids.data();
            let mut kept: Vec<f64> = Vec::with_capacity(centres.len());
            for c in (0..k).filter(|&c| c != j) {
                kept.extend_from_slice(&centres[c * d..(c + 1) * d]);
            }
            let Some(init) = add_centre(x, kept, trials, rng, w) else {
                break;
            };
            let mut candidate = lloyd(x, init, self.max_iter, tol, w, true);
            polish(x, &mut candidate, self.max_iter, w);
            if candidate.inertia < best.inertia * (1.0 - 1e-12) {
                best = candidate;
                tried.iter_mut().for_each(|t| *t = false);
            }
        }
        best
    }

    /// Lloyd's iterations and step 2 of [`fit`](Self::fit) from given centres (`k × d`,
    /// row-major): how a sweep refines a start borrowed from a neighbouring k.
    pub(super) fn refine(&self, x: &Matrix, centres: Vec<f64>, w: &mut Work) -> KMeansFit {
        let tol = self.tol * x.mean_variance();
        let mut fit = lloyd(x, centres, self.max_iter, tol, w, true);
        polish(x, &mut fit, self.max_iter, w);
        fit
    }
}

/// `centres` with one more: a greedy k-means++ draw against them (`trials` candidates).
/// `None` when every point already sits on a centre.
pub(super) fn add_centre(
    x: &Matrix,
    mut centres: Vec<f64>,
    trials: usize,
    rng: &mut Rng,
    w: &mut Work,
) -> Option<Vec<f64>> {
    let d = x.cols();
    let k = centres.len() / d;
    let mut potential = 0.0;
    for i in 0..x.rows() {
        let p = x.row(i);
        let nearest = (0..k)
            .map(|c| sq_dist(p, &centres[c * d..(c + 1) * d]))
            .fold(f64::INFINITY, f64::min);
        w.closest[i] = nearest;
        potential += nearest;
    }
    let id = plusplus_step(x, &mut potential, trials, rng, w)?;
    centres.extend_from_slice(x.row(id));
    Some(centres)
}

/// `centres` without centre `j`.
pub(super) fn without(centres: &[f64], d: usize, j: usize) -> Vec<f64> {
    let k = centres.len() / d;
    (0..k)
        .filter(|&c| c != j)
        .flat_map(|c| centres[c * d..(c + 1) * d].iter().copied())
        .collect()
}

/// Lloyd's iterations until the labels stop changing, then Hartigan's moves and, if any point
/// moved, Lloyd again (which then stops at once: a Hartigan optimum is a Lloyd one). The
/// iterations and the inertia history continue the fit's own.
fn polish(x: &Matrix, fit: &mut KMeansFit, max_iter: usize, w: &mut Work) {
    let continue_with = |fit: &mut KMeansFit, more: KMeansFit| {
        fit.n_iter += more.n_iter;
        fit.converged = more.converged;
        fit.inertia_history.pop();
        fit.inertia_history.extend(more.inertia_history);
        fit.centroids = more.centroids;
        fit.labels = more.labels;
        fit.inertia = more.inertia;
    };
    let more = lloyd(x, fit.centroids.data().to_vec(), max_iter, 0.0, w, true);
    continue_with(fit, more);
    let mut centres = fit.centroids.data().to_vec();
    if hartigan(x, &mut centres, &mut fit.labels) > 0 {
        let more = lloyd(x, centres, max_iter, 0.0, w, true);
        continue_with(fit, more);
    }
}

/// Hartigan's rule (Hartigan & Wong 1979; Telgarsky & Vattani 2010): move a point from
/// cluster `a` to `b` when that lowers the inertia, i.e.
/// `n_b/(n_b+1)·|x−c_b|² < n_a/(n_a−1)·|x−c_a|²`, updating both centres at once; pass over
/// the points in order until none moves (at most 1,000 passes). Returns the number of moves.
/// A cluster is never emptied.
fn hartigan(x: &Matrix, centres: &mut [f64], labels: &mut [u32]) -> usize {
    let d = x.cols();
    let k = centres.len() / d;
    let mut counts = vec![0usize; k];
    let mut sums = vec![0.0; k * d];
    for (i, &l) in labels.iter().enumerate() {
        let l = l as usize;
        counts[l] += 1;
        for (s, v) in sums[l * d..(l + 1) * d].iter_mut().zip(x.row(i)) {
            *s += v;
        }
    }
    for c in (0..k).filter(|&c| counts[c] > 0) {
        for j in 0..d {
            centres[c * d + j] = sums[c * d + j] / counts[c] as f64;
        }
    }
    let mut moves = 0;
    for _pass in 0..1000 {
        let mut moved = 0;
        for (i, label) in labels.iter_mut().enumerate() {
            let a = *label as usize;
            if counts[a] <= 1 {
                continue;
            }
            let p = x.row(i);
            let na = counts[a] as f64;
            let gain = na / (na - 1.0) * sq_dist(p, &centres[a * d..(a + 1) * d]);
            // A margin keeps rounding from moving a point back and forth.
            let mut best = (gain * (1.0 - 1e-12), a);
            for b in (0..k).filter(|&b| b != a) {
                let nb = counts[b] as f64;
                let cost = nb / (nb + 1.0) * sq_dist(p, &centres[b * d..(b + 1) * d]);
                if cost < best.0 {
                    best = (cost, b);
                }
            }
            let b = best.1;
            if b != a {
                for j in 0..d {
                    sums[a * d + j] -= p[j];
                    sums[b * d + j] += p[j];
                }
                counts[a] -= 1;
                counts[b] += 1;
                for c in [a, b] {
                    for j in 0..d {
                        centres[c * d + j] = sums[c * d + j] / counts[c] as f64;
                    }
                }
                *label = b as u32;
                moved += 1;
            }
        }
        moves += moved;
        if moved == 0 {
            break;
        }
    }
    moves
}

/// The centre whose removal raises the inertia least (its points going to their second
/// nearest centre), among those not yet `tried`; the lowest index on a tie.
pub(super) fn cheapest_removal(x: &Matrix, centres: &[f64], tried: &[bool]) -> Option<usize> {
    let d = x.cols();
    let k = centres.len() / d;
    let mut cost = vec![0.0; k];
    for i in 0..x.rows() {
        let p = x.row(i);
        let (mut b, mut s, mut bc) = (f64::INFINITY, f64::INFINITY, 0);
        for c in 0..k {
            let v = sq_dist(p, &centres[c * d..(c + 1) * d]);
            if v < b {
                s = b;
                b = v;
                bc = c;
            } else if v < s {
                s = v;
            }
        }
        cost[bc] += s - b;
    }
    (0..k)
        .filter(|&c| !tried[c])
        .min_by(|&a, &b| cost[a].total_cmp(&cost[b]).then(a.cmp(&b)))
}

/// The result of [`KMeansParams::fit`].
#[derive(Clone, Debug, PartialEq)]
pub struct KMeansFit {
    /// `k × d` cluster centres.
    pub centroids: Matrix,
    /// Per point, its cluster in `0..k`: the nearest centroid (lowest index on a tie).
    pub labels: Vec<u32>,
    /// Sum of squared distances of the points to their centroids.
    pub inertia: f64,
    /// Lloyd iterations of the winning start.
    pub n_iter: usize,
    /// Whether the winning start stopped before `max_iter` (labels stable or shift ≤ tol).
    pub converged: bool,
    /// Inertia of each assignment step of the winning start (labels against the centres
    /// entering the iteration), then the final inertia: never increasing.
    pub inertia_history: Vec<f64>,
}

/// Scratch buffers reused across starts.
pub(super) struct Work {
    closest: Vec<f64>,
    candidate: Vec<f64>,
    best_candidate: Vec<f64>,
    cumsum: Vec<f64>,
    sums: Vec<f64>,
    counts: Vec<usize>,
    dist: Vec<f64>,
}

impl Work {
    pub(super) fn new(n: usize, d: usize, k: usize) -> Self {
        Self {
            closest: vec![0.0; n],
            candidate: vec![0.0; n],
            best_candidate: vec![0.0; n],
            cumsum: vec![0.0; n],
            sums: vec![0.0; k * d],
            counts: vec![0; k],
            dist: vec![0.0; n],
        }
    }
}

/// Squared Euclidean distance. The usual feature counts (RFM's 3, plus a column or two) take
/// an unrolled path with the same summation order, so the same bits: the generic loop over a
/// run-time length cannot be unrolled and costs about half of the k-means time at d = 3.
#[inline(always)]
fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    #[inline(always)]
    fn fixed<const D: usize>(a: &[f64], b: &[f64]) -> f64 {
        let (a, b): (&[f64; D], &[f64; D]) = (
            a.try_into().expect("same length"),
            b.try_into().expect("same length"),
        );
        let mut s = 0.0;
        for j in 0..D {
            let t = a[j] - b[j];
            s += t * t;
        }
        s
    }
    match a.len() {
        2 => fixed::<2>(a, b),
        3 => fixed::<3>(a, b),
        4 => fixed::<4>(a, b),
        5 => fixed::<5>(a, b),
        _ => {
            let mut s = 0.0;
            for (x, y) in a.iter().zip(b) {
                let t = x - y;
                s += t * t;
            }
            s
        }
    }
}

/// Greedy k-means++ (Arthur & Vassilvitskii 2007, with sklearn's `2 + ⌊ln k⌋` local trials
/// per centre: sample candidates ∝ D², keep the one that lowers the potential most).
/// `None` when fewer than `k` distinct points exist (the potential reaches 0 early).
fn kmeans_plusplus(x: &Matrix, k: usize, rng: &mut Rng, w: &mut Work) -> Option<Vec<f64>> {
    let seeds = plusplus_seeds(x, k, rng, w)?;
    let mut centres = Vec::with_capacity(k * x.cols());
    for &i in &seeds {
        centres.extend_from_slice(x.row(i));
    }
    Some(centres)
}

/// The rows k-means++ picks as the `k` initial centres, in order (sklearn's
/// `kmeans_plusplus(...)[1]`); `None` when fewer than `k` distinct points exist.
pub(super) fn plusplus_indices(x: &Matrix, k: usize, rng: &mut Rng) -> Option<Vec<usize>> {
    plusplus_seeds(x, k, rng, &mut Work::new(x.rows(), x.cols(), k))
}

fn plusplus_seeds(x: &Matrix, k: usize, rng: &mut Rng, w: &mut Work) -> Option<Vec<usize>> {
    let n = x.rows();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut seeds = Vec::with_capacity(k);
    let first = rng.below(n);
    seeds.push(first);
    let mut potential = 0.0;
    for i in 0..n {
        w.closest[i] = sq_dist(x.row(i), x.row(first));
        potential += w.closest[i];
    }
    for _ in 1..k {
        seeds.push(plusplus_step(x, &mut potential, trials, rng, w)?);
    }
    Some(seeds)
}

/// One greedy k-means++ step against the squared distances in `w.closest` (summing to
/// `potential`): draw `trials` candidates ∝ D², keep the one that lowers the potential most,
/// and update `w.closest` and `potential`. `None` when every point already sits on a centre.
fn plusplus_step(
    x: &Matrix,
    potential: &mut f64,
    trials: usize,
    rng: &mut Rng,
    w: &mut Work,
) -> Option<usize> {
    let n = x.rows();
    if *potential <= 0.0 {
        return None;
    }
    let mut acc = 0.0;
    for i in 0..n {
        acc += w.closest[i];
        w.cumsum[i] = acc;
    }
    let mut best: Option<(f64, usize)> = None;
    for _ in 0..trials {
        let target = rng.uniform() * *potential;
        // First index whose running sum reaches the target (numpy's searchsorted 'left').
        let mut id = w.cumsum.partition_point(|&c| c < target).min(n - 1);
        if w.closest[id] <= 0.0 {
            // Only a zero draw can land on a chosen point; take the next one that is not.
            id = (id..n).chain(0..id).find(|&i| w.closest[i] > 0.0)?;
        }
        let c = x.row(id);
        let mut pot = 0.0;
        for i in 0..n {
            let v = w.closest[i].min(sq_dist(x.row(i), c));
            w.candidate[i] = v;
            pot += v;
        }
        if best.is_none_or(|(p, _)| pot < p) {
            best = Some((pot, id));
            std::mem::swap(&mut w.candidate, &mut w.best_candidate);
        }
    }
    let (pot, id) = best.expect("at least two trials");
    *potential = pot;
    std::mem::swap(&mut w.closest, &mut w.best_candidate);
    Some(id)
}

/// Most rounds of [`KMeansParams::fits`]' exchanges between neighbouring k.
const NEIGHBOUR_ROUNDS: u64 = 3;

/// Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): per point an upper bound
/// on the distance to its own centre and a lower bound on the distance to every other
/// centre. A point whose upper bound is below both its lower bound and half the distance
/// from its centre to the nearest other centre cannot change cluster, so most points skip
/// the scan over all `k` centres after the first iterations. The labels are Lloyd's.
struct Bounds {
    upper: Vec<f64>,
    lower: Vec<f64>,
    /// Per centre: half the distance to the nearest other centre.
    half_gap: Vec<f64>,
    /// Per centre: how far it moved in the last update.
    moved: Vec<f64>,
}

impl Bounds {
    fn new(n: usize, k: usize) -> Self {
        Self {
            upper: vec![f64::INFINITY; n],
            lower: vec![0.0; n],
            half_gap: vec![0.0; k],
            moved: vec![0.0; k],
        }
    }
}

/// One assignment step: every point to its nearest centre (lowest index on a tie in a full
/// scan), skipping the scan where the bounds allow (never when `use_bounds` is false).
/// Returns how many labels changed.
fn assign(
    x: &Matrix,
    centres: &[f64],
    labels: &mut [u32],
    b: &mut Bounds,
    use_bounds: bool,
) -> usize {
    let mut changed = 0;
    let d = x.cols();
    let k = centres.len() / d;
    let centre = |c: usize| &centres[c * d..(c + 1) * d];
    for c in 0..k {
        let mut nearest = f64::INFINITY;
        for o in 0..k {
            if o != c {
                nearest = nearest.min(sq_dist(centre(c), centre(o)));
            }
        }
        b.half_gap[c] = 0.5 * nearest.sqrt();
    }
    for (i, label) in labels.iter_mut().enumerate() {
        let p = x.row(i);
        if use_bounds {
            let a = *label as usize;
            let m = b.half_gap[a].max(b.lower[i]);
            if b.upper[i] <= m {
                continue;
            }
            b.upper[i] = sq_dist(p, centre(a)).sqrt();
            if b.upper[i] <= m {
                continue;
            }
        }
        let (mut best, mut second, mut best_c) = (f64::INFINITY, f64::INFINITY, 0);
        for c in 0..k {
            let s = sq_dist(p, centre(c));
            if s < best {
                second = best;
                best = s;
                best_c = c;
            } else if s < second {
                second = s;
            }
        }
        changed += usize::from(*label != best_c as u32);
        *label = best_c as u32;
        b.upper[i] = best.sqrt();
        b.lower[i] = second.sqrt();
    }
    changed
}

/// Sum of squared distances to the assigned centres; fills `w.dist`.
fn inertia_of(x: &Matrix, centres: &[f64], labels: &[u32], w: &mut Work) -> f64 {
    let d = x.cols();
    let mut total = 0.0;
    for (i, (&l, dist)) in labels.iter().zip(w.dist.iter_mut()).enumerate() {
        let l = l as usize;
        *dist = sq_dist(x.row(i), &centres[l * d..(l + 1) * d]);
        total += *dist;
    }
    total
}

/// Lloyd's algorithm from `centres` (with Hamerly's bounds when `use_bounds`), with
/// sklearn's stopping rule and empty-cluster relocation.
fn lloyd(
    x: &Matrix,
    mut centres: Vec<f64>,
    max_iter: usize,
    tol: f64,
    w: &mut Work,
    use_bounds: bool,
) -> KMeansFit {
    let (n, d) = (x.rows(), x.cols());
    let k = centres.len() / d;
    let mut b = Bounds::new(n, k);
    let mut labels = vec![0u32; n];
    let mut history = Vec::new();
    let mut n_iter = 0;
    let mut converged = false;
    let mut strict = false;
    // The first step scans every point: the bounds start unknown (upper = ∞).
    while n_iter < max_iter {
        n_iter += 1;
        let changed = assign(x, &centres, &mut labels, &mut b, use_bounds);
        // One pass: the inertia of this assignment and the sums for the new centres.
        w.sums.iter_mut().for_each(|s| *s = 0.0);
        w.counts.iter_mut().for_each(|c| *c = 0);
        let mut inertia = 0.0;
        for (i, &l) in labels.iter().enumerate() {
            let l = l as usize;
            let p = x.row(i);
            inertia += sq_dist(p, &centres[l * d..(l + 1) * d]);
            w.counts[l] += 1;
            for (s, v) in w.sums[l * d..(l + 1) * d].iter_mut().zip(p) {
                *s += v;
            }
        }
        history.push(inertia);
        if w.counts[..k].contains(&0) {
            inertia_of(x, &centres, &labels, w);
        }
        let relocated = relocate_empty(x, &mut labels, w, k);
        for &i in &relocated {
            // It now sits on its new centre; its distance to the others is unknown.
            b.upper[i] = 0.0;
            b.lower[i] = 0.0;
        }
        let mut shift = 0.0;
        for c in 0..k {
            let count = w.counts[c] as f64;
            let mut moved = 0.0;
            for j in 0..d {
                let new = w.sums[c * d + j] / count;
                let t = new - centres[c * d + j];
                moved += t * t;
                centres[c * d + j] = new;
            }
            shift += moved;
            b.moved[c] = moved.sqrt();
        }
        // Widen the bounds by the moves: own centre by its move, the others by the largest
        // move of any other centre.
        let (mut max1, mut max2, mut arg1) = (0.0f64, 0.0f64, usize::MAX);
        for (c, &m) in b.moved.iter().enumerate() {
            if m > max1 {
                (max2, max1, arg1) = (max1, m, c);
            } else if m > max2 {
                max2 = m;
            }
        }
        for (i, &l) in labels.iter().enumerate() {
            let l = l as usize;
            b.upper[i] += b.moved[l];
            b.lower[i] -= if l == arg1 { max2 } else { max1 };
        }
        // (sklearn's first step never counts as stable: its previous labels are all −1.)
        if changed == 0 && relocated.is_empty() && n_iter > 1 {
            strict = true;
            converged = true;
            break;
        }
        if shift <= tol {
            converged = true;
            break;
        }
    }
    if !strict {
        // sklearn's final E-step: labels consistent with the final centres.
        assign(x, &centres, &mut labels, &mut b, use_bounds);
    }
    // With stable labels the centres did not move, so the last step's labels still hold.
    let inertia = inertia_of(x, &centres, &labels, w);
    history.push(inertia);
    KMeansFit {
        centroids: Matrix::new(k, d, centres).expect("means of finite points are finite"),
        labels,
        inertia,
        n_iter,
        converged,
        inertia_history: history,
    }
}

/// Give each empty cluster the point farthest from its own centre (farthest first, lower
/// index on ties), moving it out of its old cluster — sklearn's relocation rule.
/// Returns the points moved.
fn relocate_empty(x: &Matrix, labels: &mut [u32], w: &mut Work, k: usize) -> Vec<usize> {
    let empty: Vec<usize> = (0..k).filter(|&c| w.counts[c] == 0).collect();
    let mut moved = Vec::new();
    if empty.is_empty() {
        return moved;
    }
    let d = x.cols();
    let mut far: Vec<usize> = (0..x.rows()).collect();
    far.sort_by(|&a, &b| w.dist[b].total_cmp(&w.dist[a]).then(a.cmp(&b)));
    let mut taken = 0;
    for &c in &empty {
        // Never empty the cluster a point leaves: skip points that are alone.
        // (A point on its centre would only copy that centre.)
        while taken < far.len()
            && (w.counts[labels[far[taken]] as usize] <= 1 || w.dist[far[taken]] == 0.0)
        {
            taken += 1;
        }
        let Some(&i) = far.get(taken) else {
            return moved;
        };
        taken += 1;
        let old = labels[i] as usize;
        for j in 0..d {
            w.sums[old * d + j] -= x.row(i)[j];
            w.sums[c * d + j] = x.row(i)[j];
        }
        w.counts[old] -= 1;
        w.counts[c] = 1;
        labels[i] = c as u32;
        moved.push(i);
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plusplus_picks_distinct_points() {
        let x = Matrix::from_rows(&[vec![0.0], vec![0.0], vec![10.0], vec![20.0]]).unwrap();
        let mut w = Work::new(4, 1, 3);
        for seed in 0..20 {
            let mut c = kmeans_plusplus(&x, 3, &mut Rng::new(seed), &mut w).unwrap();
            c.sort_by(f64::total_cmp);
            assert_eq!(c, vec![0.0, 10.0, 20.0], "seed {seed}");
        }
    }

    #[test]
    fn bounds_give_lloyds_labels() {
        let mut r = Rng::new(3);
        let rows: Vec<Vec<f64>> = (0..600)
            .map(|i| {
                let c = (i % 5) as f64;
                vec![c + r.uniform(), 2.0 * c * r.uniform(), r.uniform()]
            })
            .collect();
        let x = Matrix::from_rows(&rows).unwrap();
        for k in [1, 2, 5, 9] {
            let mut w = Work::new(600, 3, k);
            let init = kmeans_plusplus(&x, k, &mut Rng::new(k as u64), &mut w).unwrap();
            let fast = lloyd(&x, init.clone(), 300, 0.0, &mut w, true);
            let plain = lloyd(&x, init, 300, 0.0, &mut w, false);
            assert_eq!(fast.labels, plain.labels, "k = {k}");
            assert_eq!(fast.n_iter, plain.n_iter);
            assert_eq!(fast.inertia_history, plain.inertia_history);
        }
    }
}
