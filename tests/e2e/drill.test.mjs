// Every chart is a filter, every number leads to its rows: as a user clicks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { shared, nav, urlMatches, kpi, screenshot, openPage, appReady, importFiles, ROOT, withDemo as demo } from './fixture.mjs';

const run = shared();
const withDemo = (t, options) => demo(t, run.browser, run.server, options);

/** Waits for a chart's drawing (its animation) to finish: ECharts' `finished` event, or 3 s. */
const settled = (chart) => chart.evaluate((figure) => new Promise((done) => {
  window.echarts.getInstanceByDom(figure.querySelector('.chart__canvas')).on('finished', done);
  setTimeout(done, 3000);
}));

/** A money figure as shown (`$1,234.50`, `4.62M`, `812K`) in currency units. */
function amount(text) {
  const scale = { K: 1e3, M: 1e6, B: 1e9 }[text.trim().slice(-1)] ?? 1;
  return Number(text.replace(/[^0-9.]/g, '')) * scale;
}

test('an RFM bar narrows every page to its customers, as a chip that Back takes away', async (t) => {
  const { page } = await withDemo(t);
  const before = await kpi(page, 'kpi-revenue');
  await nav(page, 'Analysis');
  const chart = page.getByTestId('analysis-segments-chart');
  await chart.locator('canvas').waitFor();
  // Once the model's figures are in and the chart drawn again with them (its bars grow for
  // a second: a click during that lands beside them).
  await page.waitForFunction(() => document.querySelector('[data-testid=download-figures]')?.disabled === false);
  await settled(chart);
  // The bar of the first segment, clicked on the canvas where ECharts drew it.
  const point = await chart.evaluate((figure) => {
    const chart = window.echarts.getInstanceByDom(figure.querySelector('.chart__canvas'));
    const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
    return { x: bar.x + bar.width / 2, y: bar.y + bar.height / 2 };
  });
  const first = await page.getByTestId('segment-table').locator('tbody th').first().textContent();
  await chart.locator('canvas').click({ position: point });
  await urlMatches(page, /pick\.customers\.rfm_segment=/);
  const chip = page.getByTestId('pick-chip');
  assert.equal(await chip.count(), 1);
  assert.match(await chip.textContent(), new RegExp(`rfm_segment: ${first}`));
  // Every page follows: the Overview's revenue is that of the segment's customers alone.
  await nav(page, 'Overview');
  await page.getByTestId('pick-chip').waitFor();
  const narrowed = await kpi(page, 'kpi-revenue');
  assert.ok(amount(narrowed) < amount(before), `${narrowed} < ${before}`);
  // Back: the Analysis page with the pick; Back again: no pick anywhere.
  await page.goBack();
  await page.waitForFunction(() => /analysis/.test(location.pathname) && /pick\./.test(location.search));
  await page.getByTestId('pick-chip').waitFor();
  await page.goBack();
  await page.waitForFunction(() => !/pick\./.test(location.search));
  assert.equal(await page.getByTestId('pick-chip').count(), 0);
});

test('a keyboard user picks from the chart\'s data table and removes the chip with its button', async (t) => {
  const { page } = await withDemo(t);
  await nav(page, 'Sales');
  const chart = page.getByTestId('sales-category-chart');
  await chart.locator('summary').click();
  const button = chart.locator('tbody th button').first();
  const category = (await button.textContent()).trim();
  await button.focus();
  await page.keyboard.press('Enter');
  await urlMatches(page, /pick\.orders\.category=/);
  const remove = page.getByRole('button', { name: `Remove category: ${category}` });
  await remove.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !/pick\./.test(location.search));
  assert.equal(await page.getByTestId('pick-chip').count(), 0);
});

test('the revenue KPI opens its order lines; the exported list adds up to the KPI', async (t) => {
  const { page } = await withDemo(t);
  // Under a channel filter, so the list is the screen's and not the whole history's.
  await page.locator('#filter-channel').selectOption({ index: 1 });
  await urlMatches(page, /channel=/);
  const shown = await kpi(page, 'kpi-revenue');
  await page.getByTestId('kpi-revenue').getByTestId('kpi-rows').click();
  await urlMatches(page, /rows=/);
  const panel = page.getByTestId('rows-panel');
  await panel.getByTestId('rows-table').locator('tbody tr.vrow').first().waitFor();
  assert.match(await panel.locator('h2').textContent(), /Net revenue/);
  // The focus goes to the rows (once the panel is drawn: under load, after the first row).
  await page.waitForFunction(() => document.activeElement?.id === 'rows-title', null, { timeout: 5_000 });
  const count = Number((await panel.getByTestId('rows-count').textContent()).replace(/[^0-9]/g, ''));
  assert.ok(count > 100, `${count} rows, all of them (the table shows only those in view)`);
  assert.ok((await panel.locator('tbody tr.vrow').count()) < count, 'the table is virtualised');
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('rows-export').click()]);
  assert.match(download.suggestedFilename(), /^rows_.*_channel-/);
  const lines = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.match(lines[0], /^"?# net revenue/, 'the first line says what the rows are');
  const header = lines[1].split(',');
  const net = header.indexOf('amount');
  assert.ok(net >= 0, `an amount column: ${header}`);
  const rows = lines.slice(2).map((l) => l.split(','));
  assert.equal(rows.length, count);
  const sum = rows.reduce((s, r) => s + Number(r[net] || 0), 0);
  assert.ok(Math.abs(sum - amount(shown)) <= Math.max(1, amount(shown) * 0.005), `${sum} vs ${shown}`);
  await screenshot(page, 'rows-revenue');
  // Close (or Back) puts the page back as it was.
  await panel.getByTestId('rows-close').click();
  await page.waitForFunction(() => !/rows=/.test(location.search));
  assert.equal(await page.getByTestId('rows-panel').count(), 0);
});

test('a part of the funnel opens the deals at that stage', async (t) => {
  const { page } = await withDemo(t);
  await nav(page, 'Sales');
  const chart = page.getByTestId('sales-funnel-chart');
  await chart.locator('canvas').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=download-figures]')?.disabled === false);
  await settled(chart);
  // The second part of the funnel, where ECharts drew it.
  const point = await chart.evaluate((figure) => {
    const chart = window.echarts.getInstanceByDom(figure.querySelector('.chart__canvas'));
    const data = chart.getModel().getSeriesByIndex(0).getData();
    const points = data.getItemLayout(1).points;
    const x = points.reduce((s, p) => s + p[0], 0) / points.length;
    const y = points.reduce((s, p) => s + p[1], 0) / points.length;
    return { x, y, name: data.getName(1).replace(/[\u2066-\u2069]/g, '') };
  });
  await chart.locator('canvas').click({ position: { x: point.x, y: point.y } });
  const panel = page.getByTestId('rows-panel');
  await panel.locator('h2', { hasText: `Funnel stage: ${point.name}` }).waitFor();
  const atStage = await page.getByTestId('stage-table').locator('tbody tr', { hasText: point.name }).locator('td').first().textContent();
  assert.equal(await panel.getByTestId('rows-count').textContent(), `${atStage} deals`);
});

test('a cohort cell opens its customers, and an RFM count its segment', async (t) => {
  const { page } = await withDemo(t);
  await nav(page, 'Analysis');
  const chart = page.getByTestId('analysis-cohort-chart');
  await chart.locator('canvas').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=download-figures]')?.disabled === false);
  await settled(chart);
  // The first cohort's cell one month after its first purchases.
  const cell = await chart.evaluate((figure) => {
    const chart = window.echarts.getInstanceByDom(figure.querySelector('.chart__canvas'));
    const data = chart.getModel().getSeriesByIndex(0).getData();
    for (let i = 0; i < data.count(); i++) {
      const [x, y] = [data.get('x', i), data.get('y', i)];
      if (x === 1 && y === 0) {
        const [px, py] = chart.convertToPixel({ seriesIndex: 0 }, [x, y]);
        const month = chart.getOption().yAxis[0].data[0];
        return { x: px, y: py, month: String(month.value ?? month).replace(/[\u2066-\u2069]/g, '') };
      }
    }
    return null;
  });
  assert.ok(cell, 'the cell is drawn');
  await chart.locator('canvas').click({ position: { x: cell.x, y: cell.y } });
  const panel = page.getByTestId('rows-panel');
  const month = cell.month.slice(0, 7);
  await panel.locator('h2', { hasText: `Cohort ${month}, buying 1 months later` }).waitFor();
  const count = Number((await panel.getByTestId('rows-count').textContent()).replace(/[^0-9]/g, ''));
  assert.ok(count > 0 && count < Number(cell.month.match(/\((\d+)\)/)[1]), `${count} of ${cell.month}`);
  // A customer of the list leads to their page.
  await panel.locator('tbody tr.vrow th a').first().click();
  await urlMatches(page, /\/customers\//);
  // Their page opens every order of theirs under the filter, the timeline's rows.
  await page.getByTestId('customer-rows').getByRole('link', { name: 'Orders' }).click();
  await panel.locator('h2', { hasText: /^Orders of customer / }).waitFor();
  assert.match(await panel.getByTestId('rows-count').textContent(), /^[1-9][0-9,]* order lines$/);

  await page.goBack();
  await page.goBack();
  await page.goBack();
  await page.waitForFunction(() => !/rows=/.test(location.search));
  const segment = page.getByTestId('segment-table').locator('tbody tr').first();
  const customers = await segment.locator('td a').first().textContent();
  await segment.locator('td a').first().click();
  await panel.locator('h2', { hasText: /^RFM segment: / }).waitFor();
  assert.equal(await panel.getByTestId('rows-count').textContent(), `${customers} customers`);
});

test('a lookup attribute works as any column: its rows open, its bar picks', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  const dir = path.join(ROOT, 'tests/fixtures/pipeline');
  await importFiles(page, ['sales_pipeline.csv', 'accounts.csv', 'sales_teams.csv', 'products.csv'].map((f) => path.join(dir, f)));
  // The deals by manager, a column of the sales teams' lookup file.
  await page.goto(run.server.url + 'sales?by.deals=manager');
  const card = page.getByTestId('deals-breakdown');
  const dustin = card.getByTestId('deals-breakdown-table').locator('tbody tr', { hasText: 'Dustin' });
  const deals = await dustin.locator('td').first().textContent();
  await dustin.locator('th a').click();
  const panel = page.getByTestId('rows-panel');
  await panel.locator('h2', { hasText: 'Deals by manager: Dustin' }).waitFor();
  assert.equal(await panel.getByTestId('rows-count').textContent(), `${deals} deals`);
  await panel.getByTestId('rows-close').click();
  await page.waitForFunction(() => !/rows=/.test(location.search));
  // Its bar (through the chart's data table) narrows the pipeline to Dustin's deals.
  await card.getByTestId('deals-breakdown-chart').locator('summary').click();
  await card.getByTestId('deals-breakdown-chart').locator('tbody th button', { hasText: 'Dustin' }).click();
  await urlMatches(page, /pick\.deals\.manager=Dustin/);
  await page.getByTestId('pick-chip').filter({ hasText: 'manager: Dustin' }).waitFor();
  const shown = await card.getByTestId('deals-breakdown-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent));
  assert.deepEqual(shown, ['Dustin']);
});

test('support: a month opens its tickets, a type narrows the page to it', async (t) => {
  const { page } = await withDemo(t);
  await nav(page, 'Support');
  const volume = page.getByTestId('support-volume-chart');
  await volume.locator('summary').click();
  const month = volume.locator('tbody th button').last();
  const label = (await month.textContent()).trim();
  const tickets = await volume.locator('tbody tr').last().locator('td').first().textContent();
  await month.click();
  const panel = page.getByTestId('rows-panel');
  await panel.locator('h2', { hasText: `Tickets by month: ${label}` }).waitFor();
  assert.equal(await panel.getByTestId('rows-count').textContent(), `${tickets.trim()} tickets`);
  await panel.getByTestId('rows-close').click();
  const before = await kpi(page, 'kpi-tickets');
  const types = page.getByTestId('support-type-chart');
  await types.locator('summary').click();
  const type = types.locator('tbody th button').last();
  const name = (await type.textContent()).trim();
  await type.click();
  await page.getByTestId('pick-chip').filter({ hasText: `issue_type: ${name}` }).waitFor();
  await page.waitForFunction((b) => document.querySelector('[data-testid=kpi-tickets] [data-testid=kpi-value]')?.textContent !== b, before);
  assert.ok(Number((await kpi(page, 'kpi-tickets')).replace(/\D/g, '')) < Number(before.replace(/\D/g, '')));
});
