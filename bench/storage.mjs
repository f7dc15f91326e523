// Storage benchmark (not a test; not part of `make test`): in headless Chromium against
// dist/, imports the peer benchmark's data set through the Data page (orders, customers,
// deals), then reloads the page several times. Reports medians (and min–max) of:
//
//   save            the import's save: encode + IndexedDB write        (measure rapport:save)
//   idb write       of which the IndexedDB transaction                 (measure rapport:idb-write)
//   load            reload: IndexedDB read + decode                    (measure rapport:load)
//   idb read        of which the IndexedDB read                        (measure rapport:idb-read)
//   in memory       reload → dataset in memory, from navigation start  (mark rapport:data-in-memory)
//   dashboard       reload → first KPI value in the DOM, from navigation start
//   longest task    reload: the longest main-thread task (a PerformanceObserver for long
//                   tasks, over 50 ms; 0 when none) from the load's start until the first
//                   KPI shows: how long the page stays frozen while the data loads
//   stored MB       navigator.storage.estimate().usage after the import
//
// Usage: node bench/storage.mjs [DATA_DIR]   (default ~/.cache/rapport-bench/data/1m; make it
// with `../shared/bench/run_all.sh 1m` or `python3 ../shared/bench/gen_data.py 1m`)
// Env: RUNS (fresh browser contexts, each one import; default 3), RELOADS (per run; default 3),
// RAPPORT_DIST (build under test; default dist/), DETAIL=1 (print each reload's timeline:
// the wasm fetched, the load's start, IndexedDB's answer (the part count), the read's end
// (the last part in: the parts are decoded while they are read), every decoding step, the dataset in memory, the first KPI; the index and
// dashboard computations; the long tasks until the data is in memory), NOPREFETCH=1 (the
// page's early read, src/storage/prefetch.js, is turned off: the app reads for itself).
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, launchBrowser, importFiles } from '../tests/e2e/fixture.mjs';

const data = path.resolve(process.argv[2] ?? path.join(os.homedir(), '.cache/rapport-bench/data/1m'));
const files = ['orders.csv', 'customers.csv', 'deals.csv'].map((f) => path.join(data, f));
for (const f of files) {
  if (!fs.existsSync(f)) {
    console.error(`${f} is missing: run ../shared/bench/run_all.sh 1m (or gen_data.py) first`);
    process.exit(2);
  }
}
const RUNS = Number(process.env.RUNS ?? 3);
const RELOADS = Number(process.env.RELOADS ?? 3);
const LONG = 10 * 60_000;

// Records when the first KPI value appears (before the test's own polling could see it).
const watchKpi = () => {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid=kpi-revenue] [data-testid=kpi-value]')) {
      window.__kpiAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

const timings = (page) =>
  page.evaluate(() => {
    const last = (name) => performance.getEntriesByName(name).at(-1);
    const ms = (name) => last(name)?.duration ?? null;
    return {
      save: ms('rapport:save'),
      idbWrite: ms('rapport:idb-write'),
      load: ms('rapport:load'),
      idbRead: ms('rapport:idb-read'),
      inMemory: last('rapport:data-in-memory')?.startTime ?? null,
      dashboard: window.__kpiAt ?? null,
      timeline: (() => {
        const at = (name) => performance.getEntriesByName(name).map((m) => m.startTime);
        const read = last('rapport:idb-read');
        const end = last('rapport:data-in-memory')?.startTime;
        if (!read || end == null) return null;
        const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
        const points = [
          ['wasm fetched', wasm?.responseEnd],
          ['load start', last('rapport:load-start')?.startTime],
          ['idb answered', last('rapport:idb-got')?.startTime],
          ['idb read', read.startTime + read.duration],
          ...at('rapport:load-step').filter((t) => t < end).map((t, i) => [`step ${i + 1}`, t]),
          ['in memory', end],
          ['index ready', last('rapport:index-ready')?.startTime],
          ['KPI', window.__kpiAt],
        ];
        const took = (name) => performance.getEntriesByName(name).map((m) => m.duration.toFixed(0)).join('/');
        return points.map(([name, t], i) => `${name} +${(t - (i ? points[i - 1][1] : 0)).toFixed(0)}`).join(', ')
          + ` (dashboard ${took('rapport:dashboard')} ms)`
          + `; long tasks until the KPI: ${window.__long.filter(([t]) => t < window.__kpiAt).map(([t, d]) => `${t.toFixed(0)}+${d.toFixed(0)}`).join(' ')}`;
      })(),
      longestStep: (() => {
        const start = last('rapport:load-start')?.startTime;
        const end = window.__kpiAt;
        if (start == null || end == null) return null;
        // Long tasks (over 50 ms) from the load's start to the first KPI; none: under 50 ms.
        const tasks = window.__long.filter(([t]) => t >= start && t < end).map(([, d]) => d);
        return Math.max(0, ...tasks);
      })(),
    };
  });

const samples = {};
const add = (key, value) => value != null && (samples[key] ??= []).push(value);

const server = await startServer();
const browser = await launchBrowser();
try {
  for (let run = 1; run <= RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(LONG);
    page.on('pageerror', (e) => console.error('page error:', e.message));
    page.on('console', (m) => m.type() === 'error' && console.error('console error:', m.text()));
    await context.addInitScript(watchKpi);
    if (process.env.NOPREFETCH) await context.addInitScript(() => Object.defineProperty(window, 'rapportPrefetch', { get: () => undefined, set: () => {} }));
    await page.goto(server.url + 'data');
    await page.getByTestId('loading').waitFor({ state: 'detached' });
    const t0 = Date.now();
    await importFiles(page, files);
    const imported = Date.now() - t0;
    const t = await timings(page);
    add('save', t.save);
    add('idbWrite', t.idbWrite);
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
    add('storedMB', usage / 1e6);
    const orders = await page.locator('[data-testid=stored-counts] tr[data-kind=orders] td').textContent();
    console.error(`run ${run}: ${orders} orders; import (pick → summary) ${imported} ms, save ${t.save?.toFixed(0)} ms`);

    for (let reload = 1; reload <= RELOADS; reload++) {
      await page.goto(server.url);
      await page.getByTestId('kpi-revenue').getByTestId('kpi-value').waitFor();
      const r = await timings(page);
      if (process.env.DETAIL) console.error(`  timeline: ${r.timeline}`);
      for (const key of ['load', 'idbRead', 'inMemory', 'dashboard', 'longestStep']) add(key, r[key]);
      console.error(
        `  reload ${reload}: load ${r.load?.toFixed(0)} ms (idb ${r.idbRead?.toFixed(0)}), in memory at ${r.inMemory?.toFixed(0)} ms (longest task ${r.longestStep?.toFixed(0)} ms), KPI at ${r.dashboard?.toFixed(0)} ms`,
      );
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rows = [
  ['save (encode + IndexedDB write)', 'save', 'ms'],
  ['  of which IndexedDB write', 'idbWrite', 'ms'],
  ['load (IndexedDB read + decode)', 'load', 'ms'],
  ['  IndexedDB read (the decoding runs meanwhile)', 'idbRead', 'ms'],
  ['reload → data in memory', 'inMemory', 'ms'],
  ['reload → dashboard (KPI shown)', 'dashboard', 'ms'],
  ['reload: longest task until the KPI (page frozen)', 'longestStep', 'ms'],
  ['stored (storage estimate)', 'storedMB', 'MB'],
];
console.log(`\nStorage benchmark: ${data}, ${RUNS} imports × ${RELOADS} reloads, loadavg ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| what | median | min – max | n |\n| --- | ---: | ---: | ---: |');
for (const [label, key, unit] of rows) {
  const xs = samples[key] ?? [];
  if (!xs.length) continue;
  const f = (x) => (unit === 'MB' ? x.toFixed(1) : x.toFixed(0));
  console.log(`| ${label} | ${f(median(xs))} ${unit} | ${f(Math.min(...xs))} – ${f(Math.max(...xs))} | ${xs.length} |`);
}
