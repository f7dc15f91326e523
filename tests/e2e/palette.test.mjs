// The command palette (Ctrl/Cmd+K): a modal dialog with a combobox to jump to pages and
// customers, driven by the keyboard; focus stays inside while open and comes back after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shared, openPage, appReady, screenshot, axeViolations } from './fixture.mjs';


const run = shared();

const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

test('Ctrl+K jumps to a page and to a customer with the keyboard; Esc closes and gives the focus back', async (t) => {
  const { page } = await openPage(t, run.browser, run.server);
  await page.goto(run.server.url);
  await appReady(page);
  await page.getByTestId('onboarding-demo').click();
  await page.getByTestId('kpi-revenue').waitFor();

  const dialog = page.getByRole('dialog', { name: 'Go to' });
  const input = page.getByRole('combobox', { name: 'Page or customer' });
  const options = page.getByRole('listbox').getByRole('option');
  assert.equal(await dialog.isVisible(), false);

  // Open from a known focus; Esc closes and the focus comes back to it.
  await page.getByTestId('filter-range').focus();
  await page.keyboard.press('Control+k');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await focusedId(page), 'palette-input');
  // Every page is listed before anything is typed, the first one chosen.
  assert.deepEqual(await options.locator('.palette__label').allTextContents(),
    ['Overview', 'Customers', 'Sales', 'Support', 'Marketing', 'Analysis', 'Data', 'Settings']);
  assert.equal(await input.getAttribute('aria-activedescendant'), 'palette-option-0');
  // Tab does not leave the dialog.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedId(page), 'palette-input');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await focusedId(page), 'filter-range');

  // Type and Enter: to the Sales page.
  await page.keyboard.press('Control+k');
  await input.fill('sales');
  // Pages come before customers.
  assert.equal(await options.first().locator('.palette__label').textContent(), 'Sales');
  await page.keyboard.press('Enter');
  await page.locator('main h1', { hasText: 'Sales' }).waitFor();
  assert.equal(await dialog.isVisible(), false);

  // Customers by ID (the demo's IDs are C00001, C00002, ... in data order).
  await page.keyboard.press('Control+k');
  await input.fill('c0004');
  // Ten customers' IDs start with C0004, at most eight are listed.
  assert.equal(await options.count(), 8);
  await screenshot(page, 'palette');
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], 'axe with the palette open');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await input.getAttribute('aria-activedescendant'), 'palette-option-1');
  assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
  const detail = await options.nth(1).locator('.palette__detail').textContent();
  const id = detail.split(' · ')[0];
  assert.equal(id, 'C00041');
  await page.keyboard.press('Enter');
  await page.getByTestId('customer-id').filter({ hasText: id }).waitFor();
  assert.match(page.url(), /\/customers\/C00041$/);

  // Nothing found says so; the button opens it too.
  await page.getByTestId('palette-open').click();
  await input.fill('no such thing at all');
  assert.equal(await options.count(), 0);
  await page.getByText('Nothing matches.').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await focusedId(page), '', 'the button has no id, but it has the focus');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'palette-open');
});
