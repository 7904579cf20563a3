// Renders www/icon.svg to the PNG icons the web manifest lists (192 and 512 px), with the
// local Chromium: `node scripts/icons.mjs`. Run it after changing icon.svg; the PNGs are
// committed so that the build itself needs no browser.
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const WWW = join(dirname(fileURLToPath(import.meta.url)), '..', 'www');
const svg = await readFile(join(WWW, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.SEGMINT_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND'],
});
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${sized}`);
    await page.screenshot({ path: join(WWW, `icon-${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
