// The outbox through a fault-injecting proxy: 503 with Retry-After, a captive
// portal answering /ping with HTML, connections dropped mid-chunk, a reset
// connection and slow answers.
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { listSubmissions } from '../helpers/staff';
import { noisePng, png } from '../helpers/files';
import { ENTERPRISE_SLOTS, attach, fillEnterprisePart, fillOperator, startPaperlessCase, type Enterprise } from '../helpers/wizard';
import { FaultProxy } from '../tools/fault-proxy.mjs';

let proxy: FaultProxy;
let context: BrowserContext;
let page: Page;

test.beforeEach(async ({ browser, baseURL }) => {
  proxy = new FaultProxy(new URL(baseURL!));
  const url = await proxy.listen();
  context = await (browser as Browser).newContext({ baseURL: url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
});

test.afterEach(async () => {
  await context.close();
  proxy.close();
});

const who = (name: string, uscc: string): Enterprise => ({
  uscc,
  name,
  address: '福建省厦门市海沧区沧林东路1号',
  legal: { name: '郑七', id: '350206198506120030', mobile: '13500135000' },
  agent: { name: '吴八', id: '350211199201010047', phone: '13400134000' },
});

/** A complete case on the 核对 page; `big` makes the licence span several chunks. */
async function readyToDeclare(e: Enterprise, big = false) {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/enterprise');
  await fillEnterprisePart(page, e);
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByRole('button', { name: '添加操作员' }).click();
  await fillOperator(page, 1, { name: '周九', id: '350203199003070022' });
  await page.getByRole('button', { name: '保存并继续' }).click();
  for (const [i, label] of ENTERPRISE_SLOTS.entries()) {
    await attach(page, label, i === 0 && big ? noisePng('营业执照.png', 3, 520, 500) : png(`${label}.png`, 900 + i));
  }
  await attach(page, '操作员 1 身份证（正面）', png('f.png', 950));
  await attach(page, '操作员 1 身份证（反面）', png('b.png', 951));
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('核对并申报');
}

/** Waits for 已提交, pressing 立即重试 to skip the back-off (the runner would get there itself). */
async function submittedNudging(status: Locator) {
  await expect(async () => {
    if ((await status.getAttribute('data-state')) !== 'submitted') {
      const retry = status.getByRole('button', { name: '立即重试' });
      if (await retry.isVisible()) await retry.click();
    }
    await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

const rules = (r: Parameters<FaultProxy['setRules']>[0]) => proxy.setRules(r);

test('503 with Retry-After: the outbox waits, retries and finishes once', async ({ request }) => {
  const name = '厦门五零三测试有限公司';
  await readyToDeclare(who(name, '91350213678251743X'));
  rules([{ kind: 'status', method: 'PUT', pathPrefix: '/api/v1/submissions/', status: 503, retryAfter: 2, times: 1 }]);
  await page.getByRole('button', { name: '申报' }).click();
  const status = page.getByTestId('submission-status');
  await expect(status).toContainText('上次尝试：HTTP 503');
  await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  expect(proxy.stats.injected).toBe(1);
  expect(await listSubmissions(request, name)).toHaveLength(1);
});

test('a captive portal answering /ping with HTML counts as offline', async ({ request }) => {
  const name = '厦门门户页测试有限公司';
  await readyToDeclare(who(name, '91350100M000100Y43'));
  rules([{ kind: 'captive', pathPrefix: '/api/v1/ping', times: 1000 }]);
  await page.getByRole('button', { name: '申报' }).click();
  const status = page.getByTestId('submission-status');
  await expect(status).toContainText('上次尝试：network: offline');
  await expect(status).toHaveAttribute('data-state', 'queued');
  expect(await listSubmissions(request, name)).toHaveLength(0);
  rules([]);
  await status.getByRole('button', { name: '立即重试' }).click();
  await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  expect(await listSubmissions(request, name)).toHaveLength(1);
});

test('connections dropped mid-chunk: resumes from the server offset, re-sending less than a chunk per drop', async ({ request }) => {
  const name = '厦门断线续传测试有限公司';
  await readyToDeclare(who(name, '914403001922038216'), true);
  rules([{ kind: 'drop', method: 'PATCH', pathPrefix: '/api/v1/submissions/', afterBytes: 100_000, times: 2 }]);
  await page.getByRole('button', { name: '申报' }).click();
  const status = page.getByTestId('submission-status');
  await submittedNudging(status);
  expect(proxy.stats.drops).toBe(2);
  const subs = await listSubmissions(request, name);
  expect(subs).toHaveLength(1);
  const sent = Object.entries(proxy.stats.bodyBytes)
    .filter(([k]) => k.startsWith('PATCH '))
    .reduce((n, [, v]) => n + v, 0);
  const detail = await (await request.get(`/api/v1/staff/submissions/${subs[0].id}`, { headers: { authorization: 'Bearer e2e-staff-token' } })).json();
  const payload = (detail.attachments as { size: number }[]).reduce((n, a) => n + a.size, 0);
  const resent = sent - payload;
  console.log(`payload ${payload} bytes, sent ${sent}, re-sent ${resent} over 2 drops`);
  expect(resent).toBeGreaterThanOrEqual(0);
  expect(resent).toBeLessThan(2 * 256 * 1024);
});

test('a connection reset on the manifest and slow chunks: the outbox finishes, once', async ({ request }) => {
  const name = '厦门连接重置测试有限公司';
  await readyToDeclare(who(name, '914403001922038216'));
  rules([
    { kind: 'reset', method: 'PUT', pathPrefix: '/api/v1/submissions/', times: 1 },
    { kind: 'delay', method: 'PATCH', pathPrefix: '/api/v1/submissions/', ms: 1_500, times: 2 },
  ]);
  await page.getByRole('button', { name: '申报' }).click();
  const status = page.getByTestId('submission-status');
  // (Chromium may itself retry a PUT whose connection was reset before any answer.)
  await submittedNudging(status);
  expect(proxy.stats.injected).toBe(3);
  expect(await listSubmissions(request, name)).toHaveLength(1);
});
