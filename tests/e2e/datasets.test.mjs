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
    files: ['crm_sales_opportunities/accounts.csv', 'crm_sales_opportunities/sales_pipeline.csv'],
    kinds: ['customers', 'deals'],
    // 85 accounts; the deals name them by account (placeholders for none: 1,425 deals have
    // no account at all).
    stored: { deals: 8800, customers: 85 },
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
    page: 'customers',
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
    kinds: ['customers'],
    stored: { customers: 41188 },
    page: 'customers',
  },
  {
    name: 'hillstrom',
    files: ['hillstrom_email/hillstrom.csv'],
    kinds: ['customers'],
    stored: { customers: 64000 },
    page: 'customers',
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
    await page.goto(server.url + set.page);
    await appReady(page);
    await page.locator('main figure.chart, main table, main [data-testid=kpi-value]').first().waitFor({ timeout: 30_000 });
    await screenshot(page, `dataset-${set.name}-${set.page}`);
  });
}
