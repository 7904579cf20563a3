#!/usr/bin/env bash
# The two commands of the README:
#   bash scripts/run.sh serve   set up, build and serve the app on http://127.0.0.1:8080
#   bash scripts/run.sh test    set up and run every test (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*" >&2; }

case "${1:-}" in
  serve)
    step "building and serving on http://127.0.0.1:8080 (Ctrl-C to stop)"
    exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
    ;;
  test)
    start=$(date +%s)
    step "rustfmt"
    cargo fmt --all --check
    step "clippy (native, all targets)"
    cargo clippy --workspace --all-targets -- -D warnings
    step "clippy (wasm32: the browser crates)"
    cargo clippy --target wasm32-unknown-unknown -p segmint-app -p segmint-worker -p segmint-widgets -- -D warnings
    step "segmint-core and segmint-charts build for wasm32"
    cargo build --target wasm32-unknown-unknown -p segmint-core -p segmint-charts
    step "native tests"
    cargo test --workspace
    step "wasm tests in headless Chromium (wasm-bindgen-test)"
    cargo test --target wasm32-unknown-unknown -p segmint-worker -p segmint-ui
    step "release build of the app (trunk)"
    trunk build --release
    step "end-to-end browser tests (playwright-core on Debian Chromium)"
    node --test tests/e2e/
    step "all tests passed in $(( $(date +%s) - start )) s"
    ;;
  *)
    echo "usage: bash scripts/run.sh serve|test" >&2
    exit 2
    ;;
esac
