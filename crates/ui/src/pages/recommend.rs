//! Recommendations: whether the suggestions beat the bestsellers (the time-split evaluation
//! of DESIGN §4, in words), the customers most likely to buy a product, and the products
//! similar to it.

use std::sync::Arc;

use leptos::prelude::*;
use segmint_core::recommend::{
    Audience, RecommendReport, SimilarProducts, SimilarityMethod, Unevaluable,
};
use segmint_web::format::{count, percent};

use super::customers::{ExportPanel, product_audience, products_view};
use super::{when_ready, when_ready_progress};
use crate::i18n::{tr, tr_with};
use crate::store::Store;

/// How many customers' suggestions the view lists.
const SAMPLE: usize = 10;

/// The recommendations view.
#[component]
pub(crate) fn RecommendPage(store: Store) -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let ask = move || {
        let q = query.get_untracked().trim().to_owned();
        if !q.is_empty() {
            store.product_ask.set(Some(q));
        }
    };
    view! {
        <section class="recommend" data-testid="recommend">
            <h2>{tr("recommend-title")}</h2>
            {when_ready_progress(move || store.recommend.get(), "recommend-computing", "recommend", move |report| {
                view! { <Evaluation report store /> }
            })}
            <form class="controls" on:submit=move |ev| { ev.prevent_default(); ask(); }>
                <label>{tr("recommend-product")} " "
                    <input type="search" data-testid="product-input" placeholder=tr("recommend-product-hint") size="24"
                        prop:value=move || store.product_ask.get().unwrap_or_default()
                        on:input=move |ev| set_query.set(event_target_value(&ev)) />
                </label>
                <button type="submit" data-testid="product-ask">{tr("recommend-ask")}</button>
            </form>
            {move || store.product_ask.get().map(|_| view! {
                <div class="two-columns">
                    <div>
                        {when_ready(move || store.audience.get(), "audience-computing", "audience", move |a| {
                            view! { <AudienceView audience=a store /> }
                        })}
                    </div>
                    <div>
                        {when_ready(move || store.similar.get(), "similar-computing", "similar", move |s| {
                            view! { <SimilarView similar=s /> }
                        })}
                    </div>
                </div>
            })}
        </section>
    }
}

#[component]
fn Evaluation(report: Arc<RecommendReport>, store: Store) -> impl IntoView {
    let words = match (&report.evaluation, &report.evaluation_unavailable) {
        (Some(e), _) => view! {
            <p class="verdict" data-testid="recommend-verdict"><strong>{
                tr_with(
                    "recommend-verdict",
                    &[("model", &percent(e.hit_rate)), ("baseline", &percent(e.baseline_hit_rate))],
                )
            }</strong></p>
            <p class="hint" data-testid="recommend-method">{
                tr_with(
                    "recommend-method",
                    &[
                        ("days", &e.holdout_days.to_string()),
                        ("cutoff", &e.cutoff),
                        ("customers", &count(e.customers as u64)),
                        ("top", &e.top_n.to_string()),
                        ("precision", &percent(e.precision)),
                        ("baselinePrecision", &percent(e.baseline_precision)),
                    ],
                )
            }</p>
        }
        .into_any(),
        (None, Some(why)) => {
            // The core's reason is typed: worded here, naming the page's own control.
            let control = tr("recommend-holdout");
            let why = match &report.unevaluable {
                Some(Unevaluable::NoTraining {
                    cutoff,
                    holdout_days,
                }) => tr_with(
                    "recommend-no-training",
                    &[
                        ("cutoff", cutoff),
                        ("days", &holdout_days.to_string()),
                        ("control", &control),
                    ],
                ),
                Some(Unevaluable::NoTest {
                    cutoff,
                    holdout_days,
                }) => tr_with(
                    "recommend-no-test",
                    &[
                        ("cutoff", cutoff),
                        ("days", &holdout_days.to_string()),
                        ("control", &control),
                    ],
                ),
                None => why.clone(),
            };
            view! {
                <p class="note" role="note" data-testid="recommend-no-evaluation">
                    {tr_with("recommend-no-evaluation", &[("why", &why)])}
                </p>
            }
            .into_any()
        }
        (None, None) => ().into_any(),
    };
    let sample: Vec<_> = report.customers.iter().take(SAMPLE).cloned().collect();
    view! {
        {words}
        <label>{tr("recommend-holdout")} " "
            <input type="number" min="1" max="365" step="1" data-testid="holdout-days" size="4"
                prop:value=move || store.holdout_days.get().to_string()
                on:change=move |ev| {
                    if let Ok(d) = event_target_value(&ev).parse::<u32>() && d >= 1 {
                        store.holdout_days.set(d)
                    }
                } />
        </label>
        <p data-testid="recommend-coverage">{
            tr_with(
                "recommend-coverage",
                &[
                    ("customers", &count(report.customers.len() as u64)),
                    ("candidates", &count(report.candidates as u64)),
                    ("bestsellers", &count(report.bestsellers_only as u64)),
                ],
            )
        }</p>
        <details>
            <summary>{tr("recommend-sample")}</summary>
            <table class="data" data-testid="recommend-sample">
                <tbody>
                    {sample.into_iter().map(|c| view! {
                        <tr><th scope="row">{c.customer_id.clone()}</th><td>{products_view(&c.items)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

#[component]
fn AudienceView(audience: Arc<Audience>, store: Store) -> impl IntoView {
    let product = audience.product_id.clone();
    let summary = tr_with(
        "audience-summary",
        &[
            ("product", &product),
            ("buyers", &count(u64::from(audience.buyers))),
            ("shown", &count(audience.customers.len() as u64)),
        ],
    );
    let members = audience.customers.clone();
    view! {
        <h3>{tr_with("audience-title", &[("product", &product)])}</h3>
        {if members.is_empty() {
            view! { <p data-testid="audience-none">{tr("audience-none")}</p> }.into_any()
        } else {
            view! {
                <p data-testid="audience-summary">{summary}</p>
                <div class="scroll short">
                <table class="data" data-testid="audience-table">
                    <thead><tr><th scope="col">{tr("audience-customer")}</th><th scope="col">{tr("audience-score")}</th></tr></thead>
                    <tbody>
                        {members.into_iter().map(|m| view! {
                            <tr><th scope="row">{m.customer_id}</th><td class="num">{format!("{:.3}", m.score)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <ExportPanel store audiences=vec![product_audience(&product)] />
            }.into_any()
        }}
    }
}

#[component]
fn SimilarView(similar: Arc<SimilarProducts>) -> impl IntoView {
    let method = match similar.method {
        SimilarityMethod::CoPurchase => tr("similar-by-copurchase"),
        SimilarityMethod::Content => tr("similar-by-content"),
    };
    let items = similar.items.clone();
    view! {
        <h3>{tr_with("similar-title", &[("product", &similar.product_id)])}</h3>
        <p class="hint" data-testid="similar-method">{method}</p>
        {if items.is_empty() {
            view! { <p>{tr("similar-none")}</p> }.into_any()
        } else {
            view! {
                <table class="data" data-testid="similar-table">
                    <thead><tr><th scope="col">{tr("similar-product")}</th><th scope="col">{tr("similar-score")}</th></tr></thead>
                    <tbody>
                        {items.into_iter().map(|s| {
                            let label = match &s.product_name {
                                Some(name) => format!("{} {}", s.product_id, name),
                                None => s.product_id.clone(),
                            };
                            view! { <tr><th scope="row">{label}</th><td class="num">{format!("{:.3}", s.similarity)}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
