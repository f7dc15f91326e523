// The customer list's column picker and saved views (kept in localStorage across reloads), and its rows as the search is typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shared, openPage, appReady, screenshot } from './fixture.mjs';

const run = shared();

const headers = (page) => page.getByTestId('customer-table').locator('thead th').allTextContents();
const count = (page) => page.getByTestId('customer-count').textContent();

test('hide a column, save a filtered view, reload, apply it and delete it', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url);
  await appReady(page);
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('kpi-revenue').waitFor();
  await page.goto(run.server.url + 'customers');
  await appReady(page);
  await page.getByTestId('customer-table').waitFor();
  const all = await count(page);
  assert.deepEqual(await headers(page),
    ['ID', 'Name', 'City', 'RFM segment', 'ABC', 'Orders', 'Revenue', 'Value V', 'Last purchase', 'P(alive)', 'CLV (12 months)']);

  // Hide City and CLV.
  await page.getByText('Columns', { exact: true }).click();
  await page.getByLabel('City', { exact: true }).uncheck();
  await page.getByLabel('CLV (12 months)', { exact: true }).uncheck();
  const fewer = ['ID', 'Name', 'RFM segment', 'ABC', 'Orders', 'Revenue', 'Value V', 'Last purchase', 'P(alive)'];
  assert.deepEqual(await headers(page), fewer);
  assert.equal(await page.getByTestId('customer-table').locator('tbody tr.vrow').first().locator('td').count(), fewer.length - 1);

  // Filter to champions and save that as a view.
  await page.locator('#rfm-filter').selectOption('Champions');
  const champions = await count(page);
  assert.notEqual(champions, all);
  await page.getByTestId('view-name').fill('Champions');
  await page.getByTestId('save-view').click();
  assert.equal(await page.getByTestId('saved-view').inputValue(), 'Champions');
  await screenshot(page, 'customers-views');

  // After a reload the columns are still hidden; the filter is not (it is not a view yet).
  await page.reload();
  await appReady(page);
  await page.getByTestId('customer-table').waitFor();
  assert.deepEqual(await headers(page), fewer);
  assert.equal(await count(page), all);
  // Show every column again, then apply the view: its columns and filter come back.
  await page.getByText('Columns', { exact: true }).click();
  await page.getByLabel('City', { exact: true }).check();
  await page.getByLabel('CLV (12 months)', { exact: true }).check();
  assert.equal((await headers(page)).length, 11);
  await page.getByTestId('saved-view').selectOption('Champions');
  assert.equal(await count(page), champions);
  assert.equal(await page.locator('#rfm-filter').inputValue(), 'Champions');
  assert.deepEqual(await headers(page), fewer);

  // Delete it.
  await page.getByTestId('delete-view').click();
  assert.deepEqual(await page.getByTestId('saved-view').locator('option').allTextContents(), ['— none —']);
  await page.reload();
  await appReady(page);
  await page.getByTestId('customer-table').waitFor();
  assert.deepEqual(await page.getByTestId('saved-view').locator('option').allTextContents(), ['— none —']);
});

test('search as you type: the rows in view keep their elements, each shows and links to a match', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url);
  await appReady(page);
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('kpi-revenue').waitFor();
  await page.goto(run.server.url + 'customers');
  await appReady(page);
  const table = page.getByTestId('customer-table');
  await table.waitFor();
  const all = await count(page);
  const rows = table.locator('tbody tr.vrow');
  const before = await rows.locator('th').allTextContents();
  // The rows are kept by position: typing changes their text, not the elements.
  await rows.first().evaluate((tr) => { tr.dataset.kept = 'yes'; });
  const wanted = before[1];
  const search = page.getByTestId('customer-search');
  await search.click();
  await search.pressSequentially(wanted);
  await page.waitForFunction((all) => document.querySelector('[data-testid=customer-count]').textContent !== all, all);
  assert.equal(await rows.first().getAttribute('data-kept'), 'yes', 'the first row element was kept');
  assert.equal(await rows.first().locator('th').textContent(), wanted);
  assert.equal(await rows.first().locator('th').getAttribute('title'), wanted);
  const href = await rows.first().locator('a').getAttribute('href');
  assert.ok(href.endsWith(`/customers/${encodeURIComponent(wanted)}`), `${href} links to ${wanted}`);
  // Deleting widens the list back, in its order.
  for (let i = 0; i < wanted.length; i++) await search.press('Backspace');
  await page.waitForFunction((all) => document.querySelector('[data-testid=customer-count]').textContent === all, all);
  assert.deepEqual(await rows.locator('th').allTextContents(), before);
  assert.equal(await rows.first().getAttribute('data-kept'), 'yes');
  // The link follows the row's customer.
  await rows.nth(1).locator('a').click();
  await page.locator('main h1', { hasText: 'Customer' }).waitFor();
  await page.waitForFunction((id) => decodeURIComponent(location.pathname).endsWith(`/customers/${id}`), wanted);
});
