// Rapport's service worker: the app keeps working offline after one visit.
// scripts/post-build.mjs fills in VERSION (a hash of the whole build) and FILES (the app
// shell, relative to the worker's scope), and writes the result as sw.js next to index.html.
//
// - install: precache every file of this build in the cache "rapport-VERSION" (bypassing the
//   HTTP cache, so a cached old file never lands in a new version's cache);
// - activate: delete every other "rapport-" cache (an update strands no one on an old one)
//   and take control of open pages;
// - fetch: network first, this version's cache when the network fails. Online, the app is
//   exactly what the server has; offline, it is this version, whole. Navigations to any
//   route get index.html (routes are client side; index.html finds the app root itself).
// - the team's workspace (data/workspace.rapport, published beside the app and sealed with
//   the team's passphrase) is not part of a version: never precached, always asked of the
//   network first (revalidated), so a newer one is seen at once. Its last copy is kept in a
//   cache of its own, "rapport-team", for offline visits; a site that no longer has one
//   drops it. Offline without a copy, it answers 404, as a site without one does.
const VERSION = "__VERSION__";
const FILES = ["__FILES__"];
const CACHE = `rapport-${VERSION}`;
const TEAM = "data/workspace.rapport";
const TEAM_CACHE = "rapport-team";
const scope = self.registration.scope;
const inScope = (url) => new URL(url, scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(FILES.map((f) => new Request(inScope(f), { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("rapport-") && key !== CACHE && key !== TEAM_CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope)) return;
  const file = new URL(request.url).pathname.slice(new URL(scope).pathname.length);
  if (file === TEAM) {
    event.respondWith(teamWorkspace(request));
    return;
  }
  const shell = request.mode === "navigate" && !FILES.includes(file);
  event.respondWith(networkFirst(shell ? inScope("index.html") : request));
});

async function teamWorkspace(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    // Offline: the last copy, else as if the site had none.
    const kept = await caches.match(inScope(TEAM), { cacheName: TEAM_CACHE });
    return kept ?? new Response(null, { status: 404, statusText: "Offline" });
  }
  const html = (response.headers.get("content-type") ?? "").startsWith("text/html");
  if (response.ok && !html) await (await caches.open(TEAM_CACHE)).put(inScope(TEAM), response.clone());
  else await caches.delete(TEAM_CACHE); // the site has none (404, or the app's page instead)
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) return response;
    return (await fromCache(request)) ?? response;
  } catch (offline) {
    const cached = await fromCache(request);
    if (cached) return cached;
    throw offline;
  }
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  return cache.match(request, { ignoreSearch: true });
}
