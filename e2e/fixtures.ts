// Shared test fixtures: the server's address as baseURL, and an axe-core check
// on every page a test leaves open (any violation fails the test): the default
// context's pages at the end, and the pages of every context a test makes
// itself (browser.newContext, chromium.launchPersistentContext) when it closes it.
import AxeBuilder from '@axe-core/playwright';
import { chromium, test as base, expect, type BrowserContext, type Page } from '@playwright/test';

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
    async ({ page, context, browser }, use) => {
      const crashed = new WeakSet<Page>();
      const checkAll = async (pages: Page[]) => {
        for (const p of pages) {
          const url = p.isClosed() || crashed.has(p) ? '' : p.url();
          if (url.startsWith('http') && !url.includes('/api/')) await expectNoAxeViolations(p);
        }
      };
      const watch = (c: BrowserContext) => {
        c.on('page', (p) => p.on('crash', () => crashed.add(p)));
        const close = c.close.bind(c);
        c.close = async (...args) => {
          await checkAll(c.pages());
          return close(...args);
        };
        return c;
      };
      const newContext = browser.newContext.bind(browser);
      const persistent = chromium.launchPersistentContext.bind(chromium);
      browser.newContext = async (...args) => watch(await newContext(...args));
      chromium.launchPersistentContext = async (...args) => watch(await persistent(...args));
      context.on('page', (p) => p.on('crash', () => crashed.add(p)));
      page.on('crash', () => crashed.add(page));
      try {
        await use();
      } finally {
        browser.newContext = newContext;
        chromium.launchPersistentContext = persistent;
      }
      await checkAll(context.pages());
    },
    { auto: true },
  ],
});

export { expect };
