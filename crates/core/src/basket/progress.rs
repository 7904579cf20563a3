//! Progress reporting and cancellation, without a clock in core.

use std::ops::ControlFlow;

/// Why the caller wants the mining to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The user cancelled: the analysis ends with [`BasketError::Cancelled`](super::BasketError::Cancelled).
    Cancel,
    /// The caller's time budget ran out: the analysis ends with
    /// [`BasketError::BudgetExceeded`](super::BasketError::BudgetExceeded), which suggests a
    /// higher support.
    OutOfTime,
}

/// Which part of the analysis is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Counting items and building the first database.
    Preparing,
    /// Mining frequent itemsets.
    Mining,
    /// Generating and filtering rules.
    Rules,
}

/// Told about progress every few hundred thousand elementary steps (a few milliseconds of
/// work); its answer decides whether the work goes on.
///
/// Core has no clock (it also runs as WebAssembly): a time budget is the caller's
/// implementation returning `ControlFlow::Break(Stop::OutOfTime)` once its own clock says so.
/// Closures `FnMut(u64) -> ControlFlow<Stop>` implement it.
pub trait Progress {
    /// `done`: steps so far in this phase (items touched; proportional to time).
    fn tick(&mut self, done: u64) -> ControlFlow<Stop>;

    /// A new phase begins; `done` restarts from 0.
    fn phase(&mut self, _phase: Phase) {}
}

/// Never stops and reports nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn tick(&mut self, _done: u64) -> ControlFlow<Stop> {
        ControlFlow::Continue(())
    }
}

impl<F: FnMut(u64) -> ControlFlow<Stop>> Progress for F {
    fn tick(&mut self, done: u64) -> ControlFlow<Stop> {
        self(done)
    }
}
