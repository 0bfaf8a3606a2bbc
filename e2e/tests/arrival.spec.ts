// Submissions that people did not file one at a time (#30): six declarations
// of one credit code in a day, all from one network, are accepted, and the
// reviewer sees why they look odd, in the queue and on the review page, on a
// phone and in English; 非真实申报 is offered to return the junk.
import { test, expect } from '../fixtures';
import { distDir, startServer } from '../helpers/server';
import { signInOnPage } from '../helpers/staff';
import { png, sha256 } from '../helpers/files';
import { submit } from '../tools/protocol-client.mjs';

test('six declarations of one code from one network: accepted, and flagged for the reviewer', async ({ browser }, testInfo) => {
  const server = await startServer(distDir());
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    const done = [];
    for (let i = 0; i < 6; i++) {
      // Real images: the review page shows them.
      const files = Array.from({ length: 8 }, (_, k) => png(`scan-${k}.png`, i * 10 + k).buffer).map((bytes) => ({ bytes, sha256: sha256(bytes), mime: 'image/png' }));
      const r = await submit(server.base, files);
      expect(r.state).toBe('received');
      done.push(r.reference as string);
    }
    const page = await context.newPage();
    await page.goto('/staff');
    await signInOnPage(page, server.staff);
    // The queue: the sixth carries both tags; the first only the burst's.
    const row = (ref: string) => page.getByTestId('staff-list').getByRole('row').filter({ hasText: ref });
    await expect(row(done[5]).getByTestId('arrival-tag')).toHaveText(['当日多次申报', '批量提交']);
    await expect(row(done[0]).getByTestId('arrival-tag')).toHaveText(['批量提交']);
    await page.screenshot({ path: testInfo.outputPath('arrival-queue-390.png'), fullPage: true });
    await row(done[5]).getByRole('link').click();
    const notice = page.getByTestId('staff-arrival');
    await expect(notice).toContainText('该统一社会信用代码今天第 6 次申报');
    await expect(notice).toContainText('同一网络在前后 10 分钟内提交了 6 份申报');
    // The junk reason is there to return it with.
    await expect(page.getByText('非真实申报（测试数据或他人冒名）')).toBeAttached();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'no sideways scrolling at 390 px').toBeLessThanOrEqual(390);
    await testInfo.attach('arrival-zh-390', { body: await page.screenshot({ path: testInfo.outputPath('arrival-zh-390.png'), fullPage: true }), contentType: 'image/png' });
    // In English, at 360 px.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.getByRole('button', { name: /English/ }).click();
    await expect(notice).toContainText('Declaration no. 6 of this credit code today');
    await expect(notice).toContainText('6 submissions came from one network within 10 minutes');
    await testInfo.attach('arrival-en-360', { body: await page.screenshot({ path: testInfo.outputPath('arrival-en-360.png'), fullPage: true }), contentType: 'image/png' });
  } finally {
    await context.close();
    await server.stop();
  }
});
