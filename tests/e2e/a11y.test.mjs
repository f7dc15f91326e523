// Accessibility: axe-core (from npm, injected into the page) on every page, with demo data,
// in light and dark. No serious or critical violation is allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shared, openPage, appReady, axeViolations } from './fixture.mjs';

const PAGES = ['', 'customers', 'sales', 'support', 'marketing', 'analysis', 'data', 'settings'];

const run = shared();

const audit = axeViolations;

for (const scheme of ['light', 'dark']) {
  test(`no serious accessibility violations on any page (${scheme})`, async (t) => {
    const { page } = await openPage(t, run.browser, run.server, { colorScheme: scheme });
    await page.goto(run.server.url);
    await appReady(page);
    assert.deepEqual(await audit(page), [], 'the empty overview');
    await page.getByTestId('onboarding-demo').click();
    await page.getByTestId('kpi-revenue').waitFor();
    for (const p of PAGES) {
      await page.goto(run.server.url + p);
      await appReady(page);
      await page.getByTestId('loading').waitFor({ state: 'detached' });
      await page.waitForTimeout(300);
      assert.deepEqual(await audit(page), [], `/${p}`);
    }
  });
}
