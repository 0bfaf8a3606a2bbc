// After 申报 the case is read-only everywhere; 撤回申报 gives it back. A
// correction after a withdrawal reaches the centre as a new submission that
// supersedes the withdrawn one; in review 撤回 is refused with the reason;
// offline, a queued case is withdrawn without a single request.
import { test, expect } from '../fixtures';
import { requests } from '../helpers/app';
import { listSubmissions, review, submission } from '../helpers/staff';
import { png } from '../helpers/files';
import { attach, completeCase, enterprise, startPaperlessCase } from '../helpers/wizard';
import type { Browser, Page } from '@playwright/test';
import { throughProxy } from '../helpers/proxy';

const NEW_ADDRESS = '福建省厦门市思明区更正路9号';

/** Every page of the case shows the banner, and no input on it can be changed. */
async function expectReadOnly(page: Page, caseUrl: string) {
  for (const part of ['', '/enterprise', '/operators', '/attachments', '/review']) {
    await page.goto(caseUrl + part);
    await expect(page.getByTestId('case-locked'), `banner on ${part || 'the task list'}`).toBeVisible();
    if (part && part !== '/review') {
      const editable = await page.locator('#main').locator('input, select, textarea').evaluateAll((els) =>
        els.filter((e) => !(e as HTMLInputElement).matches(':disabled')).map((e) => e.id || e.getAttribute('name')),
      );
      expect(editable, `editable inputs on ${part}`).toEqual([]);
    }
    if (part === '/review') await expect(page.getByRole('button', { name: '申报', exact: true })).toHaveCount(0);
  }
}

test('declare → 撤回 → edit → 申报: the correction supersedes the withdrawn submission', async ({ page, request }) => {
  const name = '厦门撤回更正测试有限公司';
  const caseUrl = await completeCase(page, enterprise('91350213678251743X', name), 81);
  await page.getByRole('button', { name: '申报' }).click();
  const status = page.getByTestId('submission-status');
  await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  await expectReadOnly(page, caseUrl);

  await page.goto(caseUrl + '/declared');
  await page.getByTestId('withdraw').click();
  await expect(page.getByTestId('withdraw-confirm')).toContainText('撤回这次申报');
  await page.getByRole('button', { name: '确认撤回' }).click();
  await expect(status).toHaveAttribute('data-state', 'withdrawn');
  await expect(page.getByTestId('withdraw-note')).toContainText('可以修改');
  const [first] = await listSubmissions(request, name);
  expect(first.state).toBe('withdrawn');

  // Editable again: the address is corrected and the case declared once more.
  await page.getByRole('link', { name: '修改并重新申报' }).click();
  await expect(page.getByTestId('case-locked')).toHaveCount(0);
  await page.goto(caseUrl + '/enterprise');
  await page.getByRole('group', { name: '企业信息' }).getByLabel('企业地址').fill(NEW_ADDRESS);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
  await page.goto(caseUrl + '/review');
  await page.getByRole('button', { name: '申报' }).click();
  await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });

  const subs = await listSubmissions(request, name);
  expect(subs).toHaveLength(2);
  const second = subs.find((s) => s.id !== first.id)!;
  expect(second.supersedes).toBe(first.id);
  expect(subs.find((s) => s.id === first.id)!.state).toBe('superseded');
  const detail = (await submission(request, second.reference!)) as unknown as { manifest: { case: { enterprise: { address: string } } } };
  expect(detail.manifest.case.enterprise.address).toBe(NEW_ADDRESS);
  await expect(page.getByTestId('reference')).toContainText(second.reference!);
});

test('withdraw, change one field and one scan, declare again: only the changed scan travels', async ({ browser, baseURL, request }) => {
  // Through the proxy, which records every PATCH as the server got it.
  const { proxy, context, close } = await throughProxy(browser as Browser, baseURL!);
  try {
    const page = await context.newPage();
    const name = `厦门只传改动测试${Date.now() % 1_000_000}有限公司`;
    const caseUrl = await completeCase(page, enterprise('914403001922038216', name), 82);
    await page.getByRole('button', { name: '申报' }).click();
    const status = page.getByTestId('submission-status');
    await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
    const firstPatches = proxy.stats.patches.length;
    expect(firstPatches).toBeGreaterThanOrEqual(8);
    await page.getByTestId('withdraw').click();
    await page.getByRole('button', { name: '确认撤回' }).click();
    await expect(status).toHaveAttribute('data-state', 'withdrawn');

    await page.goto(caseUrl + '/enterprise');
    await page.getByRole('group', { name: '企业信息' }).getByLabel('企业地址').fill(NEW_ADDRESS);
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
    await page.goto(caseUrl + '/attachments');
    const slot = await attach(page, '营业执照', png('新营业执照.png', 8_282));
    const changed = (await slot.getAttribute('data-sha256'))!;
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
    await page.goto(caseUrl + '/review');
    await page.getByRole('button', { name: '申报' }).click();
    await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });

    const again = proxy.stats.patches.slice(firstPatches);
    expect(again.length, 'PATCHes of the second declaration').toBeGreaterThan(0);
    expect(new Set(again.map((p) => p.path.split('/').pop())), 'only the changed scan travelled').toEqual(new Set([changed]));
    const subs = await listSubmissions(request, name);
    expect(subs).toHaveLength(2);
    expect(subs.find((x) => x.state === 'received')!.supersedes).toBeDefined();
  } finally {
    await close();
  }
});

test('in review, 撤回 is refused with the reason and the case stays read-only', async ({ page, request }) => {
  const name = '厦门审核中撤回测试有限公司';
  const caseUrl = await completeCase(page, enterprise('91350100M000100Y43', name), 82);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  // The reviewer takes it up while the page still shows 已提交.
  const [s] = await listSubmissions(request, name);
  await review(request, s.reference!, 'in_review');
  await page.getByTestId('withdraw').click();
  await page.getByRole('button', { name: '确认撤回' }).click();
  await expect(page.getByTestId('withdraw-refused')).toContainText('已开始审核');
  await expect(page.getByTestId('withdraw-refused')).toContainText('0592-5653395');
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'in_review');
  expect((await listSubmissions(request, name))[0].state).toBe('in_review');
  await page.goto(caseUrl + '/enterprise');
  await expect(page.getByTestId('case-locked')).toContainText('正在审核');
  await expect(page.getByTestId('case-locked')).toContainText('0592-5653395');
  await expect(page.getByRole('group', { name: '企业信息' }).getByLabel('企业地址')).toBeDisabled();
});

test('offline, 撤回 of a queued case sends nothing, and the case is editable again', async ({ page, request }) => {
  const name = '厦门离线撤回测试有限公司';
  await page.goto('/?net=offline');
  await expect(page.getByTestId('network-status')).toContainText('离线');
  const caseUrl = await completeCase(page, enterprise('914403001922038216', name), 83);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'queued');
  await expectReadOnly(page, caseUrl);
  await page.goto(caseUrl + '/declared');
  await page.getByTestId('withdraw').click();
  await page.getByRole('button', { name: '确认撤回' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'withdrawn');
  await page.goto(caseUrl + '/enterprise');
  await expect(page.getByRole('group', { name: '企业信息' }).getByLabel('企业地址')).toBeEnabled();
  expect(await requests(page, 'PUT /submissions/{id}')).toEqual([]);
  expect(await requests(page, 'POST /submissions/{id}/withdraw')).toEqual([]);
  expect(await listSubmissions(request, name)).toEqual([]);
});

test('a second enrollment for a credit code declared here is warned, with the earlier reference', async ({ page, request }) => {
  const name = '厦门重复申报提醒测试有限公司';
  await completeCase(page, enterprise('91350200MA31E12PXF', name), 86);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  const [first] = await listSubmissions(request, name);
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/enterprise');
  const uscc = page.getByRole('group', { name: '企业信息' }).getByLabel('统一社会信用代码');
  await uscc.fill('91350200MA31E12PXF');
  await uscc.blur();
  const warning = page.getByTestId('earlier-declaration');
  await expect(warning).toContainText(first.reference!);
  await expect(warning).toContainText('已提交');
  await warning.getByRole('link', { name: '打开原申报' }).click();
  await expect(page.getByTestId('reference')).toContainText(first.reference!);
});

test('the same file in two slots is a warning naming both, and 删除 can be undone', async ({ page }) => {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/attachments');
  const file = png('same.png', 987);
  await attach(page, '法人身份证（正面）', file);
  const back = await attach(page, '法人身份证（反面）', file);
  await expect(back).toContainText('与法人身份证（正面）是同一个文件');
  // Removing offers 撤销, which puts the very file back.
  const sha = await back.getAttribute('data-sha256');
  await back.getByTestId('attach-remove').click();
  await expect(back).not.toHaveAttribute('data-sha256', /./);
  await back.getByRole('button', { name: '撤销' }).click();
  await expect(back).toHaveAttribute('data-sha256', sha!);
});
