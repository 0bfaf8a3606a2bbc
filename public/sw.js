// E-Port Desk service worker: the app works with no network after one visit.
// BUILD_ID, ASSETS and TOOLS are stamped at build time by
// scripts/post-build.mjs; never edit them by hand. The staff console
// (/staff…) is not part of it.
const BUILD_ID = "dev";
const ASSETS = [];
// The tools bundle (诊断, 查询办理进度, 打印表格; see src/routes.rs): cached when
// the app asks, once it is running, so a first visit downloads only the app.
const TOOLS = [];
const TOOL_PATH = /^\/(diagnostics|lookup)\/?$|^\/cases\/[^/]+\/print\/?$/;
const PREFIX = "eport-desk-";
const CACHE = PREFIX + BUILD_ID;

// Trunk's content-hashed names (`name-<hash>.ext`, a 64-bit hash in hex)
// never change content.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.[a-z]+$/;

self.addEventListener("install", (event) => {
  // Every asset of this build. A hashed one may come from the HTTP cache (the
  // page has just downloaded it: no second download); the others are
  // revalidated so a stale HTTP cache cannot slip an old index.html in. No
  // skipWaiting: a new version waits until the user accepts the "新版本可用"
  // banner, so an open draft is never cut off.
  // An update (a version is already active) takes the tools along at once,
  // so what worked offline before keeps working.
  const urls = self.registration.active ? ASSETS.concat(TOOLS) : ASSETS;
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(urls.map(fresh))));
});

function fresh(url) {
  return new Request(url, { cache: HASHED.test(url) ? "default" : "no-cache" });
}

// The tools this cache lacks; a refused or failed download is tried again at
// the app's next start.
async function cacheTools() {
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const url of TOOLS) if (!(await cache.match(url))) missing.push(url);
  if (missing.length) await cache.addAll(missing.map(fresh));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
  if (event.data && event.data.type === "cache-tools") event.waitUntil(cacheTools());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The sync API is never cached: its answers must be the server's, live.
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return;
  // The staff console is another app, online only: never this app's shell.
  if (url.pathname === "/staff" || url.pathname.startsWith("/staff/")) return;
  if (request.mode === "navigate") {
    // Every client route is a page of this build (offline or not), so the
    // page and its hashed assets always belong to the same version. A tool
    // not cached yet comes from the network, or else the app says it needs
    // the network once (src/pages/elsewhere.rs).
    const page = TOOL_PATH.test(url.pathname) ? "/tools.html" : "/";
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const hit = await cache.match(page);
        if (hit) return hit;
        try {
          return await fetch(request);
        } catch (e) {
          const app = page === "/" ? undefined : await cache.match("/");
          if (app) return app;
          throw e;
        }
      })
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request))
    )
  );
});
