use leptos::prelude::*;
use segmint_core::roles::column_name;
use segmint_core::values::{DateOrder, DateOrderDecision};
use segmint_core::{InspectReport, Override, ReturnsPolicy, Role};

use segmint_core::Words;
use segmint_web::format::{count, percent};
use segmint_web::{BrowserWords, Lang};

use crate::i18n::{tr, tr_with, use_lang};

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
    let lang = use_lang().get_untracked();
    let sentence = quality_sentence(&report, lang);
    let details = quality_lines(&report, lang);
    let header_row = tr(if report.header.is_empty() {
        "mapping-header-no"
    } else {
        "mapping-header-yes"
    });
    let delimiter = delimiter_text(&report.delimiter, lang);
    let date_order = tr(match report.date_order {
        DateOrderDecision::NotNeeded => "mapping-date-not-needed",
        DateOrderDecision::Ambiguous => "mapping-date-ambiguous",
        DateOrderDecision::Detected(DateOrder::DayFirst) => "mapping-date-detected-day-first",
        DateOrderDecision::Detected(DateOrder::MonthFirst) => "mapping-date-detected-month-first",
        DateOrderDecision::UserChosen(DateOrder::DayFirst) => "mapping-date-chosen-day-first",
        DateOrderDecision::UserChosen(DateOrder::MonthFirst) => "mapping-date-chosen-month-first",
    });
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
            <h2 id="mapping-title">{tr("mapping-title")}</h2>
            <dl class="dialect" data-testid="dialect">
                <dt>{tr("mapping-encoding")}</dt><dd>{report.encoding.clone()}</dd>
                <dt>{tr("mapping-delimiter")}</dt><dd>{delimiter}</dd>
                <dt>{tr("mapping-header-row")}</dt><dd>{header_row}</dd>
                <dt>{tr("mapping-preset")}</dt>
                <dd data-testid="preset">{report.preset.clone().unwrap_or_else(|| tr("mapping-preset-none"))}</dd>
                <dt>{tr("mapping-date-order")}</dt><dd data-testid="date-order">{date_order}</dd>
            </dl>
            // Wide on a phone: the table scrolls inside, the page does not.
            <div class="scroll">
            <table class="roles" data-testid="roles">
                <caption>{tr("mapping-roles-caption")}</caption>
                <thead><tr>
                    <th scope="col">{tr("mapping-role")}</th><th scope="col">{tr("mapping-column")}</th>
                    <th scope="col">{tr("mapping-confidence")}</th><th scope="col">{tr("mapping-from")}</th>
                </tr></thead>
                <tbody>
                    {roles.into_iter().map(|row| {
                        let name = row.role.name();
                        let label = role_text(name, lang);
                        let select_id = format!("map-{name}");
                        let choice = row.choice;
                        view! {
                            <tr data-testid=format!("role-{name}")>
                                <th scope="row"><label for=select_id.clone()>{label}</label></th>
                                <td>
                                    <select id=select_id data-testid=format!("map-{name}")
                                        on:change=move |ev| choice.set(event_target_value(&ev))>
                                        <option value="" selected=row.initial.is_empty()>{tr("mapping-none")}</option>
                                        {columns.iter().map(|(value, column)| view! {
                                            <option value=value.clone()
                                                selected=*value == row.initial>{column.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                </td>
                                <td class:unsure=row.confidence.is_some_and(|c| c < 0.8)>
                                    {row.confidence.map(percent).unwrap_or_default()}
                                </td>
                                <td data-testid=format!("role-source-{name}")>{source_text(&row.source, lang)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <div class="controls" data-testid="remap-controls">
                <label>{tr("mapping-returns")}" "
                    <select data-testid="returns-select"
                        on:change=move |ev| returns.set(if event_target_value(&ev) == "net" {
                            ReturnsPolicy::Net
                        } else {
                            ReturnsPolicy::Exclude
                        })>
                        <option value="exclude" selected=returns_initial == ReturnsPolicy::Exclude>
                            {tr("mapping-returns-exclude")}
                        </option>
                        <option value="net" selected=returns_initial == ReturnsPolicy::Net>
                            {tr("mapping-returns-net")}
                        </option>
                    </select>
                </label>
                <button data-testid="remap-apply" prop:disabled=move || !changed() on:click=apply>
                    {tr("mapping-apply")}
                </button>
            </div>
            {(!report.missing_roles.is_empty()).then(|| view! {
                <p class="muted" data-testid="missing-roles">
                    {tr_with("mapping-not-found", &[("roles", &report
                        .missing_roles
                        .iter()
                        .map(|r| role_text(r, lang))
                        .collect::<Vec<_>>()
                        .join(&lang.t("mapping-list-separator")))])}
                </p>
            })}
            <h3>{tr("mapping-quality")}</h3>
            <p data-testid="quality-sentence">{sentence}</p>
            <ul class="quality" data-testid="quality-report">
                {details.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
            {(!report.warnings.is_empty()).then(|| view! {
                <ul class="warnings" data-testid="warnings">
                    {report.warnings.iter().map(|w| view! { <li>{BrowserWords::app().warning(w)}</li> }).collect_view()}
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
                        <p id=text_id>{BrowserWords::app().question(&q)}</p>
                        <label for=select_id.clone()>{tr("mapping-answer")}" "</label>
                        <select id=select_id data-testid="question-answer"
                            on:change=move |ev| choice.set(event_target_value(&ev))>
                            {q.answers().iter().map(|a| view! {
                                <option value=*a>{answer_label(a, lang)}</option>
                            }).collect_view()}
                        </select>
                        <button data-testid="question-apply"
                            on:click=move |_| on_answer(choice.get_untracked())>
                            {tr("mapping-answer-apply")}
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
            <summary>{tr("mapping-preview")}</summary>
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

fn answer_label(answer: &str, lang: Lang) -> String {
    match answer {
        "day_first" => lang.t("mapping-day-first"),
        "month_first" => lang.t("mapping-month-first"),
        other => other.replace('_', " "),
    }
}

/// The delimiter as the page names it: "tab", or the character in quotes.
pub(crate) fn delimiter_text(delimiter: &str, lang: Lang) -> String {
    match delimiter {
        "\t" => lang.t("mapping-tab"),
        other => format!("“{other}”"),
    }
}

/// A role (`customer_id`) in words.
fn role_text(role: &str, lang: Lang) -> String {
    let key = format!("role-{role}");
    let text = lang.t(&key);
    // A role this build does not know keeps its own name.
    if text == key {
        role.replace('_', " ")
    } else {
        text
    }
}

/// Where a role's column came from (`user`, `preset`, `auto`) in words.
fn source_text(source: &str, lang: Lang) -> String {
    match source {
        "user" => lang.t("mapping-source-user"),
        "preset" => lang.t("mapping-source-preset"),
        "auto" => lang.t("mapping-source-auto"),
        other => other.to_owned(),
    }
}

/// `key` with a count: `$count` as shown, `$n` the plain number English picks its plural by.
fn counted(lang: Lang, key: &str, value: u64) -> String {
    lang.t_with(key, &[("count", &count(value)), ("n", &value.to_string())])
}

/// The quality report as one sentence: "1,454 cancellations excluded, …".
pub(crate) fn quality_sentence(r: &InspectReport, lang: Lang) -> String {
    let mut parts = vec![lang.t_with(
        "quality-read",
        &[
            ("rows", &count(r.rows_read)),
            ("n", &r.rows_read.to_string()),
            ("used", &count(r.rows_used)),
        ],
    )];
    if r.duplicates > 0 {
        parts.push(counted(lang, "quality-duplicates", r.duplicates));
    }
    if r.returns > 0 {
        let key = match r.returns_policy {
            ReturnsPolicy::Exclude => "quality-returns-excluded",
            _ => "quality-returns-netted",
        };
        parts.push(counted(lang, key, r.returns));
    }
    if r.adjustments > 0 {
        parts.push(counted(lang, "quality-adjustments", r.adjustments));
    }
    if r.failed_payments > 0 {
        parts.push(counted(lang, "quality-failed-payments", r.failed_payments));
    }
    if r.not_won > 0 {
        parts.push(counted(lang, "quality-not-won", r.not_won));
    }
    if r.missing_customer_id > 0 {
        parts.push(counted(lang, "quality-no-customer", r.missing_customer_id));
    }
    let rejected: u64 = r.rejected.values().sum();
    if rejected > 0 {
        parts.push(counted(lang, "quality-unreadable", rejected));
    }
    lang.t_with(
        "quality-sentence",
        &[("parts", &parts.join(&lang.t("quality-separator")))],
    )
}

/// One line per rejection reason, with the first lines to look at.
fn quality_lines(r: &InspectReport, lang: Lang) -> Vec<String> {
    r.rejected
        .iter()
        .map(|(reason, n)| {
            let lines: Vec<String> = r
                .rejected_lines
                .get(reason)
                .map(|ls| ls.iter().map(|l| l.line.to_string()).collect())
                .unwrap_or_default();
            let reason_key = format!("reject-{reason}");
            let reason_text = match lang.t(&reason_key) {
                text if text == reason_key => reason.replace('_', " "),
                text => text,
            };
            let (count_text, plain) = (count(*n), n.to_string());
            let mut args = vec![
                ("count", count_text.as_str()),
                ("n", plain.as_str()),
                ("reason", reason_text.as_str()),
            ];
            let at = lines.join(", ");
            if lines.is_empty() {
                lang.t_with("quality-rejected", &args)
            } else {
                args.push(("lines", at.as_str()));
                lang.t_with("quality-rejected-at", &args)
            }
        })
        .collect()
}
