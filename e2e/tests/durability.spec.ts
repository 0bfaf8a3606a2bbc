// Nothing typed or attached is lost when the page dies: the renderer is crashed
// (no unload, no beforeunload) and the case is reopened in the same profile.
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '../fixtures';
import { chromiumLaunch } from '../chromium';
import { png, sha256 } from '../helpers/files';
import { ACME, startPaperlessCase } from '../helpers/wizard';

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
async function crash(page: Page) {
  const cdp = await context.newCDPSession(page);
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

test('killing the page mid-typing loses nothing typed more than 500 ms before', async () => {
  const page = await context.newPage();
  const caseUrl = await startPaperlessCase(page);
  await page.getByRole('link', { name: '法人信息录入' }).click();
  await page.getByLabel('企业名称').fill(ACME.name);
  await page.getByLabel('企业地址').pressSequentially('福建省厦门市湖里区象兴一路11号', { delay: 20 });
  await page.getByRole('group', { name: '法定代表人' }).getByLabel('姓名').pressSequentially('张三丰', { delay: 30 });
  await page.waitForTimeout(600); // the autosave promise: within 500 ms of the last keystroke
  await crash(page);

  const again = await context.newPage();
  await again.goto(caseUrl + '/enterprise');
  await expect(again.getByLabel('企业名称')).toHaveValue(ACME.name);
  await expect(again.getByLabel('企业地址')).toHaveValue('福建省厦门市湖里区象兴一路11号');
  await expect(again.getByRole('group', { name: '法定代表人' }).getByLabel('姓名')).toHaveValue('张三丰');
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
