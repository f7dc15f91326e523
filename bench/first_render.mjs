// First render benchmark (not a test; not part of `make test`): opens the empty app (a fresh
// browser context each time: nothing cached, nothing stored) at its Overview in headless
// Chromium and reports, from navigation start, medians (and min–max) of:
//
//   wasm in        the main wasm's last byte received (resource timing)
//   first paint    the first contentful paint (the page is blank until the app renders)
//   heading        the Overview's heading in the DOM (a MutationObserver)
//
// Usage: node bench/first_render.mjs [DIST ...]   (default dist/). Several builds are measured
// in turns (run 1 of each, then run 2 of each, ...), so a change of the machine's load falls
// on all of them alike. The files are served from localhost, gzipped as GitHub Pages sends
// them; without NET the figures are the fetch, compile and first render, not a network's
// transfer time.
// Env: RUNS (per build; default 7), NET=MBIT (a network of MBIT Mbit/s down and 40 ms of
// latency, Chromium's emulation).
import path from 'node:path';
import { startServer, launchBrowser } from '../tests/e2e/fixture.mjs';

const dists = (process.argv.length > 2 ? process.argv.slice(2) : ['dist']).map((d) => path.resolve(d));
const RUNS = Number(process.env.RUNS ?? 7);
const NET = Number(process.env.NET ?? 0);

const watchHeading = () => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('main h1')) {
      window.__headingAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function once(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  if (NET) {
    const cdp = await context.newCDPSession(page);
    const bytes = (NET * 1e6) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 40,
      downloadThroughput: bytes,
      uploadThroughput: bytes,
    });
  }
  await page.addInitScript(watchHeading);
  await page.goto(server.url);
  await page.locator('main h1').first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const t = await page.evaluate(() => ({
    wasm: performance
      .getEntriesByType('resource')
      .find((r) => /rapport-web-[^/]*_bg\.wasm$/.test(r.name))?.responseEnd,
    paint: performance.getEntriesByName('first-contentful-paint')[0].startTime,
    heading: window.__headingAt,
  }));
  await context.close();
  return t;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const show = (xs) => `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;

const browser = await launchBrowser();
const servers = [];
for (const root of dists) servers.push(await startServer({ root, gzip: true }));
const results = dists.map(() => []);
try {
  // One load of each build first, untimed: the server gzips each file at its first request.
  for (const server of servers) await once(browser, server);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, server] of servers.entries()) results[i].push(await once(browser, server));
  }
} finally {
  await browser.close();
  for (const s of servers) await s.close();
}
for (const [i, dist] of dists.entries()) {
  const r = results[i];
  console.log(`${dist} (${RUNS} runs${NET ? `, ${NET} Mbit/s` : ''}, ms from navigation start: median (min–max))`);
  console.log(`  wasm in      ${show(r.map((x) => x.wasm))}`);
  console.log(`  first paint  ${show(r.map((x) => x.paint))}`);
  console.log(`  heading      ${show(r.map((x) => x.heading))}`);
}
