// 统计 (#31): a fortnight across National Day worked through the real server
// with its clock pinned to each day (started again on the same data), then the
// statistics page read and its figures checked against ones this test
// computes from its own record of what happened and the holiday file; the
// same figures in the exported register's statistics sheet; charts under
// the strict CSP, axe clean, at 1366×768 and on a phone in English.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { request as playwrightRequest } from '@playwright/test';
import { test, expect, expectNoAxeViolations } from '../fixtures';
import { png, sha256 } from '../helpers/files';
import { distDir, serverBin, startServer } from '../helpers/server';
import { COLLECTOR, EMS, review } from '../helpers/staff';
import { submit } from '../tools/protocol-client.mjs';

type Day = string; // YYYY-MM-DD, Asia/Shanghai
type Case = { ref: string; arrived: Day; verdict?: { on: Day; approved: boolean; by: string; reasons: string[] }; dispatched?: Day; collected?: Day };

const holidays = JSON.parse(readFileSync(resolve(__dirname, '../../crates/domain/holidays/2026.json'), 'utf8')) as {
  days: { date: string; isOffDay: boolean }[];
};
const special = new Map(holidays.days.map((d) => [d.date, d.isOffDay]));
const next = (d: Day) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const isBusinessDay = (d: Day) => {
  const off = special.get(d);
  if (off !== undefined) return !off;
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};
/** Business days after `from`, up to and including `until`. */
const waited = (from: Day, until: Day) => {
  let n = 0;
  for (let d = next(from); d <= until; d = next(d)) if (isBusinessDay(d)) n++;
  return n;
};
/** The day after `from`'s first business day: past it, a case is overdue. */
const dueAfter = (from: Day) => {
  let d = next(from);
  while (!isBusinessDay(d)) d = next(d);
  return d;
};
const nearestRank = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.max(1, Math.ceil((p * s.length) / 100)) - 1] : null;
};

test('统计 across National Day: the page and the exported sheet show what the test computes', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const mail = (m: any) => {
    m.case.pickup = { ...m.case.pickup, method: 'mail', recipient: '李收件', phone: '13800138000', address: '厦门市思明区示例路1号' };
    return m;
  };
  const files = (seed: number) =>
    Array.from({ length: 8 }, (_, k) => png(`scan-${k}.png`, seed * 10 + k).buffer).map((bytes) => ({ bytes, sha256: sha256(bytes), mime: 'image/png' }));
  const cases: Case[] = [];
  let again: { data: string; staff: { login: string; password: string } } | undefined;
  const second = { login: 'second', password: '' };
  const on = async (day: Day, hour: string, work: (base: string, staff: any) => Promise<void>) => {
    const server = await startServer(distDir(), ['--clock-start', `${day}T${hour}:00+08:00`], 0, undefined, again);
    if (!again) {
      const out = execFileSync(serverBin(), ['--data-dir', server.data, 'account', 'add', 'second', '--name', '审核员乙'], { env: { ...process.env, RUST_LOG: 'warn' } }).toString();
      second.password = out.match(/^password: (\S+)$/m)![1];
    }
    again = { data: server.data, staff: server.staff };
    try {
      await work(server.base, server.staff);
    } finally {
      await server.stop({ keep: true });
    }
  };
  const arrive = async (base: string, day: Day, seed: number, edit?: (m: any) => any) => {
    const ref = (await submit(base, files(seed), { edit })).reference as string;
    cases.push({ ref, arrived: day });
    return ref;
  };
  const byRef = (ref: string) => cases.find((c) => c.ref === ref)!;
  // Each day's staff work through the API, as the console sends it.
  const staffApi = async (base: string) => playwrightRequest.newContext({ baseURL: base });
  const verdict = async (base: string, who: { login: string; password: string }, day: Day, ref: string, approved: boolean, reasons: { code: string; field: string }[] = []) => {
    const api = await staffApi(base);
    await review(api, ref, approved ? 'approve' : 'reject', undefined, who, approved ? {} : { reasons });
    await api.dispose();
    byRef(ref).verdict = { on: day, approved, by: who.login === 'second' ? '审核员乙' : 'E2E 审核员', reasons: reasons.map((r) => `${r.code}:${r.field}`) };
  };
  const unclear = { code: 'unclear', field: 'attachments.business_licence' };
  const photo = { code: 'photo_mismatch', field: 'legal_person.id_number' };

  let r1 = '', r2 = '', r3 = '', r4 = '', r5 = '';
  // Tuesday 29 September: three arrive.
  await on('2026-09-29', '10:00', async (base) => {
    r1 = await arrive(base, '2026-09-29', 1, mail);
    r2 = await arrive(base, '2026-09-29', 2);
    r3 = await arrive(base, '2026-09-29', 3);
  });
  // Wednesday 30, the eve of the holiday: two more; one approved, one returned.
  await on('2026-09-30', '10:00', async (base, staff) => {
    r4 = await arrive(base, '2026-09-30', 4); // 窗口领卡, the fixture's way
    r5 = await arrive(base, '2026-09-30', 5);
    await verdict(base, staff, '2026-09-30', r1, true);
    await verdict(base, staff, '2026-09-30', r2, false, [unclear, photo]);
  });
  // Thursday 8 October, back after 1–7: decisions, a card posted, one arrives.
  await on('2026-10-08', '10:00', async (base, staff) => {
    await verdict(base, staff, '2026-10-08', r4, true);
    await verdict(base, second, '2026-10-08', r5, false, [unclear]);
    const api = await staffApi(base);
    await review(api, r1, 'dispatch', undefined, staff, { tracking_number: EMS });
    await api.dispose();
    byRef(r1).dispatched = '2026-10-08';
    await arrive(base, '2026-10-08', 6);
  });
  // Saturday 10 October, a working day (调休): a card collected, one approved.
  await on('2026-10-10', '10:00', async (base, staff) => {
    const api = await staffApi(base);
    await review(api, r4, 'card_made', undefined, staff);
    await review(api, r4, 'collect', undefined, staff, { collector: COLLECTOR });
    await api.dispose();
    byRef(r4).collected = '2026-10-10';
    await verdict(base, second, '2026-10-10', r3, true);
  });

  // What the figures must be, from this test's own record.
  const from = '2026-09-29';
  const to = '2026-10-12';
  const today = '2026-10-12';
  const inPeriod = (d?: Day) => !!d && d >= from && d <= to;
  // Monday 12 October, 11:00: one more arrives; the statistics are read.
  await on(today, '11:00', async (base, staff) => {
    await arrive(base, today, 7);
    const days: Record<Day, number[]> = {};
    for (let d = from; d <= to; d = next(d)) days[d] = [0, 0, 0, 0, 0];
    const toDecision: number[] = [];
    const toOut: number[] = [];
    const reasons = new Map<string, number>();
    const reviewers = new Map<string, [number, number]>();
    let open = 0;
    let overdue = 0;
    for (const c of cases) {
      if (inPeriod(c.arrived)) days[c.arrived][0]++;
      const v = c.verdict;
      if (v && inPeriod(v.on)) {
        days[v.on][v.approved ? 1 : 2]++;
        toDecision.push(waited(c.arrived, v.on));
        const w = reviewers.get(v.by) ?? [0, 0];
        w[v.approved ? 0 : 1]++;
        reviewers.set(v.by, w);
        for (const r of v.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      }
      if (inPeriod(c.dispatched)) days[c.dispatched!][3]++;
      if (inPeriod(c.collected)) days[c.collected!][4]++;
      const out = [c.dispatched, c.collected].filter(Boolean).sort()[0];
      if (inPeriod(out)) toOut.push(waited(c.arrived, out!));
      if (!v) {
        open++;
        if (today > dueAfter(c.arrived)) overdue++;
      }
    }
    const sum = (k: number) => Object.values(days).reduce((t, d) => t + d[k], 0);
    // The figures are not trivial: across the holiday some waits are long.
    expect(Math.max(...toDecision)).toBeGreaterThan(1);
    expect(overdue).toBeGreaterThan(0);

    const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
    try {
      const api = context.request;
      const signed = await api.post('/api/v1/staff/session', { headers: { 'x-requested-by': 'eport-desk' }, data: staff });
      expect(signed.ok()).toBe(true);
      const page = await context.newPage();
      await page.goto('/staff');
      await page.getByRole('link', { name: /^统计/ }).click();
      await expect(page.getByRole('heading', { name: '统计', level: 1 })).toBeVisible();
      // Without a period: the server's 30 days ending today.
      await expect(page.getByLabel('截止日期')).toHaveValue(today);
      await page.getByLabel('起始日期').fill(from);
      await page.getByLabel('截止日期').fill(to);
      await page.getByRole('button', { name: '查看' }).click();
      await expect(page).toHaveURL(/from=2026-09-29&to=2026-10-12/);
      await expect(page.getByTestId('stat-days').locator('tbody tr')).toHaveCount(14);

      const num = async (id: string) => Number(await page.getByTestId(id).textContent());
      expect(await num('stat-arrivals')).toBe(sum(0));
      expect(await num('stat-approved')).toBe(sum(1));
      expect(await num('stat-returned')).toBe(sum(2));
      expect(await num('stat-dispatched')).toBe(sum(3));
      expect(await num('stat-collected')).toBe(sum(4));
      expect(await num('stat-open')).toBe(open);
      await expect(page.getByTestId('stat-overdue')).toHaveAttribute('data-count', String(overdue));
      const spread = async (id: string, xs: number[]) => {
        await expect(page.getByTestId(id)).toHaveAttribute('data-median', String(nearestRank(xs, 50)));
        await expect(page.getByTestId(id)).toHaveAttribute('data-p90', String(nearestRank(xs, 90)));
      };
      await spread('stat-to-decision', toDecision);
      await spread('stat-to-hand-out', toOut);
      for (const [d, counts] of Object.entries(days)) {
        const cells = await page.getByTestId('stat-days').locator(`tr[data-date="${d}"] td`).allTextContents();
        expect(cells.map(Number), d).toEqual(counts);
      }
      const reasonRows = await page.getByTestId('stat-reasons').locator('tbody tr').allTextContents();
      expect(reasonRows).toEqual(['营业执照不清晰2', '法定代表人证件号码与证件照片不符1']);
      expect(reasons.get('unclear:attachments.business_licence')).toBe(2);
      for (const [name, [approved, returned]] of reviewers) {
        const row = page.getByTestId('stat-reviewers').locator('tbody tr').filter({ hasText: name });
        expect((await row.locator('td').allTextContents()).map(Number), name).toEqual([approved, returned]);
      }
      // Each chart is an image with a name, its numbers in the table beside it.
      for (const id of ['chart-days', 'chart-reasons', 'chart-reviewers']) {
        await expect(page.locator(`svg#${id}`)).toHaveAttribute('role', 'img');
        expect(await page.locator(`svg#${id} [style]`).count(), 'no style attributes').toBe(0);
      }
      expect(await page.locator('svg#chart-days rect').count()).toBe(14 * 3);
      await expectNoAxeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scroll at 1366').toBeLessThanOrEqual(1366);
      await page.screenshot({ path: testInfo.outputPath('statistics-1366.png'), fullPage: false });
      await page.screenshot({ path: testInfo.outputPath('statistics-1366-full.png'), fullPage: true });

      // The same figures in the export's statistics sheet.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出该时段登记簿/ }).click()]);
      await expect(page.getByTestId('stat-export-outcome')).toContainText('已导出');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync(await download.path()));
      const sheet = book.getWorksheet('统计')!;
      const value = (label: string) => {
        let v: unknown;
        sheet.eachRow((row) => {
          if (row.getCell(1).value === label) v = row.getCell(2).value;
        });
        return v;
      };
      expect(value('到达')).toBe(sum(0));
      expect(value('退单')).toBe(sum(2));
      expect(value('当前超期')).toBe(overdue);
      expect(value('到决定的工作日（90%）')).toBe(nearestRank(toDecision, 90));
      expect(value('营业执照不清晰')).toBe(2);
      expect(value('审核员乙')).toBe(reviewers.get('审核员乙')![0]);
      // The register sheet holds the cases that arrived in the period.
      expect(book.getWorksheet('登记簿')!.rowCount).toBe(1 + sum(0));

      // On a phone, in English: the same page, no sideways scroll.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('button', { name: /English/ }).click();
      await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
      await expect(page.getByTestId('stat-reasons').locator('tbody tr').first()).toContainText('Business licence is not legible');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: testInfo.outputPath('statistics-390-en.png'), fullPage: true });
      await page.getByRole('button', { name: /中文/ }).click();
    } finally {
      await context.close();
    }
  });
  rmSync(again!.data, { recursive: true, force: true });
});
