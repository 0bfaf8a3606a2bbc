// What the browser keeps, and for how long: attachment bytes leave the device
// once the card is posted (unless another case still needs them), 清除本机数据
// removes everything after naming unsent cases and the app still opens
// offline, profiles can be deleted, and 查询办理进度 finds a declaration by its
// reference number and credit code without any personal data.
import type { Page } from '@playwright/test';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { appEvents } from '../helpers/app';
import { COLLECTOR, listSubmissions, review, storedSha, submission } from '../helpers/staff';
import { distDir, startServer } from '../helpers/server';
import { png, sha256 } from '../helpers/files';
import { completeCase, enterprise } from '../helpers/wizard';

/** Records of every store but the event log, read in the page. */
async function storeCounts(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('eport-desk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const count = (name: string) =>
      new Promise<number>((ok, fail) => {
        const r = db.transaction(name).objectStore(name).count();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    const out = { cases: await count('cases'), blobs: await count('blobs'), outbox: await count('outbox'), profiles: await count('profiles') };
    db.close();
    return out;
  });
}

async function declareAndPost(page: Page, request: Parameters<typeof review>[0], name: string, uscc: string, seed: number) {
  const caseUrl = await completeCase(page, enterprise(uscc, name), seed);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  const [sub] = await listSubmissions(request, name);
  // The helpers' cases collect at the window: made, then collected.
  await review(request, sub.reference!, 'approve');
  await review(request, sub.reference!, 'card_made');
  await review(request, sub.reference!, 'collect', undefined, undefined, { collector: COLLECTOR });
  return { caseUrl, reference: sub.reference! };
}

test('after 已领卡 the scans leave this device; the case, its summary and its status stay', async ({ page, request }) => {
  const name = '厦门寄出清理测试有限公司';
  const { caseUrl, reference } = await declareAndPost(page, request, name, '91350100M000100Y43', 71);
  expect((await storeCounts(page)).blobs).toBe(8);
  await page.goto(caseUrl); // the outbox refreshes open declarations at start
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'collected', { timeout: 30_000 });
  await expect.poll(async () => (await storeCounts(page)).blobs, { timeout: 10_000 }).toBe(0);
  const events = await appEvents(page);
  expect(events.some((e) => e.kind === 'scans-released' && e.summary === '8 blob(s) deleted')).toBe(true);
  // The case and what it declared are still there.
  await page.reload();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'collected');
  await expect(page.getByTestId('reference')).toContainText(reference);
  await page.goto('/');
  await expect(page.getByTestId('case-row').filter({ hasText: name })).toBeVisible();
  const counts = await storeCounts(page);
  expect(counts.cases).toBe(1);
  expect(counts.outbox).toBe(1);
});

test('a scan another case still needs survives when the first case is collected', async ({ page, request }) => {
  // The second case carries the very same scans (same seed), still a draft.
  await completeCase(page, enterprise('914403001922038216', '厦门共用扫描件测试有限公司'), 72);
  const { caseUrl } = await declareAndPost(page, request, '厦门共用扫描件寄出有限公司', '91350213678251743X', 72);
  await page.goto(caseUrl);
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'collected', { timeout: 30_000 });
  await expect.poll(async () => (await appEvents(page)).some((e) => e.kind === 'scans-released'), { timeout: 10_000 }).toBe(true);
  expect((await appEvents(page)).some((e) => e.kind === 'scans-released' && e.summary === '0 blob(s) deleted')).toBe(true);
  expect((await storeCounts(page)).blobs).toBe(8);
});

test('清除本机数据 names the unsent case, asks, then leaves IndexedDB empty and the app still opens offline', async ({ page, context }) => {
  const name = '厦门清除数据测试有限公司';
  // The switch is kept for the tab when the app starts: wait for it before navigating on.
  await page.goto('/?net=offline');
  await expect(page.getByTestId('network-status')).toContainText('离线');
  await completeCase(page, enterprise('91350200MA31E12PXF', name), 73);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'queued');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  // From home, the link to 本机数据 (on 诊断, in the tools bundle).
  await page.goto('/');
  expect(await storeCounts(page)).toEqual({ cases: 1, blobs: 8, outbox: 1, profiles: 1 });
  await page.getByTestId('home-local').getByRole('link').click();
  await expect(page).toHaveURL(/\/diagnostics#local-data$/);
  await expect(page.getByTestId('profile')).toContainText(name);
  await page.getByTestId('clear-local').click();
  await expect(page.getByTestId('clear-unsent')).toContainText(name);
  await expect(page.getByTestId('clear-confirm')).toContainText('无法恢复');
  await expectNoAxeViolations(page);
  // Cancelling keeps everything.
  await page.getByTestId('clear-confirm').getByRole('button', { name: '取消' }).click();
  expect((await storeCounts(page)).cases).toBe(1);
  await page.getByTestId('clear-local').click();
  const before = Date.now();
  await page.getByTestId('clear-confirm-yes').click();
  await expect(page.getByTestId('local-message')).toContainText('本机数据已清除');
  expect(await storeCounts(page)).toEqual({ cases: 0, blobs: 0, outbox: 0, profiles: 0 });
  expect((await appEvents(page)).filter((e) => Date.parse(e.at) < before)).toEqual([]);
  await page.goto('/');
  await expect(page.getByTestId('case-row')).toHaveCount(0);
  // The app itself stays: offline, it still opens.
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('main h1')).toBeVisible();
  await context.setOffline(false);
});

test('deleting the last case of an enterprise offers to delete its profile; profiles can be deleted one by one', async ({ page }) => {
  await completeCase(page, enterprise('91350100M000100Y43', '厦门资料删除测试有限公司'), 74);
  await completeCase(page, enterprise('914403001922038216', '厦门资料保留测试有限公司'), 75);
  await page.goto('/diagnostics#local-data');
  await expect(page.getByTestId('profile')).toHaveCount(2);
  await page.goto('/');
  const row = page.getByTestId('case-row').filter({ hasText: '厦门资料删除测试有限公司' });
  await row.getByRole('button', { name: '删除' }).click();
  await row.getByRole('button', { name: '确认删除' }).click();
  await expect(page.getByTestId('orphan-profile')).toContainText('是否同时删除');
  await expectNoAxeViolations(page);
  await page.getByTestId('orphan-profile').getByRole('button', { name: '删除企业资料' }).click();
  await expect(page.getByTestId('case-row')).toHaveCount(1);
  await page.goto('/diagnostics#local-data');
  await expect(page.getByTestId('profile')).toHaveCount(1);
  await expect(page.getByRole('button', { name: '删除企业资料：厦门资料保留测试有限公司' })).toBeVisible();
  // In English the button's name follows the language, as its text does.
  await page.getByRole('button', { name: /English/ }).click();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Delete the enterprise details of 厦门资料保留测试有限公司' }).click();
  await expect(page.getByTestId('profiles-none')).toBeVisible();
});

test('查询办理进度: the reference with its credit code shows the state and dates, a wrong code finds nothing', async ({ page, request, browser, baseURL }, testInfo) => {
  const name = '厦门进度查询测试有限公司';
  const uscc = '91350213678251743X';
  await completeCase(page, enterprise(uscc, name), 76);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  const [sub] = await listSubmissions(request, name);
  // Another device: nothing of this case is stored there.
  const other = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    const p = await other.newPage();
    await p.goto('/');
    await p.getByRole('link', { name: /查询办理进度/ }).click();
    await p.getByLabel('受理编号').fill(sub.reference!);
    await p.getByLabel('统一社会信用代码').fill('91350200MA31E12PXF');
    await p.getByRole('button', { name: '查询' }).click();
    await expect(p.getByTestId('lookup-none')).toContainText('没有找到');
    // Typed as people type: the reference in lower case, the code full-width.
    await p.getByLabel('受理编号').fill(` ${sub.reference!.toLowerCase()} `);
    const fullWidth = [...uscc.toLowerCase()].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    await p.getByLabel('统一社会信用代码').fill(fullWidth);
    await p.getByRole('button', { name: '查询' }).click();
    await expect(p.getByTestId('lookup-answer')).toHaveAttribute('data-state', 'received');
    await expect(p.getByTestId('lookup-answer')).toContainText(sub.reference!);
    await expect(p.getByTestId('lookup-answer')).not.toContainText('陈一');
    await expectNoAxeViolations(p);
    await testInfo.attach('查询办理进度, 390 px', { body: await p.screenshot({ fullPage: true }), contentType: 'image/png' });
  } finally {
    await other.close();
  }
});

test('the server erases a superseded submission after retention; the scans its successor reuses stay, byte for byte', async ({ browser }) => {
  const server = await startServer(distDir(), ['--retain-finished', '3s', '--purge-interval', '300ms']);
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const api = context.request;
  try {
    const page = await context.newPage();
    const name = '厦门归档共用测试有限公司';
    const caseUrl = await completeCase(page, enterprise('91350100M000100Y43', name), 77);
    await page.getByRole('button', { name: '申报' }).click();
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
    const [first] = await listSubmissions(api, name, server.staff);
    await review(api, first.reference!, 'reject', '营业执照照片不清晰，请重新上传', server.staff);
    await page.goto(caseUrl);
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'rejected', { timeout: 20_000 });
    // A clearer licence; every other scan is reused as it was.
    await page.getByRole('link', { name: '附件上传' }).click();
    const clearer = png('营业执照-清晰.png', 78, 120, 90);
    await page.getByLabel('营业执照', { exact: true }).setInputFiles(clearer);
    await expect(page.getByTestId('slot-business_licence')).toContainText('营业执照-清晰.png');
    await page.goto(caseUrl + '/review');
    await page.getByRole('button', { name: '申报' }).click();
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
    const renewed = (await listSubmissions(api, name, server.staff)).find((s) => s.id !== first.id)!;
    const old = await submission(api, first.id, server.staff);
    const shared = old.attachments.map((a) => a.sha256).filter((sha) => sha !== sha256(clearer.buffer));
    // The superseded one is past its (3 s) retention: erased, the tombstone stays.
    await expect.poll(async () => (await submission(api, first.id, server.staff)).status.archived_at ?? null, { timeout: 20_000 }).not.toBeNull();
    const tomb = await submission(api, first.id, server.staff);
    expect(tomb.status.state).toBe('superseded');
    expect(tomb.attachments).toEqual([]);
    // Every scan the new submission shares with it is still stored, unchanged.
    const now = await submission(api, renewed.id, server.staff);
    expect(now.attachments.length).toBe(8);
    for (const sha of shared.filter((s) => now.attachments.some((a) => a.sha256 === s))) {
      expect(await storedSha(api, renewed.id, sha, server.staff)).toBe(sha);
    }
    expect(shared.length).toBeGreaterThanOrEqual(6);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('once the server has archived a posted declaration, the case shows 已归档', async ({ browser }) => {
  const server = await startServer(distDir(), ['--retain-finished', '2s', '--purge-interval', '300ms']);
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const api = context.request;
  try {
    const page = await context.newPage();
    const name = '厦门归档显示测试有限公司';
    const caseUrl = await completeCase(page, enterprise('914403001922038216', name), 79);
    await page.getByRole('button', { name: '申报' }).click();
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
    const [sub] = await listSubmissions(api, name, server.staff);
    await review(api, sub.reference!, 'approve', undefined, server.staff);
    await review(api, sub.reference!, 'card_made', undefined, server.staff);
    await review(api, sub.reference!, 'collect', undefined, server.staff, { collector: COLLECTOR });
    await page.goto(caseUrl);
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'collected', { timeout: 30_000 });
    await expect.poll(async () => (await submission(api, sub.id, server.staff)).status.archived_at ?? null, { timeout: 20_000 }).not.toBeNull();
    // A finished declaration is asked about again at start (and daily).
    await page.reload();
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'archived', { timeout: 30_000 });
    await expect(page.getByTestId('submission-state')).toHaveText('已归档');
    await expect(page.getByTestId('reference')).toContainText(sub.reference!);
  } finally {
    await context.close();
    await server.stop();
  }
});
