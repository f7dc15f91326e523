// A large import keeps the page responsive: reading, analysis, parse, merge and save run in
// slices, so no main-thread task (PerformanceObserver 'longtask') is longer than 100 ms from
// the file pick to the import's summary. 400,000 orders and 40,000 customers, generated
// here: large enough that any step done in one piece takes several times 100 ms, small
// enough that the pieces that are not sliced (the IndexedDB put, the customer index, the
// copy of a file into memory) stay well under it on a busy machine. The 1M-order figures
// are measured by the benchmark (`make bench-interactive`), not here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, appReady } from './fixture.mjs';

const ORDERS = 400_000;
const CUSTOMERS = 40_000;
const LONG_TASK_MS = 100;

function writeFiles(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const channels = ['web', 'store', 'partner'];
  const categories = ['Books', 'Garden', 'Toys', 'Tools'];
  const customers = ['customer_id,name,segment,signup_date'];
  for (let c = 1; c <= CUSTOMERS; c++) customers.push(`${c},Customer ${c},${c % 3 ? 'Consumer' : 'Corporate'},2021-01-01`);
  const orders = ['order_id,customer_id,order_date,category,amount,channel'];
  const start = Date.UTC(2022, 0, 1);
  for (let i = 1; i <= ORDERS; i++) {
    const day = new Date(start + (i % 900) * 86_400_000).toISOString().slice(0, 10);
    const amount = (((i * 37) % 20_000) / 100 + 1).toFixed(2);
    orders.push(`${i},${1 + ((i * 7919) % CUSTOMERS)},${day},${categories[i % 4]},${amount},${channels[i % 3]}`);
  }
  const files = { customers: customers.join('\n') + '\n', orders: orders.join('\n') + '\n' };
  return Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, `${name}.csv`);
    fs.writeFileSync(file, text);
    return file;
  });
}

let server, browser, files, dir;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-responsive-'));
  files = writeFiles(dir);
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('importing 400,000 orders: no main-thread task over 100 ms, and every row arrives', async (t) => {
  const { page } = await openPage(t, browser, server);
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push({ at: Math.round(e.startTime), ms: Math.round(e.duration) });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(server.url + 'data');
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });

  const from = await page.evaluate(() => performance.now());
  await page.getByTestId('import-input').setInputFiles(files);
  await page.getByTestId('file-card').nth(1).waitFor({ timeout: 120_000 });
  await page.getByTestId('import-button').click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 120_000 });
  const to = await page.evaluate(() => performance.now());

  const created = (kind) => summary.locator(`tr[data-kind=${kind}] [data-col=created]`).textContent();
  assert.equal((await created('orders')).replace(/\D/g, ''), String(ORDERS));
  assert.equal((await created('customers')).replace(/\D/g, ''), String(CUSTOMERS));

  const tasks = await page.evaluate(([a, b]) => window.__long.filter((l) => l.at >= a && l.at <= b), [from, to]);
  const over = tasks.filter((l) => l.ms > LONG_TASK_MS).map((l) => `${l.ms} ms at +${Math.round(l.at - from)} ms`);
  assert.deepEqual(over, [], `main-thread tasks over ${LONG_TASK_MS} ms during the import (of ${tasks.length} over 50 ms)`);
});
