// Shapes of CRM export other than an orders log, imported on /data as a new user would,
// with their headline figures read off the screen. The expected values are hand-computed
// from the fixtures (see tests/it/metrics/snapshot.rs for the same numbers natively).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { shared, openPage, appReady, screenshot, importFiles, ROOT, nav } from './fixture.mjs';

const TELCO = path.join(ROOT, 'tests/fixtures/import/telco_snapshot.csv');

const run = shared();

const value = (page, id) => page.getByTestId(id).getByTestId('kpi-value').textContent();

test('a customer snapshot alone gives an Overview whose headline is churn and recurring revenue', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  await importFiles(page, TELCO);
  await nav(page, 'Overview');
  await page.getByTestId('kpi-churn').waitFor();
  assert.equal(await value(page, 'kpi-customers'), '8');
  // 3 of 8 customers say Churn = Yes.
  assert.equal(await value(page, 'kpi-churn'), '37.5%');
  // MRR of the five who stayed, and per paying customer.
  assert.equal(await value(page, 'kpi-mrr'), '238.45');
  assert.equal(await value(page, 'kpi-arpu'), '47.69');
  // 224.20 of 462.65 monthly charges left with the churned customers.
  assert.equal(await value(page, 'kpi-revenue-churn'), '48.5%');
  assert.equal(await value(page, 'kpi-value-per-customer'), '969.97');
  // The churn explanation names its source.
  const churn = page.getByTestId('kpi-churn');
  await churn.locator('summary').click();
  assert.match(await churn.locator('.explain__formula').textContent(), /status column/);
  // Nothing of the kinds not imported: no revenue, funnel or segments drawn empty.
  for (const id of ['kpi-revenue', 'kpi-win-rate', 'kpi-csat', 'overview-revenue-chart', 'overview-funnel-chart']) {
    assert.equal(await page.getByTestId(id).count(), 0, `${id} is not shown`);
  }
  const summary = page.getByTestId('overview-retention').getByTestId('retention-summary');
  assert.equal(await summary.textContent(), '8 customers on the curve, 3 churned. Half have left after 8 months.');
  await page.getByTestId('retention-chart').locator('canvas').first().waitFor();
  await screenshot(page, 'overview-snapshot');

  await nav(page, 'Analysis');
  const card = page.getByTestId('analysis-retention');
  await card.waitFor();
  await card.getByText('Kaplan–Meier table').click();
  const rows = await card.getByTestId('retention-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((c) => c.textContent)),
  );
  assert.equal(rows.length, 46, 'months 0 to 45');
  // Month 2: two of six at risk churn; month 8: one of four.
  assert.deepEqual(rows[2], ['2', '6', '2', '0', '66.7%']);
  assert.deepEqual(rows[8], ['8', '4', '1', '0', '50.0%']);
  assert.deepEqual(rows[45], ['45', '1', '0', '1', '50.0%']);
  // Churn and MRR by any customer column: the contract type, a column Rapport has no field for.
  const breakdown = page.getByTestId('snapshot-breakdown');
  await breakdown.getByLabel('Break down by').selectOption('Contract');
  const table = breakdown.getByTestId('snapshot-breakdown-table');
  await table.locator('thead th').first().filter({ hasText: 'Contract' }).waitFor();
  const groups = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(groups, [
    ['Month-to-month', '5', '3', '60.0%', '118.95', '7.0'],
    ['One year', '2', '0', '0.0%', '99.25', '39.5'],
    ['Two year', '1', '0', '0.0%', '20.25', '0.0'],
  ]);
  await screenshot(page, 'analysis-snapshot');
});

test('a campaign test with arms shows its rates, the control arm and each arm\'s uplift with its interval', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  await importFiles(page, path.join(ROOT, 'tests/fixtures/import/email_test.csv'));
  assert.equal(await page.locator('[data-testid=stored-counts] tr[data-kind=responses] td').textContent(), '10');
  await nav(page, 'Overview');
  await page.getByTestId('kpi-contacts').waitFor();
  assert.equal(await value(page, 'kpi-contacts'), '10');
  assert.equal(await value(page, 'kpi-response-rate'), '50.0%');
  assert.equal(await value(page, 'kpi-conversion-rate'), '30.0%');
  assert.equal(await value(page, 'kpi-revenue-per-contact'), '10.00');
  for (const id of ['kpi-revenue', 'kpi-churn', 'kpi-win-rate', 'overview-revenue-chart']) {
    assert.equal(await page.getByTestId(id).count(), 0, `${id} is not shown`);
  }
  await screenshot(page, 'overview-campaign-test');

  await nav(page, 'Marketing');
  const table = page.getByTestId('arms-table');
  await table.waitFor();
  const rows = () => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const arms = await rows();
  // "No E-Mail" is recognised as the control by its name and comes first.
  assert.deepEqual(arms.map((r) => r.slice(0, 5)), [
    ['No E-Mail (control)', '4', '25.0%', '25.0%', '5.00'],
    ['Mens E-Mail', '4', '75.0%', '50.0%', '20.00'],
    ['Womens E-Mail', '2', '50.0%', '0.0%', '0.00'],
  ]);
  // Mens over control: 2/4 against 1/4 converted, Wald and log-ratio 95 % intervals.
  assert.deepEqual(arms[1].slice(5, 8), [
    '+25.00 pts (-39.82 pts to +89.82 pts)',
    '+100.0% (−71.8% to +1,319.8%)',
    '15.00 (-10.93 to 40.93)',
  ]);
  assert.equal(arms[0][5], '', 'no uplift of the control over itself');
  // Another control, chosen by the user: the uplifts follow.
  await page.getByLabel('Control arm').selectOption('Womens E-Mail');
  await table.locator('tbody tr').first().filter({ hasText: 'Womens E-Mail (control)' }).waitFor();
  const mens = (await rows()).find((r) => r[0] === 'Mens E-Mail');
  assert.equal(mens[5], '+50.00 pts (+1.00 pts to +99.00 pts)');
  // Per segment: any column of the contacts.
  const by = page.getByTestId('responses-breakdown');
  await by.getByLabel('Break down by').selectOption('history_segment');
  const segments = by.getByTestId('responses-breakdown-table');
  await segments.locator('thead th').first().filter({ hasText: 'history_segment' }).waitFor();
  assert.deepEqual(await segments.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent))), [
    ['1) $0 - $100', '6', '33.3%', '16.7%', '8.33'],
    ['2) $100 - $200', '4', '75.0%', '50.0%', '12.50'],
  ]);
  await screenshot(page, 'marketing-campaign-test');
});

test('a deals pipeline with its lookup files: the lookups add sector, manager and series, never records', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  const dir = path.join(ROOT, 'tests/fixtures/pipeline');
  const files = ['sales_pipeline.csv', 'accounts.csv', 'sales_teams.csv', 'products.csv'].map((f) => path.join(dir, f));
  await page.getByTestId('import-input').setInputFiles(files);
  const cards = page.getByTestId('file-card');
  await page.getByTestId('import-button').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=file-card]').length === 4 && !document.querySelector('[data-testid=import-button]').disabled);
  // The pipeline is deals; the three others are proposed as lookups for the deals.
  assert.deepEqual(await cards.evaluateAll((cs) => cs.map((c) => c.dataset.kind)), ['deals', 'lookup', 'lookup', 'lookup']);
  assert.match(await cards.nth(1).getByTestId('lookup-note').textContent(), /adds sector, office_location to the Deals \(pipeline\) by their customer_name/);
  await screenshot(page, 'data-lookups');
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  const stored = (kind) => page.locator(`[data-testid=stored-counts] tr[data-kind=${kind}] td`).textContent();
  assert.equal(await stored('deals'), '6');
  assert.equal(await stored('orders'), '0', 'no orders from the products file');
  assert.equal(await stored('customers'), '3', "the deals' accounts, none from the accounts file");
  const lookups = page.getByTestId('stored-lookups');
  assert.equal(await lookups.locator('tbody tr').count(), 3);
  assert.equal(
    await lookups.locator('tr[data-file="products.csv"] [data-testid=lookup-problems]').textContent(),
    "1 key matches no record's product: GTX Pro. 1 record has a value the file lacks: GTXPro.",
  );

  await nav(page, 'Sales');
  const card = page.getByTestId('deals-breakdown');
  await card.waitFor();
  const table = card.getByTestId('deals-breakdown-table');
  const rows = () => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  await card.getByLabel('Break down by').selectOption('sector');
  await table.locator('thead th').first().filter({ hasText: 'sector' }).waitFor();
  assert.deepEqual(await rows(), [
    ['medical', '2', '1', '1', '0', '100.0%', '50.00', '50.00'],
    ['technology', '2', '0', '1', '1', '50.0%', '500.00', '500.00'],
    ['retail', '1', '0', '1', '0', '100.0%', '4,800.00', '4,800.00'],
    // Deals without a value come last.
    ['(none)', '1', '1', '0', '0', '–', '0.00', '–'],
  ]);
  await card.getByLabel('Break down by').selectOption('manager');
  await table.locator('thead th').first().filter({ hasText: 'manager' }).waitFor();
  assert.deepEqual((await rows()).map((r) => r.slice(0, 6)), [
    ['Dustin', '4', '0', '3', '1', '75.0%'],
    ['Melvin', '2', '2', '0', '0', '–'],
  ]);
  // The column chosen is kept in the URL: a reload (or a shared link) shows it again.
  await page.waitForFunction(() => new URLSearchParams(location.search).get('by.deals') === 'manager');
  await page.reload();
  await appReady(page);
  await table.locator('thead th').first().filter({ hasText: 'manager' }).waitFor();
  assert.equal(await card.getByLabel('Break down by').inputValue(), 'manager');
  // Sorted by a header: open deals, most first, then least.
  await card.getByTestId('deals-breakdown-sort-2').click();
  assert.deepEqual((await rows()).map((r) => r[0]), ['Melvin', 'Dustin']);
  assert.equal(await card.locator('th[aria-sort=descending]').textContent(), 'Open');
  await card.getByTestId('deals-breakdown-sort-2').click();
  assert.deepEqual((await rows()).map((r) => r[0]), ['Dustin', 'Melvin']);
  // Exported as CSV, in the order shown, with the figures as plain numbers.
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('deals-breakdown-csv').click()]);
  // Named after what is on screen: the period, and the table's order (Open, least first).
  assert.match(download.suggestedFilename(), /^deals-by-manager_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d_Open-asc\.csv$/);
  const lines = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  assert.deepEqual(lines, [
    '\uFEFFmanager,Deals,Open,Won,Lost,Win rate,Won revenue,Average won deal',
    'Dustin,4,0,3,1,0.75,5350,1783.3333333333333',
    'Melvin,2,2,0,0,,0,',
  ]);
  await screenshot(page, 'sales-lookups');
});
