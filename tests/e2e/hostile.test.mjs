// Hostile input made harmless. Cells: a crafted file of each kind (fixtures/hostile_*.csv:
// <script>, <img onerror>, javascript: URLs, an attribute breakout, a 10,000-character
// name, an RTL override, zero-width characters, a spreadsheet formula) is imported and every
// page is visited: no dialog, no element or handler from the data, no javascript: link, no
// page wider than the window, RTL text isolated, tooltips showing the text literally.
// Files: binary, .xlsx renamed .csv, 10,000 columns, one 50 MB line, a quote never closed
// and a 300 MB file (generated in a temp dir) each give a clear message naming the file,
// and what was stored before survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shared, openPage, appReady, screenshot } from './fixture.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name) => path.join(FIXTURES, name);
const KINDS = ['customers', 'orders', 'deals', 'tickets', 'campaigns'];
const IMG = '<img src=x onerror="window.__xss=2;alert(2)">';
const SCRIPT = '<script>window.__xss=1;alert(1)</script>';
const LONG = 'W'.repeat(10_000);

const run = shared();

/** A page that records every dialog (alert, confirm, prompt) instead of showing it. */
async function open(t) {
  const opened = await openPage(t, run.browser, run.server);
  const dialogs = [];
  opened.page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  t.after(() => assert.deepEqual(dialogs, [], 'no dialog may fire'));
  return { ...opened, dialogs };
}

async function goto(page, route) {
  await page.goto(run.server.url + route);
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
}

/** Everything that would make data active, found in the DOM. */
async function assertInert(page, where) {
  const found = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (a.name.startsWith('on')) bad.push(`${el.tagName} ${a.name}`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && /^\s*javascript:/i.test(a.value)) {
          bad.push(`${el.tagName} ${a.name}=${a.value}`);
        }
      }
    }
    for (const img of document.querySelectorAll('img')) bad.push(`img src=${img.getAttribute('src')}`);
    for (const s of document.querySelectorAll('script')) if (/__xss/.test(s.textContent)) bad.push('script from data');
    for (const s of document.querySelectorAll('svg')) if (s.closest('main') && /onload/.test(s.outerHTML)) bad.push('svg from data');
    if (window.__xss !== undefined) bad.push(`window.__xss = ${window.__xss}`);
    // Long cells wrap or are cut: the page never scrolls sideways.
    const wide = document.documentElement.scrollWidth - window.innerWidth;
    if (wide > 1) {
      // Name the innermost elements that stick out.
      const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
      const innermost = out.filter((e) => !out.some((o) => o !== e && e.contains(o))).slice(0, 3);
      bad.push(`page ${wide}px wider than the window: ${innermost.map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`).join(' ')}`);
    }
    // An RTL override in data only ever sits in a bidi island (bdi, an isolated cell, or
    // U+2068…U+2069 from the chart labels), so it cannot reorder the UI around it.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent;
      if (!text.includes('\u202E')) continue;
      const parent = n.parentElement;
      const bidi = getComputedStyle(parent).unicodeBidi;
      const isolated = ['isolate', 'plaintext', 'isolate-override'].includes(bidi) || parent.tagName === 'OPTION';
      const bracketed = /^\u2068[^\u2069]*\u202E[^\u2069]*\u2069/.test(text.slice(text.indexOf('\u2068')));
      if (!isolated && !bracketed) bad.push(`RTL override in <${parent.tagName.toLowerCase()} class="${parent.className}"> not isolated`);
    }
    return bad;
  });
  assert.deepEqual(found, [], where);
}

test('hostile cells render as inert text on every page, in tooltips and in exports', async (t) => {
  const { page } = await open(t);
  await goto(page, 'data');
  await page.getByLabel('Choose CSV files…').setInputFiles(KINDS.map((k) => fixture(`hostile_${k}.csv`)));
  await page.getByTestId('file-card').nth(4).waitFor();
  // The import preview shows the cells as text.
  const cards = page.getByTestId('file-card');
  assert.ok((await cards.first().textContent()).includes(SCRIPT), 'preview shows <script> literally');
  await assertInert(page, 'import preview');
  await screenshot(page, 'hostile-data-preview');
  await page.getByTestId('import-button').click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor();
  assert.equal(await summary.locator('tr[data-kind=customers] [data-col=created]').textContent(), '8');
  assert.equal(await summary.locator('tr[data-kind=orders] [data-col=created]').textContent(), '48');
  await assertInert(page, 'import report');

  for (const route of ['', 'customers', 'sales', 'support', 'marketing', 'analysis', 'data', 'settings']) {
    await goto(page, route);
    // Charts have drawn; their data tables are made once opened.
    await page.waitForTimeout(0);
    await page.locator('main .chart__canvas canvas').first().waitFor({ timeout: 10_000 }).catch(() => {});
    for (const d of await page.locator('details.chart__data').all()) {
      await d.locator('summary').click();
      await d.locator('table').waitFor();
    }
    await assertInert(page, `/${route}`);
    await screenshot(page, `hostile-${route || 'overview'}`);
  }

  // Every customer page: profile, extra fields, timeline.
  for (let i = 1; i <= 8; i++) {
    await goto(page, `customers/H${i}`);
    await page.getByTestId('profile').waitFor();
    await page.getByTestId('timeline').locator('li').first().waitFor();
    await assertInert(page, `/customers/H${i}`);
    if (i === 2 || i === 4 || i === 6) await screenshot(page, `hostile-customer-H${i}`);
  }
  await goto(page, 'customers/H2');
  const profile = page.getByTestId('profile');
  assert.equal(await profile.locator('dt:text-is("Name") + dd').textContent(), IMG);
  assert.equal(await profile.locator('dt:text-is("website") + dd').textContent(), 'javascript:window.__xss=3;alert(3)');
  assert.ok((await page.getByTestId('timeline').textContent()).includes(IMG));

  // The customer list: cut with an ellipsis, the whole text in the title; searchable.
  await goto(page, 'customers');
  const table = page.getByTestId('customer-table');
  assert.equal(await table.locator(`td[title="${LONG}"]`).count(), 2, 'the name of H6 and the city of H5: whole in the title');
  const cellWidth = await table.locator(`td[title="${LONG}"]`).first().evaluate((td) => td.getBoundingClientRect().width);
  assert.ok(cellWidth <= 260, `the long name is cut (${cellWidth}px)`);
  await page.keyboard.press('/');
  await page.keyboard.type('<img');
  await page.getByTestId('customer-count').filter({ hasText: /^1 customers$/ }).waitFor();
  assert.ok((await table.locator('tbody').textContent()).includes(IMG));
  await assertInert(page, 'customer search');
  await page.getByTestId('customer-search').fill('');

  // Export: the formula is neutralised, the markup kept as text.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-customers').click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(csv.includes(`H7,"'=HYPERLINK(""http://evil.example"",""x"")"`), 'formula neutralised');
  assert.ok(csv.includes(`H1,${SCRIPT}`), 'markup exported as text');

  // Tooltips: hover each bar of the revenue-by-category chart; the labels are the hostile
  // strings (cut at 40 characters) and show literally.
  await goto(page, 'sales');
  const chart = page.getByTestId('sales-category-chart').locator('.chart__canvas');
  await chart.scrollIntoViewIfNeeded();
  await chart.locator('canvas').first().waitFor();
  // Once the model's figures are in and the chart drawn with them (a redraw, or bars still
  // growing, moves them from under the mouse and hides the tooltip).
  await page.waitForFunction(() => document.querySelector('[data-testid=download-figures]')?.disabled === false);
  await chart.evaluate((el) => new Promise((done) => {
    echarts.getInstanceByDom(el).on('finished', done);
    setTimeout(done, 3000);
  }));
  const bars = await chart.evaluate((el) => echarts.getInstanceByDom(el).getOption().series[0].data.length);
  assert.equal(bars, 8, 'one bar per hostile category');
  const tips = [];
  for (let i = 0; i < bars; i++) {
    const at = await chart.evaluate((el, i) => {
      const c = echarts.getInstanceByDom(el);
      const value = c.getOption().series[0].data[i];
      const [x, y] = c.convertToPixel({ seriesIndex: 0 }, [value / 2, i]);
      const r = el.getBoundingClientRect();
      return { x: r.left + x, y: r.top + y };
    }, i);
    const tip = await chart.evaluateHandle((el) => [...el.children].find((c) => !c.querySelector('canvas')));
    const shown = (tip) => tip && tip.style.display !== 'none' && tip.textContent.trim() !== '';
    // Moved onto the bar (again, from beside it, if a late redraw hid the tooltip).
    for (let attempt = 0; ; attempt++) {
      await page.mouse.move(at.x - 3, at.y);
      await page.mouse.move(at.x, at.y);
      const ok = await page.waitForFunction(shown, tip, { timeout: 5_000 }).then(() => true, () => false);
      if (ok) break;
      assert.ok(attempt < 4, `the tooltip of bar ${i} shows`);
    }
    await page.waitForTimeout(50);
    tips.push(await tip.evaluate((tip) => ({ text: tip.textContent, elements: [...tip.querySelectorAll('*')].map((e) => e.tagName) })));
    if (i === 0) await screenshot(page, 'hostile-tooltip');
  }
  const all = tips.map((t) => t.text).join('\n');
  assert.ok(all.includes('<img src=x onerror="window.__xss=2;alert'), all);
  assert.ok(all.includes('<script>window.__xss=1;alert(1)</script'), all);
  assert.ok(all.includes('"><svg onload="window.__xss=8;alert(8)">'), all);
  assert.ok(all.includes(`${'W'.repeat(40)}…`), 'the long label is cut');
  for (const t of tips) assert.deepEqual(t.elements.filter((e) => !['DIV', 'SPAN', 'BR'].includes(e)), [], t.text);
  await assertInert(page, 'tooltips');
});

/** Writes `size` bytes: `head`, then `fill` repeated. */
function writeFile(file, head, fill, size) {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, head);
  let written = Buffer.byteLength(head);
  const chunk = Buffer.from(fill.repeat(Math.ceil((1 << 20) / fill.length)));
  while (written < size) {
    const n = Math.min(chunk.length, size - written);
    fs.writeSync(fd, chunk, 0, n);
    written += n;
  }
  fs.closeSync(fd);
}

test('hostile files each say what is wrong, and what was stored survives', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-hostile-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name) => path.join(dir, name);
  // Deterministic noise with NUL bytes.
  let x = 12345;
  const noise = Buffer.alloc(64 * 1024, 0).map(() => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
  fs.writeFileSync(file('noise.csv'), noise);
  fs.writeFileSync(file('workbook.csv'), Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00\x08\x00', 'latin1'), noise]));
  const header = Array.from({ length: 10_000 }, (_, i) => `c${i + 1}`).join(',');
  fs.writeFileSync(file('wide.csv'), `${header}\n${Array(10_000).fill('1').join(',')}\n`);
  writeFile(file('oneline.csv'), 'id,note\n1,', 'x', 50_000_000);
  let rows = 'id,name,note\n1,Ann,fine\n2,Bob,"never closed\n';
  for (let i = 3; i < 5000; i++) rows += `${i},N${i},text\n`;
  fs.writeFileSync(file('quotes.csv'), rows);
  writeFile(file('huge.csv'), 'order_id,order_date,amount\n', '1,2024-01-01,10.00\n', 300_000_000);

  const { page } = await open(t);
  await goto(page, 'data');
  await page.getByLabel('Choose CSV files…').setInputFiles(fixture('orders.csv'));
  await page.getByTestId('import-button').click();
  await page.getByTestId('import-summary').waitFor();
  const stored = (kind) => page.locator(`[data-testid=stored-counts] tr[data-kind=${kind}] td`).textContent();
  assert.equal(await stored('orders'), '4');

  const cases = [
    ['noise.csv', /noise\.csv cannot be imported: the file is not a CSV text file: it looks like binary data\./],
    ['workbook.csv', /workbook\.csv cannot be imported: .*an Excel workbook \(\.xlsx\).*save it as CSV/],
    ['wide.csv', /wide\.csv cannot be imported: the header row \(line 1\) has 10000 columns; Rapport reads at most 1000/],
    ['oneline.csv', /oneline\.csv cannot be imported: the row starting on line 2 is 50 MB long; rows may be at most 1\.0 MB/],
    ['quotes.csv', /quotes\.csv cannot be imported: a quote opened on line 3 in column "note" is never closed/],
    ['huge.csv', /huge\.csv cannot be imported: the file is 300 MB; Rapport reads files up to 250 MB/],
  ];
  for (const [name, message] of cases) {
    await page.getByLabel('Choose CSV files…').setInputFiles(file(name));
    const card = page.getByTestId('file-card').filter({ hasText: name });
    await card.getByTestId('file-error').waitFor({ timeout: 60_000 });
    assert.match(await card.getByTestId('file-error').textContent(), message);
    // The tab still answers.
    assert.equal(await page.evaluate(() => 1 + 1), 2);
  }
  await screenshot(page, 'hostile-files');
  // Nothing can be imported from them: the Import button stays off.
  assert.equal(await page.getByTestId('import-button').isDisabled(), true);
  assert.equal(await stored('orders'), '4');
  await page.reload();
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  assert.equal(await stored('orders'), '4', 'the earlier import is intact after reload');
  assert.equal(await stored('customers'), '3');
});
