// A reviewer's day in the staff console (issue #19): find a submission by
// reference and by credit code, tick the checklist (kept with the reviewer's
// name), return it with two structured reasons the enterprise sees as links
// to the field and the slot, approve the correction, and mark it 已寄出 with
// an EMS number the enterprise sees. At 1366×768, axe clean.
import type { Browser, Page } from '@playwright/test';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { signInOnPage } from '../helpers/staff';
import { completeCase, enterprise } from '../helpers/wizard';
import { freshUscc } from '../helpers/uscc';

async function staffPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  return { context, page: await context.newPage() };
}

async function declare(page: Page) {
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  return (await page.getByTestId('reference').textContent())!.match(/XM\d{8}-\d{6}/)![0];
}

async function search(s: Page, q: string) {
  await s.goto('/staff');
  await s.getByLabel('搜索（受理编号、统一社会信用代码或企业名称）').fill(q);
  await s.getByRole('button', { name: '查询' }).click();
}

const noSideways = (s: Page) => s.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('a full review: checklist kept, two structured reasons reach the enterprise as links, EMS number on dispatch', async ({ page, browser, baseURL }, testInfo) => {
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

    // The checklist: two ticks, kept across a reload with the reviewer's name.
    const checklist = s.getByTestId('staff-checklist');
    await expect(checklist.getByRole('checkbox')).toHaveCount(5); // licence, legal person, agent, operator 1, authorisation
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
    await choices.getByLabel('营业执照不清晰').check();
    await choices.getByLabel('操作员 1 证件号码与证件照片不符').check();
    await s.screenshot({ path: testInfo.outputPath('staff-reject-1366.png'), fullPage: true });
    await s.getByRole('button', { name: '退单' }).click();
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

    // Approve; 标记已寄出 needs a valid EMS number.
    await s.getByRole('button', { name: '审核通过' }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：审核通过');
    const tracking = s.getByLabel('EMS 邮件号');
    await tracking.fill('EA123456784CN');
    await s.getByRole('button', { name: '标记已寄出' }).click();
    await expect(s.locator('#staff-tracking-error')).toContainText('校验位不对');
    // Focus goes to the field at fault (the staff window itself is not the active one here).
    await expect.poll(() => s.evaluate(() => document.activeElement?.id)).toBe('staff-tracking');
    await expect(tracking).toHaveAttribute('aria-invalid', 'true');
    await expect(detail).toHaveAttribute('data-state', 'approved');
    await expectNoAxeViolations(s);
    await tracking.fill('EA123456785CN');
    await s.getByRole('button', { name: '标记已寄出' }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：已寄出');
    await expect(s.getByTestId('staff-tracking')).toContainText('EA123456785CN');

    await page.goto(caseUrl);
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'dispatched', { timeout: 20_000 });
    await expect(page.getByTestId('tracking-number')).toContainText('EMS 邮件号：EA123456785CN');
    // In English too, on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByTestId('tracking-number')).toContainText('EMS mail number: EA123456785CN');
    await page.screenshot({ path: testInfo.outputPath('dispatched-en-390.png'), fullPage: true });
    await page.getByRole('button', { name: /中文/ }).click();
  } finally {
    await staff.context.close();
  }
});
