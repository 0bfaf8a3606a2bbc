// A first visit as a phone on a slow link sees it, against the real server:
// - wire bytes: every response the browser received from navigation until the
//   service worker has installed (its precache included), as Chromium counted
//   them (Playwright's request sizes are CDP's Network.loadingFinished
//   encodedDataLength: headers and the body as sent, compressed);
// - time to the shell (first contentful paint: the static panel) and to
//   interactive (the app's own heading in #main, as the loopback figure),
//   under CDP network emulation (Slow 4G) and 4× CPU slowdown.
import { chromium } from '@playwright/test';
import { startServer } from '../../e2e/tools/server.mjs';
import { CPU_SLOWDOWN, SLOW_4G, slowLink } from '../../e2e/tools/slow-link.mjs';
import { median } from './loads.mjs';

const RUNS = 5;
const launch = { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] };

const recordInteractive = () => {
  const mark = () => {
    if (!window.__interactive && document.querySelector('#main h1')) window.__interactive = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
};

/**
 * Polls `predicate(arg)` in the page until it is true. Playwright's
 * waitForFunction does not await an async predicate (its promise is truthy),
 * so it cannot wait for the service worker or the cache.
 */
async function until(page, predicate, arg, failure, timeout) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(predicate, arg))) {
    if (Date.now() > end) throw new Error(failure);
    await page.waitForTimeout(100);
  }
}

/** Whether the service worker's cache holds every file of the tools bundle. */
const toolsCached = async (tools) => {
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    if ((await Promise.all(tools.map((u) => cache.match(u)))).every(Boolean)) return true;
  }
  return false;
};

/**
 * Every response of one cold visit to `path`, until the service worker is
 * active (enterprise app) or the page is interactive (staff). For the
 * enterprise app, `after` is what the worker fetched next: the tools bundle
 * (诊断, 查询办理进度, 打印表格), which the app asks it to cache once running.
 */
async function wireBytes(browser, base, path, { serviceWorker }) {
  const context = await browser.newContext();
  await context.addInitScript(recordInteractive);
  let files = [];
  context.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => null);
    const response = await request.response().catch(() => null);
    if (!sizes || !response) return;
    files.push({
      url: new URL(request.url()).pathname,
      by: request.serviceWorker() ? 'service worker' : 'page',
      status: response.status(),
      encoding: (await response.headerValue('content-encoding')) ?? '',
      bytes: sizes.responseHeadersSize + sizes.responseBodySize,
    });
  });
  const page = await context.newPage();
  await page.goto(base + path);
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 60_000 });
  if (serviceWorker) {
    await until(page, async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', null, 'the service worker was not active within 60 s', 60_000);
  }
  // Let the last requestfinished handlers read their sizes.
  await page.waitForTimeout(500);
  const install = files;
  files = [];
  if (serviceWorker) {
    const sw = await (await context.request.get(base + '/sw.js')).text();
    const tools = JSON.parse(sw.match(/^const TOOLS = (.*);$/m)[1]);
    await until(page, toolsCached, tools, 'the service worker did not cache the tools within 120 s', 120_000);
    await page.waitForTimeout(500);
  }
  const after = files;
  await context.close();
  const sum = (list) => list.reduce((n, f) => n + f.bytes, 0);
  install.sort((a, b) => b.bytes - a.bytes);
  after.sort((a, b) => b.bytes - a.bytes);
  return { path, files: install, total: sum(install), after: { files: after, total: sum(after) } };
}

async function slowLoad(browser, base, path) {
  const context = await browser.newContext();
  await context.addInitScript(recordInteractive);
  const page = await context.newPage();
  await slowLink(context, page);
  await page.goto(base + path, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 120_000 });
  const t = await page.evaluate(() => ({
    shell: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    interactive: window.__interactive,
  }));
  await context.close();
  return t;
}

export async function measureFirstVisit(bin, dist) {
  const server = await startServer(bin, dist);
  const browser = await chromium.launch(launch);
  try {
    const enterprise = await wireBytes(browser, server.base, '/', { serviceWorker: true });
    const staff = await wireBytes(browser, server.base, '/staff', { serviceWorker: false });
    const shell = [];
    const interactive = [];
    for (let i = 0; i < RUNS; i++) {
      const t = await slowLoad(browser, server.base, '/');
      shell.push(t.shell);
      interactive.push(t.interactive);
    }
    return {
      enterprise,
      staff,
      slow_4g: {
        runs: RUNS,
        conditions: { ...SLOW_4G, cpu_slowdown: CPU_SLOWDOWN },
        shell_ms: { median: median(shell), all: shell },
        interactive_ms: { median: median(interactive), all: interactive },
      },
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
