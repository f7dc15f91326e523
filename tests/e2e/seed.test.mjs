// The specification's nine formulas on the Analysis page, in both languages, with the demo
// data (every kind present, so every figure has a value).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shared, openPage, appReady, screenshot, withDemo } from './fixture.mjs';

const run = shared();

for (const [locale, title, names] of [
  ['en-US', 'The nine CRM formulas', ['Customers (客户数量)', 'Customer potential (客户潜力)', 'Customer loyalty (客户忠诚度)']],
  ['zh-CN', '九个客户管理公式', ['客户数量', '客户潜力', '客户忠诚度']],
]) {
  test(`the nine formulas, each with its value and how it is computed (${locale})`, async (t) => {
    const { page } = await openPage(t, run.browser, run.server, { locale });
    await page.goto(run.server.url);
    await appReady(page);
    await page.getByTestId('onboarding-demo').click();
    await page.getByTestId('kpi-revenue').waitFor({ timeout: 30_000 });
    await page.goto(run.server.url + 'analysis');
    await appReady(page);
    const card = page.getByTestId('seed-formulas');
    await card.waitFor({ timeout: 30_000 });
    assert.equal(await card.locator('h2').textContent(), title);
    const rows = card.locator('tbody tr');
    assert.equal(await rows.count(), 9);
    const shown = await rows.locator('th').allTextContents();
    for (const name of names) assert.ok(shown.includes(name), `${name} in ${shown}`);
    // Every figure has a value with the demo company (the model's loyalty once fitted).
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=seed-formulas] [data-testid=seed-value]')].every((c) => !c.textContent.startsWith('–')), null, { timeout: 30_000 });
    // Each says how it is computed, in the interface's language.
    assert.equal(await rows.locator('details.explain').count(), 9);
    const formula = await rows.first().locator('.explain__formula').textContent();
    assert.equal(/[\u4e00-\u9fff]/.test(formula), locale === 'zh-CN', formula);
    await screenshot(page, `analysis-seed-${locale}`);
  });
}

test('a parameter set in Settings moves the figure that uses it, and nonsense changes nothing', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url);
  await appReady(page);
  await page.getByTestId('onboarding-demo').click();
  const churn = () => page.getByTestId('kpi-churn').getByTestId('kpi-value').textContent();
  await page.getByTestId('kpi-churn').waitFor({ timeout: 30_000 });
  const before = await churn();
  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Settings', exact: true }).click();
  const input = page.getByTestId('param-churn_window_days');
  assert.equal(await input.inputValue(), '90');
  await input.fill('-5');
  await input.press('Tab');
  assert.match(await page.getByTestId('param-churn_window_days-error').textContent(), /outside 1–3650: nothing changed/);
  await input.fill('30');
  await input.press('Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid=param-churn_window_days-error]').textContent === '');
  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByTestId('kpi-churn').waitFor();
  assert.notEqual(await churn(), before, 'a 30-day window gives another churn rate');
  await page.getByTestId('kpi-churn').locator('summary').click();
  assert.match(await page.getByTestId('kpi-churn').locator('.explain__params').textContent(), /W \(days\): 30/);
  // Kept: a reload still uses 30 days.
  await page.reload();
  await appReady(page);
  await page.getByTestId('kpi-churn').waitFor({ timeout: 30_000 });
  await page.getByTestId('kpi-churn').locator('summary').click();
  assert.match(await page.getByTestId('kpi-churn').locator('.explain__params').textContent(), /W \(days\): 30/);
});

test('every KPI on every page says how it is computed, in Chinese too', async (t) => {
  const { page } = await withDemo(t, run.browser, run.server, { locale: 'zh-CN' });
  const pages = [['/', 'kpi-revenue'], ['/sales', 'kpi-cycle'], ['/support', 'kpi-resolution'], ['/marketing', 'kpi-roi'], ['/customers/C00001', 'customer-kpis']];
  for (const [path, ready] of pages) {
    await page.goto(run.server.url + path.slice(1));
    await appReady(page);
    await page.getByTestId(ready).waitFor({ timeout: 30_000 });
    const cards = page.locator('main article.kpi');
    const n = await cards.count();
    assert.ok(n >= 4, `${path}: ${n} KPI cards`);
    for (let i = 0; i < n; i++) {
      const card = cards.nth(i);
      const label = await card.locator('.kpi__label').textContent();
      assert.ok(await card.locator('details.explain').count() >= 1, `${path}: "${label}" has no explanation`);
      const text = await card.locator('.explain__formula').first().textContent();
      assert.match(text, /[\u4e00-\u9fff]/, `${path}: "${label}" explained in Chinese`);
    }
  }
  // A parameter reads in Chinese with its value: the first-response hours on Support.
  await page.goto(run.server.url + 'support');
  await appReady(page);
  const card = page.getByTestId('kpi-first-response');
  await card.locator('summary').click();
  assert.match(await card.locator('.explain__params').textContent(), /条记录|记录/);
  await screenshot(page, 'support-explained-zh');
});

test('the customer model is checked on held-out months: predicted against actual purchases', async (t) => {
  const { page } = await withDemo(t, run.browser, run.server);
  await page.goto(run.server.url + 'analysis');
  await appReady(page);
  const card = page.getByTestId('holdout');
  await card.getByTestId('holdout-table').waitFor({ timeout: 60_000 });
  const summary = await card.getByTestId('holdout-summary').textContent();
  const m = summary.match(/predicted ([\d,]+) purchases .* by the ([\d,]+) customers .*; they made ([\d,]+)/);
  assert.ok(m, summary);
  const [predicted, customers, actual] = m.slice(1).map((s) => Number(s.replaceAll(',', '')));
  // The table's buckets add up to the summary: customers, and purchases (means × customers).
  const rows = await card.locator('[data-testid=holdout-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent.replaceAll(',', '')))));
  assert.ok(rows.length >= 3, `${rows.length} buckets`);
  assert.equal(rows.reduce((s, r) => s + r[0], 0), customers);
  const sum = (i) => rows.reduce((s, r) => s + r[0] * r[i], 0);
  assert.ok(Math.abs(sum(2) - actual) <= 0.01 * actual, `actual ${sum(2)} vs ${actual}`);
  assert.ok(Math.abs(sum(1) - predicted) <= 0.01 * predicted + 1, `predicted ${sum(1)} vs ${predicted}`);
  await card.locator('summary').first().click();
  assert.match(await card.locator('.explain__params').textContent(), /backtest \(months\): 6/);
  await screenshot(page, 'analysis-holdout');
});

test('a customer who bought nothing in the period keeps the model\'s P(alive) and CLV on their page', async (t) => {
  const { page } = await withDemo(t, run.browser, run.server);
  // C00153 last bought in June 2025: nothing in the last 90 days before 2026-06-30.
  await page.goto(run.server.url + 'customers/C00153?range=90d');
  await appReady(page);
  await page.getByTestId('no-purchase-in-period').waitFor({ timeout: 60_000 });
  const p = await page.getByTestId('customer-p-alive').locator('.kpi__value').textContent();
  assert.match(p, /^\d+(\.\d)?%$/);
  assert.match(await page.getByTestId('customer-clv').locator('.kpi__value').textContent(), /\d/);
  // The same P(alive) as over the whole history, where the customer did buy.
  await page.goto(run.server.url + 'customers/C00153');
  await appReady(page);
  const all = page.getByTestId('customer-kpis').locator('article', { hasText: 'P(alive)' }).locator('.kpi__value');
  await all.filter({ hasText: /%/ }).waitFor({ timeout: 60_000 });
  assert.equal(await all.textContent(), p);
});
