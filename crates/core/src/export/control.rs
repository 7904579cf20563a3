//! A seeded, reproducible control group (DESIGN §4 "Campaign lift").
//!
//! Generator and order, exactly: the audience's customer ids are sorted by byte order (so the
//! draw does not depend on the order of the file or of the audience); a xoshiro256**
//! generator is seeded from the 64-bit seed through SplitMix64 (the generator of the
//! clustering, `cluster/rng.rs`); a Fisher–Yates shuffle runs from the last position down
//! (position `i` swaps with `j = below(i + 1)`, drawn by rejection, no modulo bias); the
//! first `k = floor(share × n + 0.5)` ids of the shuffled order form the control group. Same
//! ids, share and seed: same control group, on every platform.

use crate::cluster::rng::Rng;

/// The default share held out.
pub const DEFAULT_SHARE: f64 = 0.1;

/// Which members of an audience are held out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// Indices (into the ids given) of the customers who get the campaign, in given order.
    pub treatment: Vec<usize>,
    /// Indices of the held-out customers, in given order.
    pub control: Vec<usize>,
}

/// Hold out `share` (0 ≤ share < 1) of `ids`, drawn with `seed` (see the module docs).
/// Returns `None` for a share outside `[0, 1)`.
pub fn split(ids: &[&str], share: f64, seed: u64) -> Option<Split> {
    if !(0.0..1.0).contains(&share) {
        return None;
    }
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| ids[a].as_bytes().cmp(ids[b].as_bytes()));
    let mut rng = Rng::new(seed);
    for i in (1..order.len()).rev() {
        let j = rng.below(i + 1);
        order.swap(i, j);
    }
    let k = (share * ids.len() as f64 + 0.5).floor() as usize;
    let mut held = vec![false; ids.len()];
    for &i in &order[..k.min(ids.len())] {
        held[i] = true;
    }
    let (control, treatment) = (0..ids.len()).partition(|&i| held[i]);
    Some(Split { treatment, control })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproducible_independent_of_order_and_sized_by_rounding() {
        let ids: Vec<String> = (0..1000).map(|i| format!("c{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let a = split(&refs, 0.1, 7).unwrap();
        assert_eq!(a.control.len(), 100);
        assert_eq!(a.treatment.len() + a.control.len(), 1000);
        let mut reversed = refs.clone();
        reversed.reverse();
        let b = split(&reversed, 0.1, 7).unwrap();
        let held = |s: &Split, ids: &[&str]| {
            let mut v: Vec<String> = s.control.iter().map(|&i| ids[i].to_owned()).collect();
            v.sort();
            v
        };
        assert_eq!(held(&a, &refs), held(&b, &reversed));
        assert_ne!(held(&a, &refs), held(&split(&refs, 0.1, 8).unwrap(), &refs));
        assert_eq!(split(&refs[..15], 0.1, 1).unwrap().control.len(), 2); // 1.5 rounds up
        assert_eq!(split(&refs, 0.0, 1).unwrap().control.len(), 0);
        assert!(split(&refs, 1.0, 1).is_none());
    }
}
