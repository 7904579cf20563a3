use leptos::prelude::*;
use segmint_core::InspectReport;

use crate::store::{Load, Store};
use segmint_web::format::{count, money};

/// Key numbers of the file and its customers, and whether there is enough data.
#[component]
pub(crate) fn OverviewPage(report: InspectReport, store: Store) -> impl IntoView {
    let rows_read = count(report.rows_read);
    let rows_used = count(report.rows_used);
    let customer_numbers = move || match store.rfm.get() {
        Load::Ready(rfm) => {
            let customers = rfm.customers.len() as u64;
            let orders: u64 = rfm.customers.iter().map(|c| c.frequency).sum();
            let revenue: f64 = rfm.segments.iter().map(|s| s.revenue).sum();
            let repeat = rfm.customers.iter().filter(|c| c.frequency > 1).count() as u64;
            let mut warnings = segmint_core::rfm::sufficiency_warnings(&rfm);
            warnings.extend(rfm.warnings.iter().cloned());
            view! {
                <dt>"Customers"</dt><dd data-testid="overview-customers">{count(customers)}</dd>
                <dt>"Orders"</dt><dd data-testid="overview-orders">{count(orders)}</dd>
                <dt>"Revenue"</dt><dd data-testid="overview-revenue">{money(revenue)}</dd>
                <dt>"Average order value"</dt>
                <dd data-testid="overview-aov">{money(revenue / orders.max(1) as f64)}</dd>
                <dt>"Customers who came back"</dt>
                <dd data-testid="overview-repeat">{count(repeat)}</dd>
                <dt>"Reference date"</dt>
                <dd data-testid="overview-reference-date">{rfm.reference_date.clone()}</dd>
                {(!warnings.is_empty()).then(|| view! {
                    <dt>"Check"</dt>
                    <dd><ul data-testid="overview-warnings">
                        {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                    </ul></dd>
                })}
            }
            .into_any()
        }
        Load::Pending => view! { <dt>"Customers"</dt><dd>"computing…"</dd> }.into_any(),
        Load::Failed(e) => view! { <dt>"Customers"</dt><dd class="error">{e}</dd> }.into_any(),
    };
    view! {
        <section class="overview" data-testid="overview">
            <h2>"Overview"</h2>
            <dl class="numbers">
                <dt>"Rows read"</dt><dd data-testid="overview-rows-read">{rows_read}</dd>
                <dt>"Rows used"</dt><dd data-testid="overview-rows-used">{rows_used}</dd>
                {customer_numbers}
            </dl>
        </section>
    }
}
