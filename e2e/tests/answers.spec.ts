// 核对 and the staff console show every field of the registry for a full case
// (邮寄领卡, two operators, one on a passport), and every 修改 link opens the page
// that holds the field's input, on that input. Checked on a phone and in English.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { png } from '../helpers/files';
import { attach, completeCase, enterprise, fillOperator, waitSaved } from '../helpers/wizard';
import { signInOnPage } from '../helpers/staff';

// 4 enterprise + 5 legal person + 4 agent + 5 pickup + 13 per operator × 2 + 6 attachments.
const ROWS = 4 + 5 + 4 + 5 + 13 * 2 + 6;

async function fullCase(page: Page) {
  const e = enterprise('91350213678251743X', '厦门核对全字段有限公司');
  const caseUrl = await completeCase(page, e, 51);
  await page.goto(caseUrl + '/enterprise');
  await page.getByRole('radio', { name: '邮寄领卡' }).check();
  await page.locator('#f-pickup-recipient').fill('陈收件');
  await page.locator('#f-pickup-phone').fill('13700137000');
  await page.locator('#f-pickup-address').fill('福建省厦门市思明区鹭江道100号');
  await page.locator('#f-pickup-remarks').fill('请在工作日投递');
  await waitSaved(page);
  await page.goto(caseUrl + '/operators');
  await page.getByRole('group', { name: '操作员 1', exact: true }).getByLabel('传真').fill('0592-5653396');
  await page.getByRole('button', { name: '添加操作员' }).click();
  await fillOperator(page, 2, { name: 'Anna Schmidt', id: 'E12345678', idType: '护照', sex: '女', birth: '1990-05-06' });
  await page.getByRole('group', { name: '操作员 2', exact: true }).getByLabel('传真').fill('0592-5653397');
  await waitSaved(page);
  await page.goto(caseUrl + '/attachments');
  await attach(page, '操作员 2 身份证（正面）', png('op2-front.png', 5191));
  await attach(page, '操作员 2 身份证（反面）', png('op2-back.png', 5192));
  await waitSaved(page);
  return { e, caseUrl };
}

test('核对 lists every field with a value, and each 修改 link lands on its input', async ({ page }, testInfo) => {
  const { caseUrl } = await fullCase(page);
  await page.goto(caseUrl + '/review');
  const rows = page.locator('.answer');
  await expect(rows).toHaveCount(ROWS);
  await expect(page.locator('.answer dd.not-filled')).toHaveCount(0);
  const links: { field: string; href: string }[] = [];
  const derived: string[] = [];
  for (const row of await rows.all()) {
    const field = (await row.getAttribute('data-field'))!;
    if ((await row.locator('a').count()) === 0) derived.push(field);
    else links.push({ field, href: (await row.locator('a').getAttribute('href'))! });
  }
  expect(new Set([...links.map((l) => l.field), ...derived]).size).toBe(ROWS);
  // The first operator's sex and birth date come from the ID number: no 修改 link of their own.
  expect(derived.sort()).toEqual(['operators.0.birth_date', 'operators.0.sex']);
  expect(links.find((l) => l.field === 'operators.1.sex')!.href).toMatch(/\/operators#f-operators-1-sex$/);
  await expect(page.locator('.answer[data-field="enterprise.agency_code"] dd').first()).toHaveText('20 厦门制卡中心');
  for (const { field, href } of links) {
    await page.goto(href);
    const id = href.split('#')[1];
    const input = page.locator(`#${id}`);
    await expect(input, `${field} → ${href}`).toBeAttached();
    expect(await input.evaluate((el) => el.closest('[hidden]') === null), `${field}: its input is not hidden`).toBe(true);
    expect(new URL(page.url()).pathname).toBe(new URL(href, page.url()).pathname);
  }
  // On a phone, in English: the same rows, labelled in English.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(caseUrl + '/review');
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.locator('.answer').first()).toContainText('Unified social credit code');
  await expect(page.locator('.answer')).toHaveCount(ROWS);
  await expect(page.getByText('Nationality (region)').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'nothing scrolls sideways').toBeLessThanOrEqual(390);
  await expectNoAxeViolations(page);
  await testInfo.attach('review-en-390', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await page.getByRole('button', { name: /中文/ }).click();
});

test('the staff console shows every declared field with its label', async ({ page, browser, baseURL }, testInfo) => {
  const { e, caseUrl } = await fullCase(page);
  await page.goto(caseUrl + '/review');
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    const s = await context.newPage();
    await s.goto('/staff');
    await signInOnPage(s);
    await s.getByLabel('搜索（受理编号、统一社会信用代码、企业名称或人员姓名）').fill(e.name);
    await s.getByRole('button', { name: '查询' }).click();
    await s.getByTestId('staff-list').getByRole('link').first().click();
    const detail = s.getByTestId('staff-detail');
    await expect(detail.locator('dd[data-field="operators.1.fax"]')).toBeVisible();
    for (const [field, value] of [
      ['pickup.recipient', '陈收件'],
      ['pickup.address', '福建省厦门市思明区鹭江道100号'],
      ['operators.0.sex', '男'],
      ['operators.1.birth_date', '1990-05-06'],
      ['operators.1.id_type', '护照'],
      ['operators.1.fax', '0592-5653397'],
      ['legal_person.id_type', '居民身份证'],
    ]) {
      await expect(detail.locator(`dd[data-field="${field}"]`), field).toHaveText(value);
    }
    await expect(detail.getByRole('heading', { name: '操作员 2' })).toBeVisible();

    // Field by field against the manifest the server stored: every value of
    // the declared case is on the page under its own path, as text or as its
    // option's label; an attachment by its file name.
    const key = new URL(s.url()).pathname.split('/').pop()!;
    const stored = await (await s.request.get(`/api/v1/staff/submissions/${key}`)).json();
    const declared = stored.manifest.case;
    // The scans are shown once, beside the fields they support, not again as rows.
    const scans = declared.attachments.length;
    await expect(detail.locator('dd[data-field]')).toHaveCount(ROWS - scans);
    for (const a of declared.attachments as { name: string }[]) {
      await expect(detail.locator('.staff-attachments li').filter({ hasText: a.name }), a.name).toHaveCount(1);
    }
    const LABELS: Record<string, Record<string, string>> = {
      id_type: { resident_id: '居民身份证', hmt_residence_permit: '港澳台居民居住证', hk_macau_permit: '港澳居民来往内地通行证', taiwan_permit: '台湾居民来往大陆通行证', foreign_permanent_resident: '外国人永久居留身份证', passport: '护照' },
      sex: { male: '男', female: '女' },
      method: { window: '窗口领卡', mail: '邮寄领卡' },
    };
    const expected = new Map<string, string>();
    for (const block of ['enterprise', 'legal_person', 'agent', 'pickup']) {
      for (const [k, v] of Object.entries(declared[block])) expected.set(`${block}.${k}`, String(v ?? ''));
    }
    declared.operators.forEach((o: Record<string, unknown>, n: number) => {
      for (const [k, v] of Object.entries(o)) if (k !== 'key') expected.set(`operators.${n}.${k}`, String(v ?? ''));
    });
    const slotOf = (field: string) => {
      const m = field.match(/^operators\.(\d+)\.(id_front|id_back)$/);
      if (m) return `operator:${declared.operators[Number(m[1])].key}:${m[2]}`;
      return field.startsWith('attachments.') ? field.slice('attachments.'.length) : null;
    };
    let compared = 0;
    for (const dd of await detail.locator('dd[data-field]').all()) {
      const field = (await dd.getAttribute('data-field'))!;
      const shown = (await dd.innerText()).trim();
      const slot = slotOf(field);
      if (slot) {
        const file = declared.attachments.find((a: { slot: string }) => a.slot === slot);
        expect(file, `${field}: declared`).toBeTruthy();
        expect(shown, field).toContain(file.name);
      } else {
        expect(expected.has(field), `${field} is in the manifest`).toBe(true);
        const raw = expected.get(field)!;
        const key = field.split('.').pop()!;
        const want = LABELS[key]?.[raw] ?? raw;
        // An ID that carries sex and birth date leaves them empty in the manifest.
        if (raw === '' && ['sex', 'birth_date'].includes(key)) expect(shown, field).not.toBe('');
        else if (key === 'agency_code') expect(shown, field).toMatch(new RegExp(`^${raw} `));
        // Phones are stored as digits and read grouped: 137 0013 7000, 0592-5653396.
        else if (['mobile', 'phone', 'fax'].includes(key) && raw !== '') {
          expect(shown, field).toMatch(/^\d+([ -]\d+)+$/);
          expect(shown.replace(/[ -]/g, ''), field).toBe(raw);
        }
        else expect(shown, field).toBe(want);
      }
      compared++;
    }
    expect(compared).toBe(ROWS - scans);
    expect(await s.evaluate(() => document.documentElement.scrollWidth), 'nothing scrolls sideways').toBeLessThanOrEqual(390);
    await expectNoAxeViolations(s);
    await testInfo.attach('staff-detail-390', { body: await s.screenshot({ fullPage: true }), contentType: 'image/png' });
  } finally {
    await context.close();
  }
});

test('the review sheet prints the full case, every field and scan, on at most two A4 pages', async ({ page, browser, baseURL }, testInfo) => {
  const { caseUrl } = await fullCase(page);
  await page.goto(caseUrl + '/review');
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  const reference = (await page.getByTestId('reference').textContent())!.match(/XM\d{8}-\d{6}/)![0];
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  try {
    const s = await context.newPage();
    await s.goto(`/staff/${reference}`);
    await signInOnPage(s);
    await s.getByRole('link', { name: '打印审核单' }).click();
    const sheet = s.getByTestId('case-sheet');
    await expect(sheet.getByRole('heading', { name: '电子口岸 IC 卡申报审核单' })).toBeVisible();
    // Every scan is shown, small, once its bytes arrived.
    await expect(sheet.locator('.sheet-scans img')).toHaveCount(10);
    await s.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.sheet-scans img')].every((i) => i.complete && i.naturalWidth > 0));
    await expectNoAxeViolations(s);
    const values = (await sheet.locator('.sheet-fields dd').allInnerTexts()).map((v) => v.trim()).filter((v) => v !== '');
    const labels = await sheet.locator('.sheet-fields dt').allInnerTexts();
    expect(labels.length, 'every declared field has its row').toBe(ROWS);
    await s.emulateMedia({ media: 'print' });
    const pdf = await s.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    const file = testInfo.outputPath('sheet.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length, 'two A4 pages at most').toBeLessThanOrEqual(2);
    const flat = squash(text);
    for (const v of values) expect(flat, `the PDF shows ${v}`).toContain(squash(v));
    expect(flat).toContain(reference);
    expect(flat, 'no buttons in print').not.toContain('返回审核页');
    expect(flat, 'nor the sign-in bar').not.toContain('退出登录');
    // The pages as images, to look at.
    execFileSync('pdftoppm', ['-png', '-r', '60', file, testInfo.outputPath('sheet-page')]);
  } finally {
    await context.close();
  }
});

/** pdftotext breaks lines and pads; compare text without any white space. */
function squash(s: string): string {
  return s.replace(/\s+/g, '');
}
