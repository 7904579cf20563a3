//! The app's language: the browser's, or the one the user picked in the header; remembered
//! on this device only when the user ticks "Remember my language on this device".

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use segmint_web::Lang;

/// The localStorage key of the remembered language, written only after the user opts in.
pub(crate) const LANG_KEY: &str = "segmint.lang";

/// The page's language and whether it is remembered; provided as a context by `App`.
#[derive(Clone, Copy)]
pub(crate) struct Locale {
    pub lang: RwSignal<Lang>,
    pub remember: RwSignal<bool>,
}

impl Locale {
    /// The remembered language, else the browser's; `<html lang>` follows it, and storage
    /// follows the opt-in.
    pub(crate) fn provide() -> Self {
        let stored = LocalStorage::get::<String>(LANG_KEY)
            .ok()
            .and_then(|code| Lang::parse(&code));
        let locale = Locale {
            lang: RwSignal::new(stored.unwrap_or_else(Lang::browser)),
            remember: RwSignal::new(stored.is_some()),
        };
        Effect::new(move |_| {
            let lang = locale.lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
            if locale.remember.get() {
                // A full or disabled storage only means the language is not remembered.
                let _ = LocalStorage::set(LANG_KEY, lang.code());
            } else {
                LocalStorage::delete(LANG_KEY);
            }
        });
        provide_context(locale);
        locale
    }

    /// After "Forget everything": nothing remembered, the browser's language again.
    pub(crate) fn forget(self) {
        self.remember.set(false);
        self.lang.set(Lang::browser());
    }
}

/// The page's language signal.
pub(crate) fn use_lang() -> RwSignal<Lang> {
    expect_context::<Locale>().lang
}

/// The message `key` in the page's language, following the switch.
pub(crate) fn t(key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.get().t(key)
}

/// The message `key` in the page's language now. Views that use it are rebuilt when the
/// language changes (`App` tracks it around the stage's view).
pub(crate) fn tr(key: &str) -> String {
    use_lang().get_untracked().t(key)
}

/// The message `key` with its variables, in the page's language now.
pub(crate) fn tr_with(key: &str, args: &[(&str, &str)]) -> String {
    use_lang().get_untracked().t_with(key, args)
}

/// A piece of a message cut by [`tr_marked`]: its own text, or where the `i`-th marked
/// variable falls.
pub(crate) enum Part {
    Text(String),
    Marked(usize),
}

/// The message `key` with its variables, cut where the `marked` variables fall, so a page can
/// wrap those values in markup (a `<strong>` with a test id) while each language keeps its
/// whole sentence and its own word order.
pub(crate) fn tr_marked(key: &str, args: &[(&str, &str)], marked: &[&str]) -> Vec<Part> {
    // Private-use characters stand in for the marked values; no message contains them.
    let stand_ins: Vec<String> = (0..marked.len())
        .map(|i| format!("\u{E000}{i}\u{E001}"))
        .collect();
    let mut all: Vec<(&str, &str)> = args.to_vec();
    all.extend(
        marked
            .iter()
            .zip(&stand_ins)
            .map(|(name, s)| (*name, s.as_str())),
    );
    let text = tr_with(key, &all);
    let mut parts = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('\u{E000}') {
        let after = &rest[start + '\u{E000}'.len_utf8()..];
        let Some(end) = after.find('\u{E001}') else {
            break;
        };
        if start > 0 {
            parts.push(Part::Text(rest[..start].to_owned()));
        }
        if let Ok(i) = after[..end].parse() {
            parts.push(Part::Marked(i));
        }
        rest = &after[end + '\u{E001}'.len_utf8()..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_owned()));
    }
    parts
}

/// A preset segment's name in the page's language now; other names as written.
pub(crate) fn segment_name(name: &str) -> String {
    segmint_web::segments::segment_name(use_lang().get_untracked(), name)
}

/// The charts' words in the page's language now.
pub(crate) fn chart_words() -> impl Fn(&str, &[(&str, &str)]) -> String + Clone + 'static {
    let lang = use_lang().get_untracked();
    move |key: &str, args: &[(&str, &str)]| lang.t_with(key, args)
}

/// The language switch and its opt-in, for the page header.
#[component]
pub(crate) fn LanguageSwitch() -> impl IntoView {
    let locale = expect_context::<Locale>();
    view! {
        <div class="language" data-testid="language">
            <label>
                {t("lang-label")} " "
                <select
                    data-testid="language-select"
                    on:change=move |ev| {
                        if let Some(lang) = Lang::parse(&event_target_value(&ev)) {
                            locale.lang.set(lang);
                        }
                    }
                >
                    {Lang::ALL.into_iter().map(|lang| view! {
                        <option value=lang.code() lang=lang.tag()
                            prop:selected=move || locale.lang.get() == lang>
                            {lang.own_name()}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label class="remember-language">
                <input
                    type="checkbox"
                    data-testid="remember-language"
                    prop:checked=move || locale.remember.get()
                    on:change=move |ev| locale.remember.set(event_target_checked(&ev))
                />
                " " {t("lang-remember")}
            </label>
        </div>
    }
}
