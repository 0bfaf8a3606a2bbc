// The app shell: home, 新建办理, 服务信息, language, status bar, API routing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { test, expect, visit, expectNoAxeViolations } from '../fixtures';
import { chromiumLaunch } from '../chromium';

const BUSINESS_NAMES = [
  '新用户入网（无纸化）',
  '新用户入网（非无纸化）',
  '企业基本信息变更',
  '变更电子口岸操作员卡',
  '新增电子口岸操作员卡',
  '补办电子口岸卡',
  '电子口岸卡证书更新',
  '电子口岸卡解锁',
  '自购读卡器领取',
  '电子口岸注销',
];

test('home shows the empty state in Chinese and leads to 新建办理', async ({ page }) => {
  await visit(page, '/');
  await expect(page).toHaveTitle(/电子口岸卡务助手/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理');
  await expect(page.getByRole('heading', { name: '还没有办理中的业务' })).toBeVisible();
  await page.locator('main').getByRole('link', { name: '新建办理' }).click();
  await expect(page).toHaveURL(/\/new$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新建办理');
});

test('新建办理 lists every business type with its purpose', async ({ page }) => {
  await visit(page, '/new');
  const cards = page.locator('.business-list > li');
  await expect(cards).toHaveCount(BUSINESS_NAMES.length);
  for (const [i, name] of BUSINESS_NAMES.entries()) {
    await expect(cards.nth(i).getByRole('heading')).toHaveText(name);
    await expect(cards.nth(i).locator('p').first()).not.toBeEmpty();
  }
  await cards.nth(9).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('电子口岸注销');
  await expect(page.getByText('一式 2 份')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('English survives a browser restart (a persistent profile)', async ({ baseURL }) => {
  const profile = mkdtempSync(join(tmpdir(), 'eport-lang-'));
  try {
    let context = await chromium.launchPersistentContext(profile, { ...chromiumLaunch, baseURL, locale: 'zh-CN' });
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.locator('#main h1')).toHaveText('My applications');
    await context.close();
    context = await chromium.launchPersistentContext(profile, { ...chromiumLaunch, baseURL, locale: 'zh-CN' });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/services');
    await expect(page.locator('#main h1')).not.toHaveText(/[\u4e00-\u9fff]/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('every route has a title of its own, in the language on screen', async ({ page }) => {
  const titles = new Map<string, string>();
  for (const path of ['/', '/new', '/new/card-unlock', '/services', '/lookup', '/diagnostics', '/nope']) {
    await page.goto(path);
    await expect(page.locator('#main h1')).toBeVisible();
    await expect(page).toHaveTitle(/电子口岸卡务助手$/);
    titles.set(path, await page.title());
  }
  expect(new Set(titles.values()).size, JSON.stringify([...titles])).toBe(titles.size);
  expect(titles.get('/new')).toBe('新建办理 · 电子口岸卡务助手');
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page).not.toHaveTitle(/[\u4e00-\u9fff]/);
});

test('switching to English survives a reload', async ({ page }) => {
  await visit(page, '/');
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My applications');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My applications');
  await page.goto('/new');
  await expect(page.locator('.business-list > li').first().getByRole('heading')).toHaveText(
    'New enterprise enrollment (paperless)',
  );
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /中文/ }).click();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新建办理');
});

test('a deep link loads the app', async ({ page }) => {
  await visit(page, '/services');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('服务信息');
  await expect(page.getByText('厦门市湖里区象兴一路11号象屿保税区海关大楼7楼服务大厅')).toBeVisible();
  await expect(page.getByRole('link', { name: '0592-5653395' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'xmport@189.cn' })).toBeVisible();
});

test('unknown app paths show a not-found page', async ({ page }) => {
  await visit(page, '/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
});

test('the hall is closed on National Day and open on a Tuesday morning', async ({ page }) => {
  await visit(page, '/services?now=2026-10-03T10:00+08:00');
  const status = page.getByTestId('hall-status');
  await expect(status).toHaveAttribute('data-open', 'false');
  await expect(status).toContainText('已下班');
  await expect(status).toContainText('国庆节');
  await expect(status).toContainText('2026年10月8日 08:30');
  await page.goto('/services?now=2026-11-24T09:00+08:00');
  await expect(status).toHaveAttribute('data-open', 'true');
  await expect(status).toContainText('正在办公');
  await expect(status).toContainText('12:00');
});

test('the status bar follows the network', async ({ page, context }) => {
  await visit(page, '/');
  const net = page.getByTestId('network-status');
  await expect(net).toContainText('在线');
  await context.setOffline(true);
  await expect(net).toContainText('离线');
  await expect(net).toHaveAttribute('data-online', 'false');
  await context.setOffline(false);
  await expect(net).toContainText('在线');
});

test('everything is reachable with the keyboard', async ({ page }) => {
  await visit(page, '/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到正文' })).toBeFocused();
  // Tab through the header to the services link and follow it with Enter.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByRole('navigation').getByRole('link', { name: '服务信息' }).evaluate((el) => el === document.activeElement)) break;
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('服务信息');
});

test('ping answers the documented JSON', async ({ request }) => {
  const r = await request.get('/api/v1/ping');
  expect(r.status()).toBe(200);
  expect(await r.json()).toEqual({ service: 'eport-sync', api: 1, version: expect.any(String) });
});

test('unknown API paths are JSON 404s, never the app', async ({ request }) => {
  const r = await request.get('/api/v1/nope');
  expect(r.status()).toBe(404);
  expect(r.headers()['content-type']).toBe('application/problem+json');
  const body = await r.json();
  expect(body).toMatchObject({ status: 404, title: 'Not Found' });
  expect(await r.text()).not.toContain('<html');
});

test.describe('with an English browser', () => {
  test.use({ locale: 'en-US' });
  test('Chinese is still the default until the user switches', async ({ page }) => {
    await visit(page, '/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的办理');
  });
});
