//! Results out: DOM `CustomEvent`s on the host element.
//!
//! Every event bubbles and is `composed`, so a host listening on `document` (or on an
//! ancestor inside its own shadow tree) hears it; `detail` is a plain JSON-shaped object.

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// Dispatch `name` with `detail` on `host`.
pub(crate) fn emit(host: &HtmlElement, name: &str, detail: &Value) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&to_js(detail));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// A JSON value as a plain JavaScript value (`null` when it cannot be converted).
pub(crate) fn to_js(value: &Value) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}
