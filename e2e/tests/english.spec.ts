// In English no Chinese is left on screen except what the user entered and the
// official names, each followed by an English gloss (the hall's address, a
// division, 厦门制卡中心, 中国, the forms' titles). The printed forms are Chinese
// by nature and are marked lang="zh-CN".
import { test, expect } from '../fixtures';
import { completeCase, enterprise, ENTERPRISE_SLOTS } from '../helpers/wizard';
import type { Page } from '@playwright/test';

const E = enterprise('91350213678251743X', '厦门英文界面测试有限公司');
/** What the case holds as typed: data, not interface. */
const DATA = [E.name, E.address, E.legal.name, E.agent.name, '王五', '本科', '报关员', '福建省厦门市思明区鹭江道8号',
  ...ENTERPRISE_SLOTS.map((s) => `${s}.png`), '操作员 1 身份证（正面）.png', '操作员 1 身份证（反面）.png'].sort((a, b) => b.length - a.length);

/** Visible text nodes outside lang="zh-CN" that still hold Chinese no gloss explains. */
async function unglossed(page: Page) {
  return page.evaluate((data) => {
    const cjk = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
    // A Chinese name, then its English gloss in brackets.
    const glossed = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef][^()]*?\s*\([^\u3400-\u9fff()]+\)/g;
    const out: string[] = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement!;
      if (el.closest('[lang="zh-CN"], script, style, [hidden], .visually-hidden')) continue;
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden') continue;
      let t = n.textContent ?? '';
      for (const d of data) t = t.split(d).join('');
      t = t.replace(glossed, '');
      if (cjk.test(t)) out.push((n.textContent ?? '').trim());
    }
    return out;
  }, DATA);
}

for (const size of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
  test(`English at ${size.width}×${size.height}: no Chinese without a gloss on any page`, async ({ page }) => {
    await page.setViewportSize(size);
    const caseUrl = await completeCase(page, E, 93);
    await page.goto('/');
    await page.getByRole('button', { name: /English/ }).click();
    await expect(page.locator('#main h1')).toHaveText('My applications');
    const paths = ['/', '/new', '/new/enrollment-online', '/new/enrollment-paper', '/new/card-unlock', '/new/card-reader', '/new/deregistration',
      '/services', '/lookup', '/diagnostics', caseUrl, `${caseUrl}/enterprise`, `${caseUrl}/operators`, `${caseUrl}/attachments`, `${caseUrl}/review`, '/nope'];
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator('#main h1')).toBeVisible();
      for (const t of await unglossed(page)) found.push(`${path.replace(/[0-9a-f-]{36}/, '{id}')}: ${t}`);
    }
    expect(found).toEqual([]);
  });
}
