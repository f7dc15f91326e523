// A large import keeps the page responsive: reading, analysis, parse, merge and save run in
// slices between which the page paints, so a user sees the import's progress move and can
// press Cancel. 400,000 orders and 40,000 customers, generated here: large enough that the
// parse takes many slices on any machine. What is asserted is what the user sees, frame by
// frame (the progress bar painted with many values, the summary with every row), not a
// duration: how long the main thread's tasks are (none over 50 ms is the goal) is measured
// by the benchmark (`make bench-interactive`, `bench/interactive.mjs`), not here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, appReady } from './fixture.mjs';

const ORDERS = 400_000;
const CUSTOMERS = 40_000;
// A file parsed in one piece paints its progress once or twice (at 0 and 100 %); in 30 ms
// slices this machine paints 8 or more values.
const MIN_PROGRESS_PAINTS = 4;

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

test('importing 400,000 orders: the page paints its progress as it goes, and every row arrives', async (t) => {
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url + 'data');
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  // Every frame the page paints, what its progress bar shows (label and value).
  await page.evaluate(() => {
    window.__painted = [];
    const frame = () => {
      const bar = document.querySelector('[data-testid=job] progress');
      const label = document.querySelector('[data-testid=job] label');
      if (bar) window.__painted.push(`${label?.textContent} ${bar.value}`);
      window.__frames = requestAnimationFrame(frame);
    };
    frame();
  });

  await page.getByTestId('import-input').setInputFiles(files);
  await page.getByTestId('file-card').nth(1).waitFor({ timeout: 120_000 });
  await page.getByTestId('import-button').click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 120_000 });

  const created = (kind) => summary.locator(`tr[data-kind=${kind}] [data-col=created]`).textContent();
  assert.equal((await created('orders')).replace(/\D/g, ''), String(ORDERS));
  assert.equal((await created('customers')).replace(/\D/g, ''), String(CUSTOMERS));

  const painted = await page.evaluate(() => {
    cancelAnimationFrame(window.__frames);
    return window.__painted;
  });
  const orders = new Set(painted.filter((p) => p.startsWith('Importing orders.csv ')));
  assert.ok(
    orders.size >= MIN_PROGRESS_PAINTS,
    `the orders file's parse was painted with ${orders.size} values (${[...orders].join(' | ')})`,
  );
  t.diagnostic(`the orders file's parse painted with ${orders.size} values`);
});
