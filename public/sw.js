// E-Port Desk service worker: the app works with no network after one visit.
// BUILD_ID and ASSETS are stamped at build time by scripts/post-build.mjs;
// never edit them by hand. The staff console (/staff…) is not part of it.
const BUILD_ID = "dev";
const ASSETS = [];
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
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(
        ASSETS.map((url) => new Request(url, { cache: HASHED.test(url) ? "default" : "no-cache" }))
      )
    )
  );
});

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
    // Every client route is the app shell of this build (offline or not), so
    // the page and its hashed assets always belong to the same version.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match("/").then((hit) => hit || fetch(request))
      )
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request))
    )
  );
});
