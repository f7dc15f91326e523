import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, importFiles } from '../tests/e2e/fixture.mjs';
const data = path.join(os.homedir(), '.cache/rapport-bench/data/1m');
const files = ['orders.csv', 'customers.csv', 'deals.csv'].map((f) => path.join(data, f));
const prefetch = () => {
  const t0 = performance.now();
  window.__pf = { t0 };
  const open = indexedDB.open('rapport', 1);
  open.onupgradeneeded = (e) => e.target.transaction.abort();
  open.onsuccess = () => {
    window.__pf.opened = performance.now();
    const db = open.result;
    const store = db.transaction('records', 'readonly').objectStore('records');
    const parts = [];
    const c = store.get('dataset');
    c.onsuccess = () => {
      window.__pf.count = performance.now();
      const n = c.result;
      let left = n;
      for (let i = 0; i < n; i++) {
        const r = store.get('dataset#' + String(i).padStart(6, '0'));
        r.onsuccess = () => { parts[i] = r.result; if (--left === 0) { window.__pf.done = performance.now(); window.__pf.n = n; } };
      }
    };
  };
};
const server = await startServer();
const browser = await launchBrowser();
const context = await browser.newContext();
const page = await context.newPage();
page.setDefaultTimeout(600000);
await page.goto(server.url + 'data');
await page.getByTestId('loading').waitFor({ state: 'detached' });
await importFiles(page, files);
await context.addInitScript(prefetch);
for (let i = 0; i < 3; i++) {
  await page.route('**/*.wasm', (r) => r.abort());
  await page.goto(server.url);
  await page.waitForFunction(() => window.__pf?.done, null, { timeout: 60000 });
  console.log('alone', JSON.stringify(await page.evaluate(() => window.__pf)));
  await page.unroute('**/*.wasm');
  await page.goto(server.url);
  await page.getByTestId('kpi-revenue').getByTestId('kpi-value').waitFor();
  console.log('with app', JSON.stringify(await page.evaluate(() => ({ pf: window.__pf, mem: performance.getEntriesByName('rapport:data-in-memory').at(-1)?.startTime, wasm: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd }))));
}
await browser.close();
await server.close();
