// The help desk: the diagnostics bundle, the sandbox, and the staff console.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { CSRF, listSubmissions, review, signInOnPage } from '../helpers/staff';
import { appEvents, outboxEntries } from '../helpers/app';
import { BETA, completeCase, enterprise, startPaperlessCase, waitSaved } from '../helpers/wizard';

const ACME_HD = enterprise('91350213678251743X', '厦门诊断包测试有限公司');

/** Declares a complete case and waits until the server has it. */
async function declared(page: Page, e = ACME_HD, seed = 31) {
  const caseUrl = await completeCase(page, e, seed);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  return caseUrl;
}

async function exportBundle(page: Page, personal = false) {
  await page.goto('/diagnostics');
  await expect(page.locator('main h1')).toHaveText('诊断信息');
  if (personal) await page.getByLabel('包含个人信息和附件内容（仅在服务热线要求时勾选）').check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出诊断包' }).click();
  const file = await download;
  const text = readFileSync((await file.path())!, 'utf8');
  await expect(page.getByTestId('diag-message')).toContainText('诊断包已导出');
  return { text, name: file.suggestedFilename() };
}

test('the default bundle has states and the event log but no name, ID number or phone that was entered', async ({ page }) => {
  await declared(page);
  const { text, name } = await exportBundle(page);
  expect(name).toMatch(/^eport-diagnostics-.*\.json$/);
  for (const secret of [ACME_HD.legal.name, ACME_HD.legal.id, ACME_HD.legal.mobile, ACME_HD.agent.name, ACME_HD.agent.id, ACME_HD.agent.phone, '王五', '350206198506120030', '13912345678', ACME_HD.address]) {
    expect(text.includes(secret), `${secret} must not be in the bundle`).toBe(false);
  }
  const bundle = JSON.parse(text);
  expect(bundle.format).toBe('eport-desk-diagnostics');
  expect(bundle.personal_data).toBe(false);
  expect(bundle.cases).toHaveLength(1);
  expect(bundle.cases[0].record.state).toBe('queued');
  expect(bundle.outbox[0].phase).toBe('received');
  expect(bundle.outbox[0].remote.reference).toMatch(/^XM\d{8}-\d{6}$/);
  expect(bundle.outbox[0].secret).toBeUndefined();
  expect(bundle.attachments.length).toBe(8);
  for (const a of bundle.attachments) {
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.bytes_base64 ?? null).toBeNull();
  }
  const sync = bundle.events.filter((e: { kind: string }) => e.kind === 'sync');
  expect(sync.some((e: { summary: string }) => /^PUT \/submissions\/\{id\} → 201$/.test(e.summary))).toBe(true);
  expect(sync.some((e: { summary: string }) => /^PATCH .* → 204$/.test(e.summary))).toBe(true);
  // The page itself shows the log, in the reader's language first, with the
  // request line folded as technical detail; and it passes axe.
  const sent = page.getByTestId('diag-event').filter({ hasText: '发送申报：成功' }).first();
  await expect(sent).toBeVisible();
  await expect(sent.getByText('PUT /submissions/{id} → 201')).toBeHidden();
  await sent.getByText('技术细节').click();
  await expect(sent.getByText('PUT /submissions/{id} → 201')).toBeVisible();
  await expect(page.getByTestId('diag-events')).not.toContainText('another tab holds the lock');
  await expectNoAxeViolations(page);

  // With the box ticked, the personal data and the bytes are in.
  const full = JSON.parse((await exportBundle(page, true)).text);
  expect(full.personal_data).toBe(true);
  expect(JSON.stringify(full)).toContain(ACME_HD.legal.id);
  expect(full.attachments.every((a: { bytes_base64?: string }) => typeof a.bytes_base64 === 'string')).toBe(true);
});

/** The status bar's figure for `n` bytes (store/durability.rs human_bytes). */
function humanBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  n = Math.max(0, Math.floor(n));
  let unit = 1;
  let i = 0;
  while (Math.floor(n / unit) >= 1024 && i + 1 < units.length) {
    unit *= 1024;
    i += 1;
  }
  if (i === 0) return `${n} B`;
  const t = Math.floor((n * 10 + Math.floor(unit / 2)) / unit);
  return `${Math.floor(t / 10)}.${t % 10} ${units[i]}`;
}

async function helperContext(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  return { context, page: await context.newPage() };
}

test('a bundle opens in a sandbox; leaving it shows the helper’s own data unchanged; nothing is sent', async ({ page, browser, baseURL, request }) => {
  await declared(page);
  // A second case declared with this tab's network switched off: queued, what an outbox sends at once.
  const waiting = enterprise('91350100M000100Y43', '厦门沙盒待发送测试有限公司');
  const waitingUrl = await completeCase(page, waiting, 33);
  await page.goto(waitingUrl + '/review?net=offline');
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'queued');
  const { text } = await exportBundle(page, true);

  const helper = await helperContext(browser, baseURL!);
  try {
    const h = helper.page;
    // The helper's own draft.
    const own = await startPaperlessCase(h);
    await h.goto(own + '/enterprise');
    await h.getByRole('group', { name: '企业信息' }).getByLabel('企业名称').fill(BETA.name);
    await waitSaved(h);
    const before = (await listSubmissions(request)).length;

    await h.goto('/diagnostics');
    await h.getByLabel('在沙盒中打开诊断包（服务台使用）', { exact: true }).setInputFiles({
      name: 'bundle.json', mimeType: 'application/json', buffer: Buffer.from(text),
    });
    await expect(h).toHaveURL(/\/$/);
    await expect(h.getByTestId('sandbox-banner')).toContainText('沙盒模式');
    const row = h.getByTestId('case-row').filter({ hasText: ACME_HD.name });
    await expect(row.getByTestId('case-state')).toHaveText('已提交');
    await expect(h.getByTestId('case-row').filter({ hasText: BETA.name })).toHaveCount(0);
    await expectNoAxeViolations(h);
    // Every screen of the case, as the user saw it; the banner stays.
    await row.getByRole('link').first().click();
    await expect(h.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted');
    await expect(h.getByTestId('sandbox-banner')).toBeVisible();
    await h.getByRole('link', { name: '法人信息录入' }).click();
    await expect(h.getByRole('group', { name: '法定代表人' }).getByLabel('证件号码')).toHaveValue(ACME_HD.legal.id);
    // The outbox had its turn and stood down (its own log says so): the queued case was not sent.
    await expect.poll(async () => (await appEvents(h, 'eport-desk-sandbox')).some((e) => e.summary === 'outbox not run: this tab is a help-desk sandbox'), { timeout: 20_000 }).toBe(true);
    expect(await listSubmissions(request, waiting.name)).toHaveLength(0);
    expect((await listSubmissions(request)).length).toBe(before);

    await h.getByRole('button', { name: '退出沙盒' }).click();
    await expect(h.getByTestId('sandbox-banner')).toHaveCount(0);
    await expect(h.getByTestId('case-row').filter({ hasText: BETA.name })).toHaveCount(1);
    await expect(h.getByTestId('case-row').filter({ hasText: ACME_HD.name })).toHaveCount(0);
  } finally {
    await helper.context.close();
  }
});

test('a bundle without personal data opens as the user saw it: their problems (0), their device, their log only, no file names', async ({ page, browser, baseURL }) => {
  await declared(page, ACME_HD, 36);
  await page.goto('/diagnostics');
  const userRow = page.getByTestId('diag-case').filter({ hasText: ACME_HD.name });
  await expect(userRow).toContainText('0 处待改正');
  const { text } = await exportBundle(page);
  const bundle = JSON.parse(text);
  expect(bundle.personal_data).toBe(false);
  // File names often name a person: only the extension is kept.
  for (const a of bundle.attachments) expect(a.name).toMatch(/^\[redacted: \d+ characters\]\.png$/);
  expect(text).not.toContain('营业执照.png');
  const usage = bundle.storage.usage as number;
  expect(usage).toBeGreaterThan(0);

  // A fresh browser context: the help desk's own, with a different device.
  const helper = await helperContext(browser, baseURL!);
  try {
    const h = helper.page;
    await h.goto('/diagnostics');
    await h.getByLabel('在沙盒中打开诊断包（服务台使用）', { exact: true }).setInputFiles({
      name: 'bundle.json', mimeType: 'application/json', buffer: Buffer.from(text),
    });
    await expect(h.getByTestId('sandbox-banner')).toContainText('沙盒模式');
    // The user's figures, marked as theirs.
    await expect(h.getByTestId('status-source')).toContainText('用户设备');
    await expect(h.getByTestId('storage-status')).toContainText(`已用 ${humanBytes(usage)} / 共 ${humanBytes(bundle.storage.quota)}`);
    await h.goto('/diagnostics');
    // The same count of problems the user had: redacted values are not errors.
    await expect(h.getByTestId('diag-case').filter({ hasText: ACME_HD.name })).toContainText('0 处待改正');
    // The user's log holds only the user's events; the helper tab's own are apart.
    await expect.poll(async () => (await appEvents(h, 'eport-desk-sandbox')).some((e) => e.summary === 'outbox not run: this tab is a help-desk sandbox'), { timeout: 20_000 }).toBe(true);
    await h.reload();
    await expect(h.getByTestId('diag-events')).not.toContainText('help-desk sandbox');
    await expect(h.getByTestId('diag-helper-events')).toContainText('不属于用户');
    await expect(h.getByTestId('diag-helper-events')).toContainText('help-desk sandbox');
    // The case's own pages: no problem shown for a redacted value.
    await h.goto('/');
    await h.getByTestId('case-row').filter({ hasText: ACME_HD.name }).getByRole('link').first().click();
    await h.getByRole('link', { name: '法人信息录入' }).click();
    await expect(h.getByRole('group', { name: '法定代表人' }).getByLabel('证件号码')).toHaveValue(/^\[redacted: 18 characters\]$/);
    await expect(h.locator('.error-message, .field-error')).toHaveCount(0);
  } finally {
    await helper.context.close();
  }
});

test('staff console: reject with a note → the enterprise fixes and re-declares → approve; both timelines shown', async ({ page, browser, baseURL, request }) => {
  const e = enterprise('91350100M000100Y43', '厦门审核台测试有限公司');
  const caseUrl = await declared(page, e, 41);
  const staff = await helperContext(browser, baseURL!);
  try {
    const s = staff.page;
    await s.goto('/staff');
    await signInOnPage(s);
    await s.getByLabel('搜索（受理编号、统一社会信用代码、企业名称或人员姓名）').fill(e.name);
    await s.getByRole('button', { name: '查询' }).click();
    await expect(s.getByTestId('staff-list').locator('tbody tr')).toHaveCount(1);
    await expectNoAxeViolations(s);
    await s.getByTestId('staff-list').getByRole('link').first().click();
    const detail = s.getByTestId('staff-detail');
    await expect(detail).toHaveAttribute('data-state', 'received');
    await expect(detail).toContainText(e.legal.id);
    await expect(detail.locator('img.preview').first()).toBeVisible();
    // Slots by the labels the enterprise saw, sizes for people, no slot ids.
    const licence = detail.locator('.staff-attachments li').filter({ hasText: '营业执照' });
    await expect(licence).toContainText(/· (PNG|JPEG|PDF) · \d+(\.\d)? (B|KB|MB)/);
    const listed = (await detail.locator('.staff-attachments').allInnerTexts()).join('\n');
    expect(listed).not.toContain('operator:');
    expect(listed).not.toContain('legal_person_id_front');
    // Full size in the page: zoom and rotate by button or key, next by arrow, Esc back to the list.
    await licence.getByTestId('open-viewer').click();
    const viewer = s.getByTestId('viewer');
    await expect(viewer).toBeFocused();
    await expect(viewer.getByRole('heading')).toContainText('营业执照');
    const image = viewer.getByTestId('viewer-image');
    await expect(image).toHaveAttribute('data-zoom', '1');
    const fitted = (await image.boundingBox())!.width;
    await s.keyboard.press('+');
    await expect(image).toHaveAttribute('data-zoom', '1.5');
    expect((await image.boundingBox())!.width).toBeGreaterThan(fitted * 1.4);
    await viewer.getByRole('button', { name: '放大' }).click();
    await expect(image).toHaveAttribute('data-zoom', '2');
    await s.keyboard.press('r');
    await expect(image).toHaveAttribute('data-rotate', '90');
    await expectNoAxeViolations(s);
    await viewer.focus();
    await s.keyboard.press('ArrowRight');
    await expect(viewer.getByRole('heading')).toContainText('法人身份证（正面）');
    await expect(viewer.getByTestId('viewer-image')).toHaveAttribute('data-zoom', '1');
    await s.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
    // Focus goes back to the button of the attachment last shown.
    await expect(detail.locator('.staff-attachments li').filter({ hasText: '法人身份证（正面）' }).getByTestId('open-viewer')).toBeFocused();
    // Labels follow a switch to English, in the list and in the viewer.
    await s.getByRole('button', { name: /English/ }).click();
    await expect(detail.locator('.staff-attachments li').first()).toContainText('Business licence');
    await detail.locator('.staff-attachments li').first().getByTestId('open-viewer').click();
    await expect(viewer.getByRole('heading')).toContainText('Business licence');
    await s.keyboard.press('Escape');
    await s.getByRole('button', { name: /中文/ }).click();
    // Only the decisions a received submission takes.
    const actions = s.locator('section[aria-labelledby="staff-decide"] .actions button');
    await expect(actions).toHaveText(['审核通过', '退单']);
    await expectNoAxeViolations(s);
    // A return needs the claim first (one control claims: 认领), then a reason or note.
    await s.getByRole('button', { name: '退单', exact: true }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('请先认领此申报');
    await expect(s.getByRole('button', { name: '认领' })).toBeFocused();
    await s.getByRole('button', { name: '认领' }).click();
    await expect(s.getByTestId('staff-claim')).toHaveAttribute('data-holder', 'e2e');
    await s.getByRole('button', { name: '退单', exact: true }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('退单须选择原因或填写审批意见');
    await s.getByLabel('审批意见').fill('授权委托书未盖章，请补盖公章后重新上传');
    await s.getByRole('button', { name: '退单', exact: true }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：退单');
    // The decision history near the top says who did what and why, in the reviewer's language.
    await expect(s.getByTestId('staff-history').locator('li')).toHaveText([
      /E2E 审核员 · 认领$/,
      /E2E 审核员 · 退单：授权委托书未盖章，请补盖公章后重新上传$/,
    ]);
    const firstUrl = s.url();

    await page.goto(caseUrl);
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'rejected', { timeout: 20_000 });
    await expect(page.getByTestId('review-note')).toContainText('授权委托书未盖章');
    await page.goto(caseUrl + '/review');
    await page.getByRole('button', { name: '申报' }).click();
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });

    await s.goto('/staff');
    await s.getByRole('combobox', { name: '状态' }).selectOption({ label: '已提交' });
    await s.getByLabel('搜索（受理编号、统一社会信用代码、企业名称或人员姓名）').fill(e.name);
    await s.getByRole('button', { name: '查询' }).click();
    await expect(s.getByTestId('staff-list').locator('tbody tr')).toHaveCount(1);
    await s.getByTestId('staff-list').getByRole('link').first().click();
    await expect(s.getByTestId('staff-supersedes').getByRole('link')).toHaveText(firstUrl.split('/').pop()!);
    const secondUrl = s.url();
    // It is approved meanwhile (elsewhere): 认领 here is refused, said, and the page catches up.
    await review(request, secondUrl.split('/').pop()!, 'approve');
    await s.getByRole('button', { name: '认领' }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('审核已结束');
    await expect(s.getByTestId('staff-detail')).toHaveAttribute('data-state', 'approved');
    // The case collects at the window: never 标记已寄出.
    await expect(actions).toHaveText(['制卡完成（待领卡）']);
    await expect(s.getByTestId('staff-ready-by')).toContainText(/预计可领卡： \d{4}年\d{1,2}月\d{1,2}日/);
    // The request log is folded at the end as a whole, and says what happened in Chinese.
    const log = s.getByTestId('request-log');
    await expect(log).not.toHaveAttribute('open', '');
    await expect(log.locator('summary').first()).toContainText(/请求记录 · 共 \d+ 条/);
    await log.locator('summary').first().click();
    await expect(s.getByTestId('staff-timeline')).toContainText('PUT /submissions/{id}');
    await expect(s.getByTestId('staff-timeline')).toContainText('收到申报');
    await expect(s.getByTestId('staff-timeline')).toContainText('E2E 审核员 · 审核通过');
    await expect(s.getByTestId('staff-timeline')).not.toContainText('approved by');
    // Grouped as a reviewer reads it, each group collapsed to one line until opened.
    const timeline = s.getByTestId('staff-timeline');
    await expect(timeline.locator('details[open]')).toHaveCount(0);
    await expect(timeline.locator('details[data-group="declaration"] summary')).toContainText('申报与状态查询');
    await expect(timeline.locator('details[data-group="decisions"] summary')).toContainText('审核决定');
    // Declared again unchanged: the scans the returned submission holds were not sent twice.
    await expect(timeline.locator('details[data-group="attachment"]')).toHaveCount(0);
    await expectNoAxeViolations(s);

    await page.goto(caseUrl);
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'approved', { timeout: 20_000 });
    await expect(page.getByTestId('ready-by')).toContainText(/预计 \d{4}年\d{1,2}月\d{1,2}日 起可到服务大厅领卡/);

    // The first submission's own timeline: its requests and the return.
    await s.getByTestId('staff-supersedes').getByRole('link').click();
    await expect(s).toHaveURL(firstUrl);
    await expect(s.getByTestId('staff-detail')).toHaveAttribute('data-state', 'superseded');
    // Linked both ways, by reference; nothing left to decide on a superseded one.
    await expect(s.getByTestId('staff-superseded-by').getByRole('link')).toHaveAttribute('href', new URL(secondUrl).pathname);
    await expect(s.getByTestId('staff-no-actions')).toBeVisible();
    // Open (the page may have kept it open from the other submission).
    await s.getByTestId('request-log').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const licenceUploads = s.getByTestId('staff-timeline').locator('details[data-group="attachment"]').filter({ hasText: '营业执照' });
    await expect(licenceUploads.locator('summary')).toContainText(/\d+ 次请求，最后 \d{4}-\d{2}-\d{2}/);
    await expect(licenceUploads.getByText('PATCH /attachments/{sha256}').first()).toBeHidden();
    await licenceUploads.locator('summary').click();
    await expect(licenceUploads.getByText('PATCH /attachments/{sha256}').first()).toBeVisible();
    await expect(s.getByTestId('staff-timeline')).toContainText('PATCH /attachments/{sha256}');
    await expect(s.getByTestId('staff-timeline')).toContainText('E2E 审核员 · 退单：授权委托书未盖章');
    await expect(s.getByTestId('staff-timeline')).toContainText(/已接收：至第 \d+ 字节/);
  } finally {
    await staff.context.close();
  }
});

test('without a session every staff page and endpoint refuses; signing in survives a reload, signing out ends it', async ({ page, request }) => {
  for (const path of ['/staff', '/staff/XM20260101-000001']) {
    await page.goto(path);
    await expect(page.getByLabel('密码')).toBeVisible();
    await expect(page.getByTestId('staff-list')).toHaveCount(0);
    await expect(page.getByTestId('staff-detail')).toHaveCount(0);
  }
  await page.getByLabel('登录名').fill('e2e');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('staff-refused')).toContainText('登录名或密码不正确');
  await expectNoAxeViolations(page);
  const id = '5b1c9a52-8f3e-4d7a-9c1b-2e6f0a4d8c31';
  for (const [method, path] of [
    ['GET', '/api/v1/staff/session'],
    ['GET', '/api/v1/staff/submissions'],
    ['GET', `/api/v1/staff/submissions/${id}`],
    ['GET', `/api/v1/staff/submissions/${id}/attachments/${'a'.repeat(64)}`],
    ['POST', `/api/v1/staff/submissions/${id}/review`],
  ]) {
    for (const headers of [{ ...CSRF }, { ...CSRF, cookie: `eport_staff=${'ab'.repeat(32)}` }]) {
      const r = await request.fetch(path, { method, headers, data: method === 'POST' ? { decision: 'approve' } : undefined });
      expect(r.status(), `${method} ${path}`).toBe(401);
      expect(r.headers()['content-type']).toBe('application/problem+json');
    }
  }
  // The right password: signed in, still after a reload (the cookie is HttpOnly: the page never sees it).
  await signInOnPage(page);
  await expect(page.getByTestId('staff-bar')).toContainText('E2E 审核员');
  expect(await page.evaluate(() => document.cookie)).not.toContain('eport_staff');
  await page.reload();
  await expect(page.getByTestId('staff-bar')).toContainText('E2E 审核员');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByLabel('密码')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('密码')).toBeVisible();
});

test('?now= and ?net= hold for the whole tab: calendar, network status, outbox', async ({ page, request }) => {
  await page.goto('/services?now=2026-10-03T10:00+08:00&net=offline');
  await expect(page.getByTestId('hall-status')).toHaveAttribute('data-open', 'false');
  await expect(page.getByTestId('network-status')).toContainText('离线');
  // In-app navigation and a reload drop the query string; the switches stay.
  await page.getByRole('link', { name: '首页' }).click();
  await page.getByRole('link', { name: '服务信息' }).click();
  await expect(page).toHaveURL(/\/services$/);
  await page.reload();
  await expect(page.getByTestId('hall-status')).toHaveAttribute('data-open', 'false');
  await expect(page.getByTestId('network-status')).toContainText('离线');

  const e = enterprise('914403001922038216', '厦门复现开关测试有限公司');
  await completeCase(page, e, 51);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'queued');
  // Offline as the browser says: waiting for the network, said so.
  const phase = async () => (await outboxEntries(page))[0]?.phase?.waiting;
  await expect.poll(async () => (await phase())?.cause).toBe('offline');
  await expect(page.getByTestId('submission-status')).toContainText('网络未连接，恢复后会自动发送');
  const before = (await phase()).next_at;
  await page.getByTestId('submission-status').getByRole('button', { name: '立即重试' }).click();
  // The retry ran (a new try planned after it, within seconds of the click)
  // and stayed offline.
  await expect.poll(async () => (await phase())?.next_at ?? 0, { timeout: 5_000 }).toBeGreaterThan(before);
  expect((await phase()).cause).toBe('offline');
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'queued');
  expect(await listSubmissions(request, e.name)).toHaveLength(0);
});

test('诊断 tells cases apart by type, reference and state, and shows a repeated event once with its count', async ({ page, request }) => {
  const name = '厦门诊断区分测试有限公司';
  await completeCase(page, enterprise('91350213678251743X', name), 94);
  // The server cannot be reached: every try is the same failed ping.
  await page.route('**/api/v1/ping', (r) => r.abort());
  await page.getByRole('button', { name: '申报' }).click();
  const status = page.getByTestId('submission-status');
  await expect(status).toHaveAttribute('data-state', 'queued');
  const tries = async () => (await appEvents(page)).filter((e) => e.endpoint === 'GET /ping').length;
  await expect.poll(tries).toBeGreaterThan(0);
  for (let i = 1; i <= 3; i++) {
    const before = await tries();
    await status.getByRole('button', { name: '立即重试' }).click();
    await expect.poll(tries).toBeGreaterThan(before);
  }
  await page.goto('/diagnostics');
  const row = page.getByTestId('diag-case').filter({ hasText: name });
  await expect(row).toContainText('新用户入网（无纸化）');
  await expect(row).toContainText('待发送');
  await expect(page.getByTestId('diag-repeat').first()).toHaveText(/^×\d+$/);
  expect(await page.getByTestId('diag-event').count()).toBeLessThan((await appEvents(page)).length);
  await expect(page.locator('#main')).not.toContainText('Some(');
  await expectNoAxeViolations(page);
});
