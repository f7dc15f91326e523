// What is stored in the browser: reloads, backups, deletion, two tabs, a full quota.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shared, openPage, appReady, screenshot, importFiles } from './fixture.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const run = shared();

const stored = (page, kind) => page.locator(`[data-testid=stored-counts] tr[data-kind=${kind}] td`).textContent();
async function gotoData(page) {
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
}
// Every headline of the Overview, by its card (the cards of the kinds stored).
async function overviewNumbers(page) {
  await page.goto(run.server.url + '?range=all');
  await page.getByTestId('kpi-revenue').waitFor();
  return page.locator('.kpi-grid [data-testid^=kpi-]').evaluateAll((cards) =>
    cards.map((c) => [c.dataset.testid, c.querySelector('[data-testid=kpi-value]')?.textContent]),
  );
}

test('backup, delete everything, restore: the same data and the same numbers', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await gotoData(page);
  await page.getByTestId('load-demo').click();
  await page.locator('[data-testid=stored-counts] tr[data-kind=orders] td', { hasNotText: /^0$/ }).waitFor();
  const counts = [await stored(page, 'customers'), await stored(page, 'orders'), await stored(page, 'tickets')];
  const before = await overviewNumbers(page);

  await gotoData(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup').click()]);
  const backup = await download.path();

  await page.getByTestId('delete-all').click();
  await page.getByRole('alertdialog').waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await stored(page, 'orders'), counts[1], 'cancel deletes nothing');
  // Preferences that hold data (saved views with their search text, column mappings) go too.
  await page.evaluate(() => {
    localStorage.setItem('rapport.customer-views', JSON.stringify({ v: 1, value: { hidden: [], saved: [] } }));
    localStorage.setItem('rapport.mappings', JSON.stringify({ v: 1, value: { profiles: [] } }));
  });
  await page.getByTestId('delete-all').click();
  assert.match(await page.locator('#delete-question').textContent(), /saved customer views and the remembered column mappings/);
  await page.getByTestId('confirm-delete').click();
  await page.locator('[data-testid=stored-counts] tr[data-kind=orders] td', { hasText: /^0$/ }).waitFor();
  await page.waitForFunction(() => localStorage.getItem('rapport.customer-views') === null && localStorage.getItem('rapport.mappings') === null);
  await page.reload();
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '0', 'deleted for good');

  await page.getByTestId('restore-input').setInputFiles(backup);
  await page.getByTestId('manage-message').filter({ hasText: /^Restored / }).waitFor();
  assert.deepEqual([await stored(page, 'customers'), await stored(page, 'orders'), await stored(page, 'tickets')], counts);
  assert.deepEqual(await overviewNumbers(page), before, 'identical metrics after the round trip');
});

test('a file that is not a backup is refused and changes nothing', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await gotoData(page);
  await page.getByTestId('restore-input').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await page.getByTestId('manage-message').filter({ hasText: /not a Rapport backup/ }).waitFor();
  assert.equal(await stored(page, 'orders'), '0');
});

test('a change in one tab shows up in the other', async (t) => {
  const { page: a, context } = await openPage(t, run.browser, run.server);
  await gotoData(a);
  const b = await context.newPage();
  await gotoData(b);
  await a.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await a.getByTestId('import-button').click();
  await a.getByTestId('import-summary').waitFor();
  // Tab B hears about it and reloads the data without a page reload.
  await b.locator('[data-testid=stored-counts] tr[data-kind=orders] td', { hasText: /^4$/ }).waitFor();
  // B can now change the data on top of A's change (no conflict).
  await b.getByTestId('delete-all').click();
  await b.getByTestId('confirm-delete').click();
  await a.locator('[data-testid=stored-counts] tr[data-kind=orders] td', { hasText: /^0$/ }).waitFor();
  assert.equal(await b.getByTestId('storage-error').count(), 0);
});

test('a full quota gives a clear message and keeps what was stored', async (t) => {
  const { page, context } = await openPage(t, run.browser, run.server);
  // Chromium applies a quota override to storage opened after it: set it first. 256 KB holds
  // the small import (IndexedDB's own overhead is ~70 KB) but not the demo data (~600 KB).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: run.server.origin, quotaSize: 256 * 1024 });
  await gotoData(page);
  await page.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  await page.getByTestId('load-demo').click();
  const error = page.getByTestId('storage-error');
  await error.waitFor();
  assert.match(await error.textContent(), /storage is full.*previously saved data is unchanged/);
  assert.equal(await stored(page, 'orders'), '4', 'the screen still shows what is stored');
  await screenshot(page, 'storage-quota');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: run.server.origin });
  await page.reload();
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  assert.equal(await stored(page, 'orders'), '4', 'the first import survived');
});

test('add, edit and delete a customer; the edits persist', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url + 'customers');
  await appReady(page);
  await page.getByRole('link', { name: 'Import data' }).click();
  await page.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Customers', exact: true }).click();
  await page.getByTestId('add-customer').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('Customer ID').fill('NEW-1');
  await form.getByLabel('Name').fill('Zed <b>Zero</b>');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/customers\/NEW-1$/);
  await page.getByTestId('profile').getByText('Zed <b>Zero</b>').waitFor();

  // Editing an id to one that exists is refused with a reason.
  await page.getByTestId('edit-customer').click();
  await form.getByLabel('Customer ID').fill('00042');
  await form.getByRole('button', { name: 'Save' }).click();
  assert.match(await form.getByRole('alert').textContent(), /another customer already has the ID "00042"/);
  await form.getByLabel('Customer ID').fill('NEW-1');
  await form.getByLabel('City').fill('Lyon');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  await page.reload();
  await appReady(page);
  await page.getByTestId('profile').getByText('Lyon').waitFor();

  // Deleting 00042 with its orders.
  await page.goto(run.server.url + 'customers/00042');
  await page.getByTestId('delete-customer').click();
  await page.getByLabel(/Also delete their 2 orders/).check();
  await page.getByTestId('confirm-delete-customer').click();
  await page.waitForURL(/\/customers$/);
  await gotoData(page);
  assert.equal(await stored(page, 'orders'), '2');
  assert.equal(await stored(page, 'customers'), '3', '3 implied by orders + NEW-1 − 00042');
});

test('damaged stored data is reported, left alone, and can be replaced on purpose', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await gotoData(page);
  await page.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  // Damage the stored dataset behind the app's back (one flipped byte at the end).
  const damaged = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('rapport', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('records', 'readwrite');
          const store = tx.objectStore('records');
          const get = store.get('dataset');
          get.onsuccess = () => {
            const bytes = new Uint8Array(get.result.slice(0));
            bytes[bytes.length - 1] ^= 0xff;
            store.put(bytes.buffer, 'dataset');
          };
          tx.oncomplete = () => resolve(true);
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  assert.ok(damaged);
  await page.reload();
  await appReady(page);
  const alert = page.getByRole('alert').filter({ hasText: /could not be read.*left untouched/ });
  await alert.waitFor();
  // Nothing is saved over it by accident: an import is refused.
  await page.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-error').filter({ hasText: /could not be read/ }).waitFor();
  // Deleting everything is the user's explicit way out.
  await page.getByTestId('delete-all').click();
  await page.getByTestId('confirm-delete').click();
  await alert.waitFor({ state: 'detached' });
  await gotoData(page);
  assert.equal(await alert.count(), 0);
  assert.equal(await stored(page, 'orders'), '0');
});

test('while the stored data loads, a progress bar shows; then the dashboard', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await gotoData(page);
  await page.getByTestId('load-demo').click();
  await page.locator('[data-testid=stored-counts] tr[data-kind=orders] td', { hasNotText: /^0$/ }).waitFor();
  // Hold IndexedDB's open until the test lets it go, so the loading state can be seen.
  await page.addInitScript(() => {
    let release;
    window.__storageGate = new Promise((r) => (release = r));
    window.__releaseStorage = () => release();
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...args) {
      const request = open.apply(this, args);
      Object.defineProperty(request, 'onsuccess', {
        set(handler) {
          request.addEventListener('success', (e) => window.__storageGate.then(() => handler(e)));
        },
      });
      return request;
    };
  });
  await page.goto(run.server.url);
  const progress = page.getByRole('progressbar', { name: 'Loading your data…' });
  await progress.waitFor();
  assert.equal(await page.getByTestId('kpi-revenue').count(), 0, 'no dashboard before the data');
  assert.equal(await page.getByTestId('onboarding-demo').count(), 0, 'no "no data yet" either');
  await screenshot(page, 'storage-loading');
  await page.evaluate(() => window.__releaseStorage());
  await page.getByTestId('kpi-revenue').waitFor();
  assert.equal(await progress.count(), 0, 'the progress bar is gone');
});

test('without storage (blocked, private mode) the app says so and works in memory', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await page.goto(run.server.url);
  const notice = page.getByTestId('storage-unavailable');
  await notice.waitFor();
  assert.match(await notice.textContent(), /does not let Rapport store data.*still import and explore/);
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('kpi-revenue').getByTestId('kpi-value').waitFor();
  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  assert.equal(await page.getByTestId('storage-error').count(), 0, 'no error for each change');
  await notice.waitFor();
  await screenshot(page, 'storage-unavailable');
});

test('a dataset stored in many parts loads back the same (decoded while it is read)', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await gotoData(page);
  // 100,000 orders: a few MB stored, in parts of 1 MB.
  const rows = ['order_id,customer_id,order_date,product,category,unit_price,quantity,channel'];
  for (let i = 1; i <= 100000; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    rows.push(`${i},${1 + ((i * 7919) % 5000)},2024-${month}-${day},Product ${i % 97},Cat ${i % 9},${(i % 500) + 0.99},${1 + (i % 3)},web`);
  }
  await importFiles(page, { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  const parts = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('rapport');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const keys = open.result.transaction('records').objectStore('records').getAllKeys();
      keys.onsuccess = () => { resolve(keys.result.filter((k) => String(k).startsWith('dataset#')).length); open.result.close(); };
    };
  }));
  assert.ok(parts >= 3, `${parts} parts stored`);
  const before = await overviewNumbers(page);
  const prefetched = () => page.evaluate(() => performance.getEntriesByName('rapport:idb-prefetched').length);
  await gotoData(page);
  assert.equal(await stored(page, 'orders'), '100,000');
  assert.deepEqual(await overviewNumbers(page), before);
  assert.equal(await page.getByRole('alert').count(), 0, 'no storage error');
  assert.equal(await prefetched(), 1, 'the reload took the read the page started as it loaded');

  // Without that read (the page's script could not start it), the load reads for itself.
  await page.context().addInitScript(() => {
    Object.defineProperty(window, 'rapportPrefetch', { get: () => undefined, set: () => {} });
  });
  await gotoData(page);
  assert.equal(await stored(page, 'orders'), '100,000');
  assert.deepEqual(await overviewNumbers(page), before);
  assert.equal(await page.getByRole('alert').count(), 0, 'no storage error');
  assert.equal(await prefetched(), 0);
});
