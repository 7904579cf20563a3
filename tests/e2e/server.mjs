// A tiny static server for the built app (dist/), used by the browser tests and benchmarks.
// It can add a Content-Security-Policy header, and it serves a few deliberately bad pages
// under /__selftest/ so the tests can prove that their detectors catch violations.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
};

export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";

const SELFTEST = {
  // An inline script: forbidden by STRICT_CSP.
  '/__selftest/inline.html':
    '<!doctype html><link rel="icon" href="/icon.svg"><p>inline</p><script>document.title = "ran";</script>',
  // A request to another origin: must be caught by the egress check.
  '/__selftest/egress.html':
    '<!doctype html><link rel="icon" href="/icon.svg"><p>egress</p><img src="http://segmint-egress.invalid/pixel.png">',
};

/** Start serving `dir` on 127.0.0.1 (a free port); resolves to { url, close }. */
export async function startServer({ dir, csp = null, port: wanted = 0 } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const headers = { 'Cache-Control': 'no-store' };
    if (csp) headers['Content-Security-Policy'] = csp;
    if (SELFTEST[path]) {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'] });
      res.end(SELFTEST[path]);
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(wanted, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

// `node tests/e2e/server.mjs dist [--csp] [--port N]` serves by hand (scripts/run.sh serve).
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const at = process.argv.indexOf('--port');
  const port = at > 0 ? Number(process.argv[at + 1]) : 0;
  const csp = process.argv.includes('--csp') ? STRICT_CSP : null;
  const { url } = await startServer({ dir, csp, port });
  console.log(`serving ${dir} on ${url}`);
}
