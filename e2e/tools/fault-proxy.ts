// A fault-injecting HTTP proxy for tests and benchmarks: forwards to the real
// server and, when told to, answers 503 with Retry-After, serves a captive
// portal's HTML page, or drops a connection after N request-body bytes.
// Control: POST /__fault {"rules": [...]}; GET /__fault/stats.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Rule =
  | { kind: 'status'; method?: string; pathPrefix: string; status: number; retryAfter?: number; times: number }
  | { kind: 'captive'; pathPrefix: string; times: number }
  | { kind: 'drop'; method: string; pathPrefix: string; afterBytes: number; times: number };

export type Stats = { requests: number; injected: number; bodyBytes: Record<string, number>; drops: number };

export class FaultProxy {
  private rules: Rule[] = [];
  stats: Stats = { requests: 0, injected: 0, bodyBytes: {}, drops: 0 };
  private server: http.Server;

  constructor(private target: URL) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close() {
    this.server.closeAllConnections();
    this.server.close();
  }

  setRules(rules: Rule[]) {
    this.rules = rules.map((r) => ({ ...r }));
  }

  private take(req: http.IncomingMessage): Rule | undefined {
    const i = this.rules.findIndex(
      (r) => r.times > 0 && req.url!.startsWith(r.pathPrefix) && (!('method' in r) || !r.method || r.method === req.method),
    );
    if (i < 0) return undefined;
    this.rules[i].times -= 1;
    return this.rules[i];
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
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
    const upstream = http.request(
      { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    const key = `${req.method} ${req.url!.split('?')[0].split('/').slice(0, 5).join('/')}`;
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      this.stats.bodyBytes[key] = (this.stats.bodyBytes[key] ?? 0) + chunk.length;
      if (rule?.kind === 'drop' && seen + chunk.length > rule.afterBytes) {
        const part = chunk.subarray(0, Math.max(0, rule.afterBytes - seen));
        upstream.write(part);
        this.stats.drops += 1;
        // Give the server the partial bytes, then cut both sides like a dead link.
        setTimeout(() => {
          upstream.destroy();
          req.socket.destroy();
        }, 50);
        req.pause();
        return;
      }
      seen += chunk.length;
      upstream.write(chunk);
    });
    req.on('end', () => upstream.end());
  }
}
