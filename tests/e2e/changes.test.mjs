// "What changed": a January export, then February's, imported through the Data page; the
// changes read off the screen, opened as rows, and the figures at each import on the
// Overview, also after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { shared, nav, openPage, appReady, importFiles, screenshot, ROOT } from './fixture.mjs';

const run = shared();
const fixture = (name) => path.join(ROOT, 'tests/fixtures/changes', name);
const month = (m) => ['customers', 'deals', 'tickets'].map((k) => fixture(`${k}_2024-${m}.csv`));

/** The count a "What changed" line shows (its link, by the line's key). */
const count = (card, key) => card.locator(`a[data-change="${key}"]`).first().textContent();

/** Opens the Data page afresh and imports `files` as a user does. */
async function importOnDataPage(page, files) {
  await nav(page, 'Data');
  await importFiles(page, files);
}

test('a second monthly export says what changed, and each line opens its rows', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await importFiles(page, month('01'));
  const card = page.getByTestId('what-changed');
  await card.waitFor();
  assert.match(await card.textContent(), /first import/, 'nothing to compare with yet');
  await importOnDataPage(page, month('02'));
  await card.locator('a[data-change="new_deals"]').waitFor();
  const read = async (key) => count(card, key);
  // Customers: C7 and the new deal's account new, C2 turned churned, C3 active again
  // (their statuses).
  assert.equal(await read('new_customers'), '2');
  assert.equal(await read('lost_customers'), '1');
  assert.equal(await read('reactivated_customers'), '1');
  // Deals: one each way, by the pipeline's order.
  for (const key of ['new_deals', 'deals_forward', 'deals_back', 'deals_won', 'deals_lost', 'deals_amount', 'deals_owner', 'deals_close_date']) {
    assert.equal(await read(key), '1', key);
  }
  assert.equal(await read('deals_reopened'), '0');
  assert.equal(await read('tickets_opened'), '2');
  assert.equal(await read('tickets_closed'), '2');
  assert.equal(await read('tickets_reopened'), '1');
  // The customers' list lost C4: a full list, so it is flagged.
  const table = page.getByTestId('reconciliation');
  const customers = table.locator('tr[data-kind=customers]');
  assert.equal(await customers.locator('a[data-change="previous.customers"]').textContent(), '6');
  assert.equal(await customers.locator('a[data-change="missing.customers"]').textContent(), '1');
  assert.match(await page.getByTestId('missing-rows').textContent(), /1 customers .* cut short/);
  await screenshot(page, 'what-changed');
  // A line opens its rows: the lost customer is Ben Ode.
  await card.locator('a[data-change="lost_customers"]').click();
  const panel = page.getByTestId('rows-panel');
  await panel.getByTestId('rows-table').locator('tbody tr.vrow').first().waitFor();
  assert.match(await panel.locator('h2').textContent(), /lost customers/);
  assert.equal(await panel.getByTestId('rows-count').textContent(), '1 customers');
  assert.match(await panel.getByTestId('rows-table').textContent(), /Ben Ode/);
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('rows-export').click()]);
  const lines = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.match(lines[0], /lost customers/);
  assert.equal(lines.length, 3, 'the first line, the header and the customer');
  await panel.getByTestId('rows-close').click();
  // The Overview: the latest changes, and the figures at each import, also after a reload.
  await nav(page, 'Overview');
  const history = page.getByTestId('import-history');
  await history.waitFor();
  await page.reload();
  await appReady(page);
  await history.waitFor();
  const rows = history.locator('tbody tr');
  assert.equal(await rows.count(), 2);
  const cell = (i, m) => rows.nth(i).locator(`td[data-measure=${m}]`).textContent();
  // The customers' list and the deals' accounts: 6 + 2, then C7 and Gamma Corp.
  assert.equal(await cell(0, 'Customers'), '8');
  assert.equal(await cell(1, 'Customers'), '10');
  assert.equal(await cell(0, 'OpenDeals'), '7');
  assert.equal(await cell(1, 'OpenDeals'), '6');
  assert.equal(await cell(0, 'OpenTickets'), '2');
  assert.equal(await cell(1, 'OpenTickets'), '3');
  assert.equal(await page.getByTestId('what-changed').locator('a[data-change="deals_won"]').textContent(), '1');
  await screenshot(page, 'import-history');
});

test('an orders export cut short is flagged, and an export of the next month only is not', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await importFiles(page, [fixture('orders_2024-01.csv')]);
  await importOnDataPage(page, [fixture('orders_2024-02.csv')]);
  const card = page.getByTestId('what-changed');
  await card.locator('a[data-change="missing.orders"]').waitFor();
  assert.match(await page.getByTestId('missing-rows').textContent(), /1 order lines dated inside/);
  assert.equal(await count(card, 'new_customers'), '1');
  assert.equal(await count(card, 'lost_customers'), '1');
  assert.equal(await count(card, 'reactivated_customers'), '1');
  await card.locator('a[data-change="missing.orders"]').click();
  const panel = page.getByTestId('rows-panel');
  await panel.getByTestId('rows-table').locator('tbody tr.vrow').first().waitFor();
  assert.match(await panel.getByTestId('rows-table').textContent(), /O1/);
  // The next month alone: four January lines are not in it, none inside its dates.
  await importOnDataPage(page, [fixture('orders_2024-02-only.csv')]);
  await card.locator('a[data-change="not_in_export.orders"]').waitFor();
  const orders = page.getByTestId('reconciliation').locator('tr[data-kind=orders]');
  assert.equal(await orders.locator('a[data-change="missing.orders"]').textContent(), '0');
  assert.equal(await page.getByTestId('missing-rows').count(), 0);
});
