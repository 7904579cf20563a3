//! Measure a campaign: the treatment and control files of an export and the orders since,
//! read here; conversion and revenue per customer of each group, the difference with its
//! 95% interval and the two-proportion test, in words (DESIGN §4 "Campaign lift").

use leptos::prelude::*;
use leptos::task::spawn_local;
use segmint_core::lift::LiftReport;
use segmint_core::protocol::GroupFile;
use segmint_web::format::{count, money, percent};
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

use crate::i18n::{tr, tr_with, use_lang};
use crate::store::Store;
use segmint_web::Lang;

/// The three files picked.
#[derive(Clone, Default)]
struct Picked {
    treatment: Option<File>,
    control: Option<File>,
    orders: Option<File>,
}

/// The "Measure a campaign" view.
#[component]
pub(crate) fn LiftPage(store: Store) -> impl IntoView {
    let picked = StoredValue::new_local(Picked::default());
    let (result, set_result) = signal(None::<Result<LiftReport, String>>);
    let (busy, set_busy) = signal(false);
    // The words of an answer are chosen when it arrives, outside this component's scope.
    let lang = use_lang();
    let pick = move |which: fn(&mut Picked) -> &mut Option<File>| {
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let file = input.files().and_then(|f| f.get(0));
            picked.update_value(|p| *which(p) = file);
        }
    };
    let on_measure = move |_| {
        let Picked {
            treatment: Some(treatment),
            control: Some(control),
            orders: Some(orders),
        } = picked.get_value()
        else {
            set_result.set(Some(Err(lang.get_untracked().t("lift-missing"))));
            return;
        };
        set_busy.set(true);
        set_result.set(None);
        spawn_local(async move {
            let answer = async {
                let lang = lang.get_untracked();
                let treatment = group_file(lang, &treatment).await?;
                let control = group_file(lang, &control).await?;
                store
                    .lift(orders.name(), orders.into(), treatment, control)
                    .await
            };
            let answer = answer.await;
            set_busy.set(false);
            set_result.set(Some(answer));
        });
    };
    view! {
        <section class="lift" data-testid="lift">
            <h2>{tr("lift-title")}</h2>
            <p class="hint">{tr("lift-hint")}</p>
            <div class="controls">
                <label>{tr("lift-treatment-file")} " "
                    <input type="file" accept=".csv,.tsv,.txt" data-testid="lift-treatment"
                        on:change=pick(|p| &mut p.treatment) />
                </label>
                <label>{tr("lift-control-file")} " "
                    <input type="file" accept=".csv,.tsv,.txt" data-testid="lift-control"
                        on:change=pick(|p| &mut p.control) />
                </label>
                <label>{tr("lift-orders-file")} " "
                    <input type="file" accept=".csv,.tsv,.txt,.gz" data-testid="lift-orders"
                        on:change=pick(|p| &mut p.orders) />
                </label>
                <button data-testid="lift-measure" prop:disabled=move || busy.get() on:click=on_measure>
                    {tr("lift-measure")}
                </button>
            </div>
            {move || busy.get().then(|| view! { <p class="hint" role="status">{tr("lift-measuring")}</p> })}
            {move || result.get().map(|r| match r {
                Ok(report) => view! { <LiftResult report /> }.into_any(),
                Err(message) => view! { <p class="error" role="alert" data-testid="lift-error">{message}</p> }.into_any(),
            })}
        </section>
    }
}

/// A group file's text (a campaign's group is small: one row per customer).
async fn group_file(lang: Lang, file: &File) -> Result<GroupFile, String> {
    let unreadable = |e: wasm_bindgen::JsValue| {
        lang.t_with(
            "lift-unreadable",
            &[("file", &file.name()), ("reason", &format!("{e:?}"))],
        )
    };
    let text = JsFuture::from(file.text()).await.map_err(unreadable)?;
    Ok(GroupFile {
        name: file.name(),
        text: text.as_string().unwrap_or_default(),
    })
}

#[component]
fn LiftResult(report: LiftReport) -> impl IntoView {
    let (t, c) = (&report.treatment, &report.control);
    let conv = &report.conversion;
    let rev = &report.revenue_per_customer;
    let row = |name: String, g: &segmint_core::lift::GroupOutcome, testid: &'static str| {
        view! {
            <tr data-testid=testid>
                <th scope="row">{name}</th>
                <td class="num">{count(g.customers as u64)}</td>
                <td class="num">{count(g.converted as u64)}</td>
                <td class="num">{percent(g.conversion_rate)}</td>
                <td class="num">{money(g.revenue_per_customer)}</td>
            </tr>
        }
    };
    let points = |v: f64| format!("{:+.1}", v * 100.0);
    // The numbers as computed, for a check against `segmint lift --json` on the same files.
    let numbers = serde_json::to_string(&report).unwrap_or_default();
    view! {
        <div data-testid="lift-summary" class="verdict">
            {summary(&report).into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
        </div>
        <table class="data" data-testid="lift-table" data-report=numbers>
            <thead><tr>
                <th scope="col">{tr("lift-group")}</th><th scope="col">{tr("lift-customers")}</th>
                <th scope="col">{tr("lift-converted")}</th><th scope="col">{tr("lift-rate")}</th>
                <th scope="col">{tr("lift-revenue")}</th>
            </tr></thead>
            <tbody>
                {row(tr("lift-with"), t, "lift-treatment-row")}
                {row(tr("lift-without"), c, "lift-control-row")}
                <tr data-testid="lift-difference-row">
                    <th scope="row">{tr("lift-difference")}</th><td></td><td></td>
                    <td class="num">{format!("{} ({} to {})", points(conv.difference), points(conv.low), points(conv.high))}</td>
                    <td class="num">{format!("{} ({} to {})", money(rev.difference), money(rev.low), money(rev.high))}</td>
                </tr>
                <tr data-testid="lift-p-row">
                    <th scope="row">{tr("lift-p-value")}</th><td></td><td></td>
                    <td class="num" data-testid="lift-p-conversion">{format!("{:.4}", conv.p_value)}</td>
                    <td class="num" data-testid="lift-p-revenue">{format!("{:.4}", rev.p_value)}</td>
                </tr>
            </tbody>
        </table>
    }
}

/// The readout in words: the same sentences as `segmint lift` (whose numbers it formats the
/// same way), in the page's language.
fn summary(report: &LiftReport) -> Vec<String> {
    let (t, c) = (&report.treatment, &report.control);
    let conv = &report.conversion;
    let rev = &report.revenue_per_customer;
    let pct = |v: f64| format!("{:.1}", v * 100.0);
    let signed = |v: f64| format!("{:+.1}", v * 100.0);
    let money = |v: f64| format!("{v:.2}");
    let signed_money = |v: f64| format!("{v:+.2}");
    let p = |v: f64| {
        if v < 0.001 {
            "< 0.001".to_owned()
        } else {
            format!("{v:.3}")
        }
    };
    let significance = if conv.p_value < 0.05 {
        "lift-summary-significant"
    } else {
        "lift-summary-not-significant"
    };
    vec![
        tr_with(
            "lift-summary-conversion",
            &[
                ("treatment", &pct(t.conversion_rate)),
                ("treatmentBought", &t.converted.to_string()),
                ("treatmentCustomers", &t.customers.to_string()),
                ("control", &pct(c.conversion_rate)),
                ("controlBought", &c.converted.to_string()),
                ("controlCustomers", &c.customers.to_string()),
                ("difference", &signed(conv.difference)),
                ("low", &signed(conv.low)),
                ("high", &signed(conv.high)),
            ],
        ),
        tr_with(significance, &[("p", &p(conv.p_value))]),
        tr_with(
            "lift-summary-revenue",
            &[
                ("treatment", &money(t.revenue_per_customer)),
                ("control", &money(c.revenue_per_customer)),
                ("difference", &signed_money(rev.difference)),
                ("low", &signed_money(rev.low)),
                ("high", &signed_money(rev.high)),
            ],
        ),
    ]
}
