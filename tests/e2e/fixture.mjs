// End-to-end harness: serves dist/ on 127.0.0.1, drives Debian's Chromium with
// playwright-core, records every request and console message, and fails a test on any
// request to another origin and on any console error.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
// RAPPORT_DIST: test another build (e.g. one made with the Debian toolchain fallback).
export const DIST = process.env.RAPPORT_DIST ? path.resolve(process.env.RAPPORT_DIST) : path.join(ROOT, 'dist');
export const SCREENSHOTS = path.join(here, 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * Serves `root` under `prefix` ("/" or "/rapport/"). For paths without a file:
 * - `fallback: 'spa'` answers index.html with 200, as `trunk serve` or nginx `try_files` do;
 * - `fallback: 'pages'` answers 404.html with 404, as GitHub Pages does.
 * The returned server logs every request it receives (`log`: "GET /path"), can switch to
 * another build (`setRoot(dir)`, a deploy) and can go down (`setDown(true)`: every
 * connection is dropped unanswered). `gzip`: compressed responses (gzip -9) to a browser
 * that accepts them, as GitHub Pages sends them (for bench/first_render.mjs).
 */
export async function startServer({ root = DIST, prefix = '/', fallback = 'spa', gzip = false } = {}) {
  const checkRoot = (dir) => assert.ok(fs.existsSync(path.join(dir, 'index.html')), `${dir}/index.html missing: run trunk build first`);
  checkRoot(root);
  const log = [];
  const gzipped = new Map(); // file → its bytes gzipped, made at its first request
  let down = false;
  const server = http.createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    if (down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    rel = rel.slice(prefix.length);
    let file = path.join(root, rel);
    if (!file.startsWith(root)) file = root;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!fs.existsSync(file)) {
      file = path.join(root, fallback === 'pages' ? '404.html' : 'index.html');
      status = fallback === 'pages' ? 404 : 200;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (gzip && /gzip/.test(req.headers['accept-encoding'] ?? '') && !/^image\/png/.test(type)) {
      if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-encoding': 'gzip' });
      res.end(gzipped.get(file));
      return;
    }
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + prefix,
    log,
    setRoot: (dir) => {
      checkRoot(dir);
      root = dir;
    },
    setDown: (value) => {
      down = value;
      if (down) server.closeIdleConnections();
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

// The app looks for the team's workspace (data/workspace.rapport) on every visit; a site
// that publishes none answers 404 (GitHub Pages), which Chromium logs as a console error.
const TEAM_FILE_MISSING = { text: /status of 404/, url: /\/data\/workspace\.rapport$/ };

/**
 * Opens a fresh context + page on `server`, recording traffic. Registers a check, run when
 * the test ends, that nothing left the origin and the console stayed free of errors.
 * `allowConsole` lists console errors a test expects, as `{ text: RegExp, url: string |
 * RegExp }` (url: the page or file that logged it, e.g. a deep link answered with a 404
 * status). A missing team workspace is always allowed.
 */
export async function openPage(t, browser, server, { colorScheme = 'light', allowConsole = [], locale = 'en-US' } = {}) {
  // `locale` is the browser's language (navigator.language), which picks the app's first language.
  const context = await browser.newContext({ colorScheme, locale, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const foreign = [];
  const consoleErrors = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    foreign.push(url);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location().url });
  });
  page.on('pageerror', (err) => consoleErrors.push({ text: `uncaught: ${err.message}`, url: '' }));
  t.after(async () => {
    await context.close();
    assert.deepEqual(foreign, [], 'requests to another origin');
    const at = (a, url) => a.url === undefined || (a.url instanceof RegExp ? a.url.test(url) : a.url === url);
    const unexpected = consoleErrors.filter(
      (e) => ![...allowConsole, TEAM_FILE_MISSING].some((a) => a.text.test(e.text) && at(a, e.url)),
    );
    assert.deepEqual(unexpected, [], 'console errors');
  });
  return { page, context, consoleErrors };
}

/** Waits until the app has mounted and rendered the page heading. */
export async function appReady(page) {
  await page.locator('main h1').first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** A full-page screenshot, taken from the top of the page (a page scrolled down would show
 * its sticky top bar in the middle of the image); the scroll position is put back after. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const y = await page.evaluate(() => { const y = window.scrollY; window.scrollTo(0, 0); return y; });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.evaluate((y) => window.scrollTo(0, y), y);
}

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/**
 * axe-core's serious and critical violations on the page, as "id (impact): targets". The
 * script is evaluated by the test driver: the page's CSP (rightly) refuses an injected
 * <script>.
 */
export async function axeViolations(page) {
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Imports `files` (paths, or `{ name, mimeType, buffer }`) on the Data page as a user does:
 *  pick, Import, confirm when the report asks; resolves once the summary shows. */
export async function importFiles(page, files) {
  await page.getByTestId('import-input').setInputFiles(files);
  await importPicked(page);
}

/** Imports the files picked on the Data page: Import, confirm when the report asks; resolves
 *  once the summary shows. */
export async function importPicked(page) {
  await page.getByTestId('import-button').click();
  const done = page.getByTestId('import-summary');
  const confirm = page.getByTestId('confirm-import');
  await done.or(confirm).waitFor();
  if (await confirm.isVisible()) await confirm.click();
  await done.waitFor();
}

/** Follows a link of the main navigation. */
export const nav = (page, name) => page.locator('nav[aria-label="Main"]').getByRole('link', { name, exact: true }).click();

/** Waits for the address to match `re` (filter changes replace the history entry: the same
 *  document, so wait on location itself). */
export const urlMatches = (page, re) => page.waitForFunction((src) => new RegExp(src).test(location.href), re.source);

/** The value shown on the KPI card with test id `id`. */
export const kpi = (page, id) => page.getByTestId(id).getByTestId('kpi-value').textContent();

/** A new page with the demo company loaded from the Overview's onboarding. */
export async function withDemo(t, browser, server, options) {
  const opened = await openPage(t, browser, server, options);
  const { page } = opened;
  await page.goto(server.url);
  await appReady(page);
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('kpi-revenue').waitFor({ timeout: 30_000 });
  return opened;
}

/** The server of dist/ and the browser, started before a file's tests and closed after
 *  them: `const run = shared();` then `run.server`, `run.browser` inside the tests. */
export function shared() {
  const run = {};
  before(async () => {
    run.server = await startServer();
    run.browser = await launchBrowser();
  });
  after(async () => {
    await run.browser?.close();
    await run.server?.close();
  });
  return run;
}
