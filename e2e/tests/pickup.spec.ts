// How a card leaves the centre, as the enterprise sees it (issue #27): a
// 窗口领卡 case goes 审核通过 → 可以领卡 (where and when, and a 领卡凭条 to print,
// its reference also a QR code the counter scans) → 已领卡; a 邮寄领卡 case ends
// 已寄出 with an EMS number no other submission has, and mail that comes back
// waits at counter 1.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { COLLECTOR, CSRF, EMS, listSubmissions, review, signIn } from '../helpers/staff';
import { freshUscc } from '../helpers/uscc';
import { completeCase, enterprise } from '../helpers/wizard';

const HALL = '厦门市湖里区象兴一路11号象屿保税区海关大楼7楼服务大厅';

async function declared(page: Page, request: APIRequestContext, name: string, uscc: string, seed: number, mail = false) {
  const caseUrl = await completeCase(page, enterprise(uscc, name), seed);
  if (mail) {
    await page.goto(caseUrl + '/enterprise');
    await page.getByRole('radio', { name: '邮寄领卡' }).check();
    const pickup = page.getByRole('group', { name: '领卡方式' });
    await pickup.getByLabel('收件人').fill('陈收件');
    await pickup.getByLabel('联系电话').fill('13800138000');
    await pickup.getByLabel('收件地址').fill('福建省厦门市思明区鹭江道8号');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
    await page.goto(caseUrl + '/review');
  }
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  const [s] = await listSubmissions(request, name);
  return { caseUrl, reference: s.reference! };
}

async function showsState(page: Page, caseUrl: string, state: string) {
  await page.goto(caseUrl + '/declared');
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', state, { timeout: 20_000 });
}

/** What a QR code in the page says, read from its pixels as a phone would. */
async function qrText(code: Locator): Promise<string | null> {
  const png = PNG.sync.read(await code.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test('窗口领卡: 可以领卡 with the hall and a printable 领卡凭条 whose QR code is the reference, then 已领卡', async ({ page, request }, testInfo) => {
  const name = '厦门窗口领卡测试有限公司';
  const uscc = freshUscc();
  const { caseUrl, reference } = await declared(page, request, name, uscc, 91);
  await review(request, reference, 'approve');
  await showsState(page, caseUrl, 'approved');
  await expect(page.getByTestId('ready-by')).toContainText(/预计 \d{4}年\d{1,2}月\d{1,2}日 起可到服务大厅领卡/);
  await review(request, reference, 'card_made');
  await showsState(page, caseUrl, 'ready_for_pickup');
  await expect(page.getByTestId('submission-state')).toHaveText('可以领卡');
  await expect(page.getByTestId('hall-address')).toContainText(`${HALL}一号柜台`);
  await expectNoAxeViolations(page);

  await page.getByTestId('print-receipt').click();
  await expect(page).toHaveURL(/\/print\?sheet=receipt$/);
  const sheet = page.locator('.sheet[data-form="receipt"]');
  await expect(sheet).toBeVisible({ timeout: 20_000 });
  await expect(sheet.getByTestId('receipt-reference')).toHaveText(reference);
  await expectNoAxeViolations(page);
  expect(await qrText(sheet.getByTestId('receipt-qr')), 'the QR code reads back as the reference').toBe(reference);

  await page.emulateMedia({ media: 'print' });
  const file = testInfo.outputPath('receipt.pdf');
  writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
  await page.emulateMedia({ media: 'screen' });
  await testInfo.attach('receipt.pdf', { path: file, contentType: 'application/pdf' });
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[ \t\u3000]+/g, '');
  for (const want of ['电子口岸卡领卡凭条', reference, name, uscc, HALL, '企业盖章']) {
    expect(text, `the PDF says ${want}`).toContain(want);
  }
  expect(text.split('\f').filter((p) => p.trim() !== '').length, 'one A4 page').toBe(1);

  await review(request, reference, 'collect', undefined, undefined, { collector: COLLECTOR });
  await showsState(page, caseUrl, 'collected');
  await expect(page.getByTestId('collected')).toContainText('赵六（证件尾号 001X）');
  // On a phone, in English.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByTestId('submission-state')).toHaveText('Collected');
  await page.screenshot({ path: testInfo.outputPath('collected-en-390.png'), fullPage: true });
});

test('邮寄领卡: 已寄出 with one EMS number per parcel; mail that comes back waits at counter 1', async ({ page, request }) => {
  const first = await declared(page, request, '厦门邮寄领卡测试有限公司', freshUscc(), 92, true);
  const second = await declared(page, request, '厦门邮寄重号测试有限公司', freshUscc(), 93, true);
  for (const r of [first.reference, second.reference]) await review(request, r, 'approve');
  await showsState(page, first.caseUrl, 'approved');
  await expect(page.getByTestId('dispatch-by')).toContainText(/预计 \d{4}年\d{1,2}月\d{1,2}日 寄出电子口岸卡/);
  await review(request, first.reference, 'dispatch', undefined, undefined, { tracking_number: EMS });
  await showsState(page, first.caseUrl, 'dispatched');
  await expect(page.getByTestId('tracking-number')).toContainText(`EMS 邮件号：${EMS}`);

  // The same number for another submission is refused, naming the first.
  await signIn(request);
  const again = await request.post(`/api/v1/staff/submissions/${second.reference}/review`, {
    headers: CSRF,
    data: { decision: 'dispatch', tracking_number: EMS },
  });
  expect(again.status()).toBe(422);
  const problem = await again.json();
  expect(problem.type).toBe('urn:eport-desk:problem:tracking-used');
  expect(problem.detail).toContain(first.reference);

  // The courier brings the first one back.
  await review(request, first.reference, 'mail_returned', '地址无法投递');
  await showsState(page, first.caseUrl, 'ready_for_pickup');
  await expect(page.getByTestId('mail-returned')).toContainText('邮寄的电子口岸卡已退回（地址无法投递），请到服务大厅一号柜台领卡。');
  await expect(page.getByTestId('print-receipt')).toBeVisible();
});
