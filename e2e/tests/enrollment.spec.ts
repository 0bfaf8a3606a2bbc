// The paperless enrollment wizard: happy path, validation, attachments,
// several enterprises, profile reuse. Inputs are found by their visible labels.
import { test, expect, visit, expectNoAxeViolations } from '../fixtures';
import { storedCases } from '../helpers/app';
import { noisyJpeg, pdf, png, textPosingAsJpeg } from '../helpers/files';
import {
  ACME,
  BETA,
  attach,
  attachAll,
  fillEnterprisePart,
  fillOperator,
  startPaperlessCase,
  waitSaved,
} from '../helpers/wizard';

test('happy path: legal person, two operators, every attachment, declared → 已提交 with a reference', async ({ page }) => {
  const caseUrl = await startPaperlessCase(page);
  await expect(page.getByTestId('status-enterprise')).toHaveText('未开始');
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: '法人信息录入' }).click();
  await fillEnterprisePart(page, ACME);
  // Derived values are shown, not retyped.
  await expect(page.getByText('行政区划：福建省厦门市')).toBeVisible();
  await expect(page.getByText('发卡机构：厦门制卡中心')).toBeVisible();
  await expect(page.getByText('出生日期：1949年12月31日；性别：女')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '保存并继续' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('操作员信息预录入');
  await page.getByRole('button', { name: '添加操作员' }).click();
  await fillOperator(page, 1, { name: '王五', id: '632123820927051' });
  await page.getByRole('group', { name: '操作员 1', exact: true }).getByLabel('证件号码').blur();
  await expect(page.getByText('15 位旧号码已升级为 18 位：632123198209270518')).toBeVisible();
  await page.getByRole('button', { name: '添加操作员' }).click();
  await fillOperator(page, 2, { name: 'John Smith', idType: '护照', id: 'E12345678', sex: '男', birth: '1988-08-08' });
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '保存并继续' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('附件上传');
  await attachAll(page, 2);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '保存并继续' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('核对并申报');
  await expect(page.getByText('厦门示例贸易有限公司')).toBeVisible();
  await expect(page.getByText('632123198209270518')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: '申报' }).click();

  await expect(page.getByTestId('declared')).toBeVisible();
  await expect(page.getByText(/审核结果：提交后一个工作日（预计 \d{4}年\d{1,2}月\d{1,2}日）可查看/)).toBeVisible();
  // Online, the outbox sends it at once: 已提交 with a reference number.
  await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  await expect(page.getByTestId('reference')).toHaveText(/受理编号：XM\d{8}-\d{6}/);
  await expectNoAxeViolations(page);

  await page.goto(caseUrl);
  for (const part of ['enterprise', 'operators', 'attachments']) {
    await expect(page.getByTestId(`status-${part}`)).toHaveText('已完成');
  }
  // The declaration's own line says where it stands, not 已完成.
  await expect(page.getByTestId('status-review')).toHaveText('已提交');
  await visit(page, '/');
  const row = page.getByTestId('case-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('厦门示例贸易有限公司');
  await expect(row.getByTestId('case-state')).toHaveText('已提交');
});

test('validation messages appear next to the field and in the summary, and clear when fixed', async ({ page }) => {
  await startPaperlessCase(page);
  await page.getByRole('link', { name: '法人信息录入' }).click();
  const uscc = page.getByLabel('统一社会信用代码');

  // A character outside the alphabet: an error, shown on blur.
  await uscc.fill('91350100M000I00Y43');
  await uscc.blur();
  const usccError = page.locator('#f-enterprise-uscc-error');
  await expect(usccError).toContainText('统一社会信用代码含有不允许的字符“I”');
  await expect(uscc).toHaveAttribute('aria-invalid', 'true');
  await expect(uscc).toHaveAttribute('aria-describedby', /f-enterprise-uscc-error/);

  // Submitting shows the summary with a link to each field.
  await page.getByRole('button', { name: '保存并继续' }).click();
  const summary = page.getByRole('alert').filter({ hasText: '请修改以下问题' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: /统一社会信用代码含有不允许的字符/ })).toHaveAttribute('href', '#f-enterprise-uscc');
  await expect(summary.getByRole('link', { name: '企业名称为必填项，请填写。' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Wrong check character: a warning that needs the explicit confirmation.
  await uscc.fill('91350100M000100Y4A');
  await uscc.blur();
  await expect(usccError).toContainText('最后一位校验码与计算结果（3）不一致');
  await page.getByLabel('我已对照营业执照逐位核对，代码与营业执照一致').check();
  await expect(usccError).toBeHidden();
  await expect(uscc).not.toHaveAttribute('aria-invalid', 'true');
  await expect(summary.getByRole('link', { name: /统一社会信用代码/ })).toHaveCount(0);

  // ID check digit, impossible date, mobile format.
  const legal = page.getByRole('group', { name: '法定代表人' });
  await legal.getByLabel('证件号码').fill('110105194912310021');
  await legal.getByLabel('证件号码').blur();
  await expect(page.locator('#f-legal_person-id_number-error')).toContainText('法定代表人证件号码校验位不正确（最后一位应为 X）');
  await expect(summary).toContainText('法定代表人证件号码校验位不正确');
  await legal.getByLabel('证件号码').fill('110105194902300020');
  await expect(page.locator('#f-legal_person-id_number-error')).toContainText('出生日期 1949-02-30 不是有效日期');
  await legal.getByLabel('证件号码').fill('11010519491231002x');
  await legal.getByLabel('证件号码').blur();
  await expect(legal.getByLabel('证件号码')).toHaveValue('11010519491231002X');
  await expect(page.locator('#f-legal_person-id_number-error')).toBeHidden();
  await expect(summary).not.toContainText('法定代表人证件号码');

  await legal.getByLabel('手机号码').fill('0592-5653395');
  await legal.getByLabel('手机号码').blur();
  await expect(page.locator('#f-legal_person-mobile-error')).toContainText('法定代表人手机号码应为 11 位手机号码');
  await legal.getByLabel('手机号码').fill('13800138000');
  await expect(page.locator('#f-legal_person-mobile-error')).toBeHidden();

  // 邮寄领卡 requires the mailing fields.
  await page.getByRole('radio', { name: '邮寄领卡' }).check();
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(summary.getByRole('link', { name: '收件人为必填项，请填写。' })).toBeVisible();
  await expect(summary.getByRole('link', { name: '收件地址为必填项，请填写。' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('one ID per enterprise: a clash names the other holder', async ({ page }) => {
  await startPaperlessCase(page);
  await page.getByRole('link', { name: '法人信息录入' }).click();
  await fillEnterprisePart(page, ACME);
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByRole('button', { name: '添加操作员' }).click();
  await fillOperator(page, 1, { name: '张三', id: ACME.legal.id });
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.locator('#f-operators-0-id_number-error')).toContainText(
    '操作员 1 证件号码与法定代表人证件号码相同。同一人在同一企业只能办理一张电子口岸卡',
  );
  await expectNoAxeViolations(page);
  // Removing the operator clears it.
  await page.getByRole('button', { name: '删除操作员 1' }).click();
  await expect(page.getByText('尚未添加操作员。')).toBeVisible();
});

test('attachments: over-size JPEG is refused and shrunk, PDF accepted, text posing as JPEG refused', async ({ page }) => {
  await startPaperlessCase(page);
  await page.getByRole('link', { name: '附件上传' }).click();
  const big = await noisyJpeg(page, 4_700_000, 6_500_000);
  const licence = page.getByLabel('营业执照', { exact: true });
  await licence.setInputFiles(big);
  const refusal = page.locator('#f-attachments-business_licence-refusal');
  // Sizes read as a phone's gallery shows them (1 MB = 1024 KB), rounded up.
  const mb = (Math.ceil((big.buffer.length * 10) / 1048576) / 10).toFixed(1);
  await expect(refusal).toContainText(`营业执照文件为 ${mb} MB，超过 4 MB 上限`);
  await expectNoAxeViolations(page);
  await refusal.getByRole('button', { name: '压缩此图片' }).click();
  const preview = page.locator('.shrink-preview');
  await expect(preview).toContainText(`压缩后：${mb} MB →`);
  await expect(preview.getByRole('img')).toBeVisible();
  // Nothing is replaced before the user accepts.
  const slot = page.getByTestId('slot-business_licence');
  await expect(slot).not.toHaveAttribute('data-sha256', /.+/);
  await preview.getByRole('button', { name: '使用压缩后的图片' }).click();
  await expect(slot).toHaveAttribute('data-sha256', /^[0-9a-f]{64}$/);
  // The shrunk file has a name of its own, its type and a short size; the digest is folded.
  const facts = slot.locator('.file-facts');
  await expect(facts).toContainText('营业执照-大（已压缩）.jpg · JPG · ');
  const sizeText = await facts.innerText();
  const [, n, unit] = / ([\d.]+) (MB|KB)/.exec(sizeText)!;
  expect(Number(n) * (unit === 'MB' ? 1048576 : 1024)).toBeLessThanOrEqual(4 * 1048576);
  await expect(slot.getByText(/^SHA-256 /)).toBeHidden();
  await slot.getByText('校验值').click();
  await expect(slot.getByText(/^SHA-256 [0-9a-f]{64}$/)).toBeVisible();
  await expect(slot.getByRole('img')).toBeVisible();

  await attach(page, '授权委托书', pdf('授权委托书.pdf'));
  await expect(page.getByTestId('slot-authorization_letter')).toContainText('共 2 页');

  await page.getByLabel('法人身份证（正面）', { exact: true }).setInputFiles(textPosingAsJpeg());
  await expect(page.locator('#f-attachments-legal_person_id_front-refusal')).toContainText(
    '法人身份证（正面）不是 JPEG、PNG 或 PDF 文件（按文件内容识别）',
  );
  await expect(page.getByTestId('slot-legal_person_id_front')).not.toHaveAttribute('data-sha256', /.+/);
  await expectNoAxeViolations(page);
});

test('two enterprises side by side; a second case for a known credit code is pre-filled', async ({ page }) => {
  for (const e of [ACME, BETA]) {
    await startPaperlessCase(page);
    await page.getByRole('link', { name: '法人信息录入' }).click();
    await fillEnterprisePart(page, e);
    await waitSaved(page);
  }
  await visit(page, '/');
  await expect(page.getByTestId('case-row')).toHaveCount(2);
  await expect(page.getByTestId('case-row').filter({ hasText: ACME.name })).toHaveCount(1);
  await expect(page.getByTestId('case-row').filter({ hasText: BETA.name })).toHaveCount(1);

  await startPaperlessCase(page);
  await page.getByRole('link', { name: '法人信息录入' }).click();
  await page.getByLabel('统一社会信用代码').fill(ACME.uscc.toLowerCase());
  await page.getByLabel('统一社会信用代码').blur();
  await expect(page.getByText('已根据该企业以往的办理填入')).toBeVisible();
  await expect(page.getByLabel('企业名称')).toHaveValue(ACME.name);
  await expect(page.getByRole('group', { name: '法定代表人' }).getByLabel('姓名')).toHaveValue(ACME.legal.name);
  // Stored as digits, shown grouped.
  await expect(page.getByRole('group', { name: '经办人' }).getByLabel('联系电话')).toHaveValue(ACME.agent.phone);
  await waitSaved(page);

  // Delete asks first, then removes only that case.
  await visit(page, '/');
  await expect(page.getByTestId('case-row')).toHaveCount(3);
  const beta = page.getByTestId('case-row').filter({ hasText: BETA.name });
  await beta.getByRole('button', { name: '删除' }).click();
  await expect(beta).toContainText('确定删除“深圳示范科技有限公司”的这项办理？');
  await expectNoAxeViolations(page);
  await beta.getByRole('button', { name: '确认删除' }).click();
  // It was that enterprise's last case: its saved details may go too; keep them here.
  await expect(page.getByTestId('orphan-profile')).toContainText('深圳示范科技有限公司');
  await page.getByTestId('orphan-profile').getByRole('button', { name: '保留' }).click();
  await expect(page.getByTestId('case-row')).toHaveCount(2);
  await expect(page.getByTestId('case-row').filter({ hasText: BETA.name })).toHaveCount(0);
  // Both enterprises' details are still saved (listed under 本机数据 on 诊断).
  await visit(page, '/diagnostics#local-data');
  await expect(page.getByTestId('profile')).toHaveCount(2);
});

test('the English UI shows translated labels and messages', async ({ page }) => {
  await startPaperlessCase(page);
  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('link', { name: 'Enterprise and legal representative' }).click();
  await page.getByLabel('Unified social credit code').fill('9135');
  await page.getByLabel('Unified social credit code').blur();
  await expect(page.locator('#f-enterprise-uscc-error')).toContainText(
    'Unified social credit code: must have 18 characters, not 4',
  );
  await expectNoAxeViolations(page);
});

test('png preview and replace keep one file per slot', async ({ page }) => {
  await startPaperlessCase(page);
  await page.getByRole('link', { name: '附件上传' }).click();
  const first = await attach(page, '营业执照', png('a.png', 1));
  const sha1 = await first.getAttribute('data-sha256');
  await attach(page, '营业执照', png('b.png', 2));
  await expect(first).not.toHaveAttribute('data-sha256', sha1!);
  await expect(first).toContainText('b.png');
  await first.getByRole('button', { name: '删除 营业执照' }).click();
  await expect(first).toContainText('尚未上传');
});

test('申报 is blocked while errors remain; the summary links to each field', async ({ page }) => {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/review');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('核对并申报');
  await page.getByRole('button', { name: '申报' }).click();
  const summary = page.getByRole('alert').filter({ hasText: '请修改以下问题' });
  await expect(summary).toBeVisible();
  await expect(page.getByText('请先修改上面列出的问题，然后再申报。')).toBeVisible();
  await expect(summary.getByRole('link', { name: '操作员信息至少需要一名操作员，请添加操作员。' })).toBeVisible();
  await expectNoAxeViolations(page);
  await summary.getByRole('link', { name: '统一社会信用代码为必填项，请填写。' }).click();
  await expect(page).toHaveURL(/\/enterprise#f-enterprise-uscc$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('法人信息录入');
  await page.goto(caseUrl);
  await expect(page.getByTestId('status-review')).toHaveText('未开始');
});

// Each rule of domain-rules.md that the enrollment form can produce, through the UI.
const FIELD_RULES: { group: string; label: string; bad: string; message: string; good: string; id: string }[] = [
  { group: '企业信息', label: '统一社会信用代码', bad: '9135020', message: '统一社会信用代码应为 18 位，当前为 7 位', good: '91350200MA31E12PXF', id: 'f-enterprise-uscc' },
  { group: '企业信息', label: '统一社会信用代码', bad: '91AB0200MA31E12PXF', message: '第 3–8 位应为数字', good: '91350213678251743X', id: 'f-enterprise-uscc' },
  { group: '企业信息', label: '企业地址', bad: '象兴一路11号', message: '企业地址似乎不完整', good: '福建省厦门市湖里区象兴一路11号', id: 'f-enterprise-address' },
  { group: '企业信息', label: '发卡机构代理点', bad: '21', message: '代码“21”不是已知的发卡机构代理点', good: '20', id: 'f-enterprise-agency_code' },
  { group: '法定代表人', label: '姓名', bad: '张3', message: '法定代表人姓名不能包含数字', good: '张三', id: 'f-legal_person-name' },
  { group: '法定代表人', label: '证件号码', bad: '1101051949', message: '法定代表人证件号码应为 18 位', good: '11010519491231002X', id: 'f-legal_person-id_number' },
  { group: '法定代表人', label: '证件号码', bad: '990105194912310023', message: '法定代表人证件号码前两位 99 不是省级行政区划代码', good: '11010519491231002X', id: 'f-legal_person-id_number' },
  { group: '法定代表人', label: '证件号码', bad: '000000199001010018', message: '前两位 00 不是省级行政区划代码', good: '11010519491231002X', id: 'f-legal_person-id_number' },
  { group: '经办人', label: '证件号码', bad: '350206184912310019', message: '经办人证件号码中的出生年份 1849 早于 1850 年', good: '350203199003070022', id: 'f-agent-id_number' },
  { group: '经办人', label: '联系电话', bad: '0592-1653395', message: '经办人联系电话应为手机号码或带区号的固定电话', good: '0592-5653395', id: 'f-agent-phone' },
];

for (const r of FIELD_RULES) {
  test(`${r.label}: “${r.bad}” shows “${r.message}” and clears when fixed`, async ({ page }) => {
    await startPaperlessCase(page);
    await page.getByRole('link', { name: '法人信息录入' }).click();
    const input = page.getByRole('group', { name: r.group }).getByLabel(r.label, { exact: true });
    await input.fill(r.bad);
    await input.blur();
    const msg = page.locator(`#${r.id}-error`);
    await expect(msg).toContainText(r.message);
    await page.getByRole('button', { name: '保存并继续' }).click();
    const summary = page.getByRole('alert').filter({ hasText: '请修改以下问题' });
    await expect(summary.getByRole('link', { name: new RegExp(r.message) })).toHaveAttribute('href', `#${r.id}`);
    await input.fill(r.good);
    await input.blur();
    await expect(msg).toBeHidden();
    await expect(summary).not.toContainText(r.message);
  });
}

test('operator rules: permit formats and future birth dates', async ({ page }) => {
  await startPaperlessCase(page);
  await page.getByRole('link', { name: '操作员信息预录入' }).click();
  await page.getByRole('button', { name: '添加操作员' }).click();
  const op = page.getByRole('group', { name: '操作员 1', exact: true });
  await op.getByLabel('证件类型').selectOption({ label: '港澳居民来往内地通行证' });
  await op.getByLabel('证件号码').fill('X1234567');
  await op.getByLabel('证件号码').blur();
  await expect(page.locator('#f-operators-0-id_number-error')).toContainText('应为 H 或 M 加 8 位数字');
  await op.getByLabel('证件号码').fill('H12345678');
  await expect(page.locator('#f-operators-0-id_number-error')).toBeHidden();
  await op.getByLabel('出生日期').fill('2099-01-01');
  await op.getByLabel('出生日期').blur();
  await expect(page.locator('#f-operators-0-birth_date-error')).toContainText('晚于今天');
  await op.getByLabel('出生日期').fill('1990-01-01');
  await expect(page.locator('#f-operators-0-birth_date-error')).toBeHidden();
  await expectNoAxeViolations(page);
});

test('phones are stored as digits and shown grouped: “13800138000” reads 138 0013 8000, a landline 0592-5653395', async ({ page }) => {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/enterprise');
  const mobile = page.getByRole('group', { name: '法定代表人' }).getByLabel('手机号码');
  await mobile.fill('13800138000');
  // While typing, the text is left as typed.
  await expect(mobile).toHaveValue('13800138000');
  await mobile.blur();
  await expect(mobile).toHaveValue('138 0013 8000');
  const phone = page.getByRole('group', { name: '经办人' }).getByLabel('联系电话');
  await phone.fill('0592 5653395');
  await phone.blur();
  await expect(phone).toHaveValue('0592-5653395');
  await waitSaved(page);
  const id = caseUrl.split('/').pop();
  const stored = (await storedCases(page)).find((c) => c.id === id)!;
  expect(stored.enrollment.legal_person.mobile).toBe('13800138000');
  expect(stored.enrollment.agent.phone).toBe('05925653395');
});
