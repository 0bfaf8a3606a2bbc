// A fault-injecting HTTP proxy for the end-to-end tests and the benchmark:
// forwards to the real server and, when a rule says so, answers with a status
// (503 + Retry-After…), serves a captive portal's HTML page, delays, resets the
// connection, drops it after N request-body bytes (once, or every N bytes
// across requests, like a flaky link), or loses the answer after the server
// committed. Every connection closes after one exchange, so a browser never
// retries a failed request on its own (it does so only on reused sockets) and
// the app's handling is what a test sees. Plain JavaScript so Node scripts and
// Playwright's TypeScript tests share it.
// Control in process (setRules, stats) or over HTTP: POST /__fault {"rules": [...]};
// GET /__fault/stats.
import http from 'node:http';

/**
 * @typedef {{kind: 'status', method?: string, pathPrefix: string, status: number, retryAfter?: number, times: number}
 *   | {kind: 'captive', pathPrefix: string, times: number}
 *   | {kind: 'delay', method?: string, pathPrefix: string, ms: number, times: number}
 *   | {kind: 'reset', method?: string, pathPrefix: string, times: number}
 *   | {kind: 'drop', method?: string, pathPrefix: string, afterBytes: number, times: number}
 *   | {kind: 'dropEvery', method?: string, pathPrefix: string, everyBytes: number, times: number}
 *   | {kind: 'loseAnswer', method?: string, pathPrefix: string, times: number}
 *   | {kind: 'resetShare', exceptMethod?: string, pathPrefix: string, share: number, seed: number, times: number}} Rule
 * Any rule may also have `pathSuffix` (e.g. `/attachments/<sha256>`) to match one attachment.
 * `resetShare` stays in force and resets each matching request with probability
 * `share`, drawn from a generator seeded with `seed` (the same run each time);
 * `times` caps how many it resets, `exceptMethod` (e.g. 'GET') spares a method.
 */

export class FaultProxy {
  /** @param {URL} target */
  constructor(target) {
    this.target = target;
    /** @type {Rule[]} */
    this.rules = [];
    this.stats = {
      requests: 0,
      injected: 0,
      bodyBytes: /** @type {Record<string, number>} */ ({}),
      drops: 0,
      /** Every PATCH as the server got it: its path, Upload-Offset, bytes forwarded, and whether it was cut. */
      patches: /** @type {{path: string, offset: number, forwarded: number, cut: boolean}[]} */ ([]),
      /** Statuses of the answers the server gave that the client never got. */
      lost: /** @type {number[]} */ ([]),
    };
    // Body bytes seen by `dropEvery` rules, across requests.
    this.linkBytes = 0;
    this.random = Math.random;
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** @returns {Promise<string>} the proxy's base URL */
  async listen() {
    await new Promise((ok) => this.server.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${this.server.address().port}`;
  }

  close() {
    this.server.closeAllConnections();
    this.server.close();
  }

  /** @param {Rule[]} rules */
  setRules(rules) {
    this.rules = rules.map((r) => ({ ...r }));
    this.linkBytes = 0;
    const seeded = this.rules.find((r) => r.kind === 'resetShare');
    if (seeded) this.random = mulberry32(seeded.seed);
  }

  totalBodyBytes() {
    return Object.values(this.stats.bodyBytes).reduce((a, b) => a + b, 0);
  }

  take(req) {
    const i = this.rules.findIndex(
      (r) =>
        r.times > 0 &&
        req.url.startsWith(r.pathPrefix) &&
        (!r.pathSuffix || req.url.split('?')[0].endsWith(r.pathSuffix)) &&
        (!r.method || r.method === req.method) &&
        (!r.exceptMethod || r.exceptMethod !== req.method),
    );
    if (i < 0) return undefined;
    if (this.rules[i].kind === 'resetShare') {
      if (this.random() >= this.rules[i].share) return undefined;
      this.rules[i].times -= 1;
      return { kind: 'reset' };
    }
    // A `dropEvery` rule stays in force; `times` caps how many drops it makes.
    if (this.rules[i].kind !== 'dropEvery') this.rules[i].times -= 1;
    return this.rules[i];
  }

  handle(req, res) {
    if (req.url === '/__fault' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.setRules(JSON.parse(body).rules ?? []);
        res.end('{}');
      });
      return;
    }
    if (req.url === '/__fault/stats') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(this.stats));
      return;
    }
    this.stats.requests += 1;
    res.shouldKeepAlive = false;
    const rule = this.take(req);
    if (rule?.kind === 'status') {
      this.stats.injected += 1;
      req.resume();
      res.writeHead(rule.status, { 'content-type': 'text/plain', ...(rule.retryAfter ? { 'retry-after': String(rule.retryAfter) } : {}) });
      res.end('injected failure');
      return;
    }
    if (rule?.kind === 'captive') {
      this.stats.injected += 1;
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Wi-Fi login</title><h1>请先登录无线网络</h1>');
      return;
    }
    if (rule?.kind === 'reset') {
      this.stats.injected += 1;
      req.socket.destroy();
      return;
    }
    if (rule?.kind === 'delay') {
      this.stats.injected += 1;
      req.pause();
      setTimeout(() => {
        req.resume();
        this.forward(req, res, undefined);
      }, rule.ms);
      return;
    }
    this.forward(req, res, rule);
  }

  forward(req, res, rule) {
    const upstream = http.request(
      { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        if (rule?.kind === 'loseAnswer') {
          // The server has answered (and committed); the client hears nothing.
          this.stats.injected += 1;
          this.stats.lost.push(up.statusCode ?? 0);
          up.resume();
          up.on('end', () => req.socket.destroy());
          return;
        }
        const headers = { ...up.headers, connection: 'close' };
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    const key = `${req.method} ${req.url.split('?')[0].split('/').slice(0, 5).join('/')}`;
    let seen = 0;
    let cut = false;
    const dropAt = (limit) => {
      this.stats.drops += 1;
      cut = true;
      // Give the server the bytes before the cut, then kill both sides like a dead link.
      setTimeout(() => {
        upstream.destroy();
        req.socket.destroy();
      }, 50);
      req.pause();
      return limit;
    };
    req.on('data', (chunk) => {
      // What the client put on the wire, cut or not (the cost of a drop).
      this.stats.bodyBytes[key] = (this.stats.bodyBytes[key] ?? 0) + chunk.length;
      if (cut) return;
      let part = chunk;
      if (rule?.kind === 'drop' && seen + chunk.length > rule.afterBytes) {
        part = chunk.subarray(0, dropAt(Math.max(0, rule.afterBytes - seen)));
      } else if (rule?.kind === 'dropEvery' && rule.times > 0) {
        const next = (Math.floor(this.linkBytes / rule.everyBytes) + 1) * rule.everyBytes;
        if (this.linkBytes + chunk.length >= next) {
          rule.times -= 1;
          part = chunk.subarray(0, dropAt(next - this.linkBytes));
        }
      }
      seen += part.length;
      this.linkBytes += part.length;
      upstream.write(part);
    });
    let noted = false;
    const note = () => {
      if (req.method === 'PATCH' && !noted) {
        noted = true;
        this.stats.patches.push({ path: req.url, offset: Number(req.headers['upload-offset']), forwarded: seen, cut });
      }
    };
    req.on('end', () => {
      note();
      if (!cut) upstream.end();
    });
    req.on('close', () => {
      if (cut) note();
    });
  }
}

/** A small seeded generator (mulberry32): uniform in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
