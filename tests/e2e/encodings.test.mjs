// Files that are not UTF-8 (GBK, Windows-1252, UTF-16) import through the Data page as
// UTF-8 ones do. The page's module has no decoder for them (`import::decode_utf8`): a Web
// Worker decodes each (`workers::transcode`), whatever `?workers=` says about the parse, and
// the page analyses the text it sends back: the card names the file's encoding and shows the
// first rows in their own characters, and a file that decodes to nothing usable is refused
// with its name, as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shared, openPage, appReady, importPicked } from './fixture.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/import');
const fixture = (name) => path.join(FIXTURES, name);

const run = shared();

/** The Data page (with `query`), and a count of the Web Workers it starts. */
async function openData(t, query = '') {
  const { page } = await openPage(t, run.browser, run.server);
  const workers = { started: 0 };
  page.on('worker', () => workers.started++);
  await page.goto(`${run.server.url}data${query}`);
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  return { page, workers };
}

const stored = (page, kind) => page.locator(`[data-testid=stored-counts] tr[data-kind=${kind}] td`).textContent();

/** The card of the file named `name`: encoding, kind, rows, the preview's first row. */
async function card(page, name) {
  const card = page.getByTestId('file-card').filter({ has: page.getByRole('heading', { name, exact: true }) });
  await card.waitFor();
  return {
    encoding: await card.getByTestId('encoding').textContent(),
    kind: await card.getAttribute('data-kind'),
    rows: await card.getByTestId('row-count').textContent(),
    first: (await card.locator('.preview tbody tr').first().locator('td').allTextContents()).map((s) => s.trim()),
  };
}

const pick = (page, files) => page.getByLabel('Choose CSV files…').setInputFiles(files);

for (const query of ['', '?workers=1']) {
  test(`a GBK file is decoded by a worker and imports with its Chinese text (${query || 'default'})`, async (t) => {
    const { page, workers } = await openData(t, query);
    await pick(page, fixture('gbk_customers.csv'));
    const gbk = await card(page, 'gbk_customers.csv');
    assert.equal(gbk.encoding, 'GBK');
    assert.equal(gbk.kind, 'customers');
    assert.equal(gbk.rows, '3');
    assert.deepEqual(gbk.first.slice(0, 2), ['001', '张三']);
    assert.equal(workers.started, 1, 'one worker decoded the file');
    await importPicked(page);
    assert.equal(await stored(page, 'customers'), '3');
    await page.goto(`${run.server.url}customers`);
    await appReady(page);
    await page.getByText('王五客户', { exact: true }).waitFor();
  });
}

test('Windows-1252 and UTF-16 files keep their accents; a UTF-8 file needs no worker', async (t) => {
  const { page, workers } = await openData(t);
  await pick(page, [fixture('cp1252_customers.csv'), fixture('utf16le_orders.txt')]);
  const cp1252 = await card(page, 'cp1252_customers.csv');
  assert.equal(cp1252.encoding, 'windows-1252');
  assert.ok(cp1252.first.includes('José Müller'), cp1252.first.join('|'));
  const utf16 = await card(page, 'utf16le_orders.txt');
  assert.equal(utf16.encoding, 'UTF-16LE (BOM)');
  assert.equal(utf16.kind, 'orders');
  assert.ok(utf16.first.includes('茶叶'), utf16.first.join('|'));
  assert.equal(workers.started, 2, 'a worker for each');
  await importPicked(page);
  assert.equal(await stored(page, 'orders'), '2');

  const { page: again, workers: none } = await openData(t);
  await pick(again, fixture('chinese_orders.csv'));
  assert.equal((await card(again, 'chinese_orders.csv')).encoding, 'UTF-8');
  assert.equal(none.started, 0, 'UTF-8 is read by the page itself');
});

test('a UTF-16 file that decodes to control characters is refused with its name', async (t) => {
  const { page } = await openData(t);
  const text = '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008'.repeat(8);
  const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await pick(page, { name: 'odd.csv', mimeType: 'text/csv', buffer });
  const alert = page.getByTestId('file-card').getByRole('alert');
  assert.match(await alert.textContent(), /odd\.csv cannot be imported: .*binary data/);
});
