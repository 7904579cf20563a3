#!/usr/bin/env bash
# Build the widget bundle into dist/widgets/ — one folder a host serves (or uploads as a
# Salesforce static resource / Dynamics web resources) as it is:
#   segmint-widgets.js             the one script a host includes (www/widgets/, hand-written)
#   segmint-widgets-wasm.js        wasm-bindgen's glue (ES module, loaded by dynamic import)
#   segmint-widgets-wasm_bg.wasm   the widgets (Leptos views over segmint-ui's engine)
#   worker_loader.js, worker.js, worker_bg.wasm   the app's analysis worker, copied from dist/
#   worker_page.js                 loads that worker's module into the page when no worker
#                                  can start (the widgets' wasm has no kernels of its own)
# Run after `trunk build --release` (which empties dist/ and builds the worker), e.g.
#   trunk build --release && bash scripts/build-widgets.sh
# Prints the bundle's size (each file and the total, raw and gzip -9).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

dist="${SEGMINT_DIST:-dist}"
out="$dist/widgets"
target_dir="${CARGO_TARGET_DIR:-target}"

for f in worker_loader.js worker.js worker_bg.wasm worker_page.js; do
  if [[ ! -f "$dist/$f" ]]; then
    echo "build-widgets: $dist/$f is missing; run 'trunk build --release' first" >&2
    exit 1
  fi
done

cargo build --release --offline --target wasm32-unknown-unknown -p segmint-widgets

rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name segmint-widgets-wasm \
  "$target_dir/wasm32-unknown-unknown/release/segmint_widgets.wasm"
# Size matters here (CRM static resources are capped at 5 MB); the compute kernels were
# already built at opt-level 3 by cargo, this pass only shrinks.
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-mutable-globals \
  "$out/segmint-widgets-wasm_bg.wasm" -o "$out/segmint-widgets-wasm_bg.wasm.opt"
mv "$out/segmint-widgets-wasm_bg.wasm.opt" "$out/segmint-widgets-wasm_bg.wasm"
cp www/widgets/segmint-widgets.js "$out/"
cp "$dist/worker_loader.js" "$dist/worker.js" "$dist/worker_bg.wasm" "$dist/worker_page.js" "$out/"

total=0
total_gz=0
printf '%-32s %10s %10s\n' file bytes gzip-9 >&2
for f in "$out"/*; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + raw))
  total_gz=$((total_gz + gz))
  printf '%-32s %10d %10d\n' "$(basename "$f")" "$raw" "$gz" >&2
done
printf '%-32s %10d %10d\n' total "$total" "$total_gz" >&2
