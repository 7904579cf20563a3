//! A translation missing in one language is a build error, not a blank on screen: both
//! locale files must parse, have the same messages, and use the same variables (except `$n`,
//! the number English needs only to choose a plural form).

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

const LOCALES: [&str; 2] = ["en", "zh"];

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let mut all = Vec::new();
    for locale in LOCALES {
        let path = format!("locales/{locale}.ftl");
        println!("cargo:rerun-if-changed={path}");
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let resource = match fluent_syntax::parser::parse(source.as_str()) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("{path} does not parse: {errors:#?}"),
        };
        let mut messages = BTreeMap::new();
        for entry in &resource.body {
            if let Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(value) = &message.value {
                    pattern_variables(value, &mut variables);
                }
                for attribute in &message.attributes {
                    variables.insert(format!(".{}", attribute.id.name));
                    pattern_variables(&attribute.value, &mut variables);
                }
                let id = message.id.name.to_owned();
                if messages.insert(id.clone(), variables).is_some() {
                    panic!("{path}: {id} is defined twice");
                }
            }
        }
        all.push((path, messages));
    }
    let (en_path, en) = &all[0];
    for (path, other) in &all[1..] {
        let mut problems = Vec::new();
        for key in en.keys().filter(|k| !other.contains_key(*k)) {
            problems.push(format!("{key} is in {en_path} but not in {path}"));
        }
        for key in other.keys().filter(|k| !en.contains_key(*k)) {
            problems.push(format!("{key} is in {path} but not in {en_path}"));
        }
        for (key, theirs) in other {
            let Some(ours) = en.get(key) else { continue };
            let ours: BTreeSet<_> = ours.iter().filter(|v| *v != "n").collect();
            let theirs: BTreeSet<_> = theirs.iter().filter(|v| *v != "n").collect();
            if ours != theirs {
                problems.push(format!(
                    "{key}: {en_path} uses {ours:?}, {path} uses {theirs:?}"
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "the locales disagree:\n{}",
            problems.join("\n")
        );
    }
}

fn pattern_variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
            for named in &arguments.named {
                inline_variables(&named.value, out);
            }
        }
        _ => {}
    }
}
