// Trunk post_build hook: writes the service worker's precache list into the staged sw.js.
//
// Every file of the build (hashed app files, the worker, styles, icons, manifest, demo data)
// is listed relative to the service worker's scope, and the cache version is a hash of all
// their contents, so a new build replaces the old cache and an unchanged one keeps it.
// Only node's standard library: nothing is downloaded.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('precache.mjs: set TRUNK_STAGING_DIR or pass the build directory');
  process.exit(2);
}

async function walk(path) {
  const out = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

const swPath = join(dir, 'sw.js');
const files = (await walk(dir))
  .map((f) => relative(dir, f).split(sep).join('/'))
  // The service worker itself is fetched by the browser's update check, never from the cache.
  .filter((f) => f !== 'sw.js' && !f.endsWith('.map') && !f.startsWith('.'))
  .sort();
const hash = createHash('sha256');
for (const f of files) {
  hash.update(f);
  hash.update(await readFile(join(dir, f)));
}
const version = hash.digest('hex').slice(0, 16);
const urls = [...files.map((f) => `./${f}`)];
const template = await readFile(swPath, 'utf8');
if (!template.includes('__SEGMINT_PRECACHE__')) {
  console.error(`precache.mjs: ${swPath} has no __SEGMINT_PRECACHE__ placeholder`);
  process.exit(1);
}
await writeFile(
  swPath,
  template
    .replace("'__SEGMINT_VERSION__'", JSON.stringify(version))
    .replace('__SEGMINT_PRECACHE__', JSON.stringify(urls, null, 2)),
);
console.error(`precache.mjs: ${urls.length} files, version ${version}`);
