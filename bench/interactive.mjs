// Interactive benchmark (not a test; not part of `make test`): what a user feels with a large
// data set, in headless Chromium against dist/. Imports the peer benchmark's orders,
// customers and deals through the Data page and reports:
//
//   first render    a new browser context opens the app (no data stored): navigation start →
//                   the Overview's heading on screen (median of 5)
//   review          file picked → every file card shown (reading + analysis, in slices)
//   import          Import clicked → summary shown (parse in slices, merge, save)
//   longest task    the longest main-thread task during the import (PerformanceObserver
//                   'longtask'), how many tasks were over 50 and 100 ms, each of them, and the
//                   User Timing measures (save, IndexedDB write) beside them
//   first KPI       the import's summary → the Overview's revenue KPI on screen (index, model
//                   fit and dashboard for the new data), with the analytics' User Timing
//                   measures and the long tasks of the 3 s after the click
//   rows behind     the revenue KPI's "Show rows" clicked → the first screen of its order
//                   lines painted, and the core's rows_behind measure
//   customer list   /customers (the 100k customers of the 1m data): frames while scrolling the
//                   list with the mouse wheel (gaps between animation frames: median, 95th
//                   percentile, longest), and search-as-you-type, per key of "wilson": in the
//                   page, from the key's event to the end of the frame that shows the new
//                   count (and, in brackets, from Playwright's key press to its seeing the
//                   count change, which adds its own round trips)
//   filter change   Overview, Period changed → revenue KPI text changed (median of the
//                   changes 30d, 90d, 365d, all, repeated, each once the charts of the one
//                   before have settled): as Playwright sees it, and in the page from the
//                   select's change event to the frame that paints the new KPI (in
//                   brackets: to the new text in the DOM)
//
//                   Every key is also timed from its keydown to the next frame painted, whether
//                   or not the count changes ("every key"), over SEARCH_ROUNDS rounds of the
//                   word (the box cleared between rounds), then the word deleted with six
//                   Backspaces (each widens the list), with the longest task of each key
//                   and the rapport:customer-select measures (the list's selection, in Rust)
//
// Usage: node bench/interactive.mjs [DATA_DIR]  (default ~/.cache/rapport-bench/data/1m)
// Env: RAPPORT_DIST (build under test; default dist/), FILES (default orders,customers,deals),
// ONLY=customers (only the import and the customer list: no first render, filter changes or
// rows behind), SEARCH_ROUNDS (default 1), TRACE=FILE (a Chromium performance trace of the
// search's keys, for chrome://tracing or the DevTools performance panel).
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, launchBrowser } from '../tests/e2e/fixture.mjs';

const data = path.resolve(process.argv[2] ?? path.join(os.homedir(), '.cache/rapport-bench/data/1m'));
const names = (process.env.FILES ?? 'orders,customers,deals').split(',');
const files = names.map((n) => path.join(data, `${n}.csv`));
for (const f of files) {
  if (!fs.existsSync(f)) {
    console.error(`${f} is missing: run ../shared/bench/run_all.sh 1m (or gen_data.py) first`);
    process.exit(2);
  }
}
const LONG = 10 * 60_000;
const SETTLE = Number(process.env.SETTLE ?? 1500);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const server = await startServer();
const browser = await launchBrowser();
const ONLY_CUSTOMERS = process.env.ONLY === 'customers';
const renders = [];
for (let i = 0; i < (ONLY_CUSTOMERS ? 0 : 5); i++) {
  const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await fresh.goto(server.url);
  await fresh.locator('main h1').waitFor({ timeout: LONG });
  renders.push(Math.round(await fresh.evaluate(() => performance.now())));
  await fresh.context().close();
}
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
});
await page.goto(server.url + 'data');
await page.locator('main h1').waitFor();
await page.getByTestId('loading').waitFor({ state: 'detached', timeout: LONG });

let t = Date.now();
await page.getByTestId('import-input').setInputFiles(files);
await page.getByTestId('file-card').nth(files.length - 1).waitFor({ timeout: LONG });
const review = Date.now() - t;

const before = await page.evaluate(() => performance.now());
t = Date.now();
await page.getByTestId('import-button').click();
await page.getByTestId('import-summary').waitFor({ timeout: LONG });
const imported = Date.now() - t;
const after = await page.evaluate(() => performance.now());
const tasks = await page.evaluate(([a, b]) => window.__long.filter((l) => l.at >= a && l.at <= b), [before, after]);
const measures = await page.evaluate(([a, b]) => performance.getEntriesByType('measure')
  .filter((m) => m.startTime >= a && m.startTime <= b)
  .map((m) => ({ name: m.name, startTime: m.startTime, duration: m.duration })), [before, after]);

t = Date.now();
const clicked = await page.evaluate(() => performance.now());
await page.locator('nav[aria-label="Main"] a').first().click();
const kpi = page.getByTestId('kpi-revenue').getByTestId('kpi-value');
await kpi.waitFor({ timeout: LONG });
const firstKpi = Date.now() - t;
// The analytics measures (index, dashboard, customer table, model fit) after the click,
// once the fit had the time to finish.
await page.waitForTimeout(3000);
const analytics = await page.evaluate((a) => performance.getEntriesByType('measure')
  .filter((m) => m.startTime >= a && /^rapport:(index|index-background|dashboard|customers|fit)$/.test(m.name))
  .map((m) => `${m.name.slice(8)} ${Math.round(m.duration)} ms at +${Math.round(m.startTime - a)}`), clicked);
const firstKpiTasks = await page.evaluate((a) => window.__long.filter((l) => l.at >= a)
  .map((l) => `${Math.round(l.ms)} ms at +${Math.round(l.at - a)}`), clicked);

const changes = [];
const changesFrom = await page.evaluate(() => performance.now());
const period = page.getByLabel('Period', { exact: true });
// In the page: from the select's change event to the new KPI text in the DOM, and to the
// frame that paints it (its animation-frame callbacks: the paint follows them).
await page.evaluate(() => {
  window.__changes = [];
  document.addEventListener('change', (e) => { window.__changeAt = e.timeStamp; }, { capture: true });
  new MutationObserver(() => {
    const at = window.__changeAt;
    if (at === undefined) return;
    window.__changeAt = undefined;
    const dom = performance.now() - at;
    requestAnimationFrame(() => window.__changes.push([dom, performance.now() - at]));
  }).observe(document.querySelector('[data-testid=kpi-revenue]'), { childList: true, characterData: true, subtree: true });
});
for (const range of ONLY_CUSTOMERS ? [] : ['30d', '90d', '365d', 'all', '30d', '90d', '365d', 'all']) {
  const old = await kpi.textContent();
  const before = await page.evaluate(() => window.__changes.length);
  t = Date.now();
  await period.selectOption(range);
  await page.waitForFunction(
    (o) => document.querySelector('[data-testid=kpi-revenue] [data-testid=kpi-value]')?.textContent !== o,
    old,
    { timeout: LONG },
  ).catch(() => {});
  changes.push(Date.now() - t);
  await page.waitForFunction((n) => window.__changes.length > n, before, { timeout: LONG }).catch(() => {});
  // As a user would: the next change once the charts have settled (their animations over).
  await page.waitForTimeout(SETTLE);
}
const inPage = await page.evaluate(() => window.__changes);

const perChange = await page.evaluate((a) => performance.getEntriesByType('measure')
  .filter((m) => m.startTime >= a && /^rapport:(index|index-background|dashboard|customers|fit)$/.test(m.name))
  .map((m) => `${m.name.slice(8)} ${Math.round(m.duration)}`), changesFrom);

// The rows behind the revenue KPI (every order line of the period): the click on "Show
// rows" → the first screen of the list painted (a task posted from the next frame runs
// after its paint), with the core's rows_behind measure.
let rowsPainted = 0, rowsCount = '', rowsMeasures = [];
if (!ONLY_CUSTOMERS) {
const rowsAt = await page.evaluate(() => {
  window.__rowsPainted = undefined;
  const at = performance.now();
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid=rows-table] tr.vrow')) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__rowsPainted = performance.now() - at; };
      channel.port2.postMessage(0);
    });
  }).observe(document.body, { childList: true, subtree: true });
  return at;
});
await page.getByTestId('kpi-revenue').getByTestId('kpi-rows').click();
await page.waitForFunction(() => window.__rowsPainted !== undefined, null, { timeout: LONG });
rowsPainted = Math.round(await page.evaluate(() => window.__rowsPainted));
rowsCount = await page.getByTestId('rows-count').textContent();
rowsMeasures = await page.evaluate((a) => performance.getEntriesByType('measure')
  .filter((m) => m.startTime >= a - 50 && m.name === 'rapport:rows')
  .map((m) => Math.round(m.duration)), rowsAt);
await page.getByTestId('rows-close').click();
}

// Customer list: scrolling frames and search-as-you-type.
await page.locator('nav[aria-label="Main"] a[href*="customers"]').first().click();
await page.getByTestId('customer-table').waitFor({ timeout: LONG });
const list = page.locator('.vscroll');
await list.hover();
await page.evaluate(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 400) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
for (let i = 0; i < 60; i++) {
  await page.mouse.wheel(0, 400);
  await page.waitForTimeout(16);
}
const frames = (await page.evaluate(() => window.__frames)).slice(2).sort((a, b) => a - b);
const pct = (v, p) => Math.round(v[Math.min(v.length - 1, Math.floor(v.length * p))]);
const search = page.getByTestId('customer-search');
const count = page.getByTestId('customer-count');
const keys = [];
const everyKey = [];
const ROUNDS = Number(process.env.SEARCH_ROUNDS ?? 1);
await search.fill('');
await page.waitForTimeout(300);
// Key event → the count changed → that frame painted (a task posted from the frame's
// animation callback runs after its paint). And for every key, changed count or not: its
// keydown → the next frame painted (the input's handling and the reactive updates run in
// the key's task and its microtasks, before that frame), with the longest task since.
await page.evaluate(() => {
  window.__keyFrames = [];
  window.__everyKey = [];
  const input = document.querySelector('[data-testid=customer-search]');
  input.addEventListener('keydown', (e) => {
    window.__keyAt = e.timeStamp;
    const at = e.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const end = performance.now();
        const long = window.__long.filter((l) => l.at >= at - 1 && l.at <= end).reduce((m, l) => Math.max(m, l.ms), 0);
        window.__everyKey.push([end - at, long]);
      };
      channel.port2.postMessage(0);
    });
  }, { capture: true });
  new MutationObserver(() => {
    const at = window.__keyAt;
    if (at === undefined) return;
    window.__keyAt = undefined;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__keyFrames.push(performance.now() - at);
      channel.port2.postMessage(0);
    });
  }).observe(document.querySelector('[data-testid=customer-count]'), { childList: true, characterData: true, subtree: true });
});
const searchFrom = await page.evaluate(() => performance.now());
let cdp;
if (process.env.TRACE) {
  cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'blink', 'latencyInfo', 'disabled-by-default-v8.cpu_profiler'],
    },
  });
}
for (let round = 0; round < ROUNDS; round++) {
  if (round > 0) {
    await search.fill('');
    await page.waitForTimeout(500);
  }
  for (const ch of [...'wilson', ...Array(6).fill('Backspace')]) {
    const old = await count.textContent();
    const before = await page.evaluate(() => window.__keyFrames.length);
    const beforeEvery = await page.evaluate(() => window.__everyKey.length);
    t = Date.now();
    await search.press(ch);
    const changed = await page.waitForFunction((o) => document.querySelector('[data-testid=customer-count]')?.textContent !== o, old, { timeout: 3000 })
      .then(() => true, () => false);
    const wall = Date.now() - t;
    const frame = changed
      ? await page.waitForFunction((n) => window.__keyFrames.length > n && window.__keyFrames[n], before).then((h) => h.jsonValue())
      : null;
    if (ch !== 'Backspace') keys.push(changed ? `${Math.round(frame)} (${wall})` : 'same count');
    const [every, long] = await page.waitForFunction((n) => window.__everyKey.length > n && window.__everyKey[n], beforeEvery).then((h) => h.jsonValue());
    everyKey.push({ ch, ms: every, long });
    await page.waitForTimeout(100);
  }
}
if (cdp) {
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  const out = fs.createWriteStream(process.env.TRACE);
  for (;;) {
    const { data: chunk, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream });
    out.write(base64Encoded ? Buffer.from(chunk, 'base64') : chunk);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await new Promise((resolve) => out.end(resolve));
}
const selects = await page.evaluate((a) => performance.getEntriesByType('measure')
  .filter((m) => m.startTime >= a && m.name === 'rapport:customer-select').map((m) => m.duration), searchFrom);
const byKey = [...'wilson'].map((ch) => {
  const v = everyKey.filter((k) => k.ch === ch).map((k) => k.ms);
  return `${ch} ${Math.round(median(v))}`;
});
const everyMs = everyKey.filter((k) => k.ch !== 'Backspace').map((k) => k.ms);
const deletes = everyKey.filter((k) => k.ch === 'Backspace').map((k) => k.ms);

const longest = tasks.reduce((m, l) => Math.max(m, l.ms), 0);
console.log(`data: ${names.join(', ')} from ${data}`);
if (!ONLY_CUSTOMERS) console.log(`first render (empty app)     median ${median(renders)} ms (${renders.join(', ')})`);
console.log(`review (read + analyze)      ${review} ms`);
console.log(`import (parse, merge, save)  ${imported} ms`);
console.log(`  longest main-thread task   ${Math.round(longest)} ms; tasks over 50 ms: ${tasks.length}, over 100 ms: ${tasks.filter((l) => l.ms > 100).length}`);
console.log(`  tasks over 50 ms           ${tasks.map((l) => `${Math.round(l.ms)} ms at +${Math.round(l.at - before)}`).join(', ')}`);
console.log(`  User Timing measures       ${measures.map((m) => `${m.name} ${Math.round(m.duration)} ms at +${Math.round(m.startTime - before)}`).join(', ')}`);
console.log(`first KPI after the import   ${firstKpi} ms`);
console.log(`  analytics measures         ${analytics.join(', ')}`);
console.log(`  tasks over 50 ms           ${firstKpiTasks.join(', ')}`);
if (!ONLY_CUSTOMERS) console.log(`rows behind revenue          ${rowsPainted} ms from the click to the first screen painted (${rowsCount}; rows_behind ${rowsMeasures.join(', ')} ms)`);
console.log(`customer list scrolling      frame gaps median ${pct(frames, 0.5)} ms, p95 ${pct(frames, 0.95)} ms, longest ${Math.round(frames.at(-1) ?? 0)} ms (${frames.length} frames)`);
console.log(`customer search per key (ms) ${keys.join(', ')}`);
console.log(`  every key → next frame     median ${Math.round(median(everyMs))} ms, range ${Math.round(Math.min(...everyMs))}–${Math.round(Math.max(...everyMs))}, over 16 ms: ${everyMs.filter((v) => v > 16).length} of ${everyMs.length}; by key (median) ${byKey.join(', ')}`);
console.log(`  Backspace ×6 → next frame  median ${Math.round(median(deletes))} ms, range ${Math.round(Math.min(...deletes))}–${Math.round(Math.max(...deletes))}, over 16 ms: ${deletes.filter((v) => v > 16).length} of ${deletes.length} (${deletes.map(Math.round).join(', ')})`);
console.log(`  longest task per key (ms)  ${everyKey.map((k) => Math.round(k.long)).join(', ')}`);
if (selects.length) console.log(`  customer-select (ms)       median ${median(selects).toFixed(1)}, longest ${Math.max(...selects).toFixed(1)} (${selects.map((v) => v.toFixed(1)).join(', ')})`);
if (!ONLY_CUSTOMERS) {
  console.log(`filter change → KPI          median ${median(changes)} ms (${changes.join(', ')})`);
  console.log(`  in the page: next frame    median ${median(inPage.map(([, f]) => Math.round(f)))} ms (${inPage.map(([d, f]) => `${Math.round(f)} [DOM ${Math.round(d)}]`).join(', ')})`);
  console.log(`  analytics measures (ms)    ${perChange.join(', ')}`);
}
await browser.close();
await server.close();
