// Importing CSV files on /data as a user would: pick files, review, import, see the report,
// download the errors, undo, reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, openPage, appReady, screenshot } from './fixture.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name) => path.join(FIXTURES, name);

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openData(t, options) {
  const opened = await openPage(t, browser, server, options);
  await opened.page.goto(server.url + 'data');
  await appReady(opened.page);
  await opened.page.getByTestId('loading').waitFor({ state: 'detached' });
  return opened;
}

const stored = (page, kind) => page.locator(`[data-testid=stored-counts] tr[data-kind=${kind}] td`).textContent();

test('an orders file imports, survives a reload, and can be undone', async (t) => {
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

  // A second import of the same file updates, then Undo restores the state before it.
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').locator('tr[data-kind=orders] [data-col=updated]').filter({ hasText: '4' }).waitFor();
  assert.equal(await stored(page, 'orders'), '4', 'matched by order id: no duplicates');
  await page.getByTestId('undo-button').click();
  await page.getByTestId('undo-button').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '4');
  await page.reload();
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '4');
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
