// The open case's one writer, as a quick user meets it: a change, a new scan
// and 申报 in quick succession all reach the declaration; an edit is not lost
// when the page is left by a full navigation right after typing.
import { test, expect } from '../fixtures';
import { outboxEntries, storedCases } from '../helpers/app';
import { png, sha256 } from '../helpers/files';
import { completeCase, enterprise } from '../helpers/wizard';

test('type, attach and 申报 in quick succession: the declared manifest holds the typed value and the new scan', async ({ page }, testInfo) => {
  const caseUrl = await completeCase(page, enterprise('91350213678251743X', '厦门连按申报测试有限公司'), 61);
  await page.goto(caseUrl + '/enterprise');
  await expect(page.getByLabel('企业地址')).toBeVisible();
  const address = `福建省厦门市思明区鹭江道${Date.now() % 1000}号`;
  const scan = png('营业执照-新.png', 6101, 1600, 1200);
  // The three steps run inside the page, each as soon as the app shows what
  // it needs (Playwright's own round trips would space them 200 ms apart):
  // the input and change events are the ones a user's typing and picking fire.
  const gaps = await page.evaluate(async ({ address, name, bytes }) => {
    const until = async <T>(find: () => T | null): Promise<T> => {
      for (;;) {
        const found = find();
        if (found) return found;
        await new Promise((ok) => requestAnimationFrame(ok));
      }
    };
    const link = (text: string) => until(() => [...document.querySelectorAll('a')].find((a) => a.textContent?.trim() === text) ?? null);
    const at: number[] = [];
    const field = document.querySelector('#f-enterprise-address') as HTMLInputElement;
    field.value = address;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    at.push(performance.now());
    (await link('返回任务列表')).click();
    (await link('附件上传')).click();
    const input = await until(() => document.querySelector('#f-attachments-business_licence') as HTMLInputElement | null);
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    at.push(performance.now());
    (await link('返回任务列表')).click();
    (await link('核对并申报')).click();
    const declare = await until(() => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === '申报') ?? null);
    declare.click();
    at.push(performance.now());
    return [at[1] - at[0], at[2] - at[1]];
  }, { address, name: scan.name, bytes: [...scan.buffer] });
  testInfo.annotations.push({ type: 'ms between typing, attaching and 申报', description: gaps.map((g) => g.toFixed(0)).join(', ') });
  // The scenario as the issue states it (not a performance budget): each step within 100 ms of the last.
  expect(Math.max(...gaps)).toBeLessThan(100);

  await expect(page).toHaveURL(/\/declared$/);
  const id = caseUrl.split('/').pop()!;
  const [entry] = (await outboxEntries(page)).filter((e) => e.case_id === id) as unknown as {
    manifest: { case: { enterprise: { address: string }; attachments: { slot: string; sha256: string }[] } };
  }[];
  expect(entry.manifest.case.enterprise.address).toBe(address);
  expect(entry.manifest.case.attachments.find((a) => a.slot === 'business_licence')!.sha256).toBe(sha256(scan.buffer));
  // The stored case says the same, and is declared.
  const stored = (await storedCases(page)).find((c) => c.id === id)! as unknown as { state: string; enrollment: { enterprise: { address: string } } };
  expect(stored.enrollment.enterprise.address).toBe(address);
  expect(stored.state).toBe('queued');
});

test('leaving by a full navigation right after typing loses nothing, 10 times in a row', async ({ page }) => {
  const caseUrl = await completeCase(page, enterprise('91350213678251743X', '厦门整页跳转测试有限公司'), 62);
  for (let i = 0; i < 10; i++) {
    await page.goto(caseUrl + '/enterprise');
    const address = `福建省厦门市湖里区象兴一路${i + 1}号`;
    await page.getByLabel('企业地址').fill(address);
    // Within the coalescing delay: no save has started yet.
    await page.goto(caseUrl + '/review');
    await expect(page.locator('.answer[data-field="enterprise.address"] dd').first(), `run ${i + 1}`).toHaveText(address);
  }
});
