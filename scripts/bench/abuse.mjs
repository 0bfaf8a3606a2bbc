// The server under abuse from several loopback addresses, as a botnet would
// send it (#30): its memory during a flood of wrong staff sign-ins, and how
// quickly a newcomer's ping is answered while nine networks hold half-sent
// request heads.
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { median } from './loads.mjs';
import { startServer } from '../../e2e/tools/server.mjs';

const MiB = 1024 * 1024;

/** The server's resident memory now, in bytes. */
function rss(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return m ? Number(m[1]) * 1024 : 0;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** One request from `localAddress` with `connection: close`: status and milliseconds. */
function request(base, localAddress, method, path, body = '') {
  const url = new URL(path, base);
  const started = performance.now();
  return new Promise((ok) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname,
        localAddress,
        agent: false,
        headers: { connection: 'close', 'content-type': 'application/json', 'x-requested-by': 'eport-desk', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => ok({ status: res.statusCode, ms: performance.now() - started }));
      },
    );
    req.on('error', () => ok({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

/** 300 wrong sign-ins at once from 3 addresses: RSS before, at its peak, and 10 s after. */
export async function signInFlood(bin, dist, perAddress = 100) {
  const server = await startServer(bin, dist);
  try {
    const pid = server.child.pid;
    await sleep(500);
    const baseline = rss(pid);
    let peak = baseline;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, rss(pid));
        await sleep(50);
      }
    })();
    const body = JSON.stringify({ login: server.staff.login, password: 'not-the-password-at-all' });
    const started = performance.now();
    const answers = await Promise.all(
      [1, 2, 3].flatMap((n) =>
        Array.from({ length: perAddress }, () => request(server.base, `127.0.${30 + n}.1`, 'POST', '/api/v1/staff/session', body)),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    await sleep(10_000);
    const statuses = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    return { requests: answers.length, seconds, statuses, baseline_rss_bytes: baseline, peak_rss_bytes: Math.max(peak, server.peakRss() ?? 0), rss_10s_after_bytes: rss(pid) };
  } finally {
    await server.stop();
  }
}

/** `heads` connections from each of 127.N.0.1 (N = 1..networks), each half a request head. */
async function holdHalfHeads(base, networks, heads) {
  const url = new URL(base);
  const held = [];
  for (let n = 1; n <= networks; n++) {
    for (let i = 0; i < heads; i++) {
      held.push(
        await new Promise((ok) => {
          const s = net.connect({ host: url.hostname, port: Number(url.port), localAddress: `127.${n}.0.1` }, () => {
            s.write('GET /api/v1/ping HTTP/1.1\r\nhost: x\r\n');
            ok(s);
          });
          // A refused one is answered 503 and closed: read it, so the close is seen.
          s.on('data', () => {});
          s.on('close', () => (s.closedByServer = true));
          s.on('error', () => ok(s));
        }),
      );
    }
  }
  return held;
}

/** Ping latency from fresh clients of another network: alone, then with 9 × 120 half-sent heads held. */
export async function heldHeads(bin, dist, runs = 20) {
  const server = await startServer(bin, dist, ['--header-timeout', '60s']);
  try {
    const pings = async () => {
      const all = [];
      for (let i = 0; i < runs; i++) all.push(await request(server.base, `127.10.0.${1 + (i % 200)}`, 'GET', '/api/v1/ping'));
      return all;
    };
    const alone = await pings();
    const held = await holdHalfHeads(server.base, 9, 120);
    await sleep(500);
    const open = held.filter((s) => !s.closedByServer).length;
    const during = await pings();
    for (const s of held) s.destroy();
    const ok = during.filter((p) => p.status === 200).length;
    return {
      runs,
      heads_sent: held.length,
      heads_open: open,
      answered_200: ok,
      alone_ms: { median: median(alone.map((p) => p.ms).sort((a, b) => a - b)), all: alone.map((p) => p.ms) },
      during_ms: { median: median(during.map((p) => p.ms).sort((a, b) => a - b)), all: during.map((p) => p.ms) },
    };
  } finally {
    await server.stop();
  }
}

export { MiB };
