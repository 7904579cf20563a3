use leptos::prelude::*;
use segmint_core::InspectReport;

/// Key facts about an inspected file.
#[component]
pub(crate) fn Summary(file_name: String, report: InspectReport) -> impl IntoView {
    let delimiter = match report.delimiter.as_str() {
        "\t" => "tab".to_owned(),
        other => format!("“{other}”"),
    };
    view! {
        <section class="summary" data-testid="summary" aria-label="File summary">
            <h2 data-testid="file-name">{file_name}</h2>
            <dl>
                <dt>"Rows"</dt>
                <dd data-testid="rows-read">{report.rows_read.to_string()}</dd>
                <dt>"Columns"</dt>
                <dd data-testid="columns">{report.columns.to_string()}</dd>
                <dt>"Encoding"</dt>
                <dd data-testid="encoding">{report.encoding.clone()}</dd>
                <dt>"Delimiter"</dt>
                <dd data-testid="delimiter">{delimiter}</dd>
            </dl>
            <ul class="header" data-testid="header-list">
                {report.header.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}
            </ul>
        </section>
    }
}
