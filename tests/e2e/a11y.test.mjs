// Accessibility: axe-core (from npm, injected into the page) on every page, with demo data,
// in light and dark. No serious or critical violation is allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openPage, appReady, ROOT } from './fixture.mjs';

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const PAGES = ['', 'customers', 'sales', 'support', 'marketing', 'analysis', 'data', 'settings'];

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function audit(page) {
  // Evaluated by the test driver: the page's CSP (rightly) refuses an injected <script>.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return result;
}

for (const scheme of ['light', 'dark']) {
  test(`no serious accessibility violations on any page (${scheme})`, async (t) => {
    const { page } = await openPage(t, browser, server, { colorScheme: scheme });
    await page.goto(server.url);
    await appReady(page);
    assert.deepEqual(await audit(page), [], 'the empty overview');
    await page.getByTestId('onboarding-demo').click();
    await page.getByTestId('kpi-revenue').waitFor();
    for (const p of PAGES) {
      await page.goto(server.url + p);
      await appReady(page);
      await page.getByTestId('loading').waitFor({ state: 'detached' });
      await page.waitForTimeout(300);
      assert.deepEqual(await audit(page), [], `/${p}`);
    }
  });
}
