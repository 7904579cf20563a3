use leptos::prelude::*;

use crate::components::ProgressBar;
use crate::i18n::{t, tr, tr_with};
use segmint_web::Activity;

/// While analyses run in the worker: what is running, its progress where known (the basket
/// miner's phases), and a Cancel button. After a cancel, a note with a button that runs the
/// analyses again (the engine loads the file again first: the cancel took the worker's copy).
#[component]
pub(crate) fn ActivityBar(
    activity: RwSignal<Activity>,
    /// Set by a cancel, cleared by "Run again".
    stopped: RwSignal<bool>,
    on_cancel: impl Fn() + Clone + Send + Sync + 'static,
    on_rerun: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        let now = activity.get();
        if now.analyses > 0 {
            let label = if now.loading {
                tr("activity-reloading")
            } else if now.analyses == 1 {
                tr("activity-running-one")
            } else {
                tr_with(
                    "activity-running-many",
                    &[("count", &now.analyses.to_string())],
                )
            };
            let on_cancel = on_cancel.clone();
            view! {
                <section class="working" data-testid="analysis-working" aria-live="polite">
                    <ProgressBar label done=now.done total=now.total />
                    <button data-testid="cancel-analyses" on:click=move |_| on_cancel()>
                        {t("app-cancel")}
                    </button>
                </section>
            }
            .into_any()
        } else if stopped.get() {
            let on_rerun = on_rerun.clone();
            view! {
                <section class="note" data-testid="analyses-stopped" role="status">
                    {t("activity-cancelled")}
                    " "
                    <button class="small" data-testid="rerun-analyses" on:click=move |_| on_rerun()>
                        {t("activity-rerun")}
                    </button>
                </section>
            }
            .into_any()
        } else {
            ().into_any()
        }
    }
}
