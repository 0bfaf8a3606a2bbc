// No text contradicts the state: at each state of a declaration, every line of
// the 已申报 page is one of that state's allowed sentences (no "预计…寄出" once
// posted, no "审核结果：提交后一个工作日可查看" after submission). 退单 looks like
// trouble on the home row, the task list and the 已申报 page, with its 审批意见 first.
import { test, expect } from '../fixtures';
import { COLLECTOR, listSubmissions, review } from '../helpers/staff';
import { completeCase, enterprise } from '../helpers/wizard';
import type { Page } from '@playwright/test';

const DATE = '\\d{4}年\\d{1,2}月\\d{1,2}日';
const COMMON = [
  '申报状态',
  '受理编号：XM\\d{8}-\\d{6}',
  '提交时间：\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}',
  '返回任务列表 · 返回首页',
];
// The helpers' cases chose 窗口领卡: nothing is promised about the post.
const CARD_LATER = '审核通过后第 3 个工作日起可到服务大厅领卡。';
const HALL = [
  '电子口岸卡已制好，请持加盖企业公章的领卡凭条到服务大厅领卡。',
  '领卡地点：厦门市湖里区象兴一路11号象屿保税区海关大楼7楼服务大厅一号柜台',
  '办理时间：工作日 08:30–12:00, 13:30–17:00',
];
const ALLOWED: Record<string, string[]> = {
  submitted: ['已提交至分中心', '已提交', `预计 ${DATE} 前完成审核。`, '撤回申报', CARD_LATER],
  in_review: ['分中心审核中', '审核中', `预计 ${DATE} 前完成审核。`, CARD_LATER],
  approved: ['审核通过', `预计 ${DATE} 起可到服务大厅领卡。`],
  ready_for_pickup: ['电子口岸卡可以领取', '可以领卡', ...HALL, '打印领卡凭条'],
  collected: ['电子口岸卡已领取', '已领卡', `赵六（证件尾号 001X）已于 ${DATE} \\d{1,2}:\\d{2} 领取电子口岸卡。`],
  dispatched: ['电子口岸卡已寄出', '已寄出', 'EMS 邮件号：EA123456785CN（可在中国邮政 EMS 网站或 11183 查询）'],
  rejected: ['退单：请修改后重新申报', '⚠ 退单', '审批意见：营业执照不清晰', '修改后重新申报'],
};

/** The lines of the 已申报 page that no allowed sentence of `state` explains. */
async function strayLines(page: Page, state: string) {
  const text = await page.locator('#main').innerText();
  const allowed = [...COMMON, ...ALLOWED[state]].map((s) => new RegExp(`^${s}$`));
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !allowed.some((a) => a.test(l)));
}

async function declared(page: Page, request: import('@playwright/test').APIRequestContext, name: string, uscc: string, seed: number) {
  const caseUrl = await completeCase(page, enterprise(uscc, name), seed);
  await page.getByRole('button', { name: '申报' }).click();
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  const [s] = await listSubmissions(request, name);
  return { caseUrl, reference: s.reference! };
}

async function expectState(page: Page, caseUrl: string, state: string) {
  await page.goto(caseUrl + '/declared');
  await expect(page.getByTestId('declared')).toHaveAttribute('data-state', state, { timeout: 20_000 });
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', state);
  expect(await strayLines(page, state), `lines at ${state}`).toEqual([]);
}

test('每个状态的已申报页面只说与状态相符的话: 已提交 → 审核中 → 审核通过 → 可以领卡 → 已领卡', async ({ page, request }) => {
  const { caseUrl, reference } = await declared(page, request, '厦门状态文字测试有限公司', '91350213678251743X', 84);
  await expectState(page, caseUrl, 'submitted');
  await review(request, reference, 'in_review');
  await expectState(page, caseUrl, 'in_review');
  await review(request, reference, 'approve');
  await expectState(page, caseUrl, 'approved');
  await review(request, reference, 'card_made');
  await expectState(page, caseUrl, 'ready_for_pickup');
  await review(request, reference, 'collect', undefined, undefined, { collector: COLLECTOR });
  await expectState(page, caseUrl, 'collected');
  // The home row: 查看 (not 继续办理) and the reference.
  await page.goto('/');
  const row = page.getByTestId('case-row').filter({ hasText: '厦门状态文字测试有限公司' });
  await expect(row.getByTestId('case-reference')).toHaveText(reference);
  await expect(row.getByRole('link', { name: '查看' })).toBeVisible();
});

test('退单 is trouble everywhere: red with its mark on home, the task list and 已申报, the note first', async ({ page, request }) => {
  const { caseUrl, reference } = await declared(page, request, '厦门退单样式测试有限公司', '91350100M000100Y43', 85);
  await review(request, reference, 'reject', '营业执照不清晰');
  await expectState(page, caseUrl, 'rejected');
  await expect(page.getByTestId('declared')).toHaveClass(/panel-trouble/);
  await expect(page.getByTestId('submission-state')).toHaveClass(/tag-red/);

  await page.goto(caseUrl);
  const note = page.getByTestId('review-note');
  await expect(note).toContainText('营业执照不清晰');
  // Above the task list, and no green 已完成 for the declaration itself.
  const noteTop = (await note.boundingBox())!.y;
  const listTop = (await page.locator('.task-list').boundingBox())!.y;
  expect(noteTop).toBeLessThan(listTop);
  await expect(page.getByTestId('status-review')).toHaveText('退单');
  await expect(page.getByTestId('status-review')).toHaveClass(/tag-red/);
  // 修改后重新申报 leads to 核对 (the note names no part).
  await note.getByRole('link', { name: '修改后重新申报' }).click();
  await expect(page).toHaveURL(/\/review$/);

  await page.goto('/');
  const row = page.getByTestId('case-row').filter({ hasText: '厦门退单样式测试有限公司' });
  await expect(row.getByTestId('case-state')).toHaveClass(/tag-red/);
  await expect(row.getByTestId('case-state')).toContainText('退单');
  // Returned: the case is worked on again.
  await expect(row.getByRole('link', { name: '继续办理' })).toBeVisible();
});
