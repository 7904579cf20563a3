//! The preset segments' names, descriptions and actions in a language.
//!
//! The core names its preset segments in English (`rfm::SegmentRules::preset`), and those
//! names stay the data: exports, events, data attributes and the CLI carry them. Only the text a
//! person reads is translated here, and only where it is still the preset's own: a rule the user
//! wrote (or a preset rule whose description they changed) keeps the user's words.

use segmint_core::rfm::{OTHER, SegmentRules};

use crate::Lang;

/// The presets, with the short name their description and action keys carry (the same
/// segment name describes different customers in different presets).
const PRESETS: [(&str, &str); 3] = [
    ("rfm-10", "rfm10"),
    ("rf-grid", "grid"),
    ("three-level", "three"),
];

/// The core's action for "Other" (`rfm::segment::summarise`).
const OTHER_ACTION: &str = "Review the rules.";

/// A segment name as a key fragment: `Can't Lose Them` → `cant-lose-them`.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().filter(|&c| c != '\'') {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

/// Every preset rule: `(preset key, name, description, action)`.
fn preset_rules() -> Vec<(&'static str, String, String, String)> {
    PRESETS
        .iter()
        .filter_map(|&(id, key)| SegmentRules::preset(id).map(|rules| (key, rules)))
        .flat_map(|(key, rules)| {
            rules
                .rules
                .into_iter()
                .map(move |r| (key, r.name, r.description, r.action))
        })
        .collect()
}

fn other_description() -> String {
    SegmentRules::rfm_package().other_description
}

/// A segment's name as `lang` reads it: a preset segment's (or "Other") translated, any other
/// name as the user wrote it.
pub fn segment_name(lang: Lang, name: &str) -> String {
    if name == OTHER {
        return lang.t("segment-other-name");
    }
    // Two presets spell one name differently ("About To Sleep", "About to Sleep"): the
    // second has a key of its own, tried first.
    match preset_rules().into_iter().find(|(_, n, _, _)| n == name) {
        Some((preset, _, _, _)) => {
            let own = format!("segment-{preset}-{}-name", slug(name));
            let text = lang.t(&own);
            if text != own {
                text
            } else {
                lang.t(&format!("segment-{}-name", slug(name)))
            }
        }
        None => name.to_owned(),
    }
}

/// A segment's description as `lang` reads it: translated when it is its preset's own.
pub fn segment_description(lang: Lang, name: &str, description: &str) -> String {
    if name == OTHER && description == other_description() {
        return lang.t("segment-other-description");
    }
    match preset_rules()
        .into_iter()
        .find(|(_, n, d, _)| n == name && d == description)
    {
        Some((preset, _, _, _)) => lang.t(&format!("segment-{preset}-{}-description", slug(name))),
        None => description.to_owned(),
    }
}

/// A segment's suggested action as `lang` reads it: translated when it is its preset's own.
pub fn segment_action(lang: Lang, name: &str, action: &str) -> String {
    if name == OTHER && action == OTHER_ACTION {
        return lang.t("segment-other-action");
    }
    match preset_rules()
        .into_iter()
        .find(|(_, n, _, a)| n == name && a == action)
    {
        Some((preset, _, _, _)) => lang.t(&format!("segment-{preset}-{}-action", slug(name))),
        None => action.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// en.ftl words every preset segment exactly as the core does (so English pages and the
    /// CLI agree), and zh.ftl has its own words for each.
    #[test]
    fn every_preset_segment_is_worded_in_both_languages() {
        let mut rules = preset_rules();
        rules.push(("", OTHER.into(), other_description(), OTHER_ACTION.into()));
        assert!(rules.len() > 20);
        for (_, name, description, action) in &rules {
            assert_eq!(segment_name(Lang::En, name), *name);
            assert_eq!(
                segment_description(Lang::En, name, description),
                *description
            );
            assert_eq!(segment_action(Lang::En, name, action), *action);
            for (zh, en) in [
                (segment_name(Lang::Zh, name), name),
                (
                    segment_description(Lang::Zh, name, description),
                    description,
                ),
                (segment_action(Lang::Zh, name, action), action),
            ] {
                assert!(!zh.contains("segment-"), "no message for {en}: {zh}");
                assert!(
                    zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{en} → {zh}"
                );
            }
        }
    }

    #[test]
    fn the_users_own_words_are_kept() {
        assert_eq!(segment_name(Lang::Zh, "VIP 2024"), "VIP 2024");
        assert_eq!(
            segment_name(Lang::Zh, "Champions"),
            Lang::Zh.t("segment-champions-name")
        );
        let mine = "My own description.";
        assert_eq!(segment_description(Lang::Zh, "Champions", mine), mine);
        assert_eq!(
            segment_action(Lang::Zh, "Champions", "Call them."),
            "Call them."
        );
        assert_eq!(slug("Can't Lose Them"), "cant-lose-them");
        assert_eq!(slug("About To Sleep"), "about-to-sleep");
    }
}
