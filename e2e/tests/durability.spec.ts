// Nothing typed or attached is lost when the page dies: the renderer is crashed
// (no unload, no beforeunload) and the case is reopened in the same profile.
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '../fixtures';
import { chromiumLaunch } from '../chromium';
import { png, sha256 } from '../helpers/files';
import { listSubmissions, storedSha as serverSha, submission } from '../helpers/staff';
import { ACME, completeCase, enterprise, startPaperlessCase } from '../helpers/wizard';
import { FaultProxy } from '../tools/fault-proxy.mjs';

let profile: string;
let context: BrowserContext;

test.beforeEach(async ({ baseURL }) => {
  profile = mkdtempSync(join(tmpdir(), 'eport-profile-'));
  context = await chromium.launchPersistentContext(profile, { ...chromiumLaunch, baseURL, locale: 'zh-CN' });
});

test.afterEach(async () => {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Kills the renderer: the page gets no chance to run any handler. */
async function crash(page: Page, ctx: BrowserContext = context) {
  const cdp = await ctx.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  // The command never answers: the renderer is gone before it could.
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
}

/** SHA-256 of the bytes IndexedDB holds for `sha`, computed in the page. */
async function storedSha(page: Page, sha: string) {
  return page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('eport-desk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const rec = await new Promise<any>((ok, fail) => {
      const r = db.transaction('blobs').objectStore('blobs').get(key);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    db.close();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', rec.bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }, sha);
}

test('typing right up to a crash: everything typed more than 500 ms before it is kept', async () => {
  const page = await context.newPage();
  // Every value the field took, stamped by the page's own clock as it happened.
  const typed: { value: string; at: number }[] = [];
  await page.exposeFunction('__typed', (value: string, at: number) => typed.push({ value, at }));
  await page.addInitScript(() => {
    document.addEventListener('input', (e) => {
      const el = e.target as HTMLInputElement;
      if (el.id === 'f-enterprise-address') (window as any).__typed(el.value, Date.now());
    }, true);
  });
  const caseUrl = await startPaperlessCase(page);
  await page.getByRole('link', { name: '法人信息录入' }).click();
  await page.getByLabel('企业名称').fill(ACME.name);
  const text = '福建省厦门市湖里区象兴一路11号二层东侧第三间办公室'.repeat(3);
  // Keep typing; crash in the middle of it, without waiting for any save.
  const typing = page.getByLabel('企业地址').pressSequentially(text, { delay: 25 }).catch(() => {});
  await expect.poll(() => typed.length, { timeout: 20_000 }).toBeGreaterThan(40);
  const crashedAt = Date.now();
  await crash(page);
  await typing;
  expect(typed.at(-1)!.value.length).toBeLessThan(text.length); // still typing when it died

  const again = await context.newPage();
  await again.goto(caseUrl + '/enterprise');
  await expect(again.getByLabel('企业名称')).toHaveValue(ACME.name);
  const kept = await again.getByLabel('企业地址').inputValue();
  const due = typed.filter((t) => t.at <= crashedAt - 500).at(-1)!;
  expect(text.startsWith(kept), 'what is kept was typed').toBe(true);
  expect(kept.length, `kept ${kept.length} characters; ${due.value.length} were typed 500 ms before the crash`).toBeGreaterThanOrEqual(due.value.length);
});

test('killing the page right after attaching keeps the file byte-identical', async () => {
  const page = await context.newPage();
  const caseUrl = await startPaperlessCase(page);
  await page.getByRole('link', { name: '附件上传' }).click();
  const file = png('营业执照.png', 7, 800, 600);
  await page.getByLabel('营业执照', { exact: true }).setInputFiles(file);
  const slot = page.getByTestId('slot-business_licence');
  await expect(slot).toHaveAttribute('data-sha256', sha256(file.buffer));
  await crash(page);

  const again = await context.newPage();
  await again.goto(caseUrl + '/attachments');
  const reopened = again.getByTestId('slot-business_licence');
  await expect(reopened).toHaveAttribute('data-sha256', sha256(file.buffer));
  await expect(reopened).toContainText('营业执照.png');
  expect(await storedSha(again, sha256(file.buffer))).toBe(sha256(file.buffer));
});

test('reload and reopen keep every field', async () => {
  const page = await context.newPage();
  const caseUrl = await startPaperlessCase(page);
  await page.getByRole('link', { name: '法人信息录入' }).click();
  await page.getByLabel('统一社会信用代码').fill(ACME.uscc);
  await page.getByRole('radio', { name: '邮寄领卡' }).check();
  await page.getByLabel('收件人').fill('李四');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
  await page.reload();
  await expect(page.getByLabel('统一社会信用代码')).toHaveValue(ACME.uscc);
  await expect(page.getByRole('radio', { name: '邮寄领卡' })).toBeChecked();
  await expect(page.getByLabel('收件人')).toHaveValue('李四');
  await page.close();
  const again = await context.newPage();
  await again.goto(caseUrl + '/enterprise');
  await expect(again.getByLabel('收件人')).toHaveValue('李四');
});

test('the page dies mid-upload: reopened, the outbox resumes and the server holds every byte once', async ({ baseURL, request }) => {
  const proxy = new FaultProxy(new URL(baseURL!));
  const via = await proxy.listen();
  const dir = mkdtempSync(join(tmpdir(), 'eport-profile-'));
  const ctx = await chromium.launchPersistentContext(dir, { ...chromiumLaunch, baseURL: via, locale: 'zh-CN' });
  try {
    const page = await ctx.newPage();
    const e = enterprise('91350213678251743X', '厦门上传中断测试有限公司');
    const caseUrl = await completeCase(page, e, 61);
    // The first chunk hangs: the upload is under way when the page dies.
    proxy.setRules([{ kind: 'delay', method: 'PATCH', pathPrefix: '/api/v1/submissions/', ms: 60_000, times: 1 }]);
    await page.getByRole('button', { name: '申报' }).click();
    await expect.poll(() => proxy.stats.injected, { timeout: 20_000 }).toBe(1);
    await crash(page, ctx);
    const [before] = await listSubmissions(request, e.name);
    expect(before.state).toBe('awaiting_attachments');

    const again = await ctx.newPage();
    await again.goto(caseUrl);
    await expect(again.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 60_000 });
    const subs = await listSubmissions(request, e.name);
    expect(subs).toHaveLength(1);
    expect(subs[0].id).toBe(before.id);
    const detail = await submission(request, subs[0].id);
    expect(detail.attachments).toHaveLength(8);
    for (const a of detail.attachments) {
      expect(a.complete).toBe(true);
      expect(await serverSha(request, subs[0].id, a.sha256), a.slot).toBe(a.sha256);
    }
  } finally {
    await ctx.close();
    proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('leaving a case at once, in the app or to 打印表格 (another bundle), keeps what was just typed', async () => {
  const page = await context.newPage();
  const caseUrl = await startPaperlessCase(page);
  await page.getByRole('link', { name: '法人信息录入' }).click();
  await page.getByRole('radio', { name: '邮寄领卡' }).check();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
  // Typed and left within the autosave delay: the write happens on leaving.
  await page.getByLabel('收件人').fill('王五');
  await page.getByRole('link', { name: '首页' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理');
  await page.goto(caseUrl + '/enterprise');
  await expect(page.getByLabel('收件人')).toHaveValue('王五');
  // The same into the tools bundle: a full page load after the write.
  await page.getByLabel('收件人').fill('赵六');
  await page.evaluate((url) => {
    history.pushState(null, '', url);
    dispatchEvent(new PopStateEvent('popstate'));
  }, new URL(caseUrl).pathname + '/print');
  await expect(page).toHaveURL(/\/print$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('打印表格');
  await page.goto(caseUrl + '/enterprise');
  await expect(page.getByLabel('收件人')).toHaveValue('赵六');
});
