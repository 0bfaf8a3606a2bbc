// Protocol-level benchmarks against the real server binary, with a client
// that speaks sync protocol v1 the way the browser's outbox does (manifest,
// HEAD for the offset, PATCH chunks from it, resume after a failure):
// - one submission of 6 × 4 MiB through the fault proxy dropping the link
//   every 1 MiB (bytes sent ÷ payload), and a naive whole-file re-sender on
//   the same link for comparison;
// - 50 concurrent clients each submitting 6 × 4 MiB (successes, 5xx, peak RSS);
// - manifest PUT throughput (requests/s, p50/p99).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { FaultProxy } from '../../e2e/tools/fault-proxy.mjs';
import { jpeg, manifestFor, submit } from '../../e2e/tools/protocol-client.mjs';
import { median } from './loads.mjs';
import { startServer } from '../../e2e/tools/server.mjs';

const MiB = 1024 * 1024;
const BIG = 4 * MiB - 4096; // under the 4 MiB limit
const SMALL = 64 * 1024;

/** Six big files and small ones for the remaining slots. */
function payloadFiles(slots = 8) {
  return Array.from({ length: slots }, (_, i) => jpeg(i < 6 ? BIG : SMALL));
}

const payloadBytes = (files) => files.reduce((n, f) => n + f.bytes.length, 0);

/** 6 × 4 MiB over a link that drops every 1 MiB; the naive re-sender on the same link. */
export async function faultLink(bin, dist) {
  const server = await startServer(bin, dist, ['--create-limit', '100000/100000']);
  const proxy = new FaultProxy(new URL(server.base));
  const via = await proxy.listen();
  try {
    const files = payloadFiles();
    proxy.setRules([{ kind: 'dropEvery', method: 'PATCH', pathPrefix: '/api/v1/submissions/', everyBytes: MiB, times: 1_000 }]);
    const started = performance.now();
    const r = await submit(via, files);
    const seconds = (performance.now() - started) / 1000;
    const payload = payloadBytes(files);
    const onWire = r.patchSent;

    // Naive: each file in one request, from the start again after every drop,
    // into a sink behind the same kind of link; 10 attempts per file at most.
    const sink = http.createServer((req, res) => req.on('data', () => {}).on('end', () => res.end()));
    await new Promise((ok) => sink.listen(0, '127.0.0.1', ok));
    const naiveProxy = new FaultProxy(new URL(`http://127.0.0.1:${sink.address().port}`));
    const naiveVia = await naiveProxy.listen();
    naiveProxy.setRules([{ kind: 'dropEvery', method: 'PUT', pathPrefix: '/', everyBytes: MiB, times: 1_000 }]);
    let delivered = 0;
    let naiveSent = 0;
    for (const f of files) {
      for (let attempt = 0; attempt < 10; attempt++) {
        naiveSent += f.bytes.length;
        const ok = await fetch(`${naiveVia}/file/${f.sha256}`, { method: 'PUT', body: f.bytes }).then((x) => x.ok, () => false);
        if (ok) {
          delivered += 1;
          break;
        }
      }
    }
    naiveProxy.close();
    sink.close();
    return {
      payload_bytes: payload,
      drops: proxy.stats.drops,
      resumable: { state: r.state, bytes_sent: onWire, ratio: onWire / payload, seconds, requests: r.requests },
      naive: { files_delivered: delivered, files: files.length, bytes_sent: naiveSent, ratio: naiveSent / payload, attempts_per_file: 10 },
    };
  } finally {
    proxy.close();
    await server.stop();
  }
}

/** 50 clients at once, each 6 × 4 MiB (+ the small slots), 1 MiB chunks. */
export async function fiftyClients(bin, dist, clients = 50, extra = []) {
  // Fifty clients, one loopback address: the per-address and per-network
  // limits (creations, connections) are for the open internet, not this.
  const server = await startServer(bin, dist, [
    '--create-limit', '100000/100000',
    '--max-connections-per-address', '1024',
    '--max-connections-per-network', '1024',
    ...extra,
  ]);
  try {
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: clients }, () => submit(server.base, payloadFiles(), { chunk: MiB })),
    );
    const seconds = (performance.now() - started) / 1000;
    const ok = results.filter((r) => r.status === 'fulfilled' && r.value.state === 'received').length;
    const s5xx = results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value.status5xx : 0), 0);
    return { clients, succeeded: ok, status_5xx: s5xx, seconds, peak_rss_bytes: server.peakRss() };
  } finally {
    await server.stop();
  }
}

/** Manifest PUTs (new submissions, no uploads), `concurrency` at a time. */
export async function putThroughput(bin, dist, total = 400, concurrency = 8, extra = []) {
  // Throughput, not the flood limits: those are lifted for this run.
  const server = await startServer(bin, dist, ['--create-limit', '1000000/1000000', '--rate-limit', 'manifest=1000000/1000000', ...extra]);
  try {
    const files = payloadFiles().map((f) => ({ ...f, bytes: f.bytes.subarray(0, 1024) }));
    const manifest = JSON.stringify(await manifestFor(server.base, files.map((f) => ({ ...f, sha256: createHash('sha256').update(f.bytes).digest('hex') }))));
    const latencies = [];
    let next = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next += 1;
          const t = performance.now();
          const r = await fetch(`${server.base}/api/v1/submissions/${randomUUID()}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${randomBytes(16).toString('hex')}`, 'content-type': 'application/json' },
            body: manifest,
          });
          await r.arrayBuffer();
          if (r.status !== 201) failed += 1;
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      total,
      concurrency,
      failed,
      requests_per_second: total / seconds,
      p50_ms: median(sorted),
      p99_ms: sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)],
    };
  } finally {
    await server.stop();
  }
}
