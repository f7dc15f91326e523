// Importing CSV files on /data as a user would: pick files, review, import, see the report,
// download the errors, undo, reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shared, openPage, appReady, screenshot } from './fixture.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name) => path.join(FIXTURES, name);

const run = shared();

async function openData(t, options) {
  const opened = await openPage(t, run.browser, run.server, options);
  await opened.page.goto(run.server.url + 'data');
  await appReady(opened.page);
  await opened.page.getByTestId('loading').waitFor({ state: 'detached' });
  return opened;
}

const stored = (page, kind) => page.locator(`[data-testid=stored-counts] tr[data-kind=${kind}] td`).textContent();

test('an orders file imports, survives a reload, and can be undone after the reload', async (t) => {
  const { page } = await openData(t);
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders.csv'));
  const card = page.getByTestId('file-card');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-kind'), 'orders');
  assert.equal(await card.getByTestId('row-count').textContent(), '4');
  assert.equal(await card.getByTestId('encoding').textContent(), 'UTF-8');
  assert.equal(await card.getByLabel('order_date').inputValue(), '2', 'order_date ← column 3');
  await screenshot(page, 'data-review');

  await page.getByTestId('import-button').click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor();
  assert.equal(await summary.locator('tr[data-kind=orders] [data-col=created]').textContent(), '4');
  // Customers are implied by the orders (placeholders on by default): 3 distinct ids.
  assert.equal(await summary.locator('tr[data-kind=customers] [data-col=placeholders]').textContent(), '3');
  assert.equal(await stored(page, 'orders'), '4');
  await screenshot(page, 'data-imported');

  await page.reload();
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '4', 'the import survived a reload');
  assert.equal(await stored(page, 'customers'), '3');

  // The import can still be undone after the reload.
  assert.match(await page.getByTestId('undo-note').textContent(), /after a reload too\.$/);

  // A second import of the same file updates; Undo restores the state before it, and
  // then, after another reload, the state before the first import.
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').locator('tr[data-kind=orders] [data-col=updated]').filter({ hasText: '4' }).waitFor();
  assert.equal(await stored(page, 'orders'), '4', 'matched by order id: no duplicates');
  assert.match(await page.getByTestId('undo-note').textContent(), /and 1 earlier change after it/);
  await page.getByTestId('undo-button').click();
  await page.getByTestId('undo-note').filter({ hasText: /after a reload too\.$/ }).waitFor();
  assert.equal(await stored(page, 'orders'), '4');
  await page.reload();
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '4');
  await page.getByTestId('undo-button').click();
  await page.getByTestId('undo-button').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '0', 'the first import undone after a reload');
  await page.reload();
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '0');
});

test('after an import the dashboard is computed ahead, so the Overview shows it without computing it', async (t) => {
  const { page } = await openData(t);
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders.csv'));
  await page.getByTestId('file-card').waitFor();
  const imported = await page.evaluate(() => performance.now());
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  // On the Data page (which shows no dashboard): the customer model is fitted for the new
  // data, then the dashboard with its numbers is computed ahead in idle slices, before the
  // model is set. (The fit for the empty dataset of the page's start may end after
  // `imported`: the new data's fit is the one after its index, built by the import for
  // its history and kept.)
  const computed = (since) => {
    const after = (name, t) => performance.getEntriesByName(name).find((m) => m.startTime >= t);
    const index = after('rapport:index-kept', since);
    const fit = index && after('rapport:fit', index.startTime);
    const end = fit ? fit.startTime + fit.duration : Infinity;
    return performance.getEntriesByName('rapport:dashboard-ahead').filter((m) => m.startTime >= end).length;
  };
  await page.waitForFunction(computed, imported);
  assert.equal(await page.evaluate(computed, imported), 1);
  // The one without the model is the import's, computed for its history and handed over:
  // neither the page nor the work ahead computed it again.
  // (From the new data in place: the empty start's own run may still be computing ahead.)
  const before = (since) => {
    const after = (name, t) => performance.getEntriesByName(name).find((m) => m.startTime >= t);
    const kept = after('rapport:index-kept', since).startTime;
    const fit = after('rapport:fit', kept).startTime;
    return ['rapport:dashboard', 'rapport:dashboard-ahead']
      .map((n) => performance.getEntriesByName(n).filter((m) => m.startTime >= kept && m.startTime < fit).length);
  };
  assert.deepEqual(await page.evaluate(before, imported), [0, 0]);
  // `rapport:dashboard`: the memo computing it itself; `-ahead`: computed ahead.
  const count = (name) => page.evaluate((n) => performance.getEntriesByName(n).length, name);
  const [memo, ahead] = [await count('rapport:dashboard'), await count('rapport:dashboard-ahead')];
  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Overview', exact: true }).click();
  const revenue = page.getByTestId('kpi-revenue').getByTestId('kpi-value');
  await revenue.waitFor();
  assert.match(await revenue.textContent(), /\d/);
  assert.equal(await count('rapport:dashboard'), memo, 'not computed again by the page');
  assert.equal(await count('rapport:dashboard-ahead'), ahead, 'nor ahead');
});

test('with data, ECharts loads while the browser is idle, before any chart is shown; without, never', async (t) => {
  const { page } = await openData(t);
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const idle = () => page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
  for (let i = 0; i < 3; i++) await idle();
  assert.ok(!requested.includes('/echarts.min.js'), 'not loaded for an app without data');
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders.csv'));
  await page.getByTestId('file-card').waitFor();
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  await page.waitForFunction(() => typeof window.echarts?.init === 'function');
  assert.ok(requested.includes('/echarts.min.js'));
  assert.equal(await page.locator('main .chart').count(), 0, 'the Data page shows no chart');
});

test('bad rows are reported with line and column, downloadable, and only imported when confirmed', async (t) => {
  const { page } = await openData(t);
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders_bad.csv'));
  const card = page.getByTestId('file-card');
  await card.waitFor();
  assert.equal(await card.getByTestId('delimiter').textContent(), ';');
  // 05.03.2024 … 08.03.2024 could be either order: the user is asked.
  await card.getByLabel(/Dates in “Order Date”/).waitFor();

  await page.getByTestId('import-button').click();
  const report = page.getByTestId('import-report');
  await report.waitFor();
  assert.equal(await stored(page, 'orders'), '0', 'nothing imported before confirmation');
  const rows = await report.getByTestId('issues').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((c) => c.textContent)),
  );
  assert.deepEqual(
    rows.map((r) => [r[1], r[2], r[3], r[4]]),
    [
      ['3', 'Order Date', 'not a date', 'error'],
      ['4', 'Amount', 'abc', 'error'],
    ],
  );
  await screenshot(page, 'data-report');

  const [download] = await Promise.all([page.waitForEvent('download'), report.getByTestId('download-errors').click()]);
  assert.equal(download.suggestedFilename(), 'import-errors.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^\uFEFFfile,line,column,value,severity,reason\r\n/);
  assert.match(csv, /orders_bad\.csv,3,Order Date,not a date,error,/);

  await report.getByTestId('confirm-import').click();
  await page.getByTestId('import-summary').waitFor();
  assert.equal(await stored(page, 'orders'), '2');
  await page.getByTestId('undo-button').click();
  await page.getByTestId('undo-button').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '0', 'undo puts back the state before the import');
});

test('a file that is not a CSV is refused with a clear message', async (t) => {
  const { page } = await openData(t);
  await page.getByLabel('Choose CSV files…').setInputFiles({
    name: 'export.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000\u0008\u0000\u0000\u0000!\u0000[Content_Types].xml', 'latin1'),
  });
  const card = page.getByTestId('file-card');
  await card.waitFor();
  assert.match(await card.getByRole('alert').textContent(), /export\.csv cannot be imported: .*Excel/);
  assert.equal(await page.getByTestId('import-button').isDisabled(), true);
});

test('a changed column mapping is remembered for the next import of the same export', async (t) => {
  const { page } = await openData(t);
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders.csv'));
  const card = page.getByTestId('file-card');
  await card.waitFor();
  assert.equal(await card.getByTestId('remembered').count(), 0);
  await card.getByLabel('channel', { exact: true }).selectOption('');
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();

  await page.reload();
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders.csv'));
  await card.waitFor();
  await card.getByTestId('remembered').waitFor();
  assert.equal(await card.getByLabel('channel', { exact: true }).inputValue(), '', 'channel stays unmapped');
  assert.equal(await card.getByLabel('order_date', { exact: true }).inputValue(), '2');
});

test('a large file shows progress with rows per second, can be cancelled, then imports', async (t) => {
  const { page } = await openData(t);
  const rows = 400_000;
  const lines = ['order_id,customer_id,order_date,product,amount'];
  for (let i = 1; i <= rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`${i},C${i % 5000},2024-03-${day},Widget ${i % 17},${(i % 900) + 0.5}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-large-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'large_orders.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');

  // Reading the file for the review already reports progress in slices.
  await page.getByLabel('Choose CSV files…').setInputFiles(file);
  const card = page.getByTestId('file-card');
  await card.waitFor({ timeout: 60_000 });
  assert.equal(await card.getByTestId('row-count').textContent(), '400000');

  // Importing: a progress bar with rows/s, updated between slices of work, and Cancel. A quick
  // user (a MutationObserver) presses Cancel as soon as the bar appears, and notes what it said.
  const seen = page.evaluate(
    () => new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const job = document.querySelector('[data-testid=job]');
        if (!job) return;
        observer.disconnect();
        const shown = {
          label: job.querySelector('label[for=job-progress]').textContent,
          max: job.querySelector('progress').getAttribute('max'),
          rate: job.querySelector('[data-testid=job-rate]').textContent,
        };
        job.querySelector('[data-testid=job-cancel]').click();
        resolve(shown);
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }),
  );
  await page.getByTestId('import-button').click();
  const shown = await seen;
  assert.equal(shown.label, 'Importing large_orders.csv');
  assert.equal(shown.max, '100');
  assert.match(shown.rate, /^[\d,]+ rows · [\d,]+ rows\/s$/);
  await page.getByText('Import cancelled: nothing was imported.').waitFor();
  assert.equal(await page.getByTestId('job').count(), 0);
  assert.equal(await stored(page, 'orders'), '0', 'a cancelled import adds nothing');

  // The same file, imported to the end.
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
  assert.equal(await stored(page, 'orders'), '400,000');
});

test('leaving the Data page in the middle of an import abandons it cleanly', async (t) => {
  const { page } = await openData(t);
  const lines = ['order_id,customer_id,order_date,amount'];
  for (let i = 1; i <= 300_000; i++) lines.push(`${i},C${i % 3000},2024-04-${String(1 + (i % 28)).padStart(2, '0')},${i % 500}.25`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-leave-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'leave_orders.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  await page.getByLabel('Choose CSV files…').setInputFiles(file);
  await page.getByTestId('file-card').waitFor({ timeout: 60_000 });
  // As soon as the import shows its progress, the user goes to another page.
  const left = page.evaluate(
    () => new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[data-testid=job]')) return;
        observer.disconnect();
        document.querySelector('nav[aria-label="Main"] a[href$="sales"]').click();
        resolve(true);
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }),
  );
  await page.getByTestId('import-button').click();
  assert.ok(await left);
  await page.locator('main h1', { hasText: 'Sales' }).waitFor();
  // Nothing was imported, and the app works on (the fixture fails on any console error).
  await page.waitForTimeout(500);
  await page.locator('nav[aria-label="Main"] a[href$="data"]').click();
  await page.getByTestId('stored-counts').waitFor();
  assert.equal(await stored(page, 'orders'), '0');
});
