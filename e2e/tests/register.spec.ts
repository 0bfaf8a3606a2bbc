// 导出登记簿 (#31): submissions in every state a day ends with, exported from
// the console as XLSX and CSV, and read back (the XLSX with a spreadsheet
// library): the rows and columns are the list's; personal data only when
// ticked, and the tick is in each exported submission's access log.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { png, sha256 } from '../helpers/files';
import { distDir, startServer } from '../helpers/server';
import { COLLECTOR, EMS, review, signIn, submission } from '../helpers/staff';
import { submit } from '../tools/protocol-client.mjs';

const mail = (m: any) => {
  m.case.pickup = { ...m.case.pickup, method: 'mail', recipient: '李收件', phone: '13800138000', address: '厦门市思明区示例路1号' };
  return m;
};

/** A parsed CSV (RFC 4180 quoting) after its byte-order mark. */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0), 'UTF-8 with a byte-order mark').toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (c !== '\r') cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

async function exportFrom(page: Page, format: 'xlsx' | 'csv', personal: boolean) {
  const form = page.getByTestId('register-export');
  await form.getByLabel('格式').selectOption(format);
  await form.getByLabel(/包含个人信息/).setChecked(personal);
  const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: '导出' }).click()]);
  await expect(page.getByTestId('register-outcome')).toContainText('已导出');
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

test('the register from the console: every state, XLSX and CSV read back, personal data only when ticked', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startServer(distDir());
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
  try {
    const request = context.request;
    await signIn(request, server.staff);
    const files = (seed: number) =>
      Array.from({ length: 8 }, (_, k) => png(`scan-${k}.png`, seed * 10 + k).buffer).map((bytes) => ({ bytes, sha256: sha256(bytes), mime: 'image/png' }));
    const make = async (seed: number, edit?: (m: any) => any) => (await submit(server.base, files(seed), { edit })).reference as string;
    // One of each state a day ends with.
    const received = await make(1);
    const inReview = await make(2);
    await request.post(`/api/v1/staff/submissions/${inReview}/claim`, { headers: { 'x-requested-by': 'eport-desk' }, data: {} });
    const approved = await make(3, mail);
    await review(request, approved, 'approve', undefined, server.staff);
    const returned = await make(4);
    await review(request, returned, 'reject', undefined, server.staff, { reasons: [{ code: 'unclear', field: 'attachments.business_licence' }] });
    const posted = await make(5, mail);
    await review(request, posted, 'approve', undefined, server.staff);
    await review(request, posted, 'dispatch', undefined, server.staff, { tracking_number: EMS });
    const ready = await make(6);
    await review(request, ready, 'approve', undefined, server.staff);
    await review(request, ready, 'card_made', undefined, server.staff);
    const collected = await make(7);
    await review(request, collected, 'approve', undefined, server.staff);
    await review(request, collected, 'card_made', undefined, server.staff);
    await review(request, collected, 'collect', undefined, server.staff, { collector: COLLECTOR });
    const expected: Record<string, string> = {
      [received]: '已提交',
      [inReview]: '审核中',
      [approved]: '审核通过',
      [returned]: '退单',
      [posted]: '已寄出',
      [ready]: '待领卡',
      [collected]: '已领卡',
    };

    const page = await context.newPage();
    // Signed in already: the context's requests above hold the session cookie.
    await page.goto('/staff?state=&sort=newest');
    await expect(page.getByTestId('staff-list').getByRole('row')).toHaveCount(8);
    const listed = await page.getByTestId('staff-list').locator('tbody tr td:first-child').allTextContents();
    expect(new Set(listed)).toEqual(new Set(Object.keys(expected)));
    await page.screenshot({ path: testInfo.outputPath('register-1366.png'), fullPage: true });

    // XLSX without personal data, read with a spreadsheet library.
    const plain = await exportFrom(page, 'xlsx', false);
    expect(plain.name).toMatch(/^登记簿-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(plain.bytes);
    const sheet = book.getWorksheet('登记簿')!;
    const header = (sheet.getRow(1).values as any[]).slice(1);
    expect(header[0]).toBe('受理编号');
    expect(header).toHaveLength(13);
    expect(header).not.toContain('法定代表人证件号码');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const byRef = new Map<string, any[]>();
    sheet.eachRow((row, n) => {
      if (n > 1) byRef.set(String(row.getCell(1).value), (row.values as any[]).slice(1));
    });
    expect(new Set(byRef.keys())).toEqual(new Set(Object.keys(expected)));
    for (const [ref, state] of Object.entries(expected)) expect(byRef.get(ref)![5], ref).toBe(state);
    expect(byRef.get(returned)![8]).toBe('营业执照不清晰');
    expect(byRef.get(posted)![10]).toBe(EMS);
    expect(byRef.get(received)![1], 'arrival is a date cell').toBeInstanceOf(Date);
    const idNumber = '11010519491231002X';
    expect(JSON.stringify([...byRef.values()])).not.toContain(idNumber);
    expect(JSON.stringify([...byRef.values()])).not.toContain(COLLECTOR.name);
    expect((await submission(request, returned, server.staff) as any).access.some((a: any) => a.action === 'export')).toBe(false);

    // CSV with personal data: the same rows, the personal columns, recorded.
    const full = await exportFrom(page, 'csv', true);
    const rows = parseCsv(full.bytes.toString('utf8'));
    expect(rows[0]).toHaveLength(18);
    expect(rows[0][14]).toBe('法定代表人证件号码');
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(Object.keys(expected).sort());
    const fullByRef = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(fullByRef.get(returned)![14]).toBe(idNumber);
    expect(fullByRef.get(collected)![17]).toBe(`${COLLECTOR.name}（${COLLECTOR.id_tail}）`);
    expect(fullByRef.get(posted)![16]).toContain('厦门市思明区示例路1号');
    const access = (await submission(request, returned, server.staff) as any).access as { action: string; target: string; who: { login: string } }[];
    expect(access.filter((a) => a.action === 'export')).toEqual([expect.objectContaining({ target: 'csv', who: expect.objectContaining({ login: server.staff.login }) })]);

    // On a phone, in English: the form is there and says what it does.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByTestId('register-export')).toContainText('Export the register');
    await expect(page.getByTestId('register-outcome'), 'the last outcome, now in English').toContainText('Exported: 登记簿-');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.getByTestId('register-export').screenshot({ path: testInfo.outputPath('register-en-390.png') });
  } finally {
    await context.close();
    await server.stop();
  }
});
