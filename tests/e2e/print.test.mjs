// A report to hand over: the page (or every page) printed to PDF by Chromium, read back
// with poppler's pdftotext.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { shared, nav, urlMatches, withDemo as demo, SCREENSHOTS } from './fixture.mjs';

const run = shared();
const withDemo = (t, options) => demo(t, run.browser, run.server, options);

/** The page printed as the browser's "Save as PDF" does (print media), as text. */
async function printedText(page, name) {
  const file = path.join(os.tmpdir(), `rapport-${name}-${process.pid}.pdf`);
  await page.pdf({ path: file, format: 'A4', printBackground: true });
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  fs.copyFileSync(file, path.join(SCREENSHOTS, `${name}.pdf`));
  fs.rmSync(file);
  return text;
}

test('Print report puts the filter, period and as-of on paper, without the controls', async (t) => {
  const { page } = await withDemo(t);
  await nav(page, 'Sales');
  await page.locator('#filter-channel').selectOption({ index: 1 });
  await urlMatches(page, /channel=/);
  const channel = new URL(page.url()).searchParams.get('channel');
  await page.getByTestId('kpi-revenue').waitFor();
  assert.ok(await page.getByTestId('print-report').isVisible(), 'the button is offered');
  const text = await printedText(page, 'print-sales');
  assert.match(text, /Rapport · Period: \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d/);
  assert.ok(text.includes(`channel: ${channel}`), `the filter is printed:\n${text.slice(0, 400)}`);
  assert.match(text, /As of: \d{4}-\d\d-\d\d/);
  assert.match(text, /Net revenue|Revenue/);
  // No navigation chrome or buttons on paper.
  for (const control of ['Download figures', 'Print all pages', 'Skip to content', 'Settings']) {
    assert.ok(!text.includes(control), `${control} is not printed`);
  }
});

test('Print all pages lays out every page with figures, each on its own sheet', async (t) => {
  const { page } = await withDemo(t);
  await page.getByTestId('print-all').click();
  await urlMatches(page, /\/report/);
  assert.equal(await page.getByTestId('report-page').count(), 5);
  await page.getByTestId('print-summary').waitFor();
  const text = await printedText(page, 'print-all');
  const sheets = text.split('\f');
  for (const title of ['Overview', 'Sales', 'Support', 'Marketing', 'Analysis']) {
    const at = sheets.findIndex((s) => new RegExp(`^\\s*${title}\\s*$`, 'm').test(s));
    assert.ok(at >= 0, `${title} is printed as a title`);
  }
  assert.ok(sheets.length >= 5, `${sheets.length} sheets`);
});
