use leptos::prelude::*;
use segmint_core::InspectReport;

use super::mapping::delimiter_text;
use crate::i18n::{tr, use_lang};

/// Key facts about an inspected file.
#[component]
pub(crate) fn Summary(file_name: String, report: InspectReport) -> impl IntoView {
    let delimiter = delimiter_text(&report.delimiter, use_lang().get_untracked());
    view! {
        <section class="summary" data-testid="summary" aria-label=tr("summary-label")>
            <h2 data-testid="file-name">{file_name}</h2>
            <dl>
                <dt>{tr("summary-rows")}</dt>
                <dd data-testid="rows-read">{report.rows_read.to_string()}</dd>
                <dt>{tr("summary-columns")}</dt>
                <dd data-testid="columns">{report.columns.to_string()}</dd>
                <dt>{tr("mapping-encoding")}</dt>
                <dd data-testid="encoding">{report.encoding.clone()}</dd>
                <dt>{tr("mapping-delimiter")}</dt>
                <dd data-testid="delimiter">{delimiter}</dd>
            </dl>
            <ul class="header" data-testid="header-list">
                {report.header.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}
            </ul>
        </section>
    }
}
