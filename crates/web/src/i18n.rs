//! Every text a browser user reads, in their language: English and Simplified Chinese.
//!
//! The messages are Fluent files (`crates/web/locales/{en,zh}.ftl`), keyed by meaning
//! (`segment-champions-action`), compiled into the bundle and parsed once per language on
//! first use. `build.rs` fails the build when a message, an attribute or a variable is in one
//! language and not the other, so a missing translation is a build error, never a blank.
//!
//! The app, the widgets and the charts ask [`Lang::t`] / [`Lang::t_with`]; no crate keeps a
//! table of its own. Numbers and dates for a language are [`crate::format`]'s business.

use std::cell::RefCell;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// A language the browser speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

const EN: &str = include_str!("../locales/en.ftl");
const ZH: &str = include_str!("../locales/zh.ftl");

thread_local! {
    static BUNDLES: RefCell<[Option<FluentBundle<FluentResource>>; 2]> =
        const { RefCell::new([None, None]) };
}

impl Lang {
    /// Every language, in the order the switch offers them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// Its code, as a widget's `lang` attribute and the remembered choice write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Its BCP 47 tag, for `<html lang>` (so the browser picks CJK fonts and line breaking).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Its name in itself, as the language switch shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// The language of a BCP 47 tag (`zh-CN`, `zh-Hans-SG`, `en-GB`, `zh`), if it is one of
    /// ours. Every Chinese tag reads the Simplified texts: closer for a Traditional reader
    /// than English.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The first of the user's preferred languages (most preferred first) that we have;
    /// English when none is.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::parse)
            .unwrap_or_default()
    }

    /// The browser's language: `navigator.languages` (the user's order), then
    /// `navigator.language`; English outside a browser.
    pub fn browser() -> Lang {
        let Some(navigator) = navigator() else {
            return Lang::En;
        };
        let languages: Vec<String> = js_sys::Reflect::get(&navigator, &"languages".into())
            .ok()
            .filter(js_sys::Array::is_array)
            .map(|v| {
                js_sys::Array::from(&v)
                    .iter()
                    .filter_map(|t| t.as_string())
                    .collect()
            })
            .unwrap_or_default();
        let language = js_sys::Reflect::get(&navigator, &"language".into())
            .ok()
            .and_then(|v| v.as_string());
        Lang::negotiate(
            languages
                .iter()
                .map(String::as_str)
                .chain(language.as_deref()),
        )
    }

    /// The page's language: `<html lang>` when it is one of ours (the app sets it from its
    /// switch; a host page says its own), else the browser's.
    pub fn page() -> Lang {
        let from_html = web_sys::window()
            .filter(|_| cfg!(target_arch = "wasm32"))
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|tag| Lang::parse(&tag));
        from_html.unwrap_or_else(Lang::browser)
    }

    /// The message `key`.
    pub fn t(self, key: &str) -> String {
        self.t_with(key, &[])
    }

    /// The message `key` with its variables. A value that reads as a plain number (`"3"`,
    /// `"0.25"`, exactly as Rust prints it) is passed as a number, so plural forms select
    /// on it; anything else (`"1,454"`, a date, a name) as text.
    pub fn t_with(self, key: &str, args: &[(&str, &str)]) -> String {
        BUNDLES.with(|bundles| {
            let mut bundles = bundles.borrow_mut();
            let bundle = bundles[self as usize].get_or_insert_with(|| bundle(self));
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                // Only a key missing from the code's own files gets here; the test
                // `every_key_the_code_uses_exists` keeps it from shipping.
                return key.to_owned();
            };
            let mut fluent_args = FluentArgs::new();
            for (name, value) in args {
                fluent_args.set(*name, fluent_value(value));
            }
            let mut errors = Vec::new();
            bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned()
        })
    }
}

fn fluent_value(text: &str) -> FluentValue<'_> {
    match text.parse::<f64>() {
        Ok(number) if number.is_finite() && number.to_string() == text => FluentValue::from(number),
        _ => FluentValue::from(text),
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let (source, tag) = match lang {
        Lang::En => (EN, "en"),
        Lang::Zh => (ZH, "zh"),
    };
    let id: unic_langid::LanguageIdentifier = tag.parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new(vec![id]);
    // No Unicode isolation marks around variables: they would show as boxes in a canvas.
    bundle.set_use_isolating(false);
    // build.rs has parsed both files already; a parse error cannot get here.
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
    let _ = bundle.add_resource(resource);
    bundle
}

fn navigator() -> Option<wasm_bindgen::JsValue> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"navigator".into())
        .ok()
        .filter(|n| !n.is_undefined())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_order_picks_the_language() {
        assert_eq!(Lang::negotiate(["zh-CN", "en-US"]), Lang::Zh);
        assert_eq!(Lang::negotiate(["fr-FR", "zh-Hans", "en"]), Lang::Zh);
        assert_eq!(Lang::negotiate(["en-GB", "zh-CN"]), Lang::En);
        assert_eq!(Lang::negotiate(["de", "fr"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
        assert_eq!(Lang::parse("ZH_tw"), Some(Lang::Zh));
    }

    #[test]
    fn messages_take_their_variables_and_plurals() {
        assert_eq!(
            Lang::En.t_with("count-customers", &[("n", "1"), ("count", "1")]),
            "1 customer"
        );
        assert_eq!(
            Lang::En.t_with("count-customers", &[("n", "1454"), ("count", "1,454")]),
            "1,454 customers"
        );
        assert_eq!(
            Lang::Zh.t_with("count-customers", &[("n", "1454"), ("count", "1,454")]),
            "1,454 位客户"
        );
        assert_eq!(fluent_value("007"), FluentValue::from("007"));
        assert_eq!(fluent_value("0.25"), FluentValue::from(0.25));
    }

    /// Every key the browser crates ask for is in the files (build.rs has checked that both
    /// files have the same keys). Keys are found as the string literal right after `t(`,
    /// `t_with(`, `tr(`, `tr_with(` or `text(` (the charts' words).
    #[test]
    fn every_key_the_code_uses_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut missing = Vec::new();
        let mut used = 0;
        for krate in ["web", "ui", "widgets", "charts"] {
            for file in rust_files(&root.join(krate).join("src")) {
                let text = std::fs::read_to_string(&file).unwrap();
                for key in used_keys(&text) {
                    used += 1;
                    if !EN.lines().any(|l| l.starts_with(&format!("{key} ="))) {
                        missing.push(format!("{}: {key}", file.display()));
                    }
                }
            }
        }
        assert!(used > 10, "the scan found only {used} keys");
        assert!(missing.is_empty(), "keys missing from en.ftl: {missing:#?}");
    }

    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    fn used_keys(text: &str) -> Vec<String> {
        let is_key = |k: &str| {
            !k.is_empty()
                && k.contains('-')
                && k.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        let mut keys = Vec::new();
        for (at, _) in text.match_indices("(\"") {
            let before = &text[..at];
            let callee: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let rest = &text[at + 2..];
            let key = &rest[..rest.find('"').unwrap_or(0)];
            if ["t", "t_with", "tr", "tr_with", "text"].contains(&callee.as_str()) && is_key(key) {
                keys.push(key.to_owned());
            }
        }
        keys
    }
}
