//! One analysis view per file.

mod clv;
mod cohorts;
mod overview;
mod rfm;

use std::sync::Arc;

use leptos::prelude::*;

pub(crate) use clv::ClvPage;
pub(crate) use cohorts::CohortsPage;
pub(crate) use overview::OverviewPage;
pub(crate) use rfm::RfmPage;

/// An analysis result as the page sees it: not asked yet / computing, done, or failed.
#[derive(Debug)]
pub(crate) enum Load<T> {
    Pending,
    Ready(Arc<T>),
    Failed(String),
}

// Not derived: that would ask for `T: Clone`, and the report itself is never cloned.
impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Pending => Load::Pending,
            Load::Ready(r) => Load::Ready(r.clone()),
            Load::Failed(e) => Load::Failed(e.clone()),
        }
    }
}

/// The analyses of the loaded file, and the choices that re-run them.
#[derive(Clone, Copy)]
pub(crate) struct Analyses {
    pub rfm: RwSignal<Load<segmint_core::rfm::RfmReport>>,
    pub clv: RwSignal<Load<segmint_core::ClvReport>>,
    pub cohort: RwSignal<Load<segmint_core::CohortReport>>,
    /// The segment rule preset: `rfm-10`, `rf-grid` or `three-level`.
    pub preset: RwSignal<String>,
    /// Scores per metric.
    pub bins: RwSignal<u8>,
    /// The data file's name (export file names start with it).
    pub file_name: RwSignal<String>,
}

impl Analyses {
    pub(crate) fn new() -> Self {
        Self {
            rfm: RwSignal::new(Load::Pending),
            clv: RwSignal::new(Load::Pending),
            cohort: RwSignal::new(Load::Pending),
            preset: RwSignal::new("rfm-10".into()),
            bins: RwSignal::new(5),
            file_name: RwSignal::new(String::new()),
        }
    }
}

/// Shows `ready` once the result is in; a progress note or the error until then.
pub(crate) fn when_ready<T: Send + Sync + 'static, V: IntoView + 'static>(
    load: RwSignal<Load<T>>,
    what: &'static str,
    testid: &'static str,
    ready: impl Fn(Arc<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match load.get() {
        Load::Pending => view! {
            <p class="hint" data-testid=format!("{testid}-pending") role="status">
                {format!("Computing {what}…")}
            </p>
        }
        .into_any(),
        Load::Failed(message) => view! {
            <p class="error" role="alert" data-testid=format!("{testid}-error")>{message}</p>
        }
        .into_any(),
        Load::Ready(report) => ready(report).into_any(),
    }
}
