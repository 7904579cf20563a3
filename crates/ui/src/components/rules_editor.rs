use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use segmint_core::rfm::{Rule, RuleNote, SegmentRules};
use segmint_web::Lang;

use crate::i18n::{tr, tr_with, use_lang};

/// Row keys: stable across moves, so a moved row keeps its DOM nodes (and the focus).
static NEXT_ROW: AtomicU64 = AtomicU64::new(0);

#[derive(Clone, Copy)]
struct Row {
    key: u64,
    rule: RwSignal<Rule>,
}

fn row(rule: Rule) -> Row {
    Row {
        key: NEXT_ROW.fetch_add(1, Ordering::Relaxed),
        rule: RwSignal::new(rule),
    }
}

/// The segment rules as an editable table: each rule's name, R/F/M score ranges, description
/// and action; add, remove and reorder rules. The core's validation is shown in words as the
/// table changes (a broken table cannot be applied), with notes on rules that can never apply
/// and on score combinations no rule covers. "Apply" hands the table to `on_apply`; "Reset"
/// to `on_reset`.
#[component]
pub(crate) fn RulesEditor(
    /// The table to start from (a preset's, or the user's applied one).
    base: SegmentRules,
    /// Run RFM with these rules.
    on_apply: impl Fn(SegmentRules) + Clone + Send + Sync + 'static,
    /// Go back to the preset's rules.
    on_reset: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let scale = base.scale;
    let other_description = base.other_description.clone();
    let rows = RwSignal::new(base.rules.iter().cloned().map(row).collect::<Vec<_>>());
    let table = move || SegmentRules {
        name: "custom".into(),
        scale,
        rules: rows.with(|rows| rows.iter().map(|r| r.rule.get()).collect()),
        other_description: other_description.clone(),
    };
    let table_for_apply = table.clone();
    let checked = Memo::new(move |_| {
        let t = table();
        match t.check() {
            Ok(()) => Ok(t.notes().iter().map(note).collect::<Vec<_>>()),
            Err(e) => Err(e.to_string()),
        }
    });
    let apply = move |_| {
        if checked.with_untracked(Result::is_ok) {
            on_apply(table_for_apply());
        }
    };
    let add = move |_| {
        let n = rows.with_untracked(Vec::len) + 1;
        rows.update(|rows| {
            rows.push(row(Rule {
                name: tr_with("rules-new-segment", &[("n", &n.to_string())]),
                description: String::new(),
                action: String::new(),
                r: [1, scale],
                f: [1, scale],
                m: [1, scale],
            }))
        });
    };
    let swap = move |key: u64, up: bool| {
        rows.update(|rows| {
            if let Some(i) = rows.iter().position(|r| r.key == key) {
                let j = if up { i.checked_sub(1) } else { Some(i + 1) };
                if let Some(j) = j.filter(|&j| j < rows.len()) {
                    rows.swap(i, j);
                }
            }
        })
    };
    let remove = move |key: u64| rows.update(|rows| rows.retain(|r| r.key != key));
    // Whichever row the list moves in the DOM, the button pressed keeps the focus.
    let swap = move |key: u64, up: bool| {
        swap(key, up);
        let id = button_id(key, if up { "up" } else { "down" });
        request_animation_frame(move || focus(&id));
    };
    view! {
        <div class="rules-editor" data-testid="rules-editor">
            <p class="hint">
                {tr_with("rules-hint", &[("scale", &scale.to_string())])}
            </p>
            <div class="scroll">
            <table class="data rules" data-testid="rules-table">
                <caption>{tr("rules-caption")}</caption>
                <thead><tr>
                    <th scope="col">"#"</th><th scope="col">{tr("rfm-col-segment")}</th>
                    <th scope="col">{tr("rules-col-r")}</th><th scope="col">{tr("rules-col-f")}</th>
                    <th scope="col">{tr("rules-col-m")}</th><th scope="col">{tr("rfm-col-who")}</th>
                    <th scope="col">{tr("rfm-col-action")}</th><th scope="col">{tr("rules-col-order")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.key let:r>
                        <RuleRow row=r scale rows swap remove />
                    </For>
                </tbody>
            </table>
            </div>
            <div class="exports">
                <button data-testid="rule-add" on:click=add>{tr("rules-add")}</button>
                <button data-testid="rules-apply" prop:disabled=move || checked.with(Result::is_err)
                    on:click=apply>{tr("rules-apply")}</button>
                <button data-testid="rules-reset" on:click=move |_| on_reset()>{tr("rules-reset")}</button>
            </div>
            <div role="status" aria-live="polite" data-testid="rules-status">
                {move || match checked.get() {
                    Err(message) => view! {
                        <p class="error" data-testid="rules-error">{message}</p>
                    }.into_any(),
                    Ok(notes) if notes.is_empty() => view! {
                        <p data-testid="rules-ok">{tr("rules-ok")}</p>
                    }.into_any(),
                    Ok(notes) => view! {
                        <ul class="warnings" data-testid="rules-notes">
                            {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}

/// A note on the rules in the page's language.
fn note(note: &RuleNote) -> String {
    let lang = use_lang().get_untracked();
    let quoted = |names: &[String]| {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        names
            .iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match note.kind.as_str() {
        "unreachable" => tr_with(
            "rules-note-unreachable",
            &[
                ("rule", note.rule.as_deref().unwrap_or_default()),
                ("earlier", &quoted(&note.earlier)),
            ],
        ),
        "gap" => {
            let examples = note
                .examples
                .iter()
                .map(|[r, f, m]| format!("R{r} F{f} M{m}"))
                .collect::<Vec<_>>()
                .join(if lang == Lang::Zh { "、" } else { ", " });
            tr_with(
                "rules-note-gap",
                &[
                    ("uncovered", &note.uncovered.to_string()),
                    ("combinations", &note.combinations.to_string()),
                    ("examples", &examples),
                ],
            )
        }
        _ => note.message.clone(),
    }
}

fn button_id(key: u64, what: &str) -> String {
    format!("rule-{key}-{what}")
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

#[component]
fn RuleRow(
    row: Row,
    scale: u8,
    rows: RwSignal<Vec<Row>>,
    swap: impl Fn(u64, bool) + Copy + Send + Sync + 'static,
    remove: impl Fn(u64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let Row { key, rule } = row;
    let position = move || rows.with(|rows| rows.iter().position(|r| r.key == key).unwrap_or(0));
    let name = move || rule.with(|r| r.name.clone());
    // A range bound: 0 for anything that is not a number, which the check reports.
    let bound = move |axis: usize, end: usize| {
        let label = ["R", "F", "M"][axis];
        let which = if end == 0 { "from" } else { "to" };
        let value = move || rule.with(|r| [r.r, r.f, r.m][axis][end]).to_string();
        view! {
            <input type="number" min="1" max=scale.to_string() class="score"
                data-testid=format!("rule-{}-{which}", label.to_lowercase())
                aria-label=move || tr_with(
                    if end == 0 { "rules-score-from" } else { "rules-score-to" },
                    &[("rule", &name()), ("axis", label)],
                )
                prop:value=value
                on:input=move |ev| {
                    let v: u8 = event_target_value(&ev).trim().parse().unwrap_or(0);
                    rule.update(|r| {
                        let range = match axis { 0 => &mut r.r, 1 => &mut r.f, _ => &mut r.m };
                        range[end] = v;
                    });
                } />
        }
    };
    let text = move |field: usize| {
        let testid = ["rule-name", "rule-description", "rule-action"][field];
        view! {
            <input type="text" data-testid=testid
                aria-label=move || match field {
                    0 => tr_with("rules-name-label", &[("n", &(position() + 1).to_string())]),
                    1 => tr_with("rules-description-label", &[("rule", &name())]),
                    _ => tr_with("rules-action-label", &[("rule", &name())]),
                }
                prop:value=move || rule.with(|r| match field {
                    0 => r.name.clone(),
                    1 => r.description.clone(),
                    _ => r.action.clone(),
                })
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    rule.update(|r| match field {
                        0 => r.name = v,
                        1 => r.description = v,
                        _ => r.action = v,
                    });
                } />
        }
    };
    view! {
        <tr data-testid="rule-row">
            <td class="num">{move || (position() + 1).to_string()}</td>
            <td>{text(0)}</td>
            <td class="range">{bound(0, 0)}"–"{bound(0, 1)}</td>
            <td class="range">{bound(1, 0)}"–"{bound(1, 1)}</td>
            <td class="range">{bound(2, 0)}"–"{bound(2, 1)}</td>
            <td>{text(1)}</td>
            <td>{text(2)}</td>
            <td class="order">
                // aria-disabled, not disabled: a disabled button would drop the focus of a
                // row just moved to the top.
                <button class="small" data-testid="rule-up" id=button_id(key, "up")
                    aria-label=move || tr_with("rules-move-up", &[("rule", &name())])
                    aria-disabled=move || (position() == 0).to_string()
                    on:click=move |_| swap(key, true)>"↑"</button>
                <button class="small" data-testid="rule-down" id=button_id(key, "down")
                    aria-label=move || tr_with("rules-move-down", &[("rule", &name())])
                    aria-disabled=move || (position() + 1 == rows.with(Vec::len)).to_string()
                    on:click=move |_| swap(key, false)>"↓"</button>
                <button class="small" data-testid="rule-remove"
                    aria-label=move || tr_with("rules-remove-label", &[("rule", &name())])
                    on:click=move |_| remove(key)>{tr("rules-remove")}</button>
            </td>
        </tr>
    }
}
