// What a reviewer does with cases chosen in the list (#31): their 审核单
// printed as one PDF, each case from a new page; the unclaimed assigned to a
// reviewer; claims released, another reviewer's only with a reason (which the
// case's history keeps). Decisions stay on each review page.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { png, sha256 } from '../helpers/files';
import { distDir, serverBin, startServer } from '../helpers/server';
import { CSRF, signIn } from '../helpers/staff';
import { submit } from '../tools/protocol-client.mjs';

const files = (seed: number) =>
  Array.from({ length: 8 }, (_, k) => png(`scan-${k}.png`, seed * 10 + k).buffer).map((bytes) => ({ bytes, sha256: sha256(bytes), mime: 'image/png' }));

test('chosen in the list: case sheets in one print, each case from a new page', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startServer(distDir());
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
  try {
    await signIn(context.request, server.staff);
    const refs: string[] = [];
    for (const seed of [1, 2]) refs.push((await submit(server.base, files(seed))).reference as string);
    const page = await context.newPage();
    await page.goto('/staff');
    for (const r of refs) await page.getByRole('checkbox', { name: `选择 ${r}`, exact: true }).check();
    await expect(page.getByTestId('selection')).toContainText('已选 2 件');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: '打印所选的 2 份审核单' }).click();
    await expect(page.getByRole('heading', { name: '审核单（2 份）' })).toBeVisible();
    const sheets = page.getByTestId('case-sheet');
    await expect(sheets).toHaveCount(2);
    await expect(page.locator('.sheet-scans img')).toHaveCount(16);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.sheet-scans img')].every((i) => i.complete && i.naturalWidth > 0));
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: 'print' });
    const file = testInfo.outputPath('sheets.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
    const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      .split('\f')
      .filter((p) => p.trim() !== '');
    // Each case starts a page of its own and takes at most two.
    const starts = refs.map((r) => pages.findIndex((p) => p.includes(r)));
    expect(starts[0]).toBe(0);
    expect(starts[1], 'the second case starts on a new page').toBeGreaterThan(0);
    expect(pages[starts[1]], 'no page holds both').not.toContain(refs[0]);
    expect(starts[1]).toBeLessThanOrEqual(2);
    expect(pages.length - starts[1]).toBeLessThanOrEqual(2);
    expect(pages.join(''), 'no buttons in print').not.toContain('返回列表');
    execFileSync('pdftoppm', ['-png', '-r', '50', file, testInfo.outputPath('sheets-page')]);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('chosen in the list: the unclaimed assigned to a reviewer, then released with a reason', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startServer(distDir());
  execFileSync(serverBin(), ['--data-dir', server.data, 'account', 'add', 'second', '--name', '审核员乙'], { env: { ...process.env, RUST_LOG: 'warn' } });
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
  try {
    await signIn(context.request, server.staff);
    const refs: string[] = [];
    for (const seed of [1, 2, 3]) refs.push((await submit(server.base, files(seed))).reference as string);
    // The third is mine already: assigning does not take it from me.
    const mine = await context.request.post(`/api/v1/staff/submissions/${refs[2]}/claim`, { headers: CSRF, data: {} });
    expect(mine.ok()).toBe(true);
    const page = await context.newPage();
    await page.goto('/staff');
    const row = (r: string) => page.getByTestId('staff-list').locator('tbody tr').filter({ hasText: r });
    for (const r of refs) await page.getByRole('checkbox', { name: `选择 ${r}`, exact: true }).check();
    const selection = page.getByTestId('selection');
    // By keyboard: pick the reviewer, then the button.
    await selection.getByLabel('分配给').focus();
    await selection.getByLabel('分配给').selectOption({ label: '审核员乙（second）' });
    await page.keyboard.press('Tab');
    await expect(selection.getByRole('button', { name: '分配未认领的' })).toBeFocused();
    await page.keyboard.press('Enter');
    const results = page.getByTestId('bulk-results');
    await expect(results).toContainText(`${refs[0]}：已分配给 审核员乙`);
    await expect(results).toContainText(`${refs[1]}：已分配给 审核员乙`);
    await expect(results).toContainText(`${refs[2]}：E2E 审核员 正在审核，未分配`);
    // The list shows who holds each now, without a reload.
    await expect(row(refs[0]).getByTestId('holder')).toHaveText('审核员乙');
    await expect(row(refs[2]).getByTestId('holder')).toHaveText('E2E 审核员');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: testInfo.outputPath('assigned-1366.png'), fullPage: true });

    // Releasing: mine goes at once; 审核员乙's only with a reason.
    await selection.getByRole('button', { name: '释放认领' }).click();
    await expect(results).toContainText(`${refs[0]}：审核员乙 正在审核：须填写原因才能释放`);
    await expect(results).toContainText(`${refs[2]}：已释放（原认领人 E2E 审核员）`);
    await selection.getByLabel(/^原因/).fill('审核员乙今天请假');
    await selection.getByRole('button', { name: '释放认领' }).click();
    await expect(results).toContainText(`${refs[0]}：已释放（原认领人 审核员乙）`);
    await expect(results).toContainText(`${refs[2]}：无需改动`);
    await expect(row(refs[0]).getByTestId('holder')).toHaveText('');
    // The case's history says who released whose claim, and why.
    await page.getByRole('link', { name: refs[0] }).click();
    await expect(page.getByTestId('staff-history')).toContainText('分配审核');
    await expect(page.getByTestId('staff-history')).toContainText('解除他人认领');
    await expect(page.getByTestId('staff-history')).toContainText('原认领人 审核员乙；审核员乙今天请假');

    // On a phone, in English: the actions fit.
    await page.goBack();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('checkbox', { name: `Choose ${refs[1]}`, exact: true }).check();
    await expect(page.getByTestId('selection')).toContainText('Release claims');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath('selection-390-en.png'), fullPage: true });
    await page.getByRole('button', { name: /中文/ }).click();
  } finally {
    await context.close();
    await server.stop();
  }
});
