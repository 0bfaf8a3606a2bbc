// The staff session as a reviewer meets it: it ends on its own when left idle,
// and the console says so without being touched; the sign-in form in English
// on a phone. Runs a server of its own with a short idle timeout.
import { test, expect } from '../fixtures';
import { distDir, startServer } from '../helpers/server';
import { signInOnPage } from '../helpers/staff';

test('an idle session expires visibly, and signing in again works', async ({ browser }) => {
  const server = await startServer(distDir(), ['--staff-idle-timeout', '3s']);
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.goto('/staff');
    await signInOnPage(page, server.staff);
    await expect(page.getByTestId('staff-none')).toBeVisible();
    // Nobody touches the page; the console notices the end by itself.
    await expect(page.getByTestId('staff-expired')).toContainText('登录已过期', { timeout: 15_000 });
    await expect(page.getByTestId('staff-list')).toHaveCount(0);
    // The server agrees: the cookie no longer opens anything.
    const r = await context.request.get('/api/v1/staff/submissions');
    expect(r.status()).toBe(401);
    expect((await r.json()).type).toBe('urn:eport-desk:problem:session-expired');
    await signInOnPage(page, server.staff);
    await expect(page.getByTestId('staff-none')).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
  }
});

test('the sign-in form in English on a phone, with the throttle explained', async ({ browser }, testInfo) => {
  const server = await startServer(distDir(), []);
  const context = await browser.newContext({ baseURL: server.base, locale: 'en', viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    const page = await context.newPage();
    await page.goto('/staff');
    await page.getByRole('button', { name: /English/ }).click();
    const login = page.getByLabel('Login');
    await expect(login).toBeVisible();
    await expect(login).toHaveAttribute('autocomplete', 'username');
    await expect(page.getByLabel('Password')).toHaveAttribute('autocomplete', 'current-password');
    for (let i = 0; i < 6; i++) {
      await login.fill('e2e');
      await page.getByLabel('Password').fill(`wrong-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('staff-refused')).toBeVisible();
    }
    await expect(page.getByTestId('staff-refused')).toContainText('Too many failed sign-ins');
    const box = await page.getByRole('button', { name: 'Sign in' }).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await testInfo.attach('staff sign-in, 390 px, English', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  } finally {
    await context.close();
    await server.stop();
  }
});

test('a reviewer is told of failed sign-ins to her account since her last one', async ({ browser }) => {
  const server = await startServer(distDir(), []);
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.goto('/staff');
    for (const wrong of ['guess-1', 'guess-2']) {
      await page.getByLabel('登录名').fill(server.staff.login);
      await page.getByLabel('密码').fill(wrong);
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page.getByTestId('staff-refused')).toBeVisible();
    }
    await signInOnPage(page, server.staff);
    await expect(page.getByTestId('staff-failed-sign-ins')).toHaveText('自您上次登录以来，有 2 次使用您的登录名登录失败。如非本人所为，请告知管理员。');
    // Told once: the next sign-in has nothing to report.
    await page.reload();
    await expect(page.getByTestId('staff-bar')).toBeVisible();
    await expect(page.getByTestId('staff-failed-sign-ins')).toHaveCount(0);
  } finally {
    await context.close();
    await server.stop();
  }
});
