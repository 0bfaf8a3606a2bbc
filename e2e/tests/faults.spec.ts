// The outbox through a fault-injecting proxy: 503 with Retry-After, a captive
// portal answering /ping with HTML, connections dropped mid-chunk, answers
// lost after the server committed, a reset connection and slow answers. The
// outbox recovers on its own (nobody presses 立即重试 unless the test is about
// the button); times and bytes are read from the app's own event log.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { requests, time } from '../helpers/app';
import { listSubmissions, storedSha, submission } from '../helpers/staff';
import { noisePng, png, sha256, type TestFile } from '../helpers/files';
import { ENTERPRISE_SLOTS, attach, fillEnterprisePart, fillOperator, startPaperlessCase, type Enterprise } from '../helpers/wizard';
import { throughProxy } from '../helpers/proxy';
import type { FaultProxy } from '../tools/fault-proxy.mjs';

let proxy: FaultProxy;
let context: BrowserContext;
let page: Page;

test.beforeEach(async ({ browser, baseURL }) => {
  ({ proxy, context } = await throughProxy(browser as Browser, baseURL!));
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

const PUT = 'PUT /submissions/{id}';
const PATCH = 'PATCH /submissions/{id}/attachments/{sha256}';
const CHUNK = 256 * 1024;

/** A complete case on the 核对 page; `big` makes the licence span several chunks. Returns the files. */
async function readyToDeclare(e: Enterprise, big = false): Promise<TestFile[]> {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/enterprise');
  await fillEnterprisePart(page, e);
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByRole('button', { name: '添加操作员' }).click();
  await fillOperator(page, 1, { name: '周九', id: '350203199003070022' });
  await page.getByRole('button', { name: '保存并继续' }).click();
  const files: TestFile[] = [];
  for (const [i, label] of ENTERPRISE_SLOTS.entries()) {
    const f = i === 0 && big ? noisePng('营业执照.png', 3, 520, 500) : png(`${label}.png`, 900 + i);
    await attach(page, label, f);
    files.push(f);
  }
  for (const [label, f] of [['操作员 1 身份证（正面）', png('f.png', 950)], ['操作员 1 身份证（反面）', png('b.png', 951)]] as const) {
    await attach(page, label, f);
    files.push(f);
  }
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('核对并申报');
  return files;
}

/** The outbox gets there by itself: back-off and retry, no button pressed. */
async function submittedUnaided() {
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 60_000 });
}

/** Every file arrived byte for byte: the staff download hashes as the browser's file. */
async function storedAsSent(request: Parameters<typeof listSubmissions>[0], key: string, files: TestFile[]) {
  for (const f of files) expect(await storedSha(request, key, sha256(f.buffer)), f.name).toBe(sha256(f.buffer));
}

const rules = (r: Parameters<FaultProxy['setRules']>[0]) => proxy.setRules(r);

test('503 with Retry-After: the outbox waits at least that long, retries on its own and finishes once', async ({ request }) => {
  const name = '厦门五零三测试有限公司';
  await readyToDeclare(who(name, '91350213678251743X'));
  rules([{ kind: 'status', method: 'PUT', pathPrefix: '/api/v1/submissions/', status: 503, retryAfter: 3, times: 1 }]);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toContainText('服务器暂时无法处理，稍后会自动重试');
  await submittedUnaided();
  expect(proxy.stats.injected).toBe(1);
  const puts = await requests(page, PUT);
  expect(puts.map((p) => p.status)).toEqual([503, 201]);
  // The app's own clock: the retry came no sooner than Retry-After said.
  expect(time(puts[1]) - time(puts[0])).toBeGreaterThanOrEqual(3_000);
  expect(await listSubmissions(request, name)).toHaveLength(1);
});

test('a captive portal answering /ping with HTML: the server cannot be reached (not "no network"); 立即重试 sends once it is gone', async ({ request }) => {
  const name = '厦门门户页测试有限公司';
  await readyToDeclare(who(name, '91350100M000100Y43'));
  rules([{ kind: 'captive', pathPrefix: '/api/v1/ping', times: 1000 }]);
  await page.getByRole('button', { name: '申报' }).click();
  const status = page.getByTestId('submission-status');
  await expect(status).toContainText(/无法连接到服务器，\d+ 秒后自动重试|正在重试/);
  await expect(status).not.toContainText('网络未连接');
  await expect(status).not.toContainText('network:');
  await expect(status).toHaveAttribute('data-state', 'queued');
  expect(await requests(page, PUT)).toHaveLength(0);
  expect(await listSubmissions(request, name)).toHaveLength(0);
  rules([]);
  await status.getByRole('button', { name: '立即重试' }).click();
  await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  expect(await listSubmissions(request, name)).toHaveLength(1);
});

test('connections dropped mid-chunk: each retry starts at the bytes the server kept, and the bytes arrive intact', async ({ request }) => {
  const name = '厦门断线续传测试有限公司';
  const files = await readyToDeclare(who(name, '914403001922038216'), true);
  rules([{ kind: 'drop', method: 'PATCH', pathPrefix: '/api/v1/submissions/', afterBytes: 100_000, times: 2 }]);
  await page.getByRole('button', { name: '申报' }).click();
  await submittedUnaided();
  expect(proxy.stats.drops).toBe(2);
  // Resumed from the server's offset: the next PATCH of a cut one begins where the cut left the server.
  const patches = proxy.stats.patches;
  const cuts = patches.filter((p) => p.cut);
  expect(cuts).toHaveLength(2);
  for (const c of cuts) {
    const next = patches.slice(patches.indexOf(c) + 1).find((p) => p.path === c.path);
    expect(next, `a PATCH after the cut at ${c.offset}`).toBeDefined();
    expect(next!.offset).toBe(c.offset + c.forwarded);
  }
  const subs = await listSubmissions(request, name);
  expect(subs).toHaveLength(1);
  const detail = await submission(request, subs[0].id);
  const payload = detail.attachments.reduce((n, a) => n + a.size, 0);
  // Bytes counted by the sender (the app's log), against the payload: at most a chunk per drop again.
  const sent = (await requests(page, PATCH)).reduce((n, e) => n + (e.bytes ?? 0), 0);
  const resent = sent - payload;
  console.log(`payload ${payload} bytes, the app sent ${sent}, re-sent ${resent} over 2 drops`);
  expect(resent).toBeGreaterThan(0);
  expect(resent).toBeLessThanOrEqual(2 * CHUNK);
  await storedAsSent(request, subs[0].id, files);
});

test('answers lost after the server committed (manifest, a mid-file chunk, a last chunk): one submission, nothing sent twice that mattered', async ({ request }) => {
  const name = '厦门应答丢失测试有限公司';
  const files = await readyToDeclare(who(name, '91350200MA31E12PXF'), true);
  const small = sha256(files[1].buffer);
  rules([
    { kind: 'loseAnswer', method: 'PUT', pathPrefix: '/api/v1/submissions/', times: 1 },
    { kind: 'loseAnswer', method: 'PATCH', pathPrefix: '/api/v1/submissions/', pathSuffix: `/attachments/${sha256(files[0].buffer)}`, times: 1 },
    { kind: 'loseAnswer', method: 'PATCH', pathPrefix: '/api/v1/submissions/', pathSuffix: `/attachments/${small}`, times: 1 },
  ]);
  await page.getByRole('button', { name: '申报' }).click();
  await submittedUnaided();
  // The server did the work each time; the app never heard.
  expect(proxy.stats.lost).toEqual([201, 204, 204]);
  const puts = await requests(page, PUT);
  expect(puts[0].status ?? null).toBeNull();
  expect(puts.at(-1)!.status).toBe(200); // the repeat is answered from what is stored
  const subs = await listSubmissions(request, name);
  expect(subs).toHaveLength(1);
  const detail = await submission(request, subs[0].id);
  expect(detail.status.state).toBe('received');
  expect(detail.timeline.some((t) => t.method === 'PUT' && t.status === 200 && t.replay)).toBe(true);
  // The small file's only chunk was stored once; its repeat was told it is complete.
  const smallPatches = proxy.stats.patches.filter((p) => p.path.endsWith(small));
  expect(smallPatches.length).toBeLessThanOrEqual(2);
  await storedAsSent(request, subs[0].id, files);
});

test('a connection reset on the manifest and slow chunks: the app sees the reset, retries, finishes once', async ({ request }) => {
  const name = '厦门连接重置测试有限公司';
  await readyToDeclare(who(name, '914403001922038216'));
  rules([
    { kind: 'reset', method: 'PUT', pathPrefix: '/api/v1/submissions/', times: 1 },
    { kind: 'delay', method: 'PATCH', pathPrefix: '/api/v1/submissions/', ms: 1_500, times: 2 },
  ]);
  await page.getByRole('button', { name: '申报' }).click();
  await submittedUnaided();
  expect(proxy.stats.injected).toBe(3);
  const puts = await requests(page, PUT);
  expect(puts[0].status ?? null).toBeNull();
  expect(puts.at(-1)!.status).toBe(201);
  const slow = (await requests(page, PATCH)).filter((e) => (e.duration_ms ?? 0) >= 1_500);
  expect(slow.length).toBeGreaterThanOrEqual(2);
  expect(await listSubmissions(request, name)).toHaveLength(1);
});
