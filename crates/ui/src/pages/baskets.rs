use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use segmint_charts::{Chart, RULES_MAX_POINTS, RankBy, RulesScatterView, TopRulesView};
use segmint_core::basket::{BasketParams, BasketReport, MinSupport, RuleRow};
use segmint_core::export::Cell;
use segmint_web::format::{count, percent};

use super::when_ready_progress;
use crate::components::{ChartFigure, ProgressBar};
use crate::download::{Csv, file_name};
use crate::i18n::{tr, tr_with, use_lang};
use crate::store::{Load, Store};

/// Support thresholds offered (share of baskets).
const SUPPORTS: [f64; 5] = [0.05, 0.02, 0.01, 0.005, 0.002];
/// The default support is the first of these that asks for at least [`MIN_BASKETS`] baskets
/// (the last one otherwise): 1% on a file of 1,500 orders or more; on a small file, where 1%
/// is a handful of orders that happen to repeat one large assortment, a higher share.
const AUTO_SUPPORTS: [f64; 3] = [0.01, 0.02, 0.05];
/// See [`AUTO_SUPPORTS`].
const MIN_BASKETS: f64 = 15.0;

/// The default support for `baskets` baskets.
pub(crate) fn auto_support(baskets: u64) -> f64 {
    AUTO_SUPPORTS
        .into_iter()
        .find(|s| s * baskets as f64 >= MIN_BASKETS)
        .unwrap_or(AUTO_SUPPORTS[AUTO_SUPPORTS.len() - 1])
}
/// Rule confidence thresholds offered.
const CONFIDENCES: [f64; 6] = [0.0, 0.1, 0.2, 0.3, 0.5, 0.8];
/// Itemset sizes offered.
const MAX_LENS: [usize; 4] = [2, 3, 4, 5];
/// Rules listed per page of the table.
const PAGE: usize = 100;
/// Rules in the top-rules chart.
const TOP: usize = 15;

/// The choices behind a basket analysis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BasketChoice {
    /// Smallest share of baskets an itemset must be in; `None` until chosen for the data
    /// ([`auto_support`]).
    pub min_support: Option<f64>,
    /// Smallest rule confidence.
    pub min_confidence: f64,
    /// Largest itemset.
    pub max_len: usize,
}

impl Default for BasketChoice {
    fn default() -> Self {
        Self {
            min_support: None,
            min_confidence: 0.1,
            max_len: 3,
        }
    }
}

impl BasketChoice {
    /// The request parameters.
    pub(crate) fn params(self) -> BasketParams {
        BasketParams::new(MinSupport::Fraction(
            self.min_support.unwrap_or(AUTO_SUPPORTS[0]),
        ))
        .min_confidence(self.min_confidence)
        .max_len(self.max_len)
    }
}

/// An item as the tables show it: `85123A WHITE HANGING HEART T-LIGHT HOLDER`.
pub(crate) fn item_display(item: &str, labels: &BTreeMap<String, String>) -> String {
    match labels.get(item) {
        Some(label) if label != item => format!("{item} {label}"),
        _ => item.to_owned(),
    }
}

fn side_display(items: &[String], labels: &BTreeMap<String, String>) -> String {
    items
        .iter()
        .map(|i| item_display(i, labels))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sortable columns of the rules table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Count,
    Support,
    Confidence,
    Lift,
    Leverage,
    Conviction,
}

impl Key {
    const ALL: [Key; 6] = [
        Key::Count,
        Key::Support,
        Key::Confidence,
        Key::Lift,
        Key::Leverage,
        Key::Conviction,
    ];

    /// The message key of the column's header.
    fn label(self) -> &'static str {
        match self {
            Key::Count => "baskets-metric-count",
            Key::Support => "baskets-metric-support",
            Key::Confidence => "baskets-metric-confidence",
            Key::Lift => "baskets-metric-lift",
            Key::Leverage => "baskets-metric-leverage",
            Key::Conviction => "baskets-metric-conviction",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Key::Count => "count",
            Key::Support => "support",
            Key::Confidence => "confidence",
            Key::Lift => "lift",
            Key::Leverage => "leverage",
            Key::Conviction => "conviction",
        }
    }

    fn value(self, r: &RuleRow) -> f64 {
        let m = &r.metrics;
        match self {
            Key::Count => r.count as f64,
            Key::Support => m.support,
            Key::Confidence => m.confidence,
            Key::Lift => m.lift,
            Key::Leverage => m.leverage,
            Key::Conviction => m.conviction,
        }
    }
}

/// How the rules table is sorted and filtered; lives as long as the page, so it survives a
/// re-run with other thresholds.
#[derive(Clone, Copy)]
struct TableState {
    /// `None`: the report's order (confidence, then lift, then support).
    sort: RwSignal<Option<(Key, bool)>>,
    min_lift: RwSignal<f64>,
    min_confidence: RwSignal<f64>,
    text: RwSignal<String>,
    shown: RwSignal<usize>,
    rank: RwSignal<RankBy>,
}

/// Market baskets: the thresholds, the rules table, "what sells with X", two charts.
#[component]
pub(crate) fn BasketsPage(store: Store) -> impl IntoView {
    let state = TableState {
        sort: RwSignal::new(None),
        min_lift: RwSignal::new(0.0),
        min_confidence: RwSignal::new(0.0),
        text: RwSignal::new(String::new()),
        shown: RwSignal::new(PAGE),
        rank: RwSignal::new(RankBy::Lift),
    };
    let choice = store.basket_choice;
    let pick = move |f: fn(&mut BasketChoice, f64)| {
        move |ev: leptos::ev::Event| {
            if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                choice.update(|c| f(c, v));
            }
        }
    };
    let controls = view! {
        <div class="controls" data-testid="basket-controls">
            <label>{tr("baskets-min-support")}" "
                <select data-testid="support-select"
                    prop:value=move || choice.get().min_support.map_or_else(String::new, |s| s.to_string())
                    on:change=pick(|c, v| c.min_support = Some(v))>
                    {SUPPORTS.iter().map(|&s| view! {
                        <option value=s.to_string() selected=move || choice.get().min_support == Some(s)>
                            {tr_with("baskets-support-share", &[("share", &share(s))])}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label>{tr("baskets-min-confidence")}" "
                <select data-testid="confidence-select"
                    prop:value=move || choice.get().min_confidence.to_string()
                    on:change=pick(|c, v| c.min_confidence = v)>
                    {CONFIDENCES.iter().map(|&s| view! {
                        <option value=s.to_string() selected=move || choice.get().min_confidence == s>
                            {percent(s)}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label>{tr("baskets-max-len")}" "
                <select data-testid="max-len-select"
                    prop:value=move || choice.get().max_len.to_string()
                    on:change=pick(|c, v| c.max_len = v as usize)>
                    {MAX_LENS.iter().map(|&n| view! {
                        <option value=n.to_string() selected=move || choice.get().max_len == n>{n.to_string()}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    };
    view! {
        <section class="baskets" data-testid="baskets">
            <h2>{tr("baskets-title")}</h2>
            <p class="hint">{tr("baskets-hint")}</p>
            {controls}
            {when_ready_progress(move || store.baskets(), "baskets-computing", "baskets", move |report| {
                let source = store.file_name.get_untracked();
                view! { <BasketsResult report source store state /> }
            })}
        </section>
    }
}

/// The message key of a ranking's metric name.
fn rank_key(by: RankBy) -> &'static str {
    match by {
        RankBy::Confidence => "chart-metric-confidence",
        RankBy::Lift => "chart-metric-lift",
    }
}

/// `0.005` → `0.5%`.
fn share(s: f64) -> String {
    // Tenths of a percent: 0.05 × 100 is 5.000000000000001 in binary floating point.
    let p = (s * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p}%")
    }
}

fn metric_text(v: f64) -> String {
    if v.is_infinite() {
        "∞".into()
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// The rules that pass the filters, in the table's order.
fn visible(report: &BasketReport, state: TableState) -> Vec<usize> {
    let min_lift = state.min_lift.get();
    let min_conf = state.min_confidence.get();
    let needle = state.text.get().trim().to_lowercase();
    let labels = &report.item_labels;
    let matches = |items: &[String]| {
        items.iter().any(|i| {
            i.to_lowercase().contains(&needle)
                || labels
                    .get(i)
                    .is_some_and(|l| l.to_lowercase().contains(&needle))
        })
    };
    let mut rows: Vec<usize> = (0..report.rules.len())
        .filter(|&i| {
            let r = &report.rules[i];
            r.metrics.lift >= min_lift
                && r.metrics.confidence >= min_conf
                && (needle.is_empty() || matches(&r.antecedent) || matches(&r.consequent))
        })
        .collect();
    if let Some((key, descending)) = state.sort.get() {
        rows.sort_by(|&a, &b| {
            let (va, vb) = (key.value(&report.rules[a]), key.value(&report.rules[b]));
            let o = va.total_cmp(&vb);
            (if descending { o.reverse() } else { o }).then(a.cmp(&b))
        });
    }
    rows
}

#[component]
fn BasketsResult(
    report: Arc<BasketReport>,
    source: String,
    store: Store,
    state: TableState,
) -> impl IntoView {
    let singles: Vec<(String, String, u64)> = report
        .itemsets
        .iter()
        .filter(|s| s.items.len() == 1)
        .map(|s| {
            let item = s.items[0].clone();
            let label = report.item_labels.get(&item).cloned().unwrap_or_default();
            (item, label, s.count)
        })
        .collect();
    let b = &report.baskets;
    let summary = tr_with(
        "baskets-summary",
        &[
            ("baskets", &count(report.transactions)),
            ("lines", &count(b.lines_used as u64)),
            ("minCount", &count(report.min_count)),
            ("share", &share(report.min_support)),
            ("itemsets", &count(report.itemsets.len() as u64)),
            ("rules", &count(report.rules.len() as u64)),
            ("considered", &count(report.rules_considered)),
        ],
    );
    let rows = {
        let report = report.clone();
        Memo::new(move |_| visible(&report, state))
    };
    let on_csv = {
        let (report, name) = (report.clone(), file_name(&source, "rules", "csv"));
        move |_| rules_csv(&report, &rows.get_untracked()).download(&name)
    };
    let header = move |key: Key| {
        let aria = move || match state.sort.get() {
            Some((k, true)) if k == key => "descending",
            Some((k, false)) if k == key => "ascending",
            _ => "none",
        };
        let on_click = move |_| {
            state.sort.update(|s| {
                *s = match *s {
                    Some((k, true)) if k == key => Some((key, false)),
                    Some((k, false)) if k == key => None,
                    _ => Some((key, true)),
                }
            });
            state.shown.set(PAGE);
        };
        view! {
            <th scope="col" aria-sort=aria data-testid=format!("sort-{}", key.id())>
                <button class="sort" on:click=on_click>
                    {tr(key.label())}
                    <span aria-hidden="true">{move || match aria() {
                        "descending" => " ▼",
                        "ascending" => " ▲",
                        _ => " ↕",
                    }}</span>
                </button>
            </th>
        }
    };
    let total_rules = report.rules.len() as u64;
    let lang = use_lang();
    let count_line = move || {
        let n = rows.get().len();
        let shown = state.shown.get().min(n);
        let (matching, total) = (count(n as u64), count(total_rules));
        let lang = lang.get_untracked();
        if shown < n {
            lang.t_with(
                "baskets-rules-match-listed",
                &[
                    ("matching", &matching),
                    ("total", &total),
                    ("shown", &shown.to_string()),
                ],
            )
        } else {
            lang.t_with(
                "baskets-rules-match",
                &[("matching", &matching), ("total", &total)],
            )
        }
    };
    let table_report = report.clone();
    let table = move || {
        let rows = rows.get();
        let shown = state.shown.get().min(rows.len());
        let labels = &table_report.item_labels;
        view! {
            <tbody>
                {rows[..shown].iter().map(|&i| {
                    let r = &table_report.rules[i];
                    view! {
                        <tr data-testid="rule-row">
                            <td data-testid="rule-antecedent">{side_display(&r.antecedent, labels)}</td>
                            <td data-testid="rule-consequent">{side_display(&r.consequent, labels)}</td>
                            <td class="num" data-testid="rule-count">{count(r.count)}</td>
                            <td class="num" data-testid="rule-support">{metric_text(r.metrics.support)}</td>
                            <td class="num" data-testid="rule-confidence">{metric_text(r.metrics.confidence)}</td>
                            <td class="num" data-testid="rule-lift">{metric_text(r.metrics.lift)}</td>
                            <td class="num">{metric_text(r.metrics.leverage)}</td>
                            <td class="num">{metric_text(r.metrics.conviction)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        }
    };
    let more = move || {
        let total = rows.get().len();
        (state.shown.get() < total).then(|| {
            view! {
                <button data-testid="rules-more" on:click=move |_| state.shown.update(|s| *s += PAGE)>
                    {lang.get_untracked().t_with("baskets-more", &[("n", &PAGE.min(total - state.shown.get_untracked()).to_string())])}
                </button>
            }
        })
    };
    let number = move |signal: RwSignal<f64>| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev).trim().parse::<f64>().unwrap_or(0.0);
            signal.set(if v.is_finite() { v } else { 0.0 });
            state.shown.set(PAGE);
        }
    };
    let scatter = RulesScatterView::from_report(&report, RULES_MAX_POINTS);
    let scatter_caption = scatter.caption(&crate::i18n::chart_words());
    let scatter_csv = {
        let mut csv = Csv::new(&["antecedent", "consequent", "support", "confidence", "lift"]);
        for r in &report.rules {
            csv.row(&[
                Cell::Text(&r.antecedent.join(", ")),
                Cell::Text(&r.consequent.join(", ")),
                Cell::Number(r.metrics.support),
                Cell::Number(r.metrics.confidence),
                Cell::Number(r.metrics.lift),
            ]);
        }
        csv.into_string()
    };
    let mut by_lift: Vec<usize> = (0..report.rules.len()).collect();
    by_lift.sort_by(|&a, &b| {
        report.rules[b]
            .metrics
            .lift
            .total_cmp(&report.rules[a].metrics.lift)
            .then(a.cmp(&b))
    });
    by_lift.truncate(20);
    let top_report = report.clone();
    let source_top = source.clone();
    let top_chart = move || {
        let by = state.rank.get();
        let view = TopRulesView::from_report(&top_report, by, TOP);
        let csv = {
            let mut csv = Csv::new(&["rule", by.name()]);
            for (l, v) in view.labels.iter().zip(&view.values) {
                csv.row(&[Cell::Text(l), Cell::Number(*v)]);
            }
            csv.into_string()
        };
        view! {
            <ChartFigure chart=Chart::TopRules(view.clone()) title=lang.get_untracked().t_with("baskets-top-title", &[("n", &view.labels.len().to_string()), ("metric", &lang.get_untracked().t(rank_key(by)))])
                testid="top-rules" file_stem=source_top.clone() csv=csv>
                <table class="data" data-testid="top-rules-table">
                    <thead><tr><th scope="col">{lang.get_untracked().t("baskets-rule")}</th><th scope="col">{lang.get_untracked().t(rank_key(by))}</th></tr></thead>
                    <tbody>
                        {view.labels.iter().zip(&view.values).map(|(l, v)| view! {
                            <tr><th scope="row">{l.clone()}</th><td class="num">{metric_text(*v)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </ChartFigure>
        }
    };
    let warnings = report.warnings.clone();
    view! {
        <p data-testid="basket-summary">{summary}</p>
        {(!warnings.is_empty()).then(|| view! {
            <ul class="warnings" data-testid="basket-warnings">
                {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
        })}
        <h3>{tr("baskets-rules")}</h3>
        <div class="controls" data-testid="rule-filters">
            <label>{tr("baskets-filter-lift")}" "
                <input type="number" min="0" step="0.5" data-testid="filter-lift"
                    prop:value=move || state.min_lift.get().to_string() on:change=number(state.min_lift) />
            </label>
            <label>{tr("baskets-filter-confidence")}" "
                <input type="number" min="0" max="1" step="0.05" data-testid="filter-confidence"
                    prop:value=move || state.min_confidence.get().to_string() on:change=number(state.min_confidence) />
            </label>
            <label>{tr("baskets-filter-text")}" "
                <input type="search" data-testid="filter-text" placeholder=tr("baskets-filter-text-hint")
                    prop:value=move || state.text.get()
                    on:input=move |ev| { state.text.set(event_target_value(&ev)); state.shown.set(PAGE); } />
            </label>
        </div>
        <p data-testid="rules-count" role="status">{count_line}</p>
        <div class="scroll">
        <table class="data" data-testid="rules-table">
            <caption>{tr("baskets-rules-caption")}</caption>
            <thead><tr>
                <th scope="col">{tr("baskets-if-has")}</th><th scope="col">{tr("baskets-also-has")}</th>
                {Key::ALL.into_iter().map(header).collect_view()}
            </tr></thead>
            {table}
        </table>
        </div>
        {more}
        <div class="exports">
            <button data-testid="rules-csv" on:click=on_csv>{tr("baskets-rules-csv")}</button>
        </div>
        <Together singles store state />
        <ChartFigure chart=Chart::RulesScatter(scatter) title=scatter_caption
            testid="rules-scatter" file_stem=source.clone() csv=scatter_csv>
            <table class="data" data-testid="rules-scatter-table">
                <caption>{tr("baskets-scatter-caption")}</caption>
                <thead><tr><th scope="col">{tr("baskets-rule")}</th><th scope="col">{tr("baskets-metric-support")}</th>
                    <th scope="col">{tr("baskets-metric-confidence")}</th><th scope="col">{tr("baskets-metric-lift")}</th></tr></thead>
                <tbody>
                    {by_lift.iter().map(|&i| {
                        let r = &report.rules[i];
                        view! {
                            <tr>
                                <th scope="row">{format!("{} → {}", side_display(&r.antecedent, &report.item_labels), side_display(&r.consequent, &report.item_labels))}</th>
                                <td class="num">{metric_text(r.metrics.support)}</td>
                                <td class="num">{metric_text(r.metrics.confidence)}</td>
                                <td class="num">{metric_text(r.metrics.lift)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
        <div class="controls">
            <label>{tr("baskets-rank-by")}" "
                <select data-testid="rank-select"
                    on:change=move |ev| state.rank.set(if event_target_value(&ev) == "confidence" { RankBy::Confidence } else { RankBy::Lift })>
                    <option value="lift" selected=move || state.rank.get() == RankBy::Lift>{tr(rank_key(RankBy::Lift))}</option>
                    <option value="confidence" selected=move || state.rank.get() == RankBy::Confidence>{tr(rank_key(RankBy::Confidence))}</option>
                </select>
            </label>
        </div>
        {top_chart}
    }
}

/// "What sells with X": pick a product, see what shares its baskets.
#[component]
fn Together(singles: Vec<(String, String, u64)>, store: Store, state: TableState) -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let (note, set_note) = signal(None::<String>);
    let candidates = singles.clone();
    let lang = use_lang();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked().trim().to_owned();
        if q.is_empty() {
            return;
        }
        let (item, many) = resolve(&q, &candidates);
        set_note.set(many.map(|(n, first)| {
            lang.get_untracked().t_with(
                "baskets-together-matches",
                &[("n", &n.to_string()), ("query", &q), ("item", &first)],
            )
        }));
        store.together_ask.set(Some(item));
    };
    let result = move || {
        store.together_ask.get().map(|item| (item, store.together.get())).map(|(item, load)| match load {
            Load::Pending => view! {
                <div data-testid="together-pending" role="status">
                    <ProgressBar label=lang.get_untracked().t_with("baskets-together-counting", &[("item", &item)]) done=0 total=0 />
                </div>
            }
            .into_any(),
            Load::Failed(message) => view! {
                <p class="error" role="alert" data-testid="together-error">{message}</p>
            }
            .into_any(),
            Load::Ready(report) => match report.bought_together.clone() {
                None => view! { <p class="error" role="alert">{lang.get_untracked().t("baskets-together-not-computed")}</p> }.into_any(),
                Some(t) => {
                    let labels = report.item_labels.clone();
                    let name = item_display(&t.item, &labels);
                    let filter_to = t.item.clone();
                    let lang = lang.get_untracked();
                    view! {
                        <p data-testid="together-summary">
                            <strong data-testid="together-item">{name.clone()}</strong>
                            {format!(" {} ", lang.t_with("baskets-together-in", &[("baskets", &count(t.count)), ("share", &percent(t.support))]))}
                            {lang.t(if t.companions.is_empty() { "baskets-together-nothing" } else { "baskets-together-most" })}
                        </p>
                        {(!t.companions.is_empty()).then(|| view! {
                            <table class="data" data-testid="together-table">
                                <caption>{lang.t_with("baskets-together-caption", &[("item", &name)])}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t("baskets-together-product")}</th><th scope="col">{lang.t("baskets-together-baskets")}</th>
                                    <th scope="col">{lang.t("baskets-together-confidence")}</th><th scope="col">{lang.t("baskets-metric-lift")}</th>
                                </tr></thead>
                                <tbody>
                                    {t.companions.iter().map(|c| view! {
                                        <tr data-testid="together-row">
                                            <th scope="row" data-testid="together-companion">{item_display(&c.item, &labels)}</th>
                                            <td class="num">{count(c.count)}</td>
                                            <td class="num" data-testid="together-confidence">{percent(c.confidence)}</td>
                                            <td class="num" data-testid="together-lift">{format!("{:.2}", c.lift)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })}
                        <button data-testid="together-filter" on:click=move |_| state.text.set(filter_to.clone())>
                            {lang.t("baskets-together-filter")}
                        </button>
                    }
                    .into_any()
                }
            },
        })
    };
    view! {
        <h3>{tr("baskets-together-title")}</h3>
        <form class="controls" data-testid="together-form" on:submit=on_submit>
            <label>{tr("baskets-together-input")}" "
                <input type="search" list="basket-items" data-testid="together-input" size="36"
                    prop:value=move || query.get()
                    on:input=move |ev| set_query.set(event_target_value(&ev)) />
            </label>
            <datalist id="basket-items">
                {singles.iter().map(|(item, label, _)| view! {
                    <option value=item.clone()>{label.clone()}</option>
                }).collect_view()}
            </datalist>
            <button type="submit" data-testid="together-button">{tr("baskets-together-button")}</button>
        </form>
        {move || note.get().map(|n| view! { <p class="hint" data-testid="together-note">{n}</p> })}
        {result}
    }
}

/// The product a query names: an exact code, else the most frequent frequent product whose
/// code or name contains it (with how many matched and that product as shown, for the note),
/// else the query itself (the worker then says whether it knows it).
fn resolve(query: &str, singles: &[(String, String, u64)]) -> (String, Option<(usize, String)>) {
    if let Some((item, ..)) = singles.iter().find(|(item, ..)| item == query) {
        return (item.clone(), None);
    }
    let q = query.to_lowercase();
    let mut hits: Vec<&(String, String, u64)> = singles
        .iter()
        .filter(|(item, label, _)| item.to_lowercase() == q || label.to_lowercase() == q)
        .collect();
    if hits.is_empty() {
        hits = singles
            .iter()
            .filter(|(item, label, _)| {
                item.to_lowercase().contains(&q) || label.to_lowercase().contains(&q)
            })
            .collect();
    }
    // Singles come by descending basket count: the first hit is the most frequent.
    match hits.as_slice() {
        [] => (query.to_owned(), None),
        [one] => (one.0.clone(), None),
        [first, ..] => (
            first.0.clone(),
            Some((
                hits.len(),
                if first.1.is_empty() {
                    first.0.clone()
                } else {
                    format!("{} {}", first.0, first.1)
                },
            )),
        ),
    }
}

/// Rules `rows` of `report` as a formula-safe CSV, product names beside the codes.
fn rules_csv(report: &BasketReport, rows: &[usize]) -> Csv {
    let mut csv = Csv::new(&[
        "antecedent",
        "antecedent_names",
        "consequent",
        "consequent_names",
        "count",
        "support",
        "confidence",
        "lift",
        "leverage",
        "conviction",
        "zhangs_metric",
        "jaccard",
        "certainty",
        "kulczynski",
    ]);
    let names = |items: &[String]| {
        items
            .iter()
            .map(|i| report.item_labels.get(i).map_or("", String::as_str))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for &i in rows {
        let r = &report.rules[i];
        let m = &r.metrics;
        csv.row(&[
            Cell::Text(&r.antecedent.join(", ")),
            Cell::Text(&names(&r.antecedent)),
            Cell::Text(&r.consequent.join(", ")),
            Cell::Text(&names(&r.consequent)),
            Cell::Int(r.count as i64),
            Cell::Number(m.support),
            Cell::Number(m.confidence),
            Cell::Number(m.lift),
            Cell::Number(m.leverage),
            // Infinite conviction is written empty (docs/definitions.md §5 writes it as null).
            Cell::Number(m.conviction),
            Cell::Number(m.zhangs_metric),
            Cell::Number(m.jaccard),
            Cell::Number(m.certainty),
            Cell::Number(m.kulczynski),
        ]);
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_support_asks_for_enough_baskets() {
        assert_eq!(auto_support(19_960), 0.01);
        assert_eq!(auto_support(1_500), 0.01);
        assert_eq!(auto_support(756), 0.02);
        assert_eq!(auto_support(300), 0.05);
        assert_eq!(auto_support(10), 0.05);
        assert_eq!(share(0.05), "5%");
        assert_eq!(share(0.005), "0.5%");
        assert_eq!(share(0.02), "2%");
    }

    #[test]
    fn a_query_finds_its_product() {
        let singles = vec![
            (
                "85123A".to_owned(),
                "WHITE HANGING HEART T-LIGHT HOLDER".to_owned(),
                90,
            ),
            (
                "22423".to_owned(),
                "REGENCY CAKESTAND 3 TIER".to_owned(),
                80,
            ),
            (
                "85099B".to_owned(),
                "JUMBO BAG RED RETROSPOT".to_owned(),
                70,
            ),
            (
                "21212".to_owned(),
                "PACK OF 72 RETROSPOT CAKE CASES".to_owned(),
                60,
            ),
        ];
        assert_eq!(resolve("22423", &singles), ("22423".to_owned(), None));
        assert_eq!(resolve("cakestand", &singles).0, "22423");
        let (item, note) = resolve("retrospot", &singles);
        assert_eq!(item, "85099B");
        assert_eq!(note, Some((2, "85099B JUMBO BAG RED RETROSPOT".to_owned())));
        assert_eq!(resolve("nothing", &singles), ("nothing".to_owned(), None));
        let labels = BTreeMap::from([("85123A".to_owned(), "WHITE HEART".to_owned())]);
        assert_eq!(item_display("85123A", &labels), "85123A WHITE HEART");
        assert_eq!(item_display("22423", &labels), "22423");
    }
}
