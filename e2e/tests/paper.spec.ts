// The paper business types (1b, 2–9) and the printable forms 附件1–附件5: every type
// is chosen, filled, ticked and printed to PDF; pdftotext reads the PDF back.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { test, expect, visit, expectNoAxeViolations } from '../fixtures';
import type { Page, TestInfo } from '@playwright/test';
import { ACME, fillEnterprisePart, fillOperator, startPaperlessCase, waitSaved } from '../helpers/wizard';

const TITLE = {
  F1: '中国电子口岸数据中心厦门分中心制卡业务受理登记表',
  F2: '中国电子口岸数据中心厦门分中心电子口岸卡登记表',
  F3: '中国电子口岸数据中心厦门分中心业务变更申请表',
  F4: '中国电子口岸数据中心厦门分中心企业注销申请表',
  F5: '授权委托书',
} as const;
type FormKey = keyof typeof TITLE;

const OPERATOR = { name: '陈七', id: '350203199003070022' };
const OPERATOR2 = { name: '周八', id: '440524188001010014' };
/** ACME's 0592-5653395 as stored and printed: digits only. */
// Stored as digits, printed grouped.
const AGENT_PHONE = '0592-5653395';
const MAIL = { recipient: '王五', phone: '13800138000', address: '福建省厦门市思明区鹭江道8号' };

/** 新建办理 → the type's guide → 开始办理 → its case page. */
async function start(page: Page, slug: string, name: string) {
  await visit(page, '/new');
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/new/${slug}$`));
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '开始办理' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

async function fillEnterprise(page: Page) {
  await page.locator('#f-enterprise-uscc').fill(ACME.uscc);
  await page.locator('#f-enterprise-name').fill(ACME.name);
}

/** 附件1's common part: 经办人 and 邮寄领卡 with its address. */
async function fillForm1(page: Page) {
  await fillEnterprise(page);
  const agent = page.getByRole('group', { name: '经办人' });
  await agent.getByLabel('姓名').fill(ACME.agent.name);
  await agent.getByLabel('联系电话').fill(ACME.agent.phone);
  await page.getByRole('radio', { name: '邮寄领卡' }).check();
  await page.locator('#f-pickup-recipient').fill(MAIL.recipient);
  await page.locator('#f-pickup-phone').fill(MAIL.phone);
  await page.locator('#f-pickup-address').fill(MAIL.address);
}

async function fillLegalHolder(page: Page) {
  const g = page.getByRole('group', { name: '法人卡持卡人基本信息' });
  await g.getByLabel('姓名').fill(ACME.legal.name);
  await g.getByLabel('证件号码').fill(ACME.legal.id);
  await g.getByLabel('职务').fill('总经理');
  await g.getByLabel('联系电话').fill(ACME.legal.mobile);
}

async function addOperator(page: Page, n: number, o: { name: string; id: string }) {
  await page.getByRole('button', { name: '添加操作员' }).click();
  await fillOperator(page, n, o);
}

/** Ticks every checklist item and checks the count says so. */
async function tickChecklist(page: Page) {
  const boxes = page.locator('section[aria-labelledby="p-checklist"] input[type=checkbox]');
  const n = await boxes.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await boxes.nth(i).check();
  await expect(page.getByTestId('checklist-progress')).toHaveText(`已准备 ${n} / ${n} 项`);
}

/** No problem left: 检查填写内容 shows no error summary. */
async function expectComplete(page: Page) {
  await page.getByRole('button', { name: '检查填写内容' }).click();
  await expect(page.locator('.error-summary')).toBeHidden();
  await expect(page.getByTestId('print-incomplete')).toHaveCount(0);
}

type Printed = { pages: string[]; text: string };

/** Opens the print view, attaches a screenshot of every sheet, prints to PDF and extracts its text. */
async function printForms(page: Page, testInfo: TestInfo): Promise<Printed> {
  await waitSaved(page);
  await expectNoAxeViolations(page);
  await page.getByTestId('print-forms').click();
  await expect(page).toHaveURL(/\/print$/);
  await expect(page.locator('.sheet').first()).toBeVisible();
  await expectNoAxeViolations(page);
  await page.emulateMedia({ media: 'print' });
  const sheets = page.locator('.sheet');
  for (let i = 0; i < (await sheets.count()); i++) {
    const form = await sheets.nth(i).getAttribute('data-form');
    await testInfo.attach(`sheet-${i + 1}-${form}.png`, {
      body: await sheets.nth(i).screenshot(),
      contentType: 'image/png',
    });
  }
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  const file = testInfo.outputPath('forms.pdf');
  writeFileSync(file, pdf);
  await testInfo.attach('forms.pdf', { path: file, contentType: 'application/pdf' });
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p) => p.trim() !== '');
  expect(pages.length, 'one PDF page per sheet').toBe(await sheets.count());
  return { pages, text };
}

/** The PDF pages that carry `form`'s title. */
function pagesOf(p: Printed, form: FormKey): string[] {
  return p.pages.filter((t) => squash(t).includes(TITLE[form]));
}

/** pdftotext -layout pads with spaces; compare Chinese text without them. */
function squash(s: string): string {
  return s.replace(/[ \t\u3000]+/g, '');
}

function expectUnder(p: Printed, form: FormKey, values: string[], copies = 1) {
  const pages = pagesOf(p, form);
  expect(pages.length, `${form} printed ${copies}×`).toBe(copies);
  for (const page of pages) {
    for (const v of values) expect(squash(page), `${form} shows ${v}`).toContain(squash(v));
  }
}

/** The ID grid: one character per box, so the number comes out spaced, never in one piece. */
function expectIdGrid(page: string, id: string) {
  const spaced = new RegExp(id.split('').join('\\s+'));
  expect(page).toMatch(spaced);
  expect(page).not.toContain(id);
}

async function expectDomGrid(page: Page, id: string) {
  const cells = page.locator('.sheet[data-form="F2"]').first().locator('[data-field="operator_id"] .id-cell');
  await expect(cells).toHaveCount(18);
  await expect(cells).toHaveText(id.split(''));
}

test('1b 新用户入网（非无纸化）: 附件1 + one 附件2 per operator, ID in 18 boxes', async ({ page }, testInfo) => {
  await start(page, 'enrollment-paper', '新用户入网（非无纸化）');
  await fillForm1(page);
  await fillLegalHolder(page);
  await addOperator(page, 1, OPERATOR);
  await addOperator(page, 2, OPERATOR2);
  await tickChecklist(page);
  await expectComplete(page);
  const p = await printForms(page, testInfo);
  expectUnder(p, 'F1', [ACME.name, ACME.uscc, ACME.agent.name, AGENT_PHONE, '☑新用户入网', '☑邮寄领卡', MAIL.address, MAIL.recipient]);
  const f2 = pagesOf(p, 'F2');
  expect(f2.length).toBe(2);
  expect(squash(f2[0])).toContain(OPERATOR.name);
  expect(squash(f2[1])).toContain(OPERATOR2.name);
  for (const pg of f2) {
    expect(squash(pg)).toContain(ACME.legal.name);
    expect(squash(pg)).toContain('总经理');
    expectIdGrid(pg, ACME.legal.id);
  }
  expectIdGrid(f2[0], OPERATOR.id);
  expectIdGrid(f2[1], OPERATOR2.id);
  await expectDomGrid(page, OPERATOR.id);
  // Derived from the ID, not typed: sex and birth date of the operator.
  expect(squash(f2[0])).toContain('1990-03-07');
});

test('2 企业基本信息变更: 附件1, 附件2 and 附件3 with the change', async ({ page }, testInfo) => {
  await start(page, 'info-change', '企业基本信息变更');
  await fillForm1(page);
  await page.getByLabel('卡号').fill('8900000000012345');
  await page.getByLabel('变更内容').fill('企业名称由“厦门旧名有限公司”变更为“厦门示例贸易有限公司”');
  await fillLegalHolder(page);
  await tickChecklist(page);
  await expectComplete(page);
  const p = await printForms(page, testInfo);
  expectUnder(p, 'F1', [ACME.name, '☑企业基本信息变更', '卡号：8900000000012345']);
  expectUnder(p, 'F2', [ACME.legal.name]);
  expectUnder(p, 'F3', [ACME.name, ACME.uscc, ACME.agent.name, '厦门旧名有限公司']);
});

test('3 变更电子口岸操作员卡: 附件1 with the card number, 附件2 of the new holder', async ({ page }, testInfo) => {
  await start(page, 'operator-card-change', '变更电子口岸操作员卡');
  await fillForm1(page);
  await page.getByLabel('卡号').fill('8900000000054321');
  await addOperator(page, 1, OPERATOR);
  await tickChecklist(page);
  await expectComplete(page);
  const p = await printForms(page, testInfo);
  expectUnder(p, 'F1', ['☑企业操作员卡变更', '卡号：8900000000054321']);
  expectUnder(p, 'F2', [OPERATOR.name]);
  // Only the operator block is filled for an operator card.
  expect(squash(pagesOf(p, 'F2')[0])).not.toContain(ACME.legal.name);
  expectIdGrid(pagesOf(p, 'F2')[0], OPERATOR.id);
});

test('4 新增电子口岸操作员卡: one 附件2 per new card, same ID twice refused', async ({ page }, testInfo) => {
  await start(page, 'operator-card-add', '新增电子口岸操作员卡');
  await expect(page.getByText('厦门分中心，关区取货').first()).toBeVisible();
  await fillForm1(page);
  await addOperator(page, 1, OPERATOR);
  await addOperator(page, 2, { ...OPERATOR2, id: OPERATOR.id });
  await page.getByRole('button', { name: '检查填写内容' }).click();
  await expect(page.locator('.error-summary')).toContainText('同一人在同一企业只能办理一张电子口岸卡');
  await page.getByRole('group', { name: '操作员 2', exact: true }).getByLabel('证件号码').fill(OPERATOR2.id);
  await tickChecklist(page);
  await expectComplete(page);
  const p = await printForms(page, testInfo);
  expectUnder(p, 'F1', ['4.增办☑操作员卡']);
  const f2 = pagesOf(p, 'F2');
  expect(f2.length).toBe(2);
  expectIdGrid(f2[1], OPERATOR2.id);
});

test('5 补办电子口岸卡: 附件1 ticks 补卡 and the card replaced', async ({ page }, testInfo) => {
  await start(page, 'card-reissue', '补办电子口岸卡');
  await fillForm1(page);
  await page.getByRole('radio', { name: '操作员卡' }).check();
  await tickChecklist(page);
  await expectComplete(page);
  const p = await printForms(page, testInfo);
  expectUnder(p, 'F1', [ACME.name, '3.补卡☐法人卡☑操作员卡', '☐新用户入网']);
});

test('6 电子口岸卡证书更新 and 7 解锁: 附件1 with the card number', async ({ page }, testInfo) => {
  await start(page, 'certificate-renewal', '电子口岸卡证书更新');
  await fillForm1(page);
  await page.getByLabel('卡号').fill('8900000000011111');
  await tickChecklist(page);
  await expectComplete(page);
  let p = await printForms(page, testInfo);
  expectUnder(p, 'F1', ['☑电子口岸卡证书更新', '卡号：8900000000011111']);

  await start(page, 'card-unlock', '电子口岸卡解锁');
  // Same credit code: the enterprise details come from the earlier case.
  await page.locator('#f-enterprise-uscc').fill(ACME.uscc);
  await page.locator('#f-enterprise-uscc').blur();
  await expect(page.locator('#f-enterprise-name')).toHaveValue(ACME.name);
  await expect(page.getByRole('group', { name: '经办人' }).getByLabel('姓名')).toHaveValue(ACME.agent.name);
  // So do 收件人 and 收件地址, for when the card is mailed.
  await expect(page.locator('#f-pickup-recipient')).toHaveValue(MAIL.recipient);
  await expect(page.locator('#f-pickup-phone')).toHaveValue('138 0013 8000');
  await expect(page.locator('#f-pickup-address')).toHaveValue(MAIL.address);
  await page.getByRole('radio', { name: '窗口领卡' }).check();
  // Typed as it is grouped on the card; stored and printed as one run of digits.
  await page.getByLabel('卡号').fill('8900 0000-0002 2222');
  await page.getByLabel('卡号').blur();
  await expect(page.getByLabel('卡号')).toHaveValue('8900000000022222');
  await tickChecklist(page);
  await expectComplete(page);
  p = await printForms(page, testInfo);
  expectUnder(p, 'F1', [ACME.name, AGENT_PHONE, '☑电子口岸卡解锁', '卡号：8900000000022222', '☑窗口领卡']);
  // Unsquashed: the number is not split by spaces or a line break.
  expect(pagesOf(p, 'F1')[0]).toContain('8900000000022222');
  expect(pagesOf(p, 'F1')[0]).toContain('0592-5653395');
  expect(squash(pagesOf(p, 'F1')[0])).toContain('☐邮寄领卡');
});

test('8 自购读卡器领取: two routes, a ready e-mail, and 附件5', async ({ page }, testInfo) => {
  await start(page, 'card-reader', '自购读卡器领取');
  await page.getByRole('radio', { name: '厂商邮寄' }).check();
  await expect(page.getByTestId('reader-vendor')).toBeVisible();
  await page.getByRole('radio', { name: '关区取货（厦门分中心代为邮寄）' }).check();
  await fillEnterprise(page);
  const f5 = page.getByRole('group', { name: '授权委托书（附件5）信息' });
  await f5.getByLabel('收件人').fill(MAIL.recipient);
  await f5.getByLabel('联系电话').fill(MAIL.phone);
  await f5.getByLabel('收件地址').fill(MAIL.address);
  await f5.getByLabel('法人姓名').fill(ACME.legal.name);
  await f5.getByLabel('法人电话（手机）').fill(ACME.legal.mobile);
  const href = await page.getByTestId('reader-mailto').getAttribute('href');
  expect(href).toMatch(/^mailto:xmport@189\.cn\?subject=/);
  const url = new URL(href!);
  expect(url.searchParams.get('subject')).toContain(ACME.name);
  const body = url.searchParams.get('body')!;
  expect(body).toContain(ACME.uscc);
  expect(body).toContain('厦门分中心，关区取货');
  expect(body).toContain(MAIL.address);
  await tickChecklist(page);
  await expectComplete(page);
  const p = await printForms(page, testInfo);
  expectUnder(p, 'F5', [ACME.name, ACME.uscc, MAIL.address, MAIL.recipient, MAIL.phone, ACME.legal.name, ACME.legal.mobile]);
});

test('9 电子口岸注销: locked until the three pre-checks, then 附件1 and 附件4 twice', async ({ page }, testInfo) => {
  await start(page, 'deregistration', '电子口岸注销');
  const id = page.url().split('/').pop();
  await expect(page.getByTestId('forms-locked')).toBeVisible();
  await expect(page.getByTestId('print-forms')).toHaveCount(0);
  await expect(page.locator('#f-paper-legal_card_number')).toHaveCount(0);
  await visit(page, `/cases/${id}/print`);
  await expect(page.getByTestId('forms-locked')).toBeVisible();
  await expect(page.locator('.sheet')).toHaveCount(0);

  await page.goto(`/cases/${id}`);
  const pre = page.locator('section.precheck input[type=checkbox]');
  await expect(pre).toHaveCount(3);
  await pre.nth(0).check();
  await pre.nth(1).check();
  await expect(page.getByTestId('forms-locked')).toBeVisible();
  await pre.nth(2).check();
  await expect(page.getByTestId('forms-locked')).toHaveCount(0);
  await fillForm1(page);
  await page.getByRole('radio', { name: '企业注销' }).check();
  await page.getByLabel('电子口岸法人卡号').fill('8900000000000001');
  await page.getByLabel('电子口岸操作员卡号').fill('8900000000000002、8900000000000003');
  await tickChecklist(page);
  await expectComplete(page);
  // The ticks are saved with the case.
  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId('forms-locked')).toHaveCount(0);
  await expect(page.getByTestId('checklist-progress')).toHaveText(/已准备 (\d+) \/ \1 项/);
  const p = await printForms(page, testInfo);
  expectUnder(p, 'F1', ['5.注销☑企业注销☐电子口岸卡注销', '8900000000000001']);
  expectUnder(p, 'F4', [ACME.name, ACME.uscc, ACME.agent.name, '8900000000000001', '8900000000000003'], 2);
});

test('1a 无纸化: 附件5 prints pre-filled from the enterprise part', async ({ page }, testInfo) => {
  const url = await startPaperlessCase(page);
  await page.goto(`${url}/enterprise`);
  await fillEnterprisePart(page, ACME);
  await waitSaved(page);
  await page.goto(url);
  await page.getByRole('link', { name: '打印《授权委托书》（附件5）' }).click();
  await expect(page.locator('.sheet[data-form="F5"]')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const file = testInfo.outputPath('form5.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  expect(squash(text)).toContain(TITLE.F5);
  expect(squash(text)).toContain(ACME.name);
  expect(squash(text)).toContain(ACME.legal.name);
  await page.emulateMedia({ media: 'screen' });
});

test('unfilled fields print blank, never "undefined"', async ({ page }, testInfo) => {
  await start(page, 'info-change', '企业基本信息变更');
  await waitSaved(page);
  await expect(page.getByTestId('print-incomplete')).toBeVisible();
  const p = await printForms(page, testInfo);
  expect(p.text).not.toMatch(/undefined|null|NaN/);
  expectUnder(p, 'F1', ['☐新用户入网', '申办日期']);
  expect(pagesOf(p, 'F2').length).toBe(1);
});

test('timelines count the working Saturday and skip 春节', async ({ page }) => {
  await start(page, 'card-unlock', '电子口岸卡解锁');
  const date = page.locator('#f-paper-acceptance_date');
  await date.fill('2026-02-13');
  await expect(page.getByTestId('timeline-accepted')).toHaveAttribute('data-date', '2026-02-13');
  // 2nd business day: Sat 02-14 (working day), then 02-24 after the holiday.
  await expect(page.getByTestId('timeline-dispatch')).toHaveAttribute('data-date', '2026-02-24');
  await expect(page.getByTestId('timeline-dispatch')).toContainText('2026年2月24日（星期二）');
  await date.fill('2026-02-14');
  await expect(page.getByTestId('timeline-accepted')).toHaveAttribute('data-date', '2026-02-14');
  await expect(page.getByTestId('timeline-moved')).toHaveCount(0);
  await expect(page.getByTestId('timeline-dispatch')).toHaveAttribute('data-date', '2026-02-25');
  // Received during the holiday: accepted on the first day back.
  await date.fill('2026-02-16');
  await expect(page.getByTestId('timeline-moved')).toHaveText('所填日期为非工作日，按下一个工作日受理计算。');
  await expect(page.getByTestId('timeline-accepted')).toHaveAttribute('data-date', '2026-02-24');
  // The date is saved with the case.
  await waitSaved(page);
  await page.reload();
  await expect(page.locator('#f-paper-acceptance_date')).toHaveValue('2026-02-16');

  await start(page, 'enrollment-paper', '新用户入网（非无纸化）');
  await page.locator('#f-paper-acceptance_date').fill('2026-02-13');
  await expect(page.getByTestId('timeline-review')).toHaveAttribute('data-date', '2026-02-14');
  await expect(page.getByTestId('timeline-dispatch')).toHaveAttribute('data-date', '2026-02-26');
  // No date entered counts from today (pinned here to a 春节 Sunday).
  await page.goto(`${page.url()}?now=2026-02-15T10:00+08:00`);
  await page.locator('#f-paper-acceptance_date').fill('');
  await expect(page.getByTestId('timeline-moved')).toHaveText('今天不是工作日，按下一个工作日受理计算。');
  await expect(page.getByTestId('timeline-accepted')).toHaveAttribute('data-date', '2026-02-24');
});

test('the mailing block says EMS only and copies the address', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await start(page, 'card-unlock', '电子口岸卡解锁');
  const block = page.getByTestId('mail-block');
  await expect(block).toContainText('厦门市湖里区象兴一路11号象屿保税区海关大楼7楼');
  await expect(block).toContainText('服务大厅');
  await expect(block).toContainText('0592-5653395');
  await expect(page.getByText(/仅接收邮政 EMS/)).toBeVisible();
  await page.getByRole('button', { name: '复制邮寄地址' }).click();
  await expect(page.getByTestId('mail-copied')).toHaveText(/已复制/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe('厦门市湖里区象兴一路11号象屿保税区海关大楼7楼 服务大厅 0592-5653395');
});
