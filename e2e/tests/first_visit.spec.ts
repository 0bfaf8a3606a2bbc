// A first visit on a slow mobile link (CDP: Slow 4G, 4× CPU): the static shell
// and its progress come before the app, a failed download is said and
// retried, the enterprise app never downloads the staff console, and the
// staff console still loads at /staff. Order, not time: times are the bench's.
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { startPaperlessCase } from '../helpers/wizard';
import { slowLink } from '../tools/slow-link.mjs';


/**
 * Waits until this page's service worker is active. (Playwright's
 * waitForFunction does not await an async predicate: its promise is truthy.)
 */
const serviceWorkerActive = (page: import('@playwright/test').Page) =>
  expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), { timeout: 30_000 })
    .toBe('activated');

/** Records in the page when the panel first showed progress and when the app mounted. */
const recordOrder = () => {
  const w = window as any;
  new MutationObserver(() => {
    const progress = document.querySelector('#boot-progress') as HTMLProgressElement | null;
    if (w.__progressAt === undefined && progress && progress.value > 0 && progress.offsetHeight > 0) {
      w.__progressAt = performance.now();
    }
    if (w.__appAt === undefined && document.querySelector('#main h1')) w.__appAt = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
};

test('on Slow 4G the shell and its progress are on screen before the app starts', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await context.newPage();
  await page.addInitScript(recordOrder);
  await slowLink(context, page);
  await page.goto('/', { waitUntil: 'commit' });
  const panel = page.locator('#boot-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('正在载入应用');
  await expect(panel).toContainText('Loading the app');
  await expect(page.locator('.site-header')).toContainText('电子口岸卡务助手');
  await expect(page.locator('#boot-percent')).toHaveText(/^[1-9]\d?%$/, { timeout: 30_000 });
  await expect(page.locator('#main')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('loading-phone.png') });
  await expectNoAxeViolations(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理', { timeout: 60_000 });
  const order = await page.evaluate(() => ({ progress: (window as any).__progressAt, app: (window as any).__appAt }));
  expect(order.progress, 'progress was shown').toBeDefined();
  expect(order.progress).toBeLessThan(order.app);
  await expect(page.locator('#boot')).toHaveCount(0);
  await context.close();
});

test('a repeat visit, served by the service worker, skips the panel', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const panel = document.getElementById('boot-panel');
      (window as any).__cached = document.documentElement.classList.contains('boot-cached');
      (window as any).__panelShown = panel ? getComputedStyle(panel).display !== 'none' : false;
    });
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理');
  expect(await page.evaluate(() => (window as any).__cached)).toBe(true);
  expect(await page.evaluate(() => (window as any).__panelShown)).toBe(false);
  await context.close();
});

test('a wasm download that fails is said in both languages and retried', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await slowLink(context, page);
  // Every attempt fails until the link comes back, so the message stays up
  // while it is checked (the loader's own retries included).
  let linkBack = false;
  const wasm: string[] = [];
  await page.route(/_bg\.wasm/, async (route) => {
    wasm.push(route.request().url());
    return linkBack ? route.continue() : route.abort('connectionreset');
  });
  await page.goto('/', { waitUntil: 'commit' });
  const failed = page.locator('#boot-failed');
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed).toContainText('应用下载中断');
  await expect(failed).toContainText('秒后自动重试');
  await expect(failed).toContainText('The download was interrupted');
  await expectNoAxeViolations(page);
  linkBack = true;
  const before = wasm.length;
  await page.getByRole('button', { name: '重试 Retry' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理', { timeout: 60_000 });
  expect(wasm.length).toBeGreaterThan(before);
  await context.close();
});

test('without a click the loader retries by itself', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let tries = 0;
  await page.route(/_bg\.wasm/, (route) => (tries++ === 0 ? route.fulfill({ status: 503, body: 'busy' }) : route.continue()));
  await page.goto('/', { waitUntil: 'commit' });
  await expect(page.locator('#boot-failed')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理', { timeout: 15_000 });
  expect(tries).toBe(2);
  await context.close();
});

test('the enterprise app never requests the staff console, and /staff still works', async ({ browser }) => {
  const context = await browser.newContext();
  const urls: string[] = [];
  context.on('request', (r) => urls.push(new URL(r.url()).pathname));
  const page = await context.newPage();
  await slowLink(context, page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理', { timeout: 60_000 });
  // The service worker installs (its precache is fetched) before the next pages.
  await serviceWorkerActive(page);
  await page.goto('/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新建办理');
  const caseUrl = await startPaperlessCase(page);
  for (const part of ['', '/enterprise', '/attachments', '/review']) {
    await page.goto(caseUrl + part);
    await expect(page.locator('#main h1')).toBeVisible();
  }
  expect(urls.some((u) => u.endsWith('_bg.wasm') && u.includes('eport-desk-')), 'the app wasm was fetched').toBe(true);
  expect(urls.filter((u) => u.includes('eport-staff') || u.startsWith('/staff'))).toEqual([]);
  const sw = await (await context.request.get('/sw.js')).text();
  const assets: string[] = JSON.parse(sw.match(/^const ASSETS = (.*);$/m)![1]);
  expect(assets).toContain('/');
  expect(assets.filter((a) => /\.(br|gz)$|staff/.test(a))).toEqual([]);

  // The same browser (service worker installed) opens the staff console.
  urls.length = 0;
  await page.goto('/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('审核工作台', { timeout: 60_000 });
  await expect(page.getByLabel('登录名')).toBeVisible();
  expect(urls.some((u) => u.includes('eport-staff-') && u.endsWith('_bg.wasm'))).toBe(true);
  expect(urls.some((u) => u.includes('eport-desk-') && u.endsWith('_bg.wasm'))).toBe(false);
  await context.close();
});

test('the built files are served compressed and cacheable, robots.txt and the favicon are real', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const wasm = html.match(/APP_WASM = "([^"]+)"/)![1];
  for (const encoding of ['br', 'gzip']) {
    const r = await request.get(wasm, { headers: { 'accept-encoding': encoding } });
    expect(r.status()).toBe(200);
    expect(r.headers()['content-encoding']).toBe(encoding);
    expect(r.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers()['vary']).toBe('accept-encoding');
  }
  for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest', '/staff']) {
    expect((await request.get(path)).headers()['cache-control'], path).toBe('no-cache');
  }
  expect((await request.get('/nope.js')).status()).toBe(404);
  const robots = await request.get('/robots.txt');
  expect(robots.headers()['content-type']).toContain('text/plain');
  expect(await robots.text()).toMatch(/Disallow: \/staff\n[\s\S]*Disallow: \/api/);
  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/x-icon');
});

/** Whether this origin's service worker cache holds `url`. */
const cached = (page: import('@playwright/test').Page, url: string) =>
  page.evaluate(async (u) => {
    for (const key of await caches.keys()) if (await (await caches.open(key)).match(u)) return true;
    return false;
  }, url);

test('the tools (诊断, 查询办理进度, 打印表格) are not in the first download; cached once the app runs, they work offline', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageUrls: string[] = [];
  page.on('request', (r) => pageUrls.push(new URL(r.url()).pathname));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理');
  await serviceWorkerActive(page);
  expect(pageUrls.filter((u) => u.includes('eport-tools') || u === '/tools.html'), 'the page never loads the tools').toEqual([]);
  const sw = await (await context.request.get('/sw.js')).text();
  const tools: string[] = JSON.parse(sw.match(/^const TOOLS = (.*);$/m)![1]);
  expect(tools.map((u) => u.replace(/-[0-9a-f]+(_bg)?\./, '-#$1.')).sort()).toEqual(['/eport-tools-#.js', '/eport-tools-#_bg.wasm', '/print-#.css', '/tools.html']);
  const assets: string[] = JSON.parse(sw.match(/^const ASSETS = (.*);$/m)![1]);
  expect(assets.filter((a) => tools.includes(a))).toEqual([]);
  // The app asks the worker for them shortly after it runs.
  await expect.poll(async () => (await Promise.all(tools.map((u) => cached(page, u)))).every(Boolean), { timeout: 20_000 }).toBe(true);

  // A paper case, then offline: 打印表格 and 诊断 open from the cache, and back.
  await page.goto('/new/deregistration');
  await page.getByRole('button', { name: '开始办理' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  const caseUrl = page.url();
  await context.setOffline(true);
  await page.goto(caseUrl + '/print');
  await expect(page.getByTestId('forms-locked')).toBeVisible();
  await page.getByRole('link', { name: '诊断' }).click();
  await expect(page).toHaveURL(/\/diagnostics$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('诊断信息');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: '新建办理' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新建办理');
  await context.close();
});

test('offline before the tools were cached, their pages say so and offer a retry', async ({ browser }) => {
  const context = await browser.newContext();
  // The worker's download of the tools fails, as on a link that drops.
  await context.route(/eport-tools-|\/tools\.html/, (route) => route.abort('connectionreset'));
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理');
  await serviceWorkerActive(page);
  await context.setOffline(true);
  await page.getByRole('link', { name: '诊断' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('这一页还没有保存到本机');
  await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: '首页' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理');
  await context.close();
});
