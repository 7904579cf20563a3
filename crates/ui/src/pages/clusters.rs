use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use leptos::prelude::*;
use segmint_charts::{Chart, ClusterScatterView, ElbowSilhouetteView, SCATTER_MAX_POINTS};
use segmint_core::cluster::{ClusterParams, ClusterReport, Feature, Transform};
use segmint_core::export::Cell;
use segmint_core::rfm::RfmReport;
use segmint_web::format::{count, money, percent};
use segmint_web::words::cluster_name;
use segmint_web::{BrowserWords, Host, Lang};

use super::when_ready_progress;
use crate::components::{ChartFigure, ProgressBar};
use crate::download::{Csv, file_name};
use crate::i18n::{tr, tr_with, use_lang};
use crate::store::{ColumnsRead, Load, Store};

/// Customer clusters: the choice of k, the profiles, the scatter, the members.
#[component]
pub(crate) fn ClustersPage(store: Store) -> impl IntoView {
    view! {
        <section class="clusters" data-testid="clusters">
            <h2>{tr("clusters-title")}</h2>
            <p class="hint">{tr("clusters-hint")}</p>
            <ClusterFeatures store />
            {when_ready_progress(move || store.cluster.get(), "clusters-computing", "clusters", move |sweep| {
                let source = store.file_name.get_untracked();
                view! { <ClustersResult sweep source store /> }
            })}
        </section>
    }
}

/// The features the clusters use: each one's transforms (`segmint cluster --transform`), and
/// customer columns from a second file (`--customer-columns`): its id column found by name or
/// chosen (`--id-column`), its numeric columns ticked.
#[component]
fn ClusterFeatures(store: Store) -> impl IntoView {
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            store.ask_columns(file.name(), file.into());
        }
        // The same file can be picked again after a change to it.
        input.set_value("");
    };
    let lang = use_lang();
    // Each feature's steps as typed, by feature name (not yet applied).
    let texts = RwSignal::new(BTreeMap::<String, String>::new());
    // The customer columns ticked: every numeric one of a file when it is read.
    let ticked = RwSignal::new(Vec::<String>::new());
    // Steps that do not read, in words.
    let problems = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        if let Load::Ready(read) = store.columns.get()
            && let ColumnsRead::Read(answer) = &*read
        {
            ticked.set(answer.features.iter().map(|f| f.name.clone()).collect());
        }
    });
    let rfm: Vec<String> = ClusterParams::new()
        .features
        .into_iter()
        .map(|f| f.name)
        .collect();
    let in_use = move || {
        store
            .cluster_extra
            .with(|e| e.iter().map(|f| f.name.clone()).collect::<Vec<_>>())
    };
    let transforms_in_use = move || {
        store.cluster_transforms.with(|t| {
            t.iter()
                .map(|(name, steps)| format!("{name} = {}", Transform::steps_text(steps)))
                .collect::<Vec<_>>()
        })
    };
    let apply = {
        let rfm = rfm.clone();
        move |_| {
            let extra: Vec<Feature> = match store.columns.load.get_untracked() {
                Load::Ready(read) if store.columns_ask.with_untracked(Option::is_some) => {
                    match &*read {
                        ColumnsRead::Read(answer) => {
                            let keep = ticked.get_untracked();
                            answer
                                .features
                                .iter()
                                .filter(|f| keep.contains(&f.name))
                                .cloned()
                                .collect()
                        }
                        ColumnsRead::NoId { .. } => Vec::new(),
                    }
                }
                _ => Vec::new(),
            };
            let words = BrowserWords::app();
            let mut transforms = BTreeMap::new();
            let mut bad = Vec::new();
            let names = rfm
                .iter()
                .cloned()
                .chain(extra.iter().map(|f| f.name.clone()));
            for name in names {
                match Transform::parse_steps(&steps_text(store, texts, &name)) {
                    Ok(steps) if steps == Feature::DEFAULT => {}
                    Ok(steps) => {
                        transforms.insert(name, steps);
                    }
                    Err(e) => bad.push(lang.get_untracked().t_with(
                        "clusters-transform-error",
                        &[("feature", &name), ("problem", &words.error(&e))],
                    )),
                }
            }
            if bad.is_empty() {
                store.set_cluster_features(extra, transforms);
            }
            problems.set(bad);
        }
    };
    let can_apply = move || {
        if store.columns_ask.with(Option::is_none) {
            return true;
        }
        match store.columns.get() {
            Load::Ready(read) => {
                matches!(&*read, ColumnsRead::Read(_)) && ticked.with(|t| !t.is_empty())
            }
            _ => false,
        }
    };
    let remove = move |_| {
        let transforms = store.cluster_transforms.with_untracked(|t| {
            t.iter()
                .filter(|(name, _)| {
                    ClusterParams::new()
                        .features
                        .iter()
                        .any(|f| &f.name == *name)
                })
                .map(|(n, s)| (n.clone(), s.clone()))
                .collect()
        });
        store.set_cluster_features(Vec::new(), transforms);
        store.columns_ask.set(None);
    };
    let open = move || {
        store.columns_ask.with(Option::is_some) || store.cluster_transforms.with(|t| !t.is_empty())
    };
    view! {
        <details class="columns" data-testid="columns-details" prop:open=open>
            <summary>{tr("clusters-columns-title")}</summary>
            <p class="hint">{tr("clusters-transforms-hint")}</p>
            <datalist id="transform-steps">
                {["log1p,zscore", "zscore", "minmax", "log1p,minmax", "signed-log1p,zscore", "none"]
                    .into_iter().map(|steps| view! { <option value=steps></option> }).collect_view()}
            </datalist>
            <fieldset class="columns-choice">
                <legend>{tr("clusters-transforms-legend")}</legend>
                {rfm.into_iter().map(|name| view! {
                    <label class="steps">{name.clone()}" "{steps_input(store, texts, name)}</label>
                }).collect_view()}
            </fieldset>
            <p class="hint">{tr("clusters-columns-hint")}</p>
            <label>{tr("clusters-columns-file")}" "
                <input type="file" accept=".csv,.tsv,.txt,.gz" data-testid="columns-input"
                    on:change=on_file />
            </label>
            {move || {
                let used = in_use();
                (!used.is_empty()).then(|| view! {
                    <p class="note" role="note" data-testid="columns-in-use">
                        {lang.get_untracked().t_with("clusters-columns-in-use", &[("columns", &used.join(", "))])}
                    </p>
                })
            }}
            {move || {
                let used = transforms_in_use();
                (!used.is_empty()).then(|| view! {
                    <p class="note" role="note" data-testid="transforms-in-use">
                        {lang.get_untracked().t_with("clusters-transforms-in-use", &[("transforms", &used.join("; "))])}
                    </p>
                })
            }}
            {move || store.columns_ask.with(Option::is_some).then(|| store.columns.get()).map(|load| match load {
                Load::Pending => view! {
                    <p class="hint" role="status" data-testid="columns-pending">{lang.get_untracked().t("clusters-columns-reading")}</p>
                }.into_any(),
                Load::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="columns-error">{message}</p>
                }.into_any(),
                Load::Ready(read) => match &*read {
                    ColumnsRead::Read(answer) => {
                        view! { <ColumnsPicker answer=answer.clone() store ticked texts /> }.into_any()
                    }
                    ColumnsRead::NoId { message, columns } => view! {
                        <p class="error" role="alert" data-testid="columns-error">{message.clone()}</p>
                        {id_select(store, columns.clone())}
                    }.into_any(),
                },
            })}
            {move || {
                let bad = problems.get();
                (!bad.is_empty()).then(|| view! {
                    <ul class="error" role="alert" data-testid="transforms-error">
                        {bad.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                })
            }}
            <div class="exports">
                <button data-testid="columns-apply" on:click=apply
                    prop:disabled=move || !can_apply()>{tr("clusters-columns-apply")}</button>
                {move || (store.columns_ask.with(Option::is_some) || !in_use().is_empty()).then(|| view! {
                    <button data-testid="columns-remove" on:click=remove>{tr("clusters-columns-remove")}</button>
                })}
            </div>
        </details>
    }
}

/// The steps typed for `name`, else the ones applied, else the default (`log1p,zscore`).
fn steps_text(store: Store, texts: RwSignal<BTreeMap<String, String>>, name: &str) -> String {
    texts.with(|t| t.get(name).cloned()).unwrap_or_else(|| {
        store.cluster_transforms.with_untracked(|t| {
            Transform::steps_text(t.get(name).map_or(&Feature::DEFAULT[..], Vec::as_slice))
        })
    })
}

/// The text box of one feature's steps.
fn steps_input(
    store: Store,
    texts: RwSignal<BTreeMap<String, String>>,
    name: String,
) -> impl IntoView {
    let value = {
        let name = name.clone();
        move || steps_text(store, texts, &name)
    };
    let on_input = {
        let name = name.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            texts.update(|t| {
                t.insert(name.clone(), text);
            });
        }
    };
    let label = tr_with("clusters-transform-label", &[("feature", &name)]);
    view! {
        <input type="text" class="steps" list="transform-steps" spellcheck="false"
            autocomplete="off" data-testid="feature-transform" data-feature=name
            aria-label=label prop:value=value on:input=on_input />
    }
}

/// The menu of the customer-id column: found by its name (the default), or one of `header`.
fn id_select(store: Store, header: Vec<String>) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        store.columns_id.set((!value.is_empty()).then_some(value));
    };
    // The menu is built anew for every reading of the file, with the choice it was read with.
    let chosen = store.columns_id.get_untracked();
    view! {
        <label>{tr("clusters-columns-id")}" "
            <select data-testid="columns-id-select" on:change=on_change>
                <option value="" selected=chosen.is_none()>{tr("clusters-columns-id-auto")}</option>
                {header.into_iter().map(|h| {
                    let selected = chosen.as_deref() == Some(h.as_str());
                    view! { <option value=h.clone() selected=selected>{h.clone()}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn ColumnsPicker(
    answer: segmint_core::protocol::ColumnsAnswer,
    store: Store,
    ticked: RwSignal<Vec<String>>,
    texts: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let summary = &answer.summary;
    let coverage = &summary.coverage;
    let missing = (coverage.missing > 0).then(|| {
        tr_with(
            "clusters-columns-missing",
            &[
                ("count", &count(coverage.missing)),
                ("n", &coverage.missing.to_string()),
                ("first", &coverage.first_missing.clone().unwrap_or_default()),
            ],
        )
    });
    let summary_text = tr_with(
        "clusters-columns-summary",
        &[
            ("count", &count(summary.rows)),
            ("n", &summary.rows.to_string()),
            ("id", &summary.id_column),
            ("matched", &count(coverage.matched)),
        ],
    );
    view! {
        <p data-testid="columns-summary">
            <strong>{summary.file_name.clone()}</strong>{summary_text}
        </p>
        {id_select(store, summary.header.clone())}
        {missing.map(|m| view! { <p class="error" role="alert" data-testid="columns-missing">{m}</p> })}
        {(!answer.warnings.is_empty()).then(|| view! {
            <ul class="warnings" data-testid="columns-warnings">
                {answer.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
            </ul>
        })}
        <fieldset class="columns-choice">
            <legend>{tr("clusters-columns-legend")}</legend>
            {summary.columns.iter().map(|c| {
                let name = c.name.clone();
                let checked = {
                    let name = name.clone();
                    move || ticked.with(|t| t.contains(&name))
                };
                let toggle = {
                    let name = name.clone();
                    move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        ticked.update(|t| {
                            t.retain(|n| n != &name);
                            if on {
                                t.push(name.clone());
                            }
                        });
                    }
                };
                view! {
                    <div class="column-choice">
                        <label class="check" data-testid="columns-option">
                            <input type="checkbox" data-column=name.clone() disabled=!c.numeric
                                prop:checked=checked on:change=toggle />
                            {c.name.clone()}
                            {c.problem.clone().map(|p| view! { <span class="hint">{format!(" {}", tr_with("clusters-columns-not-numeric", &[("problem", &p)]))}</span> })}
                        </label>
                        {c.numeric.then(|| view! {
                            <label class="steps">{tr("clusters-columns-transforms")}" "{steps_input(store, texts, name.clone())}</label>
                        })}
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn ClustersResult(sweep: Arc<ClusterReport>, source: String, store: Store) -> impl IntoView {
    let elbow = ElbowSilhouetteView::from_report(&sweep);
    let recommended = sweep.recommendation.k;
    let ks: Vec<usize> = sweep.sweep.iter().map(|r| r.k).collect();
    let sweep_csv = sweep_csv(&sweep).into_string();
    let on_k = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        store
            .cluster_k
            .set(value.parse::<usize>().ok().filter(|&k| k != recommended));
    };
    let lang = use_lang();
    let shown = {
        let (sweep, source) = (sweep.clone(), source.clone());
        move || {
            match store.cluster_k.get() {
            None => view! { <ClusterDetail report=sweep.clone() source=source.clone() store /> }
                .into_any(),
            Some(k) => match store.cluster_fixed.get() {
                Load::Pending => view! {
                    <div data-testid="clusters-fixed-pending" role="status">
                        <ProgressBar label=lang.get_untracked().t_with("clusters-fitting", &[("k", &k.to_string())]) done=0 total=0 />
                    </div>
                }
                .into_any(),
                Load::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="clusters-fixed-error">{message}</p>
                }
                .into_any(),
                Load::Ready(report) => {
                    view! { <ClusterDetail report source=source.clone() store /> }.into_any()
                }
            },
        }
        }
    };
    view! {
        <p data-testid="cluster-recommendation">
            {tr("clusters-recommended")}" " <strong data-testid="cluster-recommended-k">{recommended.to_string()}</strong>
            " "{tr("clusters-recommended-unit")}" " <span data-testid="cluster-reason">{BrowserWords::new(Host::App, lang.get_untracked()).cluster_reason(&sweep.recommendation.why)}</span>
        </p>
        {(!sweep.warnings.is_empty()).then(|| view! {
            <ul class="warnings" data-testid="cluster-warnings">
                {sweep.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
            </ul>
        })}
        <div class="controls">
            <label>{tr("clusters-k-label")}" "
                <select data-testid="k-select" on:change=on_k
                    prop:value=move || store.cluster_k.get().map_or_else(String::new, |k| k.to_string())>
                    <option value="">{tr_with("clusters-k-recommended", &[("k", &recommended.to_string())])}</option>
                    {ks.into_iter().filter(|&k| k != recommended).map(|k| view! {
                        <option value=k.to_string()>{format!("k = {k}")}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <ChartFigure chart=Chart::ElbowSilhouette(elbow) title=tr("clusters-elbow-title")
            testid="elbow-chart" file_stem=source.clone() csv=sweep_csv>
            <table class="data" data-testid="sweep-table">
                <caption>{tr("clusters-sweep-caption")}</caption>
                <thead><tr>
                    <th scope="col">"k"</th><th scope="col">{tr("clusters-inertia")}</th>
                    <th scope="col">{tr("clusters-silhouette")}</th>
                    <th scope="col">{tr("clusters-davies-bouldin")}</th>
                    <th scope="col">{tr("clusters-calinski-harabasz")}</th>
                    <th scope="col">{tr("clusters-smallest")}</th>
                </tr></thead>
                <tbody>
                    {sweep.sweep.iter().map(|r| view! {
                        <tr data-testid="sweep-row" class:recommended=r.k == recommended>
                            <th scope="row">{r.k.to_string()}</th>
                            <td class="num">{format!("{:.1}", r.inertia)}</td>
                            <td class="num">{metric(r.silhouette, 3)}</td>
                            <td class="num">{metric(r.davies_bouldin, 3)}</td>
                            <td class="num">{metric(r.calinski_harabasz, 1)}</td>
                            <td class="num">{percent(r.smallest_share)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
        {shown}
    }
}

fn metric(v: Option<f64>, digits: usize) -> String {
    v.filter(|v| v.is_finite())
        .map_or_else(|| "—".to_owned(), |v| format!("{v:.digits$}"))
}

#[component]
fn ClusterDetail(report: Arc<ClusterReport>, source: String, store: Store) -> impl IntoView {
    let k = report.k;
    let lang = use_lang();
    let mut scatter = ClusterScatterView::from_report(&report, SCATTER_MAX_POINTS);
    // The legend reads the names in the page's language; exports keep the core's.
    scatter.names = scatter
        .names
        .iter()
        .map(|n| cluster_name(lang.get_untracked(), n))
        .collect();
    let (export_error, set_export_error) = signal(None::<String>);
    let members = {
        let report = report.clone();
        move |cluster: Option<u32>, name: String| match members_csv(
            &report,
            &store.rfm.load.get_untracked(),
            cluster,
            lang.get_untracked(),
        ) {
            Ok(csv) => {
                set_export_error.set(None);
                csv.download(&name)
            }
            Err(message) => set_export_error.set(Some(message)),
        }
    };
    let on_all = {
        let (members, name) = (
            members.clone(),
            file_name(&source, &format!("clusters-k{k}-customers"), "csv"),
        );
        move |_| members(None, name.clone())
    };
    let on_profiles = {
        let (report, name) = (
            report.clone(),
            file_name(&source, &format!("clusters-k{k}"), "csv"),
        );
        move |_| profiles_csv(&report).download(&name)
    };
    let scatter_csv = points_csv(&report).into_string();
    let mut drawn = vec![0u64; scatter.names.len()];
    for &c in &scatter.clusters {
        if let Some(n) = drawn.get_mut(c as usize) {
            *n += 1;
        }
    }
    let caption = scatter.caption(&crate::i18n::chart_words());
    view! {
        <h3 data-testid="cluster-k">{tr_with("clusters-k-heading", &[("k", &k.to_string())])}</h3>
        <p>{tr_with("clusters-fit", &[
            ("inertia", &format!("{:.1}", report.inertia)),
            ("silhouette", &metric(report.silhouette, 3)),
            ("date", &report.reference_date),
        ])}</p>
        <div class="scroll">
        <table class="data" data-testid="cluster-profiles">
            <caption>{tr("clusters-profiles-caption")}</caption>
            <thead><tr>
                <th scope="col">{tr("clusters-cluster")}</th><th scope="col">{tr("clusters-name")}</th>
                <th scope="col">{tr("clusters-customers")}</th><th scope="col">{tr("clusters-share")}</th>
                <th scope="col">{tr("clusters-revenue")}</th><th scope="col">{tr("clusters-revenue-share")}</th>
                <th scope="col">{tr("clusters-median-recency")}</th><th scope="col">{tr("clusters-median-orders")}</th>
                <th scope="col">{tr("clusters-median-spend")}</th>
                {extra_features(&report).map(|name| view! {
                    <th scope="col" data-testid="cluster-extra-header">{tr_with("clusters-median-column", &[("column", name)])}</th>
                }).collect_view()}
                <th scope="col">{tr("clusters-members")}</th>
            </tr></thead>
            <tbody>
                {report.profiles.iter().map(|p| {
                    let members = members.clone();
                    let cluster = p.cluster;
                    let file = file_name(&source, &format!("cluster-{cluster}-{}", p.name), "csv");
                    let shown = cluster_name(lang.get_untracked(), &p.name);
                    view! {
                        // The row carries the core's name; the cell shows it in the page's language.
                        <tr data-testid="cluster-row" data-name=p.name.clone()>
                            <th scope="row" data-testid="cluster-id">{cluster.to_string()}</th>
                            <td data-testid="cluster-name">{shown.clone()}</td>
                            <td class="num" data-testid="cluster-customers">{count(p.customers)}</td>
                            <td class="num">{percent(p.share)}</td>
                            <td class="num">{money(p.revenue)}</td>
                            <td class="num">{percent(p.revenue_share)}</td>
                            <td class="num" data-testid="cluster-recency">{format!("{:.0}", p.median_recency_days)}</td>
                            <td class="num" data-testid="cluster-frequency">{format!("{:.1}", p.median_frequency)}</td>
                            <td class="num" data-testid="cluster-monetary">{money(p.median_monetary)}</td>
                            {extra_medians(&report, p).map(|m| view! {
                                <td class="num" data-testid="cluster-extra">{format!("{m:.2}")}</td>
                            }).collect_view()}
                            <td><button class="small" data-testid="cluster-members-csv"
                                aria-label=tr_with("clusters-members-csv", &[("cluster", &cluster.to_string()), ("name", &shown)])
                                on:click=move |_| members(Some(cluster), file.clone())>"CSV"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        {move || export_error.get().map(|e| view! { <p class="error" role="alert" data-testid="cluster-export-error">{e}</p> })}
        <div class="exports">
            <button data-testid="cluster-profiles-csv" on:click=on_profiles>{tr("clusters-profiles-csv")}</button>
            <button data-testid="cluster-customers-csv" on:click=on_all>{tr("clusters-customers-csv")}</button>
        </div>
        <ChartFigure chart=Chart::ClusterScatter(scatter.clone()) title=caption
            testid="cluster-scatter" file_stem=source.clone() csv=scatter_csv>
            <table class="data" data-testid="cluster-scatter-table">
                <caption>{tr_with("clusters-scatter-caption", &[
                    ("drawn", &count(scatter.points.len() as u64)),
                    ("total", &count(scatter.total as u64)),
                ])}</caption>
                <thead><tr><th scope="col">{tr("clusters-cluster")}</th><th scope="col">{tr("clusters-points-drawn")}</th></tr></thead>
                <tbody>
                    {scatter.names.iter().zip(&drawn).enumerate().map(|(c, (n, d))| view! {
                        <tr><th scope="row">{format!("{c}: {n}")}</th><td class="num">{count(*d)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
    }
}

/// The sweep table.
fn sweep_csv(report: &ClusterReport) -> Csv {
    let mut csv = Csv::new(&[
        "k",
        "inertia",
        "silhouette",
        "davies_bouldin",
        "calinski_harabasz",
        "smallest_share",
        "recommended",
    ]);
    let opt = |v: Option<f64>| v.map_or(Cell::Text(""), Cell::Number);
    for r in &report.sweep {
        csv.row(&[
            Cell::Int(r.k as i64),
            Cell::Number(r.inertia),
            opt(r.silhouette),
            opt(r.davies_bouldin),
            opt(r.calinski_harabasz),
            Cell::Number(r.smallest_share),
            Cell::Text(if r.k == report.recommendation.k {
                "yes"
            } else {
                ""
            }),
        ]);
    }
    csv
}

fn profiles_csv(report: &ClusterReport) -> Csv {
    let extra: Vec<String> = extra_features(report)
        .map(|name| format!("median_{name}"))
        .collect();
    let mut header = vec![
        "cluster",
        "name",
        "customers",
        "share",
        "revenue",
        "revenue_share",
        "median_recency_days",
        "median_frequency",
        "median_monetary",
    ];
    header.extend(extra.iter().map(String::as_str));
    let mut csv = Csv::new(&header);
    for p in &report.profiles {
        let mut row = vec![
            Cell::Int(i64::from(p.cluster)),
            Cell::Text(&p.name),
            Cell::Int(p.customers as i64),
            Cell::Number(p.share),
            Cell::Number(p.revenue),
            Cell::Number(p.revenue_share),
            Cell::Number(p.median_recency_days),
            Cell::Number(p.median_frequency),
            Cell::Number(p.median_monetary),
        ];
        row.extend(extra_medians(report, p).map(Cell::Number));
        csv.row(&row);
    }
    csv
}

/// The customer columns a report clustered on besides R, F and M (the first three features).
fn extra_features(report: &ClusterReport) -> impl Iterator<Item = &str> {
    report.features.iter().skip(3).map(String::as_str)
}

/// A profile's medians of those columns, in the same order.
fn extra_medians<'a>(
    report: &ClusterReport,
    p: &'a segmint_core::cluster::ClusterProfile,
) -> impl Iterator<Item = f64> + 'a {
    p.feature_medians
        .iter()
        .skip(3)
        .take(report.features.len().saturating_sub(3))
        .copied()
}

/// Every customer's PCA coordinates and cluster.
fn points_csv(report: &ClusterReport) -> Csv {
    let mut csv = Csv::new(&["customer_id", "cluster", "pc1", "pc2"]);
    for (a, p) in report.assignments.iter().zip(&report.pca.points) {
        csv.row(&[
            Cell::Text(&a.customer_id),
            Cell::Int(i64::from(a.cluster)),
            Cell::Number(p[0]),
            Cell::Number(p[1]),
        ]);
    }
    csv
}

/// Campaign-ready members of one cluster (or all): id, cluster, its name, and the customer's
/// recency, frequency and monetary value with their RFM scores and segment — taken from the
/// RFM analysis of the same data, which uses the same definitions and reference date.
fn members_csv(
    report: &ClusterReport,
    rfm: &Load<RfmReport>,
    cluster: Option<u32>,
    lang: Lang,
) -> Result<Csv, String> {
    let Load::Ready(rfm) = rfm else {
        return Err(lang.t("clusters-rfm-pending"));
    };
    if rfm.reference_date != report.reference_date {
        return Err(lang.t_with(
            "clusters-rfm-other-date",
            &[
                ("rfm", &rfm.reference_date),
                ("clusters", &report.reference_date),
            ],
        ));
    }
    let by_id: HashMap<&str, usize> = rfm
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.customer_id.as_str(), i))
        .collect();
    let names: Vec<&str> = report.profiles.iter().map(|p| p.name.as_str()).collect();
    let mut csv = Csv::new(&[
        "customer_id",
        "cluster",
        "cluster_name",
        "recency_days",
        "frequency",
        "monetary",
        "r",
        "f",
        "m",
        "rfm_segment",
    ]);
    for a in report
        .assignments
        .iter()
        .filter(|a| cluster.is_none_or(|c| a.cluster == c))
    {
        let name = names.get(a.cluster as usize).copied().unwrap_or("");
        let Some(c) = by_id
            .get(a.customer_id.as_str())
            .map(|&i| &rfm.customers[i])
        else {
            return Err(lang.t_with("clusters-no-rfm-score", &[("customer", &a.customer_id)]));
        };
        csv.row(&[
            Cell::Text(&a.customer_id),
            Cell::Int(i64::from(a.cluster)),
            Cell::Text(name),
            Cell::Int(c.recency_days),
            Cell::Int(c.frequency as i64),
            Cell::Number(c.monetary),
            Cell::Int(i64::from(c.r)),
            Cell::Int(i64::from(c.f)),
            Cell::Int(i64::from(c.m)),
            Cell::Text(&c.segment),
        ]);
    }
    Ok(csv)
}
