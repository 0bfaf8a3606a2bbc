// The wizard on a 390×844 touch screen: a failed 保存并继续 brings the error
// summary to the thumb, two quick taps add two operators, and a file picked
// the moment the attachments page opens is stored.
import { test, expect } from '../fixtures';
import { png } from '../helpers/files';
import { startPaperlessCase } from '../helpers/wizard';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('after a failed 保存并继续 the error summary has focus and is on screen', async ({ page }) => {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/enterprise');
  const save = page.getByRole('button', { name: '保存并继续' });
  await save.scrollIntoViewIfNeeded();
  await save.tap();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toBeInViewport();
  // Again after scrolling away: the summary comes back to the user.
  await save.scrollIntoViewIfNeeded();
  await save.tap();
  await expect(summary).toBeFocused();
  await expect(summary).toBeInViewport();
  // Its link leads to the field, with the field's label on screen.
  await summary.getByRole('link').first().tap();
  await expect(page.locator('#f-enterprise-uscc')).toBeFocused();
  await expect(page.locator('label[for="f-enterprise-uscc"]')).toBeInViewport();
});

test('two quick taps on 添加操作员 add two operators', async ({ page }) => {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/operators');
  const add = page.getByRole('button', { name: '添加操作员' });
  await add.tap();
  await add.tap();
  await expect(page.getByRole('group', { name: /^操作员 \d$/ })).toHaveCount(2);
  // Nothing was marked wrong yet: the new operators' blank fields wait for 保存并继续.
  await expect(page.locator('.error-message:visible')).toHaveCount(0);
});

test('a file picked right as the attachments page opens is stored', async ({ page }) => {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/attachments');
  await page.getByLabel('营业执照', { exact: true }).setInputFiles(png('licence.png', 901));
  const slot = page.locator('.attachment').filter({ has: page.getByLabel('营业执照', { exact: true }) });
  await expect(slot).toHaveAttribute('data-sha256', /^[0-9a-f]{64}$/);
  await page.reload();
  await expect(page.locator('.attachment').filter({ has: page.getByLabel('营业执照', { exact: true }) })).toHaveAttribute('data-sha256', /^[0-9a-f]{64}$/);
});

/**
 * Interactive elements smaller than 44×44 px on the page. Links inside a
 * sentence are exempt (WCAG 2.5.5 "inline"): their size is the text's.
 */
async function smallTargets(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    const els = document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], label.button, [role=button]');
    for (const el of els) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none' || el.closest('[hidden]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue; // visually hidden; its label is the target
      if (el.tagName === 'A' && !el.classList.contains('button')) {
        const parent = el.parentElement!;
        const own = (el.textContent ?? '').trim().length;
        const around = (parent.textContent ?? '').trim().length;
        if (['P', 'LI', 'DD', 'SPAN', 'SMALL'].includes(parent.tagName) && around > own + 1 && !parent.closest('nav, .breadcrumb, .task-list, .actions')) continue;
      }
      if (r.width < 44 || r.height < 44) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  });
}

test('every tap target is at least 44×44 px on the wizard pages', async ({ page }) => {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/operators');
  await page.getByRole('button', { name: '添加操作员' }).tap();
  const small: string[] = [];
  for (const path of ['/', '/new', caseUrl, ...['/enterprise', '/operators', '/attachments', '/review'].map((p) => caseUrl + p)]) {
    await page.goto(path);
    await expect(page.locator('#main h1')).toBeVisible();
    for (const s of await smallTargets(page)) small.push(`${new URL(page.url()).pathname}: ${s}`);
  }
  expect(small).toEqual([]);
});

test('the print preview shows the whole A4 sheet on the phone, label column included', async ({ page }) => {
  await page.goto('/new/card-unlock');
  await page.getByRole('button', { name: '开始办理' }).tap();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await page.getByTestId('print-forms').tap();
  const sheet = page.locator('.sheet').first();
  await expect(sheet).toBeVisible();
  const box = (await sheet.boundingBox())!;
  expect(box.x, 'the sheet starts on screen').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'and ends on screen').toBeLessThanOrEqual(390);
  // The first column (the labels) is inside the sheet's visible box.
  const label = (await sheet.locator('th').first().boundingBox())!;
  expect(label.x).toBeGreaterThanOrEqual(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'nothing scrolls sideways').toBeLessThanOrEqual(390);
});
