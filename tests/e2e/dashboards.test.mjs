// The dashboards with the demo data, as a user walks them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { shared, openPage, appReady, screenshot, nav, urlMatches, kpi, withDemo as demo } from './fixture.mjs';

const run = shared();
const withDemo = (t, options) => demo(t, run.browser, run.server, options);



test('a new user loads the demo, finds the customers most at risk and exports them', async (t) => {
  const { page } = await withDemo(t);
  await nav(page, 'Analysis');
  const table = page.getByTestId('at-risk-table');
  await table.locator('tbody tr').first().waitFor();
  assert.equal(await table.locator('tbody tr').count(), 10);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-at-risk').click()]);
  // Named after the period on screen (the whole history) and the list's order.
  assert.match(download.suggestedFilename(), /^customers-at-risk_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d_value_at_risk-desc\.csv$/);
  const lines = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  assert.equal(lines[0], '\uFEFFid,name,email,phone,rfm_segment,revenue,p_alive,value_at_risk,last_purchase');
  assert.ok(lines.length > 10, `at least the ten shown: ${lines.length - 1}`);
  // The first exported row is the first shown.
  const firstShown = await table.locator('tbody tr').first().locator('a').textContent();
  assert.ok(firstShown.includes(lines[1].split(',')[0]), `${firstShown} vs ${lines[1]}`);
  await screenshot(page, 'analysis-demo');
});

test('the filter bar changes every number, lives in the URL and survives a reload', async (t) => {
  const { page } = await withDemo(t);
  // Top customers are named (with their id) when the customers file names them.
  assert.match(await page.getByTestId('top-customers').locator('tbody a').first().textContent(), /^\S.* \(C\d{5}\)$/);
  const revenueYear = await kpi(page, 'kpi-revenue');
  await page.getByLabel('Period', { exact: true }).selectOption('30d');
  await urlMatches(page, /\?range=30d$/);
  await page.waitForFunction((before) => document.querySelector('[data-testid=kpi-revenue] [data-testid=kpi-value]').textContent !== before, revenueYear);
  const revenueMonth = await kpi(page, 'kpi-revenue');
  assert.notEqual(revenueMonth, revenueYear);
  await page.getByLabel('Channel', { exact: true }).selectOption({ index: 1 });
  await urlMatches(page, /channel=/);
  const revenueChannel = await kpi(page, 'kpi-revenue');
  const num = (s) => Number(s.replace(/[^0-9.]/g, '')) * (s.endsWith('M') ? 1e6 : 1);
  assert.ok(num(revenueChannel) < num(revenueMonth), `${revenueChannel} < ${revenueMonth}`);
  const url = page.url();
  await page.reload();
  await appReady(page);
  await page.getByTestId('kpi-revenue').waitFor();
  assert.equal(page.url(), url);
  assert.equal(await kpi(page, 'kpi-revenue'), revenueChannel);
  // The filter follows the user to other pages.
  await nav(page, 'Sales');
  await urlMatches(page, /\/sales\?range=30d&channel=/);
  assert.equal(await kpi(page, 'kpi-revenue'), revenueChannel);
});

test('every page shows its charts with the demo data, light and dark', async (t) => {
  for (const scheme of ['light', 'dark']) {
    await t.test(scheme, async (t) => {
      const { page } = await withDemo(t, { colorScheme: scheme });
      await screenshot(page, `overview-demo-${scheme}`);
      for (const [name, chart] of [
        ['Sales', 'sales-funnel-chart'],
        ['Customers', null],
        ['Support', 'support-volume-chart'],
        ['Marketing', 'marketing-roi-chart'],
        ['Analysis', 'analysis-cohort-chart'],
      ]) {
        await nav(page, name);
        await page.locator('main h1', { hasText: name }).waitFor();
        if (chart) await page.getByTestId(chart).locator('canvas').waitFor();
        else await page.getByTestId('customer-table').locator('tbody a').first().waitFor();
        assert.equal(await page.getByTestId('empty-state').count(), 0, `${name} has data`);
        await screenshot(page, `${name.toLowerCase()}-demo-${scheme}`);
      }
    });
  }
});

test('customers: search as you type, sort, and open a customer', async (t) => {
  const { page } = await withDemo(t);
  // "/" anywhere jumps to the customer search.
  await page.keyboard.press('/');
  await page.locator('main h1', { hasText: 'Customers' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'customer-search');
  const count = page.getByTestId('customer-count');
  await count.waitFor();
  assert.equal(await count.textContent(), '2,000 customers');
  const rows = page.getByTestId('customer-table').locator('tbody tr.vrow');
  assert.ok((await rows.count()) < 60, 'only the visible rows are rendered');
  const firstId = await rows.first().locator('a').textContent();
  await page.getByTestId('customer-search').fill(firstId);
  await page.waitForFunction(() => !document.querySelector('[data-testid=customer-count]').textContent.startsWith('2,000'));
  assert.equal(await rows.first().locator('a').textContent(), firstId);
  await page.getByTestId('customer-search').fill('');
  const list = page.getByTestId('customer-table');
  await list.getByRole('button', { name: 'Orders', exact: true }).click();
  assert.equal(await list.locator('th[aria-sort=descending]').textContent(), 'Orders');
  const top = await rows.first().locator('td').nth(4).textContent();
  const second = await rows.nth(1).locator('td').nth(4).textContent();
  assert.ok(Number(top.replace(/,/g, '')) >= Number(second.replace(/,/g, '')));
  await rows.first().locator('a').click();
  await page.locator('main h1', { hasText: 'Customer' }).waitFor();
  await page.getByTestId('customer-kpis').waitFor();
  assert.ok((await page.getByTestId('timeline').locator('li').count()) > 0);
  // The specification's customer value V = revenue × orders, as the list shows it.
  assert.match(await page.getByTestId('customer-value-v').locator('.kpi__value').textContent(), /^[\d,]+$/);
  await screenshot(page, 'customer-demo');
});

test('customers: scrolling the list shows every row in order, also after a sort', async (t) => {
  const { page } = await withDemo(t);
  await page.locator('nav[aria-label="Main"] a[href*="customers"]').first().click();
  await page.getByTestId('customer-table').waitFor();
  const list = page.locator('.vscroll');
  const ids = () => page.getByTestId('customer-table').locator('tbody tr.vrow th').allTextContents();
  // The scroll event moves the rows' window in the next frame: wait two frames after it.
  // (Where the rows stand cannot tell: the window before the scroll already covers the
  // new view, with the rows on each side.)
  const settled = () => page.evaluate(() => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));
  const scrollTo = async (top) => {
    await list.evaluate((el, y) => { el.scrollTop = y; }, top);
    await settled();
  };
  // Sorted by ID: scroll down five rows at a time; each window is the last one moved on.
  await page.getByRole('button', { name: 'ID', exact: true }).click();
  await page.locator('th[aria-sort="ascending"] button', { hasText: /^ID$/ }).waitFor();
  await settled();
  const first = await ids();
  assert.ok(first.length < 60, `${first.length} rows rendered`);
  const order = [...first];
  for (let step = 1; step <= 30; step++) {
    await scrollTo(step * 200);
    const now = await ids();
    assert.ok(now.length < 60);
    const at = order.indexOf(now[0]);
    assert.ok(at >= 0, `window ${step} starts inside the rows seen before`);
    assert.deepEqual(now.slice(0, order.length - at), order.slice(at), `window ${step} continues the last`);
    order.push(...now.slice(order.length - at));
  }
  assert.equal(new Set(order).size, order.length, 'no row twice');
  const sorted = [...order].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  assert.deepEqual(order, sorted, 'rows in ID order');
  // Scrolled half-way, a sort by name re-orders the rows in view.
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await page.locator('th[aria-sort="ascending"] button', { hasText: /^Name$/ }).waitFor();
  await scrollTo(4000);
  const names = await page.getByTestId('customer-table').locator('tbody tr.vrow td:first-of-type').allTextContents();
  const byName = [...names].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
  assert.ok(names.length > 10);
  assert.deepEqual(names, byName);
});

test('sales: a stage lists its deals and the funnel switches to amounts', async (t) => {
  const { page } = await withDemo(t);
  await nav(page, 'Sales');
  await page.getByTestId('stage-table').waitFor();
  const stage = page.getByTestId('stage-table').locator('tbody th a').first();
  const name = await stage.textContent();
  await stage.click();
  const list = page.getByTestId('rows-panel');
  await list.waitFor();
  assert.equal(await list.locator('h2').textContent(), `Funnel stage: ${name}`);
  // The Won row lists the won deals, as many as the funnel counts, each named.
  const table = page.getByTestId('stage-table');
  const wonRow = table.locator('tbody tr', { has: page.getByRole('link', { name: 'Show deals at Won', exact: true }) });
  const won = await wonRow.locator('td').first().textContent();
  await wonRow.getByRole('link').click();
  await list.locator('h2', { hasText: /^Funnel stage: Won$/ }).waitFor();
  assert.equal(await list.getByTestId('rows-count').textContent(), `${won} deals`);
  const first = await list.locator('tbody tr.vrow').first().locator('th').textContent();
  assert.ok(first.length > 0, 'the deal is named');
  // Back: the stage opened before; Back again: no rows open.
  await page.goBack();
  await list.locator('h2', { hasText: `Funnel stage: ${name}` }).waitFor();
  await page.goBack();
  await page.waitForFunction(() => !/rows=/.test(location.search));
  await page.getByRole('button', { name: 'Amount' }).click();
  assert.equal(await page.getByRole('button', { name: 'Amount' }).getAttribute('aria-pressed'), 'true');
  await page.getByTestId('probability-table').waitFor();

  // Every chart has its data as a table (screen readers, copy-paste) and a PNG export. The
  // table is made while its disclosure is open, and only then.
  const chart = page.getByTestId('sales-category-chart');
  assert.equal(await chart.locator('table').count(), 0, 'no table while closed');
  await chart.getByText('Data table').click();
  await chart.locator('table tbody tr').first().waitFor();
  const cells = await chart.locator('table tbody tr').first().locator('th, td').allTextContents();
  assert.equal(cells.length, 2);
  assert.match(cells[1], /^\d+(\.\d\d)?$/);
  await chart.getByText('Data table').click();
  await chart.locator('table').waitFor({ state: 'detached' });
  await chart.getByText('Data table').click();
  await chart.locator('table tbody tr').first().waitFor();
  assert.deepEqual(await chart.locator('table tbody tr').first().locator('th, td').allTextContents(), cells, 'made again when reopened');
  const [png] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Save as PNG' }).click()]);
  assert.equal(png.suggestedFilename(), 'revenue-by-category.png');
  const bytes = fs.readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
});
