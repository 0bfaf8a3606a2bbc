// A reviewer's day, round two (issue #27), at 1366×768: two reviewers see
// each other's claim and ticks without reloading, and a refused 退单 keeps
// what was typed; compare mode shows each ID scan large beside the values it
// must match; a whole review by keyboard only, the decision panel in view at
// every scroll position; a correction reviewed as a correction.
import { execFileSync } from 'node:child_process';
import type { Browser, Locator, Page } from '@playwright/test';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { png } from '../helpers/files';
import { signInOnPage } from '../helpers/staff';
import { distDir, serverBin, startServer } from '../helpers/server';
import { freshUscc } from '../helpers/uscc';
import { attach, completeCase, enterprise } from '../helpers/wizard';

type Server = Awaited<ReturnType<typeof startServer>>;

async function declare(page: Page) {
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  return (await page.getByTestId('reference').textContent())!.match(/XM\d{8}-\d{6}/)![0];
}

/** A second account on `server`, and its credentials. */
function secondAccount(server: Server) {
  const out = execFileSync(serverBin(), ['--data-dir', server.data, 'account', 'add', 'second', '--name', '审核员乙'], { env: { ...process.env, RUST_LOG: 'warn' } }).toString();
  return { login: 'second', password: out.match(/^password: (\S+)$/m)![1] };
}

async function reviewerPage(browser: Browser, server: Server, creds: { login: string; password: string }) {
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto('/staff');
  await signInOnPage(page, creds);
  return { context, page };
}

/** Whether `l`'s box lies inside the viewport (wholly, or at least partly). */
async function inView(page: Page, l: Locator, wholly = true) {
  const box = await l.boundingBox();
  const vp = page.viewportSize()!;
  if (!box) return false;
  return wholly
    ? box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width + 0.5 && box.y + box.height <= vp.height + 0.5
    : box.y < vp.height && box.y + box.height > 0;
}

test('two reviewers: claims and ticks show within 5 s without reloading; a refused 退单 keeps the note and the reasons; compare mode shows each ID scan large beside its values', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const server = await startServer(distDir());
  const second = secondAccount(server);
  const enterpriseCtx = await browser.newContext({ baseURL: server.base, locale: 'zh-CN' });
  const contexts = [enterpriseCtx];
  try {
    const page = await enterpriseCtx.newPage();
    await completeCase(page, enterprise(freshUscc(), '厦门双审核员测试有限公司'), 63);
    const reference = await declare(page);
    const one = await reviewerPage(browser, server, server.staff);
    const two = await reviewerPage(browser, server, second);
    contexts.push(one.context, two.context);
    const a = one.page;
    const b = two.page;
    await a.goto(`/staff/${reference}`);
    await b.goto(`/staff/${reference}`);
    await expect(b.getByTestId('staff-claim')).toHaveAttribute('data-holder', '');

    // A claims and ticks; B sees both without reloading.
    await a.getByRole('button', { name: '认领' }).click();
    await expect(a.getByTestId('staff-claim')).toHaveAttribute('data-holder', 'e2e');
    await expect(a.getByTestId('staff-detail')).toHaveAttribute('data-state', 'in_review');
    await expect(b.getByTestId('staff-claim')).toHaveAttribute('data-holder', 'e2e', { timeout: 5_000 });
    await expect(b.getByTestId('staff-checklist').getByRole('checkbox').first()).toBeDisabled();
    await a.getByTestId('staff-checklist').getByLabel('营业执照与统一社会信用代码、企业名称一致').check();
    await expect(b.getByTestId('staff-checklist').getByLabel('营业执照与统一社会信用代码、企业名称一致')).toBeChecked({ timeout: 5_000 });

    // A prepares a 退单 while B takes the case over: A's 退单 is refused,
    // says why, and what A typed and chose is still there.
    await a.getByTestId('staff-reason-choices').getByRole('button', { name: '退单原因' }).click();
    await a.getByTestId('staff-reason-choices').getByLabel('营业执照不清晰').check();
    await a.getByLabel('审批意见').fill('营业执照请重新拍照上传');
    const claim = b.getByTestId('staff-claim');
    await claim.getByLabel('接手原因（将记录在请求记录中）').fill('审核员甲临时外出');
    await claim.getByRole('button', { name: '接手' }).click();
    await expect(b.getByTestId('staff-claim')).toHaveAttribute('data-holder', 'second');
    await a.getByRole('button', { name: '退单', exact: true }).click();
    await expect(a.getByTestId('staff-outcome')).toContainText(/审核员乙|请先认领/);
    await expect(a.getByTestId('staff-detail')).toHaveAttribute('data-state', 'in_review');
    await expect(a.getByLabel('审批意见')).toHaveValue('营业执照请重新拍照上传');
    await expect(a.getByTestId('staff-reason-choices').getByLabel('营业执照不清晰')).toBeChecked();
    await expect(a.getByTestId('staff-claim')).toHaveAttribute('data-holder', 'second');

    // Compare mode: every ID scan at least 600 px wide, its declared values
    // beside it, both wholly in view.
    const ids = ['法人身份证（正面）', '法人身份证（反面）', '经办人身份证（正面）', '经办人身份证（反面）', '操作员 1 身份证（正面）', '操作员 1 身份证（反面）'];
    for (const label of ids) {
      await b.getByRole("button", { name: `查看原件 ${label}` }).click();
      const viewer = b.getByTestId('viewer');
      await expect(viewer.getByRole('heading', { level: 3 })).toContainText(label);
      const image = viewer.getByTestId('viewer-image');
      const values = viewer.getByTestId('viewer-compare');
      await expect(values).toContainText('证件号码');
      await expect(values).toContainText(/出生日期 \d{4}-\d{2}-\d{2} · (男|女)/);
      expect(await inView(b, image), `${label}: the scan is in view`).toBe(true);
      expect(await inView(b, values), `${label}: its values are in view`).toBe(true);
      expect((await image.boundingBox())!.width, `${label}: readable`).toBeGreaterThanOrEqual(600);
      // Zoomed, the scan pans under the values, which stay in view.
      await b.keyboard.press('+');
      await expect(image).toHaveAttribute('data-zoom', '1.5');
      expect(await inView(b, values), `${label}: its values stay in view when zoomed`).toBe(true);
      await b.keyboard.press('Escape');
    }
    await b.getByRole("button", { name: "查看原件 法人身份证（正面）" }).click();
    await b.screenshot({ path: testInfo.outputPath('compare-1366.png') });
    await expectNoAxeViolations(b);
    await b.keyboard.press('Escape');
  } finally {
    for (const c of contexts) await c.close();
    await server.stop();
  }
});

test('keyboard only: claim, tick, approve and the next case; the decision panel in view at every scroll position', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const server = await startServer(distDir());
  const enterpriseCtx = await browser.newContext({ baseURL: server.base, locale: 'zh-CN' });
  const contexts = [enterpriseCtx];
  try {
    const page = await enterpriseCtx.newPage();
    await completeCase(page, enterprise(freshUscc(), '厦门键盘审核测试有限公司'), 64);
    const first = await declare(page);
    await completeCase(page, enterprise(freshUscc(), '厦门键盘审核第二有限公司'), 65);
    const next = await declare(page);
    const one = await reviewerPage(browser, server, server.staff);
    contexts.push(one.context);
    const s = one.page;
    const started = Date.now();
    await s.goto(`/staff/${first}`);
    const detail = s.getByTestId('staff-detail');
    await expect(s.locator('#staff-sub')).toBeFocused();
    await expect(s.getByTestId('staff-shortcuts')).toContainText('C 认领');
    await expectNoAxeViolations(s);

    await s.screenshot({ path: testInfo.outputPath('detail-top-1366.png') });
    // The decision panel at every scroll position.
    const actions = s.getByTestId('staff-decisions').locator('.actions');
    const height = await s.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0; y <= height; y += 300) {
      await s.evaluate((y) => window.scrollTo(0, y), y);
      expect(await inView(s, actions), `the decisions at scroll ${y}`).toBe(true);
    }
    await s.evaluate(() => window.scrollTo(0, 0));
    await s.screenshot({ path: testInfo.outputPath('detail-1366.png') });

    let keys = 0;
    const press = async (k: string) => { keys++; await s.keyboard.press(k); };
    await press('c');
    await expect(s.getByTestId('staff-claim')).toHaveAttribute('data-holder', 'e2e');
    await expect(detail).toHaveAttribute('data-state', 'in_review');
    // Tab to each checklist line and tick it with the space bar.
    const boxes = s.getByTestId('staff-checklist').getByRole('checkbox');
    const count = await boxes.count();
    for (let i = 0; i < count; i++) {
      const id = await boxes.nth(i).getAttribute('id');
      for (let n = 0; n < 200 && (await s.evaluate(() => document.activeElement?.id)) !== id; n++) await press('Tab');
      await press('Space');
      await expect(boxes.nth(i)).toBeChecked();
      // Kept on the server, with the reviewer's name, before the next.
      await expect(s.getByTestId('staff-checklist').locator('[data-item]').nth(i).getByTestId('checked-by')).toContainText('E2E 审核员');
    }
    await press('a');
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：审核通过');
    await expect(detail).toHaveAttribute('data-state', 'approved');
    await press('n');
    await expect(s).toHaveURL(new RegExp(`/staff/${next}$`));
    await expect(s.locator('#staff-sub')).toContainText(next);
    testInfo.annotations.push({ type: 'keyboard review', description: `${keys} keys, 0 clicks, ${((Date.now() - started) / 1000).toFixed(1)} s` });
  } finally {
    for (const c of contexts) await c.close();
    await server.stop();
  }
});

test('a correction: the reasons it was returned for, exactly the field and the scan that changed, the other ticks carried over', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = await startServer(distDir());
  const enterpriseCtx = await browser.newContext({ baseURL: server.base, locale: 'zh-CN' });
  const contexts = [enterpriseCtx];
  try {
    const page = await enterpriseCtx.newPage();
    const caseUrl = await completeCase(page, enterprise(freshUscc(), '厦门更正比对测试有限公司'), 66);
    const first = await declare(page);
    const one = await reviewerPage(browser, server, server.staff);
    contexts.push(one.context);
    const s = one.page;
    await s.goto(`/staff/${first}`);
    await s.getByRole('button', { name: '认领' }).click();
    await expect(s.getByTestId('staff-detail')).toHaveAttribute('data-state', 'in_review');
    const checklist = s.getByTestId('staff-checklist');
    for (const box of await checklist.getByRole('checkbox').all()) {
      await box.check();
      await expect(box).toBeChecked();
    }
    await s.getByTestId('staff-reason-choices').getByRole('button', { name: '退单原因' }).click();
    await s.getByTestId('staff-reason-choices').getByLabel('营业执照不清晰').check();
    await s.getByRole('button', { name: '退单', exact: true }).click();
    await expect(s.getByTestId('staff-outcome')).toContainText('已更新为：退单');

    // The enterprise fixes the address and sends a new licence scan.
    await page.goto(caseUrl + '/enterprise');
    await expect(page.getByTestId('submission-status').or(page.getByRole('group', { name: '企业信息' }))).toBeVisible({ timeout: 20_000 });
    await page.getByRole('group', { name: '企业信息' }).getByLabel('企业地址').fill('福建省厦门市思明区更正路2号');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
    await page.goto(caseUrl + '/attachments');
    await attach(page, '营业执照', png('licence-new.png', 6_601));
    await page.goto(caseUrl + '/review');
    const second = await declare(page);

    await s.goto(`/staff/${second}`);
    const correction = s.getByTestId('staff-correction');
    await expect(correction).toContainText(`更正申报：取代 ${first}`);
    await expect(correction.getByTestId('staff-correction-reasons')).toContainText('营业执照不清晰');
    const rows = correction.getByTestId('staff-correction-fields').locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('企业地址');
    await expect(rows.first()).toContainText('福建省厦门市集美区杏林湾路1号');
    await expect(rows.first()).toContainText('福建省厦门市思明区更正路2号');
    await expect(correction.getByTestId('staff-correction-scans').locator('li')).toHaveText(['营业执照']);
    await expect(correction.getByTestId('staff-correction-unchanged')).toContainText('E2E 审核员');
    // Four lines carried over, marked; the licence line waits for this reviewer.
    await expect(checklist.getByRole('checkbox', { checked: true })).toHaveCount(4);
    await expect(checklist.getByLabel('营业执照与统一社会信用代码、企业名称一致')).not.toBeChecked();
    await expect(checklist.locator('[data-item="id.legal_person"] [data-testid="checked-by"]')).toContainText(`沿用自 ${first}`);
    await expectNoAxeViolations(s);
  } finally {
    for (const c of contexts) await c.close();
    await server.stop();
  }
});
