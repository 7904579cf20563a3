//! What each widget shows, the request it sends, and the summary its `segmint-ready` event
//! carries. Data text reaches the DOM only as text nodes (Leptos text), never as HTML.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;
use segmint_charts::{
    CATEGORIES, Chart, ClusterScatterView, SCATTER_MAX_POINTS, SegmentBarsView, category_hex,
    draw_cluster_scatter, draw_segment_bars,
};
use segmint_core::basket::{BasketParams, BasketReport, MinSupport, TogetherParams};
use segmint_core::cluster::{ClusterParams, ClusterReport, KChoice};
use segmint_core::profile::{ProfileParams, ProfileReport, Tier};
use segmint_core::protocol::Request;
use segmint_core::recommend::{RecommendParams, RecommendReport, Suggestion};
use segmint_core::rfm::{RfmParams, RfmReport, SegmentRules};
use segmint_core::{ClvOptions, ClvReport, InspectReport};
use segmint_web::format::{count, money, percent};
use segmint_web::paint::draw_after_paint;
use segmint_web::segments::{segment_action, segment_name};
use segmint_web::words::cluster_name;
use segmint_web::{BrowserWords, Lang};
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement, MouseEvent};

use crate::hit::{Rects, recording, row_at};
use crate::widget::{Ctx, Kind, Output, Phase};

/// Rows shown in a widget's tables unless `limit` says otherwise.
const DEFAULT_LIMIT: usize = 10;

/// The request widget `kind` sends for these attributes (name → value), or what is wrong
/// with them (the message names the element, the attribute and what it accepts).
pub fn request(kind: Kind, attrs: &BTreeMap<String, String>) -> Result<Request, String> {
    let get = |name: &str| attrs.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let bad = |name: &str, value: &str, expected: &str| {
        format!(
            "segmint-{}: attribute {name}=\"{value}\" is not valid: {expected}",
            kind.name()
        )
    };
    let number = |name: &str, lo: f64, hi: f64, expected: &str| -> Result<Option<f64>, String> {
        match get(name) {
            None => Ok(None),
            Some(v) => match v.parse::<f64>() {
                Ok(x) if x.is_finite() && (lo..=hi).contains(&x) => Ok(Some(x)),
                _ => Err(bad(name, v, expected)),
            },
        }
    };
    let whole = |name: &str, lo: f64, hi: f64, expected: &str| -> Result<Option<usize>, String> {
        match number(name, lo, hi, expected)? {
            Some(x) if x.fract() != 0.0 => Err(bad(name, get(name).unwrap_or(""), expected)),
            other => Ok(other.map(|x| x as usize)),
        }
    };
    Ok(match kind {
        Kind::Rfm | Kind::Segments => {
            let preset = get("preset").unwrap_or("rfm-10");
            let rules = SegmentRules::preset(preset)
                .ok_or_else(|| bad("preset", preset, "use rfm-10, rf-grid or three-level"))?;
            let bins = whole("bins", 3.0, 10.0, "a whole number from 3 to 10")?.unwrap_or(5);
            Request::Rfm {
                params: RfmParams {
                    bins: bins as u8,
                    rules,
                    ..RfmParams::default()
                },
            }
        }
        Kind::Clusters => {
            let mut params = ClusterParams::new();
            match get("k") {
                None | Some("auto") => {}
                Some(_) => {
                    let k = whole("k", 2.0, 20.0, "auto, or a whole number from 2 to 20")?;
                    params.k = KChoice::Fixed(k.unwrap_or(2));
                }
            }
            if let Some(seed) = whole("seed", 0.0, 9.0e15, "a whole number ≥ 0")? {
                params.seed = seed as u64;
            }
            Request::Cluster { params }
        }
        Kind::Basket => {
            let support = number("min-support", 1e-6, 1.0, "a fraction in (0, 1], e.g. 0.02")?
                .unwrap_or(0.02);
            let confidence = number("min-confidence", 0.0, 1.0, "a fraction in [0, 1], e.g. 0.3")?
                .unwrap_or(0.3);
            let max_len = whole("max-len", 2.0, 10.0, "a whole number from 2 to 10")?.unwrap_or(3);
            let mut params = BasketParams::new(MinSupport::Fraction(support))
                .min_confidence(confidence)
                .max_len(max_len);
            if let Some(item) = get("item") {
                params.bought_together = Some(TogetherParams {
                    item: item.to_owned(),
                    ..TogetherParams::default()
                });
            }
            Request::Basket { params }
        }
        Kind::Clv => {
            let mut options = ClvOptions::default();
            if let Some(days) = number("horizon-days", 1.0, 3650.0, "days from 1 to 3650")? {
                options.horizon_days = days;
            }
            Request::Clv { options }
        }
        // The customer shown is picked from the whole report: every contact page of the
        // group shares one computation (requests are cached by value).
        Kind::Profile => Request::Profile {
            params: ProfileParams::default(),
        },
        Kind::Recommend => {
            let top = whole("top", 1.0, 100.0, "a whole number from 1 to 100")?.unwrap_or(10);
            Request::Recommend {
                params: RecommendParams::new().top_n(top),
            }
        }
    })
}

/// Why `kind` cannot run on this file, if it cannot.
pub(crate) fn cannot_run(kind: Kind, report: &InspectReport) -> Option<String> {
    let missing = if report.missing_roles.is_empty() {
        String::new()
    } else {
        format!(" (not found: {})", report.missing_roles.join(", "))
    };
    if kind.needs_customers() && !report.customer_analyses {
        return Some(format!(
            "segmint-{}: this file has no customer id, order date and amount (or quantity × \
             price) columns that Segmint could recognise{missing}.",
            kind.name()
        ));
    }
    if !kind.needs_customers() && !report.basket_analysis {
        return Some(format!(
            "segmint-basket: this file has no order id and product columns that Segmint could \
             recognise{missing}."
        ));
    }
    None
}

/// The `detail` of `segmint-ready`: the headline numbers (the whole result is `el.result`).
pub(crate) fn summary(output: &Output) -> Value {
    match output {
        Output::Rfm(r) => json!({
            "customers": r.customers.len(),
            "referenceDate": r.reference_date,
            "segments": r.segments.iter().map(|s| json!({
                "name": s.name, "customers": s.customers, "revenue": s.revenue
            })).collect::<Vec<_>>(),
        }),
        Output::Cluster(r) => json!({
            "k": r.k,
            "customers": r.assignments.len(),
            "clusters": r.profiles.iter().map(|p| json!({
                "cluster": p.cluster, "name": p.name, "customers": p.customers
            })).collect::<Vec<_>>(),
        }),
        Output::Basket(r) => json!({
            "transactions": r.transactions,
            "itemsets": r.itemsets.len(),
            "rules": r.rules.len(),
        }),
        Output::Clv(r) => json!({
            "customers": r.customers.len(),
            "totalClv": r.customers.iter().map(|c| c.clv).filter(|v| v.is_finite()).sum::<f64>(),
        }),
        Output::Profile(r) => json!({
            "customers": r.customers.len(),
            "referenceDate": r.reference_date,
        }),
        Output::Recommend(r) => json!({
            "customers": r.customers.len(),
            "top": r.top_n,
        }),
    }
}

/// The whole widget: a header line, then what the phase calls for.
pub(crate) fn widget(ctx: Ctx) -> impl IntoView {
    let phase = ctx.phase.clone();
    let body_ctx = ctx.clone();
    let lang_ctx = ctx.clone();
    let lang = Memo::new(move |_| lang_ctx.lang());
    // A change of the `lang` attribute rebuilds the body in the new language.
    let body = move || {
        match (lang.get(), phase.get()).1 {
        Phase::Empty => drop_zone(body_ctx.clone(), None).into_any(),
        Phase::Loading(name) => view! {
            <p class="status" role="status" data-testid="loading">
                {lang.get().t_with("widget-reading", &[("file", &name)])}
            </p>
        }
        .into_any(),
        Phase::Computing => view! {
            <p class="status" role="status" data-testid="computing">{move || lang.get().t("widget-computing")}</p>
        }
        .into_any(),
        Phase::Failed(message) => drop_zone(body_ctx.clone(), Some(message)).into_any(),
        Phase::Ready(output) => ready(body_ctx.clone(), output),
    }
    };
    let title = match ctx.kind {
        Kind::Rfm => "widget-title-rfm",
        Kind::Segments => "widget-title-segments",
        Kind::Clusters => "widget-title-clusters",
        Kind::Basket => "widget-title-basket",
        Kind::Clv => "widget-title-clv",
        Kind::Profile => "widget-title-profile",
        Kind::Recommend => "widget-title-recommend",
    };
    view! {
        <header part="header">
            <h2>{move || lang.get().t(title)}</h2>
            <span class="private" title=move || lang.get().t("widget-private-title")>
                {move || lang.get().t("widget-private")}
            </span>
        </header>
        <div class="body" data-testid="body">{body}</div>
    }
}

fn drop_zone(ctx: Ctx, error: Option<String>) -> impl IntoView {
    let ctx_lang = ctx.lang_untracked();
    let dragging = RwSignal::new(false);
    let on_change = {
        let ctx = ctx.clone();
        move |ev: leptos::ev::Event| {
            let input: HtmlInputElement = event_target(&ev);
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                let name = file.name();
                ctx.load(file.unchecked_into(), name);
            }
            input.set_value("");
        }
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|f| f.get(0))
        {
            let name = file.name();
            ctx.load(file.unchecked_into(), name);
        }
    };
    view! {
        {error.map(|e| view! { <p class="error" role="alert" data-testid="error">{e}</p> })}
        <label class="drop" class:dragging=move || dragging.get() data-testid="drop"
            on:dragover=move |ev: DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <span>{ctx_lang.t("widget-drop")}</span>
            <input type="file" data-testid="file-input"
                accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values"
                on:change=on_change />
        </label>
    }
}

fn limit(ctx: &Ctx) -> usize {
    ctx.attrs
        .with_untracked(|a| a.get("limit").and_then(|l| l.trim().parse().ok()))
        .filter(|&l: &usize| l > 0)
        .unwrap_or(DEFAULT_LIMIT)
}

fn ready(ctx: Ctx, output: Output) -> AnyView {
    match (ctx.kind, output) {
        (Kind::Rfm, Output::Rfm(r)) => rfm_view(ctx, r).into_any(),
        (Kind::Segments, Output::Rfm(r)) => segments_view(ctx, r).into_any(),
        (Kind::Clusters, Output::Cluster(r)) => clusters_view(ctx, r).into_any(),
        (Kind::Basket, Output::Basket(r)) => basket_view(ctx, r).into_any(),
        (Kind::Clv, Output::Clv(r)) => clv_view(ctx, r).into_any(),
        (Kind::Profile, Output::Profile(r)) => profile_view(ctx, r).into_any(),
        (Kind::Recommend, Output::Recommend(r)) => recommend_view(ctx, r).into_any(),
        (kind, _) => view! {
            <p class="error" role="alert">{format!("segmint-{}: mismatched result", kind.name())}</p>
        }
        .into_any(),
    }
}

/// Tell the host which customers a segment holds.
fn select_segment(ctx: &Ctx, report: &RfmReport, segment: &str) {
    let ids: Vec<&str> = report
        .customers
        .iter()
        .filter(|c| c.segment == segment)
        .map(|c| c.customer_id.as_str())
        .collect();
    let summary = report.segments.iter().find(|s| s.name == segment);
    ctx.emit(
        "segmint-segment-select",
        json!({
            "segment": segment,
            "customerIds": ids,
            "customers": ids.len(),
            "revenue": summary.map(|s| s.revenue),
            "action": summary.map(|s| s.action.clone()),
        }),
    );
}

fn rfm_view(ctx: Ctx, report: Arc<RfmReport>) -> impl IntoView {
    let n = limit(&ctx);
    let lang = ctx.lang_untracked();
    let mut top: Vec<_> = report.customers.iter().collect();
    top.sort_by(|a, b| b.monetary.total_cmp(&a.monetary));
    let scores = top
        .into_iter()
        .take(n)
        .map(|c| {
            view! {
                <tr data-testid="score-row">
                    <td>{c.customer_id.clone()}</td>
                    <td class="num">{c.recency_days.to_string()}</td>
                    <td class="num">{count(c.frequency)}</td>
                    <td class="num">{money(c.monetary)}</td>
                    <td class="num">{format!("{} {} {}", c.r, c.f, c.m)}</td>
                    <td data-testid="score-segment">{segment_name(lang, &c.segment)}</td>
                </tr>
            }
        })
        .collect_view();
    let segments = report
        .segments
        .iter()
        .map(|s| {
            let (ctx, report, name) = (ctx.clone(), report.clone(), s.name.clone());
            view! {
                <tr data-testid="segment-row" data-segment=s.name.clone()>
                    <th scope="row">
                        <button type="button" class="link" data-testid="segment-button"
                            on:click=move |_| select_segment(&ctx, &report, &name)>
                            {segment_name(lang, &s.name)}
                        </button>
                    </th>
                    <td class="num" data-testid="segment-customers">{count(s.customers)}</td>
                    <td class="num">{percent(s.share)}</td>
                    <td class="num">{money(s.revenue)}</td>
                    <td>{segment_action(lang, &s.name, &s.action)}</td>
                </tr>
            }
        })
        .collect_view();
    let warnings = report
        .warnings
        .iter()
        .map(|w| view! { <li>{w.clone()}</li> })
        .collect_view();
    view! {
        <p class="summary" data-testid="summary">
            {lang.t_with("widget-rfm-summary", &[
                ("customers", &count(report.customers.len() as u64)),
                ("bins", &report.bins.to_string()),
                ("date", &report.reference_date.to_string()),
            ])}
        </p>
        <ul class="warnings">{warnings}</ul>
        <table data-testid="segment-table">
            <caption>{lang.t("widget-rfm-segments-caption")}</caption>
            <thead><tr><th scope="col">{lang.t("widget-col-segment")}</th>
                <th scope="col">{lang.t("widget-col-customers")}</th>
                <th scope="col">{lang.t("widget-col-share")}</th>
                <th scope="col">{lang.t("widget-col-revenue")}</th>
                <th scope="col">{lang.t("widget-col-action")}</th></tr></thead>
            <tbody>{segments}</tbody>
        </table>
        <table data-testid="score-table">
            <caption>{lang.t_with("widget-rfm-top-caption", &[("n", &n.to_string())])}</caption>
            <thead><tr><th scope="col">{lang.t("widget-col-customer")}</th>
                <th scope="col">{lang.t("widget-col-recency")}</th>
                <th scope="col">{lang.t("widget-col-orders")}</th>
                <th scope="col">{lang.t("widget-col-spend")}</th>
                <th scope="col">{lang.t("widget-col-rfm")}</th>
                <th scope="col">{lang.t("widget-col-segment")}</th></tr></thead>
            <tbody>{scores}</tbody>
        </table>
    }
}

fn segments_view(ctx: Ctx, report: Arc<RfmReport>) -> impl IntoView {
    let lang = ctx.lang_untracked();
    let mut view_data = SegmentBarsView::from_report(&report);
    // The bars carry the names a person reads; events keep the core's.
    view_data.names = view_data
        .names
        .iter()
        .map(|n| segment_name(lang, n))
        .collect();
    let (width, height) = Chart::SegmentBars(view_data.clone()).size();
    let canvas = NodeRef::<Canvas>::new();
    let rects = StoredValue::new_local(Rects::default());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let (recorded, bars) = (rects.get_value(), view_data.clone());
        draw_after_paint(
            canvas,
            move |canvas| {
                recorded.borrow_mut().clear();
                draw_bars(canvas.clone(), &bars, recorded, lang)
            },
            move |e| {
                error.try_set(Some(e));
            },
        );
    });
    let on_click = {
        let (ctx, report) = (ctx.clone(), report.clone());
        move |ev: MouseEvent| {
            let Some(canvas) = canvas.get_untracked() else {
                return;
            };
            let bounds = canvas.get_bounding_client_rect();
            if bounds.height() <= 0.0 {
                return;
            }
            let scale = f64::from(canvas.height()) / bounds.height();
            let y = ((f64::from(ev.client_y()) - bounds.top()) * scale).round() as i32;
            let hit = rects.with_value(|r| row_at(&r.borrow(), y));
            if let Some(segment) = hit.and_then(|i| report.segments.get(i)) {
                select_segment(&ctx, &report, &segment.name);
            }
        }
    };
    let buttons = report
        .segments
        .iter()
        .map(|s| {
            let (ctx, report, name) = (ctx.clone(), report.clone(), s.name.clone());
            view! {
                <li>
                    <button type="button" data-testid="segment-button" data-segment=s.name.clone()
                        on:click=move |_| select_segment(&ctx, &report, &name)>
                        {format!("{} ({})", segment_name(lang, &s.name), count(s.customers))}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <canvas node_ref=canvas data-testid="segment-chart" width=width.to_string()
            height=height.to_string() role="img"
            aria-label=lang.t("widget-segments-chart")
            on:click=on_click></canvas>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <ul class="chips" aria-label=lang.t("widget-segments-select")>{buttons}</ul>
    }
}

/// Draw the segment bars and record where each bar is.
fn draw_bars(
    canvas: web_sys::HtmlCanvasElement,
    view: &SegmentBarsView,
    rects: Rects,
    lang: Lang,
) -> Result<(), String> {
    use plotters::prelude::*;
    let measured = segmint_charts::canvas_backend(canvas).map_err(|e| e.to_string())?;
    let area = recording(measured, rects).into_drawing_area();
    let words = move |key: &str, args: &[(&str, &str)]| lang.t_with(key, args);
    draw_segment_bars(&area, view, &words).map_err(|e| e.to_string())?;
    area.present().map_err(|e| e.to_string())
}

fn clusters_view(ctx: Ctx, report: Arc<ClusterReport>) -> impl IntoView {
    let lang = ctx.lang_untracked();
    let mut scatter = ClusterScatterView::from_report(&report, SCATTER_MAX_POINTS);
    // The legend reads the names in the widget's language; events keep the core's.
    scatter.names = scatter
        .names
        .iter()
        .map(|n| cluster_name(lang, n))
        .collect();
    let canvas = NodeRef::<Canvas>::new();
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let scatter = scatter.clone();
        draw_after_paint(
            canvas,
            move |canvas| {
                let words = move |key: &str, args: &[(&str, &str)]| lang.t_with(key, args);
                segmint_charts::to_canvas(canvas.clone(), |area| {
                    draw_cluster_scatter(area, &scatter, &words)
                })
            },
            move |e| {
                error.try_set(Some(e));
            },
        );
    });
    let rows = report
        .profiles
        .iter()
        .map(|p| {
            let (ctx, report) = (ctx.clone(), report.clone());
            let (cluster, name) = (p.cluster, p.name.clone());
            let on_click = move |_| {
                let ids: Vec<&str> = report
                    .assignments
                    .iter()
                    .filter(|a| a.cluster == cluster)
                    .map(|a| a.customer_id.as_str())
                    .collect();
                ctx.emit(
                    "segmint-cluster-select",
                    json!({ "cluster": cluster, "name": name, "customerIds": ids }),
                );
            };
            // The swatch's class colours (widget.css) are the chart's category colours.
            view! {
                <tr data-testid="cluster-row" data-name=p.name.clone()>
                    <th scope="row">
                        <span class=format!("swatch c{}", p.cluster as usize % CATEGORIES)
                            title=category_hex(p.cluster as usize)></span>
                        <button type="button" class="link" data-testid="cluster-button"
                            on:click=on_click>{format!("{}: {}", p.cluster, cluster_name(lang, &p.name))}</button>
                    </th>
                    <td class="num">{count(p.customers)}</td>
                    <td class="num">{percent(p.revenue_share)}</td>
                    <td class="num">{format!("{:.0}", p.median_recency_days)}</td>
                    <td class="num">{format!("{:.0}", p.median_frequency)}</td>
                    <td class="num">{money(p.median_monetary)}</td>
                </tr>
            }
        })
        .collect_view();
    // The reason is typed by the core and worded here, in the widget's language.
    let reason = BrowserWords::widget(lang).cluster_reason(&report.recommendation.why);
    let customers = report.assignments.len() as u64;
    view! {
        <p class="summary" data-testid="summary">
            {lang.t_with("widget-clusters-summary", &[
                ("k", &report.k.to_string()),
                ("customers", &count(customers)),
                ("n", &customers.to_string()),
                ("reason", &reason),
            ])}
        </p>
        <table data-testid="cluster-table">
            <caption>{lang.t("widget-clusters-caption")}</caption>
            <thead><tr><th scope="col">{lang.t("widget-clusters-cluster")}</th>
                <th scope="col">{lang.t("widget-clusters-customers")}</th>
                <th scope="col">{lang.t("widget-clusters-revenue-share")}</th>
                <th scope="col">{lang.t("widget-clusters-recency")}</th>
                <th scope="col">{lang.t("widget-clusters-orders")}</th>
                <th scope="col">{lang.t("widget-clusters-spend")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <canvas node_ref=canvas data-testid="cluster-chart" width="640" height="400" role="img"
            aria-label=lang.t("widget-clusters-chart")></canvas>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}

fn basket_view(ctx: Ctx, report: Arc<BasketReport>) -> impl IntoView {
    let n = limit(&ctx);
    let lang = ctx.lang_untracked();
    let mut rules: Vec<_> = report.rules.iter().collect();
    rules.sort_by(|a, b| b.metrics.lift.total_cmp(&a.metrics.lift));
    let rows = rules
        .into_iter()
        .take(n)
        .map(|r| {
            let ctx = ctx.clone();
            let detail = json!({
                "antecedent": r.antecedent, "consequent": r.consequent,
                "support": r.metrics.support, "confidence": r.metrics.confidence,
                "lift": r.metrics.lift, "count": r.count,
            });
            view! {
                <tr data-testid="rule-row">
                    <td>
                        <button type="button" class="link" data-testid="rule-button"
                            on:click=move |_| ctx.emit("segmint-rule-select", detail.clone())>
                            {r.antecedent.join(" + ")}
                        </button>
                    </td>
                    <td>{r.consequent.join(" + ")}</td>
                    <td class="num">{percent(r.metrics.support)}</td>
                    <td class="num">{percent(r.metrics.confidence)}</td>
                    <td class="num">{format!("{:.2}", r.metrics.lift)}</td>
                </tr>
            }
        })
        .collect_view();
    let together = report.bought_together.as_ref().map(|t| {
        let rows = t
            .companions
            .iter()
            .take(n)
            .map(|c| {
                view! {
                    <tr data-testid="companion-row">
                        <td>{c.item.clone()}</td>
                        <td class="num">{count(c.count)}</td>
                        <td class="num">{percent(c.confidence)}</td>
                        <td class="num">{format!("{:.2}", c.lift)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table data-testid="together-table">
                <caption>{lang.t_with("widget-basket-together-caption", &[
                    ("item", &t.item), ("baskets", &count(t.count))])}</caption>
                <thead><tr><th scope="col">{lang.t("widget-col-product")}</th>
                    <th scope="col">{lang.t("widget-col-baskets-together")}</th>
                    <th scope="col">{lang.t("widget-col-share-of-baskets")}</th>
                    <th scope="col">{lang.t("widget-col-lift")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let warnings = report
        .warnings
        .iter()
        .map(|w| view! { <li>{w.clone()}</li> })
        .collect_view();
    view! {
        <p class="summary" data-testid="summary">
            {lang.t_with("widget-basket-summary", &[
                ("baskets", &count(report.transactions)),
                ("itemsets", &count(report.itemsets.len() as u64)),
                ("support", &percent(report.min_support)),
                ("rules", &count(report.rules.len() as u64)),
            ])}
        </p>
        <ul class="warnings">{warnings}</ul>
        {together}
        <table data-testid="rule-table">
            <caption>{lang.t_with("widget-basket-rules-caption", &[("n", &n.to_string())])}</caption>
            <thead><tr><th scope="col">{lang.t("widget-col-antecedent")}</th>
                <th scope="col">{lang.t("widget-col-consequent")}</th>
                <th scope="col">{lang.t("widget-col-support")}</th>
                <th scope="col">{lang.t("widget-col-confidence")}</th>
                <th scope="col">{lang.t("widget-col-lift")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn clv_view(ctx: Ctx, report: Arc<ClvReport>) -> impl IntoView {
    let n = limit(&ctx);
    let lang = ctx.lang_untracked();
    let mut top: Vec<_> = report.customers.iter().collect();
    top.sort_by(|a, b| b.clv.total_cmp(&a.clv));
    let rows = top
        .into_iter()
        .take(n)
        .map(|c| {
            let ctx = ctx.clone();
            let detail = json!({
                "customerId": c.customer_id, "clv": c.clv, "pAlive": c.p_alive,
                "expectedPurchases": c.expected_purchases,
            });
            view! {
                <tr data-testid="clv-row">
                    <td>
                        <button type="button" class="link" data-testid="customer-button"
                            on:click=move |_| ctx.emit("segmint-customer-select", detail.clone())>
                            {c.customer_id.clone()}
                        </button>
                    </td>
                    <td class="num">{percent(c.p_alive)}</td>
                    <td class="num">{format!("{:.2}", c.expected_purchases)}</td>
                    <td class="num">{money(c.clv)}</td>
                </tr>
            }
        })
        .collect_view();
    let total: f64 = report
        .customers
        .iter()
        .map(|c| c.clv)
        .filter(|v| v.is_finite())
        .sum();
    view! {
        <p class="summary" data-testid="summary">
            {lang.t_with("widget-clv-summary", &[
                ("customers", &count(report.customers.len() as u64)),
                ("value", &money(total)),
                ("months", &report.clv_months.to_string()),
                ("date", &report.observation_end.to_string()),
            ])}
        </p>
        <p class="note">{report.recency_definition.clone()}</p>
        <table data-testid="clv-table">
            <caption>{lang.t_with("widget-clv-caption", &[("n", &n.to_string())])}</caption>
            <thead><tr><th scope="col">{lang.t("widget-col-customer")}</th>
                <th scope="col">{lang.t("widget-col-p-alive")}</th>
                <th scope="col">{lang.t_with("widget-col-purchases", &[
                    ("days", &format!("{:.0}", report.horizon_days))])}</th>
                <th scope="col">{lang.t("widget-col-clv")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn tier(lang: Lang, t: Option<Tier>) -> String {
    match t {
        Some(Tier::High) => lang.t("tier-high"),
        Some(Tier::Medium) => lang.t("tier-medium"),
        Some(Tier::Low) => lang.t("tier-low"),
        None => "—".into(),
    }
}

/// The `customer-id` attribute, trimmed (tracked: another id shows another customer at once).
fn customer_id(ctx: &Ctx) -> Option<String> {
    ctx.attrs.with(|a| {
        a.get("customer-id")
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    })
}

fn suggestions_list(lang: Lang, items: &[Suggestion]) -> impl IntoView + use<> {
    let items = items.to_vec();
    view! {
        <ol class="next-best" data-testid="next-best">
            {items.into_iter().map(|s| {
                let label = match &s.product_name {
                    Some(name) => format!("{} {}", s.product_id, name),
                    None => s.product_id.clone(),
                };
                view! {
                    <li data-product=s.product_id.clone() data-bestseller=s.bestseller.to_string()>
                        {label}
                        {s.bestseller.then(|| view! { " " <span class="tag">{lang.t("product-bestseller")}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

fn missing_customer(lang: Lang, id: Option<String>) -> AnyView {
    let message = match id {
        None => lang.t("profile-no-id"),
        Some(id) => lang.t_with("profile-unknown", &[("id", &id)]),
    };
    view! { <p class="status" role="status" data-testid="no-customer">{message}</p> }.into_any()
}

fn profile_view(ctx: Ctx, report: Arc<ProfileReport>) -> impl IntoView {
    move || {
        let lang = ctx.lang();
        let id = customer_id(&ctx);
        let Some(c) = id.as_deref().and_then(|id| report.customer(id)) else {
            return missing_customer(lang, id);
        };
        let next = match (&c.expected_next_order_date, c.overdue_days) {
            (Some(date), Some(days)) if days > 0 => lang.t_with(
                "profile-overdue",
                &[("date", date), ("days", &days.to_string())],
            ),
            (Some(date), _) => date.clone(),
            _ => "—".into(),
        };
        let fields: Vec<(&str, String, String)> = vec![
            ("orders", lang.t("profile-orders"), count(c.orders)),
            ("revenue", lang.t("profile-revenue"), money(c.revenue)),
            ("aov", lang.t("profile-aov"), money(c.average_order_value)),
            (
                "between",
                lang.t("profile-between"),
                c.average_days_between_orders
                    .map_or_else(|| "—".into(), |d| format!("{d:.1}")),
            ),
            ("next-order", lang.t("profile-next-order"), next),
            (
                "p-alive",
                lang.t("profile-p-alive"),
                c.p_alive.map_or_else(|| "—".into(), percent),
            ),
            ("churn", lang.t("profile-churn"), tier(lang, c.churn_tier)),
            (
                "clv",
                lang.t("profile-clv"),
                match c.clv {
                    Some(v) => format!("{} ({})", money(v), tier(lang, c.clv_tier)),
                    None => "—".into(),
                },
            ),
            (
                "segment",
                lang.t("profile-segment"),
                segment_name(lang, &c.segment),
            ),
            (
                "cluster",
                lang.t("profile-cluster"),
                match (c.cluster, &c.cluster_name) {
                    (Some(k), Some(name)) => format!("{k} {}", cluster_name(lang, name)),
                    (Some(k), None) => k.to_string(),
                    _ => "—".into(),
                },
            ),
        ];
        view! {
            <dl class="profile" data-testid="profile" data-customer=c.customer_id.clone()>
                {fields.into_iter().map(|(key, label, value)| view! {
                    <dt>{label}</dt><dd data-field=key>{value}</dd>
                }).collect_view()}
                <dt>{lang.t("profile-next-best")}</dt>
                <dd data-field="next-best">{suggestions_list(lang, &c.next_best_products)}</dd>
            </dl>
        }
        .into_any()
    }
}

fn recommend_view(ctx: Ctx, report: Arc<RecommendReport>) -> impl IntoView {
    move || {
        let lang = ctx.lang();
        let id = customer_id(&ctx);
        let Some(c) = id
            .as_deref()
            .and_then(|id| report.customers.iter().find(|c| c.customer_id == id))
        else {
            return missing_customer(lang, id);
        };
        suggestions_list(lang, &c.items).into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn attributes_become_requests() {
        // Compared as values: only segmint-core looks inside a request.
        let rfm = request(Kind::Rfm, &attrs(&[("bins", "4"), ("preset", "rf-grid")]));
        let expected = RfmParams {
            bins: 4,
            rules: SegmentRules::rf_grid(),
            ..RfmParams::default()
        };
        assert_eq!(rfm, Ok(Request::Rfm { params: expected }));
        let clusters = request(Kind::Clusters, &attrs(&[("k", "3")]));
        let mut expected = ClusterParams::new();
        expected.k = KChoice::Fixed(3);
        assert_eq!(clusters, Ok(Request::Cluster { params: expected }));
        let basket = request(
            Kind::Basket,
            &attrs(&[("min-support", "0.05"), ("item", " WHITE MUG ")]),
        );
        let mut expected = BasketParams::new(MinSupport::Fraction(0.05))
            .min_confidence(0.3)
            .max_len(3);
        expected.bought_together = Some(TogetherParams {
            item: "WHITE MUG".into(),
            ..TogetherParams::default()
        });
        assert_eq!(basket, Ok(Request::Basket { params: expected }));
    }

    #[test]
    fn cluster_swatches_have_the_scatter_colours() {
        let css = include_str!("widget.css");
        for i in 0..CATEGORIES {
            let rule = format!(".c{i} {{ background: {}; }}", category_hex(i));
            assert!(css.contains(&rule), "widget.css lacks {rule}");
        }
    }

    #[test]
    fn bad_attributes_say_which_and_what_is_expected() {
        let e = request(Kind::Rfm, &attrs(&[("bins", "12")])).unwrap_err();
        assert_eq!(
            e,
            "segmint-rfm: attribute bins=\"12\" is not valid: a whole number from 3 to 10"
        );
        let e = request(Kind::Segments, &attrs(&[("preset", "gold")])).unwrap_err();
        assert!(e.contains("rfm-10, rf-grid or three-level"), "{e}");
        let e = request(Kind::Basket, &attrs(&[("min-support", "abc")])).unwrap_err();
        assert!(e.contains("min-support=\"abc\""), "{e}");
        let e = request(Kind::Clusters, &attrs(&[("k", "2.5")])).unwrap_err();
        assert!(e.contains("k=\"2.5\""), "{e}");
    }
}
