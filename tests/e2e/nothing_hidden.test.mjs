// Nothing hidden: the first look covers the whole history, every record counts (or the page
// says which it leaves out and why), and the filter reaches every figure and survives opening
// a customer. Small fixtures of our own, with hand-counted answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { shared, openPage, appReady, importFiles, nav, urlMatches, kpi, withDemo as demo } from './fixture.mjs';

const run = shared();
const withDemo = (t) => demo(t, run.browser, run.server);

const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });


async function onData(t) {
  const opened = await openPage(t, run.browser, run.server);
  const { page } = opened;
  await page.goto(run.server.url + 'data');
  await appReady(page);
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  return opened;
}

test('the first look covers the whole history and says which dates that is', async (t) => {
  const { page } = await withDemo(t);
  const range = page.getByLabel('Period', { exact: true });
  assert.equal(await range.inputValue(), 'all');
  assert.equal(await page.getByTestId('filter-range').locator('option:checked').textContent(), 'Whole history');
  assert.match(await page.getByTestId('filter-covers').textContent(), /^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$/);
  // A preset says its own dates.
  const whole = await page.getByTestId('filter-covers').textContent();
  await range.selectOption('90d');
  await page.waitForFunction((w) => document.querySelector('[data-testid=filter-covers]').textContent !== w, whole);
  const [from, to] = (await page.getByTestId('filter-covers').textContent()).split(' – ');
  assert.equal((Date.parse(to) - Date.parse(from)) / 86_400_000, 89);
});

test('opening a customer keeps the filter, and Back shows the numbers of the label', async (t) => {
  const { page } = await withDemo(t);
  const whole = await kpi(page, 'kpi-revenue');
  await page.getByLabel('Period', { exact: true }).selectOption('30d');
  await urlMatches(page, /\?range=30d$/);
  await page.waitForFunction((w) => document.querySelector('[data-testid=kpi-revenue] [data-testid=kpi-value]').textContent !== w, whole);
  const month = await kpi(page, 'kpi-revenue');
  // A rate's change against the previous period reads in points, an amount's in percent.
  assert.match(await page.getByTestId('kpi-churn').locator('.kpi__change').textContent(), /^[▲▼]?\s*[+−]?[\d.]+ pts vs previous period/);
  assert.match(await page.getByTestId('kpi-revenue').locator('.kpi__change').textContent(), /^[▲▼]?\s*[+−]?[\d.]+% vs previous period/);
  await page.getByTestId('top-customers').locator('tbody a').first().click();
  await page.getByTestId('customer-kpis').waitFor();
  assert.match(page.url(), /\/customers\/[^?]+\?range=30d$/);
  assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), '30d');
  await page.goBack();
  await page.getByTestId('kpi-revenue').waitFor();
  assert.match(page.url(), /\?range=30d$/);
  assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), '30d');
  assert.equal(await page.getByTestId('filter-range').locator('option:checked').textContent(), 'Last 30 days');
  assert.equal(await kpi(page, 'kpi-revenue'), month);
});

test('the segment filter reaches the customer list', async (t) => {
  const { page } = await withDemo(t);
  await nav(page, 'Customers');
  const count = page.getByTestId('customer-count');
  await count.waitFor();
  assert.equal(await count.textContent(), '2,000 customers');
  const segment = page.getByLabel('Segment', { exact: true });
  const chosen = await segment.locator('option').nth(1).textContent();
  await segment.selectOption({ index: 1 });
  await page.waitForFunction(() => !document.querySelector('[data-testid=customer-count]').textContent.startsWith('2,000'));
  const n = Number((await count.textContent()).replace(/\D/g, ''));
  assert.ok(n > 0 && n < 2000, `${n} customers of ${chosen}`);
  // The export is the list on screen: its rows, its columns, and a name that says the
  // filter and the sort.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-customers').click()]);
  const lines = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  assert.equal(lines.length - 1, n);
  const headers = await page.getByTestId('customer-table').locator('thead th').allTextContents();
  assert.deepEqual(lines[0].replace(/^\uFEFF/, '').split(',').slice(0, headers.length), headers);
  assert.ok(download.suggestedFilename().includes(`_segment-${chosen}_`), download.suggestedFilename());
  assert.match(download.suggestedFilename(), /_revenue-desc\.csv$/);
});

test('an export of another period leaves each kind its figures, and says each one\'s as-of', async (t) => {
  const { page } = await onData(t);
  await importFiles(page, [
    csv('orders_2011.csv', 'order_id,customer_id,order_date,amount\n1,C1,2011-11-01,40\n2,C1,2011-12-09,60\n3,C2,2011-12-01,25\n'),
    csv('tickets_2023.csv', 'ticket_id,customer_id,created_at,channel,status\nT1,C1,2023-06-01 09:00,Email,Open\nT2,C2,2023-05-20 10:00,Chat,Closed\n'),
  ]);
  await nav(page, 'Overview');
  await page.getByTestId('kpi-revenue').waitFor();
  // With one as-of (2023-06-01) for both, the orders' period would be empty of revenue.
  assert.equal(await kpi(page, 'kpi-revenue'), '125.00');
  assert.match(await page.getByTestId('filter-as-of-kinds').textContent(), /Orders 2011-12-09 · Tickets 2023-06-01/);
  await nav(page, 'Support');
  assert.equal(await kpi(page, 'kpi-tickets'), '2');
});

test('tickets without a date count in the volume, the breakdown and the backlog; a period with a start says it leaves them out', async (t) => {
  const { page } = await onData(t);
  const rows = [
    'Ticket ID,Ticket Channel,Ticket Priority,Ticket Status,First Response Time,Time to Resolution',
    '1,Email,High,Closed,2023-06-01 10:00,2023-06-01 12:00',
    '2,Chat,Low,Closed,2023-06-01 11:00,2023-06-02 09:00',
    '3,Email,Low,Open,,',
    '4,Phone,High,Open,,',
    '5,Email,Medium,Pending Customer Response,2023-05-31 08:00,',
  ];
  await importFiles(page, csv('support.csv', rows.join('\n') + '\n'));
  await nav(page, 'Support');
  await page.getByTestId('kpi-tickets').waitFor();
  assert.equal(await kpi(page, 'kpi-tickets'), '5');
  assert.equal(await page.getByTestId('kpi-tickets').getByTestId('kpi-note').textContent(), 'including 2 without a date (open tickets)');
  assert.equal(await kpi(page, 'kpi-backlog'), '3');
  const table = page.getByTestId('tickets-breakdown-table');
  const groups = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]));
  assert.deepEqual(groups, [['Email', '3'], ['Chat', '1'], ['Phone', '1']]);
  // Response times need an opening time, which this export does not have: said, not hidden.
  assert.match(await page.getByTestId('kpi-first-response').textContent(), /5 tickets have no opening time/);
  await page.getByLabel('Period', { exact: true }).selectOption('30d');
  await urlMatches(page, /range=30d/);
  await page.waitForFunction(() => document.querySelector('[data-testid=kpi-tickets] [data-testid=kpi-value]').textContent === '3');
  assert.match(await page.getByTestId('kpi-tickets').getByTestId('left-out').textContent(), /^2 left out: without a date/);
});

test('contacts without an id count as customers and can be opened', async (t) => {
  const { page } = await onData(t);
  await importFiles(page, csv('hill.csv', 'segment,visit,conversion,spend\nWomens E-Mail,1,0,0\nNo E-Mail,0,0,0\nWomens E-Mail,1,1,30\n'));
  await nav(page, 'Overview');
  await page.getByTestId('kpi-customers').waitFor();
  assert.equal(await kpi(page, 'kpi-customers'), '3');
  await nav(page, 'Customers');
  const first = page.getByTestId('customer-table').locator('tbody tr.vrow a').first();
  assert.equal(await first.textContent(), 'hill.csv#1');
  await first.click();
  assert.equal(await page.getByTestId('customer-id').textContent(), 'hill.csv#1');
  // What the campaign did with this contact.
  assert.match(await page.getByTestId('timeline').textContent(), /Womens E-Mail: responded yes, converted no/);
});
