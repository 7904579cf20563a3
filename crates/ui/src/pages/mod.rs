//! One analysis view per file.

mod baskets;
mod clusters;
mod clv;
mod cohorts;
mod customers;
mod lift;
mod overview;
mod recommend;
mod rfm;

use std::sync::Arc;

use leptos::prelude::*;

use crate::store::Load;

pub(crate) use baskets::{BasketChoice, BasketsPage, auto_support};
pub(crate) use clusters::ClustersPage;
pub(crate) use clv::ClvPage;
pub(crate) use cohorts::CohortsPage;
pub(crate) use customers::CustomersPage;
pub(crate) use lift::LiftPage;
pub(crate) use overview::OverviewPage;
pub(crate) use recommend::RecommendPage;
pub(crate) use rfm::RfmPage;

/// Shows `ready` once the result is in; until then the message `label` (a whole sentence,
/// in the page's language), or the error.
pub(crate) fn when_ready<T: Send + Sync + 'static, V: IntoView + 'static>(
    load: impl Fn() -> Load<T> + Send + Sync + 'static,
    label: &'static str,
    testid: &'static str,
    ready: impl Fn(Arc<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    until_ready(load, label, testid, false, ready)
}

/// Like [`when_ready`], with an (indeterminate) progress bar while the analysis runs.
pub(crate) fn when_ready_progress<T: Send + Sync + 'static, V: IntoView + 'static>(
    load: impl Fn() -> Load<T> + Send + Sync + 'static,
    label: &'static str,
    testid: &'static str,
    ready: impl Fn(Arc<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    until_ready(load, label, testid, true, ready)
}

fn until_ready<T: Send + Sync + 'static, V: IntoView + 'static>(
    load: impl Fn() -> Load<T> + Send + Sync + 'static,
    label: &'static str,
    testid: &'static str,
    bar: bool,
    ready: impl Fn(Arc<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match load() {
        Load::Pending if bar => view! {
            <div data-testid=format!("{testid}-pending") role="status">
                <crate::components::ProgressBar label=crate::i18n::tr(label) done=0 total=0 />
            </div>
        }
        .into_any(),
        Load::Pending => view! {
            <p class="hint" data-testid=format!("{testid}-pending") role="status">
                {crate::i18n::tr(label)}
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
