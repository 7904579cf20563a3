use leptos::prelude::*;
use web_sys::{DragEvent, File, HtmlInputElement};

/// A drop zone with a file input inside it; calls `on_file` with the chosen file.
#[component]
pub(crate) fn FilePicker(on_file: impl Fn(File) + Clone + 'static) -> impl IntoView {
    let (dragging, set_dragging) = signal(false);
    let on_change = {
        let on_file = on_file.clone();
        move |ev: leptos::ev::Event| {
            let input: HtmlInputElement = event_target(&ev);
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_file(file);
            }
            // Let the same file be picked again.
            input.set_value("");
        }
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        set_dragging.set(false);
        let file = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            on_file(file);
        }
    };
    view! {
        <label
            class="drop-zone"
            class:dragging=dragging
            data-testid="drop-zone"
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                set_dragging.set(true);
            }
            on:dragleave=move |_| set_dragging.set(false)
            on:drop=on_drop
        >
            <span>"Drop a file here, or choose one"</span>
            <input
                type="file"
                data-testid="file-input"
                accept=".csv,.tsv,.txt,.gz,text/csv,text/plain,text/tab-separated-values,application/gzip"
                on:change=on_change
            />
        </label>
    }
}
