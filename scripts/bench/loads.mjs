// Page loads in headless Chromium against the real server: cold (new profile,
// empty cache, online) and repeat with the network off (service worker).
// "Interactive" = the first moment the app's own heading (#main h1, not the
// static shell's) is in the DOM,
// recorded in the page by a MutationObserver (ms since navigation start).
import { chromium } from '@playwright/test';
import { startServer } from '../../e2e/tools/server.mjs';

const RUNS = 7;
const launch = { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] };

const recordInteractive = () => {
  const mark = () => {
    if (!window.__interactive && document.querySelector('#main h1')) window.__interactive = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
};

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function interactiveAfter(page, navigate) {
  await navigate();
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 20_000 });
  return page.evaluate(() => window.__interactive);
}

export async function measureLoads(bin, dist) {
  const server = await startServer(bin, dist);
  const browser = await chromium.launch(launch);
  try {
    const cold = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      await context.addInitScript(recordInteractive);
      const page = await context.newPage();
      cold.push(await interactiveAfter(page, () => page.goto(server.base + '/')));
      await context.close();
    }
    const context = await browser.newContext();
    await context.addInitScript(recordInteractive);
    const page = await context.newPage();
    await page.goto(server.base + '/');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    await context.setOffline(true);
    const offline = [];
    for (let i = 0; i < RUNS; i++) offline.push(await interactiveAfter(page, () => page.reload()));
    await context.close();
    return {
      runs: RUNS,
      cold_ms: { median: median(cold), all: cold },
      offline_repeat_ms: { median: median(offline), all: offline },
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
