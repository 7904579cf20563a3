use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::t;

/// A tab list following the WAI-ARIA tabs pattern: one tab in the tab order, arrow keys
/// (and Home/End) move between tabs and select them.
#[component]
pub(crate) fn TabList(
    /// `(id, label key)` per tab; panel `id` is `panel-{id}`, tab `id` is `tab-{id}`.
    tabs: Vec<(&'static str, &'static str)>,
    /// The selected tab's id.
    active: RwSignal<&'static str>,
    /// The key of the tab list's accessible name.
    label: &'static str,
) -> impl IntoView {
    let ids: Vec<&'static str> = tabs.iter().map(|(id, _)| *id).collect();
    let on_keydown = move |ev: KeyboardEvent| {
        let n = ids.len();
        let Some(at) = ids.iter().position(|id| *id == active.get_untracked()) else {
            return;
        };
        let next = match ev.key().as_str() {
            "ArrowRight" => (at + 1) % n,
            "ArrowLeft" => (at + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        active.set(ids[next]);
        let tab = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("tab-{}", ids[next])))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(tab) = tab {
            let _ = tab.focus();
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label=t(label) data-testid="tabs" on:keydown=on_keydown>
            {tabs.into_iter().map(|(id, text)| {
                let selected = move || active.get() == id;
                view! {
                    <button
                        role="tab"
                        id=format!("tab-{id}")
                        data-testid=format!("tab-{id}")
                        aria-controls=format!("panel-{id}")
                        aria-selected=move || selected().to_string()
                        tabindex=move || if selected() { "0" } else { "-1" }
                        on:click=move |_| active.set(id)
                    >
                        {t(text)}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}
