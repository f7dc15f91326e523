// Trunk post-build hook (Trunk.toml): runs over the finished build in $TRUNK_STAGING_DIR
// (or the directory given as the first argument) before Trunk moves it to dist/.
// 1. Every HTML page gets a Content-Security-Policy <meta> as its first child of <head>
//    (GitHub Pages sets no headers), allowing the page's own inline scripts by their SHA-256.
// 2. sw.js is written from scripts/sw.js with the list of files to precache and a version
//    that is the hash of all of them, so any change to the build is a new service worker.
// 3. The team's workspace, when the repository has one (data/workspace.rapport, written by
//    `rapport publish` or the Data page), is copied to the same place in the build, beside
//    index.html, where the app looks for it. It is not part of the app: never precached
//    (sw.js asks the network for it first) and not in the version's hash.
// Node built-ins only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
const sha256 = (data, encoding) => crypto.createHash('sha256').update(data).digest(encoding);

// `trunk serve` appends its live-reload script and rewrites it per request (the address),
// so its hash cannot be known here: serve builds allow inline scripts instead (dev only).
const TRUNK_RELOAD = '.well-known/trunk/ws';

/** The policy of one HTML page: only this origin, and inline scripts by hash. */
function policy(html) {
  const scripts = [...html.replace(/\r\n?/g, '\n').matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)];
  const dev = scripts.some((m) => m[1].includes(TRUNK_RELOAD));
  const inline = dev ? ["'unsafe-inline'"] : scripts.map((m) => `'sha256-${sha256(m[1], 'base64')}'`);
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${inline.join(' ')}`.trim(),
    // Styles: the origin's stylesheets, and inline style attributes because ECharts builds
    // its tooltips as HTML with style="..." (their text is escaped by ECharts; no code of
    // ours writes HTML). A style cannot run code, and img-src/connect-src keep CSS from
    // reaching another site.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    // The import's Web Workers and the page's helper (rapport-worker_loader.js and
    // rapport-extras_loader.js, from this origin).
    "worker-src 'self'",
    "object-src 'none'",
    // index.html inserts <base href> (the app root on this origin) before anything loads.
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i;

function protect(file) {
  const html = fs.readFileSync(file, 'utf8').replace(CSP_META, '');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(html)}" />`;
  // Right after <meta charset> (which must come first), before any script or <base>.
  const out = html.replace(/<meta charset="utf-8" \/>(\s*)/i, (tag, ws) => `${tag}${meta}${ws}`);
  if (out === html) throw new Error(`${file}: no <meta charset="utf-8" />`);
  fs.writeFileSync(file, out);
}

function files(root, rel = '') {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? files(root, p) : [p];
  });
}

const TEAM = 'data/workspace.rapport';
const team = path.join(here, '..', TEAM);
if (fs.existsSync(team)) {
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.copyFileSync(team, path.join(dir, TEAM));
}

const all = files(dir).sort();
for (const f of all.filter((f) => f.endsWith('.html'))) protect(path.join(dir, f));

// The app shell: everything but the worker itself, the GitHub Pages 404 redirect pages
// (with a worker in charge, navigations are answered with index.html) and the team's data.
const shell = all.filter((f) => f !== 'sw.js' && !f.endsWith('404.html') && !f.startsWith('data/'));
const workers = ['rapport-worker_loader.js', 'rapport-worker_bg.wasm', 'rapport-extras_loader.js', 'rapport-extras_bg.wasm'];
for (const need of ['index.html', 'manifest.webmanifest', 'echarts.min.js', ...workers]) {
  if (!shell.includes(need)) throw new Error(`${dir}: ${need} missing from the build`);
}
const version = sha256(shell.map((f) => `${f}\0${sha256(fs.readFileSync(path.join(dir, f)), 'hex')}\n`).join(''), 'hex').slice(0, 16);
const worker = fs
  .readFileSync(path.join(here, 'sw.js'), 'utf8')
  .replace('"__VERSION__"', JSON.stringify(version))
  .replace('["__FILES__"]', JSON.stringify(shell));
if (worker.includes('__VERSION__') || worker.includes('__FILES__')) throw new Error('scripts/sw.js: placeholders not found');
fs.writeFileSync(path.join(dir, 'sw.js'), worker);
console.log(`post-build: CSP in ${all.filter((f) => f.endsWith('.html')).join(', ')}; sw.js ${version} precaches ${shell.length} files`);
