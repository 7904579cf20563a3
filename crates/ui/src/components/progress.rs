use leptos::prelude::*;

/// A labelled progress bar; indeterminate while `total` is 0.
#[component]
pub(crate) fn ProgressBar(label: String, done: u64, total: u64) -> impl IntoView {
    let percent = (total > 0).then(|| (done as f64 / total as f64 * 100.0).round());
    view! {
        <div class="progress">
            <label>
                {label}
                {percent.map(|p| format!(" — {p}%"))}
                <progress
                    data-testid="progress"
                    max="100"
                    value=percent.map(|p| p.to_string())
                ></progress>
            </label>
        </div>
    }
}
