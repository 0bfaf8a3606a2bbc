// A reviewer's day in the staff console (issues #19, #27): find a submission
// by reference and by credit code, claim it (认领), tick the checklist (kept
// with the reviewer's name), return it with two structured reasons the
// enterprise sees as links to the field and the slot, approve the correction
// once every line is ticked, then record 制卡完成 and 已领卡 (the case chose
// 窗口领卡), which the enterprise sees. At 1366×768, axe clean.
import type { Browser, Page } from '@playwright/test';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { signInOnPage } from '../helpers/staff';
import { completeCase, enterprise } from '../helpers/wizard';
import { freshUscc } from '../helpers/uscc';
import { distDir, serverBin, startServer } from '../helpers/server';
import { execFileSync } from 'node:child_process';

async function staffPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  return { context, page: await context.newPage() };
}

async function declare(page: Page) {
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  return (await page.getByTestId('reference').textContent())!.match(/XM\d{8}-\d{6}/)![0];
}

/** Searches every submission (not only the queue). */
async function search(s: Page, q: string) {
  await s.goto('/staff');
  await s.getByRole('combobox', { name: '状态' }).selectOption({ label: '全部' });
  await s.getByLabel('搜索（受理编号、统一社会信用代码、企业名称或人员姓名）').fill(q);
  await s.getByRole('button', { name: '查询' }).click();
}

const noSideways = (s: Page) => s.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('a full review: claimed, checklist kept, two structured reasons reach the enterprise as links, approved only when every line is ticked, then made and collected at the window', async ({ page, browser, baseURL }, testInfo) => {
  const e = enterprise(freshUscc(), '厦门结构化退单测试有限公司');
  const caseUrl = await completeCase(page, e, 57);
  const reference = await declare(page);
  const staff = await staffPage(browser, baseURL!);
  try {
    const s = staff.page;
    await s.goto('/staff');
    await signInOnPage(s);
    // Found by reference, and by credit code.
    for (const q of [reference, e.uscc]) {
      await search(s, q);
      await expect(s.getByTestId('staff-list').locator('tbody tr')).toHaveCount(1);
      await expect(s.getByTestId('staff-list').locator('tbody tr')).toContainText(reference);
    }
    await s.getByTestId('staff-list').getByRole('link', { name: reference }).click();
    const detail = s.getByTestId('staff-detail');
    await expect(detail).toHaveAttribute('data-state', 'received');
    // What the codes carry, beside their fields.
    await expect(detail.locator('dd[data-derived="enterprise.uscc"]')).toHaveText('行政区划：福建省厦门市湖里区（350206）');
    await expect(detail.locator('dd[data-derived="legal_person.id_number"]')).toHaveText(/^出生日期 \d{4}-\d{2}-\d{2} · (男|女)$/);

    // Every attachment beside the fields it supports, each opened full size and zoomed.
    await expect(detail.locator('[data-block="enterprise"] .staff-attachments li')).toContainText('营业执照');
    await expect(detail.locator('[data-block="legal_person"] .staff-attachments li')).toHaveCount(2);
    await expect(detail.locator('[data-block="agent"] .staff-attachments li')).toHaveCount(3);
    await expect(detail.locator('[data-block="operators.0"] .staff-attachments li')).toHaveCount(2);
    const openers = detail.getByTestId('open-viewer');
    await expect(openers).toHaveCount(8);
    const viewer = s.getByTestId('viewer');
    for (let i = 0; i < 8; i++) {
      await openers.nth(i).click();
      const image = viewer.getByTestId('viewer-image');
      await expect(image).toHaveAttribute('data-zoom', '1');
      await viewer.getByRole('button', { name: '放大' }).click();
      await expect(image).toHaveAttribute('data-zoom', '1.5');
      expect((await image.evaluate((img: HTMLImageElement) => img.naturalWidth)) > 0, `attachment ${i + 1} decoded`).toBe(true);
      await s.keyboard.press('Escape');
      await expect(viewer).toHaveCount(0);
    }

    // The checklist: only the reviewer holding the case ticks. 认领 first.
    const checklist = s.getByTestId('staff-checklist');
    await expect(checklist.getByRole('checkbox')).toHaveCount(5); // licence, legal person, agent, operator 1, authorisation
    await expect(checklist.getByRole('checkbox').first()).toBeDisabled();
    await s.getByRole('button', { name: '认领' }).click();
    await expect(s.getByTestId('staff-claim')).toHaveAttribute('data-holder', 'e2e');
    await expect(detail).toHaveAttribute('data-state', 'in_review');
    // Two ticks, kept across a reload with the reviewer's name.
    await checklist.getByLabel('营业执照与统一社会信用代码、企业名称一致').check();
    await checklist.getByLabel('操作员 1 证件照片与证件号码一致').check();
    await expect(checklist.locator('[data-item="licence"] [data-testid="checked-by"]')).toContainText('E2E 审核员 于');
    await s.reload();
    await expect(checklist.getByLabel('营业执照与统一社会信用代码、企业名称一致')).toBeChecked();
    await expect(checklist.getByLabel('操作员 1 证件照片与证件号码一致')).toBeChecked();
    await expect(checklist.getByLabel('法定代表人证件照片与证件号码一致')).not.toBeChecked();
    await expect(checklist.locator('[data-item="id.operators.0"] [data-testid="checked-by"]')).toContainText(/E2E 审核员 于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    await expectNoAxeViolations(s);
    expect(await noSideways(s), 'no horizontal scrolling at 1366×768').toBe(true);

    // 退单 with two structured reasons and no note.
    const choices = s.getByTestId('staff-reason-choices');
    await choices.getByRole('button', { name: '退单原因' }).click();
    await choices.getByLabel('营业执照不清晰').check();
    await choices.getByLabel('操作员 1 证件号码与证件照片不符').check();
    await s.screenshot({ path: testInfo.outputPath('staff-reject-1366.png'), fullPage: true });
    await s.getByRole('button', { name: '退单', exact: true }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：退单');
    await expect(s.getByTestId('staff-reasons')).toContainText('营业执照不清晰');
    await expect(s.getByTestId('staff-reasons')).toContainText('操作员 1 证件号码与证件照片不符');

    // The enterprise sees both, each a link to its slot or field.
    await page.goto(caseUrl);
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'rejected', { timeout: 20_000 });
    const reasons = page.getByTestId('review-reasons').getByRole('link');
    await expect(reasons).toHaveText(['营业执照不清晰', '操作员 1 证件号码与证件照片不符']);
    await page.screenshot({ path: testInfo.outputPath('rejected-reasons.png'), fullPage: true });
    await expectNoAxeViolations(page);
    const targets = [
      { name: '营业执照不清晰', path: /\/attachments$/, id: 'f-attachments-business_licence' },
      { name: '操作员 1 证件号码与证件照片不符', path: /\/operators$/, id: 'f-operators-0-id_number' },
    ];
    for (const t of targets) {
      await page.goto(caseUrl);
      await page.getByTestId('review-reasons').getByRole('link', { name: t.name }).click();
      await expect(page).toHaveURL(new RegExp(`${t.path.source.replace('$', '')}#${t.id}$`));
      await expect(page.locator(`#${t.id}`)).toBeAttached();
    }

    // The enterprise corrects and declares again; the reviewer sees both linked.
    await page.goto(caseUrl + '/review');
    const second = await declare(page);
    await search(s, e.uscc);
    await expect(s.getByTestId('staff-list').locator('tbody tr')).toHaveCount(2);
    await s.getByTestId('staff-list').getByRole('link', { name: second }).click();
    await expect(s.getByTestId('staff-supersedes').getByRole('link')).toHaveText(reference);

    // Approve: claimed, and only once every checklist line is ticked.
    await s.getByRole('button', { name: '认领' }).click();
    await expect(s.getByTestId('staff-claim')).toHaveAttribute('data-holder', 'e2e');
    await checklist.getByLabel('营业执照与统一社会信用代码、企业名称一致').check();
    await expect(checklist.locator('[data-item="licence"] [data-testid="checked-by"]')).toContainText('E2E 审核员 于');
    await s.getByRole('button', { name: '审核通过' }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('审核通过前请逐项核对并勾选：法定代表人证件照片与证件号码一致');
    await expect.poll(() => s.evaluate(() => document.activeElement?.id)).toBe('check-id-legal_person');
    await expect(detail).toHaveAttribute('data-state', 'in_review');
    for (const box of await checklist.getByRole('checkbox').all()) {
      if (!(await box.isChecked())) {
        await box.check();
        await expect(box).toBeChecked();
        await expect(box).toBeEnabled();
      }
    }
    await s.getByRole('button', { name: '审核通过' }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：审核通过');
    // 窗口领卡: made, then collected; 标记已寄出 is never offered.
    await expect(s.getByRole('button', { name: '标记已寄出' })).toHaveCount(0);
    await s.getByRole('button', { name: '制卡完成（待领卡）' }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：待领卡');
    await s.getByLabel('领卡人姓名').fill('赵六');
    const tail = s.getByLabel('证件号码后 4 位');
    await tail.fill('12');
    await s.getByRole('button', { name: '登记领卡' }).click();
    await expect(s.locator('#staff-collector-tail-error')).toContainText('后 4 位');
    await expect.poll(() => s.evaluate(() => document.activeElement?.id)).toBe('staff-collector-tail');
    await expect(tail).toHaveAttribute('aria-invalid', 'true');
    await expect(detail).toHaveAttribute('data-state', 'ready_for_pickup');
    await expectNoAxeViolations(s);
    await tail.fill('001x');
    await s.getByRole('button', { name: '登记领卡' }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：已领卡');
    await expect(s.getByTestId('staff-collected')).toContainText('赵六（证件尾号 001X）');

    await page.goto(caseUrl);
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'collected', { timeout: 20_000 });
    await expect(page.getByTestId('collected')).toContainText('赵六（证件尾号 001X）已于');
    // In English too, on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByTestId('collected')).toContainText('Collected by 赵六 (ID ending 001X)');
    await page.screenshot({ path: testInfo.outputPath('collected-en-390.png'), fullPage: true });
    await page.getByRole('button', { name: /中文/ }).click();
  } finally {
    await staff.context.close();
  }
});

test('the queue: ages in business days across 中秋节 and a weekend, overdue marked, a claim seen and taken over with a reason', async ({ browser }, testInfo) => {
  // The server's clock starts on Thursday 24 September 2026: the next days
  // are 中秋节 (Fri 25) and a weekend, so the review is due Monday 28.
  const server = await startServer(distDir(), ['--clock-start', '2026-09-24T10:00:00+08:00']);
  const second = execFileSync(serverBin(), ['--data-dir', server.data, 'account', 'add', 'second', '--name', '审核员乙'], { env: { ...process.env, RUST_LOG: 'warn' } }).toString();
  const secondCreds = { login: 'second', password: second.match(/^password: (\S+)$/m)![1] };
  const enterpriseCtx = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const contexts = [enterpriseCtx];
  const reviewer = async (now: string) => {
    const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    const s = await context.newPage();
    await s.goto(`/staff?now=${encodeURIComponent(now)}`);
    return s;
  };
  try {
    const page = await enterpriseCtx.newPage();
    await completeCase(page, enterprise(freshUscc(), '厦门队列测试有限公司'), 61);
    const reference = await declare(page);
    expect(reference).toMatch(/^XM20260924-/);

    // Monday 28, 17:00: one business day waited, not overdue.
    const monday = await reviewer('2026-09-28T17:00+08:00');
    await signInOnPage(monday, server.staff);
    await expect(monday.getByRole('combobox', { name: '状态' })).toHaveValue('received,in_review');
    const row = monday.getByTestId('staff-list').locator('tbody tr').filter({ hasText: reference });
    await expect(row.getByTestId('waiting')).toHaveText('1 个工作日');
    await expect(row).toHaveAttribute('data-overdue', 'false');
    await expect(monday.getByTestId('staff-counts')).toContainText('已提交 1');
    // Found by a person's name too (the operator).
    await monday.getByLabel('搜索（受理编号、统一社会信用代码、企业名称或人员姓名）').fill('王五');
    await monday.getByRole('button', { name: '查询' }).click();
    await expect(monday.getByTestId('staff-list').locator('tbody tr')).toHaveCount(1);
    await expect(monday).toHaveURL(/q=%E7%8E%8B%E4%BA%94/);
    await monday.reload();
    await expect(monday.getByLabel('搜索（受理编号、统一社会信用代码、企业名称或人员姓名）')).toHaveValue('王五');
    await expectNoAxeViolations(monday);

    // Tuesday 29, 09:00: past its one business day.
    const tuesday = await reviewer('2026-09-29T09:00+08:00');
    await signInOnPage(tuesday, server.staff);
    const late = tuesday.getByTestId('staff-list').locator('tbody tr').filter({ hasText: reference });
    await expect(late).toHaveAttribute('data-overdue', 'true');
    await expect(late.getByTestId('waiting')).toContainText('2 个工作日 已超时 应于 2026年9月28日 前审核');
    expect(await noSideways(tuesday), 'no horizontal scrolling at 1366×768').toBe(true);
    await expectNoAxeViolations(tuesday);
    await tuesday.screenshot({ path: testInfo.outputPath('queue-overdue-1366.png'), fullPage: true });

    // 认领 claims it; a second reviewer sees who holds it.
    await late.getByRole('link', { name: reference }).click();
    await tuesday.getByRole('button', { name: '认领' }).click();
    await expect(tuesday.getByTestId('staff-claim')).toContainText('由您审核中');
    const other = await reviewer('2026-09-29T10:00+08:00');
    await signInOnPage(other, secondCreds);
    const listed = other.getByTestId('staff-list').locator('tbody tr').filter({ hasText: reference });
    await expect(listed.getByTestId('holder')).toHaveText('E2E 审核员');
    await listed.getByRole('link', { name: reference }).click();
    const claim = other.getByTestId('staff-claim');
    await expect(claim).toContainText('E2E 审核员 正在审核');
    await expectNoAxeViolations(other);
    // Taking over needs a reason, which the timeline keeps.
    await claim.getByRole('button', { name: '接手' }).click();
    await expect(other.getByTestId('staff-outcome')).toContainText('须填写原因');
    await claim.getByLabel('接手原因（将记录在请求记录中）').fill('E2E 审核员今天外出');
    await claim.getByRole('button', { name: '接手' }).click();
    await expect(other.getByTestId('staff-claim')).toContainText('由您审核中');
    await expect(other.getByTestId('staff-timeline')).toContainText('审核员乙 · 接手认领：原认领人 E2E 审核员；E2E 审核员今天外出');
    await expect(other.getByTestId('staff-history')).toContainText('审核员乙 · 接手认领：原认领人 E2E 审核员；E2E 审核员今天外出');
    // The first reviewer's page sees it within seconds, without a reload, and
    // a decision there is refused for what changed: the claim.
    await expect(tuesday.getByTestId('staff-claim')).toContainText('审核员乙 正在审核', { timeout: 5_000 });
    await tuesday.getByRole('button', { name: '审核通过' }).click();
    await expect(tuesday.getByTestId('staff-outcome')).toContainText('请先认领此申报');
    await expect(tuesday.getByTestId('staff-detail')).toHaveAttribute('data-state', 'in_review');
  } finally {
    for (const c of contexts) await c.close();
    await server.stop();
  }
});
