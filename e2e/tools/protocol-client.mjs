// A sync-protocol v1 client the way the browser's outbox speaks it (manifest,
// HEAD for the offset, PATCH chunks from it, resume after a failure): the
// benchmark's load and the tests that need submissions without a browser.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** JPEG-looking random bytes (the server checks the magic number). */
export function jpeg(size) {
  const b = randomBytes(size);
  b[0] = 0xff;
  b[1] = 0xd8;
  b[2] = 0xff;
  return { bytes: b, sha256: createHash('sha256').update(b).digest('hex') };
}

/** The server's own example manifest (valid by its rules), for `files`. */
export async function manifestFor(base, files) {
  const doc = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  const m = structuredClone(doc.paths['/api/v1/submissions/{id}'].put.requestBody.content['application/json'].example);
  const slots = m.case.attachments.map((a) => a.slot);
  if (files.length !== slots.length) throw new Error(`need ${slots.length} files`);
  // A file may say its type (a real PNG for a page that shows it); random JPEG-looking bytes otherwise.
  m.case.attachments = slots.map((slot, i) => {
    const mime = files[i].mime ?? 'image/jpeg';
    return { slot, name: `${slot}.${mime === 'image/png' ? 'png' : 'jpg'}`, mime, size: files[i].bytes.length, sha256: files[i].sha256 };
  });
  m.attachments = m.case.attachments.map((a) => ({ slot: a.slot, sha256: a.sha256, size: a.size, mime: a.mime, name: a.name }));
  return m;
}

/**
 * Submits `files` like the outbox: PUT, then per file HEAD + PATCH chunks from
 * the server's offset, resuming after any failure. Returns what it took.
 */
export async function submit(base, files, { chunk = 256 * 1024, maxFailures = 200, edit = (m) => m } = {}) {
  const id = randomUUID();
  const auth = { authorization: `Bearer ${randomBytes(32).toString('base64url')}` };
  // `edit` changes the manifest before it is sent (a case mailed instead of collected…).
  const manifest = JSON.stringify(edit(await manifestFor(base, files)));
  // Bytes counted at the sender: what this client put in request bodies, cut or not.
  const stats = { requests: 0, failures: 0, status5xx: 0, sent: 0, patchSent: 0 };
  const call = async (url, init) => {
    stats.requests += 1;
    try {
      const r = await fetch(url, init);
      if (r.status >= 500) stats.status5xx += 1;
      return r;
    } catch {
      stats.failures += 1;
      if (stats.failures > maxFailures) throw new Error('too many failures');
      return null;
    }
  };
  for (;;) {
    stats.sent += manifest.length;
    const r = await call(`${base}/api/v1/submissions/${id}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: manifest });
    if (r && (r.status === 201 || r.status === 200)) break;
    if (r && r.status < 500) throw new Error(`PUT ${r.status}: ${await r.text()}`);
  }
  for (const f of files) {
    const url = `${base}/api/v1/submissions/${id}/attachments/${f.sha256}`;
    let offset = null;
    while (offset === null || offset < f.bytes.length) {
      if (offset === null) {
        const h = await call(url, { method: 'HEAD', headers: auth });
        if (!h) continue;
        offset = Number(h.headers.get('upload-offset'));
        continue;
      }
      const body = f.bytes.subarray(offset, offset + chunk);
      stats.sent += body.length;
      stats.patchSent += body.length;
      const r = await call(url, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
        body,
      });
      if (r && r.status === 204) offset = Number(r.headers.get('upload-offset'));
      else offset = r?.headers.get('upload-offset') ? Number(r.headers.get('upload-offset')) : null; // ask again
    }
  }
  const doc = await (await fetch(`${base}/api/v1/submissions/${id}`, { headers: auth })).json();
  return { ...stats, state: doc.state, reference: doc.reference };
}

