// The parallel import: a file large enough to be cut into parts, parsed by the page's thread
// and Web Workers (`?workers=4`: four threads, the page's and three workers, more than this
// machine's cores; `?workers=2`: one worker, which gets two parts at once), gives the very
// report (rows refused, with their lines) and dashboard as the single-thread import of the
// same file (`?workers=1`). The file has quoted cells with line breaks, commas and doubled quotes
// all through it, so some cuts fall inside quotes and are repaired, and refused rows far
// down the file, so their line numbers cross the parts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, appReady, nav } from './fixture.mjs';

const ORDERS = 60_000;

function writeOrders(dir) {
  const rows = ['order_id,customer_id,order_date,amount,product,note'];
  const start = Date.UTC(2022, 0, 1);
  for (let i = 1; i <= ORDERS; i++) {
    const day = new Date(start + (i % 700) * 86_400_000).toISOString().slice(0, 10);
    const amount = (((i * 37) % 20_000) / 100 + 1).toFixed(2);
    const product = i % 5 === 0 ? `"Tent, ${i % 4}-person"` : `Product ${i % 300}`;
    // Every 7th note spans lines; every 11th has doubled quotes.
    const note = i % 7 === 0 ? `"first line\nsecond, line ${i}"` : i % 11 === 0 ? `"a ""quoted"" word"` : '';
    const bad = i % 9_973 === 0; // a few rows refused, all through the file
    rows.push(`${i},${1 + ((i * 7919) % 5_000)},${bad ? 'not a date' : day},${i % 13_001 === 0 ? 'n/a' : amount},${product},${note}`);
  }
  const file = path.join(dir, 'orders.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

let server, browser, file, dir;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-workers-'));
  file = writeOrders(dir);
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Imports the file with `?workers=N`; the report's rows, the summary and the Overview's
 *  figures, and how many workers the page started. */
async function importWith(t, workers) {
  const { page } = await openPage(t, browser, server);
  let started = 0;
  page.on('worker', () => started++);
  await page.goto(`${server.url}data?workers=${workers}`);
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  await page.getByTestId('import-input').setInputFiles(file);
  await page.getByTestId('file-card').waitFor({ timeout: 60_000 });
  await page.getByTestId('import-button').click();
  const report = page.getByTestId('import-report');
  await report.waitFor({ timeout: 60_000 });
  const issues = await report.getByTestId('issues').locator('tbody tr').allTextContents();
  await page.getByTestId('confirm-import').click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 60_000 });
  const counts = await summary.locator('tbody tr').allTextContents();
  await nav(page, 'Overview');
  await page.getByTestId('kpi-revenue').waitFor();
  const figures = await page.getByTestId('kpi-value').allTextContents();
  return { issues, counts, figures, started };
}

test('a file parsed in four threads, or two, gives the single-thread import, report and figures', async (t) => {
  const parallel = await importWith(t, 4);
  const two = await importWith(t, 2);
  const single = await importWith(t, 1);
  assert.equal(parallel.started, 3, 'the page and three workers parsed the parts');
  assert.equal(two.started, 1, 'the page and one worker parsed the parts');
  assert.equal(single.started, 0, '?workers=1 parses on the main thread');
  for (const [name, run] of [['four threads', parallel], ['two threads', two]]) {
    assert.deepEqual(run.issues, single.issues, `${name}: the same rows refused, on the same lines`);
    assert.deepEqual(run.counts, single.counts, `${name}: the same records imported`);
    assert.deepEqual(run.figures, single.figures, `${name}: the same dashboard`);
  }
  assert.ok(single.issues.length >= 10, `rows refused all through the file: ${single.issues.length}`);
  assert.ok(single.issues.some((row) => /\d{2},\d{3}|\d{5}/.test(row)), `a refused row beyond line 10,000: ${single.issues.join(' / ')}`);
  assert.ok(single.figures.length >= 5);
});
