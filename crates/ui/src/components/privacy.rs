//! What the app keeps on the device: nothing, unless the user opts in to remembering their
//! settings; and "Forget everything".

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::i18n::t;

/// The one localStorage key the app writes, and only after the user opts in.
pub(crate) const SETTINGS_KEY: &str = "segmint.settings";

/// The settings that may be remembered: choices, never data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Settings {
    /// The format of what is stored, should it ever change.
    version: u32,
    /// The segment rule preset.
    pub preset: String,
    /// Scores per RFM metric.
    pub bins: u8,
}

impl Settings {
    pub(crate) fn new(preset: String, bins: u8) -> Self {
        Self {
            version: 1,
            preset,
            bins,
        }
    }
}

/// The remembered settings, if the user opted in on this device.
pub(crate) fn load_settings() -> Option<Settings> {
    LocalStorage::get(SETTINGS_KEY).ok()
}

/// Remember `settings` (the user opted in).
pub(crate) fn save_settings(settings: &Settings) {
    // A full or disabled storage only means the settings are not remembered.
    let _ = LocalStorage::set(SETTINGS_KEY, settings);
}

/// Stop remembering.
pub(crate) fn drop_settings() {
    LocalStorage::delete(SETTINGS_KEY);
}

/// Clear everything this origin keeps in storage the page can reach: localStorage,
/// sessionStorage, every IndexedDB database, and any Cache Storage cache that is not the
/// offline copy of the app (whose caches hold only the app's own files).
pub(crate) fn clear_storage() {
    LocalStorage::clear();
    SessionStorage::clear();
    let Some(window) = web_sys::window() else {
        return;
    };
    // Through Reflect: these are plain promise APIs, not worth a dozen web-sys features.
    let global: JsValue = window.into();
    if let Ok(idb) = js_sys::Reflect::get(&global, &"indexedDB".into())
        && !idb.is_undefined()
    {
        let delete_all = Closure::<dyn FnMut(JsValue)>::new({
            let idb = idb.clone();
            move |list: JsValue| {
                for db in js_sys::Array::from(&list).iter() {
                    if let Ok(name) = js_sys::Reflect::get(&db, &"name".into()) {
                        call(&idb, "deleteDatabase", &[name]);
                    }
                }
            }
        });
        if let Some(promise) = call(&idb, "databases", &[]) {
            let _ = promise
                .unchecked_into::<js_sys::Promise>()
                .then(&delete_all);
        }
        delete_all.forget();
    }
    if let Ok(caches) = js_sys::Reflect::get(&global, &"caches".into())
        && !caches.is_undefined()
    {
        let delete_others = Closure::<dyn FnMut(JsValue)>::new({
            let caches = caches.clone();
            move |names: JsValue| {
                for name in js_sys::Array::from(&names).iter() {
                    let keep = name
                        .as_string()
                        .is_some_and(|n| n.starts_with("segmint-app-"));
                    if !keep {
                        call(&caches, "delete", &[name]);
                    }
                }
            }
        });
        if let Some(promise) = call(&caches, "keys", &[]) {
            let _ = promise
                .unchecked_into::<js_sys::Promise>()
                .then(&delete_others);
        }
        delete_others.forget();
    }
}

/// `target[method](...args)`, `None` when it is missing or throws.
fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function = js_sys::Reflect::get(target, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let args: js_sys::Array = args.iter().collect();
    function.apply(target, &args).ok()
}

/// The opt-in checkbox and the "Forget everything" button.
#[component]
pub(crate) fn PrivacyPanel(
    /// Whether settings are remembered on this device.
    remember: RwSignal<bool>,
    on_forget: impl Fn() + Clone + Send + Sync + 'static,
    /// Shown after a forget.
    forgotten: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <section class="privacy" aria-label=t("privacy-label")>
            <label>
                <input
                    type="checkbox"
                    data-testid="remember-settings"
                    prop:checked=move || remember.get()
                    on:change=move |ev| remember.set(event_target_checked(&ev))
                />
                " "{t("privacy-remember")}
            </label>
            <span class="muted">
                " "{t("privacy-remember-note")}
            </span>
            <button class="small" data-testid="forget" on:click=move |_| on_forget()>
                {t("privacy-forget")}
            </button>
            {move || forgotten.get().then(|| view! {
                <p class="note" role="status" data-testid="forgotten">{t("privacy-forgotten")}</p>
            })}
        </section>
    }
}
