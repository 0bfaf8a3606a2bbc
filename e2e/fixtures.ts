// Shared test fixtures: the server's address as baseURL, and an axe-core check
// that runs on every page a test leaves open (any violation fails the test).
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(summary, `axe-core violations on ${page.url()}`).toEqual([]);
}

/** Navigates and checks the page with axe once the app has rendered. */
export async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main h1')).toBeVisible();
  await expectNoAxeViolations(page);
}

export const test = base.extend<{ axeOnExit: void }>({
  baseURL: async ({}, use) => {
    const url = process.env.EPORT_BASE_URL;
    if (!url) throw new Error('EPORT_BASE_URL unset: run through e2e/playwright.config.ts');
    await use(url);
  },
  axeOnExit: [
    async ({ page }, use) => {
      await use();
      if (page.url().startsWith('http') && !page.url().includes('/api/')) {
        await expectNoAxeViolations(page);
      }
    },
    { auto: true },
  ],
});

export { expect };
