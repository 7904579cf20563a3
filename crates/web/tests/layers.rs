//! The browser layers stay layers (docs/architecture.md): the app's UI and the widgets both
//! build on segmint-web and segmint-charts and never on each other, nothing but the build
//! depends on the worker, and only segmint-core looks inside a protocol `Request`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The workspace crates in `package`'s dependency tree (`-e` edges: normal, dev, …).
fn segmint_crates(args: &[&str]) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "--target", "all"])
        .args(args)
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut crates: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| c.starts_with("segmint-"))
        .map(str::to_owned)
        .collect();
    crates.sort();
    crates.dedup();
    crates
}

#[test]
fn ui_and_widgets_build_on_web_and_charts_never_on_each_other() {
    let ui = segmint_crates(&["-p", "segmint-ui", "-e", "normal"]);
    assert_eq!(
        ui,
        [
            "segmint-charts",
            "segmint-core",
            "segmint-ui",
            "segmint-web"
        ]
    );
    let widgets = segmint_crates(&["-p", "segmint-widgets", "-e", "normal"]);
    assert_eq!(
        widgets,
        [
            "segmint-charts",
            "segmint-core",
            "segmint-web",
            "segmint-widgets"
        ]
    );
    let web = segmint_crates(&["-p", "segmint-web", "-e", "normal"]);
    assert_eq!(web, ["segmint-core", "segmint-web"]);
}

#[test]
fn nothing_depends_on_the_worker() {
    // The inverted tree of the worker, over every kind of edge: only the worker itself.
    let dependents = segmint_crates(&["--workspace", "-i", "segmint-worker", "-e", "all"]);
    assert_eq!(dependents, ["segmint-worker"]);
}

/// Where `text` matches on a `Request` variant: a match arm, or a `let`/`matches!` pattern.
fn request_patterns(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("Request::") {
        let start = from + at;
        from = start + "Request::".len();
        // A path such as `protocol::Request::Rfm` is still this type; a doc link is not code.
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        if line.trim_start().starts_with("//") {
            continue;
        }
        let before = &text[line_start..start];
        if before.trim_end().ends_with("let") || before.contains("matches!(") {
            found.push(line.trim().to_owned());
            continue;
        }
        // After the variant's name and its fields, a `=>` or `|` makes it a pattern.
        let mut i = from;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && (bytes[i] == b'{' || bytes[i] == b'(') {
            let mut depth = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'{' | b'(' => depth += 1,
                    b'}' | b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
        }
        let rest = text[i.min(text.len())..].trim_start();
        if rest.starts_with("=>") || (rest.starts_with('|') && !rest.starts_with("||")) {
            found.push(line.trim().to_owned());
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_core_matches_on_request_variants() {
    // The scanner finds what it must.
    assert_eq!(
        request_patterns("match r { Request::Rfm { params } => 1, _ => 0 }").len(),
        1
    );
    assert_eq!(
        request_patterns("let Request::Cluster { params } = r else { panic!() };").len(),
        1
    );
    assert!(request_patterns("send(Request::Rfm { params });").is_empty());

    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let krate = entry.unwrap().path();
        if krate.file_name().is_some_and(|n| n == "core") {
            continue;
        }
        rust_files(&krate, &mut files);
    }
    assert!(files.len() > 20, "the sources were read: {files:?}");
    let mut offenders = Vec::new();
    for file in files {
        if file.ends_with("web/tests/layers.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for pattern in request_patterns(&text) {
            offenders.push(format!("{}: {pattern}", file.display()));
        }
    }
    assert_eq!(offenders, Vec::<String>::new());
}
