// The figures behind the screen: "Download figures (JSON)" gives the command line's
// `rapport metrics --json` document for the same files and filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { shared, openPage, appReady, importFiles, ROOT } from './fixture.mjs';

const run = shared();

const FILES = [
  'tests/e2e/fixtures/orders.csv',
  'tests/fixtures/pipeline/sales_pipeline.csv',
  'tests/fixtures/pipeline/accounts.csv',
  'tests/fixtures/import/zendesk_tickets.csv',
  'tests/fixtures/import/telco_snapshot.csv',
  'tests/fixtures/import/email_test.csv',
].map((f) => path.join(ROOT, f));

/** `rapport metrics --json FILES... ARGS...`, through cargo (built by the native tests). */
function cli(args) {
  const out = execFileSync('cargo', ['run', '-q', '--offline', '--locked', '--bin', 'rapport', '--', 'metrics', '--json', ...FILES, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(out);
}

/** Equal documents, numbers to 1e-9 relative (the browser's wasm and the native build may
 *  round a logarithm differently in the last bit); returns the first difference's path. */
function difference(a, b, at = '$') {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? null : `${at}: ${a} vs ${b}`;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? null : `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = difference(a[k], b[k], `${at}.${k}`);
    if (d) return d;
  }
  return null;
}

test('Download figures (JSON) gives the command line document for the same files and filter', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await importFiles(page, FILES);
  // The Sales page under a channel and a period, as a user would have chosen them.
  await page.goto(run.server.url + 'sales?range=custom&from=2024-01-01&to=2024-02-29&channel=web');
  await appReady(page);
  const button = page.getByTestId('download-figures');
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="download-figures"]');
    return b && !b.disabled;
  });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.equal(download.suggestedFilename(), 'rapport-figures-2024-01-01_2024-02-29.json');
  const fromUi = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const fromCli = cli(['--from', '2024-01-01', '--to', '2024-02-29', '--channel', 'web']);
  assert.equal(difference(fromUi, fromCli), null);
  // The document is the filter's: two orders of the web channel in the period.
  assert.equal(fromUi.sales.orders.value, 2);
  assert.ok(Object.keys(fromUi.deals_by).length > 0, 'the deals are broken down');
});
