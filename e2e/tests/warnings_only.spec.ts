// A summary of notes to check, with nothing that must change, is headed as
// such (issue #28): "请核对以下提示", not "请修改以下问题".
import { test, expect } from '../fixtures';
import { completeCase, enterprise } from '../helpers/wizard';

test('a summary with only warnings says to check, not to change', async ({ page }) => {
  const caseUrl = await completeCase(page, enterprise('91350200MA31E12PXF', '厦门提示标题测试有限公司'), 88);
  await page.goto(caseUrl + '/enterprise');
  const address = page.getByRole('group', { name: '企业信息' }).getByLabel('企业地址', { exact: true });
  await address.fill('象兴一路11号');
  await address.blur();
  await expect(page.locator('#f-enterprise-address-error')).toContainText('企业地址似乎不完整');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
  // 核对 lists what is left: here only the note to check.
  await page.goto(caseUrl + '/review');
  const summary = page.locator('.error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('heading')).toHaveText('请核对以下提示');
  await expect(summary).toContainText('企业地址似乎不完整');
  // A real problem beside it: the heading asks for changes again.
  await page.goto(caseUrl + '/enterprise');
  const uscc = page.getByRole('group', { name: '企业信息' }).getByLabel('统一社会信用代码', { exact: true });
  await uscc.fill('9135020');
  await uscc.blur();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
  await page.goto(caseUrl + '/review');
  await expect(summary.getByRole('heading')).toHaveText('请修改以下问题');
  await expect(summary).toContainText('企业地址似乎不完整');
});
