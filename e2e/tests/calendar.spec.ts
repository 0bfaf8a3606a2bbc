// Holiday data without a release: a year the app was built without is
// imported on the server (`eport-server calendar import`), fetched by the app
// the first time a date needs it, and used from the device's cache offline.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { distDir, serverBin, startServer } from '../helpers/server';

/** Test data in the holiday-cn format (not the State Council's real 2027 schedule). */
const YEAR_2027 = {
  year: 2027,
  papers: ['测试数据：2027 年节假日安排'],
  days: [
    { name: '春节', date: '2027-02-06', isOffDay: false },
    { name: '春节', date: '2027-02-08', isOffDay: true },
    { name: '春节', date: '2027-02-09', isOffDay: true },
  ],
};

/** 电子口岸卡解锁 accepted on Friday 2027-02-05: the card goes out two business days later. */
async function unlockTimeline(page: Page) {
  await page.goto('/new/card-unlock');
  await page.getByRole('button', { name: '开始办理' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await page.locator('#f-paper-acceptance_date').fill('2027-02-05');
  await expect(page.getByTestId('timeline-accepted')).toHaveAttribute('data-date', '2027-02-05');
  return page.url();
}

test('without 2027 on the server the timeline counts Monday–Friday and says so', async ({ page }) => {
  await unlockTimeline(page);
  await expect(page.getByTestId('timeline-dispatch')).toHaveAttribute('data-date', '2027-02-09');
  await expect(page.getByText('该年份的节假日安排尚未收录')).toBeVisible();
});

test('an imported 2027 is fetched for a 2027 timeline and used offline from the cache', async ({ browser }) => {
  const server = await startServer(distDir(), [], 0, (data) => {
    const file = join(data, '2027.json');
    writeFileSync(file, JSON.stringify(YEAR_2027, null, 1));
    execFileSync(serverBin(), ['--data-dir', data, 'calendar', 'import', file], { env: { ...process.env, RUST_LOG: 'warn' } });
  });
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    const caseUrl = await unlockTimeline(page);
    // Sat 02-06 is a working day, Mon 02-08 and Tue 02-09 are off: Wed 02-10.
    await expect(page.getByTestId('timeline-dispatch')).toHaveAttribute('data-date', '2027-02-10');
    await expect(page.getByText('该年份的节假日安排尚未收录')).toHaveCount(0);
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });

    // No server, no network: the app and the year both come from the device.
    await server.stop();
    await context.setOffline(true);
    await page.goto(caseUrl);
    await expect(page.getByTestId('timeline-dispatch')).toHaveAttribute('data-date', '2027-02-10');
    await expect(page.getByText('该年份的节假日安排尚未收录')).toHaveCount(0);
  } finally {
    await context.close();
    await server.stop();
  }
});
