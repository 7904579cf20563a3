use leptos::prelude::*;
use segmint_core::InspectReport;
use segmint_core::overview::Overview;
use segmint_web::Lang;
use segmint_web::format::{count, date};

use crate::i18n::use_lang;
use crate::store::{Load, Resource};

/// The file's summary, mapping and quality panel folded into one line — "20,000 lines ·
/// 527 customers · 1 Dec 2010 – 9 Dec 2010", "· 2 notices" when rows were rejected or there
/// are warnings — that opens on click (a native
/// `<details>`). It is open from the start when the analyses cannot run or a question needs
/// an answer; otherwise it keeps the state `open` remembers (the user's last choice for this
/// file, so reading the file again after Apply keeps the mapping in view).
#[component]
pub(crate) fn FileFold(
    file_name: String,
    report: InspectReport,
    /// The dashboard's numbers (`segmint summary`): the customers and the dates.
    overview: Resource<Overview>,
    /// Whether the user has the fold open.
    open: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    let must_open = !report.customer_analyses || !report.questions.is_empty();
    let start_open = must_open || open.get_untracked();
    let lang = use_lang().get_untracked();
    let facts = Facts::of(&report);
    let line = move || {
        let overview = match overview.get() {
            Load::Ready(o) => Some(o),
            _ => None,
        };
        facts.line(lang, overview.as_deref())
    };
    // The user's choice is kept, so the fold stays as it is when the file is read again.
    let details = NodeRef::<leptos::html::Details>::new();
    let on_toggle = move |_| {
        if let Some(details) = details.get_untracked() {
            open.set(details.open());
        }
    };
    view! {
        <details class="file-fold" data-testid="file-fold" node_ref=details
            open=start_open on:toggle=on_toggle>
            <summary data-testid="file-line">
                <span class="file-line-name">{file_name}</span>
                <span class="file-line-facts" data-testid="file-line-facts">{line}</span>
            </summary>
            {children()}
        </details>
    }
}

/// What the line says of the report itself.
#[derive(Clone, Copy)]
struct Facts {
    lines: u64,
    notices: u64,
    questions: u64,
    analyses: bool,
}

impl Facts {
    fn of(report: &InspectReport) -> Self {
        Facts {
            lines: report.rows_read,
            // What the panel lists to look at: each reason rows were rejected for, and each
            // warning (the `rejected` and `warning:` lines of `segmint inspect`).
            notices: (report.rejected.values().filter(|n| **n > 0).count() + report.warnings.len())
                as u64,
            questions: report.questions.len() as u64,
            analyses: report.customer_analyses,
        }
    }

    /// The line: lines read, then (once the dashboard's numbers are in) customers and the
    /// dates they span, then the notices, the questions, and whether the analyses can run.
    fn line(self, lang: Lang, overview: Option<&Overview>) -> String {
        // `$count` as shown, `$n` the plain number English picks its plural by.
        let n = |v: u64| (count(v), v.to_string());
        let (c, p) = n(self.lines);
        let mut parts = vec![lang.t_with("fold-lines", &[("count", &c), ("n", &p)])];
        if let Some(o) = overview {
            let (c, p) = n(o.customers.value.max(0.0).round() as u64);
            parts.push(lang.t_with("count-customers", &[("count", &c), ("n", &p)]));
            let (first, last) = (date(lang, &o.first_date), date(lang, &o.last_date));
            parts.push(lang.t_with("fold-span", &[("first", &first), ("last", &last)]));
        }
        if self.notices > 0 {
            let (c, p) = n(self.notices);
            parts.push(lang.t_with("fold-notices", &[("count", &c), ("n", &p)]));
        }
        if self.questions > 0 {
            let (c, p) = n(self.questions);
            parts.push(lang.t_with("fold-questions", &[("count", &c), ("n", &p)]));
        }
        if !self.analyses {
            parts.push(lang.t("fold-no-analyses"));
        }
        parts.join(&lang.t("fold-separator"))
    }
}
