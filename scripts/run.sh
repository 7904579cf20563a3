#!/usr/bin/env bash
# The two commands of the README:
#   bash scripts/run.sh serve   set up, build the app and the widgets, serve them on http://127.0.0.1:8080
#   bash scripts/run.sh test    set up and run every test (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
bash scripts/bootstrap.sh
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Each step prints the seconds since the start, so a slow CI run shows where its time went.
step() { printf '\n\033[1;34m==> [%ss] %s\033[0m\n' "$(( $(date +%s) - t0 ))" "$*" >&2; }

case "${1:-}" in
  serve)
    step "release build of the app (trunk) and the widget bundle"
    trunk build --release
    bash scripts/build-widgets.sh
    # embed.html also gets frame-ancestors from dist/embed-config.json (docs/embed.md): only the
    # sites named there may frame it; the server prints the header it sends.
    step "serving dist/ on http://127.0.0.1:${PORT:-8080} under the strict CSP (Ctrl-C to stop): / is the app, /crm-demo.html the widgets"
    exec node tests/e2e/server.mjs dist --csp --port "${PORT:-8080}"
    ;;
  test)
    start=$(date +%s)
    step "rustfmt"
    cargo fmt --all --check
    step "clippy (native, all targets)"
    cargo clippy --workspace --all-targets -- -D warnings
    step "clippy (wasm32: the browser crates)"
    cargo clippy --target wasm32-unknown-unknown -p segmint-app -p segmint-worker -p segmint-widgets -p segmint-web -- -D warnings
    # The app and widgets alone, as they ship: without segmint-web's default `local-session`
    # (which selecting segmint-web above turns on for every crate of that run).
    cargo clippy --target wasm32-unknown-unknown -p segmint-app -p segmint-widgets -- -D warnings
    step "segmint-core and segmint-charts check for wasm32"
    cargo check --target wasm32-unknown-unknown -p segmint-core -p segmint-charts
    step "native tests"
    cargo test --workspace
    step "wasm tests in headless Chromium (wasm-bindgen-test)"
    cargo test --target wasm32-unknown-unknown -p segmint-web -p segmint-worker -p segmint-ui
    step "release build of the app (trunk)"
    trunk build --release
    step "widget bundle (dist/widgets/, after the app's build: it reuses the worker)"
    bash scripts/build-widgets.sh
    step "end-to-end browser tests (playwright-core on Debian Chromium)"
    # A test that hangs must fail, not eat CI's time: 10 minutes each at most, and the runner
    # exits when the tests are done even if a timed-out test left a browser or server open.
    node --test --test-timeout=600000 --test-force-exit tests/e2e/
    step "all tests passed in $(( $(date +%s) - start )) s"
    ;;
  *)
    echo "usage: bash scripts/run.sh serve|test" >&2
    exit 2
    ;;
esac
