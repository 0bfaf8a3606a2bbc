// Writes target/bench/report.md and report.json: every budget of quality.md with
// its measured value and whether it is met (a miss is reported, not hidden).
// Timings are medians of several runs; each shows its spread so a re-run can
// be judged against it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { measureFirstVisit } from './first-visit.mjs';
import { measureLighthouse } from './lighthouse.mjs';
import { measureLoads } from './loads.mjs';
import { heldHeads, signInFlood } from './abuse.mjs';
import { faultLink, fiftyClients, putThroughput } from './protocol.mjs';
import { measureSizes } from './sizes.mjs';
import { withPgS3 } from './pg-s3.mjs';

const root = resolve(import.meta.dirname, '../..');
const out = resolve(root, 'target/bench');
const dist = resolve(root, 'dist');
mkdirSync(out, { recursive: true });
const server = process.env.EPORT_SERVER_BIN ?? resolve(root, 'target/server/eport-server');
const step = (s) => console.error(`[bench] ${s}`);

step('transfer sizes');
const sizes = measureSizes(dist);
step('page loads (cold, offline repeat)');
const loads = await measureLoads(server, dist);
step('first visit: wire bytes, Slow 4G + 4× CPU');
const first = await measureFirstVisit(server, dist);
step('Lighthouse mobile: / and /new');
const lighthouse = await measureLighthouse(server, dist, ['/', '/new'], out);
step('in-browser: autosave, long tasks, 4 MiB attachment');
const pw = spawnSync('npx', ['playwright', 'test', '-c', 'e2e/bench.config.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, EPORT_SERVER_BIN: server, EPORT_DIST_DIR: dist },
});
if (pw.status !== 0) throw new Error('the in-browser benchmarks failed');
const browser = JSON.parse(readFileSync(resolve(out, 'browser.json'), 'utf8'));

// A figure that cannot be true (negative, NaN, no samples) is a measuring bug:
// the bench fails loudly instead of reporting it, met or not.
const sane = (name, values, { positive = true } = {}) => {
  const all = Array.isArray(values) ? values : [values];
  if (all.length === 0) throw new Error(`${name}: no samples`);
  for (const v of all) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (positive && v === 0)) {
      throw new Error(`${name}: impossible value ${v} in ${JSON.stringify(all)}`);
    }
  }
};
sane('first-visit wire bytes, enterprise app', first.enterprise.total);
sane('first-visit wire bytes, staff console', first.staff.total);
sane('tools cached after the first visit, wire bytes', first.enterprise.after.total);
sane('Slow 4G: time to the shell (ms)', first.slow_4g.shell_ms.all);
sane('Slow 4G: time to interactive (ms)', first.slow_4g.interactive_ms.all);
for (const l of lighthouse) sane(`Lighthouse ${l.path}: score`, l.score);
sane('autosave after the last input (ms)', browser.autosave.after_last_input_ms.all);
sane('longest task while typing (ms)', browser.autosave.longest_task_ms.all, { positive: false });
sane('4 MiB attachment (ms)', browser.attachment_4mib.ms.all);
sane('app outbox over the flaky link: bytes sent', browser.app_fault_link.bytes_sent);
sane('app outbox over the flaky link: ratio', browser.app_fault_link.ratio);
sane('a careful review (s)', browser.careful_review.seconds.all);
sane('a full case over a link resetting 20% (s)', browser.flaky_link_20.seconds.all);
sane('a full case over a link resetting 40% (s)', browser.flaky_link_40.seconds.all);
step('6 × 4 MiB over a link that drops every 1 MiB');
const link = await faultLink(server, dist);
step('50 concurrent clients × 6 × 4 MiB');
const load = await fiftyClients(server, dist);
step('manifest PUT throughput');
const puts = await putThroughput(server, dist);
step('the same two on PostgreSQL + S3 (s3s-fs), one process');
const pg = await withPgS3(async (on) => ({
  load: await on((extra) => fiftyClients(server, dist, 50, extra)),
  puts: await on((extra) => putThroughput(server, dist, 400, 8, extra)),
}));
step('300 wrong sign-ins at once from 3 addresses');
const flood = await signInFlood(server, dist);
step('a ping while 9 networks hold 120 half-sent heads each');
const heads = await heldHeads(server, dist);
step('the register of 20,000 submissions, CSV and XLSX (the server test, debug build)');
const registerOut = resolve(out, 'register.json');
const reg = spawnSync('cargo', ['test', '-q', '-p', 'eport-server', '--test', 'register', 'twenty_thousand'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, EPORT_REGISTER_BENCH_OUT: registerOut },
});
if (reg.status !== 0) throw new Error('the register benchmark failed');
const register = JSON.parse(readFileSync(registerOut, 'utf8'));
sane('register: CSV peak RSS', register.csv_peak_rss_bytes);
sane('register: XLSX peak RSS', register.xlsx_peak_rss_bytes);
sane('sign-in flood: peak RSS', flood.peak_rss_bytes);
sane('held heads: ping ms', heads.during_ms.all);
// Argon2 checks at once: the cores, 1 to 4 (staff_auth/checks.rs), 19 MiB each.
const checksAtOnce = Math.min(4, Math.max(1, cpus().length));
const floodAfterLimit = flood.baseline_rss_bytes + checksAtOnce * 19 * 1024 * 1024 + 32 * 1024 * 1024;

// The careful review before #27 cannot be re-run on this code: it was measured
// once on a build of 40054ac, on this machine, minutes apart from the figure
// after, by the same steps (e2e/bench's careful review, with that console's
// controls). A recorded measurement, kept for the ratio.
const CAREFUL_BEFORE = { commit: '40054ac', measured: '2026-12-06', clicks: 10, keys: 8, seconds: 2.05 };
// The app's outbox before #28 (dc6a9df's parent, ee7b48d), measured once on
// this machine by the same bench test with the same seeds: a capped run
// counts as 300 s.
const FLAKY_BEFORE = { commit: 'ee7b48d', measured: '2026-12-06', 20: { median: 16.0, capped: 0 }, 40: { median: 300, capped: 4 } };
const flaky = (share) => {
  const now = browser[`flaky_link_${share}`];
  const before = FLAKY_BEFORE[share];
  return {
    name: `a full case by the app's outbox over a link resetting ${share}% of non-GET API requests while online: seconds from 申报 to 已提交 (median of ${now.runs}, each capped at 5 min${now.capped ? `, ${now.capped} capped` : ''}); before #28 (${FLAKY_BEFORE.commit}): ${before.median} s${before.capped ? `, ${before.capped} of 5 capped` : ''}`,
    value: `${now.seconds.median.toFixed(1)} s`,
    budget: share === 40 ? '< 60 s' : 'report',
    met: now.capped === 0 && (share !== 40 || now.seconds.median < 60),
  };
};
const kb = (n) => (n / 1000).toFixed(1) + ' KB';
const mb = (n) => (n / 1e6).toFixed(1) + ' MB';
const ms = (n) => `${Math.round(n)} ms`;
const spread = (all) => {
  const s = [...all].sort((a, b) => a - b);
  const mid = s[Math.floor(s.length / 2)];
  return { min: s[0], max: s[s.length - 1], band: mid ? (s[s.length - 1] - s[0]) / mid : 0 };
};
const BUDGET_BROTLI = 250_000;
// Medians of three consecutive runs on the shared 2-core machine moved by up
// to this much; a timing closer than that to its budget is flagged.
const NOISE = 0.3;
const verdict = (f) => (!f.met ? '**NO**' : f.limit && f.median > f.limit * (1 - NOISE) ? 'yes, within noise of the budget' : 'yes');
const lh = (path) => lighthouse.find((l) => l.path === path);
const figures = [
  { name: 'first visit, enterprise app: wire bytes until the service worker is installed (precache included)', value: kb(first.enterprise.total), budget: '≤ 450 KB', met: first.enterprise.total <= 450_000 },
  { name: 'then the tools (诊断, 查询办理进度, 打印表格), cached by the service worker once the app runs: wire bytes', value: kb(first.enterprise.after.total), budget: 'report', met: true },
  { name: 'first visit, staff console (/staff): wire bytes', value: kb(first.staff.total), budget: 'report', met: true },
  { name: `Slow 4G + ${first.slow_4g.conditions.cpu_slowdown}× CPU: navigation → the shell (first contentful paint, median of ${first.slow_4g.runs})`, value: ms(first.slow_4g.shell_ms.median), budget: '≤ 1.5 s', limit: 1500, median: first.slow_4g.shell_ms.median, met: first.slow_4g.shell_ms.median <= 1500, all: first.slow_4g.shell_ms.all },
  { name: `Slow 4G + ${first.slow_4g.conditions.cpu_slowdown}× CPU: navigation → interactive (median of ${first.slow_4g.runs})`, value: ms(first.slow_4g.interactive_ms.median), budget: '≤ 5 s', limit: 5000, median: first.slow_4g.interactive_ms.median, met: first.slow_4g.interactive_ms.median <= 5000, all: first.slow_4g.interactive_ms.all },
  { name: `Lighthouse ${lh('/').version} mobile performance, /`, value: lh('/').score.toFixed(2), budget: '≥ 0.90', met: lh('/').score >= 0.9 },
  { name: `Lighthouse ${lh('/new').version} mobile performance, /new`, value: lh('/new').score.toFixed(2), budget: 'report', met: true },
  { name: 'enterprise app files (wasm + js + css), brotli q11 of dist/', value: kb(sizes.app.brotli), budget: '≤ 250 KB', met: sizes.app.brotli <= BUDGET_BROTLI },
  { name: `first load to interactive, cold cache, loopback (median of ${loads.runs})`, value: ms(loads.cold_ms.median), budget: '≤ 400 ms', limit: 400, median: loads.cold_ms.median, met: loads.cold_ms.median <= 400, all: loads.cold_ms.all },
  { name: `repeat load with the network off, service worker (median of ${loads.runs})`, value: ms(loads.offline_repeat_ms.median), budget: '≤ 250 ms', limit: 250, median: loads.offline_repeat_ms.median, met: loads.offline_repeat_ms.median <= 250, all: loads.offline_repeat_ms.all },
  { name: `last input → saved in IndexedDB, on-disk profile (median of ${browser.autosave.runs})`, value: ms(browser.autosave.after_last_input_ms.median), budget: '≤ 500 ms', limit: 500, median: browser.autosave.after_last_input_ms.median, met: browser.autosave.after_last_input_ms.median <= 500, all: browser.autosave.after_last_input_ms.all },
  { name: 'longest main-thread task while typing', value: browser.autosave.longest_task_ms.max ? ms(browser.autosave.longest_task_ms.max) : 'none over 50 ms', budget: 'no task > 50 ms', met: browser.autosave.longest_task_ms.max <= 50 },
  { name: `hash + store a 4 MiB attachment, on-disk profile (median of ${browser.attachment_4mib.runs})`, value: ms(browser.attachment_4mib.ms.median), budget: '≤ 150 ms', limit: 150, median: browser.attachment_4mib.ms.median, met: browser.attachment_4mib.ms.median <= 150, all: browser.attachment_4mib.ms.all },
  { name: `6 × 4 MiB by the app's outbox in Chromium, link dropped every 1 MiB (${browser.app_fault_link.drops} drops): bytes the app sent ÷ payload`, value: `${browser.app_fault_link.ratio.toFixed(3)} (${Math.round(browser.app_fault_link.seconds)} s)`, budget: 'completes, ≤ 1.3', met: browser.app_fault_link.ratio <= 1.3 },
  { name: `a careful review of a full case at 1366×768 (open, claim, 8 scans in compare mode, 5 ticks, approve, next; median of ${browser.careful_review.runs})`, value: `${browser.careful_review.clicks} clicks, ${browser.careful_review.keys} keys, ${browser.careful_review.seconds.median.toFixed(2)} s (${(browser.careful_review.seconds.median / CAREFUL_BEFORE.seconds).toFixed(2)}× the console before)`, budget: 'report', met: true },
  { name: `the same on the console before #27 (${CAREFUL_BEFORE.commit}, measured once ${CAREFUL_BEFORE.measured}; 开始审核, each scan, each tick, 审核通过, 返回列表, the next case by its reference)`, value: `${CAREFUL_BEFORE.clicks} clicks, ${CAREFUL_BEFORE.keys} keys, ${CAREFUL_BEFORE.seconds.toFixed(2)} s`, budget: 'report', met: true },
  flaky(20),
  flaky(40),
  { name: `the same with the Node protocol client (${link.drops} drops): bytes sent ÷ payload`, value: `${link.resumable.ratio.toFixed(3)} (${link.resumable.state})`, budget: 'completes, ≤ 1.3', met: link.resumable.state === 'received' && link.resumable.ratio <= 1.3 },
  { name: `${load.clients} concurrent clients × 6 × 4 MiB: succeeded / 5xx`, value: `${load.succeeded} / ${load.status_5xx}`, budget: `${load.clients} / 0`, met: load.succeeded === load.clients && load.status_5xx === 0 },
  { name: 'server peak RSS during the 50 clients', value: mb(load.peak_rss_bytes), budget: '≤ 150 MB', met: load.peak_rss_bytes <= 150e6 },
  { name: `server RSS under ${flood.requests} wrong staff sign-ins at once from 3 addresses (${Object.entries(flood.statuses).map(([k, v]) => `${v} × ${k}`).join(', ')}): before → peak → 10 s after`, value: `${mb(flood.baseline_rss_bytes)} → ${mb(flood.peak_rss_bytes)} → ${mb(flood.rss_10s_after_bytes)}`, budget: `peak < 268.4 MB (256 MiB); after ≤ ${mb(floodAfterLimit)} (before + ${checksAtOnce} checks × 19 MiB + 32 MiB)`, met: flood.peak_rss_bytes < 256 * 1024 * 1024 && flood.rss_10s_after_bytes <= floodAfterLimit },
  { name: `ping from a fresh network while 9 networks (127.1–9.0.1) hold 120 half-sent heads each (${heads.heads_open} of ${heads.heads_sent} kept open by the server): median of ${heads.runs}, alone before`, value: `${heads.during_ms.median.toFixed(1)} ms (${heads.alone_ms.median.toFixed(1)} ms alone), ${heads.answered_200}/${heads.runs} answered`, budget: `${heads.runs}/${heads.runs} answered`, met: heads.answered_200 === heads.runs },
  { name: `register of ${register.rows} submissions as CSV (${mb(register.csv_bytes)}): server RSS peak over idle (${mb(register.idle_rss_bytes)})`, value: `+${mb(register.csv_peak_rss_bytes - register.idle_rss_bytes)}`, budget: '< +64 MiB', met: register.csv_peak_rss_bytes < register.idle_rss_bytes + 64 * 1024 * 1024 },
  { name: `the same as XLSX with personal data (${mb(register.xlsx_bytes)}, constant-memory mode)`, value: `+${mb(register.xlsx_peak_rss_bytes - register.idle_rss_bytes)}`, budget: '< +128 MiB', met: register.xlsx_peak_rss_bytes < register.idle_rss_bytes + 128 * 1024 * 1024 },
  { name: `统计 of the same ${register.rows} submissions (all waiting: each one's wait in business days): one request`, value: `${register.statistics_ms} ms`, budget: 'report', met: true },
  { name: `manifest PUT, ${puts.concurrency} at a time: requests/s, p50, p99`, value: `${Math.round(puts.requests_per_second)}/s, ${puts.p50_ms.toFixed(1)} ms, ${puts.p99_ms.toFixed(1)} ms`, budget: 'report', met: puts.failed === 0 },
  { name: `PostgreSQL + S3: ${pg.load.clients} clients × 6 × 4 MiB: succeeded / 5xx`, value: `${pg.load.succeeded} / ${pg.load.status_5xx}`, budget: `${pg.load.clients} / 0`, met: pg.load.succeeded === pg.load.clients && pg.load.status_5xx === 0 },
  { name: 'PostgreSQL + S3: server peak RSS during the 50 clients', value: mb(pg.load.peak_rss_bytes), budget: '≤ 150 MB', met: pg.load.peak_rss_bytes <= 150e6 },
  { name: `PostgreSQL + S3: manifest PUT, ${pg.puts.concurrency} at a time: requests/s, p50, p99`, value: `${Math.round(pg.puts.requests_per_second)}/s, ${pg.puts.p50_ms.toFixed(1)} ms, ${pg.puts.p99_ms.toFixed(1)} ms (${(pg.puts.requests_per_second / puts.requests_per_second).toFixed(2)}× SQLite's)`, budget: 'report', met: pg.puts.failed === 0 },
];

const report = {
  generated_at: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  sizes,
  loads,
  first_visit: first,
  lighthouse,
  browser,
  fault_link: link,
  fifty_clients: load,
  manifest_puts: puts,
  postgres_s3: pg,
  sign_in_flood: flood,
  register,
  held_heads: heads,
  figures: figures.map((f) => ({ ...f, ...(f.all ? { spread: spread(f.all) } : {}) })),
};
writeFileSync(resolve(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');

const lines = [
  '# E-Port Desk benchmark report',
  '',
  `Generated ${report.generated_at} on ${report.machine.cpus} × ${report.machine.model}, release builds, loopback, headless Chromium.`,
  '',
  '## Budgets',
  '',
  '| figure | value | budget | met | spread (min–max, band) |',
  '|---|---|---|---|---|',
  ...report.figures.map((f) => `| ${f.name} | ${f.value} | ${f.budget} | ${verdict(f)} | ${f.spread ? `${ms(f.spread.min)}–${ms(f.spread.max)}, ±${Math.round((f.spread.band * 100) / 2)}%` : ''} |`),
  '',
  'The band is (max − min) ÷ median of the runs behind a median. Re-running on the shared',
  `2-core machine moved timing medians by up to ${NOISE * 100}%; a timing met by less than that`,
  'margin is marked "within noise"; PUT throughput moved by up to 40%. Sizes and counts are',
  'exact for a given build; the flaky-link ratio varies slightly with where the drops fall.',
  '',
  '## Resumable uploads against a naive re-sender',
  '',
  `Payload ${mb(link.payload_bytes)} (6 × 4 MiB and 2 small scans). The link drops every 1 MiB of request body.`,
  `- Protocol v1 (256 KiB chunks, resume from the server's offset): ${mb(link.resumable.bytes_sent)} on the wire, ` +
    `${link.resumable.ratio.toFixed(3)} × payload, ${link.resumable.requests} requests, ${link.resumable.seconds.toFixed(1)} s.`,
  `- Naive whole-file re-send (10 attempts a file): ${link.naive.files_delivered} of ${link.naive.files} files delivered, ` +
    `${mb(link.naive.bytes_sent)} on the wire (${link.naive.ratio.toFixed(2)} × payload); a 4 MiB file can never cross this link whole.`,
  '',
  '## Load',
  '',
  `${load.clients} clients at once, 1 MiB chunks: ${load.succeeded} received, ${load.status_5xx} answers 5xx, ${load.seconds.toFixed(1)} s, server peak RSS ${mb(load.peak_rss_bytes)}.`,
  `Manifest PUTs: ${puts.total} new submissions, ${puts.concurrency} at a time, ${puts.failed} failed; ${Math.round(puts.requests_per_second)} requests/s, p50 ${puts.p50_ms.toFixed(1)} ms, p99 ${puts.p99_ms.toFixed(1)} ms (SQLite WAL, synchronous=FULL).`,
  `On PostgreSQL 15 (the tests' throwaway cluster: fsync off, so its figures are an upper bound) + s3s-fs: ${pg.load.succeeded} of ${pg.load.clients} clients received, ${pg.load.status_5xx} answers 5xx, ${pg.load.seconds.toFixed(1)} s, peak RSS ${mb(pg.load.peak_rss_bytes)}; manifest PUTs ${Math.round(pg.puts.requests_per_second)} requests/s, p50 ${pg.puts.p50_ms.toFixed(1)} ms, p99 ${pg.puts.p99_ms.toFixed(1)} ms.`,
  '',
  '## Page loads',
  '',
  `Every run, ms from navigation start to the home page's heading in the DOM: cold ${loads.cold_ms.all.map(Math.round).join(', ')}; ` +
    `offline repeat ${loads.offline_repeat_ms.all.map(Math.round).join(', ')}. ` +
    `Offline repeat ÷ cold (medians): ${(loads.offline_repeat_ms.median / loads.cold_ms.median).toFixed(2)}.`,
  '',
  '## First visit on a slow link',
  '',
  `Wire bytes are what Chromium received (CDP encodedDataLength: headers + body as sent), from navigation until the`,
  `service worker is active. Slow 4G = ${first.slow_4g.conditions.downloadThroughput * 8 / 1e6} Mbps down, ${first.slow_4g.conditions.uploadThroughput * 8 / 1e3} kbps up, ${first.slow_4g.conditions.latency} ms RTT (CDP), ${first.slow_4g.conditions.cpu_slowdown}× CPU.`,
  `Every run, ms: shell ${first.slow_4g.shell_ms.all.map(Math.round).join(', ')}; interactive ${first.slow_4g.interactive_ms.all.map(Math.round).join(', ')}.`,
  '',
  ...[
    { ...first.enterprise, title: 'Enterprise app (/), until the service worker is installed' },
    { ...first.enterprise.after, title: 'Then the tools, cached by the service worker once the app runs' },
    { ...first.staff, title: 'Staff console (/staff)' },
  ].flatMap((v) => [
    `### ${v.title}: ${kb(v.total)}`,
    '',
    '| file | by | status | encoding | wire |',
    '|---|---|---:|---|---:|',
    ...v.files.map((f) => `| ${f.url} | ${f.by} | ${f.status} | ${f.encoding || 'none'} | ${kb(f.bytes)} |`),
    '',
  ]),
  '### Lighthouse (mobile, simulated Slow 4G, 4× CPU)',
  '',
  '| path | score | FCP | LCP | TBT | CLS | Speed Index | transfer |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...lighthouse.map((l) => `| ${l.path} | ${l.score.toFixed(2)} | ${ms(l.fcp_ms)} | ${ms(l.lcp_ms)} | ${ms(l.tbt_ms)} | ${l.cls.toFixed(3)} | ${ms(l.speed_index_ms)} | ${kb(l.transfer_bytes)} |`),
  '',
  `Full reports: ${lighthouse.map((l) => l.report).join(', ')}.`,
  '',
  '## Shipped files (dist/)',
  '',
  '| file | raw | gzip -9 | brotli q11 |',
  '|---|---:|---:|---:|',
  ...sizes.files.map((f) => `| ${f.file} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`),
  `| **total** | ${kb(sizes.total.raw)} | ${kb(sizes.total.gzip)} | ${kb(sizes.total.brotli)} |`,
  `| wasm + js + css | ${kb(sizes.app.raw)} | ${kb(sizes.app.gzip)} | ${kb(sizes.app.brotli)} |`,
  '',
];
writeFileSync(resolve(out, 'report.md'), lines.join('\n'));
console.log(lines.join('\n'));
const missed = figures.filter((f) => !f.met);
console.log(missed.length ? `Budgets missed: ${missed.map((f) => f.name).join('; ')}` : 'Every budget met.');
