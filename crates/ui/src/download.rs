//! Downloads made in the page: a Blob, an object URL and a click. Nothing goes over the
//! network; the URL is revoked once the browser has taken the file.

use segmint_core::export::{Cell, Table};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offer `blob` as a file called `name`.
pub(crate) fn blob(name: &str, blob: &Blob) -> Result<(), JsValue> {
    let url = Url::create_object_url_with_blob(blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(30_000).await;
        let _ = Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Offer `text` as a file called `name` of type `mime`.
pub(crate) fn text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let b = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    blob(name, &b)
}

/// A CSV table, formula-safe (`segmint_core::export`).
pub(crate) struct Csv(Table);

impl From<Table> for Csv {
    fn from(table: Table) -> Self {
        Self(table)
    }
}

impl Csv {
    /// A table with this header row.
    pub(crate) fn new(header: &[&str]) -> Self {
        Self(Table::new(header))
    }

    /// Append a row.
    pub(crate) fn row(&mut self, cells: &[Cell<'_>]) {
        self.0.row(cells);
    }

    /// The CSV text.
    pub(crate) fn into_string(self) -> String {
        self.0.into_string()
    }

    /// Offer the table as `name`.
    pub(crate) fn download(&self, name: &str) {
        if let Err(e) = text(name, "text/csv;charset=utf-8", self.0.as_str()) {
            web_sys::console::warn_1(&e);
        }
    }
}

/// A file name from a data file's name and what is exported: `orders-segments.csv`.
pub(crate) fn file_name(source: &str, what: &str, ext: &str) -> String {
    let stem = source.rsplit_once('.').map_or(source, |(s, _)| s);
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let safe_what: String = what
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{safe}-{safe_what}.{ext}")
}
