// The app shell: routes, navigation, theme, charts, and a GitHub Pages sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, appReady, screenshot } from './fixture.mjs';

const ROUTES = [
  { path: '', title: 'Overview', nav: 'Overview', empty: true },
  { path: 'customers', title: 'Customers', nav: 'Customers', empty: true },
  { path: 'customers/c-0042', title: 'Customer', nav: 'Customers', empty: true },
  { path: 'sales', title: 'Sales', nav: 'Sales', empty: true },
  { path: 'support', title: 'Support', nav: 'Support', empty: true },
  { path: 'marketing', title: 'Marketing', nav: 'Marketing', empty: true },
  { path: 'analysis', title: 'Analysis', nav: 'Analysis', empty: true },
  { path: 'data', title: 'Data', nav: 'Data', empty: false },
  { path: 'settings', title: 'Settings', nav: 'Settings', empty: false },
];

let server, pagesServer, browser;
before(async () => {
  server = await startServer();
  pagesServer = await startServer({ prefix: '/rapport/', fallback: 'pages' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await pagesServer?.close();
});

// On GitHub Pages a deep link is first answered by 404.html with status 404, which Chromium
// logs as a console error for that address; 404.html then sends the browser to the app.
const answeredBy404 = (url) => [{ text: /status of 404/, url }];

for (const [where, srv] of [
  ['at the root (SPA fallback)', () => server],
  ['under /rapport/ (GitHub Pages 404.html)', () => pagesServer],
]) {
  test(`every route renders from a deep link ${where}, with its empty state`, async (t) => {
    for (const route of ROUTES) {
      await t.test(route.path || '/', async (t) => {
        const s = srv();
        const url = s.url + route.path;
        const { page } = await openPage(t, browser, s, { allowConsole: answeredBy404(url) });
        await page.goto(url);
        await appReady(page);
        assert.equal(page.url(), url, 'the address is the deep link');
        await checkRoute(page, route, s);
        if (s === server) await screenshot(page, `route-${route.path.replaceAll('/', '-') || 'overview'}`);
      });
    }
  });
}

async function checkRoute(page, route, s) {
  assert.equal(await page.locator('main h1').textContent(), route.title);
  const current = page.locator('nav[aria-label="Main"] a[aria-current="page"]');
  assert.equal(await current.textContent(), route.nav);
  const empty = page.getByTestId('empty-state');
  if (route.empty) {
    await empty.waitFor();
    const link = empty.getByRole('link', { name: 'Import data' });
    assert.equal(await link.evaluate((a) => a.href), s.url + 'data');
  } else {
    assert.equal(await empty.count(), 0);
  }
  assert.match(await page.title(), new RegExp(`^${route.title} · Rapport$`));
}

test('the sidebar reaches every page without reloading', async (t) => {
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url);
  await appReady(page);
  await page.evaluate(() => (window.__sameDocument = true));
  for (const route of ROUTES.filter((r) => !r.path.includes('/'))) {
    await page.locator('nav[aria-label="Main"]').getByRole('link', { name: route.nav, exact: true }).click();
    await page.waitForURL(server.url + route.path);
    await page.locator('main h1', { hasText: route.title }).waitFor();
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'navigation reloaded the page');
  }
});

test('an empty state link leads to the data page', async (t) => {
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url + 'sales');
  await appReady(page);
  await page.getByRole('link', { name: 'Import data' }).click();
  await page.waitForURL(server.url + 'data');
  assert.equal(await page.locator('main h1').textContent(), 'Data');
});

test('an unknown address says so', async (t) => {
  const { page } = await openPage(t, browser, server);
  await page.goto(server.url + 'no-such-page');
  await appReady(page);
  assert.equal(await page.locator('main h1').textContent(), 'Page not found');
});

test('the overview draws charts with ECharts served from the app itself', async (t) => {
  const { page } = await openPage(t, browser, server);
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(server.url);
  await appReady(page);
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('overview-revenue-chart').locator('canvas').waitFor();
  assert.ok(requests.includes('/echarts.min.js'), `echarts not loaded locally: ${requests}`);
  assert.equal(await page.evaluate(() => typeof window.echarts?.getInstanceByDom), 'function');
  const instances = await page.evaluate(() => {
    window.__overviewChart = document.querySelector('[data-testid=overview-revenue-chart] .chart__canvas');
    return !!window.echarts.getInstanceByDom(window.__overviewChart);
  });
  assert.ok(instances, 'no ECharts instance on the chart element');
  // Leaving the page disposes the chart (no instance left on the detached element).
  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Sales' }).click();
  await page.locator('main h1', { hasText: 'Sales' }).waitFor();
  assert.equal(await page.evaluate(() => window.__overviewChart.isConnected), false);
  assert.equal(await page.evaluate(() => window.echarts.getInstanceByDom(window.__overviewChart)), undefined);
});

test('the theme follows the system, can be switched in Settings and survives a reload', async (t) => {
  const { page } = await openPage(t, browser, server, { colorScheme: 'dark' });
  await page.goto(server.url + 'settings');
  await appReady(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const darkBg = await bg();
  assert.equal(await page.getByLabel('Same as system').isChecked(), true);
  assert.equal(await page.locator('html').getAttribute('data-dark'), 'true');

  await page.getByLabel('Light').check();
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
  const lightBg = await bg();
  assert.notEqual(lightBg, darkBg, 'light and dark look different');
  await screenshot(page, 'settings-light');

  await page.getByLabel('Dark').check();
  await page.reload();
  await appReady(page);
  assert.equal(await page.getByLabel('Dark').isChecked(), true);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  assert.equal(await bg(), darkBg);
  await page.goto(server.url);
  await appReady(page);
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('overview-revenue-chart').locator('canvas').waitFor();
  await screenshot(page, 'overview-dark');
});

test('dist/ works under a sub-path, with deep links, as on GitHub Pages', async (t) => {
  const deep = pagesServer.url + 'customers/c-0042?tab=orders#timeline';
  const { page } = await openPage(t, browser, pagesServer, { allowConsole: answeredBy404(deep) });
  const seen = [];
  page.on('response', (r) => seen.push([r.status(), new URL(r.url()).pathname]));
  await page.goto(deep);
  await appReady(page);
  assert.equal(page.url(), deep, 'query and hash survive the 404.html round trip');
  assert.equal(await page.locator('main h1').textContent(), 'Customer');
  assert.equal(await page.getByTestId('customer-id').textContent(), 'c-0042');
  // The deep link, and the team workspace this site does not publish (looked for on
  // every visit).
  const expected = ['/rapport/customers/c-0042', '/rapport/data/workspace.rapport'];
  const failed = seen.filter(([status, p]) => status >= 400 && !expected.includes(p));
  assert.deepEqual(failed, [], 'only the deep link itself and the missing team file are 404s');
  for (const name of ['Sales', 'Overview']) {
    await page.locator('nav[aria-label="Main"]').getByRole('link', { name }).click();
    await page.waitForURL(pagesServer.url + (name === 'Sales' ? 'sales' : ''));
  }
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('overview-revenue-chart').locator('canvas').waitFor();
  await page.reload();
  await appReady(page);
  assert.equal(await page.locator('main h1').textContent(), 'Overview');
  await screenshot(page, 'subpath-overview');
});

test('an unknown deep path under the sub-path shows the app’s not-found page', async (t) => {
  const url = pagesServer.url + 'nope';
  const { page } = await openPage(t, browser, pagesServer, { allowConsole: answeredBy404(url) });
  await page.goto(url);
  await appReady(page);
  assert.equal(page.url(), url);
  assert.equal(await page.locator('main h1').textContent(), 'Page not found');
});
