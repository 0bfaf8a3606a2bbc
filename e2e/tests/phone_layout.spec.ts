// The app on phones (360×740 and 390×844, touch), in Chinese and English:
// home, a case page, the attachment page, and the status bar offline with a
// declaration waiting. No page scrolls sideways, the header is one row, and
// 立即重试 is whole and on screen.
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { completeCase, enterprise } from '../helpers/wizard';

const PHONES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
];

async function checkLayout(page: Page, what: string) {
  const m = await page.evaluate(() => {
    const header = document.querySelector('.site-header') as HTMLElement;
    const shown = [...header.children].map((c) => (c as HTMLElement).getBoundingClientRect()).filter((r) => r.height > 0);
    const rows = new Set(shown.map((r) => Math.round(r.top + r.height / 2)));
    return {
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
      headerRows: rows.size,
      headerHeight: header.getBoundingClientRect().height,
    };
  });
  expect(m.scroll, `${what}: no sideways scrolling`).toBeLessThanOrEqual(m.width);
  expect(m.headerRows, `${what}: the header is one row`).toBe(1);
  expect(m.headerHeight, `${what}: the header is one row high`).toBeLessThan(90);
}

for (const size of PHONES) {
  test(`at ${size.width}×${size.height}, zh-CN and English: one-row header, nothing sideways, 立即重试 whole`, async ({ browser, baseURL }, testInfo) => {
    const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: size, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      const caseUrl = await completeCase(page, enterprise('91350213678251743X', '厦门手机布局测试有限公司'), 40 + size.width % 7);
      // Declared while offline: waiting, with 立即重试 in the status bar.
      await page.goto(caseUrl + '/review?net=offline');
      await page.getByRole('button', { name: '申报' }).click();
      await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'queued');
      for (const lang of ['zh', 'en']) {
        if (lang === 'en') await page.getByRole('button', { name: /English/ }).click();
        for (const [name, path] of [['home', '/'], ['case', caseUrl], ['attachments', caseUrl + '/attachments'], ['declared', caseUrl + '/declared']] as const) {
          await page.goto(path);
          await expect(page.locator('main h1')).toBeVisible();
          await expect(page.getByTestId('outbox-status')).toHaveAttribute('data-pending', '1');
          if (name !== 'home') {
            // The navigation is one tap away, and says where the reader is: a case is under 首页.
            const menu = page.getByRole('button', { name: lang === 'zh' ? '菜单' : 'Menu' });
            await menu.click();
            await expect(menu).toHaveAttribute('aria-expanded', 'true');
            await expect(page.locator('#site-nav a[aria-current="page"]')).toHaveText(lang === 'zh' ? '首页' : 'Home');
            await menu.click();
            await expect(page.locator('#site-nav')).toBeHidden();
          }
          if (name === 'attachments') {
            // On a touch phone: no drag hint, a short type and size, the digest folded.
            const facts = page.locator('.file-facts').first();
            await expect(facts).toHaveText(/· (JPG|PNG|PDF) · \d+(\.\d)? (MB|KB|B)/);
            await expect(page.locator('.drop-hint').first()).toBeHidden();
            await expect(page.locator('.hash > span').first()).toBeHidden();
          }
          await page.screenshot({ path: testInfo.outputPath(`${size.width}-${lang}-${name}.png`) });
          await checkLayout(page, `${lang} ${name}`);
          const retry = page.locator('.status-bar').getByRole('button');
          await expect(retry).toBeVisible();
          const fits = await retry.evaluate((b) => {
            const r = b.getBoundingClientRect();
            return { whole: b.scrollWidth <= b.clientWidth + 1, inside: r.left >= 0 && r.right <= window.innerWidth + 0.5 };
          });
          expect(fits, `${lang} ${name}: 立即重试 whole and on screen`).toEqual({ whole: true, inside: true });
        }
      }
    } finally {
      await context.close();
    }
  });
}
