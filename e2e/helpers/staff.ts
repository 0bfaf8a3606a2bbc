// The staff API, as the card centre uses it, for tests.
import type { APIRequestContext } from '@playwright/test';
import { STAFF_TOKEN } from '../global-setup';

const auth = { authorization: `Bearer ${STAFF_TOKEN}` };

export async function listSubmissions(request: APIRequestContext, q = '') {
  const r = await request.get(`/api/v1/staff/submissions?q=${encodeURIComponent(q)}`, { headers: auth });
  if (!r.ok()) throw new Error(`staff list: ${r.status()}`);
  return (await r.json()).items as { id: string; reference: string | null; state: string; enterprise: string; supersedes: string | null }[];
}

export async function review(request: APIRequestContext, key: string, decision: string, note?: string) {
  const r = await request.post(`/api/v1/staff/submissions/${key}/review`, { headers: auth, data: { decision, note } });
  if (!r.ok()) throw new Error(`staff review: ${r.status()} ${await r.text()}`);
  return r.json();
}

export async function submission(request: APIRequestContext, key: string) {
  const r = await request.get(`/api/v1/staff/submissions/${key}`, { headers: auth });
  if (!r.ok()) throw new Error(`staff detail: ${r.status()}`);
  return (await r.json()) as {
    status: { state: string; reference: string | null };
    attachments: { slot: string; sha256: string; size: number; complete: boolean }[];
    timeline: { method: string; status: number; replay: boolean; count: number; detail: string }[];
  };
}

/** SHA-256 of the bytes the server stored for an attachment, from the staff download. */
export async function storedSha(request: APIRequestContext, key: string, sha: string) {
  const r = await request.get(`/api/v1/staff/submissions/${key}/attachments/${sha}`, { headers: auth });
  if (!r.ok()) throw new Error(`staff download: ${r.status()}`);
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(await r.body()).digest('hex');
}
