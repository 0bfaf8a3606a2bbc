// Shared test fixtures: the server's address as baseURL, and an axe-core check
// on every page a test leaves open (any violation fails the test): the default
// context's pages at the end, and the pages of every context a test makes
// itself (browser.newContext, chromium.launchPersistentContext) when it closes it.
// Every context also reports Content-Security-Policy violations (the server
// enforces the policy on every response): any one fails the test.
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
  await expect(page.locator('#main h1')).toBeVisible();
  await expectNoAxeViolations(page);
}

const cspViolations: string[] = [];

/** Reports every `securitypolicyviolation` of the context's pages to the test. */
async function reportCsp(c: BrowserContext) {
  await c.exposeBinding('__eportCspViolation', ({ page }, text: string) => {
    cspViolations.push(`${page.url()}: ${text}`);
  });
  await c.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as any).__eportCspViolation;
      if (report) void report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
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
      const reported = async (c: BrowserContext) => {
        await reportCsp(c);
        return watch(c);
      };
      browser.newContext = async (...args) => reported(await newContext(...args));
      chromium.launchPersistentContext = async (...args) => reported(await persistent(...args));
      cspViolations.length = 0;
      await reportCsp(context);
      context.on('page', (p) => p.on('crash', () => crashed.add(p)));
      page.on('crash', () => crashed.add(page));
      try {
        await use();
      } finally {
        browser.newContext = newContext;
        chromium.launchPersistentContext = persistent;
      }
      await checkAll(context.pages());
      expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
