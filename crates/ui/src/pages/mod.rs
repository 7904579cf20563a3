//! One analysis view per file.

mod baskets;
mod clusters;
mod clv;
mod cohorts;
mod overview;
mod rfm;

use std::sync::Arc;

use leptos::prelude::*;

pub(crate) use baskets::{BasketsPage, basket_effects};
pub(crate) use clusters::{ClustersPage, cluster_effects, columns_effect};
pub(crate) use clv::ClvPage;
pub(crate) use cohorts::CohortsPage;
pub(crate) use overview::OverviewPage;
pub(crate) use rfm::RfmPage;

/// The purchase window of the propensity shown on the lifetime-value tab, in days.
pub(crate) const PROPENSITY_WINDOW_DAYS: u32 = 90;

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
    /// Rules edited by the user, used instead of the preset's (`None`: the preset).
    pub custom_rules: RwSignal<Option<segmint_core::rfm::SegmentRules>>,
    /// The earlier date of the segment migration (`None`: the core's default).
    pub migration_from: RwSignal<Option<i32>>,
    /// The data file's name (export file names start with it).
    pub file_name: RwSignal<String>,
    /// The clusters of the k sweep (the recommended k).
    pub cluster: RwSignal<Load<segmint_core::cluster::ClusterReport>>,
    /// A k the user picked instead of the recommended one.
    pub cluster_k: RwSignal<Option<usize>>,
    /// The clusters at `cluster_k`.
    pub cluster_fixed: RwSignal<Load<segmint_core::cluster::ClusterReport>>,
    /// Frequent itemsets and rules.
    pub basket: RwSignal<Load<segmint_core::basket::BasketReport>>,
    /// The choices of the basket analysis.
    pub basket_choice: RwSignal<baskets::BasketChoice>,
    /// "What sells with X": the product asked about and its companions.
    pub together: RwSignal<Option<(String, Load<segmint_core::basket::BasketReport>)>>,
    /// The product whose companions the user asked for (the request is sent on change).
    pub together_ask: RwSignal<Option<String>>,
    /// A file of customer columns the user picked for the clusters (read on change).
    pub columns_ask: RwSignal<Option<(String, web_sys::Blob)>, LocalStorage>,
    /// That file, read against the loaded file's customers (`None`: no file picked).
    pub columns: RwSignal<Option<Load<segmint_core::protocol::ColumnsAnswer>>>,
    /// The customer columns the clusters use, besides recency, frequency and monetary value.
    pub cluster_extra: RwSignal<Vec<segmint_core::cluster::Feature>>,
}

impl Analyses {
    pub(crate) fn new() -> Self {
        Self {
            rfm: RwSignal::new(Load::Pending),
            clv: RwSignal::new(Load::Pending),
            cohort: RwSignal::new(Load::Pending),
            preset: RwSignal::new("rfm-10".into()),
            bins: RwSignal::new(5),
            custom_rules: RwSignal::new(None),
            migration_from: RwSignal::new(None),
            file_name: RwSignal::new(String::new()),
            cluster: RwSignal::new(Load::Pending),
            cluster_k: RwSignal::new(None),
            cluster_fixed: RwSignal::new(Load::Pending),
            basket: RwSignal::new(Load::Pending),
            basket_choice: RwSignal::new(baskets::BasketChoice::default()),
            together: RwSignal::new(None),
            together_ask: RwSignal::new(None),
            columns_ask: RwSignal::new_local(None),
            columns: RwSignal::new(None),
            cluster_extra: RwSignal::new(Vec::new()),
        }
    }

    /// Drop the customer columns: they were read against the customers of a file that is
    /// gone (or read again with another mapping).
    pub(crate) fn forget_columns(&self) {
        self.columns_ask.set(None);
        self.columns.set(None);
        if self.cluster_extra.with_untracked(|e| !e.is_empty()) {
            self.cluster_extra.set(Vec::new());
        }
    }

    /// The RFM parameters the current choices stand for: bins, the preset's rules or the
    /// user's own, and the segment migration to the reference date.
    pub(crate) fn rfm_params(&self) -> segmint_core::rfm::RfmParams {
        use segmint_core::rfm::{MigrationParams, RfmParams, SegmentRules};
        let preset = self.preset.get();
        let rules = self.custom_rules.get().unwrap_or_else(|| {
            SegmentRules::preset(&preset).unwrap_or_else(SegmentRules::rfm_package)
        });
        RfmParams {
            bins: self.bins.get(),
            rules,
            migration: Some(MigrationParams {
                from_day: self.migration_from.get(),
            }),
            ..RfmParams::default()
        }
    }
}

/// The message of a failed (or unexpected) answer.
pub(crate) fn failure_text(response: segmint_core::protocol::Response) -> String {
    match response {
        segmint_core::protocol::Response::Failed(failure) => failure.message,
        other => format!("unexpected answer from the worker: {other:?}"),
    }
}

/// Like [`when_ready`], with an (indeterminate) progress bar while the analysis runs.
pub(crate) fn when_ready_progress<T: Send + Sync + 'static, V: IntoView + 'static>(
    load: RwSignal<Load<T>>,
    what: &'static str,
    testid: &'static str,
    ready: impl Fn(Arc<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match load.get() {
        Load::Pending => view! {
            <div data-testid=format!("{testid}-pending") role="status">
                <crate::components::ProgressBar label=format!("Computing {what}…") done=0 total=0 />
            </div>
        }
        .into_any(),
        Load::Failed(message) => view! {
            <p class="error" role="alert" data-testid=format!("{testid}-error")>{message}</p>
        }
        .into_any(),
        Load::Ready(report) => ready(report).into_any(),
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
