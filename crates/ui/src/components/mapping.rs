use leptos::prelude::*;
use segmint_core::roles::column_name;
use segmint_core::{InspectReport, Override, ReturnsPolicy, Role};

use segmint_core::Words;
use segmint_web::BrowserWords;
use segmint_web::format::{count, percent};

/// The user's corrections to what the auto-mapper decided: `--map ROLE=COLUMN` and
/// `--returns` in the page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Remap {
    /// The roles whose column the user changed (an empty column unmaps the role).
    pub overrides: Vec<Override>,
    /// Returns and cancellations: excluded or netted.
    pub returns: ReturnsPolicy,
}

/// What was detected and what happened to every row: dialect, roles with confidence (each
/// role's column can be changed, and the returns policy too, then the file is read again),
/// the quality report in words, warnings, a preview, and any question the user must answer.
#[component]
pub(crate) fn MappingView(
    report: InspectReport,
    /// Called with the answer to a `date_order` question (`day_first` / `month_first`).
    on_answer: impl Fn(String) + Clone + 'static,
    /// Called with the user's mapping and returns policy, to read the file again with them.
    on_remap: impl Fn(Remap) + Clone + 'static,
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
    // The file's columns as the select offers them: `#N` (1-based) is what the override
    // names, so two columns with the same header stay distinct.
    let columns: Vec<(String, String)> = (0..report.columns)
        .map(|i| (format!("#{}", i + 1), column_name(&report.header, i)))
        .collect();
    let roles: Vec<RoleRow> = Role::ALL
        .iter()
        .map(|&role| {
            let name = role.name();
            let current = report.mapping.get(name).and_then(|column| {
                columns
                    .iter()
                    .find(|(_, c)| c == column)
                    .map(|(v, _)| v.clone())
            });
            RoleRow {
                role,
                initial: current.clone().unwrap_or_default(),
                choice: RwSignal::new(current.unwrap_or_default()),
                confidence: report.confidence.get(name).copied(),
                source: report.mapping_source.get(name).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let returns_initial = report.returns_policy;
    let returns = RwSignal::new(returns_initial);
    let changed = {
        let roles = roles.clone();
        move || {
            returns.get() != returns_initial || roles.iter().any(|r| r.choice.get() != r.initial)
        }
    };
    let apply = {
        let roles = roles.clone();
        move |_| {
            let overrides = roles
                .iter()
                .filter(|r| r.choice.get_untracked() != r.initial)
                .map(|r| Override {
                    role: r.role,
                    column: r.choice.get_untracked(),
                })
                .collect();
            on_remap(Remap {
                overrides,
                returns: returns.get_untracked(),
            });
        }
    };
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
            // Wide on a phone: the table scrolls inside, the page does not.
            <div class="scroll">
            <table class="roles" data-testid="roles">
                <caption>"Columns used for each role (change any, then apply)"</caption>
                <thead><tr>
                    <th scope="col">"Role"</th><th scope="col">"Column"</th>
                    <th scope="col">"Confidence"</th><th scope="col">"From"</th>
                </tr></thead>
                <tbody>
                    {roles.into_iter().map(|row| {
                        let name = row.role.name();
                        let label = name.replace('_', " ");
                        let select_id = format!("map-{name}");
                        let choice = row.choice;
                        view! {
                            <tr data-testid=format!("role-{name}")>
                                <th scope="row"><label for=select_id.clone()>{label}</label></th>
                                <td>
                                    <select id=select_id data-testid=format!("map-{name}")
                                        on:change=move |ev| choice.set(event_target_value(&ev))>
                                        <option value="" selected=row.initial.is_empty()>"none"</option>
                                        {columns.iter().map(|(value, column)| view! {
                                            <option value=value.clone()
                                                selected=*value == row.initial>{column.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                </td>
                                <td class:unsure=row.confidence.is_some_and(|c| c < 0.8)>
                                    {row.confidence.map(percent).unwrap_or_default()}
                                </td>
                                <td data-testid=format!("role-source-{name}")>{row.source}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <div class="controls" data-testid="remap-controls">
                <label>"Returns and cancellations "
                    <select data-testid="returns-select"
                        on:change=move |ev| returns.set(if event_target_value(&ev) == "net" {
                            ReturnsPolicy::Net
                        } else {
                            ReturnsPolicy::Exclude
                        })>
                        <option value="exclude" selected=returns_initial == ReturnsPolicy::Exclude>
                            "excluded (counted)"
                        </option>
                        <option value="net" selected=returns_initial == ReturnsPolicy::Net>
                            "netted against sales"
                        </option>
                    </select>
                </label>
                <button data-testid="remap-apply" prop:disabled=move || !changed() on:click=apply>
                    "Apply: read the file again with these columns"
                </button>
            </div>
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
                    {report.warnings.iter().map(|w| view! { <li>{BrowserWords::App.warning(w)}</li> }).collect_view()}
                </ul>
            })}
            {questions.into_iter().enumerate().map(|(i, q)| {
                let on_answer = on_answer.clone();
                let choice = RwSignal::new(q.answers().first().map(|a| (*a).to_owned()).unwrap_or_default());
                let select_id = format!("question-{i}");
                let text_id = format!("question-{i}-text");
                let labelled_by = text_id.clone();
                view! {
                    <div class="question" role="group" data-testid="question"
                        aria-labelledby=labelled_by>
                        <p id=text_id>{BrowserWords::App.question(&q)}</p>
                        <label for=select_id.clone()>"Answer "</label>
                        <select id=select_id data-testid="question-answer"
                            on:change=move |ev| choice.set(event_target_value(&ev))>
                            {q.answers().iter().map(|a| view! {
                                <option value=*a>{answer_label(a)}</option>
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

/// One role of the mapping table: what was decided and what the user picks.
#[derive(Clone)]
struct RoleRow {
    role: Role,
    /// The column decided (`#N`), empty when the role is not mapped.
    initial: String,
    /// The column picked in the select.
    choice: RwSignal<String>,
    confidence: Option<f64>,
    source: String,
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
