// Renders the PNG app icons in public/ from public/favicon.svg with Chromium (run by hand
// after changing the logo: `node scripts/icons.mjs`). The maskable icon fills the square and
// keeps the mark inside the central safe zone, as launchers crop it to their own shape.
import fs from 'node:fs';
import { launchBrowser } from '../tests/e2e/fixture.mjs';

const svg = fs.readFileSync('public/favicon.svg', 'utf8');
const mark = svg.match(/<path[^>]*\/>/)[0];
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#2f5bea"/><g transform="translate(16 16) scale(0.7) translate(-16 -16)">${mark}</g></svg>`;
const browser = await launchBrowser();
const page = await browser.newPage();
for (const [name, source, size] of [
  ['icon-192.png', svg, 192],
  ['icon-512.png', svg, 512],
  ['icon-maskable-512.png', maskable, 512],
]) {
  await page.setViewportSize({ width: size, height: size });
  const html = `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${source}`;
  await page.setContent(html);
  await page.screenshot({ path: `public/${name}`, omitBackground: true });
}
await browser.close();
