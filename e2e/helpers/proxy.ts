import type { Browser, BrowserContext, BrowserContextOptions } from '@playwright/test';
import { FaultProxy } from '../tools/fault-proxy.mjs';

/**
 * A browser context (zh-CN, Asia/Shanghai, plus `options`) whose requests go
 * through a fault-injecting proxy to the server at `baseURL`. `close` ends both.
 */
export async function throughProxy(browser: Browser, baseURL: string, options: BrowserContextOptions = {}) {
  const proxy = new FaultProxy(new URL(baseURL));
  const context: BrowserContext = await browser.newContext({ baseURL: await proxy.listen(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  const close = async () => {
    await context.close();
    proxy.close();
  };
  return { proxy, context, close };
}
