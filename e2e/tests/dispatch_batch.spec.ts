// 批量寄出 from the console (#31): the courier's list pasted, each line
// checked with its problem in words, then the good lines posted at once; on a
// phone and in English.
import { test, expect } from '../fixtures';
import { png, sha256 } from '../helpers/files';
import { distDir, startServer } from '../helpers/server';
import { review, signIn, submission } from '../helpers/staff';
import { submit } from '../tools/protocol-client.mjs';

const mail = (m: any) => {
  m.case.pickup = { ...m.case.pickup, method: 'mail', recipient: '李收件', phone: '13800138000', address: '厦门市思明区示例路1号' };
  return m;
};

test('a pasted courier list: problems per line, then the good lines posted at once', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startServer(distDir());
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    const request = context.request;
    await signIn(request, server.staff);
    const files = (seed: number) =>
      Array.from({ length: 8 }, (_, k) => png(`scan-${k}.png`, seed * 10 + k).buffer).map((bytes) => ({ bytes, sha256: sha256(bytes), mime: 'image/png' }));
    const approved = async (seed: number, edit?: (m: any) => any) => {
      const ref = (await submit(server.base, files(seed), { edit })).reference as string;
      await review(request, ref, 'approve', undefined, server.staff);
      return ref;
    };
    const [a, b, c] = [await approved(1, mail), await approved(2, mail), await approved(3, mail)];
    const window = await approved(4);
    const page = await context.newPage();
    // First the address labels of two of them, chosen in the list.
    await page.goto('/staff?state=approved&sort=newest');
    await page.getByRole('checkbox', { name: `选择 ${a}`, exact: true }).check();
    await page.getByRole('checkbox', { name: `选择 ${c}`, exact: true }).check();
    await page.getByRole('checkbox', { name: `选择 ${window}`, exact: true }).check();
    // Three chosen: three case sheets, but a window case has no address label.
    await expect(page.getByTestId('selection')).toContainText('已选 3 件');
    await expect(page.getByRole('link', { name: '打印所选的 3 份审核单' })).toBeVisible();
    await page.getByRole('link', { name: '打印所选的 2 张地址标签' }).click();
    const sheet = page.getByTestId('label-sheet');
    await expect(sheet.locator('.address-label')).toHaveCount(2);
    await expect(sheet).toContainText('李收件 收');
    await expect(sheet).toContainText('138 0013 8000');
    await expect(sheet).toContainText(c);
    await page.screenshot({ path: testInfo.outputPath('labels-390.png'), fullPage: true });
    const access = (await submission(request, a, server.staff) as any).access as { action: string }[];
    expect(access.some((x) => x.action === 'label'), 'the printing is in the access log').toBe(true);
    await page.goto('/staff');
    await page.getByRole('link', { name: '批量寄出（粘贴快递清单）' }).click();
    await expect(page.getByRole('heading', { name: '批量寄出' })).toBeVisible();
    const list = [`受理编号\tEMS 邮件号`, `${a}\t1100000000001`, `${b}, EA123456784CN`, `${window} 1100000000002`, `${c} 1100000000003`].join('\n');
    await page.getByLabel('快递清单').fill(list);
    await page.getByRole('button', { name: '检查' }).click();
    await expect(page.getByTestId('batch-summary')).toHaveText('可寄出：2 · 有问题：2');
    const preview = page.getByTestId('batch-preview');
    await expect(preview.locator('tr[data-problem]')).toHaveCount(2);
    await expect(preview.getByRole('row').filter({ hasText: b })).toContainText('校验位不对');
    await expect(preview.getByRole('row').filter({ hasText: window })).toContainText('窗口领卡');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'no sideways scrolling at 390 px').toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath('batch-zh-390.png'), fullPage: true });
    await page.getByRole('button', { name: '确认寄出 2 件' }).click();
    await expect(page.getByTestId('batch-summary')).toHaveText('已寄出 2 件，已记入各申报的办理记录。');
    expect((await submission(request, a, server.staff)).status.state).toBe('dispatched');
    expect((await submission(request, c, server.staff)).status.state).toBe('dispatched');
    expect((await submission(request, b, server.staff)).status.state).toBe('approved');
    // In English, the problems are worded again.
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.getByTestId('batch-summary')).toHaveText("Posted 2 cards; each is recorded in its submission's history.");
    await expect(preview.getByRole('row').filter({ hasText: window })).toContainText('collected at the hall');
    await page.screenshot({ path: testInfo.outputPath('batch-en-390.png'), fullPage: true });
  } finally {
    await context.close();
    await server.stop();
  }
});
