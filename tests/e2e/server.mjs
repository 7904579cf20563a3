// A tiny static server for the built app (dist/), used by the browser tests, the benchmarks
// and `bash scripts/run.sh serve`. It can add a Content-Security-Policy header, it always
// sends `frame-ancestors` for embed.html built from embed-config.json (docs/embed.md), and it
// serves a few deliberately bad pages under /__selftest/ so the tests can prove that their
// detectors catch violations.
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

const isOrigin = (entry) => {
  try {
    return typeof entry === 'string' && new URL(entry).origin === entry;
  } catch {
    return false;
  }
};
// The same rule as embed.js: an origin whose host may start with "*." and whose port may be "*".
const isPattern = (entry) => {
  const m = typeof entry === 'string' && /^(https?:\/\/)(\*\.)?([^/:*]+)(?::(\d+|\*))?$/.exec(entry);
  return Boolean(m) && isOrigin(`${m[1]}${m[3]}${m[4] && m[4] !== '*' ? `:${m[4]}` : ''}`);
};

/**
 * The `frame-ancestors` sources that match an embed-config.json (docs/embed.md): its
 * allowedOrigins ("self" is 'self'), plus what the URL may add when allowOriginsFromUrl is on
 * (its patterns, or any site for `true`); 'none' when nobody may frame the embed. Entries the
 * embed ignores (not origins, not patterns) are left out here too.
 */
export function frameAncestors(config) {
  const sources = [];
  for (const entry of Array.isArray(config?.allowedOrigins) ? config.allowedOrigins : []) {
    if (entry === 'self') sources.push("'self'");
    else if (isOrigin(entry)) sources.push(entry);
  }
  const fromUrl = config?.allowOriginsFromUrl;
  if (fromUrl === true) sources.push('*');
  else if (Array.isArray(fromUrl)) sources.push(...fromUrl.filter(isPattern));
  return sources.length ? [...new Set(sources)].join(' ') : "'none'";
}

/** The Content-Security-Policy for embed.html: `csp` (if any) plus frame-ancestors. */
export function embedCsp(config, csp = null) {
  const directive = `frame-ancestors ${frameAncestors(config)}`;
  return csp ? `${csp}; ${directive}` : directive;
}

/** embed-config.json of `root`; a file that cannot be read trusts no one (null). */
async function readEmbedConfig(root) {
  const file = join(root, 'embed-config.json');
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    console.error(`${file}: ${error.message}; embed.html is sent with frame-ancestors 'none'`);
    return null;
  }
}

/**
 * Start serving `dir` on 127.0.0.1 (a free port); resolves to { url, close }.
 * `hostname` names the server in its URL (e.g. `localhost`: another origin for the same
 * socket). `embedConfig` replaces `dir`'s embed-config.json (served and used for
 * frame-ancestors); `frameAncestors: false` sends no frame-ancestors, as a static host that
 * cannot set headers would.
 */
export async function startServer({
  dir,
  csp = null,
  port: wanted = 0,
  hostname = '127.0.0.1',
  embedConfig = undefined,
  frameAncestors: sendFrameAncestors = true,
} = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const headers = { 'Cache-Control': 'no-store' };
    if (csp) headers['Content-Security-Policy'] = csp;
    if (path === '/embed-config.json' && embedConfig !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.json'] });
      res.end(JSON.stringify(embedConfig));
      return;
    }
    if (path === '/embed.html' && sendFrameAncestors) {
      const config = embedConfig !== undefined ? embedConfig : await readEmbedConfig(root);
      headers['Content-Security-Policy'] = embedCsp(config, csp);
    }
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
    url: `http://${hostname}:${port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

// `node tests/e2e/server.mjs dist [--csp] [--port N]` serves by hand (scripts/run.sh serve);
// `node tests/e2e/server.mjs dist --embed-csp` prints the header to send with embed.html.
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const at = process.argv.indexOf('--port');
  const port = at > 0 ? Number(process.argv[at + 1]) : 0;
  const csp = process.argv.includes('--csp') || process.argv.includes('--embed-csp') ? STRICT_CSP : null;
  const header = embedCsp(await readEmbedConfig(resolve(dir)), csp);
  if (process.argv.includes('--embed-csp')) {
    console.log(`Content-Security-Policy: ${header}`);
  } else {
    const { url } = await startServer({ dir, csp, port });
    console.log(`serving ${dir} on ${url}`);
    console.log(`embed.html is sent with: Content-Security-Policy: ${header}`);
  }
}
