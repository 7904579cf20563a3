//! Helpers shared by the CLI's integration tests.
// Each test crate uses a different subset.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// A path relative to the repository root.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// A preset fixture.
pub fn fixture(name: &str) -> PathBuf {
    repo("tests/fixtures/presets").join(name)
}

/// Run the `segmint` binary.
pub fn segmint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_segmint"))
        .args(args)
        .output()
        .unwrap()
}

/// Run `segmint`, expect success, parse stdout as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = segmint(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A path in this test process's own temporary directory.
pub fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("segmint-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Write `bytes` to a temporary file.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = temp_path(name);
    std::fs::write(&path, bytes).unwrap();
    path
}
