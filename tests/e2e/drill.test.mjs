// Every chart is a filter, every number leads to its rows: as a user clicks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shared, nav, urlMatches, kpi, withDemo as demo } from './fixture.mjs';

const run = shared();
const withDemo = (t, options) => demo(t, run.browser, run.server, options);

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
