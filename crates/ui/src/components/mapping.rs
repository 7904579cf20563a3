use leptos::prelude::*;
use segmint_core::{InspectReport, ReturnsPolicy};

use crate::format::{count, percent};

/// What was detected and what happened to every row: dialect, roles with confidence, the
/// quality report in words, warnings, a preview, and any question the user must answer.
#[component]
pub(crate) fn MappingView(
    report: InspectReport,
    /// Called with the answer to a `date_order` question (`day_first` / `month_first`).
    on_answer: impl Fn(String) + Clone + 'static,
) -> impl IntoView {
    let sentence = quality_sentence(&report);
    let details = quality_lines(&report);
    let header_row = if report.header.is_empty() {
        "no (columns are numbered)"
    } else {
        "yes"
    };
    let delimiter = match report.delimiter.as_str() {
        "\t" => "tab".to_owned(),
        other => format!("“{other}”"),
    };
    let date_order = match serde_json::to_value(report.date_order) {
        Ok(v) => {
            let status = v.get("status").and_then(|s| s.as_str()).unwrap_or("");
            let order = v.get("order").and_then(|s| s.as_str()).unwrap_or("");
            format!("{} {}", status.replace('_', " "), order.replace('_', " "))
                .trim()
                .to_owned()
        }
        Err(_) => String::new(),
    };
    let roles: Vec<(String, String, f64, String)> = report
        .mapping
        .iter()
        .map(|(role, column)| {
            (
                role.clone(),
                column.clone(),
                report.confidence.get(role).copied().unwrap_or(0.0),
                report.mapping_source.get(role).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let questions = report.questions.clone();
    view! {
        <section class="mapping" data-testid="mapping" aria-labelledby="mapping-title">
            <h2 id="mapping-title">"What Segmint found"</h2>
            <dl class="dialect" data-testid="dialect">
                <dt>"Encoding"</dt><dd>{report.encoding.clone()}</dd>
                <dt>"Delimiter"</dt><dd>{delimiter}</dd>
                <dt>"Header row"</dt><dd>{header_row}</dd>
                <dt>"Export format"</dt>
                <dd data-testid="preset">{report.preset.clone().unwrap_or_else(|| "not recognised (columns guessed)".into())}</dd>
                <dt>"Date order"</dt><dd data-testid="date-order">{date_order}</dd>
            </dl>
            <table class="roles" data-testid="roles">
                <caption>"Columns used for each role"</caption>
                <thead><tr>
                    <th scope="col">"Role"</th><th scope="col">"Column"</th>
                    <th scope="col">"Confidence"</th><th scope="col">"From"</th>
                </tr></thead>
                <tbody>
                    {roles.into_iter().map(|(role, column, confidence, source)| view! {
                        <tr data-testid=format!("role-{role}")>
                            <th scope="row">{role.replace('_', " ")}</th>
                            <td>{column}</td>
                            <td class:unsure=confidence < 0.8>{percent(confidence)}</td>
                            <td>{source}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!report.missing_roles.is_empty()).then(|| view! {
                <p class="muted" data-testid="missing-roles">
                    "Not found: " {report.missing_roles.join(", ").replace('_', " ")}
                </p>
            })}
            <h3>"Quality"</h3>
            <p data-testid="quality-sentence">{sentence}</p>
            <ul class="quality" data-testid="quality-report">
                {details.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
            {(!report.warnings.is_empty()).then(|| view! {
                <ul class="warnings" data-testid="warnings">
                    {report.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                </ul>
            })}
            {questions.into_iter().enumerate().map(|(i, q)| {
                let on_answer = on_answer.clone();
                let choice = RwSignal::new(q.answers.first().cloned().unwrap_or_default());
                let select_id = format!("question-{i}");
                let text_id = format!("question-{i}-text");
                let labelled_by = text_id.clone();
                view! {
                    <div class="question" role="group" data-testid="question"
                        aria-labelledby=labelled_by>
                        <p id=text_id>{question_text(&q)}</p>
                        <label for=select_id.clone()>"Answer "</label>
                        <select id=select_id data-testid="question-answer"
                            on:change=move |ev| choice.set(event_target_value(&ev))>
                            {q.answers.iter().map(|a| view! {
                                <option value=a.clone()>{answer_label(a)}</option>
                            }).collect_view()}
                        </select>
                        <button data-testid="question-apply"
                            on:click=move |_| on_answer(choice.get_untracked())>
                            "Read the file again with this answer"
                        </button>
                    </div>
                }
            }).collect_view()}
            <Preview report=report />
        </section>
    }
}

#[component]
fn Preview(report: InspectReport) -> impl IntoView {
    let rows: Vec<Vec<String>> = report.preview.iter().take(5).cloned().collect();
    (!rows.is_empty()).then(|| view! {
        <details class="preview">
            <summary>"First rows, exactly as read"</summary>
            <div class="scroll">
                <table data-testid="preview">
                    <thead><tr>
                        {report.header.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    })
}

fn question_text(q: &segmint_core::Question) -> String {
    if q.kind == "date_order" {
        format!(
            "Every date in column “{}” reads both ways (e.g. “{}” on line {}). Which comes first?",
            q.column, q.example, q.line
        )
    } else {
        q.message.clone()
    }
}

fn answer_label(answer: &str) -> String {
    match answer {
        "day_first" => "Day first (31/12/2024)".into(),
        "month_first" => "Month first (12/31/2024)".into(),
        other => other.replace('_', " "),
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// The quality report as one sentence: "1,454 cancellations excluded, …".
pub(crate) fn quality_sentence(r: &InspectReport) -> String {
    let mut parts = vec![format!(
        "{} read, {} used",
        plural(r.rows_read, "row", "rows"),
        count(r.rows_used)
    )];
    if r.duplicates > 0 {
        parts.push(format!(
            "{} removed",
            plural(r.duplicates, "exact duplicate", "exact duplicates")
        ));
    }
    if r.returns > 0 {
        let what = plural(
            r.returns,
            "cancellation or return",
            "cancellations and returns",
        );
        parts.push(match r.returns_policy {
            ReturnsPolicy::Exclude => format!("{what} excluded"),
            _ => format!("{what} netted against sales"),
        });
    }
    if r.adjustments > 0 {
        parts.push(format!(
            "{} without a sale price excluded",
            plural(r.adjustments, "line", "lines")
        ));
    }
    if r.failed_payments > 0 {
        parts.push(format!(
            "{} excluded",
            plural(r.failed_payments, "failed payment", "failed payments")
        ));
    }
    if r.not_won > 0 {
        parts.push(format!(
            "{} excluded",
            plural(r.not_won, "open or lost deal", "open or lost deals")
        ));
    }
    if r.missing_customer_id > 0 {
        parts.push(format!(
            "{} without a customer id kept for baskets only",
            plural(r.missing_customer_id, "line", "lines")
        ));
    }
    let rejected: u64 = r.rejected.values().sum();
    if rejected > 0 {
        parts.push(format!(
            "{} rejected",
            plural(rejected, "unreadable row", "unreadable rows")
        ));
    }
    format!("{}.", parts.join(", "))
}

/// One line per rejection reason, with the first lines to look at.
fn quality_lines(r: &InspectReport) -> Vec<String> {
    r.rejected
        .iter()
        .map(|(reason, n)| {
            let lines: Vec<String> = r
                .rejected_lines
                .get(reason)
                .map(|ls| ls.iter().map(|l| l.line.to_string()).collect())
                .unwrap_or_default();
            let at = if lines.is_empty() {
                String::new()
            } else {
                format!(" (first at lines {})", lines.join(", "))
            };
            format!(
                "{} rejected: {}{at}",
                plural(*n, "row", "rows"),
                reason.replace('_', " ")
            )
        })
        .collect()
}
