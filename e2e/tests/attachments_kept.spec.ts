// An attachment the screen showed as stored never disappears: a whole case with
// two operators and all ten slots, 保存并继续, a reload 700 ms later, and the
// attachments page again — run 20 times in a row on a phone-sized touch screen.
import { test, expect } from '../fixtures';
import { ACME, attachAll, fillEnterprisePart, fillOperator, startPaperlessCase } from '../helpers/wizard';

const RUNS = 20;

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test(`all ten attachments stay stored after 保存并继续 and a reload, ${RUNS} runs in a row`, async ({ page }) => {
  test.setTimeout(RUNS * 30_000);
  const lost: string[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const caseUrl = await startPaperlessCase(page);
    await page.goto(caseUrl + '/enterprise');
    await fillEnterprisePart(page, ACME);
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.getByRole('button', { name: '添加操作员' }).click();
    await fillOperator(page, 1, { name: '王五', id: '350206198506120030' });
    await page.getByRole('button', { name: '添加操作员' }).click();
    await fillOperator(page, 2, { name: '赵七', id: '350203199003070022' });
    await page.getByRole('button', { name: '保存并继续' }).click();
    await expect(page).toHaveURL(/\/attachments$/);
    // attachAll waits until each slot shows its SHA-256, i.e. the screen says "stored".
    await attachAll(page, 2, run);
    const shown = await page.locator('.attachment[data-sha256]').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-sha256')}`).sort(),
    );
    expect(shown).toHaveLength(10);
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForTimeout(700);
    await page.goto(caseUrl);
    await expect(page.locator('#main h1')).toBeVisible();
    await page.goto(caseUrl + '/attachments');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('.attachment').first()).toBeVisible();
    const after = await page.locator('.attachment[data-sha256]').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-sha256')}`).sort(),
    );
    if (JSON.stringify(after) !== JSON.stringify(shown)) lost.push(`run ${run}: ${10 - after.length} lost`);
  }
  expect(lost, 'attachments shown as stored and then gone').toEqual([]);
});
