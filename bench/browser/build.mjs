// Build everything bench/browser/run.mjs serves and runs, into bench/browser/site/ (ignored by git):
//   - segmint-bench-wasm for wasm32 (release profile: segmint-core and the bench crate at
//     opt-level 3, fat LTO) → wasm-bindgen --target web → wasm-opt (binaryen from tools/)
//   - segmint-bench-native (native profile, like the `segmint` CLI)
//   - the page bundle (esbuild: Papa Parse, ml-kmeans, DuckDB-Wasm) and the fpgrowth worker
//   - DuckDB-Wasm's eh/mvp wasm + worker files copied from node_modules (no CDN)
// `node bench/browser/build.mjs [--no-wasm-opt] [--simd]`; CARGO_TARGET_DIR is honoured.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, copyFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../..');
// SEGMINT_BENCH_SITE: another site directory, for side experiments next to a running benchmark.
export const SITE = process.env.SEGMINT_BENCH_SITE ? resolve(process.env.SEGMINT_BENCH_SITE) : join(HERE, 'site');
export const TARGET = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
export const NATIVE_BIN = join(TARGET, 'native', 'segmint-bench-native');

function run(cmd, args, env = {}) {
  console.error(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
}

export function build({ wasmOpt = true, simd = false } = {}) {
  if (!existsSync(join(HERE, 'node_modules'))) run('npm', ['ci', '--prefix', HERE]);
  if (!existsSync(join(ROOT, 'tools', 'node_modules'))) run('npm', ['ci', '--prefix', join(ROOT, 'tools')]);
  const rustflags = simd ? { RUSTFLAGS: `${process.env.RUSTFLAGS ?? ''} -C target-feature=+simd128`.trim() } : {};
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'segmint-bench-wasm', '--lib'], rustflags);
  run('cargo', ['build', '--profile', 'native', '-p', 'segmint-bench-wasm', '--bin', 'segmint-bench-native']);
  mkdirSync(SITE, { recursive: true });
  const pkg = join(SITE, 'pkg');
  rmSync(pkg, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', 'web', '--out-dir', pkg,
    join(TARGET, 'wasm32-unknown-unknown', 'release', 'segmint_bench_wasm.wasm')]);
  const wasm = join(pkg, 'segmint_bench_wasm_bg.wasm');
  if (wasmOpt) {
    const features = simd ? ['--enable-simd'] : [];
    run(join(ROOT, 'tools', 'node_modules', '.bin', 'wasm-opt'),
      ['-O3', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
        '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', ...features,
        wasm, '-o', wasm]);
  }
  console.error(`segmint_bench_wasm_bg.wasm: ${statSync(wasm).size} bytes (wasm-opt ${wasmOpt ? '-O3' : 'off'}, simd ${simd ? 'on' : 'off'})`);
  const esbuild = join(HERE, 'node_modules', '.bin', 'esbuild');
  run(esbuild, [join(HERE, 'src', 'page.mjs'), '--bundle', '--format=esm', '--platform=browser',
    '--target=chrome120', '--log-level=warning', `--outfile=${join(SITE, 'page.js')}`,
    '--external:./pkg/*']);
  copyFileSync(join(HERE, 'src', 'fpgrowth-worker.js'), join(SITE, 'fpgrowth-worker.js'));
  copyFileSync(join(HERE, 'node_modules', 'node-fpgrowth', 'dist', 'fpgrowth-client.js'), join(SITE, 'fpgrowth-client.js'));
  copyFileSync(join(HERE, 'www', 'index.html'), join(SITE, 'index.html'));
  const duck = join(SITE, 'duckdb');
  mkdirSync(duck, { recursive: true });
  for (const f of ['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js', 'duckdb-mvp.wasm', 'duckdb-browser-mvp.worker.js']) {
    cpSync(join(HERE, 'node_modules', '@duckdb', 'duckdb-wasm', 'dist', f), join(duck, f));
  }
}

/** Point site/NAME at DIR (the shared data, the generated scale files). */
export function link(name, dir) {
  const at = join(SITE, name);
  rmSync(at, { recursive: true, force: true });
  symlinkSync(resolve(dir), at);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  build({ wasmOpt: !process.argv.includes('--no-wasm-opt'), simd: process.argv.includes('--simd') });
}
