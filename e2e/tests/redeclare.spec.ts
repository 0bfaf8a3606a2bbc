// A case is never lost because the server forgot it: the outbox declares it
// again when the server purged the unfinished submission mid-upload, and when
// a server that lost its data no longer knows a submitted one. Each test runs
// a server of its own.
import { test, expect } from '../fixtures';
import { listSubmissions } from '../helpers/staff';
import { distDir, startServer } from '../helpers/server';
import { completeCase, enterprise } from '../helpers/wizard';

test('purged mid-upload (404): the outbox declares it again and it arrives once', async ({ browser }) => {
  const server = await startServer(distDir(), ['--abandon-after', '4s', '--purge-interval', '300ms']);
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    const name = '厦门清理重报测试有限公司';
    await completeCase(page, enterprise('91350213678251743X', name), 31);
    // Hold the first chunk until the server has purged the submission.
    let release!: () => void;
    const purged = new Promise<void>((ok) => (release = ok));
    let held = 0;
    await context.route('**/api/v1/submissions/*/attachments/*', async (route) => {
      if (route.request().method() === 'PATCH' && held++ === 0) await purged;
      await route.continue();
    });
    await page.getByRole('button', { name: '申报' }).click();
    await expect.poll(async () => (await listSubmissions(context.request, name, server.staff)).length, { timeout: 10_000 }).toBe(1);
    const [first] = await listSubmissions(context.request, name, server.staff);
    expect(first.state).toBe('awaiting_attachments');
    // Abandoned after 4 s: gone from the server, the held chunk now meets a 404.
    await expect.poll(async () => (await listSubmissions(context.request, name, server.staff)).length, { timeout: 15_000 }).toBe(0);
    release();

    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
    const subs = await listSubmissions(context.request, name, server.staff);
    expect(subs).toHaveLength(1);
    expect(subs[0].id).toBe(first.id);
    expect(subs[0].state).toBe('received');
    await expect(page.getByTestId('reference')).toContainText(subs[0].reference!);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('a server that lost its data (404 on a submitted case): the case is sent again', async ({ browser }) => {
  const first = await startServer(distDir(), []);
  const port = Number(new URL(first.base).port);
  const context = await browser.newContext({ baseURL: first.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const page = await context.newPage();
    const name = '厦门数据恢复测试有限公司';
    const caseUrl = await completeCase(page, enterprise('91350100M000100Y43', name), 32);
    await page.getByRole('button', { name: '申报' }).click();
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
    const [before] = await listSubmissions(context.request, name, first.staff);

    // The same address, an empty database (a disk replaced, a backup from last week).
    await first.stop();
    second = await startServer(distDir(), [], port);
    expect(await listSubmissions(context.request, name, second!.staff)).toHaveLength(0);
    await page.goto(caseUrl); // the outbox refreshes statuses at start-up
    await expect.poll(async () => (await listSubmissions(context.request, name, second!.staff)).map((s) => s.state), { timeout: 30_000 }).toEqual(['received']);
    const [after] = await listSubmissions(context.request, name, second!.staff);
    expect(after.id).toBe(before.id);
    await expect(page.getByTestId('submission-status')).toHaveAttribute('data-state', 'submitted', { timeout: 30_000 });
  } finally {
    await context.close();
    await first.stop();
    await second?.stop();
  }
});

test('declared while the server process is down, then it starts: the outbox sends it on its own', async ({ browser }) => {
  const first = await startServer(distDir(), []);
  const port = Number(new URL(first.base).port);
  const context = await browser.newContext({ baseURL: first.base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  let second: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const page = await context.newPage();
    const name = '厦门服务器停机测试有限公司';
    await completeCase(page, enterprise('914403001922038216', name), 34);
    await first.stop();
    await page.getByRole('button', { name: '申报' }).click();
    const status = page.getByTestId('submission-status');
    await expect(status).toHaveAttribute('data-state', 'queued');
    // The browser is online; the server is what cannot be reached.
    await expect(status).toContainText('无法连接到服务器');
    await expect(status).not.toContainText('网络未连接');
    second = await startServer(distDir(), [], port);
    await expect(status).toHaveAttribute('data-state', 'submitted', { timeout: 60_000 });
    const subs = await listSubmissions(context.request, name, second!.staff);
    expect(subs).toHaveLength(1);
    expect(subs[0].state).toBe('received');
  } finally {
    await context.close();
    await first.stop();
    await second?.stop();
  }
});
