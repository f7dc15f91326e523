// The real public data sets of ../shared/datasets (see its README), imported through the
// file input as a user would, every row accounted for, then every page walked. Those files
// are not part of the project: without them (RAPPORT_DATASETS=dir to point elsewhere) the
// test is skipped, never failed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openPage, appReady, screenshot, ROOT } from './fixture.mjs';

// The project's sibling `shared/datasets`, looked for beside each parent folder (a checkout
// may sit deeper, e.g. in a worktree).
const DATASETS =
  process.env.RAPPORT_DATASETS ??
  ['..', '../..', '../../..']
    .map((up) => path.resolve(ROOT, up, 'shared/datasets'))
    .find((dir) => fs.existsSync(path.join(dir, 'README.md'))) ??
  path.resolve(ROOT, '../shared/datasets');
const present = fs.existsSync(path.join(DATASETS, 'README.md'));

// What each set must become: its files, the kind each is recognised as, and the records
// stored afterwards (every row of every file imported: none of these has a bad row).
const SETS = [
  {
    name: 'crm-pipeline',
    files: ['sales_pipeline.csv', 'accounts.csv', 'sales_teams.csv', 'products.csv'].map((f) => `crm_sales_opportunities/${f}`),
    // The three lookup files are proposed as such: they add attributes to the deals.
    kinds: ['deals', 'lookup', 'lookup', 'lookup'],
    // The deals name 85 accounts (placeholders; 1,425 deals have no account at all); the
    // lookup files make no records.
    stored: { deals: 8800, customers: 85, orders: 0 },
    page: 'sales',
  },
  {
    name: 'crm-pipeline-excel-mdy',
    files: ['crm_sales_opportunities/variant_excel_mdy_dates/sales_pipeline.csv'],
    kinds: ['deals'],
    stored: { deals: 8800 },
    page: 'sales',
  },
  {
    name: 'telco',
    files: ['telco_churn/Telco-Customer-Churn.csv'],
    kinds: ['customers'],
    stored: { customers: 7043 },
    // pandas: 1,869 of 7,043 churned; MonthlyCharges of the 5,174 who stayed.
    headline: { 'kpi-customers': '7,043', 'kpi-churn': '26.5%', 'kpi-mrr': '316,985.75', 'kpi-arpu': '61.27', 'kpi-revenue-churn': '30.5%' },
    page: 'analysis',
  },
  {
    name: 'support',
    files: ['support_tickets/customer_support_tickets.csv'],
    kinds: ['tickets'],
    stored: { tickets: 8469 },
    page: 'support',
  },
  {
    name: 'bank',
    files: ['bank_marketing/bank-additional-full.csv'],
    kinds: ['responses'],
    stored: { responses: 41188 },
    // pandas: 4,640 of 41,188 said yes.
    headline: { 'kpi-contacts': '41,188', 'kpi-conversion-rate': '11.3%' },
    page: 'marketing',
  },
  {
    name: 'hillstrom',
    files: ['hillstrom_email/hillstrom.csv'],
    kinds: ['responses'],
    stored: { responses: 64000 },
    // pandas: 9,394 visits, 578 conversions, 67,258.13 spent.
    headline: { 'kpi-contacts': '64,000', 'kpi-response-rate': '14.7%', 'kpi-conversion-rate': '0.9%', 'kpi-revenue-per-contact': '1.05' },
    page: 'marketing',
  },
];

let server, browser;
before(async () => {
  if (!present) return;
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const stored = (page, kind) => page.locator(`[data-testid=stored-counts] tr[data-kind=${kind}] td`).textContent();

for (const set of SETS) {
  test(`real data set: ${set.name} imports whole and every page shows it`, { skip: !present && `no data sets at ${DATASETS}` }, async (t) => {
    const { page } = await openPage(t, browser, server);
    await page.goto(server.url + 'data');
    await appReady(page);
    await page.getByTestId('loading').waitFor({ state: 'detached' });
    await page.getByTestId('import-input').setInputFiles(set.files.map((f) => path.join(DATASETS, f)));
    const cards = page.getByTestId('file-card');
    await cards.nth(set.files.length - 1).waitFor({ timeout: 60_000 });
    // Once every file is read, the batch's lookup files are proposed.
    await page.waitForFunction(() => !document.querySelector('[data-testid=import-button]').disabled, null, { timeout: 60_000 });
    const kinds = await cards.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-kind')));
    assert.deepEqual(kinds, set.kinds);
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    for (const [kind, n] of Object.entries(set.stored)) {
      assert.equal(Number((await stored(page, kind)).replace(/,/g, '')), n, `${set.name}: ${kind} stored`);
    }

    // Every page of the sidebar: its heading, and content (numbers, charts, tables or a
    // note saying which file would fill it), with no console error (checked by the fixture).
    const links = page.locator('nav[aria-label="Main"] a');
    const count = await links.count();
    assert.ok(count >= 8, `${count} sidebar links`);
    for (let i = 0; i < count; i++) {
      const href = await links.nth(i).getAttribute('href');
      await links.nth(i).click();
      await page.waitForFunction((h) => location.href.split('?')[0] === new URL(h, document.baseURI).href.split('?')[0], href);
      await page.locator('main h1').first().waitFor();
      const content = page.locator(
        'main [data-testid=kpi-value], main figure.chart, main table, main [data-testid=empty-state], main form, main section.card',
      );
      await content.first().waitFor({ timeout: 30_000 });
    }
    if (set.headline) {
      await page.goto(server.url);
      await appReady(page);
      for (const [id, expected] of Object.entries(set.headline)) {
        const value = page.getByTestId(id).getByTestId('kpi-value');
        await value.waitFor({ timeout: 30_000 });
        assert.equal(await value.textContent(), expected, `${set.name}: ${id}`);
      }
      await screenshot(page, `dataset-${set.name}-overview`);
    }
    await page.goto(server.url + set.page);
    await appReady(page);
    await page.locator('main figure.chart, main table, main [data-testid=kpi-value]').first().waitFor({ timeout: 30_000 });
    await screenshot(page, `dataset-${set.name}-${set.page}`);
  });
}
