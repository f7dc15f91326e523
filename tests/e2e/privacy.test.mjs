// Private by construction: the Content-Security-Policy, no request beyond the app's own files,
// and the service worker (offline after one visit; an update replaces the old cache).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, openPage, appReady, screenshot, DIST, ROOT, nav } from './fixture.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A server for one test, closed when it ends. */
async function serve(t, options) {
  const server = await startServer(options);
  t.after(() => server.close());
  return server;
}

/** Waits until the service worker is active and controls the page; returns its cache names. */
async function workerInCharge(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return caches.keys();
  });
}

/** The cache names once they are `expected` (polling: a new worker installs in the background). */
async function cachesBecome(page, expected) {
  let keys;
  for (let i = 0; i < 200; i++) {
    keys = await page.evaluate(() => caches.keys());
    if (keys.join() === expected.join()) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return keys;
}

const versionOf = (dist) => fs.readFileSync(path.join(dist, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)"/)[1];


function directives(csp) {
  return Object.fromEntries(
    csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
}

test('every page carries a strict Content-Security-Policy', async (t) => {
  for (const file of ['index.html', '404.html']) {
    const html = fs.readFileSync(path.join(DIST, file), 'utf8');
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
    assert.ok(meta, `${file} has no CSP`);
    assert.ok(html.indexOf(meta[0]) < html.indexOf('<script'), `${file}: the CSP comes before any script`);
    const d = directives(meta[1]);
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>/g)].length;
    assert.equal(inlineScripts, file === 'index.html' ? 3 : 1, `${file}: its own script (+ the storage prefetch and Trunk's loader)`);
    const [self, wasm, ...hashes] = d['script-src'];
    assert.deepEqual([self, wasm], ["'self'", "'wasm-unsafe-eval'"]);
    assert.equal(hashes.length, inlineScripts, 'one hash per inline script, nothing else');
    for (const h of hashes) assert.match(h, /^'sha256-[A-Za-z0-9+/]{43}='$/);
    assert.deepEqual(d, {
      'default-src': ["'self'"],
      'script-src': d['script-src'],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'none'"],
      'worker-src': ["'self'"],
    });
  }
});

test('the policy is in force: injected script, inline handlers and foreign connections are blocked', async (t) => {
  const server = await serve(t);
  const { page } = await openPage(t, browser, server, {
    allowConsole: [
      { text: /inline script|inline event handler/ },
      { text: /https:\/\/example\.com\/.*(Refused to connect|violates)/ },
    ],
  });
  await page.goto(server.url);
  await appReady(page);
  const outcome = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.append(script);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:," onerror="window.__handler = true">';
    document.body.append(holder);
    const fetched = await fetch('https://example.com/').then(() => 'fetched', (e) => e.name);
    await new Promise((r) => setTimeout(r, 200)); // violation events are queued as tasks
    holder.remove();
    return { injected: window.__injected, handler: window.__handler, fetched, violations: violations.sort() };
  });
  assert.deepEqual(outcome, {
    injected: undefined,
    handler: undefined,
    fetched: 'TypeError',
    violations: ['connect-src', 'script-src-attr', 'script-src-elem'],
  });
  // The app itself still runs under the policy: the demo company loads and draws charts.
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('overview-revenue-chart').locator('canvas').waitFor();
});

// The app's own static files, by name (content hashes written as HASH).
const STATIC_FILES = [
  'GET /',
  // The team's workspace, looked for on every visit (this site publishes none).
  'GET /data/workspace.rapport',
  'GET /echarts.min.js',
  'GET /index.html',
  'GET /main-HASH.css',
  'GET /manifest.webmanifest',
  'GET /public/favicon.svg',
  'GET /public/icon-192.png',
  'GET /public/icon-512.png',
  'GET /public/icon-maskable-512.png',
  'GET /public/manifest.webmanifest',
  // The page's helper worker (precached; started by the demo data, or a file that is not
  // UTF-8).
  'GET /rapport-extras.js',
  'GET /rapport-extras_bg.wasm',
  'GET /rapport-extras_loader.js',
  'GET /rapport-web-HASH.js',
  'GET /rapport-web-HASH_bg.wasm',
  // The parallel import's worker (precached; started by an import of a large file) and
  // the wasm-bindgen snippet the page resolves its address and the helper's against.
  'GET /rapport-worker.js',
  'GET /rapport-worker_bg.wasm',
  'GET /rapport-worker_loader.js',
  'GET /snippets/rapport-HASH/inline0.js',
  'GET /sw.js',
];

test('an import and a visit to every page request nothing beyond the app’s own files', async (t) => {
  const server = await serve(t);
  const { page, context } = await openPage(t, browser, server);
  const seen = [];
  context.on('request', (r) => seen.push(r.url()));
  await page.goto(server.url);
  await appReady(page);
  await workerInCharge(page);

  await nav(page, 'Data');
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  await page.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  for (const [name, title] of [
    ['Overview', 'Overview'],
    ['Customers', 'Customers'],
    ['Sales', 'Sales'],
    ['Support', 'Support'],
    ['Marketing', 'Marketing'],
    ['Analysis', 'Analysis'],
    ['Settings', 'Settings'],
  ]) {
    await nav(page, name);
    await page.locator('main h1', { hasText: title }).waitFor();
    if (name === 'Customers') {
      await page.locator('main table th[scope=row] a').first().click();
      await page.locator('main h1', { hasText: 'Customer' }).waitFor();
    }
  }
  // Every request, from the first visit on, is a GET of one of the app's files.
  const files = [...new Set(server.log.map((r) => r.replace(/-[0-9a-f]{8,16}(_bg)?([./])/, '-HASH$1$2')))].sort();
  assert.deepEqual(files, STATIC_FILES);
  const foreign = seen.filter((u) => !u.startsWith(server.origin + '/') && !/^(data|blob):/.test(u));
  assert.deepEqual(foreign, []);
});

test('after one visit the app works offline, under a sub-path, deep links included', async (t) => {
  const server = await serve(t, { prefix: '/rapport/', fallback: 'pages' });
  const { page, context } = await openPage(t, browser, server);
  await page.goto(server.url);
  await appReady(page);
  assert.deepEqual(await workerInCharge(page), [`rapport-${versionOf(DIST)}`]);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, server.url);

  await context.setOffline(true);
  server.setDown(true);
  const reached = server.log.length;
  const response = await page.reload();
  assert.equal(response.fromServiceWorker(), true);
  await appReady(page);
  assert.equal(await page.locator('main h1').textContent(), 'Overview');
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('overview-revenue-chart').locator('canvas').waitFor();
  await nav(page, 'Sales');
  await page.waitForURL(server.url + 'sales');
  await page.locator('main h1', { hasText: 'Sales' }).waitFor();
  // A deep link typed while offline: the worker answers with the app, which routes it.
  await page.goto(server.url + 'customers/c-0042');
  await appReady(page);
  assert.equal(await page.locator('main h1').textContent(), 'Customer');
  await nav(page, 'Analysis');
  await page.locator('main h1', { hasText: 'Analysis' }).waitFor();
  await screenshot(page, 'offline-analysis');
  // Only the browser's own update check for the worker script ignores the emulated offline
  // mode (Chromium); the server is down and answers nothing.
  const reachedServer = server.log.slice(reached).filter((r) => r !== 'GET /rapport/sw.js');
  assert.deepEqual(reachedServer, [], 'nothing but the worker update check reached the server');
});

test('a new version replaces the old cache and is served after one reload', async (t) => {
  // Build B: build A (dist/) with a changed page, through the same post-build step.
  const b = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-b-'));
  t.after(() => fs.rmSync(b, { recursive: true, force: true }));
  fs.cpSync(DIST, b, { recursive: true });
  const index = path.join(b, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<title>Rapport</title>', '<title>Rapport</title>\n    <meta name="rapport-build" content="B" />'));
  execFileSync('node', [path.join(ROOT, 'scripts/post-build.mjs'), b], { stdio: 'pipe' });
  const [versionA, versionB] = [versionOf(DIST), versionOf(b)];
  assert.notEqual(versionA, versionB);

  const server = await serve(t);
  const { page, context } = await openPage(t, browser, server);
  const build = () => page.evaluate(() => document.querySelector('meta[name=rapport-build]')?.content ?? 'A');
  await page.goto(server.url);
  await appReady(page);
  assert.deepEqual(await workerInCharge(page), [`rapport-${versionA}`]);

  server.setRoot(b); // deploy B
  await page.reload();
  await appReady(page);
  assert.equal(await build(), 'B', 'the new version is served at once');
  const expected = [`rapport-${versionB}`];
  assert.deepEqual(await cachesBecome(page, expected), expected, 'B installed, A’s cache gone');

  // Offline, B is what the cache holds: nobody is left on A.
  await context.setOffline(true);
  server.setDown(true);
  const r = await page.reload();
  await appReady(page);
  assert.equal(r.fromServiceWorker(), true);
  assert.equal(await build(), 'B');
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('overview-revenue-chart').locator('canvas').waitFor();
});
