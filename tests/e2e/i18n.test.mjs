// Languages: English and 简体中文. The browser's language picks the first one; Settings
// switches and the choice survives a reload; axe passes in both; screenshots in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shared, openPage, appReady, screenshot, axeViolations } from './fixture.mjs';


const run = shared();

const audit = axeViolations;

const sidebar = (page) => page.locator('nav.sidebar a');
const kpiLabel = (page, id) => page.getByTestId(id).locator('.kpi__label');

async function loadDemo(page) {
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('kpi-revenue').waitFor();
}

test('a Chinese browser gets the Chinese interface from the start', async (t) => {
  const { page } = await openPage(t, run.browser, run.server, { locale: 'zh-CN' });
  await page.goto(run.server.url);
  await appReady(page);
  assert.equal(await page.locator('main h1').textContent(), '概览');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.equal(await page.title(), '概览 · Rapport');
  assert.equal(await page.getByTestId('onboarding-demo').textContent(), '加载演示数据');
});

test('switching to 中文 in Settings translates the shell and the numbers, and is remembered', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url);
  await appReady(page);
  await loadDemo(page);
  assert.equal(await kpiLabel(page, 'kpi-revenue').textContent(), 'Revenue');
  const revenueEn = await page.getByTestId('kpi-revenue').getByTestId('kpi-value').textContent();

  await page.goto(run.server.url + 'settings');
  await appReady(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByLabel('简体中文').check();
  // The page is rendered again in Chinese, with the focus still on the choice.
  await page.locator('main h1', { hasText: '设置' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.equal(await page.title(), '设置 · Rapport');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lang-zh');
  assert.ok(await page.getByLabel('简体中文').isChecked());
  assert.deepEqual(await sidebar(page).allTextContents(), ['概览', '客户', '销售', '客服', '营销', '分析', '数据', '设置']);

  await sidebar(page).first().click();
  await page.locator('main h1', { hasText: '概览' }).waitFor();
  assert.equal(await kpiLabel(page, 'kpi-revenue').textContent(), '收入');
  assert.equal(await kpiLabel(page, 'kpi-customers').textContent(), '客户数');
  assert.equal(await page.getByLabel('期间', { exact: true }).inputValue(), 'all');
  assert.equal(await page.getByTestId('filter-range').locator('option:checked').textContent(), '全部历史');
  // Money: the demo's revenue is in the millions, so English shows "M" and Chinese "万".
  const revenueZh = await page.getByTestId('kpi-revenue').getByTestId('kpi-value').textContent();
  assert.match(revenueEn, /^[\d,.]+M$/);
  assert.match(revenueZh, /^[\d,.]+万$/);
  const en = Number(revenueEn.replace(/[,M]/g, '')) * 1e6;
  const zh = Number(revenueZh.replace(/[,万]/g, '')) * 1e4;
  assert.ok(Math.abs(en - zh) <= 0.005e6, `${revenueEn} and ${revenueZh} are the same sum`);
  assert.deepEqual(await audit(page), [], 'the Chinese overview');

  await page.reload();
  await appReady(page);
  assert.equal(await page.locator('main h1').textContent(), '概览');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.equal(await kpiLabel(page, 'kpi-revenue').textContent(), '收入');

  // And back.
  await page.goto(run.server.url + 'settings');
  await appReady(page);
  await page.getByLabel('English').check();
  await page.locator('main h1', { hasText: 'Settings' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
});

for (const scheme of ['light', 'dark']) {
  for (const locale of ['en-US', 'zh-CN']) {
    test(`every page in ${locale}, ${scheme}: axe passes; screenshots`, async (t) => {
      const { page } = await openPage(t, run.browser, run.server, { colorScheme: scheme, locale });
      await page.goto(run.server.url);
      await appReady(page);
      await loadDemo(page);
      const short = locale.slice(0, 2);
      for (const p of ['', 'customers', 'sales', 'support', 'marketing', 'analysis', 'data', 'settings']) {
        await page.goto(run.server.url + p);
        await appReady(page);
        await page.getByTestId('loading').waitFor({ state: 'detached' });
        await page.locator('main h1').waitFor();
        // Charts draw on the next frames.
        await page.waitForTimeout(400);
        assert.deepEqual(await audit(page), [], `/${p}`);
        await screenshot(page, `i18n-${p || 'overview'}-${short}-${scheme}`);
      }
    });
  }
}
