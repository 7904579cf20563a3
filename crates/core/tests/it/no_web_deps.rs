//! `segmint-core` must stay platform-neutral: no web crate may enter its normal dependency
//! tree, on any target. (Dev-dependencies do not ship and are not checked.)

use std::process::Command;

const WEB_CRATES: &[&str] = &[
    "wasm-bindgen",
    "web-sys",
    "js-sys",
    "leptos",
    "gloo",
    "wasm-bindgen-futures",
];

/// Every package in the normal dependency tree of `package`, for all targets.
fn normal_dependencies(package: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            package,
            "-e",
            "normal",
            "--target",
            "all",
        ])
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn web_crates_in(deps: &[String]) -> Vec<&String> {
    deps.iter()
        .filter(|d| {
            WEB_CRATES
                .iter()
                .any(|w| *d == w || d.starts_with(&format!("{w}-")))
        })
        .collect()
}

#[test]
fn core_has_no_web_crate_in_its_dependency_tree() {
    let deps = normal_dependencies("segmint-core");
    assert!(
        deps.iter().any(|d| d == "serde"),
        "the tree was read: {deps:?}"
    );
    assert_eq!(web_crates_in(&deps), Vec::<&String>::new());
}

#[test]
fn the_check_does_find_web_crates_where_they_are() {
    let deps = normal_dependencies("segmint-ui");
    let found = web_crates_in(&deps);
    for expected in ["wasm-bindgen", "web-sys", "js-sys", "leptos"] {
        assert!(
            found.iter().any(|d| *d == expected),
            "{expected} not found in {found:?}"
        );
    }
}
