//! The dashboard: the first thing a marketer sees after a file loads (docs/definitions.md
//! §4.11). Key-number cards with their change against the previous period, revenue and
//! active customers by month, the segment mix and the top products; below them the rows read
//! and whether there is enough data. Every text is a key of `crates/web/locales`.

use leptos::prelude::*;
use segmint_charts::{Chart, MonthlyView};
use segmint_core::InspectReport;
use segmint_core::overview::{KeyNumber, Overview};
use segmint_web::Lang;
use segmint_web::format::{count, money, percent};

use crate::components::ChartFigure;
use crate::i18n::{t, use_lang};
use crate::pages::when_ready;
use crate::store::{Load, Store};

/// How a card's value is written.
#[derive(Clone, Copy)]
enum Unit {
    Count,
    Money,
    Share,
}

impl Unit {
    fn format(self, v: f64) -> String {
        match self {
            Unit::Count => count(v.max(0.0).round() as u64),
            Unit::Money => money(v),
            Unit::Share => percent(v),
        }
    }
}

/// The cards: `(testid, label key, unit, the number)`.
fn cards(o: &Overview) -> [(&'static str, &'static str, Unit, KeyNumber); 6] {
    [
        (
            "customers",
            "dash-customers",
            Unit::Count,
            o.customers.clone(),
        ),
        ("orders", "dash-orders", Unit::Count, o.orders.clone()),
        ("revenue", "dash-revenue", Unit::Money, o.revenue.clone()),
        (
            "aov",
            "dash-aov",
            Unit::Money,
            o.average_order_value.clone(),
        ),
        ("repeat", "dash-repeat", Unit::Share, o.repeat_rate.clone()),
        (
            "at-risk",
            "dash-at-risk",
            Unit::Money,
            o.revenue_at_risk.clone(),
        ),
    ]
}

fn change_text(lang: Lang, key: &KeyNumber, compared: bool) -> (String, &'static str) {
    match key.change {
        Some(c) => {
            let pct = format!("{:+.1}%", c * 100.0 + 0.0);
            let class = if c > 0.0 {
                "change up"
            } else if c < 0.0 {
                "change down"
            } else {
                "change"
            };
            (lang.t_with("dash-change", &[("change", &pct)]), class)
        }
        // Compared, but nothing to divide by: the previous period had none of it.
        None if compared => (lang.t("dash-change-from-zero"), "change none"),
        None => (lang.t("dash-no-change"), "change none"),
    }
}

fn monthly_chart(o: &Overview) -> Chart {
    Chart::Monthly(MonthlyView {
        months: o.months.iter().map(|m| m.month.clone()).collect(),
        revenue: o.months.iter().map(|m| m.revenue).collect(),
        customers: o.months.iter().map(|m| m.customers).collect(),
        complete: o.months.iter().map(|m| m.complete).collect(),
    })
}

#[component]
fn Dashboard(overview: std::sync::Arc<Overview>, store: Store) -> impl IntoView {
    let lang = use_lang();
    let o = overview;
    let period = {
        let o = o.clone();
        move || {
            let lang = lang.get();
            let span = lang.t_with(
                "dash-span",
                &[("first", &o.first_date), ("last", &o.last_date)],
            );
            let compared = match &o.comparison {
                Some(c) => lang.t_with(
                    "dash-compared",
                    &[
                        ("days", &c.days.to_string()),
                        ("start", &c.current_start),
                        ("previous", &c.previous_start),
                    ],
                ),
                None => lang.t("dash-not-compared"),
            };
            format!("{span} · {compared}")
        }
    };
    let compared = o.comparison.is_some();
    let card_views = cards(&o)
        .into_iter()
        .map(|(id, label, unit, key)| {
            let value = unit.format(key.value);
            let raw = key.value.to_string();
            let change = move || change_text(lang.get(), &key, compared);
            let (change_a, change_b) = (change.clone(), change);
            view! {
                <div class="card" data-testid=format!("card-{id}")>
                    <h3>{t(label)}</h3>
                    <p class="value" data-testid=format!("overview-{id}") data-value=raw>{value}</p>
                    <p class=move || change_a().1 data-testid=format!("card-{id}-change")>
                        {move || change_b().0}
                    </p>
                </div>
            }
        })
        .collect_view();
    let chart = {
        let o = o.clone();
        move || {
            let o = o.clone();
            let file_stem = store.file_name.get_untracked();
            view! {
                <ChartFigure chart=monthly_chart(&o) title=lang.get().t("dash-monthly-title")
                    testid="dash-monthly" file_stem>
                    <table data-testid="dash-months">
                        <thead><tr>
                            <th scope="col">{t("dash-month")}</th>
                            <th scope="col">{t("dash-revenue")}</th>
                            <th scope="col">{t("dash-active-customers")}</th>
                            <th scope="col">{t("dash-orders")}</th>
                        </tr></thead>
                        <tbody>
                            {o.months.iter().map(|m| view! {
                                <tr>
                                    <td>{m.month.clone()}{(!m.complete).then_some(" *")}</td>
                                    <td class="num" data-value=m.revenue.to_string()>{money(m.revenue)}</td>
                                    <td class="num">{count(m.customers)}</td>
                                    <td class="num">{count(m.orders)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ChartFigure>
            }
        }
    };
    let segments = o
        .segments
        .iter()
        .map(|s| {
            let name = s.name.clone();
            let shown = move || segmint_web::segments::segment_name(lang.get(), &name);
            view! {
                // The row carries the core's name; the cell shows it in the page's language.
                <tr class:at-risk=s.at_risk data-segment=s.name.clone()>
                    <th scope="row">{shown}</th>
                    <td class="num" data-value=s.customers.to_string()>{count(s.customers)}</td>
                    <td class="num">
                        // `style:` sets the width through the CSSOM: a `style` attribute is
                        // an inline style the strict CSP (`style-src-attr`) blocks.
                        <span class="share-bar" style:width=format!("{:.0}%", s.revenue_share.clamp(0.0, 1.0) * 100.0)></span>
                        {percent(s.revenue_share)}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let products = o
        .top_products
        .iter()
        .map(|p| {
            let name = p.name.clone().unwrap_or_else(|| p.product_id.clone());
            view! {
                <tr>
                    <th scope="row" title=p.product_id.clone()>{name}</th>
                    <td class="num" data-value=p.revenue.to_string()>{money(p.revenue)}</td>
                    <td class="num">{count(p.customers)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="period" data-testid="dash-period">{period}</p>
        <div class="cards" data-testid="dash-cards">{card_views}</div>
        <div class="dash-grid">
            <div class="dash-chart">{chart}</div>
            <section class="dash-segments" data-testid="dash-segments">
                <h3>{t("dash-segment-mix")}</h3>
                <table>
                    <thead><tr>
                        <th scope="col">{t("dash-segment")}</th>
                        <th scope="col">{t("dash-customers")}</th>
                        <th scope="col">{t("dash-revenue-share")}</th>
                    </tr></thead>
                    <tbody>{segments}</tbody>
                </table>
            </section>
            <section class="dash-products" data-testid="dash-products">
                <h3>{t("dash-top-products")}</h3>
                <table>
                    <thead><tr>
                        <th scope="col">{t("dash-product")}</th>
                        <th scope="col">{t("dash-revenue")}</th>
                        <th scope="col">{t("dash-customers")}</th>
                    </tr></thead>
                    <tbody>{products}</tbody>
                </table>
            </section>
        </div>
    }
}

/// The dashboard, then the rows read and used and whether there is enough data.
#[component]
pub(crate) fn OverviewPage(report: InspectReport, store: Store) -> impl IntoView {
    let rows_read = count(report.rows_read);
    let rows_used = count(report.rows_used);
    let warnings = move || match store.rfm.get() {
        Load::Ready(rfm) => {
            let mut warnings = segmint_core::rfm::sufficiency_warnings(&rfm);
            warnings.extend(rfm.warnings.iter().cloned());
            (!warnings.is_empty()).then(|| {
                view! {
                    <dt>{t("dash-check")}</dt>
                    <dd><ul data-testid="overview-warnings">
                        {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                    </ul></dd>
                }
            })
        }
        _ => None,
    };
    view! {
        <section class="overview dashboard" data-testid="overview">
            <h2>{t("dash-title")}</h2>
            {when_ready(move || store.overview.get(), "overview-computing", "overview", move |o| {
                view! { <Dashboard overview=o store /> }
            })}
            <dl class="numbers">
                <dt>{t("dash-rows-read")}</dt><dd data-testid="overview-rows-read">{rows_read}</dd>
                <dt>{t("dash-rows-used")}</dt><dd data-testid="overview-rows-used">{rows_used}</dd>
                {warnings}
            </dl>
        </section>
    }
}
