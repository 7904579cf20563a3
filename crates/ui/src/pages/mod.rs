//! One analysis view per file.

mod baskets;
mod clusters;
mod clv;
mod cohorts;
mod overview;
mod rfm;

use std::sync::Arc;

use leptos::prelude::*;

use crate::store::Load;

pub(crate) use baskets::{BasketChoice, BasketsPage, auto_support};
pub(crate) use clusters::ClustersPage;
pub(crate) use clv::ClvPage;
pub(crate) use cohorts::CohortsPage;
pub(crate) use overview::OverviewPage;
pub(crate) use rfm::RfmPage;

/// Like [`when_ready`], with an (indeterminate) progress bar while the analysis runs.
pub(crate) fn when_ready_progress<T: Send + Sync + 'static, V: IntoView + 'static>(
    load: impl Fn() -> Load<T> + Send + Sync + 'static,
    what: &'static str,
    testid: &'static str,
    ready: impl Fn(Arc<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match load() {
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
    load: impl Fn() -> Load<T> + Send + Sync + 'static,
    what: &'static str,
    testid: &'static str,
    ready: impl Fn(Arc<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match load() {
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
