// A small team's dashboard on GitHub Pages: a workspace published with `rapport publish`
// (or the Data page), served beside the app under a sub-path as GitHub Pages serves it,
// opened read-only with the team passphrase in a fresh browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, openPage, appReady, importFiles, kpi, nav, screenshot, axeViolations, DIST, ROOT } from './fixture.mjs';

const PASSPHRASE = 'correct horse battery staple';
const KPIS = ['kpi-customers', 'kpi-revenue', 'kpi-aov', 'kpi-active', 'kpi-new', 'kpi-repeat-rate', 'kpi-churn', 'kpi-win-rate', 'kpi-csat'];

let browser, work, demo, files;
before(async () => {
  browser = await launchBrowser();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-team-'));
  demo = path.join(work, 'demo');
  rapport(['demo', '--out', demo, '--customers', '300']);
  files = fs.readdirSync(demo).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(demo, f));
});
after(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The terminal twin, through cargo (built by the native tests). */
function rapport(args, input) {
  return execFileSync('cargo', ['run', '-q', '--offline', '--locked', '--bin', 'rapport', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
  });
}

/** `rapport publish` of the demo's files: the workspace's bytes. */
function publish(name, ...options) {
  const out = path.join(work, `${name}.rapport`);
  rapport(['publish', ...files, '--out', out, '--passphrase-file', '-', '--name', 'Ana Lima', ...options], `${PASSPHRASE}\n`);
  return fs.readFileSync(out);
}

/** The build with `workspace` at data/workspace.rapport beside index.html, served under
 *  /rapport/ as GitHub Pages serves a project (404.html for unknown paths). */
async function site(t, workspace) {
  const root = fs.mkdtempSync(path.join(work, 'site-'));
  fs.cpSync(DIST, root, { recursive: true });
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  fs.writeFileSync(path.join(root, 'data/workspace.rapport'), workspace);
  const server = await startServer({ root, prefix: '/rapport/', fallback: 'pages' });
  t.after(() => server.close());
  return { server, root };
}

async function kpis(page) {
  await page.getByTestId('kpi-revenue').waitFor({ timeout: 30_000 });
  const out = {};
  for (const id of KPIS) out[id] = await kpi(page, id);
  return out;
}

/** Types the team passphrase into the bar and opens. */
async function unlock(page, passphrase) {
  await page.getByTestId('team-passphrase').fill(passphrase);
  await page.getByTestId('team-open').click();
}

let reference;
/** The Overview's KPIs for the demo's files imported on the Data page (no team file). */
async function importedDirectly(t) {
  if (reference) return reference;
  const server = await startServer();
  t.after(() => server.close());
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url + 'data');
  await appReady(page);
  await importFiles(page, files);
  await nav(page, 'Overview');
  reference = await kpis(page);
  return reference;
}

test('a workspace published by the command line opens read-only with the team passphrase', async (t) => {
  const expected = await importedDirectly(t);
  const { server } = await site(t, publish('plain', '--date', '2026-07-01'));
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url);
  await appReady(page);
  const prompt = page.getByTestId('team-published');
  await prompt.waitFor();
  assert.equal(
    await prompt.textContent(),
    'Team data published on Jul 1, 2026 by Ana Lima: enter the team passphrase to see it (read-only).',
  );
  // Fetched relative to the app's root, under the sub-path.
  assert.ok(server.log.includes('GET /rapport/data/workspace.rapport'), server.log.join('\n'));
  await screenshot(page, 'team-prompt');
  assert.deepEqual(await axeViolations(page), [], 'the passphrase prompt is accessible');

  // A wrong passphrase changes nothing and says so.
  await unlock(page, 'not the passphrase');
  assert.match(await page.getByTestId('team-error').textContent(), /does not open the team's data/);
  await page.getByTestId('onboarding-demo').waitFor();

  await unlock(page, PASSPHRASE);
  await page.getByTestId('team-read-only').waitFor();
  assert.deepEqual(await kpis(page), expected, 'the same KPIs as the files imported');
  await screenshot(page, 'team-overview');
  assert.deepEqual(await axeViolations(page), [], 'the Team | Mine switch is accessible');

  // Read-only: the Customers page offers no Add, a customer's page no Edit or Delete.
  await nav(page, 'Customers');
  await page.getByTestId('customer-count').waitFor();
  assert.equal(await page.getByTestId('add-customer').count(), 0);
  await page.locator('a[href*="customers/"]').first().click();
  await page.getByTestId('profile').waitFor();
  assert.equal(await page.getByTestId('edit-customer').count(), 0);
  assert.equal(await page.getByTestId('delete-customer').count(), 0);
  await nav(page, 'Overview');
  assert.deepEqual(await kpis(page), expected, 'nothing changed');

  // No import, no delete; one's own data (none) is what the Data page counts.
  await nav(page, 'Data');
  await page.getByTestId('team-read-only-data').waitFor();
  assert.equal(await page.getByTestId('import-input').count(), 0);
  assert.equal(await page.getByTestId('delete-all').isDisabled(), true);
  assert.equal(await page.getByTestId('load-demo').isDisabled(), true);
  assert.equal(await page.getByTestId('publish-card').count(), 0);
  assert.equal(await page.locator('[data-testid="stored-counts"] tr[data-kind="orders"] td').textContent(), '0');

  // Mine: one's own data, which the member can import; Team again: the team's, untouched.
  await page.getByTestId('show-mine').click();
  await importFiles(page, [path.join(ROOT, 'tests/e2e/fixtures/orders.csv')]);
  await nav(page, 'Overview');
  await page.getByTestId('kpi-revenue').waitFor();
  const mine = { 'kpi-revenue': await kpi(page, 'kpi-revenue'), 'kpi-aov': await kpi(page, 'kpi-aov') };
  assert.notEqual(mine['kpi-revenue'], expected['kpi-revenue']);
  await page.getByTestId('show-team').click();
  await page.waitForFunction((v) => document.querySelector('[data-testid="kpi-revenue"] [data-testid="kpi-value"]')?.textContent === v, expected['kpi-revenue']);
  assert.deepEqual(await kpis(page), expected);
  await page.getByTestId('show-mine').click();
  await page.waitForFunction((v) => document.querySelector('[data-testid="kpi-revenue"] [data-testid="kpi-value"]')?.textContent === v, mine['kpi-revenue']);

  // The choice is remembered, the passphrase never: the next visit asks for it again and
  // shows one's own data, stored as it was, until then.
  await page.getByTestId('show-team').click();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes(PASSPHRASE), 'the passphrase is not stored');
  assert.match(stored, /"rapport.team-view":"\{\\"v\\":1,\\"value\\":\\"team\\"\}"/);
  await page.reload();
  await appReady(page);
  await page.getByTestId('team-passphrase').waitFor();
  await page.getByTestId('kpi-revenue').waitFor();
  assert.equal(await kpi(page, 'kpi-revenue'), mine['kpi-revenue']);
  assert.equal(await kpi(page, 'kpi-aov'), mine['kpi-aov']);
});

test('a newer published file is picked up on the next visit', async (t) => {
  const { server, root } = await site(t, publish('first', '--date', '2026-07-01'));
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url);
  await appReady(page);
  await page.getByTestId('team-published').waitFor();
  await unlock(page, PASSPHRASE);
  await page.getByTestId('team-read-only').waitFor();
  // The worker is in charge from now on: it must not answer with a stale copy.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await page.reload();
  await appReady(page);
  await page.getByTestId('team-published').waitFor();
  fs.writeFileSync(path.join(root, 'data/workspace.rapport'), publish('second', '--date', '2026-08-02', '--redact'));
  await page.reload();
  await appReady(page);
  await page.getByText('Team data published on Aug 2, 2026 by Ana Lima').waitFor();
  await unlock(page, PASSPHRASE);
  await page.getByTestId('team-read-only').waitFor();
  assert.match(await page.getByTestId('team-read-only').textContent(), /Redacted/);
});

test('a month published onto the last shows the team what changed since', async (t) => {
  const month = (m) => ['customers', 'deals', 'tickets'].map((k) => path.join(ROOT, 'tests/fixtures/changes', `${k}_2024-${m}.csv`));
  const jan = path.join(work, 'jan.rapport');
  const run = (out, m, ...options) => rapport(['publish', ...month(m), '--out', out, '--passphrase-file', '-', '--name', 'Ana Lima', ...options], `${PASSPHRASE}\n`);
  run(jan, '01', '--date', '2024-02-01');
  const feb = path.join(work, 'feb.rapport');
  run(feb, '02', '--date', '2024-03-01', '--onto', jan);
  const { server } = await site(t, fs.readFileSync(feb));
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url);
  await appReady(page);
  await unlock(page, PASSPHRASE);
  await page.getByTestId('team-read-only').waitFor();
  const card = page.getByTestId('what-changed');
  await card.waitFor();
  assert.match(await card.textContent(), /tickets_2024-02\.csv on Mar 1, 2024, compared/);
  assert.equal(await card.locator('a[data-change="deals_won"]').textContent(), '1');
  assert.equal(await card.locator('a[data-change="lost_customers"]').textContent(), '1');
  const rows = page.getByTestId('import-history').locator('tbody tr');
  assert.equal(await rows.count(), 2);
  // A line opens its rows from the team's data too.
  await card.locator('a[data-change="deals_won"]').click();
  const panel = page.getByTestId('rows-panel');
  await panel.getByTestId('rows-table').locator('tbody tr.vrow').first().waitFor();
  assert.match(await panel.getByTestId('rows-table').textContent(), /Gamma/);
});

/** The rows of a CSV file (quotes as RFC 4180 writes them). */
function csvRows(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') cell += text[++i];
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') rows.at(-1).push(cell), (cell = '');
    else if (c === '\n') rows.at(-1).push(cell), (cell = ''), rows.push([]);
    else if (c !== '\r') cell += c;
  }
  rows.at(-1).push(cell);
  return rows.filter((r) => r.length > 1);
}

/** Every customer name, e-mail address and phone number of the demo's customers file. */
function demoPeople() {
  const [header, ...rows] = csvRows(fs.readFileSync(path.join(demo, 'customers.csv'), 'utf8'));
  const columns = ['name', 'email', 'phone'].map((c) => header.indexOf(c));
  assert.ok(columns.every((c) => c >= 0), header.join());
  return rows.flatMap((r) => columns.map((c) => r[c])).filter((s) => s && s.length >= 4);
}

test('a redacted workspace shows no customer name, e-mail or phone, in the DOM or in the file', async (t) => {
  const people = demoPeople();
  assert.ok(people.length > 500, `${people.length}`);
  const bytes = publish('redacted', '--redact');
  assert.deepEqual(people.filter((p) => bytes.includes(Buffer.from(p))), [], 'in the file');
  const { server } = await site(t, bytes);
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url);
  await appReady(page);
  await unlock(page, PASSPHRASE);
  await page.getByTestId('team-read-only').waitFor();
  assert.match(await page.getByTestId('team-read-only').textContent(), /Redacted: people appear as pseudonyms/);
  const shown = async () => page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
  for (const [name, heading] of [['Overview', 'Overview'], ['Customers', 'Customers'], ['Sales', 'Sales'], ['Support', 'Support'], ['Marketing', 'Marketing'], ['Analysis', 'Analysis']]) {
    await nav(page, name);
    await page.locator('main h1', { hasText: heading }).waitFor();
    await page.waitForTimeout(300);
    const dom = await shown();
    assert.deepEqual(people.filter((p) => dom.includes(p)), [], `on ${name}`);
  }
  // The customer list shows pseudonyms; a customer's page too.
  await nav(page, 'Customers');
  await page.getByText('Customer 0001', { exact: true }).first().waitFor();
  await page.getByText('Customer 0001', { exact: true }).first().click();
  await page.locator('main h1').waitFor();
  await page.waitForTimeout(300);
  const dom = await shown();
  assert.deepEqual(people.filter((p) => dom.includes(p)), [], 'on a customer’s page');
  await screenshot(page, 'team-redacted-customer');
});

test('a damaged or foreign team file is refused with its reason, and the app works without it', async (t) => {
  const good = publish('to-damage');
  const damaged = Buffer.from(good);
  damaged[damaged.length - 40] ^= 1;
  for (const [bytes, reason] of [
    [damaged, /The team's data file is damaged \(a checksum does not match/],
    [fs.readFileSync(path.join(ROOT, 'public/icon-192.png')), /is not a Rapport team workspace/],
  ]) {
    const { server } = await site(t, bytes);
    const { page } = await openPage(t, browser, server);
    await page.goto(server.url);
    await appReady(page);
    const refused = page.getByTestId('team-unreadable');
    await refused.waitFor();
    assert.match(await refused.textContent(), reason);
    assert.equal(await page.getByTestId('team-passphrase').count(), 0);
    await page.getByTestId('onboarding-demo').click();
    await page.getByTestId('kpi-revenue').waitFor({ timeout: 30_000 });
  }
});

test('the Data page publishes a workspace that opens in another browser', async (t) => {
  // The team lead: the demo company, published from the Data page.
  const lead = await startServer();
  t.after(() => lead.close());
  const { page } = await openPage(t, browser, lead);
  await page.goto(lead.url);
  await appReady(page);
  await page.getByTestId('onboarding-demo').click();
  const expected = await kpis(page);
  await nav(page, 'Data');
  await page.getByTestId('publish-open').click();
  await page.getByTestId('publish-name').fill('Bo Chen');
  await page.getByTestId('publish-passphrase').fill(PASSPHRASE);
  await page.getByTestId('publish-repeat').fill('another one');
  await page.getByTestId('publish-write').click();
  assert.match(await page.getByTestId('publish-error').textContent(), /differ/);
  await page.getByTestId('publish-repeat').fill(PASSPHRASE);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('publish-write').click()]);
  assert.equal(download.suggestedFilename(), 'workspace.rapport');
  await page.getByTestId('publish-done').waitFor();
  const bytes = fs.readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 12).toString(), 'RAPPORT-TEAM');

  // A member, in a fresh browser context.
  const { server } = await site(t, bytes);
  const member = await openPage(t, browser, server);
  await member.page.goto(server.url);
  await appReady(member.page);
  await member.page.getByText(/Team data published on .* by Bo Chen/).waitFor();
  await unlock(member.page, PASSPHRASE);
  await member.page.getByTestId('team-read-only').waitFor();
  assert.deepEqual(await kpis(member.page), expected);
});

test('the build copies the repository’s data/workspace.rapport beside index.html, never precached', async (t) => {
  // As a team lead's repository has it (where there is none, one is put there for the
  // test and taken away after).
  const team = path.join(ROOT, 'data/workspace.rapport');
  if (!fs.existsSync(team)) {
    fs.writeFileSync(team, publish('in-repository'));
    t.after(() => fs.rmSync(team, { force: true }));
  }
  const build = fs.mkdtempSync(path.join(work, 'build-'));
  fs.cpSync(DIST, build, { recursive: true });
  fs.rmSync(path.join(build, 'data'), { recursive: true, force: true });
  execFileSync('node', [path.join(ROOT, 'scripts/post-build.mjs'), build], { stdio: 'pipe' });
  assert.deepEqual(fs.readFileSync(path.join(build, 'data/workspace.rapport')), fs.readFileSync(team));
  const worker = fs.readFileSync(path.join(build, 'sw.js'), 'utf8');
  const files = JSON.parse(worker.match(/const FILES = (\[.*\]);/)[1]);
  assert.ok(files.includes('index.html'));
  assert.deepEqual(files.filter((f) => f.startsWith('data/')), [], 'the team file is not precached');
  // Nor is it part of the version: a new team file is not a new app.
  const version = (w) => w.match(/const VERSION = "([0-9a-f]+)"/)[1];
  assert.equal(version(worker), version(fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8')));

  // Served as GitHub Pages serves the build, the app finds it.
  const server = await startServer({ root: build, prefix: '/rapport/', fallback: 'pages' });
  t.after(() => server.close());
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url);
  await appReady(page);
  await page.getByTestId('team-passphrase').waitFor();
});
