use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use segmint_core::rfm::{Rule, SegmentRules};

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
            Ok(()) => Ok(t.notes().into_iter().map(|n| n.message).collect::<Vec<_>>()),
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
                name: format!("New segment {n}"),
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
                {format!(
                    "Scores run 1–{scale} on this table (scores from another number of bins are \
                     mapped onto it). Rules are tried from the top: a customer gets the first \
                     rule whose three ranges all contain their scores, or “Other”."
                )}
            </p>
            <div class="scroll">
            <table class="data rules" data-testid="rules-table">
                <caption>"Segment rules, in priority order"</caption>
                <thead><tr>
                    <th scope="col">"#"</th><th scope="col">"Segment"</th>
                    <th scope="col">"R from–to"</th><th scope="col">"F from–to"</th>
                    <th scope="col">"M from–to"</th><th scope="col">"Who they are"</th>
                    <th scope="col">"What to do"</th><th scope="col">"Order"</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.key let:r>
                        <RuleRow row=r scale rows swap remove />
                    </For>
                </tbody>
            </table>
            </div>
            <div class="exports">
                <button data-testid="rule-add" on:click=add>"Add a rule"</button>
                <button data-testid="rules-apply" prop:disabled=move || checked.with(Result::is_err)
                    on:click=apply>"Apply these rules"</button>
                <button data-testid="rules-reset" on:click=move |_| on_reset()>"Reset to the preset"</button>
            </div>
            <div role="status" aria-live="polite" data-testid="rules-status">
                {move || match checked.get() {
                    Err(message) => view! {
                        <p class="error" data-testid="rules-error">{message}</p>
                    }.into_any(),
                    Ok(notes) if notes.is_empty() => view! {
                        <p data-testid="rules-ok">"Every rule can apply and every score combination has a segment."</p>
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
                aria-label=move || format!("{} {label} score {which}", name())
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
        let (what, testid) = [
            ("name", "rule-name"),
            ("description", "rule-description"),
            ("action", "rule-action"),
        ][field];
        view! {
            <input type="text" data-testid=testid
                aria-label=move || if field == 0 {
                    format!("Name of rule {}", position() + 1)
                } else {
                    format!("{} {what}", name())
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
                    aria-label=move || format!("Move {} up", name())
                    aria-disabled=move || (position() == 0).to_string()
                    on:click=move |_| swap(key, true)>"↑"</button>
                <button class="small" data-testid="rule-down" id=button_id(key, "down")
                    aria-label=move || format!("Move {} down", name())
                    aria-disabled=move || (position() + 1 == rows.with(Vec::len)).to_string()
                    on:click=move |_| swap(key, false)>"↓"</button>
                <button class="small" data-testid="rule-remove"
                    aria-label=move || format!("Remove {}", name())
                    on:click=move |_| remove(key)>"Remove"</button>
            </td>
        </tr>
    }
}
