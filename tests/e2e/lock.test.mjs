// Passphrase protection of the stored data, as a user turns it on, reopens the app, mistypes,
// unlocks, turns it off, and (having forgotten it) deletes the locked data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shared, openPage, appReady, screenshot } from './fixture.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const PASSPHRASE = 'correct horse battery staple';

const run = shared();

const stored = (page, kind) => page.locator(`[data-testid=stored-counts] tr[data-kind=${kind}] td`).textContent();

/** The stored values as text (bytes read as Latin-1), straight from IndexedDB. */
const rawStore = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('rapport', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('records', 'readonly');
          const store = tx.objectStore('records');
          const all = {};
          const keys = store.getAllKeys();
          const values = store.getAll();
          tx.oncomplete = () => {
            keys.result.forEach((k, i) => {
              const v = values.result[i];
              const bytes = new Uint8Array(v instanceof ArrayBuffer ? v : v.buffer ?? v);
              all[k] = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
            });
            open.result.close();
            resolve(all);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );

async function importOrders(page) {
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  await page.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  assert.equal(await stored(page, 'orders'), '4');
}

async function protect(page) {
  await page.goto(run.server.url + 'settings');
  await appReady(page);
  const section = page.getByTestId('protection');
  await section.getByLabel('New passphrase').fill(PASSPHRASE);
  await section.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await section.getByTestId('protect').click();
  await section.getByTestId('protected').waitFor({ timeout: 30_000 });
}

test('a passphrase protects the stored data: locked on reload, wrong passphrase refused, unlocked, turned off', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await importOrders(page);
  const clear = await rawStore(page);
  assert.ok(clear.dataset.includes('Desk lamp'), 'in clear before');

  // Too short, then two different passphrases: said, nothing changes.
  await page.goto(run.server.url + 'settings');
  await appReady(page);
  const section = page.getByTestId('protection');
  await section.getByLabel('New passphrase').fill('short');
  await section.getByLabel('Repeat the passphrase').fill('short');
  await section.getByTestId('protect').click();
  assert.match(await section.getByTestId('protection-message').textContent(), /at least 8 characters/);
  await section.getByLabel('New passphrase').fill(PASSPHRASE);
  await section.getByLabel('Repeat the passphrase').fill(PASSPHRASE + '!');
  await section.getByTestId('protect').click();
  assert.match(await section.getByTestId('protection-message').textContent(), /differ/);
  await protect(page);
  await screenshot(page, 'settings-protected');

  // At rest: the records are sealed; the generation and the lock record are all that is clear.
  const sealed = await rawStore(page);
  assert.ok(!sealed.dataset.includes('Desk lamp'), 'the product name is not readable at rest');
  assert.ok(!sealed.dataset.includes('00042'), 'nor the customer id');
  assert.ok(sealed.lock.startsWith('RAPLOCK\0'), 'the lock record');
  for (const [key, value] of Object.entries(sealed)) {
    if (key !== 'meta' && key !== 'lock') assert.ok(!value.includes('Desk lamp'), `${key} is sealed (undo versions too)`);
  }

  // Reopened: the unlock screen instead of any page, on any route.
  await page.goto(run.server.url + 'customers');
  await appReady(page);
  const unlock = page.getByTestId('unlock');
  await unlock.waitFor();
  assert.equal(await page.locator('main [data-testid=stored-counts], main [data-testid=kpi-value]').count(), 0);
  await screenshot(page, 'unlock');
  await unlock.getByLabel('Passphrase').fill('not the passphrase');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  const error = page.getByTestId('unlock-error');
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.textContent(), /does not open the stored data/);
  // Nothing was changed by the wrong try.
  assert.deepEqual(await rawStore(page), sealed);

  await unlock.getByLabel('Passphrase').fill(PASSPHRASE);
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('main h1', { hasText: 'Customers' }).waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: /00042/ }).first().waitFor();

  // Changes made while unlocked are sealed too: an import, then a reload asks again.
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('unlock').waitFor();
  await page.getByTestId('unlock').getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByTestId('unlock').getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('stored-counts').waitFor({ timeout: 30_000 });
  assert.equal(await stored(page, 'orders'), '4');

  // Turned off after a confirmation: stored in clear again, no passphrase on reload.
  await page.goto(run.server.url + 'settings');
  await appReady(page);
  await page.getByTestId('unlock').getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByTestId('unlock').getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('unprotect').click({ timeout: 30_000 });
  await page.getByTestId('confirm-unprotect').click();
  await page.getByTestId('protection-message').filter({ hasText: 'no longer protected' }).waitFor();
  const after = await rawStore(page);
  assert.ok(after.dataset.includes('Desk lamp'), 'in clear again');
  assert.equal(after.lock, '', 'no lock record');
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('stored-counts').waitFor();
  assert.equal(await stored(page, 'orders'), '4');
});

test('a forgotten passphrase: the locked data can be deleted after a confirmation, and only then', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await importOrders(page);
  await protect(page);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('unlock').waitFor();
  await page.getByTestId('delete-locked').click();
  // Still there until confirmed.
  assert.ok((await rawStore(page)).lock.startsWith('RAPLOCK\0'));
  await page.getByTestId('confirm-delete-locked').click();
  await page.getByTestId('stored-counts').waitFor();
  assert.equal(await stored(page, 'orders'), '0');
  await page.reload();
  await appReady(page);
  await page.getByTestId('stored-counts').waitFor();
  assert.equal(await page.getByTestId('unlock').count(), 0);
});

test('protection turned off in one tab is seen by another, which does not lock the data again', async (t) => {
  const { page: a, context } = await openPage(t, run.browser, run.server);
  await importOrders(a);
  await protect(a);
  // Tab B opens the app: locked; it unlocks.
  const b = await context.newPage();
  await b.goto(run.server.url + 'data');
  await appReady(b);
  await b.getByTestId('unlock').getByLabel('Passphrase').fill(PASSPHRASE);
  await b.getByTestId('unlock').getByRole('button', { name: 'Unlock' }).click();
  await b.getByTestId('stored-counts').waitFor({ timeout: 30_000 });
  // Tab A turns the protection off.
  await a.getByTestId('unprotect').click();
  await a.getByTestId('confirm-unprotect').click();
  await a.getByTestId('protection-message').filter({ hasText: 'no longer protected' }).waitFor();
  // Tab B hears it: its Settings (reached in the app, so its memory is kept) offer to protect
  // again, and a change saved in B stays in clear.
  await b.locator('nav a[href*="settings"]').click();
  await b.getByTestId('protection').getByTestId('protect').waitFor({ timeout: 30_000 });
  await b.locator('nav a[href*="data"]').click();
  await b.getByLabel('Choose CSV files…').setInputFiles(path.join(FIXTURES, 'orders.csv'));
  await b.getByTestId('import-button').click();
  await b.getByTestId('import-summary').waitFor();
  const after = await rawStore(b);
  assert.equal(after.lock, '', 'not locked again');
  assert.ok(after.dataset.includes('Desk lamp'));
});

test('a backup made under a passphrase is sealed with it, and restores only with it', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await importOrders(page);
  await protect(page);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('unlock').getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByTestId('unlock').getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('stored-counts').waitFor({ timeout: 30_000 });
  await page.getByTestId('backup-sealed-note').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup').click()]);
  const file = fs.readFileSync(await download.path());
  assert.equal(file.subarray(0, 14).toString('latin1'), 'RAPPORT-SEALED');
  assert.ok(!file.toString('latin1').includes('Desk lamp'), 'nothing of the records is readable in the file');

  // Everything deleted, then the backup: it asks for its passphrase; a wrong one changes nothing.
  await page.getByTestId('delete-all').click();
  await page.getByTestId('confirm-delete').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=stored-counts] tr[data-kind=orders] td')?.textContent === '0');
  await page.getByTestId('restore-input').setInputFiles(await download.path());
  const form = page.getByTestId('sealed-backup');
  await form.waitFor();
  assert.match(await page.getByTestId('manage-message').textContent(), /sealed with a passphrase/);
  await form.getByLabel('Passphrase of the backup').fill('not the passphrase');
  await form.getByTestId('open-backup').click();
  await page.getByTestId('manage-message').filter({ hasText: /does not open/ }).waitFor({ timeout: 30_000 });
  assert.equal(await stored(page, 'orders'), '0');
  await form.getByLabel('Passphrase of the backup').fill(PASSPHRASE);
  await form.getByTestId('open-backup').click();
  await page.getByTestId('manage-message').filter({ hasText: /Restored 7 records/ }).waitFor({ timeout: 30_000 });
  assert.equal(await stored(page, 'orders'), '4');
  await form.waitFor({ state: 'detached' });
  await screenshot(page, 'data-sealed-backup-restored');
});
