#!/usr/bin/env bash
# Bring a machine of this kind (Debian 12, rustup, node 20) to a state that builds, serves and
# tests Segmint. Idempotent: every step checks first and skips what is already there.
# Nothing here downloads a prebuilt binary: everything comes from crates.io, npm or apt.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14 # 0.22 needs rustc >= 1.96.1
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or the build fails at load time.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)

# The tools are built once per machine; their own release profiles ask for fat LTO and one
# codegen unit, slow to build on two cores, and the tools' own speed does not matter here.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Debian chromium + chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Chinese chart labels need a CJK font on the machine that runs the browser tests
# (tests/e2e/i18n.test.mjs checks that they do not draw as boxes).
if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
  say "installing Debian fonts-noto-cjk (CJK glyphs for the Chinese charts)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing node + npm"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  fast_install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2.5 minutes)"
  # Not --locked: one of its locked dependencies is missing from the registry index here.
  fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# binaryen's wasm-opt from npm (Debian's 108 and the wasm-opt crate cannot parse what rustc
# 1.95 emits) and playwright-core, both pinned by tools/package-lock.json.
if [ ! -f tools/node_modules/.package-lock.json ] || ! cmp -s tools/package-lock.json tools/node_modules/.segmint-lock; then
  say "installing node tools from tools/package-lock.json"
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
  cp tools/package-lock.json tools/node_modules/.segmint-lock
fi

# Every crate of Cargo.lock, for every target: the tests run `cargo tree --offline --target all`
# (crates/core/tests/it/no_web_deps.rs), which needs even the crates no build here compiles.
say "fetching the crates of Cargo.lock (all targets)"
cargo fetch --locked --quiet

say "ready: $(trunk --version), wasm-bindgen $WASM_BINDGEN_VERSION, $(tools/node_modules/.bin/wasm-opt --version), $(/usr/bin/chromium --version 2>/dev/null)"
