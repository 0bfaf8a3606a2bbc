// Steps of the paperless enrollment wizard, driven through visible labels.
import { expect, type Page } from '@playwright/test';
import { png, type TestFile } from './files';

export type Enterprise = {
  uscc: string;
  name: string;
  address: string;
  legal: { name: string; id: string; mobile: string };
  agent: { name: string; id: string; phone: string };
};

export const ACME: Enterprise = {
  uscc: '91350200MA31E12PXF',
  name: '厦门示例贸易有限公司',
  address: '福建省厦门市湖里区象兴一路11号',
  legal: { name: '张三', id: '11010519491231002X', mobile: '13800138000' },
  agent: { name: '李四', id: '440524188001010014', phone: '0592-5653395' },
};

export const BETA: Enterprise = {
  uscc: '914403001922038216',
  name: '深圳示范科技有限公司',
  address: '广东省深圳市南山区科技园路1号',
  legal: { name: '王芳', id: '350203199003070022', mobile: '13900139000' },
  agent: { name: '赵六', id: '632123198209270518', phone: '13700137000' },
};

/** From 新建办理 to a fresh case's task list; returns the case URL. */
export async function startPaperlessCase(page: Page): Promise<string> {
  await page.goto('/new/enrollment-online');
  await page.getByRole('button', { name: '开始办理' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  return page.url();
}

export async function waitSaved(page: Page) {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-save-state', 'saved');
}

export async function fillEnterprisePart(page: Page, e: Enterprise) {
  const ent = page.getByRole('group', { name: '企业信息' });
  await ent.getByLabel('统一社会信用代码').fill(e.uscc);
  await ent.getByLabel('企业名称').fill(e.name);
  await ent.getByLabel('企业地址').fill(e.address);
  const legal = page.getByRole('group', { name: '法定代表人' });
  await legal.getByLabel('姓名').fill(e.legal.name);
  await legal.getByLabel('证件号码').fill(e.legal.id);
  await legal.getByLabel('手机号码').fill(e.legal.mobile);
  const agent = page.getByRole('group', { name: '经办人' });
  await agent.getByLabel('姓名').fill(e.agent.name);
  await agent.getByLabel('证件号码').fill(e.agent.id);
  await agent.getByLabel('联系电话').fill(e.agent.phone);
  await page.getByRole('radio', { name: '窗口领卡' }).check();
}

export type OperatorData = { name: string; id: string; idType?: string; sex?: '男' | '女'; birth?: string };

export async function fillOperator(page: Page, n: number, o: OperatorData) {
  const g = page.getByRole('group', { name: `操作员 ${n}`, exact: true });
  await g.getByLabel('姓名').fill(o.name);
  if (o.idType) await g.getByLabel('证件类型').selectOption({ label: o.idType });
  await g.getByLabel('证件号码').fill(o.id);
  if (o.sex) await g.getByRole('radio', { name: o.sex }).check();
  if (o.birth) await g.getByLabel('出生日期').fill(o.birth);
  await g.getByLabel('学历').fill('本科');
  await g.getByLabel('职务').fill('报关员');
  await g.getByLabel('联系电话').fill('13912345678');
  await g.getByLabel('用户地址').fill('福建省厦门市思明区鹭江道8号');
}

export const ENTERPRISE_SLOTS = ['营业执照', '法人身份证（正面）', '法人身份证（反面）', '经办人身份证（正面）', '经办人身份证（反面）', '授权委托书'];

/** Uploads a file into the slot labelled `label` and waits until it is stored. */
export async function attach(page: Page, label: string, file: TestFile) {
  await page.getByLabel(label, { exact: true }).setInputFiles(file);
  const slot = page.locator('.attachment').filter({ has: page.getByLabel(label, { exact: true }) });
  await expect(slot).toHaveAttribute('data-sha256', /^[0-9a-f]{64}$/);
  return slot;
}

export async function attachAll(page: Page, operators: number, seed = 1) {
  for (const [i, label] of ENTERPRISE_SLOTS.entries()) await attach(page, label, png(`${label}.png`, seed * 100 + i));
  for (let n = 1; n <= operators; n++) {
    await attach(page, `操作员 ${n} 身份证（正面）`, png(`op${n}-front.png`, seed * 100 + 10 + n));
    await attach(page, `操作员 ${n} 身份证（反面）`, png(`op${n}-back.png`, seed * 100 + 20 + n));
  }
}

/** Fills a complete case for `e` (one operator, every attachment) and stops on the 核对 page. */
export async function completeCase(page: Page, e: Enterprise, seed: number) {
  const caseUrl = await startPaperlessCase(page);
  await page.goto(caseUrl + '/enterprise');
  await fillEnterprisePart(page, e);
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByRole('button', { name: '添加操作员' }).click();
  await fillOperator(page, 1, { name: '王五', id: '350206198506120030' });
  await page.getByRole('button', { name: '保存并继续' }).click();
  await attachAll(page, 1, seed);
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('核对并申报');
  return caseUrl;
}

/** An enterprise with the given credit code and name, and fixed people. */
export const enterprise = (uscc: string, name: string): Enterprise => ({
  uscc,
  name,
  address: '福建省厦门市集美区杏林湾路1号',
  legal: { name: '陈一', id: '350211199201010047', mobile: '13600136000' },
  agent: { name: '林二', id: '350203199003070022', phone: '0592-5653395' },
});
