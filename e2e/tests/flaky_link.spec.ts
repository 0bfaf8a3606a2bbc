// A link that resets 40% of the API's non-GET requests (seeded, so every run
// meets the same resets) while the browser is online: the page never says the
// network is missing, the upload's progress never goes back, and the send
// finishes by itself, soon.
import type { Browser } from '@playwright/test';
import { test, expect } from '../fixtures';
import { appEvents, outboxEntries } from '../helpers/app';
import { listSubmissions } from '../helpers/staff';
import { freshUscc } from '../helpers/uscc';
import { noisePng, png } from '../helpers/files';
import { ENTERPRISE_SLOTS, attach, fillEnterprisePart, fillOperator, startPaperlessCase, type Enterprise } from '../helpers/wizard';
import { throughProxy } from '../helpers/proxy';

// Its own name and code each run, so repeated runs count their own submission.
const enterpriseForRun = (): Enterprise => ({
  uscc: freshUscc(),
  name: `厦门四成重置测试${Date.now() % 1_000_000}有限公司`,
  address: '福建省厦门市集美区银江路1号',
  legal: { name: '许一', id: '350206198506120030', mobile: '13500135001' },
  agent: { name: '蔡二', id: '350211199201010047', phone: '0592-5551234' },
});

test('40% of requests reset while online: the truth on screen, progress kept, done by itself', async ({ browser, baseURL, request }) => {
  test.setTimeout(240_000);
  const { proxy, context, close } = await throughProxy(browser as Browser, baseURL!, { viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    const page = await context.newPage();
    const ENTERPRISE = enterpriseForRun();
    const caseUrl = await startPaperlessCase(page);
    await page.goto(caseUrl + '/enterprise');
    await fillEnterprisePart(page, ENTERPRISE);
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.getByRole('button', { name: '添加操作员' }).click();
    await fillOperator(page, 1, { name: '陈三', id: '350203199003070022' });
    await page.getByRole('button', { name: '保存并继续' }).click();
    for (const [i, label] of ENTERPRISE_SLOTS.entries()) {
      // The licence spans several chunks, so progress has steps to keep.
      await attach(page, label, i === 0 ? noisePng('营业执照.png', 7, 700, 600) : png(`${label}.png`, 700 + i));
    }
    await attach(page, '操作员 1 身份证（正面）', png('f.png', 750));
    await attach(page, '操作员 1 身份证（反面）', png('b.png', 751));
    await page.getByRole('button', { name: '保存并继续' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('核对并申报');

    proxy.setRules([{ kind: 'resetShare', exceptMethod: 'GET', pathPrefix: '/api/v1/', share: 0.4, seed: 2026, times: 10_000 }]);
    const started = Date.now();
    await page.getByRole('button', { name: '申报' }).click();
    const status = page.getByTestId('submission-status');
    const seen: { text: string; online: string; progress: number[]; state: string }[] = [];
    for (;;) {
      const snap = await page.evaluate(() => ({
        text: document.querySelector('[data-testid=submission-status]')?.textContent ?? '',
        bar: document.querySelector('[data-testid=network-status]')?.textContent ?? '',
        online: document.querySelector('[data-testid=network-status]')?.getAttribute('data-online') ?? '',
        state: document.querySelector('[data-testid=submission-status]')?.getAttribute('data-state') ?? '',
        progress: [...document.querySelectorAll('[data-testid=submission-status] progress')].map((p) => Number((p as HTMLProgressElement).value)),
      }));
      seen.push(snap);
      expect(snap.online, 'the browser is online throughout').toBe('true');
      expect(snap.text, `said while online (${(Date.now() - started) / 1000} s)`).not.toContain('网络未连接');
      if (snap.state === 'submitted') break;
      if (Date.now() - started > 120_000) {
        const ev = await appEvents(page);
        console.log(ev.slice(-60).map((e) => `${e.at} ${e.kind} ${e.summary} ${e.bytes ?? ""}`).join('\n'));
        console.log(JSON.stringify((await outboxEntries(page)).map((e) => e.phase)));
        console.log(seen.slice(-5).map((s) => s.text).join('\n'));
      }
      expect(Date.now() - started, 'finished within two minutes').toBeLessThan(120_000);
      await page.waitForTimeout(150);
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`40% resets: submitted after ${seconds.toFixed(1)} s, ${proxy.stats.injected} resets of ${proxy.stats.requests} requests`);
    expect(proxy.stats.injected, 'the link did reset requests').toBeGreaterThan(3);
    // Progress per attachment never went backwards while the bars were shown.
    const bars = seen.filter((s) => s.progress.length > 0);
    expect(bars.length).toBeGreaterThan(0);
    for (let i = 1; i < bars.length; i++) {
      if (bars[i].progress.length !== bars[i - 1].progress.length) continue;
      bars[i].progress.forEach((v, k) => expect(v, `bar ${k} at snapshot ${i}`).toBeGreaterThanOrEqual(bars[i - 1].progress[k]));
    }
    // A failed try was said as what it was: the server not reached, and when the next try comes.
    expect(seen.some((s) => s.text.includes('无法连接到服务器'))).toBe(true);
    await expect(status).toHaveAttribute('data-state', 'submitted');
    expect(await listSubmissions(request, ENTERPRISE.name)).toHaveLength(1);
  } finally {
    await close();
  }
});
