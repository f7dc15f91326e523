// Breakdown benchmark (not a test; not part of `make test`): the orders of the peer
// benchmark's 1m data with a column of 1,000 values (`store`, added to a copy of
// orders.csv), imported through the Data page in headless Chromium against dist/; then on
// Sales the orders breakdown is switched to `store`, `product` and `channel`, and the
// `rapport:breakdown` User Timing measure of each (the core's orders_by in wasm) is
// reported, median of 5 switches each.
//
// Usage: node bench/breakdown.mjs [DATA_DIR]  (default ~/.cache/rapport-bench/data/1m)
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import readline from 'node:readline';
import { startServer, launchBrowser } from '../tests/e2e/fixture.mjs';

const data = path.resolve(process.argv[2] ?? path.join(os.homedir(), '.cache/rapport-bench/data/1m'));
const source = path.join(data, 'orders.csv');
if (!fs.existsSync(source)) {
  console.error(`${source} is missing: run ../shared/bench/run_all.sh 1m (or gen_data.py) first`);
  process.exit(2);
}
const copy = path.join(os.tmpdir(), 'rapport-orders-1000-stores.csv');
if (!fs.existsSync(copy)) {
  const out = fs.createWriteStream(copy);
  let n = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(source) })) {
    out.write(n === 0 ? `${line},store\n` : `${line},S${String((n * 7919) % 1000).padStart(3, '0')}\n`);
    n += 1;
  }
  await new Promise((resolve) => out.end(resolve));
}
const LONG = 10 * 60_000;
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const server = await startServer();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(server.url + 'data');
await page.getByTestId('loading').waitFor({ state: 'detached', timeout: LONG });
await page.getByTestId('import-input').setInputFiles(copy);
await page.getByTestId('file-card').waitFor({ timeout: LONG });
await page.getByTestId('import-button').click();
await page.getByTestId('import-summary').waitFor({ timeout: LONG });
await page.locator('nav[aria-label="Main"] a[href*="sales"]').first().click();
const card = page.getByTestId('orders-breakdown');
await card.waitFor({ timeout: LONG });
const picker = card.getByLabel('Break down by');
const results = {};
for (const column of ['store', 'product', 'channel']) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    // Away and back, so that each switch computes the breakdown again.
    for (const c of [column === 'channel' ? 'category' : 'channel', column]) {
      const from = await page.evaluate(() => performance.now());
      await picker.selectOption(c);
      await card.locator('thead th').first().filter({ hasText: c }).waitFor({ timeout: LONG });
      const ms = await page.evaluate((a) => performance.getEntriesByType('measure')
        .filter((m) => m.startTime >= a && m.name === 'rapport:breakdown')
        .map((m) => m.duration), from);
      if (c === column) times.push(...ms);
    }
  }
  const groups = await card.locator('tbody tr').count();
  results[column] = { groups, median_ms: Math.round(median(times) * 10) / 10, runs: times.length };
}
console.log(JSON.stringify(results, null, 2));
await browser.close();
await server.close();
