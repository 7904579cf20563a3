//! Customers: one profile per customer (DESIGN §4 "Customer profile") in a searchable
//! table, and one-click import files for any segment, cluster or tier (with an optional
//! seeded control group, written as its own file).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use segmint_core::export::campaign::{AudienceChoice, CampaignFiles};
use segmint_core::export::crm::Format;
use segmint_core::profile::{CustomerProfile, ProfileParams, ProfileReport, Tier};
use segmint_core::protocol::ExportParams;
use segmint_core::recommend::Suggestion;
use segmint_web::Lang;
use segmint_web::format::{count, money, percent};
use segmint_web::words::cluster_name;

use super::when_ready_progress;
use crate::download::{self, file_name};
use crate::i18n::{segment_name, tr, tr_with, use_lang};
use crate::store::Store;

/// Rows shown at first, and added by "Show more".
const PAGE: usize = 50;

/// A tier in words.
pub(crate) fn tier_text(tier: Option<Tier>) -> String {
    match tier {
        Some(Tier::High) => tr("tier-high"),
        Some(Tier::Medium) => tr("tier-medium"),
        Some(Tier::Low) => tr("tier-low"),
        None => "—".into(),
    }
}

/// A tier's name in file names, the same in every language.
fn tier_slug(tier: Tier) -> &'static str {
    match tier {
        Tier::High => "high",
        Tier::Medium => "medium",
        Tier::Low => "low",
    }
}

/// The customers view.
#[component]
pub(crate) fn CustomersPage(store: Store) -> impl IntoView {
    view! {
        <section class="customers" data-testid="customers">
            <h2>{tr("customers-title")}</h2>
            {when_ready_progress(move || store.profile.get(), "customers-computing", "customers", move |report| {
                let source = store.file_name.get_untracked();
                view! { <CustomersResult report=report.clone() source=source.clone() /> <ExportPanel store audiences=audiences(&report) /> }
            })}
        </section>
    }
}

/// An audience to pick: its label, its name in file names (the same in every language) and
/// what it selects.
pub(crate) type AudienceOption = (String, String, AudienceChoice);

/// Every segment, cluster and tier of the profiles, as audiences to pick from.
fn audiences(report: &ProfileReport) -> Vec<AudienceOption> {
    let mut segments: Vec<&str> = report
        .customers
        .iter()
        .map(|c| c.segment.as_str())
        .collect();
    segments.sort_unstable();
    segments.dedup();
    let mut clusters: Vec<(u32, &str)> = report
        .customers
        .iter()
        .filter_map(|c| Some((c.cluster?, c.cluster_name.as_deref().unwrap_or(""))))
        .collect();
    clusters.sort_unstable();
    clusters.dedup_by_key(|c| c.0);
    let mut out: Vec<AudienceOption> = segments
        .into_iter()
        .map(|name| {
            (
                tr_with("audience-segment", &[("name", &segment_name(name))]),
                format!("segment-{name}"),
                AudienceChoice::Segment { name: name.into() },
            )
        })
        .collect();
    out.extend(clusters.into_iter().map(|(cluster, name)| {
        (
            tr_with(
                "audience-cluster",
                &[
                    ("cluster", &cluster.to_string()),
                    ("name", &cluster_name(use_lang().get_untracked(), name)),
                ],
            ),
            format!("cluster-{cluster}"),
            AudienceChoice::Cluster { cluster },
        )
    }));
    for tier in [Tier::High, Tier::Medium, Tier::Low] {
        if report.customers.iter().any(|c| c.clv_tier == Some(tier)) {
            out.push((
                tr_with("audience-clv-tier", &[("tier", &tier_text(Some(tier)))]),
                format!("clv-{}", tier_slug(tier)),
                AudienceChoice::ClvTier { tier },
            ));
        }
    }
    for tier in [Tier::High, Tier::Medium, Tier::Low] {
        if report.customers.iter().any(|c| c.churn_tier == Some(tier)) {
            out.push((
                tr_with("audience-churn-tier", &[("tier", &tier_text(Some(tier)))]),
                format!("churn-{}", tier_slug(tier)),
                AudienceChoice::ChurnTier { tier },
            ));
        }
    }
    out
}

/// The audience of one product, as the recommendations view offers it.
pub(crate) fn product_audience(product: &str) -> AudienceOption {
    (
        tr_with("audience-product", &[("product", product)]),
        format!("product-{product}"),
        AudienceChoice::Product {
            product_id: product.to_owned(),
        },
    )
}

/// Next best products in words, bestseller fills marked.
pub(crate) fn products_view(items: &[Suggestion]) -> impl IntoView + use<> {
    let items: Vec<Suggestion> = items.to_vec();
    view! {
        <ol class="next-best">
            {items.into_iter().map(|s| {
                let label = match &s.product_name {
                    Some(name) => format!("{} {}", s.product_id, name),
                    None => s.product_id.clone(),
                };
                let bestseller = s.bestseller;
                view! {
                    <li data-bestseller=bestseller.to_string()>
                        {label}
                        {bestseller.then(|| view! { " " <span class="tag" data-testid="bestseller-tag">{tr("product-bestseller")}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn CustomersResult(report: Arc<ProfileReport>, source: String) -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let (shown, set_shown) = signal(PAGE);
    let total = report.customers.len();
    let matching = {
        let report = report.clone();
        Memo::new(move |_| {
            let q = query.get().trim().to_lowercase();
            report
                .customers
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    q.is_empty()
                        || c.customer_id.to_lowercase().contains(&q)
                        || c.segment.to_lowercase().contains(&q)
                })
                .map(|(i, _)| i)
                .collect::<Vec<usize>>()
        })
    };
    let on_csv = {
        let (report, name) = (report.clone(), file_name(&source, "profiles", "csv"));
        move |_| {
            let csv = segmint_core::profile::profiles_csv(&report).into_string();
            if let Err(e) = download::text(&name, "text/csv;charset=utf-8", &csv) {
                web_sys::console::warn_1(&e);
            }
        }
    };
    let rows = {
        let report = report.clone();
        move || {
            let idx = matching.get();
            idx.iter()
                .take(shown.get())
                .map(|&i| profile_row(&report.customers[i]))
                .collect_view()
        }
    };
    view! {
        <div class="table-head">
            <input type="search" data-testid="customer-search" placeholder=tr("customers-search")
                aria-label=tr("customers-search") size="32"
                on:input=move |ev| { set_query.set(event_target_value(&ev)); set_shown.set(PAGE); } />
            <span data-testid="customer-count" role="status">{move || {
                let m = matching.with(Vec::len);
                if m == 0 {
                    tr_with("customers-no-match", &[("query", query.get().trim())])
                } else {
                    tr_with(
                        "customers-shown",
                        &[
                            ("shown", &count(m.min(shown.get()) as u64)),
                            ("matching", &count(m as u64)),
                            ("total", &count(total as u64)),
                        ],
                    )
                }
            }}</span>
            <button data-testid="profiles-csv" on:click=on_csv>{tr("customers-all-csv")}</button>
        </div>
        <div class="scroll">
        <table class="data" data-testid="customer-table">
            <thead><tr>
                <th scope="col">{tr("profile-customer")}</th><th scope="col">{tr("profile-orders")}</th>
                <th scope="col">{tr("profile-revenue")}</th><th scope="col">{tr("profile-aov")}</th>
                <th scope="col">{tr("profile-between")}</th><th scope="col">{tr("profile-next-order")}</th>
                <th scope="col">{tr("profile-p-alive")}</th><th scope="col">{tr("profile-churn")}</th>
                <th scope="col">{tr("customers-clv")}</th><th scope="col">{tr("profile-segment")}</th>
                <th scope="col">{tr("profile-cluster")}</th><th scope="col">{tr("profile-next-best")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
        <p class="note" role="note">{tr("customers-bestseller-note")}</p>
        {move || (matching.with(Vec::len) > shown.get()).then(|| view! {
            <button data-testid="customer-more" on:click=move |_| set_shown.update(|n| *n += PAGE)>{tr("customers-more")}</button>
        })}
    }
}

fn profile_row(c: &CustomerProfile) -> impl IntoView + use<> {
    let next = match (&c.expected_next_order_date, c.overdue_days) {
        (Some(date), Some(days)) if days > 0 => tr_with(
            "profile-overdue",
            &[("date", date), ("days", &days.to_string())],
        ),
        (Some(date), _) => date.clone(),
        _ => "—".into(),
    };
    let clv = c.clv.map_or_else(|| "—".into(), money);
    view! {
        <tr data-testid="customer-row" data-customer=c.customer_id.clone()>
            <th scope="row">{c.customer_id.clone()}</th>
            <td class="num">{count(c.orders)}</td>
            <td class="num">{money(c.revenue)}</td>
            <td class="num">{money(c.average_order_value)}</td>
            <td class="num">{c.average_days_between_orders.map_or_else(|| "—".into(), |d| format!("{d:.1}"))}</td>
            <td>{next}</td>
            <td class="num">{c.p_alive.map_or_else(|| "—".into(), percent)}</td>
            <td data-testid="churn-tier">{tier_text(c.churn_tier)}</td>
            <td class="num">{clv} " (" {tier_text(c.clv_tier)} ")"</td>
            <td data-segment=c.segment.clone()>{segment_name(&c.segment)}</td>
            <td>{c.cluster.map_or_else(|| "—".into(), |k| match &c.cluster_name {
                Some(name) => format!("{k} {}", cluster_name(use_lang().get_untracked(), name)),
                None => k.to_string(),
            })}</td>
            <td>{products_view(&c.next_best_products)}</td>
        </tr>
    }
}

/// The audiences of one view, a format and a control group: one click writes the files.
#[component]
pub(crate) fn ExportPanel(store: Store, audiences: Vec<AudienceOption>) -> impl IntoView {
    let (pick, set_pick) = signal(0usize);
    let (format, set_format) = signal(Format::Klaviyo);
    let (control, set_control) = signal(false);
    let (share, set_share) = signal(10.0f64);
    let (seed, set_seed) = signal(0u64);
    let (status, set_status) = signal(Vec::<String>::new());
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let choices = StoredValue::new(audiences.clone());
    // The words of an answer are chosen when it arrives, outside this component's scope.
    let lang = use_lang();
    let on_export = move |_| {
        let Some((_, slug, audience)) =
            choices.with_value(|c| c.get(pick.get_untracked()).cloned())
        else {
            return;
        };
        let (format, seed) = (format.get_untracked(), seed.get_untracked());
        let control = control
            .get_untracked()
            .then(|| share.get_untracked() / 100.0);
        let export = ExportParams {
            audience,
            format,
            control,
            seed,
            profile: ProfileParams::default(),
        };
        set_busy.set(true);
        set_error.set(None);
        set_status.set(Vec::new());
        spawn_local(async move {
            let result = store.export(export).await;
            set_busy.set(false);
            match result {
                Ok(files) => {
                    let source = store.file_name.get_untracked();
                    set_status.set(save(lang.get_untracked(), &source, &slug, &files, seed));
                }
                Err(message) => set_error.set(Some(message)),
            }
        });
    };
    view! {
        <section class="export-panel" data-testid="export-panel" aria-label=tr("export-title")>
            <h3>{tr("export-title")}</h3>
            <p class="hint">{tr("export-hint")}</p>
            <div class="controls">
                <label>{tr("export-audience")} " "
                    <select data-testid="export-audience"
                        on:change=move |ev| set_pick.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {audiences.into_iter().enumerate().map(|(i, (label, _, _))| view! {
                            <option value=i.to_string()>{label}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{tr("export-format")} " "
                    <select data-testid="export-format"
                        on:change=move |ev| { if let Some(f) = Format::from_name(&event_target_value(&ev)) { set_format.set(f) } }>
                        {Format::ALL.into_iter().map(|f| view! {
                            <option value=f.name()>{f.tool()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <input type="checkbox" data-testid="export-control"
                        on:change=move |ev| set_control.set(event_target_checked(&ev)) />
                    " " {tr("export-control")}
                </label>
                <label>{tr("export-share")} " "
                    <input type="number" min="1" max="90" step="1" value="10" data-testid="export-share"
                        prop:disabled=move || !control.get()
                        on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<f64>() { set_share.set(v) } } />
                </label>
                <label>{tr("export-seed")} " "
                    <input type="number" min="0" step="1" value="0" data-testid="export-seed" size="6"
                        prop:disabled=move || !control.get()
                        on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<u64>() { set_seed.set(v) } } />
                </label>
                <button data-testid="export-button" prop:disabled=move || busy.get() on:click=on_export>
                    {tr("export-button")}
                </button>
            </div>
            {move || busy.get().then(|| view! { <p class="hint" role="status">{tr("export-writing")}</p> })}
            {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="export-error">{m}</p> })}
            <ul data-testid="export-status" role="status">
                {move || status.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// Offer the campaign file and its control group as downloads; what was written, in words.
fn save(lang: Lang, source: &str, slug: &str, files: &CampaignFiles, seed: u64) -> Vec<String> {
    let what = format!("{}-{}", files.format.name(), slug);
    let name = file_name(source, &what, "csv");
    let mut lines = Vec::new();
    let offer = |name: &str, csv: &str| {
        if let Err(e) = download::text(name, "text/csv;charset=utf-8", csv) {
            web_sys::console::warn_1(&e);
        }
    };
    offer(&name, &files.campaign.csv);
    lines.push(lang.t_with(
        "export-wrote",
        &[
            ("file", &name),
            ("rows", &count(files.campaign.rows as u64)),
            ("tool", files.format.tool()),
            ("audience", &count(files.audience as u64)),
        ],
    ));
    if let Some(control) = &files.control {
        let name = file_name(source, &format!("{what}-control"), "csv");
        offer(&name, &control.csv);
        lines.push(lang.t_with(
            "export-wrote-control",
            &[
                ("file", &name),
                ("rows", &count(control.rows as u64)),
                ("seed", &seed.to_string()),
            ],
        ));
    }
    lines.extend(files.warnings.iter().cloned());
    lines
}
