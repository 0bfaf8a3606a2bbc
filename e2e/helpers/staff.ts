// The staff API, as the card centre uses it, for tests.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { staffCreds, type StaffCreds } from '../global-setup';

/** The header the server's CSRF check asks of state-changing staff requests. */
export const CSRF = { 'x-requested-by': 'eport-desk' };
const auth = CSRF;

// Per request context, per server (its account's password).
const signedIn = new WeakMap<APIRequestContext, Map<string, Promise<void>>>();

/** Signs this request context in once per server (it keeps the session cookie). */
export function signIn(request: APIRequestContext, creds: StaffCreds = staffCreds()) {
  const byServer = signedIn.get(request) ?? new Map<string, Promise<void>>();
  signedIn.set(request, byServer);
  let p = byServer.get(creds.password);
  if (!p) {
    p = (async () => {
      const r = await request.post('/api/v1/staff/session', { headers: CSRF, data: creds });
      if (!r.ok()) throw new Error(`staff sign-in: ${r.status()} ${await r.text()}`);
    })();
    byServer.set(creds.password, p);
  }
  return p;
}

/** Signs in on the staff console's form, as a reviewer would. */
export async function signInOnPage(page: Page, creds: StaffCreds = staffCreds()) {
  await page.getByLabel('登录名').fill(creds.login);
  await page.getByLabel('密码').fill(creds.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('staff-bar')).toContainText(creds.login);
}

export async function listSubmissions(request: APIRequestContext, q = '', creds?: StaffCreds) {
  await signIn(request, creds);
  const r = await request.get(`/api/v1/staff/submissions?q=${encodeURIComponent(q)}`, { headers: auth });
  if (!r.ok()) throw new Error(`staff list: ${r.status()}`);
  return (await r.json()).items as { id: string; reference: string | null; state: string; enterprise: string; supersedes: string | null }[];
}

/** Who collects a 窗口领卡 card at the counter, for collections. */
export const COLLECTOR = { name: '赵六', id_tail: '001X' };

/** An EMS mail number with a valid check digit, for dispatches. */
export const EMS = 'EA123456785CN';

/**
 * What the console makes a reviewer do before a verdict: 认领 (claim), and
 * before an approval every checklist line ticked. The card's way out after
 * approval needs neither.
 */
export async function prepareVerdict(request: APIRequestContext, key: string, decision: string, creds?: StaffCreds) {
  if (decision !== 'approve' && decision !== 'reject') return;
  await signIn(request, creds);
  const c = await request.post(`/api/v1/staff/submissions/${key}/claim`, { headers: auth, data: {} });
  if (!c.ok()) throw new Error(`staff claim: ${c.status()} ${await c.text()}`);
  if (decision !== 'approve') return;
  const d = await request.get(`/api/v1/staff/submissions/${key}`, { headers: auth });
  if (!d.ok()) throw new Error(`staff detail: ${d.status()}`);
  const lines = (await d.json()).checklist_lines as string[];
  for (const item of lines) {
    const t = await request.put(`/api/v1/staff/submissions/${key}/checklist/${item}`, { headers: auth, data: { checked: true } });
    if (!t.ok()) throw new Error(`staff tick ${item}: ${t.status()} ${await t.text()}`);
  }
}

/** A staff decision over the API, claimed and ticked first as the console requires. */
export async function review(
  request: APIRequestContext,
  key: string,
  decision: string,
  note?: string,
  creds?: StaffCreds,
  extra: { reasons?: { code: string; field: string }[]; tracking_number?: string; collector?: { name: string; id_tail: string } } = {},
) {
  await signIn(request, creds);
  await prepareVerdict(request, key, decision, creds);
  const r = await request.post(`/api/v1/staff/submissions/${key}/review`, { headers: auth, data: { decision, note, ...extra } });
  if (!r.ok()) throw new Error(`staff review: ${r.status()} ${await r.text()}`);
  return r.json();
}

export async function submission(request: APIRequestContext, key: string, creds?: StaffCreds) {
  await signIn(request, creds);
  const r = await request.get(`/api/v1/staff/submissions/${key}`, { headers: auth });
  if (!r.ok()) throw new Error(`staff detail: ${r.status()}`);
  return (await r.json()) as {
    status: { state: string; reference: string | null; archived_at?: string };
    attachments: { slot: string; sha256: string; size: number; complete: boolean }[];
    timeline: { method: string; status: number; replay: boolean; count: number; detail: string }[];
  };
}

/** SHA-256 of the bytes the server stored for an attachment, from the staff download. */
export async function storedSha(request: APIRequestContext, key: string, sha: string, creds?: StaffCreds) {
  await signIn(request, creds);
  const r = await request.get(`/api/v1/staff/submissions/${key}/attachments/${sha}`, { headers: auth });
  if (!r.ok()) throw new Error(`staff download: ${r.status()}`);
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(await r.body()).digest('hex');
}
