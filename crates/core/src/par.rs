//! Independent pieces of an analysis on several threads (native only; WebAssembly runs them
//! one after the other on its one thread).
//!
//! The analyses hand their independent pieces (k-means starts, the k of a sweep, bootstrap
//! resamples, customers to score, first-level FP-growth projections) to [`map`], which returns
//! the results **in index order**, whatever thread computed them and whenever it finished.
//! Each piece depends only on its index and on shared read-only data, and every combining step
//! (the best start, percentiles, sums) runs afterwards on the calling thread in that order, so
//! the result is the same to the bit on any number of threads.
//!
//! How many threads is a budget of the calling thread: [`with_threads`] sets it for a closure
//! (the CLI's `--threads N`; [`Parallelism::install`](crate::dataset::Parallelism::install)),
//! and without it every core is used. Inside a piece the budget is one thread, so nested
//! parallel work (the starts of one k inside a parallel sweep) never multiplies the threads.

use std::cell::Cell;

thread_local! {
    /// `None`: not set, every core.
    static BUDGET: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Threads the analyses called from this thread may use: set by [`with_threads`], else every
/// core the system offers; always 1 in WebAssembly and inside a parallel piece.
pub fn threads() -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    BUDGET
        .with(Cell::get)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// Run `f` with a budget of `threads` threads (at least one) for the analyses it calls; the
/// previous budget is restored afterwards, also when `f` panics.
pub fn with_threads<R>(threads: usize, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<usize>);
    impl Drop for Restore {
        fn drop(&mut self) {
            BUDGET.with(|b| b.set(self.0));
        }
    }
    let _restore = Restore(BUDGET.with(|b| b.replace(Some(threads.max(1)))));
    f()
}

/// `f(0), f(1), …, f(len − 1)`, in that order, computed on up to [`threads`] threads.
pub(crate) fn map<R: Send>(len: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    map_with(len, || (), |(), i| f(i))
}

/// [`map`] where each thread first makes its own scratch state with `init` (buffers reused from
/// one index to the next; the results must not depend on what an earlier index left in it).
pub(crate) fn map_with<S, R: Send>(
    len: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize) -> R + Sync,
) -> Vec<R> {
    let threads = threads().min(len);
    if threads <= 1 {
        let mut state = init();
        return (0..len).map(|i| f(&mut state, i)).collect();
    }
    spread(len, threads, &init, &f)
}

#[cfg(target_arch = "wasm32")]
fn spread<S, R: Send>(
    len: usize,
    _threads: usize,
    init: &(impl Fn() -> S + Sync),
    f: &(impl Fn(&mut S, usize) -> R + Sync),
) -> Vec<R> {
    let mut state = init();
    (0..len).map(|i| f(&mut state, i)).collect()
}

/// Threads take the next block of indices as they become free (pieces differ widely in cost:
/// a k-means start may converge in 3 or 300 iterations), and each result is put in its slot.
#[cfg(not(target_arch = "wasm32"))]
fn spread<S, R: Send>(
    len: usize,
    threads: usize,
    init: &(impl Fn() -> S + Sync),
    f: &(impl Fn(&mut S, usize) -> R + Sync),
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Blocks small enough to balance, big enough that taking one costs nothing.
    let block = (len / (threads * 16)).max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        with_threads(1, || {
            let mut state = init();
            let mut done: Vec<(usize, R)> = Vec::new();
            loop {
                let from = next.fetch_add(block, Ordering::Relaxed);
                if from >= len {
                    return done;
                }
                for i in from..(from + block).min(len) {
                    done.push((i, f(&mut state, i)));
                }
            }
        })
    };
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut parts = vec![work()];
        for helper in helpers {
            match helper.join() {
                Ok(part) => parts.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        parts
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(len).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots
        .into_iter()
        .map(|r| r.expect("every index is taken by exactly one thread"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_index_order_on_any_number_of_threads() {
        for threads in [1, 2, 3, 8] {
            let squares = with_threads(threads, || map(1000, |i| i * i));
            assert_eq!(squares, (0..1000).map(|i| i * i).collect::<Vec<_>>());
        }
    }

    #[test]
    fn pieces_run_with_a_budget_of_one_and_the_budget_is_restored() {
        let inner = with_threads(4, || map(8, |_| threads()));
        assert_eq!(inner, vec![1; 8]);
        with_threads(3, || {
            assert_eq!(threads(), if cfg!(target_arch = "wasm32") { 1 } else { 3 });
            with_threads(2, || ());
            assert_eq!(threads(), if cfg!(target_arch = "wasm32") { 1 } else { 3 });
        });
    }

    #[test]
    fn scratch_state_is_per_thread_and_results_do_not_depend_on_it() {
        let lengths = with_threads(2, || {
            map_with(100, Vec::new, |seen: &mut Vec<usize>, i| {
                seen.push(i);
                i + 1
            })
        });
        assert_eq!(lengths, (1..=100).collect::<Vec<_>>());
    }
}
